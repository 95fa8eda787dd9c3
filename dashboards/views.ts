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
import { type Client, type estypes } from '../platform/index.js';
import { flagFilter, parseQuery, QueueQuery, queueSearch, resolveOutlet, TrendsQuery, type InvalidParameter } from './filters.js';
import { currentState, reviewsFor, type ReviewEntry, type SavedView } from './store.js';

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

/**
 * The flags first raised since the alert was last checked that its filter keeps. An alert on the
 * trends is about new flags, whatever the range it was saved with; one on the queue keeps its days
 * and its review status. A claim re-scored (a statement arrived, a replay) is not new again.
 */
export async function checkAlert(es: Client, names: IndexNames, view: SavedView): Promise<AlertResult> {
  const since = view.checkedAt ?? view.createdAt;
  const query = Object.fromEntries(new URLSearchParams(view.search));
  const parsed = view.page === 'queue' ? parseQuery(QueueQuery, query) : parseQuery(TrendsQuery, query);
  const resolved = parsed.ok ? await resolveOutlet(es, names, parsed.value) : parsed;
  if (!resolved.ok) return { view, hits: [], total: 0, capped: false, invalid: resolved.invalid };
  const filters = resolved.value;
  const status = 'status' in filters ? filters.status : undefined;
  const response = await es.search({
    index: names.flags,
    size: status ? MAX_COUNTED : SHOWN,
    track_total_hits: true,
    query: { bool: { filter: [...flagFilter(filters), firstFlaggedAfter(since)] } },
    sort: [{ firstFlaggedAt: { order: 'desc', missing: '_last', unmapped_type: 'date' } }, { createdAt: 'desc' }, { id: 'asc' }],
  });
  const flags = response.hits.hits.flatMap((h) => (h._source ? [readBack(FlagDoc, h)] : []));
  const matched = typeof response.hits.total === 'number' ? response.hits.total : (response.hits.total?.value ?? flags.length);
  if (!status) return { view, hits: flags, total: matched, capped: false };
  // The review status is the audit trail's, not the flag's.
  const byFlag = new Map<string, ReviewEntry[]>();
  for (const r of await reviewsFor(
    es,
    names,
    flags.map((f) => f.id),
  ))
    byFlag.set(r.flagId, [...(byFlag.get(r.flagId) ?? []), r]);
  const kept = flags.filter((f) => currentState(byFlag.get(f.id) ?? []).status === status);
  return { view, hits: kept.slice(0, SHOWN), total: kept.length, capped: matched > flags.length };
}
