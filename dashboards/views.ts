/**
 * Saved views and alerts. A view is a filter of the queue or the trends kept under a name by the
 * user who saved it (store.ts, beside the accounts); made an alert, it shows the flags that match
 * it and were first raised since it was last checked. The filter is kept as the page's own query string,
 * read again through the page's schema, so a view opens exactly what was saved and an alert
 * counts with the same filter clauses the page lists with.
 */
import type { Flag } from '../core/contracts.js';
import { FlagDoc, readBack } from '../core/indices.js';
import type { IndexNames } from '../core/names.js';
import { type Client, type estypes, msearchFailure } from '../platform/index.js';
import { flagFilter, parseQuery, QueueQuery, queueSearch, resolveOutlet, TrendsQuery, type InvalidParameter } from './filters.js';
import { currentState, listViews, reviewsFor, type ReviewEntry, type SavedView } from './store.js';

export const VIEW_PAGES = ['queue', 'trends'] as const;
export type ViewPage = (typeof VIEW_PAGES)[number];

/** The filters of a page's query string, in the order and form the page writes them (empty ones and the queue's size left out). */
export function canonicalSearch(page: ViewPage, query: unknown): { ok: true; search: string } | { ok: false; invalid: InvalidParameter } {
  if (page === 'queue') {
    const parsed = parseQuery(QueueQuery, query);
    if (!parsed.ok) return parsed;
    const { size: _size, ...filters } = parsed.value;
    return { ok: true, search: queueSearch(filters) };
  }
  const parsed = parseQuery(TrendsQuery, query);
  if (!parsed.ok) return parsed;
  const params = new URLSearchParams({ days: String(parsed.value.days) });
  for (const key of ['topic', 'sourceKind', 'source', 'outlet'] as const) {
    const value = parsed.value[key];
    if (value) params.set(key, value);
  }
  return { ok: true, search: params.toString() };
}

/** Where a view opens. */
export function viewHref(view: Pick<SavedView, 'page' | 'search'>): string {
  return `/${view.page}${view.search ? `?${view.search}` : ''}`;
}

/** The most new flags an alert lists (the count goes on to `MAX_COUNTED`). */
const SHOWN = 20;
/** With a review status to check, the flags read to count; more show as "500+". */
export const MAX_COUNTED = 500;

export interface AlertResult {
  view: SavedView;
  /** New matching flags, the newest first (at most 20). */
  hits: Flag[];
  total: number;
  /** More than `total` matched (a status filter reads at most `MAX_COUNTED`). */
  capped: boolean;
  /** The saved filter no longer holds (a source or outlet no flag comes from any more). */
  invalid?: InvalidParameter;
}

/**
 * Flags first raised after `since`. A re-score rewrites createdAt, so it is firstFlaggedAt that
 * counts; a flag indexed before that field was kept (and not re-scored since) has only createdAt.
 */
function firstFlaggedAfter(since: string): estypes.QueryDslQueryContainer {
  return {
    bool: {
      should: [
        { range: { firstFlaggedAt: { gt: since } } },
        { bool: { must_not: [{ exists: { field: 'firstFlaggedAt' } }], filter: [{ range: { createdAt: { gt: since } } }] } },
      ],
      minimum_should_match: 1,
    },
  };
}

/** The most recently first-raised flags first. */
const NEWEST_FIRST: estypes.Sort = [
  { firstFlaggedAt: { order: 'desc', missing: '_last', unmapped_type: 'date' } },
  { createdAt: 'desc' },
  { id: 'asc' },
];

/** The saved filter of an alert, as the query of the flags first raised since it was last checked, and the review status it keeps. */
async function alertQuery(
  es: Client,
  names: IndexNames,
  view: SavedView,
): Promise<{ ok: true; query: estypes.QueryDslQueryContainer; status?: string } | { ok: false; invalid: InvalidParameter }> {
  const since = view.checkedAt ?? view.createdAt;
  const query = Object.fromEntries(new URLSearchParams(view.search));
  const parsed = view.page === 'queue' ? parseQuery(QueueQuery, query) : parseQuery(TrendsQuery, query);
  const resolved = parsed.ok ? await resolveOutlet(es, names, parsed.value) : parsed;
  if (!resolved.ok) return resolved;
  const filters = resolved.value;
  const status = 'status' in filters ? filters.status : undefined;
  return { ok: true, query: { bool: { filter: [...flagFilter(filters), firstFlaggedAfter(since)] } }, ...(status ? { status } : {}) };
}

