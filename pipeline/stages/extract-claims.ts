/**
 * Stage `extract-claims`: `documents.raw` → the document's claims → `claims`.
 *
 * The language work is injected, so the stage is only Kafka plumbing around a pure function
 * and can be tested with the real one.
 */
import { extractTopicalClaims } from '../../classifiers/claims/topical-claims.js';
import type { SentinelConfig } from '../../core/config.js';
import { Claim, SourceDocument } from '../../core/contracts.js';
import { topicNames } from '../../core/names.js';
import { type RunningStage, stageMetrics, startStage, withProducer } from '../../platform/index.js';

export type ClaimExtractor = (doc: SourceDocument) => Claim[];

/**
 * At most `max` claims of one document go on to matching: the most check-worthy, in document
 * order, each marked with how many the document held. The rest are counted (metric), never
 * silently lost: the kept claims say that the document was cut.
 */
export function capClaims(claims: Claim[], max: number): Claim[] {
  if (claims.length <= max) return claims;
  const kept = new Set(
    [...claims].sort((a, b) => b.checkWorthiness - a.checkWorthiness || a.sentenceIndex - b.sentenceIndex).slice(0, max),
  );
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

export function startClaimExtractor(
  config: SentinelConfig,
  extract: ClaimExtractor,
  extracted = new ExtractedContent(),
): Promise<RunningStage> {
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
        const claims = fresh.flatMap((doc) =>
          capClaims(extract(doc), config.maxClaimsPerDocument).map((claim) => ({ key: claim.documentId, value: Claim.parse(claim) })),
        );
        await send(topics.claims, claims);
        // Remembered only once its claims are on the topic: a failed send retries the whole batch.
        for (const doc of fresh) extracted.add(doc);
        return [];
      },
    }),
  );
}

/** The stage with the shipped extractor. */
export function startDefaultClaimExtractor(config: SentinelConfig): Promise<RunningStage> {
  return startClaimExtractor(config, extractTopicalClaims);
}
