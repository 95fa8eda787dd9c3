/**
 * The supervisors' trends: flagged claims per day of publication by topic and by source kind
 * (Elasticsearch date histograms in the Asia/Ho_Chi_Minh day), decisions per day, the review
 * backlog, time to review, and spike alerts per narrative, all narrowed by the same filters.
 */
import { type Client, type estypes } from '../platform/index.js';
import { SOURCE_KINDS, type SourceKind } from '../core/contracts.js';
import { FlagDoc, readBack } from '../core/indices.js';
import type { IndexNames } from '../core/names.js';
import { claimTimeRange, flagFilter, TREND_DAYS } from './filters.js';
import { outletChoices } from './outlets.js';
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
  /** Its highest-scoring flag: the claim page lists every source that carried it. */
  flagId: string;
  firstSeen: string;
  sources: number;
  total: number;
  counts: number[];
  spikeDays: string[];
}

/** Topic, source kind, source, outlet and statement: each narrows every chart, count and list of the report. */
export interface TrendsFilters {
  topic?: string;
  sourceKind?: SourceKind;
  source?: string;
  /** What was typed in the outlet filter (outlets whose folded name holds it). */
  outlet?: string;
  /** An official statement's id: only the flagged claims it answers. */
  statement?: string;
}

/** The same number of days right before the range, counted the same way: what every chart is compared with. */
export interface PreviousPeriod {
  days: string[];
  flags: number;
  fallback: number;
  /** The counts of each series the chart shows (same names, same order), day i beside day i of the range. */
  byTopic: Series[];
  bySourceKind: Series[];
  decisions: { confirmed: number[]; dismissed: number[] };
}

export interface TrendsReport {
  days: string[];
  filters: TrendsFilters;
  /** Flags counted in the range, and how many of them lack a publish time (counted on their ingestion day). */
  flags: number;
  fallback: number;
  byTopic: Series[];
  bySourceKind: Series[];
  decisions: { confirmed: number[]; dismissed: number[] };
  backlog: number;
  medianHoursToReview: number | null;
  narratives: NarrativeTrend[];
  spikes: { key: string; example: string; flagId: string; day: string; count: number }[];
  /** The sources with flags in the range, busiest first (the source filter's choices). */
  sources: string[];
  /** The outlets with flags in the range, busiest first (the outlet filter's suggestions). */
  outlets: string[];
  previous: PreviousPeriod;
}

function dayList(end: Date, days: number): string[] {
  const out: string[] = [];
  for (let i = days - 1; i >= 0; i -= 1) out.push(vietnamDay(new Date(end.getTime() - i * 86_400_000)));
  return [...new Set(out)];
}

/** The first and last Viet Nam days of a range of `days` ending on `now`'s day (the trends' range, for a drill-down or an export). */
export function trendsRange(days: number, now: Date = new Date()): { from: string; to: string } {
  const list = dayList(now, days);
  return { from: list[0] as string, to: list.at(-1) as string };
}

type Histogram = estypes.AggregationsDateHistogramAggregate;
type Terms = estypes.AggregationsStringTermsAggregate;
type Filtered = estypes.AggregationsFilterAggregate & Record<string, unknown>;

function seriesFrom(days: string[], terms: Terms | undefined): Series[] {
  const buckets = Array.isArray(terms?.buckets) ? terms.buckets : [];
  return buckets.map((b) => {
    const hist = (b as unknown as { per_day: Histogram }).per_day;
    const byDay = new Map((Array.isArray(hist.buckets) ? hist.buckets : []).map((d) => [String(d.key_as_string), d.doc_count]));
    return { name: String(b.key), counts: days.map((d) => byDay.get(d) ?? 0) };
  });
}

/** Sums two sets of series by name (the publish-time and the ingestion-time halves), busiest first. */
function mergeSeries(a: Series[], b: Series[], limit: number): Series[] {
  const byName = new Map<string, number[]>();
  for (const s of [...a, ...b]) {
    const counts = byName.get(s.name);
    byName.set(s.name, counts ? counts.map((c, i) => c + (s.counts[i] ?? 0)) : [...s.counts]);
  }
  const total = (counts: number[]) => counts.reduce((x, y) => x + y, 0);
  return [...byName.entries()]
    .map(([name, counts]) => ({ name, counts }))
    .sort((x, y) => total(y.counts) - total(x.counts) || x.name.localeCompare(y.name))
    .slice(0, limit);
}

