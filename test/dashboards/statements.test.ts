import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfficialStatement, SourceDocument } from '../../core/contracts.js';
import { documentIdFor, sha256Hex } from '../../core/ids.js';
import { indexNames } from '../../core/names.js';
import { buildDashboardApp } from '../../dashboards/app.js';
import type { StatementHit } from '../../dashboards/statements.js';
import { createUser, ensureDashboardIndices } from '../../dashboards/store.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices, ensureIndices } from '../../platform/elasticsearch/indices.js';
import { ensureStatementsIndex, indexStatements } from '../../classifiers/matching/statements-index.js';
import type { DetailedMatch } from '../../classifiers/matching/matcher.js';
import { handleDocuments } from '../../pipeline/stages/index-documents.js';
import { isolatedConfig } from '../helpers.js';
import { sessionCookie } from './fixtures.js';

const PASSWORD = 'mat-khau-rat-dai-1';

function statement(id: string, agency: string, title: string, text: string, publishedAt: string): OfficialStatement {
  return {
    id,
    agency,
    title,
    text,
    url: `https://bocongan.gov.vn/tin/${id}`,
    publishedAt,
    fetchedAt: '2025-04-01T00:00:00.000Z',
    version: 1,
    contentHash: sha256Hex(text),
  };
}

const STATEMENTS = [
  statement(
    'tb-1',
    'Bộ Công an',
    'Cảnh báo lừa đảo qua mạng',
    'Bộ Công an cảnh báo thủ đoạn lừa đảo qua mạng giả danh cán bộ công an yêu cầu chuyển tiền. Công an không bao giờ yêu cầu người dân chuyển tiền qua điện thoại.',
    '2025-03-10T02:00:00.000Z',
  ),
  statement(
    'tb-2',
    'Cục Cảnh sát giao thông',
    'Không có quy định phạt không bật đèn ban ngày',
    'Cục Cảnh sát giao thông khẳng định không có quy định xử phạt người đi xe máy không bật đèn vào ban ngày từ ngày 1/7.',
    '2025-06-20T02:00:00.000Z',
  ),
  statement(
    'tb-3',
    'Công an TP Hà Nội',
    'Lừa đảo đầu tư tiền ảo',
    'Công an thành phố Hà Nội triệt phá đường dây lừa đảo đầu tư tiền ảo qua mạng xã hội.',
    '2025-05-05T02:00:00.000Z',
  ),
  statement(
    'tb-4',
    'Công an tỉnh Nghệ An',
    'Bảo đảm an ninh kỳ thi tốt nghiệp',
    'Công an tỉnh Nghệ An bảo đảm an ninh, trật tự cho kỳ thi tốt nghiệp trung học phổ thông; hai chiến sĩ hy sinh khi truy bắt tội phạm được truy tặng huân chương.',
    '2025-06-25T02:00:00.000Z',
  ),
];

