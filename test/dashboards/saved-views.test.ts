/**
 * Saved views and alerts: a signed-in user saves the filter a page shows under a name (the page's
 * own form, with the session's CSRF token), finds it in their list, opens and deletes it, and makes
 * it an alert that lists the flags matching it that were scored since it was last checked. Each
 * user sees and changes only their own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flag } from '../../core/contracts.js';
import { indexNames } from '../../core/names.js';
import { buildDashboardApp } from '../../dashboards/app.js';
import { createUser, ensureDashboardIndices, listUsers, MAX_VIEWS, type SavedView } from '../../dashboards/store.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices, ensureIndices } from '../../platform/elasticsearch/indices.js';
import { isolatedConfig } from '../helpers.js';
import { flagReadsOf, indexFlags, signIn as signInAs, type SignedIn } from './fixtures.js';

const config = isolatedConfig('saved-views');
const names = indexNames(config.namespace);
const es = createElasticsearchClient(config);
// Every request of the app's noted: the navigation's count must read no flag whole.
const recorded = flagReadsOf(es, names);
const app = buildDashboardApp({ es: recorded.client, names, loginRateLimit: { max: 50, timeWindowMs: 60_000 }, queueCacheMs: 0 });
const PASSWORD = 'mat-khau-rat-dai-8';

function flag(id: string, topic: string, createdAt: string): Flag {
  return {
    id,
    claimId: `c-${id}`,
    claimText: `Tin đồn ${id}: phạt nguội ${id.length * 700} xe máy trong tháng.`,
    url: `https://trang-${id}.example.vn/bai`,
    sourceId: `trang-${id}`,
    sourceKind: 'social',
    publishedAt: null,
    score: 0.6,
    signals: [],
    matches: [],
    topics: [topic],
    createdAt,
  };
}

const who: Record<string, SignedIn> = {};
async function signIn(name: string): Promise<void> {
  who[name] = await signInAs(app, name, PASSWORD);
}
const get = (name: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie: who[name]?.cookie ?? '' } });
const form = (name: string, url: string, fields: Record<string, string>, csrf = true) =>
  app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams({ ...(csrf ? { _csrf: who[name]?.csrf ?? '' } : {}), ...fields }).toString(),
    headers: { cookie: who[name]?.cookie ?? '', 'content-type': 'application/x-www-form-urlencoded' },
  });
const views = async (name: string) => (await get(name, '/api/views')).json<{ views: SavedView[] }>().views;
/** The claims an alert's section lists, and its count. */
function alertOn(html: string, viewId: string): { count: string; flags: string[] } | undefined {
  const section = new RegExp(`<section class="alert" data-view="${viewId}"[\\s\\S]*?</section>`).exec(html)?.[0];
  if (!section) return undefined;
  return {
    count: /<strong class="count">([^<]+)<\/strong>/.exec(section)?.[1] ?? '',
    flags: [...section.matchAll(/<li data-flag="([^"]+)">/g)].map((m) => m[1] ?? ''),
  };
}
const navAlerts = (html: string) => Number(/id="nav-alerts">[^<]*<span class="badge">(\d+)<\/span>/.exec(html)?.[1] ?? 0);