const TOPIC_SERIES = 12;

/** Per topic and per source kind, per day, on one date field (the other half is counted on the other field). */
function chartAggs(field: 'publishedAt' | 'createdAt', topics = TOPIC_SERIES): Record<string, estypes.AggregationsAggregationContainer> {
  const perDay: estypes.AggregationsAggregationContainer = {
    date_histogram: { field, calendar_interval: 'day', time_zone: TIME_ZONE, format: 'yyyy-MM-dd', min_doc_count: 0 },
  };
  return {
    topics: { terms: { field: 'topics', size: topics }, aggs: { per_day: perDay } },
    kinds: { terms: { field: 'sourceKind', size: SOURCE_KINDS.length }, aggs: { per_day: perDay } },
  };
}

/** Flags read to group narratives (the charts' counts come from aggregations and have no cap). */
const MAX_FLAG_HITS = 10_000;

/** Confirmations and dismissals per day; with filters, only those of flags the filters keep. */
async function decisionsPerDay(client: Client, names: IndexNames, days: string[], filters: ResolvedTrendsFilters): Promise<Series[]> {
  const filter: estypes.QueryDslQueryContainer[] = [
    { range: { at: { gte: `${days[0]}||/d`, lte: `${days.at(-1)}||/d`, time_zone: TIME_ZONE } } },
    { terms: { action: ['confirm', 'dismiss'] } },
  ];
  if (filters.topic || filters.sourceKind || filters.source || filters.outlet !== undefined || filters.statement) {
    // Reviews do not carry the flag's topic or source: the reviewed flags are looked up instead.
    const reviewed = await client.search({
      index: names.reviews,
      size: 0,
      query: { bool: { filter } },
      aggs: { flags: { terms: { field: 'flagId', size: MAX_FLAG_HITS } } },
    });
    const buckets = (reviewed.aggregations as Record<string, Terms> | undefined)?.flags?.buckets;
    const ids = (Array.isArray(buckets) ? buckets : []).map((b) => String(b.key));
    const kept =
      ids.length === 0
        ? []
        : (
            await client.search({
              index: names.flags,
              size: ids.length,
              _source: false,
              query: { bool: { filter: [{ ids: { values: ids } }, ...flagFilter(filters)] } },
            })
          ).hits.hits.flatMap((h) => (h._id ? [h._id] : []));
    filter.push({ terms: { flagId: kept } });
  }
  const response = await client.search({
    index: names.reviews,
    size: 0,
    query: { bool: { filter } },
    aggs: {
      actions: {
        terms: { field: 'action', size: 2 },
        aggs: {
          per_day: {
            date_histogram: { field: 'at', calendar_interval: 'day', time_zone: TIME_ZONE, format: 'yyyy-MM-dd', min_doc_count: 0 },
          },
        },
      },
    },
  });
  return seriesFrom(days, (response.aggregations as Record<string, Terms> | undefined)?.actions);
}

/** Every topic a previous period may hold (the taxonomy has a few dozen): a series shown now is never cut off there. */
const PREVIOUS_TOPICS = 200;

/** The series named `names`, their counts from `found` (zeros for a series the period did not have). */
function alignedTo(shown: readonly Series[], found: readonly Series[], days: number): Series[] {
  const byName = new Map(found.map((s) => [s.name, s.counts]));
  return shown.map((s) => ({ name: s.name, counts: byName.get(s.name) ?? Array.from({ length: days }, () => 0) }));
}

/**
 * The period the charts are compared with: the same number of Viet Nam days right before the
 * range, the same filters, the same dating (publish day, else ingestion day), the same series.
 */
