/**
 * The admins' page for accounts (/admin/users): only an admin opens it, it lists every account
 * with its role, creates an account and changes a role through forms that carry the session's
 * CSRF token, says why a form was refused (keeping the name, never the password), and a changed
 * role holds at once for a user already signed in. The last admin keeps the role.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexNames } from '../../core/names.js';
import { buildDashboardApp } from '../../dashboards/app.js';
import { createUser, ensureDashboardIndices, findUser } from '../../dashboards/store.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices, ensureIndices } from '../../platform/elasticsearch/indices.js';
import { isolatedConfig } from '../helpers.js';
import { signIn as signInAs, type SignedIn } from './fixtures.js';

const config = isolatedConfig('admin-users');
const names = indexNames(config.namespace);
const es = createElasticsearchClient(config);
const app = buildDashboardApp({ es, names, loginRateLimit: { max: 100, timeWindowMs: 60_000 } });
const PASSWORD = 'mat-khau-rat-dai-6';

const who: Record<string, SignedIn> = {};

const signIn = (name: string, password = PASSWORD): Promise<SignedIn> => signInAs(app, name, password);

const get = (url: string, name?: string) => app.inject({ method: 'GET', url, headers: name ? { cookie: who[name]?.cookie ?? '' } : {} });
/** A form as the page sends it: urlencoded, the session's token in `_csrf` (another token when given, none for null). */
const form = (url: string, fields: Record<string, string>, name = 'quan-tri', token?: string | null, lang = 'vi') => {
  const csrf = token === undefined ? who[name]?.csrf : (token ?? undefined);
  return app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams({ ...(csrf === undefined ? {} : { _csrf: csrf }), ...fields }).toString(),
    headers: { cookie: `${who[name]?.cookie ?? ''}; lang=${lang}`, 'content-type': 'application/x-www-form-urlencoded' },
  });
};
const api = (url: string, payload: object, name = 'quan-tri') =>
  app.inject({ method: 'POST', url, payload, headers: { cookie: who[name]?.cookie ?? '', 'x-csrf-token': who[name]?.csrf ?? '' } });
const roleOf = async (name: string) => (await findUser(es, names, name))?.role;

