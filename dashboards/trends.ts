/**
 * The supervisors' trends: flagged claims per day by topic and by source kind (Elasticsearch
 * date histograms in the Asia/Ho_Chi_Minh day), decisions per day, the review backlog, time to
 * review, and spike alerts per narrative.
 */
import type { estypes } from '@elastic/elasticsearch';
import type { Flag } from '../core/contracts.js';
import type { IndexNames } from '../core/topics.js';
import type { Client } from '../pipeline/elasticsearch/client.js';
import { loadQueue, narrativeKey } from './queue.js';
import { TIME_ZONE, vietnamDay } from './time.js';

/** The spike rule, in code and (from these constants) on the page. */
export const SPIKE_RULE = { baselineDays: 14, sigmas: 3, minCount: 5 } as const;
export const SPIKE_RULE_TEXT = {
  vi: `Cảnh báo đột biến: số tin của một câu chuyện trong ngày vượt trung bình + ${SPIKE_RULE.sigmas}·độ lệch chuẩn của ${SPIKE_RULE.baselineDays} ngày trước đó và đạt ít nhất ${SPIKE_RULE.minCount}.`,
  en: `Spike alert: a narrative's daily volume is above the mean + ${SPIKE_RULE.sigmas}·standard deviation of its previous ${SPIKE_RULE.baselineDays} days and at least ${SPIKE_RULE.minCount}.`,
} as const;

/**
 * Indices of the days that are spikes: count > mean + 3·σ (population) of the previous 14
 * days, and ≥ 5. Only days with 14 days before them in the series are judged; days before a
 * narrative first appeared count as 0, so a new narrative bursting to ≥ 5 a day is a spike.
 */
export function spikeDays(counts: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = SPIKE_RULE.baselineDays; i < counts.length; i += 1) {
    const today = counts[i] as number;
    if (today < SPIKE_RULE.minCount) continue;
    const base = counts.slice(i - SPIKE_RULE.baselineDays, i);
    const mean = base.reduce((a, b) => a + b, 0) / base.length;
    const variance = base.reduce((a, b) => a + (b - mean) ** 2, 0) / base.length;
    if (today > mean + SPIKE_RULE.sigmas * Math.sqrt(variance)) out.push(i);
  }
  return out;
}

export interface Series {
  name: string;
  counts: number[];
}

export interface NarrativeTrend {
  key: string;
  example: string;
  firstSeen: string;
  sources: number;
  total: number;
  counts: number[];
  spikeDays: string[];
}

export interface TrendsReport {
  days: string[];
  byTopic: Series[];
  bySourceKind: Series[];
  decisions: { confirmed: number[]; dismissed: number[] };
  backlog: number;
  medianHoursToReview: number | null;
  narratives: NarrativeTrend[];
  spikes: { key: string; example: string; day: string; count: number }[];
}

function dayList(end: Date, days: number): string[] {
  const out: string[] = [];
  for (let i = days - 1; i >= 0; i -= 1) out.push(vietnamDay(new Date(end.getTime() - i * 86_400_000)));
  return [...new Set(out)];
}

type Histogram = estypes.AggregationsDateHistogramAggregate;
type Terms = estypes.AggregationsStringTermsAggregate;

function seriesFrom(days: string[], terms: Terms | undefined): Series[] {
  const buckets = Array.isArray(terms?.buckets) ? terms.buckets : [];
  return buckets.map((b) => {
    const hist = (b as unknown as { per_day: Histogram }).per_day;
    const byDay = new Map((Array.isArray(hist.buckets) ? hist.buckets : []).map((d) => [String(d.key_as_string), d.doc_count]));
    return { name: String(b.key), counts: days.map((d) => byDay.get(d) ?? 0) };
  });
}