async function previousPeriod(
  client: Client,
  names: IndexNames,
  days: string[],
  filters: ResolvedTrendsFilters,
  shown: { byTopic: Series[]; bySourceKind: Series[] },
): Promise<PreviousPeriod> {
  const first = new Date(`${days[0]}T12:00:00+07:00`);
  const previousDays = dayList(new Date(first.getTime() - 86_400_000), days.length);
  const fromPublished: estypes.QueryDslQueryContainer = { exists: { field: 'publishedAt' } };
  const ingestedOnly: estypes.QueryDslQueryContainer = { bool: { must_not: [fromPublished] } };
  const [response, decisions] = await Promise.all([
    client.search({
      index: names.flags,
      size: 0,
      track_total_hits: true,
      query: { bool: { filter: [claimTimeRange(previousDays[0], previousDays.at(-1)), ...flagFilter(filters)] } },
      aggs: {
        fallback: { filter: ingestedOnly },
        published: { filter: fromPublished, aggs: chartAggs('publishedAt', PREVIOUS_TOPICS) },
        ingested: { filter: ingestedOnly, aggs: chartAggs('createdAt', PREVIOUS_TOPICS) },
      },
    }),
    decisionsPerDay(client, names, previousDays, filters),
  ]);
  const aggs = response.aggregations as Record<string, Filtered> | undefined;
  const half = (name: 'published' | 'ingested', terms: 'topics' | 'kinds') =>
    seriesFrom(previousDays, (aggs?.[name] as Record<string, Terms> | undefined)?.[terms]);
  const total = response.hits.total;
  const zeros = previousDays.map(() => 0);
  return {
    days: previousDays,
    flags: typeof total === 'number' ? total : (total?.value ?? 0),
    fallback: (aggs?.fallback as estypes.AggregationsFilterAggregate | undefined)?.doc_count ?? 0,
    byTopic: alignedTo(shown.byTopic, mergeSeries(half('published', 'topics'), half('ingested', 'topics'), PREVIOUS_TOPICS), days.length),
    bySourceKind: alignedTo(
      shown.bySourceKind,
      mergeSeries(half('published', 'kinds'), half('ingested', 'kinds'), SOURCE_KINDS.length),
      days.length,
    ),
    decisions: {
      confirmed: decisions.find((s) => s.name === 'confirm')?.counts ?? zeros,
      dismissed: decisions.find((s) => s.name === 'dismiss')?.counts ?? zeros,
    },
  };
}

/** What the trends read of a flag. */
const FlagHit = FlagDoc.pick({ id: true, claimText: true, sourceId: true, createdAt: true, publishedAt: true, score: true });

/** The filters with the outlet resolved to its claims (filters.ts resolveOutlet); never sent to the page. */
interface ResolvedTrendsFilters extends TrendsFilters {
  outletClaims?: readonly string[];
}

export interface TrendsOptions extends ResolvedTrendsFilters {
  /** Days shown, ending today (Viet Nam), within TREND_DAYS. */
  days?: number;
  now?: Date;
}

/**
 * Flags per Viet Nam day of their claim's publish time, or of their ingestion for a flag without
 * one (counted apart, so the page can say how many). The spike rule looks its baseline further
 * back than the range shown, so a short range still raises the spikes a long one would.
 */
