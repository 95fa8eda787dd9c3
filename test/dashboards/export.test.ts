/**
 * CSV export of what a filter shows: every matching flag (more than one Elasticsearch page of
 * them), RFC 4180 quoting of commas, quotes and line breaks, UTF-8 with a byte-order mark, the
 * reviewer's columns (outlet from the claims index, reasons and stance in words, the statement's
 * title, the review status), formulas neutralised, and the roles of the page it comes from.
 * Real Elasticsearch.
 */
import type { AddressInfo } from 'node:net';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureStatementsIndex, indexStatements } from '../../classifiers/matching/statements-index.js';
import type { Flag, OfficialStatement } from '../../core/contracts.js';
import { sha256Hex } from '../../core/ids.js';
import { indexNames } from '../../core/names.js';
import { buildDashboardApp } from '../../dashboards/app.js';
import { EXPORT_COLUMNS, EXPORT_PAGE_SIZE } from '../../dashboards/export.js';
import { appendReview, createUser, ensureDashboardIndices } from '../../dashboards/store.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import type { estypes } from '../../platform/index.js';
import { deleteIndices, ensureIndices } from '../../platform/elasticsearch/indices.js';
import { isolatedConfig } from '../helpers.js';
import { indexFlags, sessionCookie } from './fixtures.js';

const config = isolatedConfig('export');
const names = indexNames(config.namespace);
const es = createElasticsearchClient(config);
const app = buildDashboardApp({ es, names, queueCacheMs: 0 });
const PASSWORD = 'mat-khau-rat-dai-9';
const DAY = 86_400_000;
const now = Date.now();
const ago = (days: number) => new Date(now - days * DAY).toISOString();

// More flags than one page of the export reads, so a filter over all of them spans pages.
const MANY = EXPORT_PAGE_SIZE + 234;
const TRICKY = 'Công an nói: "chuyển tiền, rồi chờ",\nsau đó gọi lại; giá 1,5 triệu';

function flag(i: number, overrides: Partial<Flag> = {}): Flag {
  return {
    id: `f${String(i).padStart(5, '0')}`,
    claimId: `c${i}`,
    claimText: `Tin đồn số ${i} về phạt nguội camera giao thông.`,
    url: `https://trang${i % 7}.example.vn/bai-${i}`,
    sourceId: `trang${i % 7}`,
    sourceKind: 'social',
    publishedAt: ago(i % 20),
    score: 0.6,
    signals: [{ id: 'money-request', description: 'Yêu cầu chuyển tiền', descriptionEn: 'Asks for money', weight: 0.5 }],
    matches: [],
    topics: ['traffic-safety'],
    createdAt: ago(0),
    ...overrides,
  };
}

const statement: OfficialStatement = {
  id: 'tb-9',
  agency: 'Bộ Công an',
  title: 'Cảnh báo thủ đoạn "chuyển tiền", giả danh công an',
  text: 'Công an không bao giờ yêu cầu người dân chuyển tiền qua điện thoại.',
  url: 'https://bocongan.gov.vn/tin/tb-9',
  publishedAt: '2025-03-10T02:00:00.000Z',
  fetchedAt: '2025-03-10T03:00:00.000Z',
  version: 1,
  contentHash: sha256Hex('tb-9'),
};

const SPECIAL: Flag[] = [
  flag(900001, {
    id: 'tricky',
    claimId: 'c-tricky',
    claimText: TRICKY,
    topics: ['online-fraud'],
    publishedAt: '2026-03-21T07:05:00.000Z',
    matches: [
      {
        claimId: 'c-tricky',
        statementId: 'tb-9',
        score: 0.9,
        stance: 'contradicts',
        evidence: statement.text,
        conflicts: [],
        url: statement.url,
      },
    ],
    reasons: [
      {
        kind: 'contradicts-official',
        description: 'Thông cáo nói ngược lại, về số tiền',
        descriptionEn: 'The statement says otherwise, about the amount',
        statementId: 'tb-9',
      },
    ],
  }),
  flag(900002, { id: 'formula', claimId: 'c-formula', claimText: '=HYPERLINK("https://x.example","bấm")', topics: ['online-fraud'] }),
  flag(900003, { id: 'no-time', claimId: 'c-no-time', claimText: 'Dòng một\nDòng hai', publishedAt: null, topics: ['online-fraud'] }),
];
const FLAGS: Flag[] = [...Array.from({ length: MANY }, (_, i) => flag(i)), ...SPECIAL];

/** The export's text as the browser gets it, parsed back; the byte-order mark checked and removed. */
function rowsOf(body: Buffer): string[][] {
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parse(body.subarray(3).toString('utf8'), { relax_column_count: false }) as string[][];
}

