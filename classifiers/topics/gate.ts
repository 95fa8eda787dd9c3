/**
 * The relevance filter at the crawl, in the shape of the crawler's filter hook
 * (crawlers/site-crawler.ts `CrawlFilter`): off-topic documents come back `keep: false` with
 * the bounded reason "off-topic" (the crawler counts them in `filtered` / `filterReasons`),
 * are counted on an optional prom-client counter and recorded with their score and full
 * reason. Official sources always pass: their pages arrive as statements, and a document
 * marked `official` is relevant by the classifier's own rule.
 */
import type { SourceDocument } from '../../core/contracts.js';
import type { RelevanceDecision, TopicClassifier } from './classifier.js';

/** The shape of a prom-client Counter labelled `source` and `reason` (e.g. `sentinel_crawl_skipped_total`). */
export interface SkipCounter {
  inc(labels: { source: string; reason: string }, value?: number): void;
}

/** What the crawler hands its filter; structurally the same as crawlers' `CrawledItem`. */
export type GateItem = { kind: 'document'; document: SourceDocument } | { kind: 'statement' };

export interface SkippedDocument {
  id: string;
  url: string;
  sourceId: string;
  title: string;
  score: number;
  reason: string;
}

export interface GateOptions {
  classifier: TopicClassifier;
  counter?: SkipCounter;
  /** Called for every skipped document, e.g. to log its full reason. */
  onSkip?: (skipped: SkippedDocument) => void;
}

export interface RelevanceGate {
  filter(item: GateItem): { keep: boolean; reason?: string };
  decide(doc: Pick<SourceDocument, 'title' | 'text' | 'sourceKind'>): RelevanceDecision;
  readonly stats: { kept: number; skipped: number };
  readonly skipped: readonly SkippedDocument[];
}

export const SKIP_REASON = 'off-topic';
/** How many skipped documents the gate remembers (the most recent). */
export const MAX_SKIPPED_KEPT = 1_000;

export function createRelevanceGate(options: GateOptions): RelevanceGate {
  const stats = { kept: 0, skipped: 0 };
  const skipped: SkippedDocument[] = [];
  const decide = (doc: Pick<SourceDocument, 'title' | 'text' | 'sourceKind'>): RelevanceDecision =>
    options.classifier.relevance({ title: doc.title, text: doc.text, sourceKind: doc.sourceKind });
  return {
    stats,
    skipped,
    decide,
    filter(item) {
      if (item.kind === 'statement') {
        stats.kept += 1;
        return { keep: true, reason: 'official source' };
      }
      const doc = item.document;
      const decision = decide(doc);
      if (decision.relevant) {
        stats.kept += 1;
        return { keep: true, reason: decision.reason };
      }
      const record: SkippedDocument = {
        id: doc.id,
        url: doc.url,
        sourceId: doc.sourceId,
        title: doc.title,
        score: decision.score,
        reason: decision.reason,
      };
      stats.skipped += 1;
      skipped.push(record);
      // Bounded: a watch runs for weeks; the counter keeps the totals, this only the latest.
      if (skipped.length > MAX_SKIPPED_KEPT) skipped.splice(0, skipped.length - MAX_SKIPPED_KEPT);
      options.counter?.inc({ source: doc.sourceId, reason: SKIP_REASON });
      options.onSkip?.(record);
      return { keep: false, reason: SKIP_REASON };
    },
  };
}
