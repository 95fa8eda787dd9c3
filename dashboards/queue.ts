/**
 * The analysts' review queue: flags grouped into narratives (near-identical claim text after
 * Vietnamese folding), ordered by score × spread, where spread is the number of distinct
 * sources carrying the narrative. Review state comes from the append-only audit trail, never
 * from the flag document (the pipeline overwrites flags on replay).
 */
import { foldDiacritics, foldForSearch, unifyIY } from '../classifiers/text/normalize.js';
import type { Flag, SourceKind } from '../core/contracts.js';
import { FlagDoc, folded, readBack } from '../core/indices.js';
import type { IndexNames } from '../core/names.js';
import { type Client } from '../platform/index.js';
import { flagFilter, type FlagFilters } from './filters.js';
import { vietnamDay } from './time.js';
import { currentState, reviewsFor, type ReviewEntry, type ReviewState, type ReviewStatus, type Verdict } from './store.js';

/**
 * Near-identical: same words once folded, case, punctuation and spacing ignored, and one i/y
 * spelling ("kỳ họp" / "kì họp"), as the folded field loadNarrative searches is written.
 */
export function narrativeKey(claimText: string): string {
  return (unifyIY(foldDiacritics(claimText.normalize('NFC'))).match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
}

/** Topic, source kind, source and Viet Nam days (on the publish time, else the ingestion time), and the review status. */
export interface QueueFilters extends FlagFilters {
  status?: ReviewStatus;
}

export interface QueueItem {
  flag: Flag;
  /** Distinct sources carrying the narrative. */
  spread: number;
  priority: number;
  /** Other flags of the same narrative (ids), and when it was first seen. */
  relatedFlagIds: string[];
  firstSeen: string | null;
  state: ReviewState;
}

/** Flags read per request to group and order the queue, the highest scores first. */
const MAX_FLAGS = 2000;

/** A narrative as the flags index holds it: its best flag, its other flags, its sources. */
interface Narrative {
  flag: Flag;
  spread: number;
  relatedFlagIds: string[];
  firstSeen: string | null;
}

/** The heavy half of a queue request: the top flags by score, grouped into narratives. */
async function loadNarratives(client: Client, names: IndexNames, filters: QueueFilters): Promise<Narrative[]> {
  const filter = flagFilter(filters);
  const response = await client.search({
    index: names.flags,
    size: MAX_FLAGS,
    query: { bool: { filter } },
    sort: [{ score: 'desc' }, { id: 'asc' }],
  });
  const flags: Flag[] = response.hits.hits.flatMap((h) => (h._source ? [readBack(FlagDoc, h)] : []));
  const groups = new Map<string, [Flag, ...Flag[]]>();
  for (const flag of flags) {
    // Scam messages that share a phone, domain or account are one campaign, whatever their wording.
    const key = flag.campaign ? `campaign:${flag.campaign}` : narrativeKey(flag.claimText);
    const list = groups.get(key);
    if (list) list.push(flag);
    else groups.set(key, [flag]);
  }
  return [...groups.values()].map((members) => {
    const dates = members.map((m) => m.publishedAt ?? m.createdAt).sort();
    return {
      flag: members[0],
      spread: new Set(members.map((m) => m.sourceId)).size,
      relatedFlagIds: members.slice(1).map((m) => m.id),
      firstSeen: dates[0] ?? null,
    };
  });
}

/** The light half: review states (always read fresh), the status filter, the order. */
async function rankNarratives(
  client: Client,
  names: IndexNames,
  narratives: Narrative[],
  filters: QueueFilters,
  limit: number,
): Promise<QueueItem[]> {
  const reviews = await reviewsFor(
    client,
    names,
    narratives.map((n) => n.flag.id),
  );
  const byFlag = new Map<string, ReviewEntry[]>();
  for (const r of reviews) byFlag.set(r.flagId, [...(byFlag.get(r.flagId) ?? []), r]);
  return narratives
    .map((n): QueueItem => ({ ...n, priority: n.flag.score * n.spread, state: currentState(byFlag.get(n.flag.id) ?? []) }))
    .filter((item) => !filters.status || item.state.status === filters.status)
    .sort((a, b) => b.priority - a.priority || b.flag.score - a.flag.score || a.flag.id.localeCompare(b.flag.id))
    .slice(0, limit);
}

export async function loadQueue(client: Client, names: IndexNames, filters: QueueFilters, limit = 100): Promise<QueueItem[]> {
  return rankNarratives(client, names, await loadNarratives(client, names, filters), filters, limit);
}

export type QueueLoader = (filters: QueueFilters, limit?: number) => Promise<QueueItem[]>;

/**
 * `loadQueue` for the web app: the grouped flags of a filter set are shared by the requests of
 * the next `ttlMs` (and by those in flight), review states are read on every request. Reading and
 * grouping the top flags is the costly part of a request, which a few analysts reloading the
 * queue would otherwise pay again and again (bench:api measures it). A new flag shows up at most
 * `ttlMs` later; a review shows up at once, for every reviewer.
 */
export function cachedQueueLoader(client: Client, names: IndexNames, ttlMs = 2_000): QueueLoader {
  const cache = new Map<string, { at: number; narratives: Promise<Narrative[]> }>();
  return async (filters, limit = 100) => {
    const key = JSON.stringify([
      filters.topic ?? '',
      filters.sourceKind ?? '',
      filters.source ?? '',
      filters.outlet ?? null,
      filters.statement ?? '',
      filters.from ?? '',
      filters.to ?? '',
    ]);
    const now = Date.now();
    let entry = cache.get(key);
    if (!entry || now - entry.at > ttlMs) {
      for (const [k, e] of cache) if (now - e.at > ttlMs) cache.delete(k);
      entry = { at: now, narratives: loadNarratives(client, names, filters) };
      cache.set(key, entry);
      // A failed read is not kept: the next request tries again.
      entry.narratives.catch(() => cache.delete(key));
    }
    return rankNarratives(client, names, await entry.narratives, filters, limit);
  };
}

/** One appearance of a narrative: where and when another source carried the same claim. */
export interface NarrativeMember {
  id: string;
  url: string;
  sourceId: string;
  sourceKind: SourceKind;
  publishedAt: string | null;
}

export interface NarrativeView {
  members: NarrativeMember[];
  sources: number;
  firstSeen: string | null;
  /** Appearances per day (Asia/Ho_Chi_Minh), oldest first: how the claim spread. */
  perDay: { day: string; count: number }[];
}

/** What a narrative reads of each of its flags. */
const NarrativeFlag = FlagDoc.pick({
  id: true,
  url: true,
  sourceId: true,
  sourceKind: true,
  publishedAt: true,
  createdAt: true,
  claimText: true,
});

/**
 * The flags that say the same as `flag` (the queue's narrative key: same words once folded),
 * oldest first, read by a phrase search on the folded text and kept only on an exact key match.
 */
export async function loadNarrative(client: Client, names: IndexNames, flag: Flag, max = 500): Promise<NarrativeView> {
  const key = narrativeKey(flag.claimText);
  const response = await client.search({
    index: names.flags,
    size: max,
    query: { match_phrase: { [folded('claimText')]: foldForSearch(flag.claimText) } },
    sort: [{ publishedAt: { order: 'asc', missing: '_last' } }, { id: 'asc' }],
    _source: ['id', 'url', 'sourceId', 'sourceKind', 'publishedAt', 'createdAt', 'claimText'],
  });
  const members = response.hits.hits
    .flatMap((h) => (h._source ? [readBack(NarrativeFlag, h)] : []))
    .filter((f) => narrativeKey(f.claimText) === key)
    .map((f): NarrativeMember => ({
      id: f.id,
      url: f.url,
      sourceId: f.sourceId,
      sourceKind: f.sourceKind,
      publishedAt: f.publishedAt ?? f.createdAt,
    }));
  if (!members.some((m) => m.id === flag.id))
    members.push({
      id: flag.id,
      url: flag.url,
      sourceId: flag.sourceId,
      sourceKind: flag.sourceKind,
      publishedAt: flag.publishedAt ?? flag.createdAt,
    });
  const perDay = new Map<string, number>();
  for (const m of members) {
    if (!m.publishedAt) continue;
    const day = vietnamDay(m.publishedAt);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  const dates = members.flatMap((m) => (m.publishedAt ? [m.publishedAt] : [])).sort();
  return {
    members,
    sources: new Set(members.map((m) => m.sourceId)).size,
    firstSeen: dates[0] ?? null,
    perDay: [...perDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, count]) => ({ day, count })),
  };
}

