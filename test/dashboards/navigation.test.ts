import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../../classifiers/topics/taxonomy.js';
import type { Flag } from '../../core/contracts.js';
import { indexNames } from '../../core/names.js';
import { buildDashboardApp } from '../../dashboards/app.js';
import { can, HOME_PAGE, type Permission } from '../../dashboards/auth.js';
import { sourceKindLabel, topicLabel } from '../../dashboards/labels.js';
import { createUser, ensureDashboardIndices, ROLES, type Role } from '../../dashboards/store.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices, ensureIndices } from '../../platform/elasticsearch/indices.js';
import { isolatedConfig } from '../helpers.js';
import { indexFlags } from './fixtures.js';

const taxonomy = loadTaxonomy();

describe('Dashboards > labels for ids', () => {
  it('names every taxonomy topic in both languages and falls back to the id for an unknown one', () => {
    for (const topic of taxonomy.topics) {
      expect(topicLabel('vi', topic.id)).toBe(topic.label.vi);
      expect(topicLabel('en', topic.id)).toBe(topic.label.en);
    }
    expect(topicLabel('vi', 'online-fraud')).toBe('Lừa đảo trực tuyến');
    expect(topicLabel('vi', 'chu-de-cu')).toBe('chu-de-cu');
  });

  it('names the source kinds', () => {
    expect(['news', 'social', 'official'].map((k) => sourceKindLabel('vi', k))).toEqual(['Báo chí', 'Mạng xã hội', 'Nguồn chính thức']);
    expect(['news', 'social', 'official'].map((k) => sourceKindLabel('en', k))).toEqual(['News', 'Social', 'Official']);
  });

  it('sends every role to a page it may open', () => {
    const needs: Record<string, Permission> = { '/queue': 'queue:read', '/statements': 'statements:search', '/trends': 'trends:read' };
    for (const role of ROLES) expect({ role, allowed: can(role, needs[HOME_PAGE[role]] as Permission) }).toEqual({ role, allowed: true });
  });
});

const config = isolatedConfig('navigation');
const names = indexNames(config.namespace);
const es = createElasticsearchClient(config);
const app = buildDashboardApp({ es, names, loginRateLimit: { max: 50, timeWindowMs: 60_000 } });
const PASSWORD = 'mat-khau-rat-dai-1';
const XSS_CLAIM = 'Bấm vào <script>alert("x")</script> để cập nhật VNeID.';

function flag(id: string, claimText: string, sourceKind: Flag['sourceKind'], topics: string[], score: number): Flag {
  return {
    id,
    claimId: `claim-${id}`,
    claimText,
    url: `https://nguon-${id}.example.vn/bai`,
    sourceId: `nguon-${id}`,
    sourceKind,
    publishedAt: '2025-03-21T08:30:00.000Z',
    score,
    signals: [],
    matches: [],
    topics,
    createdAt: '2025-03-21T09:00:00.000Z',
  };
}

const FLAGS: Flag[] = [
  flag(
    'n1',
    'Công an phường yêu cầu người dân chuyển tiền để cập nhật tài khoản định danh.',
    'social',
    ['citizen-id', 'online-fraud'],
    0.8,
  ),
  flag('n2', 'Từ tháng sau xe máy không bật đèn ban ngày bị phạt 2 triệu đồng.', 'news', ['traffic-safety'], 0.6),
  flag('n3', XSS_CLAIM, 'official', ['chu-de-cu'], 0.4),
];

const cookies = {} as Record<Role, string>;
const get = (role: Role | undefined, url: string, extraCookie = '') =>
  app.inject({ method: 'GET', url, headers: { cookie: [role ? cookies[role] : '', extraCookie].filter(Boolean).join('; ') } });

/** The text of the claim row's meta line (source · kind · topics). */
function rowMeta(html: string, flagId: string): string | undefined {
  return new RegExp(`<tr data-flag="${flagId}">[\\s\\S]*?<div class="meta">([^<]*)</div>`).exec(html)?.[1];
}

