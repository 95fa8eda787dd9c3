/**
 * `sentinel flags docs.jsonl` without statements: the pipeline's claim extraction, frames,
 * scoring and flag policy on a file, one JSON line per input line in input order, a rejected
 * line answered with its number and said on stderr, and the exit code saying some were rejected.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../core/errors.js';
import { runSentinel } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'sentinel-flags-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LINES = [
  JSON.stringify({
    id: 'post-1',
    kind: 'social',
    text: '[VNeID] Tài khoản định danh của bạn sẽ bị khóa trong 24h. Truy cập https://vneid-capnhat.xyz để cập nhật ngay.',
  }),
  // A news report of the same rumour, which the police call false: news, not the rumour.
  JSON.stringify({
    id: 'news-1',
    text: 'Trên mạng xã hội lan truyền thông tin cho rằng tài khoản VNeID sẽ bị khóa nếu không cập nhật trước ngày 30/6. Công an tỉnh khẳng định đây là thông tin sai sự thật.',
  }),
  'not json',
  JSON.stringify({ id: 'no-text' }),
];

describe('CLI > sentinel flags', () => {
  it('answers every line in order: a scam post flagged with its evidence, a news report of the rumour not, bad lines by number', async () => {
    const file = join(dir, 'docs.jsonl');
    writeFileSync(file, `${LINES.join('\n')}\n`);
    const run = await runSentinel(['flags', file]);
    expect(run.status).toBe(EXIT.BAD_INPUT);
    const out = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out.map((o) => o.id)).toEqual(['post-1', 'news-1', null, 'no-text']);

    const [post, news, notJson, noText] = out as [
      { flags: { frame: string; reasons: { kind: string; indicators?: { value: string }[] }[]; campaign?: string }[] },
      { claims: number; flags: unknown[] },
      Record<string, unknown>,
      Record<string, unknown>,
    ];
    const flag = post.flags[0];
    expect(flag?.frame).toBe('asserts');
    expect(flag?.reasons.map((r) => r.kind)).toEqual(['scam-message']);
    expect(flag?.reasons[0]?.indicators?.map((i) => i.value)).toContain('vneid-capnhat.xyz');
    expect(flag?.campaign).toBe('domain:vneid-capnhat.xyz');
    expect(news.claims).toBeGreaterThan(0);
    expect(news.flags).toEqual([]);
    expect(notJson).toEqual({ id: null, line: 3, error: 'not valid JSON' });
    expect(noText).toMatchObject({ id: 'no-text', line: 4 });

    expect(run.stderr).toContain(`${file}:3: not valid JSON`);
    expect(run.stderr).toContain(`${file}:4: text: Required`);
    // The summary once, even when one batch held everything.
    expect(run.stderr.match(/2 documents, 1 with flags, 2 rejected/gu)).toHaveLength(1);
  });

  it('exits 4 before anything starts on a file that is not there', async () => {
    const run = await runSentinel(['flags', join(dir, 'missing.jsonl')]);
    expect(run.status).toBe(EXIT.BAD_INPUT);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^sentinel flags: .*missing\.jsonl/u);
  });
});
