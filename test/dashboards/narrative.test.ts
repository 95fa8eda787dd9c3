/**
 * An analyst sees, on a flagged claim, where else the same claim appeared (near-duplicates across
 * sources: same words once folded), when it was first seen and how it spread day by day.
 * Real Elasticsearch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flag } from '../../core/contracts.js';
import { indexNames } from '../../core/names.js';
import { buildDashboardApp } from '../../dashboards/app.js';
import type { NarrativeView } from '../../dashboards/queue.js';
import { createUser, ensureDashboardIndices } from '../../dashboards/store.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices, ensureIndices } from '../../platform/elasticsearch/indices.js';
import { isolatedConfig } from '../helpers.js';
import { indexFlags, sessionCookie } from './fixtures.js';

const config = isolatedConfig('narrative');
const names = indexNames(config.namespace);
const es = createElasticsearchClient(config);
const app = buildDashboardApp({ es, names, loginRateLimit: { max: 50, timeWindowMs: 60_000 } });
const PASSWORD = 'mat-khau-rat-dai-2';
let cookie = '';

const flag = (id: string, claimText: string, publishedAt: string, sourceId = `nguon-${id}`): Flag => ({
  id,
  claimId: `c-${id}`,
  claimText,
  url: `https://${sourceId}.example.vn/${id}`,
  sourceId,
  sourceKind: 'social',
  publishedAt,
  score: 0.8,
  signals: [{ id: 'hearsay', description: 'Tin đồn', weight: 0.5 }],
  matches: [],
  topics: ['citizen-id'],
  createdAt: publishedAt,
});
const RUMOUR = 'Căn cước công dân sẽ hết hiệu lực sau ngày 30/6.';
const FLAGS = [
  flag('a', RUMOUR, '2025-06-20T02:00:00.000Z'),
  flag('b', 'can cuoc cong dan se het hieu luc sau ngay 30/6!', '2025-06-21T03:00:00.000Z'),
  flag('c', 'Căn cước công dân sẽ hết hiệu lực sau ngày 30/6', '2025-06-21T20:00:00.000Z', 'nguon-b'), // 03:00 on 22/6 in Hà Nội
  flag('d', 'Căn cước công dân sẽ không hết hiệu lực sau ngày 30/6.', '2025-06-22T02:00:00.000Z'), // says the opposite: not the same claim
  // One claim in both i/y spellings ("tỷ" / "tỉ", "Kỳ" / "kì"), with and without diacritics.
  flag('e', 'Kỳ này phạt 2 tỷ đồng nếu chưa đổi căn cước.', '2025-06-23T02:00:00.000Z'),
  flag('f', 'ki nay phat 2 ti dong neu chua doi can cuoc', '2025-06-24T02:00:00.000Z'),
];

describe('Dashboards > the same claim across sources', () => {
  beforeAll(async () => {
    await ensureIndices(es, names);
    await ensureDashboardIndices(es, names);
    await indexFlags(es, names, FLAGS);
    await createUser(es, names, 'lan', 'analyst', PASSWORD);
    cookie = await sessionCookie(app, 'lan', PASSWORD);
  });
  afterAll(async () => {
    await app.close();
    await deleteIndices(es, names);
    await es.close();
  });

  it('lists the other appearances oldest first, with the sources and the spread per day in Vietnam', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/flags/b/narrative', headers: { cookie } });
    expect(response.statusCode).toBe(200);
    const narrative = response.json<NarrativeView>();
    expect(narrative.members.map((m) => m.id)).toEqual(['a', 'b', 'c']);
    expect(narrative.sources).toBe(2);
    expect(narrative.firstSeen).toBe('2025-06-20T02:00:00.000Z');
    expect(narrative.perDay).toEqual([
      { day: '2025-06-20', count: 1 },
      { day: '2025-06-21', count: 1 },
      { day: '2025-06-22', count: 1 },
    ]);
  });

  it('takes the two i/y spellings of a syllable for the same claim', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/flags/f/narrative', headers: { cookie } });
    expect(response.json<NarrativeView>().members.map((m) => m.id)).toEqual(['e', 'f']);
  });

  it('shows them on the claim page, and answers 404 and 401 where it should', async () => {
    const page = await app.inject({ method: 'GET', url: '/claims/a', headers: { cookie } });
    expect(page.body).toContain('Cùng câu chuyện ở các nguồn khác');
    expect(page.body).toContain('https://nguon-b.example.vn/b');
    // Within the list of appearances: the page's "next item" may well lead to another claim.
    const appearances = page.body.match(/<ol class="narrative">[\s\S]*?<\/ol>/)?.[0] ?? '';
    expect(appearances).toContain('href="/claims/c"');
    expect(appearances).not.toContain('href="/claims/d"');
    expect((await app.inject({ method: 'GET', url: '/api/flags/zzz/narrative', headers: { cookie } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/flags/a/narrative' })).statusCode).toBe(401);
  });
});