describe('Dashboards > saved views and alerts', () => {
  beforeAll(async () => {
    await ensureIndices(es, names);
    await ensureDashboardIndices(es, names);
    await indexFlags(es, names, [
      flag('old', 'traffic-safety', '2025-03-01T00:00:00.000Z'),
      flag('other', 'citizen-id', '2025-03-01T00:00:00.000Z'),
    ]);
    for (const [name, role] of [
      ['lan', 'analyst'],
      ['minh', 'supervisor'],
      ['hoa', 'press'],
      ['tuan', 'analyst'],
    ] as const)
      await createUser(es, names, name, role, PASSWORD);
    for (const name of ['lan', 'minh', 'hoa', 'tuan']) await signIn(name);
  });
  afterAll(async () => {
    await app.close();
    await deleteIndices(es, names);
    await es.close();
  });

  it('saves the filter a page shows under a name, lists it, opens it, and keeps it to its owner', async () => {
    // The queue's own form carries its filters and the CSRF token.
    const queue = (await get('lan', '/queue?topic=traffic-safety&status=open')).body;
    const saveForm = /<form method="post" action="\/api\/views" class="save-view[^>]*>[\s\S]*?<\/form>/.exec(queue)?.[0] ?? '';
    expect(saveForm).toContain('<input type="hidden" name="search" value="topic=traffic-safety&amp;status=open">');
    expect(saveForm).toContain('<label for="view-name">Tên bộ lọc</label>');
    expect(
      (await form('lan', '/api/views', { name: 'Giao thông chưa xử lý', page: 'queue', search: 'topic=traffic-safety&status=open' }, false))
        .statusCode,
    ).toBe(403);
    const saved = await form('lan', '/api/views', {
      name: 'Giao thông chưa xử lý',
      page: 'queue',
      search: 'status=open&topic=traffic-safety&size=50',
    });
    expect(saved.statusCode).toBe(303);
    const [view] = await views('lan');
    expect(view).toMatchObject({
      owner: 'lan',
      name: 'Giao thông chưa xử lý',
      page: 'queue',
      search: 'topic=traffic-safety&status=open',
      alert: false,
    });
    expect(saved.headers.location).toBe(`/views?saved=${view?.id}`);
    const list = (await get('lan', saved.headers.location as string)).body;
    expect(list).toContain('<p role="status" id="views-done">Đã lưu bộ lọc «Giao thông chưa xử lý».</p>');
    expect(list).toContain('Hàng đợi rà soát · Chủ đề: An toàn giao thông · Trạng thái: Chưa xử lý');
    expect(list).toContain('<a href="/queue?topic=traffic-safety&amp;status=open" class="open-view">');
    expect((await get('lan', '/views?lang=en')).body).toContain('Review queue · Topic: Traffic safety · Status: Open');
    // The trends' form too, for a supervisor; an analyst may not save what they may not open.
    expect(
      (await form('minh', '/api/views', { name: 'Mạng xã hội 7 ngày', page: 'trends', search: 'days=7&sourceKind=social' })).statusCode,
    ).toBe(303);
    expect((await views('minh')).map((v) => [v.page, v.search])).toEqual([['trends', 'days=7&sourceKind=social']]);
    expect((await form('lan', '/api/views', { name: 'x', page: 'trends', search: 'days=7' })).statusCode).toBe(403);
    // Refused, with the reason beside the list: no name, a filter the page refuses, a source no flag comes from.
    const noName = await form('lan', '/api/views', { name: '  ', page: 'queue', search: '' });
    expect(noName.statusCode).toBe(400);
    expect(noName.body).toContain('Hãy đặt tên cho bộ lọc (tối đa 80 ký tự).');
    const badStatus = await form('lan', '/api/views', { name: 'Sai', page: 'queue', search: 'status=xong' });
    expect(badStatus.statusCode).toBe(400);
    expect(badStatus.body).toContain('<code class="parameter">status</code>');
    const api = await app.inject({
      method: 'POST',
      url: '/api/views',
      payload: { name: 'Nguồn lạ', page: 'queue', search: 'source=khong-co' },
      headers: { cookie: who.lan?.cookie ?? '', 'x-csrf-token': who.lan?.csrf ?? '' },
    });
    expect(api.statusCode).toBe(400);
    expect(api.json()).toMatchObject({ parameter: 'source', value: 'khong-co' });
    expect(await views('lan')).toHaveLength(1);
    // Nobody else sees or changes lan's view; a press officer has no views at all. Views are not accounts.
    expect((await get('minh', '/views')).body).not.toContain('Giao thông chưa xử lý');
    expect((await form('minh', `/api/views/${view?.id}/delete`, {})).statusCode).toBe(404);
    expect((await form('minh', `/api/views/${view?.id}/alert`, { alert: 'on' })).statusCode).toBe(404);
    expect(await views('lan')).toHaveLength(1);
    expect((await get('hoa', '/views')).statusCode).toBe(403);
    expect((await listUsers(es, names)).map((u) => u.name)).toEqual(['hoa', 'lan', 'minh', 'tuan']);
  });

  it('makes a view an alert that lists the new matching flags until it is checked, then deletes it', async () => {
    const [view] = await views('lan');
    const id = view?.id ?? '';
    expect(alertOn((await get('lan', '/alerts')).body, id)).toBeUndefined();
    expect((await form('lan', `/api/views/${id}/alert`, { alert: 'on' })).headers.location).toBe('/views');
    const [alert] = await views('lan');
    expect(alert?.alert).toBe(true);
    // What was there before the alert is not new to it.
    expect(alertOn((await get('lan', '/alerts')).body, id)).toEqual({ count: '0', flags: [] });
    // Scored just after the alert was turned on (and before the page below is drawn).
    const later = (ms: number) => new Date(Date.parse(alert?.checkedAt ?? '') + ms).toISOString();
    await indexFlags(es, names, [
      flag('new1', 'traffic-safety', later(1)),
      flag('new2', 'traffic-safety', later(2)),
      flag('new-other-topic', 'citizen-id', later(3)),
      flag('new-reviewed', 'traffic-safety', later(4)),
    ]);
    // Confirmed, it is no longer "open": the alert keeps the view's status.
    const confirmed = await app.inject({
      method: 'POST',
      url: '/api/flags/new-reviewed/actions',
      payload: { action: 'confirm', verdict: 'false' },
      headers: { cookie: who.lan?.cookie ?? '', 'x-csrf-token': who.lan?.csrf ?? '' },
    });
    expect(confirmed.statusCode).toBe(201);
    const page = (await get('lan', '/alerts')).body;
    expect(alertOn(page, id)).toEqual({ count: '2', flags: ['new2', 'new1'] });
    expect(page).toContain('<span class="query">Hàng đợi rà soát · Chủ đề: An toàn giao thông · Trạng thái: Chưa xử lý</span>');
    expect(navAlerts(page)).toBe(2);
    expect(navAlerts((await get('lan', '/queue')).body)).toBe(2);
    // On a page that lists no flag the count is the same, read from the flags' ids and the audit trail alone.
    recorded.reads.length = 0;
    expect(navAlerts((await get('lan', '/views')).body)).toBe(2);
    expect(recorded.reads).toEqual([]);
    expect(navAlerts((await get('minh', '/trends')).body)).toBe(0);
    expect((await get('lan', '/api/alerts')).json<{ alerts: { total: number }[] }>().alerts.map((a) => a.total)).toEqual([2]);

    // Checked through the moment the page was drawn: a flag scored after that stays new.
    const through = /<input type="hidden" name="through" value="([^"]+)">/.exec(page)?.[1] ?? '';
    await indexFlags(es, names, [flag('while-reading', 'traffic-safety', new Date(Date.parse(through) + 500).toISOString())]);
    const checked = await form('lan', `/api/views/${id}/checked`, { through });
    expect(checked.headers.location).toBe(`/alerts?checked=${id}`);
    const after = (await get('lan', checked.headers.location as string)).body;
    expect(after).toContain('<p role="status" id="alerts-done">Đã đánh dấu đã xem «Giao thông chưa xử lý».</p>');
    expect(alertOn(after, id)).toEqual({ count: '1', flags: ['while-reading'] });
    expect(navAlerts(after)).toBe(1);
    // The mark never goes back.
    await form('lan', `/api/views/${id}/checked`, { through: '2025-01-01T00:00:00.000Z' });
    expect(alertOn((await get('lan', '/alerts')).body, id)?.count).toBe('1');

    // Turned off, it is not counted; deleted, it is gone from both pages.
    await form('lan', `/api/views/${id}/alert`, { alert: 'off' });
    expect(navAlerts((await get('lan', '/queue')).body)).toBe(0);
    const deleted = await form('lan', `/api/views/${id}/delete`, {});
    expect(deleted.headers.location).toBe('/views?deleted=Giao%20th%C3%B4ng%20ch%C6%B0a%20x%E1%BB%AD%20l%C3%BD');
    const list = (await get('lan', deleted.headers.location as string)).body;
    expect(list).toContain('Đã xóa bộ lọc «Giao thông chưa xử lý».');
    expect(list).toContain('id="no-views"');
    expect((await get('lan', '/alerts')).body).toContain('id="no-alerts"');
  });
  it('counts a re-scored flag once: written again, it keeps when it was first raised', async () => {
    await indexFlags(es, names, [flag('rescored', 'online-fraud', '2025-03-02T00:00:00.000Z')]);
    expect((await form('minh', '/api/views', { name: 'Lừa đảo', page: 'trends', search: 'topic=online-fraud' })).statusCode).toBe(303);
    const view = (await views('minh')).find((v) => v.name === 'Lừa đảo');
    const id = view?.id ?? '';
    await form('minh', `/api/views/${id}/alert`, { alert: 'on' });
    const on = (await views('minh')).find((v) => v.id === id);
    const later = (ms: number) => new Date(Date.parse(on?.checkedAt ?? '') + ms).toISOString();
    expect(alertOn((await get('minh', '/alerts')).body, id)).toEqual({ count: '0', flags: [] });
    // A statement arrives and the claim is scored again: the flag is written anew, with a new createdAt.
    const old = flag('rescored', 'online-fraud', later(1));
    await indexFlags(es, names, [{ ...old, score: 0.9 }]);
    const stored = await es.get<{ createdAt: string; firstFlaggedAt?: string; score: number }>({ index: names.flags, id: 'rescored' });
    expect(stored._source).toMatchObject({ createdAt: later(1), firstFlaggedAt: '2025-03-02T00:00:00.000Z', score: 0.9 });
    expect(alertOn((await get('minh', '/alerts')).body, id)).toEqual({ count: '0', flags: [] });
    // A claim flagged for the first time after the alert is new to it, and stays counted once when re-scored.
    await indexFlags(es, names, [flag('fresh', 'online-fraud', later(2))]);
    await indexFlags(es, names, [{ ...flag('fresh', 'online-fraud', later(3)), score: 0.7 }]);
    expect(alertOn((await get('minh', '/alerts')).body, id)).toEqual({ count: '1', flags: ['fresh'] });
    // The navigation bar counts it once too, without reading a flag (no review status: Elasticsearch counts).
    recorded.reads.length = 0;
    expect(navAlerts((await get('minh', '/views')).body)).toBe(1);
    expect(recorded.reads).toEqual([]);
    await form('minh', `/api/views/${id}/delete`, {});
  });

  it('keeps at most 100 views per user, and says so', async () => {
    await es.bulk({
      refresh: true,
      operations: Array.from({ length: MAX_VIEWS }, (_, i) => {
        const id = i.toString(16).padStart(16, '0');
        return [
          { index: { _index: names.users, _id: `view:${id}` } },
          {
            kind: 'view',
            id,
            owner: 'tuan',
            name: `Bộ lọc ${i}`,
            page: 'queue',
            search: '',
            createdAt: new Date(i).toISOString(),
            alert: false,
          },
        ];
      }).flat(),
    });
    const refused = await form('tuan', '/api/views', { name: 'Một nữa', page: 'queue', search: '' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('Mỗi người dùng lưu tối đa 100 bộ lọc.');
    expect(await views('tuan')).toHaveLength(MAX_VIEWS);
    // Another user's count is their own.
    expect((await form('minh', '/api/views', { name: 'Thêm', page: 'queue', search: '' })).statusCode).toBe(303);
  });
});
