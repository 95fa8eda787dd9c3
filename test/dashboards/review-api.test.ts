import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flag } from '../../core/contracts.js';
import { indexNames } from '../../core/names.js';
import { buildDashboardApp } from '../../dashboards/app.js';
import type { QueueItem } from '../../dashboards/queue.js';
import { createUser, ensureDashboardIndices, type ReviewEntry, type Role } from '../../dashboards/store.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices, ensureIndices } from '../../platform/elasticsearch/indices.js';
import { foldDiacritics } from '../../classifiers/text/normalize.js';
import { isolatedConfig } from '../helpers.js';
import { indexFlags } from './fixtures.js';

const config = isolatedConfig('review');
const names = indexNames(config.namespace);
const es = createElasticsearchClient(config);
const app = buildDashboardApp({ es, names, loginRateLimit: { max: 50, timeWindowMs: 60_000 }, organization: 'Bộ Công an' });
const PASSWORD = 'mat-khau-rat-dai-1';

const VNEID_CLAIM = 'Công an phường yêu cầu người dân chuyển 5 triệu đồng để cập nhật tài khoản VNeID.';
const VNEID_EVIDENCE = 'Công an phường khẳng định không yêu cầu người dân chuyển tiền để cập nhật tài khoản VNeID.';
const XSS_CLAIM = 'Bấm vào <script>alert("x")</script> để nhận tiền hỗ trợ từ Bộ Công an.';

function flag(
  id: string,
  claimText: string,
  sourceId: string,
  sourceKind: Flag['sourceKind'],
  score: number,
  extra: Partial<Flag> = {},
): Flag {
  return {
    id,
    claimId: `claim-${id}`,
    claimText,
    url: `https://${sourceId}.example.vn/bai/${id}`,
    sourceId,
    sourceKind,
    publishedAt: '2025-03-21T08:30:00.000Z',
    score,
    signals: [{ id: 'scam-cue', description: 'Yêu cầu chuyển tiền', descriptionEn: 'Asks for a money transfer', weight: 0.4 }],
    matches: [],
    topics: ['vneid'],
    createdAt: '2025-03-21T09:00:00.000Z',
    ...extra,
  };
}

const spanOf = (text: string, part: string) => ({ text: part, start: text.indexOf(part), end: text.indexOf(part) + part.length });

const FLAGS: Flag[] = [
  flag('a1', VNEID_CLAIM, 'bao-a', 'news', 0.7, {
    matches: [
      {
        claimId: 'claim-a1',
        statementId: 'st-1',
        score: 0.8,
        stance: 'contradicts',
        evidence: VNEID_EVIDENCE,
        conflicts: [{ kind: 'negation', claimSpan: spanOf(VNEID_CLAIM, 'yêu cầu'), evidenceSpan: spanOf(VNEID_EVIDENCE, 'không yêu cầu') }],
      },
    ],
  }),
  // The same narrative typed differently (no diacritics, other punctuation) on two more sources.
  flag('a2', foldDiacritics(VNEID_CLAIM).replace('.', '!'), 'trang-b', 'social', 0.6),
  flag('a3', VNEID_CLAIM, 'trang-c', 'social', 0.5),
  flag('b1', XSS_CLAIM, 'trang-d', 'social', 0.9),
  flag('c1', 'Từ ngày 1/7 người đi xe máy không bật đèn ban ngày sẽ bị phạt 2 triệu đồng.', 'bao-e', 'news', 0.5, {
    topics: ['giao-thong'],
  }),
  flag('c2', 'Từ ngày 1/7, người đi xe máy không bật đèn ban ngày sẽ bị phạt 2 triệu đồng', 'bao-f', 'news', 0.45, {
    topics: ['giao-thong'],
  }),
];

interface Login {
  cookie: string;
  csrf: string;
}
const logins = {} as Record<Role, Login>;

async function login(name: string, password = PASSWORD): Promise<{ status: number; login?: Login; setCookie?: string }> {
  const response = await app.inject({ method: 'POST', url: '/login', payload: { name, password } });
  if (response.statusCode !== 200) return { status: response.statusCode };
  const cookie = response.cookies.find((c) => c.name === 'sentinel_session');
  return {
    status: 200,
    login: { cookie: `sentinel_session=${cookie?.value}`, csrf: response.json<{ csrfToken: string }>().csrfToken },
    setCookie: String(response.headers['set-cookie']),
  };
}

function as(role: Role, method: 'GET' | 'POST', url: string, payload?: object, csrf = true) {
  const who = logins[role];
  return app.inject({ method, url, payload, headers: { cookie: who.cookie, ...(csrf ? { 'x-csrf-token': who.csrf } : {}) } });
}

const queue = async (query = ''): Promise<QueueItem[]> =>
  (await as('analyst', 'GET', `/api/queue${query}`)).json<{ items: QueueItem[] }>().items;