/**
 * The new flags of all of `owner`'s alerts, summed: the count the navigation bar shows on every
 * page, as the alerts page counts them, without reading a flag: an alert without a review status
 * is counted by Elasticsearch (one multi-search of counts); one with a status reads the ids of the
 * newest matching flags and their audit trail. An alert whose filter no longer holds counts
 * nothing, as on that page.
 */
export async function countNewFlags(es: Client, names: IndexNames, owner: string): Promise<number> {
  const alerts = (await listViews(es, names, owner)).filter((v) => v.alert);
  const reads = await Promise.all(alerts.map(async (view) => ({ view, read: await alertQuery(es, names, view) })));
  const counted = reads.flatMap(({ view, read }) => (read.ok && !read.status ? [{ view, query: read.query }] : []));
  const checked = reads.flatMap(({ read }) => (read.ok && read.status ? [{ query: read.query, status: read.status }] : []));
  const [counts, totals] = await Promise.all([
    counted.length === 0
      ? Promise.resolve([])
      : es
          .msearch({ searches: counted.flatMap(({ query }) => [{ index: names.flags }, { size: 0, track_total_hits: true, query }]) })
          .then((r) => {
            const failed = msearchFailure(r.responses, (i) => counted[i]?.view.id, "counting alerts' new flags");
            if (failed) throw failed;
            return r.responses.map((item) => {
              const total = 'hits' in item ? item.hits.total : 0;
              return typeof total === 'number' ? total : (total?.value ?? 0);
            });
          }),
    // With a review status: the ids of the (at most MAX_COUNTED) newest matching flags, then their audit trail.
    Promise.all(
      checked.map(async ({ query, status }) => {
        const response = await es.search({
          index: names.flags,
          size: MAX_COUNTED,
          _source: false,
          query,
          sort: NEWEST_FIRST,
        });
        const ids = response.hits.hits.flatMap((h) => (h._id ? [h._id] : []));
        return (await withStatus(es, names, ids, status)).size;
      }),
    ),
  ]);
  return [...counts, ...totals].reduce((sum, n) => sum + n, 0);
}

/**
 * The flags first raised since the alert was last checked that its filter keeps. An alert on the
 * trends is about new flags, whatever the range it was saved with; one on the queue keeps its days
 * and its review status. A claim re-scored (a statement arrived, a replay) is not new again.
 */
export async function checkAlert(es: Client, names: IndexNames, view: SavedView): Promise<AlertResult> {
  const read = await alertQuery(es, names, view);
  if (!read.ok) return { view, hits: [], total: 0, capped: false, invalid: read.invalid };
  const { status, query } = read;
  const response = await es.search({
    index: names.flags,
    size: status ? MAX_COUNTED : SHOWN,
    track_total_hits: true,
    query,
    sort: NEWEST_FIRST,
  });
  const flags = response.hits.hits.flatMap((h) => (h._source ? [readBack(FlagDoc, h)] : []));
  const matched = typeof response.hits.total === 'number' ? response.hits.total : (response.hits.total?.value ?? flags.length);
  if (!status) return { view, hits: flags, total: matched, capped: false };
  const inStatus = await withStatus(
    es,
    names,
    flags.map((f) => f.id),
    status,
  );
  const kept = flags.filter((f) => inStatus.has(f.id));
  return { view, hits: kept.slice(0, SHOWN), total: kept.length, capped: matched > flags.length };
}

/** Of the flags `ids`, those whose review status is `status`: the audit trail's, not the flag's. */
async function withStatus(es: Client, names: IndexNames, ids: string[], status: string): Promise<Set<string>> {
  const byFlag = new Map<string, ReviewEntry[]>();
  for (const r of await reviewsFor(es, names, ids)) byFlag.set(r.flagId, [...(byFlag.get(r.flagId) ?? []), r]);
  return new Set(ids.filter((id) => currentState(byFlag.get(id) ?? []).status === status));
}
