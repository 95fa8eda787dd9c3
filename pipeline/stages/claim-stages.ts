/**
 * The claim path: `documents.raw` → extract-claims → `claims` → score-and-match → `flags`,
 * and the indexers that put claims and flags into Elasticsearch.
 *
 * The language work (extraction, scoring) and the matching are injected, so each stage is
 * only Kafka plumbing around a pure function, and a stage can be tested with real ones.
 */
import { extractClaims } from '../../classifiers/claims/extract-claims.js';
import { flagReasons } from '../../classifiers/scoring/flag-policy.js';
import { scoreClaim } from '../../classifiers/scoring/misinformation.js';
import { foldDiacritics } from '../../classifiers/text/normalize.js';
import { topicIds } from '../../classifiers/topics/index.js';
import type { SentinelConfig } from '../../core/config.js';
import { Claim, Flag, FlagEvent, FlagWithdrawal, SourceDocument, type Match, type Signal } from '../../core/contracts.js';
import { indexNames, topicNames, type IndexNames } from '../../core/topics.js';
import type { Client } from '../elasticsearch/client.js';
import { ensureIndices } from '../elasticsearch/indices.js';
import { matchClaims } from '../matching/matcher.js';
import { ensureStatementsIndex } from '../matching/statements-index.js';
import { ItemError } from '../../core/errors.js';
import type { RunningStage } from '../kafka.js';
import { indexReceived, startStage, withProducer, type WritesFor } from './index-stage.js';
import { stageMetrics } from '../metrics.js';

export type ClaimExtractor = (doc: SourceDocument) => Claim[];
export type ClaimScorer = (claim: Claim, matches: Match[]) => { score: number; signals: Signal[] };
export type ClaimMatcher = (claims: { id: string; text: string; publishedAt?: string | null }[]) => Promise<Match[][]>;

/** What the topic classifier answers when no security topic fits. */
const OTHER_TOPIC = 'other';

/** Official statements kept per claim (the flag shows them all, best first). */
export const MATCHES_PER_CLAIM = 3;

/**
 * The shipped extractor: check-worthy sentences, each tagged with its own topics, or with its
 * document's when the sentence alone names none ("Nghe nói hàng nghìn người đã mất tiền").
 */
export function extractTopicalClaims(doc: SourceDocument): Claim[] {
  const claims = extractClaims(doc);
  if (claims.length === 0) return claims;
  let documentTopics: string[] | undefined;
  return claims.map((claim) => {
    const own = topicIds(claim.text).filter((t) => t !== OTHER_TOPIC);
    if (own.length > 0) return { ...claim, topics: own };
    documentTopics ??= topicIds(`${doc.title}\n${doc.text}`);
    return { ...claim, topics: documentTopics };
  });
}

/**
 * How score-claims calls the matcher: slices of 100 claims, each as msearch requests of 25
 * claims, 4 in flight, so Node re-ranks one chunk while Elasticsearch answers the next.
 * bench:match measures this configuration.
 */
export const STAGE_MATCHING = { sliceSize: 100, batchSize: 25, concurrency: 4 } as const;

/** The shipped matcher: the statements index of this namespace, through matching/matcher.ts. */
export function statementMatcher(es: Client, names: IndexNames): ClaimMatcher {
  return (claims) => matchClaims(es, names, claims, MATCHES_PER_CLAIM, { batchSize: STAGE_MATCHING.batchSize, concurrency: STAGE_MATCHING.concurrency });
}

/**
 * What a claim puts to the matcher: the proposition it embeds ("lan truyền thông tin cho rằng
 * [X]" is matched as X), unless that leaves too little to retrieve by, then the whole sentence.
 */