describe('Dashboards > auth, roles and the review queue', () => {
  beforeAll(async () => {
    await ensureIndices(es, names);
    await ensureDashboardIndices(es, names);
    await indexFlags(es, names, FLAGS);
    for (const role of ['analyst', 'press', 'supervisor', 'admin'] as const) await createUser(es, names, `user-${role}`, role, PASSWORD);
    await createUser(es, names, 'user-analyst2', 'analyst', PASSWORD);
    for (const role of ['analyst', 'press', 'supervisor', 'admin'] as const) {
      const result = await login(`user-${role}`);
      expect(result.status).toBe(200);
      logins[role] = result.login as Login;
    }
  });
  afterAll(async () => {
    await app.close();
    await deleteIndices(es, names);
    await es.close();
  });

  it('refuses a wrong password and an unknown user alike, and sets a HttpOnly SameSite=Strict cookie on success', async () => {
    expect((await login('user-analyst', 'sai-mat-khau-123')).status).toBe(401);
    expect((await login('khong-ton-tai')).status).toBe(401);
    const ok = await login('user-analyst2');
    expect(ok.setCookie).toMatch(/HttpOnly/);
    expect(ok.setCookie).toMatch(/SameSite=Strict/);
    expect(ok.setCookie).not.toMatch(/Secure/);
  });

  it('lets each role reach its routes and nothing else', async () => {
    const matrix: [Role, 'GET' | 'POST', string, object | undefined, number][] = [
      ['analyst', 'GET', '/api/queue', undefined, 200],
      ['supervisor', 'GET', '/api/queue', undefined, 200],
      ['admin', 'GET', '/api/queue', undefined, 200],
      ['press', 'GET', '/api/queue', undefined, 403],
      ['press', 'GET', '/api/flags/a1', undefined, 403],
      ['press', 'POST', '/api/flags/a1/actions', { action: 'dismiss' }, 403],
      ['admin', 'POST', '/api/flags/a1/actions', { action: 'note', note: 'quản trị không rà soát' }, 403],
      ['analyst', 'POST', '/api/flags/a1/actions', { action: 'note', note: 'Đã gọi công an phường xác minh.' }, 201],
      ['supervisor', 'POST', '/api/flags/a1/actions', { action: 'assign', assignee: 'user-analyst' }, 201],
      ['admin', 'GET', '/api/users', undefined, 200],
      ['analyst', 'GET', '/api/users', undefined, 403],
      ['press', 'GET', '/api/users', undefined, 403],
      ['supervisor', 'GET', '/api/users', undefined, 403],
      ['press', 'GET', '/api/search?q=cong+an', undefined, 200],
    ];
    for (const [role, method, url, payload, expected] of matrix) {
      const response = await as(role, method, url, payload);
      expect({ role, method, url, status: response.statusCode }).toEqual({ role, method, url, status: expected });
    }
    expect((await app.inject({ method: 'GET', url: '/api/queue' })).statusCode).toBe(401);
    const page = await app.inject({ method: 'GET', url: '/queue' });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/login');
  });

  it('does not let an analyst escalate: no admin account is created and `by` cannot be forged', async () => {
    const attempt = await as('analyst', 'POST', '/api/users', { name: 'ke-gian', role: 'admin', password: 'mat-khau-rat-dai-2' });
    expect(attempt.statusCode).toBe(403);
    expect((await login('ke-gian', 'mat-khau-rat-dai-2')).status).toBe(401);
    const users = (await as('admin', 'GET', '/api/users')).json<{ users: { name: string }[] }>().users.map((u) => u.name);
    expect(users).not.toContain('ke-gian');
    const forged = await as('analyst', 'POST', '/api/flags/c1/actions', {
      action: 'note',
      note: 'thử giả danh',
      by: 'user-admin',
      at: '2000-01-01T00:00:00Z',
    });
    expect(forged.statusCode).toBe(201);
    expect(forged.json<ReviewEntry>().by).toBe('user-analyst');
    expect(forged.json<ReviewEntry>().at).not.toBe('2000-01-01T00:00:00Z');
    // An admin can create accounts, with a role from the list only.
    expect((await as('admin', 'POST', '/api/users', { name: 'nguoi-moi', role: 'press', password: 'mat-khau-rat-dai-3' })).statusCode).toBe(
      201,
    );
    expect((await as('admin', 'POST', '/api/users', { name: 'nguoi-khac', role: 'root', password: 'mat-khau-rat-dai-3' })).statusCode).toBe(
      400,
    );
    expect((await as('admin', 'POST', '/api/users', { name: 'nguoi-moi', role: 'admin', password: 'mat-khau-rat-dai-3' })).statusCode).toBe(
      409,
    );
  });

  it("answers 403 to a state-changing request without the CSRF token, or with another session's", async () => {
    const before = (await as('analyst', 'GET', '/api/flags/c2')).json<{ history: ReviewEntry[] }>().history.length;
    expect((await as('analyst', 'POST', '/api/flags/c2/actions', { action: 'dismiss' }, false)).statusCode).toBe(403);
    const foreign = await app.inject({
      method: 'POST',
      url: '/api/flags/c2/actions',
      payload: { action: 'dismiss' },
      headers: { cookie: logins.analyst.cookie, 'x-csrf-token': logins.supervisor.csrf },
    });
    expect(foreign.statusCode).toBe(403);
    const form = await app.inject({
      method: 'POST',
      url: '/api/flags/c2/actions',
      payload: 'action=dismiss',
      headers: { cookie: logins.analyst.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.statusCode).toBe(403);
    expect((await as('analyst', 'GET', '/api/flags/c2')).json<{ history: ReviewEntry[] }>().history.length).toBe(before);
    expect((await app.inject({ method: 'POST', url: '/logout', headers: { cookie: logins.analyst.cookie } })).statusCode).toBe(403);
  });

  it('groups near-identical claims and orders the queue by score × distinct sources, with filters', async () => {
    const items = await queue();
    const byId = new Map(items.map((i) => [i.flag.id, i]));
    expect(byId.get('a1')?.spread).toBe(3);
    expect(byId.get('a1')?.relatedFlagIds.sort()).toEqual(['a2', 'a3']);
    expect(byId.get('c1')?.spread).toBe(2);
    expect(byId.get('b1')?.spread).toBe(1);
    expect(items).toHaveLength(3);
    for (let i = 1; i < items.length; i += 1)
      expect((items[i - 1] as QueueItem).priority).toBeGreaterThanOrEqual((items[i] as QueueItem).priority);
    expect(items.map((i) => i.flag.id)).toEqual(['a1', 'c1', 'b1']); // 0.7×3 > 0.5×2 > 0.9×1
    expect((await queue('?topic=giao-thong')).map((i) => i.flag.id)).toEqual(['c1']);
    expect((await queue('?sourceKind=social')).map((i) => [i.flag.id, i.spread])).toEqual([
      ['a2', 2],
      ['b1', 1],
    ]);
    expect(await queue('?from=2025-03-22')).toEqual([]);
    expect((await as('analyst', 'GET', '/api/queue?sourceKind=tv')).statusCode).toBe(400);
  });

  it('stores every action with who and when, updates the queue for other reviewers, and exports a confirmed verdict', async () => {
    expect((await as('analyst', 'GET', '/api/flags/b1/claimreview')).statusCode).toBe(409);
    const confirm = await as('analyst', 'POST', '/api/flags/b1/actions', { action: 'confirm', verdict: 'scam' });
    expect(confirm.statusCode).toBe(201);
    expect((await as('analyst', 'POST', '/api/flags/b1/actions', { action: 'confirm', verdict: 'bịa' })).statusCode).toBe(400);
    expect((await as('analyst', 'POST', '/api/flags/khong-co/actions', { action: 'dismiss' })).statusCode).toBe(404);

    const second = await login('user-analyst2');
    const seen = await app.inject({ method: 'GET', url: '/api/queue?status=confirmed', headers: { cookie: second.login?.cookie ?? '' } });
    expect(seen.json<{ items: QueueItem[] }>().items.map((i) => [i.flag.id, i.state.status, i.state.verdict, i.state.decidedBy])).toEqual([
      ['b1', 'confirmed', 'scam', 'user-analyst'],
    ]);

    const exported = await as('supervisor', 'GET', '/api/flags/b1/claimreview');
    expect(exported.headers['content-type']).toContain('application/ld+json');
    const jsonLd = exported.json<Record<string, unknown>>();
    expect(jsonLd['@type']).toBe('ClaimReview');
    expect(jsonLd.claimReviewed).toBe(XSS_CLAIM);
    expect(jsonLd.reviewRating).toMatchObject({ '@type': 'Rating', alternateName: 'Lừa đảo', ratingValue: 1 });
    expect(jsonLd.itemReviewed).toMatchObject({ appearance: { url: 'https://trang-d.example.vn/bai/b1' } });

    // A later decision wins; the earlier one stays in the trail.
    expect((await as('supervisor', 'POST', '/api/flags/b1/actions', { action: 'needs-more-work' })).statusCode).toBe(201);
    const detail = (await as('analyst', 'GET', '/api/flags/b1')).json<{ state: { status: string }; history: ReviewEntry[] }>();
    expect(detail.state.status).toBe('needs-more-work');
    expect(detail.history.map((h) => [h.action, h.by])).toEqual([
      ['confirm', 'user-analyst'],
      ['needs-more-work', 'user-supervisor'],
    ]);
    expect(detail.history.every((h) => !Number.isNaN(Date.parse(h.at)))).toBe(true);
    expect((await as('analyst', 'GET', '/api/flags/b1/claimreview')).statusCode).toBe(409);
    // No route edits or deletes the trail.
    for (const method of ['PUT', 'DELETE', 'PATCH'] as const) {
      const response = await app.inject({
        method,
        url: `/api/flags/b1/actions`,
        headers: { cookie: logins.admin.cookie, 'x-csrf-token': logins.admin.csrf },
      });
      expect(response.statusCode).toBe(404);
    }
  });

  it('accepts the server-rendered forms (with the CSRF field) and redirects back to the claim', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/flags/c1/actions',
      payload: `_csrf=${encodeURIComponent(logins.analyst.csrf)}&action=dismiss`,
      headers: { cookie: logins.analyst.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/claims/c1');
    expect((await queue('?status=dismissed')).map((i) => i.flag.id)).toEqual(['c1']);
  });

  it('renders claims as text on the queue and detail pages, with conflicting spans highlighted side by side', async () => {
    const page = await as('analyst', 'GET', '/queue');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Hàng đợi rà soát');
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    const detail = await as('analyst', 'GET', '/claims/b1');
    expect(detail.body).not.toContain('<script>alert');
    expect(detail.body).toContain('&lt;script&gt;');
    const a1 = await as('analyst', 'GET', '/claims/a1');
    expect(a1.body).toContain('Công an phường <mark>yêu cầu</mark> người dân');
    expect(a1.body).toContain('khẳng định <mark>không yêu cầu</mark> người dân');
    expect(a1.body).toContain('href="https://bao-a.example.vn/bai/a1"');
    expect(a1.body).toContain('Yêu cầu chuyển tiền');
    expect(a1.body).toContain('15:30 21/03/2025'); // 08:30 UTC shown in Asia/Ho_Chi_Minh, vi-VN order
    expect(a1.body).toContain(`name="_csrf" value="${logins.analyst.csrf}"`);
    const pressView = await as('press', 'GET', '/claims/a1');
    expect(pressView.statusCode).toBe(403);
  });

  it('switches to English with ?lang=en and remembers it in a cookie', async () => {
    const en = await as('analyst', 'GET', '/claims/a1?lang=en');
    expect(en.body).toContain('Why it was flagged');
    expect(en.body).toContain('Asks for a money transfer');
    const langCookie = en.cookies.find((c) => c.name === 'lang');
    expect(langCookie?.value).toBe('en');
    const again = await app.inject({ method: 'GET', url: '/queue', headers: { cookie: `${logins.analyst.cookie}; lang=en` } });
    expect(again.body).toContain('Review queue');
  });
});

describe('Dashboards > login rate limit and secure cookies', () => {
  const rlNames = indexNames(`${config.namespace}rl.`);
  const rlEs = createElasticsearchClient(config);
  const limited = buildDashboardApp({ es: rlEs, names: rlNames, loginRateLimit: { max: 3, timeWindowMs: 60_000 }, secureCookies: true });
  afterAll(async () => {
    await limited.close();
    await deleteIndices(rlEs, rlNames);
    await rlEs.close();
  });

  it('answers 429 after the allowed number of attempts', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      codes.push(
        (await limited.inject({ method: 'POST', url: '/login', payload: { name: 'x', password: 'y' }, remoteAddress: '10.0.0.9' }))
          .statusCode,
      );
    }
    expect(codes.slice(3)).toEqual([429, 429]);
    expect(codes.slice(0, 3).every((c) => c !== 429)).toBe(true);
    // Another address is not blocked by the first one's attempts.
    expect(
      (await limited.inject({ method: 'POST', url: '/login', payload: { name: 'x', password: 'y' }, remoteAddress: '10.0.0.10' }))
        .statusCode,
    ).not.toBe(429);
    // The login form over the limit: a page that says so, in the reader's language, with the wait.
    const form = await limited.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: 'lang=en' },
      payload: 'name=x&password=y',
      remoteAddress: '10.0.0.9',
    });
    expect(form.statusCode).toBe(429);
    expect(form.headers['content-type']).toMatch(/^text\/html/);
    expect(form.headers['retry-after']).toBeDefined();
    expect(form.body).toContain('Too many attempts in a short time.');
    // The API keeps JSON.
    const json = await limited.inject({ method: 'POST', url: '/login', payload: { name: 'x', password: 'y' }, remoteAddress: '10.0.0.9' });
    expect(json.headers['content-type']).toMatch(/^application\/json/);
  });

  it('marks the language cookie Secure when served over https', async () => {
    const response = await limited.inject({ method: 'GET', url: '/login?lang=en' });
    expect(String(response.headers['set-cookie'])).toMatch(/Secure/);
    expect(response.body).toContain('Log in');
  });
});
