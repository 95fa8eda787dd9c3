/**
 * Trains the stance model on the labelled set and writes classifiers/stance/stance-model.json.
 * It first prints the 5-fold cross-validated figures (folds grouped by statement): those are
 * the only figures to quote; the shipped model has seen every claim.
 *
 *   npx tsx classifiers/stance/train.ts [--dir ../shared/data/vi-factcheck-dev] [--no-write]
 */
import { writeFileSync } from 'node:fs';
import type { Stance } from '../../core/contracts.js';
import { foldOf, loadLabelledSet, type LabelledClaim } from './dataset.js';
import { alignEvidence, analysePair, type FeatureVector } from './features.js';
import { stanceScores } from './metrics.js';
import { splitPassages } from './passages.js';
import { predictStance, STANCE_MODEL_FILE, trainStanceModel } from './model.js';

export const FOLDS = 5;

/**
 * Features of a claim against its statement, computed as the matcher does: on the passage of
 * the statement (same split as the index) whose aligned sentences cover the claim best.
 */
export function featuresFor(claim: string, statementText: string): FeatureVector {
  let best = { passage: statementText, evidence: '', coverage: -1 };
  for (const passage of splitPassages(statementText)) {
    const aligned = alignEvidence(claim, passage);
    if (aligned.coverage > best.coverage) best = { passage, evidence: aligned.text, coverage: aligned.coverage };
  }
  return analysePair(claim, best.evidence, best.passage).features;
}

/**
 * Other assignments of statements to folds, beside the canonical one (''): the statement id is
 * hashed with this suffix. One assignment's figure moves by ±0.015 with the luck of the split, so
 * the mean over all of them is the figure a feature change must improve.
 */
export const FOLD_ASSIGNMENTS = ['', 'a', 'b', 'c'] as const;

/**
 * Out-of-fold predictions: each claim is predicted by a model that never saw its statement.
 * `assignment` '' is the canonical split; others rehash the statement ids (FOLD_ASSIGNMENTS).
 */
export function crossValidatedPredictions(claims: LabelledClaim[], features: FeatureVector[], assignment = ''): Stance[] {
  const folds = claims.map((c) => foldOf(c.statementId + assignment, FOLDS));
  const predicted = new Array<Stance>(claims.length);
  for (let f = 0; f < FOLDS; f += 1) {
    const train = claims.map((_, i) => i).filter((i) => folds[i] !== f);
    const model = trainStanceModel(train.map((i) => features[i] as FeatureVector), train.map((i) => (claims[i] as LabelledClaim).label));
    claims.forEach((_, i) => {
      if (folds[i] === f) predicted[i] = predictStance(model, features[i] as FeatureVector);
    });
  }
  return predicted;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dirAt = args.indexOf('--dir');
  const { statements, claims } = loadLabelledSet(dirAt >= 0 ? args[dirAt + 1] : undefined);
  const byId = new Map(statements.map((s) => [s.id, s.text]));
  const features = claims.map((c) => featuresFor(c.text, byId.get(c.statementId) ?? ''));
  const cv = stanceScores(claims.map((c) => c.label), crossValidatedPredictions(claims, features));
  process.stdout.write(`stance, ${FOLDS}-fold CV grouped by statement (${cv.n} claims): accuracy ${cv.accuracy.toFixed(3)}, macro-F1 ${cv.macroF1.toFixed(3)} ` +
    `(supports ${cv.f1.supports.toFixed(3)}, contradicts ${cv.f1.contradicts.toFixed(3)}, nei ${cv.f1.nei.toFixed(3)})\n`);
  const perAssignment = FOLD_ASSIGNMENTS.map((a) => (a === '' ? cv : stanceScores(claims.map((c) => c.label), crossValidatedPredictions(claims, features, a))).macroF1);
  process.stdout.write(`CV over ${perAssignment.length} fold assignments: mean ${(perAssignment.reduce((x, y) => x + y, 0) / perAssignment.length).toFixed(3)}, ` +
    `min ${Math.min(...perAssignment).toFixed(3)}, max ${Math.max(...perAssignment).toFixed(3)} (macro-F1 ${perAssignment.map((v) => v.toFixed(3)).join(' / ')})\n`);
  if (args.includes('--no-write')) return;
  const model = { ...trainStanceModel(features, claims.map((c) => c.label)), trainedOn: `vi-factcheck-dev, ${claims.length} claims` };
  writeFileSync(STANCE_MODEL_FILE, `${JSON.stringify(model, null, 1)}\n`);
  process.stdout.write(`wrote ${STANCE_MODEL_FILE.pathname}\n`);
  model.features.forEach((name, j) => {
    process.stdout.write(`  ${name.padEnd(22)} ${model.classes.map((c, k) => `${c} ${(model.weights[k]?.[j] ?? 0).toFixed(2).padStart(6)}`).join('  ')}\n`);
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
