/**
 * A press officer's page for one official statement (GET /statements/:id, /api/statements/:id):
 * what it is (title, agency, date, the original), its text once, and the flagged claims it
 * answers with its stance on each; the claim page and the search results link to it. Real
 * Elasticsearch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flag, OfficialStatement } from '../../core/contracts.js';
import { sha256Hex } from '../../core/ids.js';
import { indexNames } from '../../core/names.js';
import { buildDashboardApp } from '../../dashboards/app.js';
import { type AnsweredClaim, type StatementView, withoutOverlap } from '../../dashboards/statements.js';
import { createApiToken, createUser, ensureDashboardIndices } from '../../dashboards/store.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices, ensureIndices } from '../../platform/elasticsearch/indices.js';
import { ensureStatementsIndex, indexStatements, splitPassages } from '../../classifiers/matching/statements-index.js';
import { isolatedConfig } from '../helpers.js';
import { indexFlags, sessionCookie } from './fixtures.js';

const config = isolatedConfig('stmt-page');
const names = indexNames(config.namespace);
const es = createElasticsearchClient(config);
const app = buildDashboardApp({ es, names, loginRateLimit: { max: 50, timeWindowMs: 60_000 } });
// The same indices with the list capped at two claims, where the default cap (200) would need 201 flags.
const capped = buildDashboardApp({ es, names, loginRateLimit: { max: 50, timeWindowMs: 60_000 }, statementClaimsLimit: 2 });
const PASSWORD = 'mat-khau-rat-dai-5';

// Six sentences: two passages in the index, sharing the fourth sentence.
const SENTENCES = [
  'Bộ Công an khẳng định thẻ căn cước công dân còn thời hạn vẫn được sử dụng đến hết thời hạn in trên thẻ.',
  'Thông tin thẻ hết hiệu lực sau ngày 30/6 là sai sự thật.',
  'Người dân không phải đổi thẻ trước thời hạn.',
  'Việc cấp đổi được thực hiện miễn phí tại công an cấp xã.',
  'Đề nghị người dân chỉ theo dõi thông tin trên các kênh chính thức.',
  'Mọi hành vi tung tin sai sự thật sẽ bị xử lý theo quy định của pháp luật.',
];
const STATEMENT: OfficialStatement = {
  id: '2ae13df3c0ffee01:v1',
  agency: 'Bộ Công an',
  title: 'Bác bỏ tin đồn căn cước công dân hết hiệu lực sau ngày 30/6',
  text: SENTENCES.join(' '),
  url: 'https://bocongan.example.gov.vn/bac-bo-tin-don.html',
  publishedAt: '2025-06-18T03:00:00.000Z',
  fetchedAt: '2025-06-18T03:00:00.000Z',
  version: 1,
  contentHash: sha256Hex('cccd'),
};
const OTHER: OfficialStatement = {
  ...STATEMENT,
  id: '77aa0bb1deadbeef:v1',
  agency: 'Công an TP Hà Nội',
  title: 'Kết quả ra quân bảo đảm trật tự an toàn giao thông',
  text: 'Phòng Cảnh sát giao thông đã xử lý 18.600 trường hợp vi phạm.',
  url: 'https://congan.example.gov.vn/ra-quan.html',
  contentHash: sha256Hex('ra-quan'),
};

function flag(id: string, claimText: string, publishedAt: string | null, extra: Pick<Flag, 'matches'> & Partial<Flag>): Flag {
  return {
    id,
    claimId: `c-${id}`,
    claimText,
    url: `https://mxh.example.vn/bai/${id}`,
    sourceId: `trang-${id}`,
    sourceKind: 'social',
    publishedAt,
    score: 0.9,
    createdAt: '2025-06-20T02:05:00.000Z',
    topics: ['citizen-id'],
    signals: [],
    ...extra,
  };
}
const match = (claimId: string, statementId: string, stance: Flag['matches'][number]['stance']): Flag['matches'][number] => ({
  claimId,
  statementId,
  score: 0.9,
  stance,
  evidence: SENTENCES[1] ?? '',
  conflicts: [],
});
const FLAGS: Flag[] = [
  flag('p1', 'Căn cước công dân sẽ hết hiệu lực sau ngày 30/6.', '2025-06-20T02:00:00.000Z', {
    matches: [match('c-p1', STATEMENT.id, 'contradicts'), match('c-p1', OTHER.id, 'nei')],
  }),
  flag('p2', 'Đổi thẻ căn cước tại công an xã không mất phí.', '2025-06-21T02:00:00.000Z', {
    sourceKind: 'news',
    matches: [match('c-p2', STATEMENT.id, 'supports')],
  }),
  // Named only by a reason (a denial): the statement contradicts it.
  flag('p3', 'Thẻ căn cước cũ bị khóa từ tháng 7.', null, {
    matches: [],
    reasons: [
      {
        kind: 'denied-by-official',
        description: 'Thông cáo đã bác bỏ',
        descriptionEn: 'An official statement denied it',
        statementId: STATEMENT.id,
      },
    ],
  }),
  // Answers another statement only.
  flag('p4', 'Hà Nội xử phạt 50.000 trường hợp vi phạm giao thông.', '2025-06-19T02:00:00.000Z', {
    matches: [match('c-p4', OTHER.id, 'contradicts')],
  }),
];

const PAGE_URL = `/statements/${encodeURIComponent(STATEMENT.id)}`;
let analyst = '';
let press = '';
let token = '';

describe('Dashboards > the statement page', () => {
  beforeAll(async () => {
    await ensureIndices(es, names);
    await ensureDashboardIndices(es, names);
    await ensureStatementsIndex(es, names);
    expect((await indexStatements(es, names, [STATEMENT, OTHER])).rejected).toEqual([]);
    await es.indices.refresh({ index: names.statements });
    await indexFlags(es, names, FLAGS);
    await createUser(es, names, 'mai', 'analyst', PASSWORD);
    await createUser(es, names, 'bao-chi', 'press', PASSWORD);
    analyst = await sessionCookie(app, 'mai', PASSWORD);
    press = await sessionCookie(app, 'bao-chi', PASSWORD);
    token = (await createApiToken(es, names, 'zalo-bot', 'mai')).secret;
  });
  afterAll(async () => {
    await app.close();
    await capped.close();
    await deleteIndices(es, names);
    await es.close();
  });

  it('shows the statement by title, agency and date, with the original as a link and its text once', async () => {
    // The fixture really is two overlapping passages in the index.
    expect(splitPassages(STATEMENT.text)).toHaveLength(2);
    const page = await app.inject({ method: 'GET', url: PAGE_URL, headers: { cookie: press } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers).toMatchObject({
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    });
    const body = page.body;
    expect(body).toContain(`<h1>${STATEMENT.title}</h1>`);
    expect(body).toContain(
      '<span class="agency">Bộ Công an</span> · Ngày đăng: <time datetime="2025-06-18T03:00:00.000Z">10:00 18/06/2025</time>',
    );
    expect(body).toContain(`<a href="${STATEMENT.url}" rel="noopener noreferrer" id="source-url" class="source-link">`);
    expect(body).toContain(`data-citation="“${STATEMENT.title}”, Bộ Công an, 18/06/2025, ${STATEMENT.url}"`);
    // Every sentence, each once, in order.
    const text = /<div class="statement-text" lang="vi">([\s\S]*?)<\/div>/u.exec(body)?.[1] ?? '';
    for (const sentence of SENTENCES) expect(text.split(sentence)).toHaveLength(2);
    expect(
      text
        .replace(/<\/?p>/gu, ' ')
        .replace(/\s+/gu, ' ')
        .trim(),
    ).toBe(SENTENCES.join(' '));
    expect((await app.inject({ method: 'GET', url: `${PAGE_URL}?lang=en`, headers: { cookie: press } })).body).toContain(
      '<span class="agency">Bộ Công an</span> · Published: <time',
    );
  });

  it('lists the claims it answers, newest first, with its stance, outlet and publish time, linked to their review page', async () => {
    const page = await app.inject({ method: 'GET', url: PAGE_URL, headers: { cookie: analyst } });
    expect(page.statusCode).toBe(200);
    const items = [...page.body.matchAll(/<li data-flag="([^"]+)" data-stance="([^"]+)">([\s\S]*?)<\/li>/gu)];
    expect(items.map(([, id, stance]) => [id, stance])).toEqual([
      ['p2', 'supports'],
      ['p1', 'contradicts'],
      ['p3', 'contradicts'],
    ]);
    const [p2, p1, p3] = items.map((m) => m[3] ?? '');
    expect(p1).toContain(
      '<span class="stance stance-contradicts">Mâu thuẫn</span> <a href="/claims/p1">Căn cước công dân sẽ hết hiệu lực sau ngày 30/6.</a>',
    );
    expect(p1).toContain('trang-p1 (Mạng xã hội) · 09:00 20/06/2025');
    expect(p2).toContain('<span class="stance stance-supports">Ủng hộ</span>');
    expect(p2).toContain('trang-p2 (Báo chí) · 09:00 21/06/2025');
    expect(p3).toContain('trang-p3 (Mạng xã hội) · —');
    // Not a bare 'p4': the page's random CSRF token can hold one.
    expect(page.body).not.toContain('data-flag="p4"');
    expect(page.body).not.toContain('Hà Nội xử phạt 50.000');
    // A press officer sees the claims but is not sent to review pages they may not open.
    const forPress = await app.inject({ method: 'GET', url: PAGE_URL, headers: { cookie: press } });
    expect(forPress.body).toContain('data-flag="p1"');
    expect(forPress.body).not.toContain('href="/claims/');
    // A statement no claim names says so.
    const other = await app.inject({ method: 'GET', url: `/statements/${encodeURIComponent(OTHER.id)}`, headers: { cookie: press } });
    expect(other.body).toContain('data-flag="p4"');
    expect(other.body).toContain('data-stance="nei"');
  });

  it('opens the claims it answers as a queue filter: the same claims, the statement named, an unknown one refused', async () => {
    const page = await app.inject({ method: 'GET', url: PAGE_URL, headers: { cookie: analyst } });
    const link = /<a href="([^"]+)" id="answered-in-queue">/u.exec(page.body)?.[1] ?? '';
    expect(link).toBe(`/queue?statement=${encodeURIComponent(STATEMENT.id)}`);
    // Not for a role that may not read the queue.
    expect((await app.inject({ method: 'GET', url: PAGE_URL, headers: { cookie: press } })).body).not.toContain('answered-in-queue');

    const queued = async (statementId: string) => {
      const response = await app.inject({
        method: 'GET',
        url: `/api/queue?statement=${encodeURIComponent(statementId)}`,
        headers: { cookie: analyst },
      });
      expect(response.statusCode).toBe(200);
      return (response.json() as { items: { flag: { id: string } }[] }).items.map((i) => i.flag.id).sort();
    };
    // What the statement's page lists: by a match of any stance, or by a reason alone.
    expect(await queued(STATEMENT.id)).toEqual(['p1', 'p2', 'p3']);
    expect(await queued(OTHER.id)).toEqual(['p1', 'p4']);

    const queue = await app.inject({ method: 'GET', url: link, headers: { cookie: analyst } });
    expect(queue.statusCode).toBe(200);
    const chip = /<p class="statement-filter" id="statement-filter">([\s\S]*?)<\/p>/u.exec(queue.body)?.[1] ?? '';
    expect(chip).toContain(`<a href="${PAGE_URL}" class="statement-link">${STATEMENT.title}</a>`);
    expect(chip).toContain(`<input type="hidden" name="statement" value="${STATEMENT.id}">`);
    expect(chip).toContain('<a href="/queue" id="drop-statement">');
    expect(queue.body).toContain('data-flag="p3"');
    expect(queue.body).not.toContain('data-flag="p4"');
    // The download holds the same claims.
    const csv = await app.inject({
      method: 'GET',
      url: `/queue.csv?statement=${encodeURIComponent(STATEMENT.id)}`,
      headers: { cookie: analyst },
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.trim().split('\r\n')).toHaveLength(1 + 3);

    // The trends keep the filter too, and name the statement the same way.
    await createUser(es, names, 'giam-sat', 'supervisor', PASSWORD);
    const supervisor = await sessionCookie(app, 'giam-sat', PASSWORD);
    const trends = await app.inject({
      method: 'GET',
      url: `/trends?days=7&statement=${encodeURIComponent(STATEMENT.id)}`,
      headers: { cookie: supervisor },
    });
    expect(trends.statusCode).toBe(200);
    expect(trends.body).toContain(`class="statement-link">${STATEMENT.title}</a> · <a href="/trends?days=7" id="drop-statement">`);
    expect(trends.body).toContain(`/trends.csv?days=7&amp;statement=${encodeURIComponent(STATEMENT.id)}`);

    // An id no statement and no flag has is a broken link, said so.
    const unknown = await app.inject({ method: 'GET', url: '/api/queue?statement=khong-co%3Av1', headers: { cookie: analyst } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ parameter: 'statement', value: 'khong-co:v1' });
    const unknownPage = await app.inject({ method: 'GET', url: '/queue?statement=khong-co%3Av1', headers: { cookie: analyst } });
    expect(unknownPage.statusCode).toBe(400);
    expect(unknownPage.body).toContain('không có thông cáo chính thức nào mang mã này');
  });

  it('says how many claims answer the statement in all when it lists fewer, in both languages', async () => {
    const cookie = await sessionCookie(capped, 'mai', PASSWORD);
    const listed = (body: string) => [...body.matchAll(/<li data-flag="([^"]+)"/gu)].map(([, id]) => id);
    const vi = await capped.inject({ method: 'GET', url: PAGE_URL, headers: { cookie } });
    expect(vi.statusCode).toBe(200);
    // The two newest of the three, and the count of all three said before them.
    expect(listed(vi.body)).toEqual(['p2', 'p1']);
    expect(vi.body).toContain(
      '<p id="answered-more">Thông cáo này trả lời tổng cộng 3 nội dung bị gắn cờ; dưới đây là 2 nội dung mới nhất.</p><ol id="answered-claims"',
    );
    const en = await capped.inject({ method: 'GET', url: `${PAGE_URL}?lang=en`, headers: { cookie } });
    expect(listed(en.body)).toEqual(['p2', 'p1']);
    expect(en.body).toContain('<p id="answered-more">This statement answers 3 flagged claims in all; the 2 newest are listed below.</p>');
    const api = await capped.inject({ method: 'GET', url: `/api${PAGE_URL}`, headers: { cookie } });
    const json = api.json<{ claims: AnsweredClaim[]; total: number }>();
    expect({ listed: json.claims.map((c) => c.flagId), total: json.total }).toEqual({ listed: ['p2', 'p1'], total: 3 });
    // Everything listed: no count to add. The other statement answers one claim.
    for (const [server, url] of [
      [app, PAGE_URL],
      [capped, `/statements/${encodeURIComponent(OTHER.id)}`],
    ] as const) {
      const page = await server.inject({ method: 'GET', url, headers: { cookie: server === app ? analyst : cookie } });
      expect({ url, more: page.body.includes('answered-more') }).toEqual({ url, more: false });
    }
  });

  it('answers the same as JSON', async () => {
    const response = await app.inject({ method: 'GET', url: `/api${PAGE_URL}`, headers: { cookie: press } });
    expect(response.statusCode).toBe(200);
    const json = response.json<{ statement: StatementView; claims: AnsweredClaim[]; total: number }>();
    expect(json.statement).toMatchObject({
      statementId: STATEMENT.id,
      title: STATEMENT.title,
      agency: 'Bộ Công an',
      publishedAt: STATEMENT.publishedAt,
      url: STATEMENT.url,
      version: 1,
    });
    expect(json.statement.passages.join(' ')).toBe(SENTENCES.join(' '));
    expect(json.total).toBe(3);
    expect(json.claims.map((c) => [c.flagId, c.stance, c.sourceId, c.publishedAt])).toEqual([
      ['p2', 'supports', 'trang-p2', '2025-06-21T02:00:00.000Z'],
      ['p1', 'contradicts', 'trang-p1', '2025-06-20T02:00:00.000Z'],
      ['p3', 'contradicts', 'trang-p3', null],
    ]);
  });

  it('answers an unknown statement with a 404 page, and JSON on the API', async () => {
    const page = await app.inject({ method: 'GET', url: '/statements/khong-co', headers: { cookie: press } });
    expect(page.statusCode).toBe(404);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<p role="alert">Không có trang hoặc mục này.</p>');
    expect(page.body).toContain('<nav>');
    const api = await app.inject({ method: 'GET', url: '/api/statements/khong-co', headers: { cookie: press } });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toEqual({ error: 'no such statement', parameter: 'id', value: 'khong-co' });
  });

  it('refuses whoever may not search statements: 403 for an integration token, the login for nobody', async () => {
    for (const url of [PAGE_URL, `/api${PAGE_URL}`]) {
      const refused = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
      expect({ url, status: refused.statusCode }).toEqual({ url, status: 403 });
      expect(refused.body).not.toContain(STATEMENT.title);
    }
    const anonymous = await app.inject({ method: 'GET', url: PAGE_URL });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/login');
    expect((await app.inject({ method: 'GET', url: `/api${PAGE_URL}` })).statusCode).toBe(401);
  });

  it('is linked from the claim page and from the search results, the original staying a second link', async () => {
    const claim = await app.inject({ method: 'GET', url: '/claims/p1', headers: { cookie: analyst } });
    expect(claim.body).toContain(
      `<strong><a href="${PAGE_URL}" class="statement-link">${STATEMENT.title}</a></strong> · Bộ Công an · 10:00 18/06/2025 · <a href="${STATEMENT.url}" rel="noopener noreferrer" class="source-link">bản gốc</a>`,
    );
    const search = await app.inject({
      method: 'GET',
      url: `/statements?q=${encodeURIComponent('can cuoc het hieu luc')}`,
      headers: { cookie: press },
    });
    expect(search.body).toContain(`<a href="${PAGE_URL}" class="statement-link">${STATEMENT.title}</a>`);
    expect(search.body).toContain(`<a href="${STATEMENT.url}" rel="noopener noreferrer" class="source-link">`);
  });

  it('reads overlapping passages as one text', () => {
    expect(withoutOverlap(['A b. C d. E f.', 'E f. G h. I k.', 'I k.'])).toEqual(['A b. C d. E f.', 'G h. I k.']);
    expect(withoutOverlap(['Một câu.', 'Câu khác.'])).toEqual(['Một câu.', 'Câu khác.']);
  });
});