describe("Dashboards > the admins' page for accounts", () => {
  beforeAll(async () => {
    await ensureIndices(es, names);
    await ensureDashboardIndices(es, names);
    await createUser(es, names, 'quan-tri', 'admin', PASSWORD);
    await createUser(es, names, 'lan', 'analyst', PASSWORD);
    await createUser(es, names, 'hoa', 'press', PASSWORD);
    await createUser(es, names, 'minh', 'supervisor', PASSWORD);
    for (const name of ['quan-tri', 'lan', 'hoa', 'minh']) who[name] = await signIn(name);
  });
  afterAll(async () => {
    await app.close();
    await deleteIndices(es, names);
    await es.close();
  });

  it('opens for an admin only, and lists every account with its role', async () => {
    const anonymous = await get('/admin/users');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/login');
    for (const name of ['lan', 'hoa', 'minh']) {
      const refused = await get('/admin/users', name);
      expect({ name, status: refused.statusCode, type: refused.headers['content-type'] }).toEqual({
        name,
        status: 403,
        type: 'text/html; charset=utf-8',
      });
      expect(refused.body).toContain('Bạn không có quyền xem trang này.');
      expect(refused.body).not.toContain('href="/admin/users"');
    }
    const page = await get('/admin/users', 'quan-tri');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Quản lý người dùng</h1>');
    expect(page.body).toContain('<a href="/admin/users">Người dùng</a>');
    const rows = [...page.body.matchAll(/<tr data-user="([^"]+)"><td>[^<]+<\/td><td class="role"[^>]*>([^<]+)<\/td>/g)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(rows).toEqual([
      ['hoa', 'Cán bộ báo chí'],
      ['lan', 'Phân tích viên'],
      ['minh', 'Giám sát viên'],
      ['quan-tri', 'Quản trị viên'],
    ]);
    expect(page.body).toContain(`name="_csrf" value="${who['quan-tri']?.csrf}"`);
    const en = await get('/admin/users?lang=en', 'quan-tri');
    expect(en.body).toContain('<h1>User accounts</h1>');
    expect(en.body).toContain('Press officer');
  });

  it('creates an account from the form, with the CSRF token only', async () => {
    const fields = { name: 'tuan', role: 'analyst', password: 'mot-mat-khau-dai' };
    expect((await form('/api/users', fields, 'quan-tri', null)).statusCode).toBe(403);
    expect((await form('/api/users', fields, 'quan-tri', who.lan?.csrf)).statusCode).toBe(403);
    expect(await roleOf('tuan')).toBeUndefined();
    // Another role may not, even with its own token.
    expect((await form('/api/users', fields, 'lan')).statusCode).toBe(403);
    expect(await roleOf('tuan')).toBeUndefined();

    const created = await form('/api/users', fields);
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe('/admin/users?created=tuan');
    const page = await get('/admin/users?created=tuan', 'quan-tri');
    expect(page.body).toContain('<p role="status" id="users-done">Đã tạo người dùng tuan.</p>');
    expect(page.body).toContain('<tr data-user="tuan">');
    expect((await signIn('tuan', 'mot-mat-khau-dai')).csrf).toBeTruthy();
    expect(await roleOf('tuan')).toBe('analyst');
  });

  it('says why a form was refused, keeping the name and role but never the password', async () => {
    const short = await form('/api/users', { name: 'thu', role: 'press', password: 'ngan-qua' });
    expect(short.statusCode).toBe(400);
    expect(short.headers['content-type']).toMatch(/^text\/html/);
    expect(short.body).toContain('Mật khẩu cần ít nhất 10 ký tự.');
    expect(short.body).toMatch(/<input id="new-user-name" [^>]*value="thu">/);
    expect(short.body).toMatch(/<select id="new-user-role" [^>]*>[^]*?<option value="press" selected>/);
    expect(short.body).not.toContain('ngan-qua');
    expect(await roleOf('thu')).toBeUndefined();

    const taken = await form('/api/users', { name: 'lan', role: 'admin', password: 'mot-mat-khau-dai' }, 'quan-tri', undefined, 'en');
    expect(taken.statusCode).toBe(409);
    expect(taken.body).toContain('There is already a user «lan».');
    expect(await roleOf('lan')).toBe('analyst');

    const badName = await form('/api/users', { name: 'Tên Có Dấu', role: 'press', password: 'mot-mat-khau-dai' });
    expect(badName.statusCode).toBe(400);
    expect(badName.body).toContain('Tên đăng nhập gồm 2 đến 64 ký tự');
    expect(badName.body).toContain('value="Tên Có Dấu"');

    // The API names the parameter.
    expect((await api('/api/users', { name: 'thu', role: 'root', password: 'mot-mat-khau-dai' })).json()).toMatchObject({
      parameter: 'role',
    });
    expect((await api('/api/users', { name: 'thu', role: 'press', password: 'ngan' })).json()).toMatchObject({ parameter: 'password' });
  });

  it('changes a role from the form, at once for a user already signed in', async () => {
    expect((await get('/trends', 'lan')).statusCode).toBe(403);
    // Without the token, or from another role: nothing changes.
    expect((await form('/api/users/lan/role', { role: 'supervisor' }, 'quan-tri', null)).statusCode).toBe(403);
    expect((await form('/api/users/lan/role', { role: 'admin' }, 'minh')).statusCode).toBe(403);
    expect(await roleOf('lan')).toBe('analyst');

    const changed = await form('/api/users/lan/role', { role: 'supervisor' });
    expect(changed.statusCode).toBe(303);
    expect(changed.headers.location).toBe('/admin/users?updated=lan');
    expect(await roleOf('lan')).toBe('supervisor');
    expect((await get('/admin/users?updated=lan', 'quan-tri')).body).toContain('Đã đổi vai trò của lan.');
    // The session lan already had follows the new role.
    expect((await get('/trends', 'lan')).statusCode).toBe(200);

    const unknown = await api('/api/users/khong-co/role', { role: 'press' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ parameter: 'name', value: 'khong-co' });
    expect((await api('/api/users/lan/role', { role: 'root' })).json()).toMatchObject({ parameter: 'role' });
    expect(await roleOf('lan')).toBe('supervisor');
  });

  it('keeps the last admin an admin', async () => {
    const refused = await form('/api/users/quan-tri/role', { role: 'analyst' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('«quan-tri» là quản trị viên cuối cùng nên phải giữ vai trò này.');
    expect(await roleOf('quan-tri')).toBe('admin');
    // With a second admin, the first may step down.
    expect((await api('/api/users/hoa/role', { role: 'admin' })).statusCode).toBe(200);
    expect((await api('/api/users/quan-tri/role', { role: 'analyst' })).json()).toEqual({
      name: 'quan-tri',
      role: 'analyst',
      createdAt: expect.any(String),
    });
    expect((await get('/admin/users', 'quan-tri')).statusCode).toBe(403);
  });
});
