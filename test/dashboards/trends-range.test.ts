/**
 * Trends count a claim on the day its source published it (a backfill ingested today is not a
 * spike today), on the day it was collected when it has no publish time (and say how many), over
 * the range asked for, narrowed by topic, source kind and source; every point links to the queue
 * filtered the same way, which lists the flags the point counted. Real Elasticsearch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flag } from '../../core/contracts.js';
import { indexNames } from '../../core/names.js';
import { buildDashboardApp } from '../../dashboards/app.js';
import type { QueueItem } from '../../dashboards/queue.js';
import { appendReview, createUser, ensureDashboardIndices } from '../../dashboards/store.js';
import { vietnamDay } from '../../dashboards/time.js';
import type { Series, TrendsReport } from '../../dashboards/trends.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices, ensureIndices } from '../../platform/elasticsearch/indices.js';
import { isolatedConfig } from '../helpers.js';
import { indexFlags, sessionCookie } from './fixtures.js';

const config = isolatedConfig('trends-range');
const names = indexNames(config.namespace);
const es = createElasticsearchClient(config);
const app = buildDashboardApp({ es, names, queueCacheMs: 0 });
const PASSWORD = 'mat-khau-rat-dai-7';
const DAY = 86_400_000;
const now = Date.now();
const ago = (days: number) => new Date(now - days * DAY).toISOString();
const dayAgo = (days: number) => vietnamDay(new Date(now - days * DAY));

function flag(
  id: string,
  claimText: string,
  publishedDaysAgo: number | null,
  ingestedDaysAgo: number,
  topic: string,
  sourceId: string,
  sourceKind: Flag['sourceKind'],
): Flag {
  return {
    id,
    claimId: `c-${id}`,
    claimText,
    url: `https://${sourceId}.example.vn/${id}`,
    sourceId,
    sourceKind,
    publishedAt: publishedDaysAgo === null ? null : ago(publishedDaysAgo),
    score: 0.6,
    signals: [],
    matches: [],
    topics: [topic],
    createdAt: ago(ingestedDaysAgo),
  };
}

// A backfill: four articles published on different days, all ingested today; two posts without
// a publish time, collected yesterday; one article from before the default range.
const FLAGS: Flag[] = [
  flag('p2', 'Kẻ gian giả danh công an gọi điện yêu cầu chuyển tiền để xác minh tài khoản.', 2, 0, 'online-fraud', 'bao-a', 'news'),
  flag('p5', 'Tin nhắn mạo danh ngân hàng đòi cập nhật sinh trắc học qua đường link lạ.', 5, 0, 'online-fraud', 'bao-a', 'news'),
  flag('p9', 'Đối tượng lập trang giả cổng dịch vụ công để lấy mật khẩu của người dân.', 9, 0, 'online-fraud', 'bao-a', 'news'),
  flag('t5', 'Từ tuần sau xe máy không bật đèn ban ngày sẽ bị phạt hai triệu đồng.', 5, 0, 'traffic-safety', 'bao-b', 'social'),
  flag('n1', 'Nhóm Zalo hướng dẫn nạp tiền để được hoàn thuế thu nhập cá nhân.', null, 1, 'online-fraud', 'trang-c', 'social'),
  flag('n2', 'Bài đăng rủ người dân góp vốn vào sàn tiền ảo cam kết lãi mỗi ngày.', null, 1, 'online-fraud', 'trang-c', 'social'),
  flag('o40', 'Cuộc gọi tự xưng cán bộ thuế đòi đóng phạt vì chậm quyết toán.', 40, 0, 'online-fraud', 'bao-a', 'news'),
];

const total = (s: Series | undefined) => (s?.counts ?? []).reduce((a, b) => a + b, 0);
const countOn = (report: TrendsReport, name: string, day: string) =>
  report.byTopic.find((s) => s.name === name)?.counts[report.days.indexOf(day)];

describe('Dashboards > trends by publish time, over a range, filtered, with drill-down', () => {
  let cookie = '';
  const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie } });
  const trends = async (query = '') => {
    const response = await get(`/api/trends${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<TrendsReport>();
  };

  beforeAll(async () => {
    await ensureIndices(es, names);
    await ensureDashboardIndices(es, names);
    await indexFlags(es, names, FLAGS);
    await createUser(es, names, 'giam-sat', 'supervisor', PASSWORD);
    await appendReview(es, names, { flagId: 't5', action: 'confirm', verdict: 'false', by: 'giam-sat' });
    await appendReview(es, names, { flagId: 'p2', action: 'dismiss', by: 'giam-sat' });
    await es.indices.refresh({ index: names.reviews });
    cookie = await sessionCookie(app, 'giam-sat', PASSWORD);
  });
  afterAll(async () => {
    await app.close();
    await deleteIndices(es, names);
    await es.close();
  });

  it('puts each claim on its publish day, and one without a publish time on its ingestion day, counted as such', async () => {
    const report = await trends();
    expect(report.days).toHaveLength(28);
    expect(report.days.at(-1)).toBe(dayAgo(0));
    // Ingested today, published on three different days: nothing lands today.
    expect(countOn(report, 'online-fraud', dayAgo(0))).toBe(0);
    expect([dayAgo(2), dayAgo(5), dayAgo(9)].map((d) => countOn(report, 'online-fraud', d))).toEqual([1, 1, 1]);
    expect(countOn(report, 'traffic-safety', dayAgo(5))).toBe(1);
    // The two posts without a publish time are on the day they were collected.
    expect(countOn(report, 'online-fraud', dayAgo(1))).toBe(2);
    expect(total(report.byTopic.find((s) => s.name === 'online-fraud'))).toBe(5);
    expect([report.flags, report.fallback]).toEqual([6, 2]);
    expect(report.bySourceKind.map((s) => [s.name, total(s)]).sort()).toEqual([
      ['news', 3],
      ['social', 3],
    ]);

    const page = await get('/trends');
    expect(page.body).toContain(
      'Mỗi tin được tính vào ngày nguồn đăng tin. <strong id="fallback-count">2</strong> trong số 6 tin không có thời điểm đăng nên được tính vào ngày hệ thống thu thập.',
    );
    const en = await get('/trends?lang=en');
    expect(en.body).toContain(
      '<strong id="fallback-count">2</strong> of 6 claims have no publish time and are counted on the day they were collected.',
    );
  });

  it('shows the range asked for, within its bounds', async () => {
    const week = await trends('?days=7');
    expect(week.days).toEqual([6, 5, 4, 3, 2, 1, 0].map(dayAgo));
    expect(total(week.byTopic.find((s) => s.name === 'online-fraud'))).toBe(4); // the one published before the week is out
    expect([week.flags, week.fallback]).toEqual([5, 2]);
    const longer = await trends('?days=60');
    expect(longer.days).toHaveLength(60);
    expect(countOn(longer, 'online-fraud', dayAgo(40))).toBe(1);
    expect(longer.flags).toBe(7);
    const page = await get('/trends?days=7');
    expect(page.body).toContain('<option value="7" selected>7 ngày gần nhất</option>');
    expect(JSON.parse(/id="trends-data">([^<]*)</.exec(page.body)?.[1] ?? '{}').days).toHaveLength(7);
  });

  it('narrows every chart, count and list by topic, source kind and source', async () => {
    const traffic = await trends('?topic=traffic-safety');
    expect(traffic.byTopic.map((s) => [s.name, total(s)])).toEqual([['traffic-safety', 1]]);
    expect(traffic.bySourceKind.map((s) => [s.name, total(s)])).toEqual([['social', 1]]);
    expect([traffic.flags, traffic.fallback]).toEqual([1, 0]);
    expect(traffic.narratives.map((n) => n.flagId)).toEqual(['t5']);
    expect([traffic.decisions.confirmed.at(-1), traffic.decisions.dismissed.at(-1)]).toEqual([1, 0]);
    expect(traffic.backlog).toBe(0);
    const all = await trends();
    expect([all.decisions.confirmed.at(-1), all.decisions.dismissed.at(-1)]).toEqual([1, 1]);
    expect(all.backlog).toBe(5);

    const posts = await trends('?source=trang-c');
    expect([posts.flags, posts.fallback]).toEqual([2, 2]);
    expect(posts.narratives.map((n) => n.flagId).sort()).toEqual(['n1', 'n2']);
    expect(posts.sources).toContain('bao-a'); // the other sources stay on offer
    const news = await trends('?sourceKind=news&days=7');
    expect([news.flags, news.fallback]).toEqual([2, 0]);
    expect(news.byTopic.map((s) => [s.name, total(s)])).toEqual([['online-fraud', 2]]);
  });

  it('links every point with flags to the queue of that day and series, which lists the flags counted there', async () => {
    const page = await get('/trends?sourceKind=social');
    const links = [...page.body.matchAll(/<a href="(\/queue\?[^"]+)">(\d\d)\/(\d\d): (\d+)<\/a>/g)].map(
      (m) => [m[1]?.replace(/&amp;/g, '&'), Number(m[4])] as const,
    );
    const fraudYesterday = `/queue?topic=online-fraud&sourceKind=social&from=${dayAgo(1)}&to=${dayAgo(1)}`;
    expect(links).toContainEqual([fraudYesterday, 2]);
    expect(links).toContainEqual([`/queue?topic=traffic-safety&sourceKind=social&from=${dayAgo(5)}&to=${dayAgo(5)}`, 1]);
    expect(links).toContainEqual([`/queue?sourceKind=social&from=${dayAgo(1)}&to=${dayAgo(1)}`, 2]); // the source-kind chart's point
    // The queue behind each link lists exactly the flags its point counted.
    for (const [href, count] of links) {
      const items = (await get(`/api${href as string}`)).json<{ items: QueueItem[] }>().items;
      expect({ href, flags: items.reduce((n, i) => n + 1 + i.relatedFlagIds.length, 0) }).toEqual({ href, flags: count });
    }
    const queue = await get(fraudYesterday);
    expect(queue.statusCode).toBe(200);
    expect([...queue.body.matchAll(/<tr data-flag="([^"]+)"/g)].map((m) => m[1]).sort()).toEqual(['n1', 'n2']);
    // A narrative opens its claim page, which lists every source that carried it.
    expect(page.body).toContain('<a href="/claims/n1">Nhóm Zalo hướng dẫn nạp tiền');
  });

  it('refuses a range or filter it cannot honour, naming the parameter', async () => {
    for (const [query, parameter] of [
      ['?days=abc', 'days'],
      ['?days=0', 'days'],
      ['?days=91', 'days'],
      ['?days=7.5', 'days'],
      ['?topic=khong-co-chu-de', 'topic'],
      ['?source=khong-co-nguon', 'source'],
      ['?sourceKind=tv', 'sourceKind'],
    ] as const) {
      const api = await get(`/api/trends${query}`);
      expect([query, api.statusCode, api.json<{ parameter: string }>().parameter]).toEqual([query, 400, parameter]);
      const page = await get(`/trends${query}`);
      expect([query, page.statusCode, page.headers['content-type']]).toEqual([query, 400, 'text/html; charset=utf-8']);
      expect(page.body).toContain(`Tham số <code class="parameter">${parameter}</code>`);
      expect(page.body).toContain('<a href="/trends">Bỏ bộ lọc</a>');
    }
    expect((await get('/trends?days=abc&lang=en')).body).toContain(
      'The parameter <code class="parameter">days</code> (value «abc») is not valid: must be a whole number from 1 to 90.',
    );
  });
});
