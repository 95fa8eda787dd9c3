/**
 * Stance of an official passage towards a claim: align the sentences that answer the claim,
 * compute the explainable features, let the trained model decide, and return the conflicting
 * spans (numbers, dates, places, negation, outcomes) so the UI can show them side by side.
 */
import type { Conflict, Stance } from '../../core/contracts.js';
import { alignEvidence, analysePair, type FeatureVector } from './features.js';
import { loadStanceModel, predictProbabilities, predictStance, type StanceModel } from './model.js';

export interface StanceResult {
  stance: Stance;
  /** Model probabilities per stance, for reviewers and for score calibration. */
  probabilities: Record<Stance, number>;
  /** The sentences of the passage that best answer the claim. */
  evidence: string;
  /** Spans in the claim and in `evidence`; listed only when the stance is `contradicts`. */
  conflicts: Conflict[];
  features: FeatureVector;
}

export function detectStance(claim: string, passage: string, model: StanceModel = loadStanceModel(), passageQuantities?: ReadonlySet<string>): StanceResult {
  const aligned = alignEvidence(claim, passage);
  const { features, conflicts } = analysePair(claim, aligned.text, passage, passageQuantities);
  const probabilities = predictProbabilities(model, features);
  const stance = predictStance(model, features);
  return { stance, probabilities, evidence: aligned.text, conflicts: stance === 'contradicts' ? conflicts : [], features };
}