export function matchInputOf(claim: Claim): { id: string; text: string; publishedAt: string | null; offset: number } {
  const p = claim.attribution?.proposition;
  const usable = p !== undefined && claim.attribution?.frame !== 'asserts' && p.text.split(/\s+/u).length >= 6;
  return usable ? { id: claim.id, text: p.text, publishedAt: claim.publishedAt, offset: p.start } : { id: claim.id, text: claim.text, publishedAt: claim.publishedAt, offset: 0 };
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

/**
 * At most `max` claims of one document go on to matching: the most check-worthy, in document
 * order, each marked with how many the document held. The rest are counted (metric), never
 * silently lost: the kept claims say that the document was cut.
 */
export function capClaims(claims: Claim[], max: number): Claim[] {
  if (claims.length <= max) return claims;
  const kept = new Set([...claims].sort((a, b) => b.checkWorthiness - a.checkWorthiness || a.sentenceIndex - b.sentenceIndex).slice(0, max));
  stageMetrics.claimsCapped.inc(claims.length - max);
  const capped = { found: claims.length, kept: max };
  return claims.filter((c) => kept.has(c)).map((c) => ({ ...c, capped }));
}

/**
 * The content each document was last turned into claims from (document id → content hash), for
 * the most recent documents: a document sent again unchanged (a re-crawl, a producer's retry, a
 * replay after an outage) costs no claims and no matching. Bounded; after a restart a repeat is
 * extracted again, which the claims' deterministic ids make harmless.
 */
export class ExtractedContent {
  readonly #hashes = new Map<string, string>();
  constructor(readonly limit = 100_000) {}

  has(doc: Pick<SourceDocument, 'id' | 'contentHash'>): boolean {
    return this.#hashes.get(doc.id) === doc.contentHash;
  }

  add(doc: Pick<SourceDocument, 'id' | 'contentHash'>): void {
    this.#hashes.delete(doc.id);
    this.#hashes.set(doc.id, doc.contentHash);
    if (this.#hashes.size > this.limit) this.#hashes.delete(this.#hashes.keys().next().value as string);
  }
}

export function startClaimExtractor(config: SentinelConfig, extract: ClaimExtractor, extracted = new ExtractedContent()): Promise<RunningStage> {
  const topics = topicNames(config.namespace);
  return withProducer(config, 'sentinel-extract-claims', (send) =>
    startStage(config, {
      stage: 'extract-claims',
      topic: (t) => t.documentsRaw,
      // index-documents dead-letters what does not decode on documents.raw.
      poison: 'skip',
      schema: SourceDocument,
      handle: async (items) => {
        const fresh: SourceDocument[] = [];
        const inBatch = new ExtractedContent(Number.POSITIVE_INFINITY);
        for (const { value: doc } of items) {
          if (extracted.has(doc) || inBatch.has(doc)) continue;
          inBatch.add(doc);
          fresh.push(doc);
        }
        if (items.length > fresh.length) stageMetrics.repeatsSkipped.inc(items.length - fresh.length);
        // Keyed by document, so a document's claims stay in order on one partition.
        const claims = fresh.flatMap((doc) => capClaims(extract(doc), config.maxClaimsPerDocument).map((claim) => ({ key: claim.documentId, value: Claim.parse(claim) })));
        await send(topics.claims, claims);
        // Remembered only once its claims are on the topic: a failed send retries the whole batch.
        for (const doc of fresh) extracted.add(doc);
        return [];
      },
    }),
  );
}

/** A flag when the policy (classifiers/scoring/flag-policy.ts) finds a reason, with every reason named. */
export function flagFor(claim: Claim, matches: Match[], scored: { score: number; signals: Signal[] }, now = new Date()): Flag | null {
  const reasons = flagReasons({ claim, matches, score: scored.score });
  if (reasons.length === 0) return null;
  return Flag.parse({
    // One flag per claim: a re-score overwrites it instead of adding a second one.
    id: claim.id,
    claimId: claim.id,
    documentId: claim.documentId,
    claimText: claim.text,
    url: claim.url,
    sourceId: claim.sourceId,
    sourceKind: claim.sourceKind,
    publishedAt: claim.publishedAt,
    score: scored.score,
    signals: scored.signals,
    matches,
    topics: claim.topics,
    createdAt: now.toISOString(),
    reasons,
    ...(claim.attribution ? { attribution: claim.attribution } : {}),
    ...(claim.scam?.campaign ? { campaign: claim.scam.campaign } : {}),
    ...(claim.submittedBy ? { submittedBy: claim.submittedBy } : {}),
  });
}

export async function startClaimScorer(config: SentinelConfig, deps: { match: ClaimMatcher; score: ClaimScorer }, es?: Client): Promise<RunningStage> {
  const topics = topicNames(config.namespace);
  // Matching searches the statements index: it must exist before the first claim arrives.
  if (es) await ensureStatementsIndex(es, indexNames(config.namespace));
  return withProducer(config, 'sentinel-score-claims', (send) =>
    startStage(config, {
      stage: 'score-claims',
      topic: (t) => t.claims,
      // index-claims dead-letters what does not decode on claims.
      poison: 'skip',
      schema: Claim,
      // Matching is the heaviest step (~1–5 ms of CPU a claim): small slices keep heartbeats flowing.
      maxItemsPerHandle: STAGE_MATCHING.sliceSize,
      handle: async (items) => {
        const claims = items.map((i) => i.value);
        const matches = await matchForClaims(deps.match, claims).catch((error: unknown) => {
          // A failed search names its claim; the stage charges the messages that carried it.
          throw error instanceof ItemError ? error.about(items.filter((i) => error.items.includes(i.value.id))) : error;
        });
        const now = new Date();
        // One event per claim: its flag, or the withdrawal of a flag an earlier score raised
        // (keyed by document, so both land on one partition, in order).
        const flags = claims.map((claim, i) => {
          const found = matches[i] ?? [];
          const scored = deps.score(claim, found);
          const flag = flagFor(claim, found, scored, now);
          const value: FlagEvent = flag ?? FlagWithdrawal.parse({ id: claim.id, claimId: claim.id, withdrawn: true, score: scored.score, at: now.toISOString() });
          return { key: claim.documentId, value };
        });
        await send(topics.flags, flags);
        return [];
      },
    }),
  );
}

export function claimWrites(names: IndexNames) {
  return (claim: Claim, origin: { partition: number; offset: string }) => [
    { index: names.claims, id: claim.id, origin, document: { ...claim, text_folded: foldDiacritics(claim.text) } },
  ];
}

export function flagWrites(names: IndexNames): WritesFor<FlagEvent> {
  return (event, origin) =>
    'withdrawn' in event
      ? [{ index: names.flags, id: event.id, origin, document: {}, delete: true }]
      : [{ index: names.flags, id: event.id, origin, document: { ...event, claimText_folded: foldDiacritics(event.claimText) } }];
}

export async function startClaimIndexer(config: SentinelConfig, es: Client): Promise<RunningStage> {
  const names = indexNames(config.namespace);
  await ensureIndices(es, names);
  return startStage(config, { stage: 'index-claims', topic: (t) => t.claims, schema: Claim, handle: (items) => indexReceived(es, items, claimWrites(names)) });
}

export async function startFlagIndexer(config: SentinelConfig, es: Client): Promise<RunningStage> {
  const names = indexNames(config.namespace);
  await ensureIndices(es, names);
  return startStage(config, { stage: 'index-flags', topic: (t) => t.flags, schema: FlagEvent, handle: (items) => indexReceived(es, items, flagWrites(names)) });
}

/** Both claim stages with the shipped language core and matcher. */
export function startDefaultClaimExtractor(config: SentinelConfig): Promise<RunningStage> {
  return startClaimExtractor(config, extractTopicalClaims);
}

export function startDefaultClaimScorer(config: SentinelConfig, es: Client): Promise<RunningStage> {
  return startClaimScorer(config, { match: statementMatcher(es, indexNames(config.namespace)), score: (claim, matches) => scoreClaim(claim, matches) }, es);
}
