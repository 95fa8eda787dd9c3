/**
 * The "suspicious" (scam / hearsay wording) model and its text-only flag threshold, learnt from
 * the written sentences (positives and odd cases) plus real published news as legitimate text,
 * so the model's prior and vocabulary are those of real news, not of a set that is a quarter
 * suspicious. Used by train.ts on all the data and by eval/flags.ts inside each training fold.
 */
import type { Claim } from '../../core/contracts.js';
import { attributeSentence } from '../claims/attribution.js';
import { analyse, suspiciousFeatures } from '../scoring/features.js';
import { predictLogistic, trainLogistic, type LogisticModel, type TrainingExample } from '../scoring/logistic.js';
import type { TextOnlyThresholds } from '../scoring/flag-policy.js';
import { scoreClaim } from '../scoring/misinformation.js';
import { ruleSignals } from '../scoring/signals.js';
import { sha256Hex } from '../../core/ids.js';

export const EPOCHS = 400;
export const RATE = 0.8;
export const L2_GRID = [1e-3, 3e-3, 1e-2];
/**
 * Share of real legitimate news claims the text alone may flag on the training folds: for public
 * posts (where the text is the thing judged), and for news and submitted messages (the news is
 * judged on evidence; legitimate service messages share a scam's words, OTP, transfers, links,
 * and are judged by the scam-message detector), where it flags only what stands out from nearly
 * all real news.
 */
export const TEXT_ONLY_FLAG_RATE = { posts: 0.002, strict: 0.0002 } as const;
/** The thresholds never go under this, whatever the real news scores: a sanity bound, not the criterion. */
export const TEXT_ONLY_FLOOR = 0.3;

export interface GroupedExample extends TrainingExample {
  /** Article URL for real news, the sentence itself for written ones: inner folds never split a group. */
  group: string;
}

/**
 * Features of each row, the few written positives weighed up by the square root of the class
 * ratio: enough that the model learns what sets them apart instead of learning that almost
 * nothing is suspicious, not so much that every word of theirs ("người", "công an") turns
 * suspicious. The flag thresholds are then set on real news.
 */
export function examplesOf(rows: readonly { text: string; label: 0 | 1; group: string }[]): GroupedExample[] {
  const positives = rows.filter((r) => r.label === 1).length;
  const positiveWeight = positives === 0 ? 1 : Math.sqrt((rows.length - positives) / positives);
  return rows.map((r) => ({
    features: suspiciousFeatures(
      analyse(r.text),
      attributeSentence(r.text).frame,
      ruleSignals(r.text).map((s) => s.id),
    ),
    label: r.label,
    group: r.group,
    weight: r.label === 1 ? positiveWeight : 1,
  }));
}

const innerFold = (group: string, folds: number): number => Number.parseInt(sha256Hex(`inner:${group}`).slice(0, 8), 16) % folds;

function groupedLoss(examples: readonly GroupedExample[], l2: number, folds = 4): number {
  let loss = 0;
  let total = 0;
  for (let fold = 0; fold < folds; fold += 1) {
    const fit = trainLogistic(
      'cv',
      examples.filter((e) => innerFold(e.group, folds) !== fold),
      { epochs: EPOCHS, learningRate: RATE, l2 },
    );
    for (const e of examples) {
      if (innerFold(e.group, folds) !== fold) continue;
      const p = Math.min(1 - 1e-6, Math.max(1e-6, predictLogistic(fit, e.features)));
      const w = e.weight ?? 1;
      loss -= w * (e.label === 1 ? Math.log(p) : Math.log(1 - p));
      total += w;
    }
  }
  return loss / total;
}

/** L2 chosen by grouped cross-validation inside `examples`, then fitted on all of them. */
export function trainSuspicious(examples: readonly GroupedExample[]): { model: LogisticModel; l2: number; losses: number[] } {
  const losses = L2_GRID.map((l2) => groupedLoss(examples, l2));
  const l2 = L2_GRID[losses.indexOf(Math.min(...losses))] as number;
  const model = trainLogistic('suspicious', [...examples], { epochs: EPOCHS, learningRate: RATE, l2 });
  return { model, l2, losses };
}

/** A claim as scoring sees a sentence with no matches, with its frame. */
export function bareClaim(text: string, i: number, kind: Claim['sourceKind'] = 'news'): Claim {
  const attribution = { ...attributeSentence(text), rebuttedInDocument: false };
  return {
    id: `eval:${i}`,
    documentId: 'eval',
    sentenceIndex: i,
    text,
    url: 'https://example.invalid/eval',
    sourceId: 'eval',
    sourceKind: kind,
    outlet: 'eval',
    publishedAt: null,
    checkWorthiness: 1,
    entities: [],
    topics: [],
    attribution,
  };
}

/**
 * The text-only threshold: the score exceeded by at most TEXT_ONLY_FLAG_RATE of the given real
 * news claims (never under the floor). Chosen on training claims only.
 */
export function calibrateThresholds(model: LogisticModel, realClaims: readonly string[]): TextOnlyThresholds {
  const scores = realClaims.map((text, i) => scoreClaim(bareClaim(text, i), [], { model }).score).sort((a, b) => a - b);
  const at = (rate: number): number => {
    if (scores.length === 0) return TEXT_ONLY_FLOOR;
    const k = Math.min(scores.length - 1, Math.floor(scores.length * (1 - rate)));
    // Just above the k-th score, so that score itself is not flagged.
    return Math.max(TEXT_ONLY_FLOOR, Math.min(1, Math.round(((scores[k] as number) + 0.0005) * 1000) / 1000));
  };
  return { posts: at(TEXT_ONLY_FLAG_RATE.posts), strict: at(TEXT_ONLY_FLAG_RATE.strict) };
}
