/**
 * The analysts' review queue: flags grouped into narratives (near-identical claim text after
 * Vietnamese folding), ordered by score × spread, where spread is the number of distinct
 * sources carrying the narrative. Review state comes from the append-only audit trail, never
 * from the flag document (the pipeline overwrites flags on replay).
 */
import type { estypes } from '@elastic/elasticsearch';
import { foldDiacritics } from '../classifiers/text/normalize.js';
import type { Flag, SourceKind } from '../core/contracts.js';
import type { IndexNames } from '../core/topics.js';
import type { Client } from '../pipeline/elasticsearch/client.js';
import { currentState, reviewsFor, type ReviewEntry, type ReviewState, type ReviewStatus, type Verdict } from './store.js';

/** Near-identical: same words once folded, case, punctuation and spacing ignored. */
export function narrativeKey(claimText: string): string {
  return (foldDiacritics(claimText.normalize('NFC')).match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
}

export interface QueueFilters {
  topic?: string;
  sourceKind?: SourceKind;
  /** ISO dates (inclusive) on the claim's publish time. */
  from?: string;
  to?: string;
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

/** A first version reads up to this many flags per request, the highest scores first. */
const MAX_FLAGS = 2000;

export async function loadQueue(client: Client, names: IndexNames, filters: QueueFilters, limit = 100): Promise<QueueItem[]> {
  const filter: estypes.QueryDslQueryContainer[] = [];
  if (filters.topic) filter.push({ term: { topics: filters.topic } });
  if (filters.sourceKind) filter.push({ term: { sourceKind: filters.sourceKind } });
  if (filters.from || filters.to) filter.push({ range: { publishedAt: { gte: filters.from, lte: filters.to } } });
  const response = await client.search<Flag>({
    index: names.flags,
    size: MAX_FLAGS,
    query: { bool: { filter } },
    sort: [{ score: 'desc' }, { id: 'asc' }],
  });
  const flags = response.hits.hits.flatMap((h) => (h._source ? [h._source] : []));
  const groups = new Map<string, Flag[]>();
  for (const flag of flags) {
    const key = narrativeKey(flag.claimText);
    const list = groups.get(key);
    if (list) list.push(flag);
    else groups.set(key, [flag]);
  }
  const representatives = [...groups.values()].map((members) => members[0] as Flag);
  const reviews = await reviewsFor(client, names, representatives.map((f) => f.id));
  const byFlag = new Map<string, ReviewEntry[]>();
  for (const r of reviews) byFlag.set(r.flagId, [...(byFlag.get(r.flagId) ?? []), r]);
  const items = [...groups.values()].map((members): QueueItem => {
    const flag = members[0] as Flag;
    const spread = new Set(members.map((m) => m.sourceId)).size;
    const dates = members.map((m) => m.publishedAt ?? m.createdAt).sort();
    return {
      flag,
      spread,
      priority: flag.score * spread,
      relatedFlagIds: members.slice(1).map((m) => m.id),
      firstSeen: dates[0] ?? null,
      state: currentState(byFlag.get(flag.id) ?? []),
    };
  });
  return items
    .filter((item) => !filters.status || item.state.status === filters.status)
    .sort((a, b) => b.priority - a.priority || b.flag.score - a.flag.score || a.flag.id.localeCompare(b.flag.id))
    .slice(0, limit);
}

export async function loadFlag(client: Client, names: IndexNames, id: string): Promise<Flag | undefined> {
  const response = await client.get<Flag>({ index: names.flags, id }, { ignore: [404] });
  return response.found ? response._source : undefined;
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
export function claimReviewJsonLd(flag: Flag, state: ReviewState & { verdict: Verdict; decidedAt: string }, options: ClaimReviewOptions): Record<string, unknown> {
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
