/**
 * Every trends chart compared with the previous period: the same number of days right before the
 * range shown, counted the same way (publish day, else ingestion day; same filters), as a dashed
 * series on each chart and a change figure per series. Real Elasticsearch, numbers checked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flag } from '../../core/contracts.js';
import { indexNames } from '../../core/names.js';
import { buildDashboardApp } from '../../dashboards/app.js';
import { createUser, ensureDashboardIndices } from '../../dashboards/store.js';
import { vietnamDay } from '../../dashboards/time.js';
import type { TrendsReport } from '../../dashboards/trends.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices, ensureIndices } from '../../platform/elasticsearch/indices.js';
import { isolatedConfig } from '../helpers.js';
import { indexFlags, sessionCookie } from './fixtures.js';

const config = isolatedConfig('trends-compare');
const names = indexNames(config.namespace);
const es = createElasticsearchClient(config);
const app = buildDashboardApp({ es, names, queueCacheMs: 0 });
const PASSWORD = 'mat-khau-rat-dai-6';
const DAY = 86_400_000;
const now = Date.now();
const ago = (days: number) => new Date(now - days * DAY).toISOString();
const dayAgo = (days: number) => vietnamDay(new Date(now - days * DAY));

let n = 0;
function flag(topic: string, publishedDaysAgo: number | null, ingestedDaysAgo = 0, sourceKind: Flag['sourceKind'] = 'news'): Flag {
  n += 1;
  return {
    id: `f${n}`,
    claimId: `c${n}`,
    claimText: `Tin số ${n} về ${topic}, nội dung riêng để không gộp câu chuyện.`,
    url: `https://bao.example.vn/${n}`,
    sourceId: 'bao',
    sourceKind,
    publishedAt: publishedDaysAgo === null ? null : ago(publishedDaysAgo),
    score: 0.6,
    signals: [],
    matches: [],
    topics: [topic],
    createdAt: ago(ingestedDaysAgo),
  };
}

// Seven days shown: days 6..0 ago; the previous period is days 13..7 ago.
const FLAGS: Flag[] = [
  // This period: fraud on days 0, 1 and 6 (the first day of the range), traffic on day 2.
  flag('online-fraud', 0),
  flag('online-fraud', 1),
  flag('online-fraud', 6),
  flag('traffic-safety', 2, 0, 'social'),
  // The previous period: fraud on days 7 (its last day) and 13 (its first), one without a publish
  // time collected on day 7; traffic on days 8, 9 and 10.
  flag('online-fraud', 7),
  flag('online-fraud', 13),
  flag('online-fraud', null, 7),
  flag('traffic-safety', 8, 0, 'social'),
  flag('traffic-safety', 9, 0, 'social'),
  flag('traffic-safety', 10, 0, 'social'),
  // Before both: counted nowhere.
  flag('online-fraud', 14),
];

const sum = (counts: readonly number[] | undefined) => (counts ?? []).reduce((a, b) => a + b, 0);

describe('Dashboards > trends compared with the previous period', () => {
  let cookie = '';
  const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie } });

  beforeAll(async () => {
    await ensureIndices(es, names);
    await ensureDashboardIndices(es, names);
    await indexFlags(es, names, FLAGS);
    // Decisions dated in each period (the audit trail is written by the server; dated here for the test).
    const review = (id: string, flagId: string, action: 'confirm' | 'dismiss', daysAgo: number) =>
      es.index({
        index: names.reviews,
        id,
        document: { id, flagId, action, ...(action === 'confirm' ? { verdict: 'false' } : {}), by: 'giam-sat', at: ago(daysAgo) },
      });
    await review('r1', 'f1', 'confirm', 0);
    await review('r2', 'f4', 'dismiss', 2);
    await review('r3', 'f5', 'confirm', 9);
    await review('r4', 'f6', 'confirm', 9);
    await review('r5', 'f8', 'dismiss', 12);
    await es.indices.refresh({ index: names.reviews });
    await createUser(es, names, 'giam-sat', 'supervisor', PASSWORD);
    cookie = await sessionCookie(app, 'giam-sat', PASSWORD);
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await deleteIndices(es, names);
    await es.close();
  });

  it('counts the same number of days right before the range, the same way, for every chart', async () => {
    const response = await get('/api/trends?days=7');
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json<TrendsReport>();
    expect(report.days).toEqual([6, 5, 4, 3, 2, 1, 0].map(dayAgo));
    expect(report.previous.days).toEqual([13, 12, 11, 10, 9, 8, 7].map(dayAgo));
    expect([report.flags, report.previous.flags]).toEqual([4, 6]);
    expect(report.previous.fallback).toBe(1);
    // The previous counts of each series the chart shows, day by day (day i of the previous period beside day i of this one).
    const previousOf = (name: string) => report.previous.byTopic.find((s) => s.name === name)?.counts;
    expect(report.byTopic.map((s) => s.name).sort()).toEqual(['online-fraud', 'traffic-safety']);
    expect(previousOf('online-fraud')).toEqual([1, 0, 0, 0, 0, 0, 2]);
    expect(previousOf('traffic-safety')).toEqual([0, 0, 0, 1, 1, 1, 0]);
    expect(sum(report.byTopic.find((s) => s.name === 'online-fraud')?.counts)).toBe(3);
    expect(report.previous.bySourceKind.map((s) => [s.name, sum(s.counts)]).sort()).toEqual([
      ['news', 3],
      ['social', 3],
    ]);
    expect(report.previous.decisions).toEqual({ confirmed: [0, 0, 0, 0, 2, 0, 0], dismissed: [0, 1, 0, 0, 0, 0, 0] });
    expect([sum(report.decisions.confirmed), sum(report.decisions.dismissed)]).toEqual([1, 1]);
  });

  it('compares under the same filters', async () => {
    const report = (await get('/api/trends?days=7&topic=traffic-safety')).json<TrendsReport>();
    expect([report.flags, report.previous.flags]).toEqual([1, 3]);
    expect(report.previous.byTopic).toEqual([{ name: 'traffic-safety', counts: [0, 0, 0, 1, 1, 1, 0] }]);
    // Decisions of the kept flags only: f8's dismissal (traffic) counts, f5 and f6's confirmations (fraud) do not.
    expect(report.previous.decisions).toEqual({ confirmed: [0, 0, 0, 0, 0, 0, 0], dismissed: [0, 1, 0, 0, 0, 0, 0] });
  });

  it('shows the change beside each series and the previous period as a dashed line, in both languages', async () => {
    const vi = (await get('/trends?days=7')).body;
    expect(vi).toContain(`Kỳ trước: ${dayAgo(13)} – ${dayAgo(7)}, cùng 7 ngày ngay trước khoảng đang xem.`);
    expect(vi).toContain('<li id="compare-total">Tin bị gắn cờ: <strong>4</strong> (kỳ trước: 6; −2, −33%)</li>');
    expect(vi).toContain('<li>Lừa đảo trực tuyến: <strong>3</strong> (kỳ trước: 3; không đổi)</li>');
    expect(vi).toContain('<li>An toàn giao thông: <strong>1</strong> (kỳ trước: 3; −2, −67%)</li>');
    expect(vi).toContain('<li>Đã xác nhận: <strong>1</strong> (kỳ trước: 2; −1, −50%)</li>');
    const en = (await get('/trends?days=7&lang=en')).body;
    expect(en).toContain('<li>Social: <strong>1</strong> (previous period: 3; −2, −67%)</li>');
    expect(en).toContain('<li>Dismissed: <strong>1</strong> (previous period: 1; no change)</li>');
    // A series new in this period says so instead of a percentage.
    // Two days: fraud twice (days 1 and 0), none on days 3 and 2 before them.
    const onlyNew = (await get('/trends?days=2&lang=en')).body;
    expect(onlyNew).toContain('<li>Online fraud: <strong>2</strong> (previous period: 0; +2, new)</li>');
    const labels = JSON.parse(/<script type="application\/json" id="trends-labels">(.*?)<\/script>/.exec(vi)?.[1] ?? '{}') as Record<
      string,
      string
    >;
    expect(labels.previous).toBe('Kỳ trước (tổng)');
  });
});
