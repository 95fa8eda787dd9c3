/**
 * A person who follows a link gets a page, not raw JSON: a role that may not see a page, a claim
 * that does not exist and an unknown address answer in HTML with a way on, while the API keeps
 * answering JSON; a failed login shows the form again with the name kept, never the password.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexNames } from '../../core/topics.js';
import { buildDashboardApp } from '../../dashboards/app.js';
import { createUser, ensureDashboardIndices } from '../../dashboards/store.js';
import { createElasticsearchClient } from '../../pipeline/elasticsearch/client.js';
import { deleteIndices, ensureIndices } from '../../pipeline/elasticsearch/indices.js';
import { isolatedConfig } from '../helpers.js';
import { sessionCookie } from './fixtures.js';

const config = isolatedConfig('error-pages');
const names = indexNames(config.namespace);
const es = createElasticsearchClient(config);
const app = buildDashboardApp({ es, names, loginRateLimit: { max: 50, timeWindowMs: 60_000 } });
const PASSWORD = 'mat-khau-rat-dai-4';
const cookies: Record<string, string> = {};

describe('Dashboards > errors a person can read', () => {
  beforeAll(async () => {
    await ensureIndices(es, names);
    await ensureDashboardIndices(es, names);
    await createUser(es, names, 'an', 'analyst', PASSWORD);
    await createUser(es, names, 'binh', 'press', PASSWORD);
    cookies.analyst = await sessionCookie(app, 'an', PASSWORD);
    cookies.press = await sessionCookie(app, 'binh', PASSWORD);
  });
  afterAll(async () => {
    await app.close();
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

  it('shows the login form again after a wrong password, with the name kept and the password not', async () => {
    const response = await app.inject({ method: 'POST', url: '/login', payload: 'name=an&password=sai-mat-khau-roi', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(response.statusCode).toBe(401);
    expect(response.body).toContain('Sai tên đăng nhập hoặc mật khẩu.');
    expect(response.body).toContain('name="name" autocomplete="username" required value="an"');
    expect(response.body).not.toContain('sai-mat-khau-roi');
    const escaped = await app.inject({ method: 'POST', url: '/login', payload: 'name=%22%3E%3Cscript%3E&password=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(escaped.body).not.toContain('"><script>');
  });
});