export async function loadTrends(client: Client, names: IndexNames, options: { days?: number; now?: Date } = {}): Promise<TrendsReport> {
  const now = options.now ?? new Date();
  const window = Math.min(Math.max(options.days ?? 28, SPIKE_RULE.baselineDays + 1), 90);
  const days = dayList(now, window);
  const from = `${days[0]}T00:00:00+07:00`;
  const perDay: estypes.AggregationsAggregationContainer = {
    date_histogram: { field: 'createdAt', calendar_interval: 'day', time_zone: TIME_ZONE, format: 'yyyy-MM-dd', min_doc_count: 0 },
  };
  const flagsResponse = await client.search<Pick<Flag, 'id' | 'claimText' | 'sourceId' | 'createdAt'>>({
    index: names.flags,
    size: 10_000,
    _source: ['id', 'claimText', 'sourceId', 'createdAt'],
    query: { range: { createdAt: { gte: from } } },
    aggs: {
      topics: { terms: { field: 'topics', size: 12 }, aggs: { per_day: perDay } },
      kinds: { terms: { field: 'sourceKind', size: 5 }, aggs: { per_day: perDay } },
    },
  });
  const aggs = flagsResponse.aggregations as Record<string, Terms> | undefined;
  const reviewsResponse = await client.search({
    index: names.reviews,
    size: 0,
    query: { bool: { filter: [{ range: { at: { gte: from } } }, { terms: { action: ['confirm', 'dismiss'] } }] } },
    aggs: { actions: { terms: { field: 'action', size: 2 }, aggs: { per_day: { date_histogram: { field: 'at', calendar_interval: 'day', time_zone: TIME_ZONE, format: 'yyyy-MM-dd', min_doc_count: 0 } } } } },
  });
  const decisions = seriesFrom(days, (reviewsResponse.aggregations as Record<string, Terms> | undefined)?.actions);

  // Narratives: grouped in code, because folding is ours (no asciifolding in this Elasticsearch).
  const groups = new Map<string, { example: string; sources: Set<string>; counts: number[]; firstSeen: string }>();
  const dayIndex = new Map(days.map((d, i) => [d, i]));
  for (const hit of flagsResponse.hits.hits) {
    const f = hit._source;
    if (!f) continue;
    const key = narrativeKey(f.claimText);
    const g = groups.get(key) ?? { example: f.claimText, sources: new Set<string>(), counts: days.map(() => 0), firstSeen: f.createdAt };
    g.sources.add(f.sourceId);
    const i = dayIndex.get(vietnamDay(f.createdAt));
    if (i !== undefined) g.counts[i] = (g.counts[i] ?? 0) + 1;
    if (f.createdAt < g.firstSeen) g.firstSeen = f.createdAt;
    groups.set(key, g);
  }
  const narratives: NarrativeTrend[] = [...groups.entries()].map(([key, g]) => {
    const spikes = spikeDays(g.counts).map((i) => days[i] as string);
    return { key, example: g.example, firstSeen: g.firstSeen, sources: g.sources.size, total: g.counts.reduce((a, b) => a + b, 0), counts: g.counts, spikeDays: spikes };
  });
  const lastWeek = (n: NarrativeTrend) => n.counts.slice(-7).reduce((a, b) => a + b, 0);
  narratives.sort((a, b) => lastWeek(b) - lastWeek(a) || b.sources - a.sources);
  const spikes = narratives.flatMap((n) => n.spikeDays.map((day) => ({ key: n.key, example: n.example, day, count: n.counts[dayIndex.get(day) as number] as number })));

  const queue = await loadQueue(client, names, {}, 2000);
  const backlog = queue.filter((q) => q.state.status === 'open' || q.state.status === 'needs-more-work').length;
  const hours = queue
    .filter((q) => q.state.decidedAt && (q.state.status === 'confirmed' || q.state.status === 'dismissed'))
    .map((q) => (Date.parse(q.state.decidedAt as string) - Date.parse(q.flag.createdAt)) / 3_600_000)
    .sort((a, b) => a - b);
  const medianHoursToReview = hours.length === 0 ? null : (hours[Math.floor((hours.length - 1) / 2)] as number + (hours[Math.ceil((hours.length - 1) / 2)] as number)) / 2;

  return {
    days,
    byTopic: seriesFrom(days, aggs?.topics),
    bySourceKind: seriesFrom(days, aggs?.kinds),
    decisions: {
      confirmed: decisions.find((s) => s.name === 'confirm')?.counts ?? days.map(() => 0),
      dismissed: decisions.find((s) => s.name === 'dismiss')?.counts ?? days.map(() => 0),
    },
    backlog,
    medianHoursToReview,
    narratives: narratives.slice(0, 10),
    spikes,
  };
}

/** The browser side: reads the report from a JSON element and draws with ECharts (served locally). */
export const TRENDS_SCRIPT = `(function () {
  var report = JSON.parse(document.getElementById('trends-data').textContent);
  var labels = JSON.parse(document.getElementById('trends-labels').textContent);
  function line(id, title, series) {
    var el = document.getElementById(id);
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption({
      animation: false, title: { text: title, textStyle: { fontSize: 14 } }, tooltip: { trigger: 'axis' },
      // One scrolling row: topic labels are long, and a wrapped legend would cover the lines.
      legend: { top: 24, type: 'scroll' },
      grid: { top: 64, left: 40, right: 16, bottom: 24 },
      xAxis: { type: 'category', data: report.days }, yAxis: { type: 'value', minInterval: 1 },
      series: series.map(function (s) { return { name: s.name, type: 'line', data: s.counts, smooth: false }; })
    });
    el.setAttribute('data-rendered', 'true');
  }
  line('chart-topic', labels.byTopic, report.byTopic);
  line('chart-kind', labels.byKind, report.bySourceKind);
  line('chart-decisions', labels.decisions, [{ name: labels.confirmed, counts: report.decisions.confirmed }, { name: labels.dismissed, counts: report.decisions.dismissed }]);
})();`;