export async function loadFlag(client: Client, names: IndexNames, id: string): Promise<Flag | undefined> {
  const response = await client.get({ index: names.flags, id }, { ignore: [404] });
  return response.found ? readBack(FlagDoc, response) : undefined;
}

const RATINGS: Record<Verdict, { value: number; vi: string; en: string }> = {
  false: { value: 1, vi: 'Sai sự thật', en: 'False' },
  scam: { value: 1, vi: 'Lừa đảo', en: 'Scam' },
  misleading: { value: 2, vi: 'Gây hiểu lầm', en: 'Misleading' },
};

export interface ClaimReviewOptions {
  organization: string;
  /** Where the rebuttal article will live, when known. */
  reviewUrl?: string;
}

/** schema.org ClaimReview (https://schema.org/ClaimReview) for a confirmed verdict. */
export function claimReviewJsonLd(
  flag: Flag,
  state: ReviewState & { verdict: Verdict; decidedAt: string },
  options: ClaimReviewOptions,
): Record<string, unknown> {
  const rating = RATINGS[state.verdict];
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    ...(options.reviewUrl ? { url: options.reviewUrl } : {}),
    datePublished: state.decidedAt.slice(0, 10),
    inLanguage: 'vi',
    claimReviewed: flag.claimText,
    author: { '@type': 'Organization', name: options.organization },
    itemReviewed: {
      '@type': 'Claim',
      ...(flag.publishedAt ? { datePublished: flag.publishedAt.slice(0, 10) } : {}),
      appearance: { '@type': 'CreativeWork', url: flag.url },
    },
    reviewRating: { '@type': 'Rating', ratingValue: rating.value, bestRating: 5, worstRating: 1, alternateName: rating.vi },
  };
}
