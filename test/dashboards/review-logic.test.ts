import { describe, expect, it } from 'vitest';
import { can, csrfMatches, SessionStore } from '../../dashboards/auth.js';
import { markSpans } from '../../dashboards/pages.js';
import { narrativeKey } from '../../dashboards/queue.js';
import { currentState, hashPassword, verifyPassword, type ReviewEntry } from '../../dashboards/store.js';

const entry = (action: ReviewEntry['action'], extra: Partial<ReviewEntry> = {}, at = '2025-03-21T08:00:00.000Z'): ReviewEntry => ({
  id: at + action,
  flagId: 'f',
  action,
  by: 'lan',
  at,
  ...extra,
});

describe('Dashboards > review logic', () => {
  it('hashes passwords with scrypt and a random salt, and verifies only the right one', async () => {
    const a = await hashPassword('Mật khẩu dài 123');
    const b = await hashPassword('Mật khẩu dài 123');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('Mật khẩu dài 123', a)).toBe(true);
    // NFD input is the same password as NFC.
    expect(await verifyPassword('Mật khẩu dài 123'.normalize('NFD'), a)).toBe(true);
    expect(await verifyPassword('Mat khau dai 123', a)).toBe(false);
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
  });

  it('takes the status from the latest decision; notes and assignments do not change it', () => {
    expect(currentState([])).toEqual({ status: 'open' });
    const state = currentState([
      entry('confirm', { verdict: 'false' }, '2025-03-21T08:00:00.000Z'),
      entry('note', { note: 'xem lại' }, '2025-03-21T09:00:00.000Z'),
      entry('assign', { assignee: 'minh' }, '2025-03-21T10:00:00.000Z'),
    ]);
    expect(state).toMatchObject({ status: 'confirmed', verdict: 'false', assignee: 'minh', decidedAt: '2025-03-21T08:00:00.000Z' });
    expect(currentState([entry('confirm', { verdict: 'scam' }), entry('dismiss', {}, '2025-03-22T00:00:00.000Z')])).toMatchObject({
      status: 'dismissed',
      verdict: undefined,
    });
  });

  it('groups claims that differ only by diacritics, case, spacing and punctuation', () => {
    expect(narrativeKey('Công an  yêu cầu chuyển tiền!')).toBe(narrativeKey('cong an yeu cau chuyen tien.'));
    expect(narrativeKey('Công an yêu cầu chuyển tiền')).not.toBe(narrativeKey('Công an không yêu cầu chuyển tiền'));
  });

  it('groups claims that differ only by the i/y spelling of a syllable', () => {
    expect(narrativeKey('Kỳ họp thứ 5 phạt 2 tỷ đồng, Mỹ')).toBe(narrativeKey('kì họp thứ 5 phạt 2 tỉ đồng, Mĩ'));
  });

  it('escapes text around marked spans and skips spans out of range or overlapping', () => {
    const text = 'Phạt <b>2 triệu</b> đồng';
    expect(markSpans(text, [{ text: '2 triệu', start: 8, end: 15 }])).toBe('Phạt &lt;b&gt;<mark>2 triệu</mark>&lt;/b&gt; đồng');
    expect(markSpans(text, [{ text: 'x', start: 20, end: 40 }])).toBe('Phạt &lt;b&gt;2 triệu&lt;/b&gt; đồng');
    expect(
      markSpans('abcdef', [
        { text: 'bcd', start: 1, end: 4 },
        { text: 'cde', start: 2, end: 5 },
      ]),
    ).toBe('a<mark>bcd</mark>ef');
  });

  it('grants permissions by role and checks CSRF tokens against the session', () => {
    expect(can('press', 'review:write')).toBe(false);
    expect(can('analyst', 'users:manage')).toBe(false);
    expect(can('admin', 'users:manage')).toBe(true);
    expect(can('supervisor', 'trends:read')).toBe(true);
    const store = new SessionStore(60_000);
    const s = store.create('lan', 'analyst');
    expect(store.get(s.id)?.user).toBe('lan');
    expect(csrfMatches(s, s.csrfToken)).toBe(true);
    expect(csrfMatches(s, undefined)).toBe(false);
    expect(csrfMatches(s, `${s.csrfToken}x`)).toBe(false);
    const shortLived = new SessionStore(-1);
    const expired = shortLived.create('lan', 'analyst');
    expect(shortLived.get(expired.id)).toBeUndefined();
  });
});
