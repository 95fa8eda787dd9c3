/**
 * How the pipeline puts claims to the matcher: what part of a claim is matched, how many
 * statements are kept, and how the matches' spans return to the claim's own offsets.
 */
import type { Claim, Match } from '../../core/contracts.js';
import type { IndexNames } from '../../core/names.js';
import { type Client } from '../../platform/index.js';
import { matchClaims } from './matcher.js';

export type ClaimMatcher = (claims: { id: string; text: string; publishedAt?: string | null }[]) => Promise<Match[][]>;

/** Official statements kept per claim (the flag shows them all, best first). */
export const MATCHES_PER_CLAIM = 3;

/**
 * How score-claims calls the matcher: slices of 100 claims, each as msearch requests of 25
 * claims, 4 in flight, so Node re-ranks one chunk while Elasticsearch answers the next.
 * bench:match measures this configuration.
 */
export const STAGE_MATCHING = { sliceSize: 100, batchSize: 25, concurrency: 4 } as const;

/** The shipped matcher: the statements index of this namespace, through matcher.ts. */
export function statementMatcher(es: Client, names: IndexNames): ClaimMatcher {
  return (claims) =>
    matchClaims(es, names, claims, MATCHES_PER_CLAIM, { batchSize: STAGE_MATCHING.batchSize, concurrency: STAGE_MATCHING.concurrency });
}

/**
 * What a claim puts to the matcher: the proposition it embeds ("lan truyền thông tin cho rằng
 * [X]" is matched as X), unless that leaves too little to retrieve by, then the whole sentence.
 */
export function matchInputOf(claim: Claim): { id: string; text: string; publishedAt: string | null; offset: number } {
  const p = claim.attribution?.proposition;
  const usable = p !== undefined && claim.attribution?.frame !== 'asserts' && p.text.split(/\s+/u).length >= 6;
  return usable
    ? { id: claim.id, text: p.text, publishedAt: claim.publishedAt, offset: p.start }
    : { id: claim.id, text: claim.text, publishedAt: claim.publishedAt, offset: 0 };
}

/** Matches of a proposition, with their claim spans moved back into the whole sentence. */
export function inClaimOffsets(matches: Match[], offset: number): Match[] {
  if (offset === 0) return matches;
  const shift = (span: Match['conflicts'][number]['claimSpan']) => ({ ...span, start: span.start + offset, end: span.end + offset });
  return matches.map((m) => ({ ...m, conflicts: m.conflicts.map((c) => ({ ...c, claimSpan: shift(c.claimSpan) })) }));
}

/** Claims and their matches, each match's spans in the claim's own offsets. */
export async function matchForClaims(match: ClaimMatcher, claims: readonly Claim[]): Promise<Match[][]> {
  const inputs = claims.map(matchInputOf);
  const found = await match(inputs.map(({ id, text, publishedAt }) => ({ id, text, publishedAt })));
  return inputs.map((input, i) => inClaimOffsets(found[i] ?? [], input.offset));
}
