/**
 * Stance of an official passage towards a claim: align the sentences that answer the claim,
 * compute the explainable features, let the trained model decide, and return the conflicting
 * spans (numbers, dates, places, negation, outcomes) so the UI can show them side by side.
 */
import type { Conflict, Stance } from '../../core/contracts.js';
import { alignPrepared, analyseClaim, analysePassage, analysePreparedPair, type ClaimAnalysis, type FeatureVector, type PassageAnalysis } from './features.js';
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
  return detectStancePrepared(analyseClaim(claim), analysePassage(passage, passageQuantities), model);
}

/**
 * The same on analyses prepared once: the matcher analyses each claim once and each passage
 * once (it keeps passages it has seen), so a pair costs only the set intersections.
 */
export function detectStancePrepared(claim: ClaimAnalysis, passage: PassageAnalysis, model: StanceModel = loadStanceModel()): StanceResult {
  const { evidence } = alignPrepared(claim, passage);
  const { features, conflicts } = analysePreparedPair(claim, evidence, passage);
  const probabilities = predictProbabilities(model, features);
  const stance = predictStance(model, features);
  return { stance, probabilities, evidence: evidence.text, conflicts: stance === 'contradicts' ? conflicts : [], features };
}