describe('Dashboards > CSV export of what a filter shows', () => {
  const cookies: Record<string, string> = {};
  const get = (url: string, role?: string) => app.inject({ method: 'GET', url, headers: role ? { cookie: cookies[role] ?? '' } : {} });

  beforeAll(async () => {
    await ensureIndices(es, names);
    await ensureDashboardIndices(es, names);
    await ensureStatementsIndex(es, names);
    await indexStatements(es, names, [statement]);
    await indexFlags(es, names, FLAGS);
    // The outlet lives on the claim (a flag names its source): one claim has it, the others fall back to the source.
    await es.index({ index: names.claims, id: 'c-tricky', document: { id: 'c-tricky', outlet: 'Báo "Tuổi Trẻ", bản điện tử' } });
    await es.indices.refresh({ index: names.claims });
    for (const role of ['analyst', 'press', 'supervisor'] as const) await createUser(es, names, `nguoi-${role}`, role, PASSWORD);
    await appendReview(es, names, { flagId: 'tricky', action: 'confirm', verdict: 'false', by: 'nguoi-analyst' });
    await appendReview(es, names, { flagId: 'tricky', action: 'assign', assignee: 'nguoi-analyst', by: 'nguoi-supervisor' });
    await es.indices.refresh({ index: names.reviews });
    for (const role of ['analyst', 'press', 'supervisor'] as const) cookies[role] = await sessionCookie(app, `nguoi-${role}`, PASSWORD);
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await deleteIndices(es, names);
    await es.close();
  });

  it('downloads every flag a filter keeps, across pages, each once, with a header row', async () => {
    const response = await get('/queue.csv?topic=traffic-safety', 'analyst');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="sentinel-queue-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(response.headers['cache-control']).toBe('no-store');
    const [header, ...rows] = rowsOf(response.rawPayload);
    expect(header).toEqual(EXPORT_COLUMNS.map((c) => c.vi));
    expect(rows).toHaveLength(MANY);
    expect(new Set(rows.map((r) => r[0])).size).toBe(MANY);
    // Newest publication first.
    const published = rows.map((r) => r[4] ?? '');
    expect([...published].sort().reverse()).toEqual(published);

    // No filter: everything; the queue page itself lists at most a page of narratives.
    const all = rowsOf((await get('/queue.csv', 'analyst')).rawPayload);
    expect(all).toHaveLength(FLAGS.length + 1);
    // Every filter of the queue narrows it the same way: a source, a day range, a review status.
    expect(rowsOf((await get('/queue.csv?source=trang3', 'analyst')).rawPayload).slice(1)).toHaveLength(
      FLAGS.filter((f) => f.sourceId === 'trang3').length,
    );
    expect(rowsOf((await get('/queue.csv?status=confirmed', 'analyst')).rawPayload).map((r) => r[0])).toEqual([
      EXPORT_COLUMNS[0].vi,
      'tricky',
    ]);
  });

  it('quotes commas, quotes and line breaks (RFC 4180) and keeps Vietnamese text as UTF-8', async () => {
    const response = await get('/queue.csv?topic=online-fraud&lang=en', 'analyst');
    expect(response.statusCode).toBe(200);
    const text = response.rawPayload.subarray(3).toString('utf8');
    // Records end with CRLF; a cell with a comma, a quote or a line break is quoted, its quotes doubled.
    expect(text.startsWith(`${EXPORT_COLUMNS.map((c) => c.en).join(',')}\r\n`)).toBe(true);
    expect(text).toContain('"Công an nói: ""chuyển tiền, rồi chờ"",\nsau đó gọi lại; giá 1,5 triệu"');
    expect(text).toContain('"Báo ""Tuổi Trẻ"", bản điện tử"');
    // A line break alone quotes a cell too.
    expect(text).toContain(',"Dòng một\nDòng hai",');
    const rows = rowsOf(response.rawPayload);
    const byId = new Map(rows.map((r) => [r[0], Object.fromEntries(EXPORT_COLUMNS.map((c, i) => [c.key, r[i]]))]));
    expect(byId.get('tricky')).toEqual({
      id: 'tricky',
      claim: TRICKY,
      outlet: 'Báo "Tuổi Trẻ", bản điện tử',
      url: 'https://trang4.example.vn/bai-900001',
      publishedAt: '2026-03-21 14:05',
      topics: 'Online fraud',
      reasons: 'Contradicts an official statement: The statement says otherwise, about the amount',
      stance: 'Contradicts',
      statement: statement.title,
      status: 'Confirmed (False)',
      assignee: 'nguoi-analyst',
      score: '0.60',
    });
    // A claim that would be a formula in a spreadsheet is text; no reason recorded: the score's signals in words.
    expect(byId.get('formula')?.claim).toBe(`'=HYPERLINK("https://x.example","bấm")`);
    expect(byId.get('formula')?.reasons).toBe('Asks for money');
    expect(byId.get('formula')?.outlet).toBe('trang5');
    expect(byId.get('no-time')?.claim).toBe('Dòng một\nDòng hai');
    expect(byId.get('no-time')?.publishedAt).toBe('');
  });

  it('follows the trends filters and range for those who read the trends', async () => {
    const response = await get('/trends.csv?days=7&source=trang3', 'supervisor');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-disposition']).toContain('sentinel-trends-');
    const rows = rowsOf(response.rawPayload).slice(1);
    // Published within the last seven Viet Nam days (i % 20 < 7), from trang3 (i % 7 === 3).
    const expected = FLAGS.filter((f) => f.sourceId === 'trang3' && f.publishedAt !== null && Date.parse(f.publishedAt) > now - 6.5 * DAY);
    expect(rows.map((r) => r[0]).sort()).toEqual(expected.map((f) => f.id).sort());
    // The pages link to their export with their filters.
    expect((await get('/trends?days=7&source=trang3', 'supervisor')).body).toContain('href="/trends.csv?days=7&amp;source=trang3"');
    expect((await get('/queue?topic=online-fraud&status=open', 'analyst')).body).toContain(
      'href="/queue.csv?topic=online-fraud&amp;status=open"',
    );
  });

  it('breaks the download off, never a file that looks whole, when Elasticsearch fails in the middle of it', async () => {
    // The same real Elasticsearch: before the export's third page is read, its point in time is
    // closed, as when keep-alive runs out or the node holding it restarts, so that read fails for real.
    const failing = createElasticsearchClient(config);
    const search = failing.search.bind(failing);
    let breakAt = Infinity;
    let pitReads = 0;
    failing.search = (async (...args: Parameters<typeof search>) => {
      const pit = (args[0] as estypes.SearchRequest | undefined)?.pit;
      if (pit && ++pitReads === breakAt) await es.closePointInTime({ id: pit.id });
      return search(...args);
    }) as typeof failing.search;
    const served = buildDashboardApp({ es: failing, names, queueCacheMs: 0, exportPageSize: 50 });
    await served.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(served.server.address() as AddressInfo).port}/queue.csv?topic=traffic-safety`;
    const cookie = await sessionCookie(served, 'nguoi-analyst', PASSWORD);
    try {
      // Unbroken, the same download through a real socket is whole: every row after the header.
      const whole = await fetch(url, { headers: { cookie } });
      expect(rowsOf(Buffer.from(await whole.arrayBuffer()))).toHaveLength(MANY + 1);
      pitReads = 0;
      breakAt = 3;
      const broken = await fetch(url, { headers: { cookie } });
      // The file had started (status and headers sent with its first rows), so it cannot become an
      // error page: the connection is cut before the chunked body ends, and the client is told so.
      expect(broken.status).toBe(200);
      const reader = (broken.body as ReadableStream<Uint8Array>).getReader();
      const received: Uint8Array[] = [];
      const cut = await (async () => {
        for (;;) {
          try {
            const { done, value } = await reader.read();
            if (done) return undefined;
            received.push(value);
          } catch (error) {
            return error;
          }
        }
      })();
      expect(String(cut)).toMatch(/terminated/);
      expect(pitReads).toBe(3);
      // What arrived before the cut is the header and at most the first two pages' rows.
      const lines = Buffer.concat(received).toString('utf8').split('\r\n').filter(Boolean);
      expect(lines[0]?.startsWith(`\uFEFF${EXPORT_COLUMNS[0].vi},`)).toBe(true);
      expect(lines.length).toBeLessThanOrEqual(1 + 2 * 50);
    } finally {
      await served.close();
      await failing.close();
    }
  });

  it('is refused as the page it comes from is', async () => {
    const anonymous = await get('/queue.csv');
    expect([anonymous.statusCode, anonymous.headers.location]).toEqual([303, '/login']);
    expect((await get('/trends.csv')).statusCode).toBe(303);
    // Press officers read neither the queue nor the trends; analysts read the queue, not the trends.
    const press = await get('/queue.csv', 'press');
    expect(press.statusCode).toBe(403);
    expect(press.headers['content-type']).toContain('text/html');
    expect(press.body).not.toContain('Tin đồn');
    expect((await get('/trends.csv', 'press')).statusCode).toBe(403);
    expect((await get('/trends.csv', 'analyst')).statusCode).toBe(403);
    // A filter that does not parse is refused with a page, never an empty or partial file.
    const invalid = await get('/queue.csv?from=2026-02-30', 'analyst');
    expect(invalid.statusCode).toBe(400);
    expect(invalid.headers['content-type']).toContain('text/html');
  });
});