describe("Dashboards > press officers' statement search", () => {
  const config = isolatedConfig('stmt');
  const names = indexNames(config.namespace);
  const es = createElasticsearchClient(config);
  const app = buildDashboardApp({ es, names });
  let press = '';
  beforeAll(async () => {
    await ensureIndices(es, names);
    await ensureDashboardIndices(es, names);
    await ensureStatementsIndex(es, names);
    expect((await indexStatements(es, names, STATEMENTS)).rejected).toEqual([]);
    await createUser(es, names, 'bao-chi', 'press', PASSWORD);
    press = await sessionCookie(app, 'bao-chi', PASSWORD);
  });
  afterAll(async () => {
    await app.close();
    await deleteIndices(es, names);
    await es.close();
  });

  const search = async (query: string) => {
    const response = await app.inject({ method: 'GET', url: `/api/statements?${query}`, headers: { cookie: press } });
    expect(response.statusCode).toBe(200);
    return response.json<{ source: string; hits: StatementHit[]; answers?: DetailedMatch[] }>();
  };

  it('finds statements typed without diacritics, highlighted in the original, with a citation', async () => {
    const result = await search(`q=${encodeURIComponent('lua dao qua mang')}`);
    expect(result.source).toBe('statements');
    expect(result.hits.map((h) => h.statementId).sort()).toEqual(['tb-1', 'tb-3']);
    const first = result.hits.find((h) => h.statementId === 'tb-1');
    expect(first?.highlight).toContain('<mark>lừa</mark> <mark>đảo</mark> <mark>qua</mark> <mark>mạng</mark>');
    expect(first?.citation).toBe('“Cảnh báo lừa đảo qua mạng”, Bộ Công an, 10/03/2025, https://bocongan.gov.vn/tin/tb-1');
  });

  it('finds a statement typed in the other i/y spelling, with or without diacritics', async () => {
    for (const q of ['kì thi tốt nghiệp', 'ki thi tot nghiep', 'kỳ thi tốt nghiệp', 'chien si hi sinh']) {
      const hits = (await search(`q=${encodeURIComponent(q)}`)).hits;
      expect(
        hits.map((h) => h.statementId),
        q,
      ).toEqual(['tb-4']);
    }
    const [hit] = (await search(`q=${encodeURIComponent('ki thi tot nghiep')}`)).hits;
    expect(hit?.highlight).toContain('<mark>kỳ</mark> <mark>thi</mark> <mark>tốt</mark> <mark>nghiệp</mark>');
  });

  it('filters by agency and by date range', async () => {
    expect(
      (await search(`q=${encodeURIComponent('lua dao')}&agency=${encodeURIComponent('Công an TP Hà Nội')}`)).hits.map((h) => h.statementId),
    ).toEqual(['tb-3']);
    expect((await search(`q=${encodeURIComponent('lua dao')}&from=2025-04-01&to=2025-12-31`)).hits.map((h) => h.statementId)).toEqual([
      'tb-3',
    ]);
    expect((await search(`q=${encodeURIComponent('lua dao')}&to=2025-01-01`)).hits).toEqual([]);
  });

  it('needs most of the words of a query: one shared word is not a hit, and the page says so', async () => {
    expect((await search(`q=${encodeURIComponent('xyzzy khong ton tai')}`)).hits).toEqual([]);
    expect((await search(`q=${encodeURIComponent('xyzzy lừa đảo qua mạng')}`)).hits.map((h) => h.statementId).sort()).toEqual([
      'tb-1',
      'tb-3',
    ]);
    const page = await app.inject({
      method: 'GET',
      url: `/statements?q=${encodeURIComponent('xyzzy khong ton tai')}`,
      headers: { cookie: press },
    });
    expect(page.body).toContain('id="no-results"');
    expect(page.body).not.toContain('id="results"');
  });

  it('filters by agency typed without diacritics or in part', async () => {
    expect(
      (await search(`q=${encodeURIComponent('lua dao')}&agency=${encodeURIComponent('bo cong an')}`)).hits.map((h) => h.statementId),
    ).toEqual(['tb-1']);
    expect(
      (await search(`q=${encodeURIComponent('lua dao')}&agency=${encodeURIComponent('CÔNG AN')}`)).hits.map((h) => h.statementId).sort(),
    ).toEqual(['tb-1', 'tb-3']);
    expect((await search(`q=${encodeURIComponent('lua dao')}&agency=${encodeURIComponent('bo y te')}`)).hits).toEqual([]);
  });

  it('answers a pasted claim through the matcher', async () => {
    const claim = 'Từ 1/7 đi xe máy không bật đèn ban ngày sẽ bị phạt 2 triệu đồng';
    const result = await search(`claim=${encodeURIComponent(claim)}`);
    expect(result.answers?.[0]?.statementId).toBe('tb-2');
  });

  it('renders the page with a copyable citation and escapes the query', async () => {
    const found = await app.inject({
      method: 'GET',
      url: `/statements?q=${encodeURIComponent('lua dao qua mang')}`,
      headers: { cookie: press },
    });
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain('data-citation="“Cảnh báo lừa đảo qua mạng”, Bộ Công an, 10/03/2025, https://bocongan.gov.vn/tin/tb-1"');
    const page = await app.inject({
      method: 'GET',
      url: `/statements?q=${encodeURIComponent('lua dao <img src=x onerror=alert(1)>')}`,
      headers: { cookie: press },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('<img src=x');
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect((await app.inject({ method: 'GET', url: '/api/statements?q=a' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/queue', headers: { cookie: press } })).statusCode).toBe(403);
  });
});

describe('Dashboards > statement search before the statements index exists', () => {
  const config = isolatedConfig('stmt-fb');
  const names = indexNames(config.namespace);
  const es = createElasticsearchClient(config);
  const app = buildDashboardApp({ es, names });
  beforeAll(async () => {
    await ensureIndices(es, names);
    await ensureDashboardIndices(es, names);
    const docs: SourceDocument[] = [
      ['news', 'https://bao.example.vn/a'],
      ['official', 'https://chinhphu.vn/b'],
    ].map(([kind, url]) => ({
      id: documentIdFor(url as string),
      url: url as string,
      canonicalUrl: url as string,
      sourceId: kind === 'official' ? 'chinhphu' : 'bao',
      sourceKind: kind as SourceDocument['sourceKind'],
      outlet: 'x',
      title: 't',
      text: 'Cảnh báo thủ đoạn lừa đảo cài ứng dụng giả mạo dịch vụ công.',
      publishedAt: '2025-03-21T08:30:00.000Z',
      fetchedAt: '2025-03-21T09:00:00.000Z',
      language: 'vi',
      contentHash: sha256Hex(url as string),
    }));
    expect(
      await handleDocuments(
        es,
        names,
        docs.map((value, i) => ({ value, key: value.id, partition: 0, offset: String(i) })),
      ),
    ).toEqual([]);
    await es.indices.refresh({ index: names.sentences });
    await createUser(es, names, 'bao-chi', 'press', PASSWORD);
  });
  afterAll(async () => {
    await app.close();
    await deleteIndices(es, names);
    await es.close();
  });

  it('searches sentences of official sources only', async () => {
    const cookie = await sessionCookie(app, 'bao-chi', PASSWORD);
    const response = await app.inject({
      method: 'GET',
      url: `/api/statements?q=${encodeURIComponent('ung dung gia mao')}`,
      headers: { cookie },
    });
    const body = response.json<{ source: string; hits: StatementHit[] }>();
    expect(body.source).toBe('sentences');
    expect(body.hits.map((h) => h.url)).toEqual(['https://chinhphu.vn/b']);
  });
});
