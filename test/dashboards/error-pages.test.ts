/**
 * A person who follows a link gets a page, not raw JSON: a role that may not see a page, a claim
 * that does not exist, an unknown address, a filter that cannot be honoured and a failure behind
 * the page answer in HTML with a way on, while the API keeps answering JSON; neither shows
 * Elasticsearch's text; a failed login shows the form again with the name kept, never the password.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexNames } from '../../core/names.js';
import { buildDashboardApp } from '../../dashboards/app.js';
import { createUser, ensureDashboardIndices } from '../../dashboards/store.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices, ensureIndices } from '../../platform/elasticsearch/indices.js';
import type { Flag } from '../../core/contracts.js';
import type { QueueItem } from '../../dashboards/queue.js';
import { isolatedConfig } from '../helpers.js';
import { indexFlags, sessionCookie } from './fixtures.js';

const config = isolatedConfig('error-pages');
const names = indexNames(config.namespace);
const es = createElasticsearchClient(config);
const app = buildDashboardApp({ es, names, loginRateLimit: { max: 50, timeWindowMs: 60_000 } });
const PASSWORD = 'mat-khau-rat-dai-4';
const cookies: Record<string, string> = {};
// The same app on indices that were never created: every flag search fails in Elasticsearch.
const brokenNames = indexNames(`${config.namespace}khong-co-chi-muc.`);
const broken = buildDashboardApp({ es, names: brokenNames, loginRateLimit: { max: 50, timeWindowMs: 60_000 } });

const FLAG: Flag = {
  id: 'e1',
  claimId: 'c-e1',
  claimText: 'Công an sẽ phạt người chưa gắn chip căn cước trước tháng sau.',
  url: 'https://trang-e.example.vn/e1',
  sourceId: 'trang-e',
  sourceKind: 'social',
  publishedAt: '2025-03-21T08:30:00.000Z',
  score: 0.7,
  signals: [],
  matches: [],
  topics: ['citizen-id'],
  createdAt: '2025-03-22T09:00:00.000Z',
};

describe('Dashboards > errors a person can read', () => {
  beforeAll(async () => {
    await ensureIndices(es, names);
    await ensureDashboardIndices(es, names);
    await createUser(es, names, 'an', 'analyst', PASSWORD);
    await createUser(es, names, 'binh', 'press', PASSWORD);
    cookies.analyst = await sessionCookie(app, 'an', PASSWORD);
    cookies.press = await sessionCookie(app, 'binh', PASSWORD);
    await indexFlags(es, names, [FLAG]);
    await ensureDashboardIndices(es, brokenNames);
    await createUser(es, brokenNames, 'an', 'analyst', PASSWORD);
    cookies.broken = await sessionCookie(broken, 'an', PASSWORD);
  });
  afterAll(async () => {
    await app.close();
    await broken.close();
    await deleteIndices(es, brokenNames);
    await deleteIndices(es, names);
    await es.close();
  });

  it('answers a page its role may not see, a missing claim and an unknown address with a page', async () => {
    const forbidden = await app.inject({ method: 'GET', url: '/queue', headers: { cookie: cookies.press } });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.headers['content-type']).toMatch(/^text\/html/);
    expect(forbidden.body).toContain('role="alert"');
    expect(forbidden.body).toContain('href="/statements"'); // the navigation of the signed-in press officer
    const missing = await app.inject({ method: 'GET', url: '/claims/khong-co', headers: { cookie: cookies.analyst } });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('Không có trang hoặc mục này.');
    const unknown = await app.inject({ method: 'GET', url: '/khong-co-trang?lang=en' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('No such page or item.');
  });

  it('keeps JSON for programs', async () => {
    const api = await app.inject({ method: 'GET', url: '/api/queue', headers: { cookie: cookies.press } });
    expect(api.statusCode).toBe(403);
    expect(api.json()).toEqual({ error: 'role press may not queue:read' });
    const unknown = await app.inject({ method: 'GET', url: '/api/khong-co' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ error: 'not found' });
  });

  it('refuses a filter it cannot honour with a page naming the parameter, never dropping the other filters in silence', async () => {
    for (const [query, parameter, value] of [
      ['from=2025-02-30&topic=citizen-id', 'from', '2025-02-30'],
      ['from=21/03/2025', 'from', '21/03/2025'],
      ['to=2025-13-01', 'to', '2025-13-01'],
      ['from=2025-03-22&to=2025-03-21', 'to', '2025-03-21'],
      ['topic=khong-co-chu-de', 'topic', 'khong-co-chu-de'],
      ['source=khong-co-nguon', 'source', 'khong-co-nguon'],
      ['status=xong', 'status', 'xong'],
    ] as const) {
      const page = await app.inject({ method: 'GET', url: `/queue?${query}`, headers: { cookie: cookies.analyst } });
      expect([query, page.statusCode, page.headers['content-type']]).toEqual([query, 400, 'text/html; charset=utf-8']);
      expect(page.body).toContain(`<p role="alert">Tham số <code class="parameter">${parameter}</code> (giá trị «${value}») không hợp lệ`);
      expect(page.body).toContain('<a href="/queue">Bỏ bộ lọc</a>');
      expect(page.body).toContain('<form method="post" action="/logout">'); // the signed-in navigation
      expect(page.body).not.toMatch(/exception|parse_exception|Elasticsearch/i);
    }
    const en = await app.inject({ method: 'GET', url: '/queue?lang=en&from=2025-02-30', headers: { cookie: cookies.analyst } });
    expect(en.body).toContain(
      'The parameter <code class="parameter">from</code> (value «2025-02-30») is not valid: must be a real day written YYYY-MM-DD (for example 2025-03-21).',
    );
    // The value is text, never markup.
    const markup = await app.inject({
      method: 'GET',
      url: `/queue?from=${encodeURIComponent('<b>x</b>')}`,
      headers: { cookie: cookies.analyst },
    });
    expect(markup.body).toContain('«&lt;b&gt;x&lt;/b&gt;»');
    // Valid filters still apply: on the publish day in Viet Nam, the topic, the source.
    const kept = await app.inject({
      method: 'GET',
      url: '/queue?from=2025-03-21&to=2025-03-21&topic=citizen-id&source=trang-e',
      headers: { cookie: cookies.analyst },
    });
    expect([...kept.body.matchAll(/<tr data-flag="([^"]+)"/g)].map((m) => m[1])).toEqual(['e1']);
    expect(kept.body).toContain('<input name="source" size="16" value="trang-e">');
  });

  it('refuses the same filters on the API with JSON naming the parameter', async () => {
    const api = await app.inject({
      method: 'GET',
      url: '/api/queue?from=2025-13-45&topic=citizen-id',
      headers: { cookie: cookies.analyst },
    });
    expect(api.statusCode).toBe(400);
    expect(api.json()).toEqual({ error: 'from: no such day in the calendar', parameter: 'from', value: '2025-13-45' });
    const topic = await app.inject({ method: 'GET', url: '/api/queue?topic=khong-co-chu-de', headers: { cookie: cookies.analyst } });
    expect([topic.statusCode, topic.json<{ parameter: string }>().parameter]).toEqual([400, 'topic']);
    const ok = await app.inject({ method: 'GET', url: '/api/queue?from=2025-03-21&to=2025-03-21', headers: { cookie: cookies.analyst } });
    expect(ok.json<{ items: QueueItem[] }>().items.map((i) => i.flag.id)).toEqual(['e1']);
    const before = await app.inject({ method: 'GET', url: '/api/queue?to=2025-03-20', headers: { cookie: cookies.analyst } });
    expect(before.json<{ items: QueueItem[] }>().items).toEqual([]);
  });

  it("answers a failure behind the page with a page, and the API with JSON, neither with Elasticsearch's text", async () => {
    const page = await broken.inject({ method: 'GET', url: '/queue', headers: { cookie: cookies.broken } });
    expect(page.statusCode).toBe(500);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('Máy chủ gặp lỗi khi xử lý yêu cầu này.');
    expect(page.body).not.toMatch(/index_not_found|exception|khong-co-chi-muc/);
    const api = await broken.inject({ method: 'GET', url: '/api/queue', headers: { cookie: cookies.broken } });
    expect(api.statusCode).toBe(500);
    expect(api.json()).toEqual({ error: 'internal error' });
  });

  it('shows the login form again after a wrong password, with the name kept and the password not', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/login',
      payload: 'name=an&password=sai-mat-khau-roi',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.body).toContain('Sai tên đăng nhập hoặc mật khẩu.');
    expect(response.body).toContain('name="name" autocomplete="username" required value="an"');
    expect(response.body).not.toContain('sai-mat-khau-roi');
    const escaped = await app.inject({
      method: 'POST',
      url: '/login',
      payload: 'name=%22%3E%3Cscript%3E&password=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(escaped.body).not.toContain('"><script>');
  });
});