export async function loadTrends(client: Client, names: IndexNames, options: TrendsOptions = {}): Promise<TrendsReport> {
  const now = options.now ?? new Date();
  const shownDays = Math.min(Math.max(Math.trunc(options.days ?? TREND_DAYS.default), TREND_DAYS.min), TREND_DAYS.max);
  const allDays = dayList(now, shownDays + SPIKE_RULE.baselineDays);
  const days = allDays.slice(-shownDays);
  const filters: TrendsFilters = {
    ...(options.topic ? { topic: options.topic } : {}),
    ...(options.sourceKind ? { sourceKind: options.sourceKind } : {}),
    ...(options.source ? { source: options.source } : {}),
    ...(options.outlet !== undefined ? { outlet: options.outlet } : {}),
    ...(options.statement ? { statement: options.statement } : {}),
  };
  const resolved: ResolvedTrendsFilters = { ...filters, ...(options.outletClaims ? { outletClaims: options.outletClaims } : {}) };
  const chosen = flagFilter(resolved);
  const today = days.at(-1) as string;
  const fromPublished: estypes.QueryDslQueryContainer = { exists: { field: 'publishedAt' } };
  const ingestedOnly: estypes.QueryDslQueryContainer = { bool: { must_not: [fromPublished] } };
  const flagsResponse = await client.search({
    index: names.flags,
    size: MAX_FLAG_HITS,
    _source: ['id', 'claimText', 'sourceId', 'createdAt', 'publishedAt', 'score'],
    query: { bool: { filter: [claimTimeRange(allDays[0], today)] } },
    // The filters narrow the hits and the charts, not the source list (so another source can be chosen).
    post_filter: { bool: { filter: chosen } },
    aggs: {
      sources: {
        filter: { bool: { filter: [claimTimeRange(days[0], today)] } },
        aggs: { ids: { terms: { field: 'sourceId', size: 200 } } },
      },
      shown: {
        filter: { bool: { filter: [claimTimeRange(days[0], today), ...chosen] } },
        aggs: {
          fallback: { filter: ingestedOnly },
          published: { filter: fromPublished, aggs: chartAggs('publishedAt') },
          ingested: { filter: ingestedOnly, aggs: chartAggs('createdAt') },
        },
      },
    },
  });
  const aggs = flagsResponse.aggregations as Record<string, Filtered> | undefined;
  const shown = aggs?.shown;
  const half = (name: 'published' | 'ingested', terms: 'topics' | 'kinds') =>
    seriesFrom(days, (shown?.[name] as Record<string, Terms> | undefined)?.[terms]);
  // Filtered by topic, the topic chart is that topic alone: a link from another topic's line would list other flags.
  const byTopic = mergeSeries(half('published', 'topics'), half('ingested', 'topics'), TOPIC_SERIES).filter(
    (s) => !filters.topic || s.name === filters.topic,
  );
  const bySourceKind = mergeSeries(half('published', 'kinds'), half('ingested', 'kinds'), SOURCE_KINDS.length);
  const sourceBuckets = ((aggs?.sources as Record<string, Terms> | undefined)?.ids?.buckets ??
    []) as estypes.AggregationsStringTermsBucket[];
  const [decisions, outlets, previous] = await Promise.all([
    decisionsPerDay(client, names, days, resolved),
    outletChoices(client, names, [claimTimeRange(days[0], today)]),
    previousPeriod(client, names, days, resolved, { byTopic, bySourceKind }),
  ]);

  // Narratives: grouped in code, because folding is ours (no asciifolding in this Elasticsearch).
  const groups = new Map<
    string,
    { example: string; flagId: string; score: number; sources: Set<string>; counts: number[]; firstSeen: string }
  >();
  const dayIndex = new Map(allDays.map((d, i) => [d, i]));
  for (const hit of flagsResponse.hits.hits) {
    if (!hit._source) continue;
    const f = readBack(FlagHit, hit);
    const at = f.publishedAt ?? f.createdAt;
    const key = narrativeKey(f.claimText);
    const g = groups.get(key) ?? {
      example: f.claimText,
      flagId: f.id,
      score: f.score,
      sources: new Set<string>(),
      counts: allDays.map(() => 0),
      firstSeen: at,
    };
    g.sources.add(f.sourceId);
    const i = dayIndex.get(vietnamDay(at));
    if (i !== undefined) g.counts[i] = (g.counts[i] ?? 0) + 1;
    if (at < g.firstSeen) g.firstSeen = at;
    if (f.score > g.score || (f.score === g.score && f.id < g.flagId)) Object.assign(g, { flagId: f.id, score: f.score });
    groups.set(key, g);
  }
  const shownFrom = allDays.length - days.length;
  const narratives: NarrativeTrend[] = [...groups.entries()]
    .map(([key, g]) => {
      const spikes = spikeDays(g.counts)
        .filter((i) => i >= shownFrom)
        .map((i) => allDays[i] as string);
      const counts = g.counts.slice(shownFrom);
      return {
        key,
        example: g.example,
        flagId: g.flagId,
        firstSeen: g.firstSeen,
        sources: g.sources.size,
        total: counts.reduce((a, b) => a + b, 0),
        counts,
        spikeDays: spikes,
      };
    })
    .filter((n) => n.total > 0);
  const lastWeek = (n: NarrativeTrend) => n.counts.slice(-7).reduce((a, b) => a + b, 0);
  narratives.sort((a, b) => lastWeek(b) - lastWeek(a) || b.sources - a.sources);
  const shownIndex = new Map(days.map((d, i) => [d, i]));
  const spikes = narratives.flatMap((n) =>
    n.spikeDays.map((day) => ({
      key: n.key,
      example: n.example,
      flagId: n.flagId,
      day,
      count: n.counts[shownIndex.get(day) as number] as number,
    })),
  );

  const queue = await loadQueue(client, names, resolved, 2000);
  const backlog = queue.filter((q) => q.state.status === 'open' || q.state.status === 'needs-more-work').length;
  const hours = queue
    .filter((q) => q.state.decidedAt && (q.state.status === 'confirmed' || q.state.status === 'dismissed'))
    .map((q) => (Date.parse(q.state.decidedAt as string) - Date.parse(q.flag.createdAt)) / 3_600_000)
    .sort((a, b) => a - b);
  const medianHoursToReview =
    hours.length === 0
      ? null
      : ((hours[Math.floor((hours.length - 1) / 2)] as number) + (hours[Math.ceil((hours.length - 1) / 2)] as number)) / 2;

  return {
    days,
    filters,
    flags: shown?.doc_count ?? 0,
    fallback: (shown?.fallback as estypes.AggregationsFilterAggregate | undefined)?.doc_count ?? 0,
    byTopic,
    bySourceKind,
    decisions: {
      confirmed: decisions.find((s) => s.name === 'confirm')?.counts ?? days.map(() => 0),
      dismissed: decisions.find((s) => s.name === 'dismiss')?.counts ?? days.map(() => 0),
    },
    backlog,
    medianHoursToReview,
    narratives: narratives.slice(0, 10),
    spikes,
    sources: sourceBuckets.map((b) => String(b.key)),
    outlets,
    previous,
  };
}

