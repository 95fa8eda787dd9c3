/**
 * The web app shares the queue's grouped flags between requests for a moment: a new flag may
 * show up that much later, but a review shows up at once, for every reviewer. Real Elasticsearch.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flag } from '../../core/contracts.js';
import { indexNames } from '../../core/names.js';
import { cachedQueueLoader } from '../../dashboards/queue.js';
import { appendReview, ensureDashboardIndices } from '../../dashboards/store.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices, ensureIndices } from '../../platform/elasticsearch/indices.js';
import { isolatedConfig } from '../helpers.js';
import { indexFlags } from './fixtures.js';

const config = isolatedConfig('queue-cache');
const names = indexNames(config.namespace);
const es = createElasticsearchClient(config);

const flag = (n: number, text: string): Flag => ({
  id: `f${n}`,
  claimId: `c${n}`,
  claimText: text,
  url: `https://nguon${n}.example.vn/bai`,
  sourceId: `nguon${n}`,
  sourceKind: 'social',
  publishedAt: '2025-11-20T02:00:00.000Z',
  score: 0.9 - n / 100,
  signals: [{ id: 'hearsay', description: 'Tin đồn', weight: 0.5 }],
  matches: [],
  topics: ['citizen-id'],
  createdAt: '2025-11-20T03:00:00.000Z',
});

describe('Dashboards > the queue shared between requests', () => {
  beforeAll(async () => {
    await ensureIndices(es, names);
    await ensureDashboardIndices(es, names);
    await indexFlags(es, names, [
      flag(1, 'Tài khoản VNeID sẽ bị khóa nếu không cập nhật qua đường link.'),
      flag(2, 'Tai khoan VNeID se bi khoa neu khong cap nhat qua duong link!'),
    ]);
  });
  afterAll(async () => {
    await deleteIndices(es, names);
    await es.close();
  });

  it('shows a review at once and a new flag after the sharing window', async () => {
    const queue = cachedQueueLoader(es, names, 4_000);
    const first = await queue({});
    // The two spellings are one narrative, carried by two sources.
    expect(first.map((i) => [i.flag.id, i.spread, i.relatedFlagIds])).toEqual([['f1', 2, ['f2']]]);

    await indexFlags(es, names, [flag(3, 'Công an yêu cầu chuyển tiền để mở khóa căn cước.')]);
    await appendReview(es, names, { flagId: 'f1', action: 'confirm', verdict: 'false', by: 'lan' });
    await es.indices.refresh({ index: names.reviews });
    const soon = await queue({});
    expect(soon.map((i) => i.flag.id)).toEqual(['f1']); // f3 not yet: the grouped flags are shared
    expect(soon[0]?.state.status).toBe('confirmed'); // the review already is
    expect((await queue({ status: 'open' })).map((i) => i.flag.id)).toEqual([]);

    await sleep(4_100);
    const later = await queue({});
    expect(later.map((i) => i.flag.id).sort()).toEqual(['f1', 'f3']);
    expect((await queue({ status: 'open' })).map((i) => i.flag.id)).toEqual(['f3']);
    // Another filter set is its own entry, read fresh.
    expect((await queue({ sourceKind: 'news' })).length).toBe(0);
  });
});