describe('Dashboards > landing pages, navigation and labels', () => {
  beforeAll(async () => {
    await ensureIndices(es, names);
    await ensureDashboardIndices(es, names);
    await indexFlags(es, names, FLAGS);
    for (const role of ROLES) await createUser(es, names, `nav-${role}`, role, PASSWORD);
  });
  afterAll(async () => {
    await app.close();
    await deleteIndices(es, names);
    await es.close();
  });

  it('sends each role to its own page after a form login, and names it in the JSON answer', async () => {
    const expected: Record<Role, string> = { analyst: '/queue', press: '/statements', supervisor: '/trends', admin: '/queue' };
    for (const role of ROLES) {
      const form = await app.inject({
        method: 'POST',
        url: '/login',
        payload: `name=nav-${role}&password=${PASSWORD}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect({ role, status: form.statusCode, location: form.headers.location }).toEqual({ role, status: 303, location: expected[role] });
      cookies[role] = `sentinel_session=${form.cookies.find((c) => c.name === 'sentinel_session')?.value}`;
      const landing = await get(role, expected[role]);
      expect({ role, landing: landing.statusCode }).toEqual({ role, landing: 200 });
      const json = await app.inject({ method: 'POST', url: '/login', payload: { name: `nav-${role}`, password: PASSWORD } });
      expect(json.json<{ home: string }>().home).toBe(expected[role]);
    }
  });

  it('shows the navigation bar and logout on / to a logged-in user, and a login link otherwise', async () => {
    const press = await get('press', '/');
    expect(press.statusCode).toBe(200);
    expect(press.body).toContain('<nav>');
    expect(press.body).toContain('<a href="/statements">');
    expect(press.body).toContain('action="/logout"');
    expect(press.body).toContain('nav-press (Cán bộ báo chí)');
    expect(press.body).not.toContain('<a href="/queue">');
    const anonymous = await get(undefined, '/');
    expect(anonymous.body).not.toContain('<nav>');
    expect(anonymous.body).toContain('<a href="/login">');
    expect(anonymous.body).toContain('Tra cứu tin bài đã thu thập');
  });

  it("links the admins' pages, users and API tokens, from every admin page and from nobody else's", async () => {
    const nav = async (role: Role, url: string, lang = 'vi') =>
      /<nav>[\s\S]*?<\/nav>/.exec((await get(role, `${url}${url.includes('?') ? '&' : '?'}lang=${lang}`)).body)?.[0] ?? '';
    for (const url of ['/queue', '/statements', '/admin/users', '/admin/tokens']) {
      const admin = await nav('admin', url);
      expect({ url, admin }).toEqual({
        url,
        admin: expect.stringContaining('<a href="/admin/users">Người dùng</a><a href="/admin/tokens">Khóa API</a>'),
      });
    }
    expect(await nav('admin', '/queue', 'en')).toContain('<a href="/admin/tokens">API tokens</a>');
    for (const role of ['analyst', 'press', 'supervisor'] as const) {
      const page = await nav(role, '/');
      expect({ role, tokens: page.includes('/admin/tokens'), users: page.includes('/admin/users') }).toEqual({
        role,
        tokens: false,
        users: false,
      });
    }
  });

  it('shows topic and source-kind labels, not ids, in the queue rows, and lists the taxonomy in the topic filter', async () => {
    const page = await get('analyst', '/queue');
    expect(rowMeta(page.body, 'n1')).toBe('nguon-n1 · Mạng xã hội · Định danh và dịch vụ công số, Lừa đảo trực tuyến');
    expect(rowMeta(page.body, 'n2')).toBe('nguon-n2 · Báo chí · An toàn giao thông');
    expect(rowMeta(page.body, 'n3')).toBe('nguon-n3 · Nguồn chính thức · chu-de-cu'); // not in the taxonomy: the id
    const select = /<select name="topic">([\s\S]*?)<\/select>/.exec(page.body)?.[1] ?? '';
    const options = [...select.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map((m) => [m[1], m[2]]);
    expect(options).toEqual([['', 'Tất cả'], ...taxonomy.topics.map((t) => [t.id, t.label.vi])]);
    expect(page.body).not.toMatch(/<input name="topic"/);
    const kinds = /<select name="sourceKind">([\s\S]*?)<\/select>/.exec(page.body)?.[1] ?? '';
    expect([...kinds.matchAll(/>([^<]*)<\/option>/g)].map((m) => m[1])).toEqual([
      'Tất cả',
      'Báo chí',
      'Mạng xã hội',
      'Nguồn chính thức',
      'Tin người dân gửi',
    ]);
    // Claims stay text.
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });

  it('filters by the selected topic with the same query parameter, keeping the choice selected', async () => {
    const page = await get('analyst', '/queue?topic=traffic-safety');
    expect(page.body).toContain('<option value="traffic-safety" selected>An toàn giao thông</option>');
    expect([...page.body.matchAll(/<tr data-flag="([^"]+)"/g)].map((m) => m[1])).toEqual(['n2']);
    // An id from an old link still filters, and shows as the selected option.
    const old = await get('analyst', '/queue?topic=chu-de-cu');
    expect(old.body).toContain('<option value="chu-de-cu" selected>chu-de-cu</option>');
    expect([...old.body.matchAll(/<tr data-flag="([^"]+)"/g)].map((m) => m[1])).toEqual(['n3']);
  });

  it('shows the labels on the claim page, and the English ones (escaped) in English', async () => {
    const detail = await get('analyst', '/claims/n1');
    expect(detail.body).toContain('<p class="topics">Chủ đề: Định danh và dịch vụ công số, Lừa đảo trực tuyến</p>');
    expect(detail.body).toContain('nguon-n1 (Mạng xã hội)');
    const en = await get('analyst', '/queue', 'lang=en');
    expect(rowMeta(en.body, 'n1')).toBe('nguon-n1 · Social · Citizen ID &amp; digital public services, Online fraud');
    expect(en.body).toContain('<option value="public-order">Police &amp; public order</option>');
    expect(en.body).toContain('<select name="topic"><option value="" selected>Any</option>');
    expect(en.body).toContain('nav-analyst (Analyst)');
  });
});
