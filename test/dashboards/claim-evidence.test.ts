/**
 * On a flagged claim, the official statement is named as a reviewer knows it (title, agency,
 * date, a link to its page here and one to the original), not by its id; a statement on another
 * matter is a folded line, not a side-by-side panel; the score's terms read in words, their ids
 * and weights on demand; and the headers that keep a signed-in page out of caches and referrers.
 * Real Elasticsearch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../core/ids.js';
import type { Flag, OfficialStatement } from '../../core/contracts.js';
import { indexNames } from '../../core/names.js';
import { buildDashboardApp } from '../../dashboards/app.js';
import { createUser, ensureDashboardIndices } from '../../dashboards/store.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices, ensureIndices } from '../../platform/elasticsearch/indices.js';
import { ensureStatementsIndex, indexStatements } from '../../classifiers/matching/statements-index.js';
import { isolatedConfig } from '../helpers.js';
import { indexFlags, sessionCookie } from './fixtures.js';

const config = isolatedConfig('claim-evidence');
const names = indexNames(config.namespace);
const es = createElasticsearchClient(config);
const app = buildDashboardApp({ es, names, loginRateLimit: { max: 50, timeWindowMs: 60_000 } });
const PASSWORD = 'mat-khau-rat-dai-3';
let cookie = '';

const statement = (id: string, title: string, agency: string, text: string, publishedAt: string): OfficialStatement => ({
  id,
  agency,
  title,
  text,
  url: `https://bocongan.example.gov.vn/${id}.html`,
  publishedAt,
  fetchedAt: publishedAt,
  version: 1,
  contentHash: sha256Hex(text),
});
const DENIAL = 'Bộ Công an khẳng định thẻ căn cước công dân còn thời hạn vẫn được sử dụng đến hết thời hạn in trên thẻ.';
const STATEMENTS = [
  statement(
    '2ae13df3c0ffee01:v1',
    'Bác bỏ tin đồn căn cước công dân hết hiệu lực sau ngày 30/6',
    'Bộ Công an',
    DENIAL,
    '2025-06-18T03:00:00.000Z',
  ),
  statement(
    '77aa0bb1deadbeef:v1',
    'Kết quả ra quân bảo đảm trật tự an toàn giao thông',
    'Công an TP Hà Nội',
    'Phòng Cảnh sát giao thông đã xử lý 18.600 trường hợp vi phạm.',
    '2025-06-10T03:00:00.000Z',
  ),
];
const CLAIM = 'Căn cước công dân sẽ hết hiệu lực sau ngày 30/6.';
const FLAG: Flag = {
  id: 'e1',
  claimId: 'c-e1',
  claimText: CLAIM,
  url: 'https://mxh.example.vn/bai/1',
  sourceId: 'mxh',
  sourceKind: 'social',
  publishedAt: '2025-06-20T02:00:00.000Z',
  score: 0.91,
  createdAt: '2025-06-20T02:05:00.000Z',
  topics: ['citizen-id'],
  // The claim relays what a page says: the frame shows on the claim page, with who it is attributed to.
  attribution: {
    frame: 'reports',
    attributedTo: 'một trang mạng xã hội',
    cue: null,
    proposition: { text: CLAIM, start: 0, end: CLAIM.length },
    rebuttedInDocument: false,
  },
  signals: [
    { id: 'model-suspicious', description: 'Văn bản giống tin đồn đã biết', descriptionEn: 'Reads like known rumours', weight: 2.51 },
  ],
  matches: [
    {
      claimId: 'c-e1',
      statementId: '2ae13df3c0ffee01:v1',
      url: 'https://bocongan.example.gov.vn/2ae13df3c0ffee01:v1.html',
      score: 0.93,
      stance: 'contradicts',
      evidence: DENIAL,
      conflicts: [
        {
          kind: 'outcome',
          claimSpan: { text: 'hết hiệu lực', start: 21, end: 33 },
          evidenceSpan: { text: 'vẫn được sử dụng', start: 60, end: 76 },
        },
      ],
    },
    {
      claimId: 'c-e1',
      statementId: '77aa0bb1deadbeef:v1',
      url: 'https://bocongan.example.gov.vn/77aa0bb1deadbeef:v1.html',
      score: 0.06,
      stance: 'nei',
      evidence: 'Phòng Cảnh sát giao thông đã xử lý 18.600 trường hợp vi phạm.',
      conflicts: [],
    },
  ],
};

describe('Dashboards > the evidence on a claim page', () => {
  beforeAll(async () => {
    await ensureIndices(es, names);
    await ensureDashboardIndices(es, names);
    await ensureStatementsIndex(es, names);
    await indexStatements(es, names, STATEMENTS);
    await es.indices.refresh({ index: names.statements });
    await indexFlags(es, names, [FLAG]);
    await createUser(es, names, 'mai', 'analyst', PASSWORD);
    cookie = await sessionCookie(app, 'mai', PASSWORD);
  });
  afterAll(async () => {
    await app.close();
    await deleteIndices(es, names);
    await es.close();
  });

  it('names the statement by title, agency and date, folds the one on another matter, and keeps weights on demand', async () => {
    const page = await app.inject({ method: 'GET', url: '/claims/e1', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    const body = page.body;
    expect(body).toContain(
      '<strong><a href="/statements/2ae13df3c0ffee01%3Av1" class="statement-link">Bác bỏ tin đồn căn cước công dân hết hiệu lực sau ngày 30/6</a></strong> · Bộ Công an · 10:00 18/06/2025 · <a href="https://bocongan.example.gov.vn/2ae13df3c0ffee01:v1.html" rel="noopener noreferrer" class="source-link">bản gốc</a>',
    );
    expect(body).not.toContain('>2ae13df3c0ffee01:v1<');
    expect(body).not.toMatch(/2ae13df3c0ffee01:v1 ·/u);
    // One side-by-side panel (the contradiction); the traffic report is a line inside <details>.
    expect(body.match(/class="side"/gu)).toHaveLength(1);
    expect(body).toMatch(
      /<details class="other-matters"><summary>Thông cáo về việc khác \(không đủ thông tin\): 1<\/summary><ul><li><strong>.*Kết quả ra quân/u,
    );
    expect(body).not.toContain('18.600 trường hợp');
    // The score's term in words; its id and weight only inside the folded weights.
    expect(body).toContain('<li>Văn bản giống tin đồn đã biết</li>');
    expect(body).toMatch(
      /<details class="weights"><summary>Trọng số của điểm<\/summary><ul><li>model-suspicious: 2\.51<\/li><\/ul><\/details>/u,
    );
  });

  it("states the claim's frame, as the matcher gives it, in both languages", async () => {
    const vi = (await app.inject({ method: 'GET', url: '/claims/e1', headers: { cookie } })).body;
    expect(vi).toContain('<p class="meta">Cách nêu: thuật lại lời người khác (dẫn lời một trang mạng xã hội)</p>');
    const en = (await app.inject({ method: 'GET', url: '/claims/e1?lang=en', headers: { cookie } })).body;
    expect(en).toContain('<p class="meta">Frame: reports what someone says (attributed to một trang mạng xã hội)</p>');
    // And in the claim's queue row.
    expect((await app.inject({ method: 'GET', url: '/queue', headers: { cookie } })).body).toContain(
      ' · Cách nêu: thuật lại lời người khác</div>',
    );
  });

  it('keeps signed-in pages out of caches, sends no referrer and forbids sniffing on every response', async () => {
    const page = await app.inject({ method: 'GET', url: '/claims/e1', headers: { cookie } });
    expect(page.headers).toMatchObject({
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    });
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const api = await app.inject({ method: 'GET', url: '/api/flags/e1/narrative' });
    expect(api.statusCode).toBe(401);
    expect(api.headers).toMatchObject({
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    });
    // A static script says how long it may be kept, and keeps saying it.
    const asset = await app.inject({ method: 'GET', url: '/assets/echarts.min.js' });
    expect(asset.headers['cache-control']).toBe('public, max-age=86400');
    expect(asset.headers['x-content-type-options']).toBe('nosniff');
  });
});