/**
 * The browser side: reads the report from a JSON element and draws with ECharts (served locally).
 * A click on a point of a line that has a `drill` address opens the queue of that day. Each chart
 * ends with the previous period's total as a dashed grey line, its point i on day i of the range
 * (a click opens the queue of the previous period's day, which the line's `days` name).
 */
export const TRENDS_SCRIPT = `(function () {
  var report = JSON.parse(document.getElementById('trends-data').textContent);
  var labels = JSON.parse(document.getElementById('trends-labels').textContent);
  function line(id, title, series, previous) {
    if (previous) series = series.concat([previous]);
    var el = document.getElementById(id);
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption({
      animation: false, title: { text: title, textStyle: { fontSize: 14 } }, tooltip: { trigger: 'axis' },
      // One scrolling row: topic labels are long, and a wrapped legend would cover the lines.
      legend: { top: 24, type: 'scroll' },
      grid: { top: 64, left: 40, right: 16, bottom: 24 },
      xAxis: { type: 'category', data: report.days }, yAxis: { type: 'value', minInterval: 1 },
      series: series.map(function (s) {
        var drawn = { name: s.name, type: 'line', data: s.counts, smooth: false, showSymbol: true, symbolSize: 8, cursor: s.drill ? 'pointer' : 'default' };
        if (s.days) { drawn.lineStyle = { type: 'dashed', color: '#5b6b7b' }; drawn.itemStyle = { color: '#5b6b7b' }; }
        return drawn;
      })
    });
    chart.on('click', function (p) {
      var s = series[p.seriesIndex];
      var day = (s && s.days ? s.days : report.days)[p.dataIndex];
      if (!s || !s.drill || !day) return;
      window.location.href = s.drill + (s.drill.indexOf('?') < 0 ? '?' : '&') + 'from=' + day + '&to=' + day;
    });
    el.setAttribute('data-rendered', 'true');
  }
  line('chart-topic', labels.byTopic, report.byTopic, report.previousLines.byTopic);
  line('chart-kind', labels.byKind, report.bySourceKind, report.previousLines.bySourceKind);
  line('chart-decisions', labels.decisions, [{ name: labels.confirmed, counts: report.decisions.confirmed }, { name: labels.dismissed, counts: report.decisions.dismissed }], report.previousLines.decisions);
})();`;
