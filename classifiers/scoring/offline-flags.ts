/**
 * The pipeline's judgement without Kafka: documents → the extract stage's claims (frames, scam
 * evidence, topics) → matches (optional) → the score stage's score and flag policy. The
 * `sentinel flags` command and eval:flags call this, so what they measure is what the pipeline does.
 */
import { z } from 'zod';
import { scoreClaim } from './misinformation.js';
import type { LogisticModel } from './logistic.js';
import { flagReasons, textOnlyThresholds, type TextOnlyThresholds } from './flag-policy.js';
import { normalizeText } from '../text/normalize.js';
import { SourceKind, type Claim, type FlagReason, type Frame, type Match, type SourceDocument } from '../../core/contracts.js';
import { documentIdFor, sha256Hex } from '../../core/ids.js';
import { extractTopicalClaims } from '../claims/topical-claims.js';

/** One input line of `sentinel flags`: `{"id","text","kind"?,"publishedAt"?,"url"?}`. */
export const OfflineDocument = z.object({
  id: z.string().min(1),
  text: z.string().min(1),
  kind: SourceKind.optional(),
  publishedAt: z.string().datetime({ offset: true }).nullable().optional(),
  url: z.string().url().optional(),
});
export type OfflineDocument = z.infer<typeof OfflineDocument>;

export interface OfflineFlag {
  sentenceIndex: number;
  text: string;
  score: number;
  frame: Frame;
  attributedTo: string | null;
  reasons: FlagReason[];
  campaign?: string;
}

export interface DocumentFlags {
  id: string;
  claims: number;
  maxScore: number;
  flags: OfflineFlag[];
  /** Every claim's score, in claim order (for calibration tables). */
  scores: number[];
}

export interface PolicyOptions {
  /** Another suspicious model and thresholds than the shipped ones (evaluation inside training folds). */
  model?: LogisticModel;
  thresholds?: TextOnlyThresholds;
}

/** The input as the crawler would have produced it: a URL of its own when it has none. */
export function toSourceDocument(doc: OfflineDocument, defaultKind: SourceKind, fetchedAt = new Date().toISOString()): SourceDocument {
  // `.invalid` is reserved: an input without a URL gets one that can never be fetched.
  const url = doc.url ?? `https://input.invalid/${encodeURIComponent(doc.id)}`;
  const text = normalizeText(doc.text);
  return {
    id: documentIdFor(`${url}#${doc.id}`),
    url,
    canonicalUrl: url,
    sourceId: 'input',
    sourceKind: doc.kind ?? defaultKind,
    outlet: 'input',
    title: '',
    text,
    publishedAt: doc.publishedAt ?? null,
    fetchedAt,
    language: 'vi',
    contentHash: sha256Hex(text),
  };
}

/** Score and flag a document's claims, given each claim's matches (in claim order). */
export function flagClaims(
  id: string,
  claims: readonly Claim[],
  matches: readonly (readonly Match[])[],
  options: PolicyOptions = {},
): DocumentFlags {
  const thresholds = options.thresholds ?? textOnlyThresholds();
  let maxScore = 0;
  const flags: OfflineFlag[] = [];
  const scores: number[] = [];
  claims.forEach((claim, i) => {
    const found = [...(matches[i] ?? [])];
    const { score, textScore } = scoreClaim(claim, found, options.model ? { model: options.model } : {});
    scores.push(score);
    maxScore = Math.max(maxScore, score);
    const reasons = flagReasons({ claim, matches: found, score: textScore }, thresholds);
    if (reasons.length === 0) return;
    const flag: OfflineFlag = {
      sentenceIndex: claim.sentenceIndex,
      text: claim.text,
      score,
      frame: claim.attribution?.frame ?? 'asserts',
      attributedTo: claim.attribution?.attributedTo ?? null,
      reasons,
    };
    if (claim.scam?.campaign) flag.campaign = claim.scam.campaign;
    flags.push(flag);
  });
  return { id, claims: claims.length, maxScore, flags, scores };
}

/** The extract stage's claims of one input document. */
export function claimsOf(doc: OfflineDocument, defaultKind: SourceKind): Claim[] {
  return extractTopicalClaims(toSourceDocument(doc, defaultKind));
}
