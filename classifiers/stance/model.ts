/**
 * A multinomial logistic regression over the features of features.ts. Written out here
 * (40 lines) because natural's LogisticRegressionClassifier is binary-per-label over
 * bag-of-words strings; our inputs are a dozen numeric features whose weights should be
 * readable one by one ("negation_flip pushes towards contradicts by 1.8").
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { STANCES, type Stance } from '../../core/contracts.js';
import { FEATURE_NAMES, type FeatureVector } from './features.js';
import { TwoStepModel, twoStepProbabilities } from './two-step.js';
import { SUBJECT_FEATURES } from './subject.js';
import { SentinelError } from '../../core/errors.js';

export const StanceModel = z.object({
  features: z.array(z.string()),
  classes: z.array(z.enum(STANCES)),
  mean: z.array(z.number()),
  scale: z.array(z.number()),
  /** One row per class: the weights of the standardised features, then the bias. */
  weights: z.array(z.array(z.number())),
  /**
   * The two-step model of two-step.ts (dense and named lexical features, trained on the
   * ViFactCheck pairs and the dev claims), averaged with this one: the probabilities are
   * (1 − twoStepWeight) · this model's + twoStepWeight · the two-step model's. Absent: this model alone.
   */
  twoStep: TwoStepModel.optional(),
  twoStepWeight: z.number().optional(),
  trainedOn: z.string().optional(),
});
export type StanceModel = z.infer<typeof StanceModel>;

export interface TrainOptions {
  l2?: number;
  iterations?: number;
  learningRate?: number;
}

export function trainStanceModel(rows: FeatureVector[], labels: Stance[], options: TrainOptions = {}): StanceModel {
  const { l2 = 0.01, iterations = 800, learningRate = 0.5 } = options;
  const d = FEATURE_NAMES.length;
  const mean = Array.from({ length: d }, (_, j) => avg(rows.map((r) => r[j] ?? 0)));
  const scale = Array.from({ length: d }, (_, j) => Math.sqrt(avg(rows.map((r) => ((r[j] ?? 0) - (mean[j] ?? 0)) ** 2))) || 1);
  const x = rows.map((r) => [...standardise(r, mean, scale), 1]);
  const y = labels.map((l) => STANCES.indexOf(l));
  // Class weights balance the loss so a majority class cannot win by default.
  const counts = STANCES.map((_, k) => y.filter((v) => v === k).length || 1);
  const classWeight = counts.map((c) => y.length / (STANCES.length * c));
  const w = STANCES.map(() => new Array<number>(d + 1).fill(0));
  for (let it = 0; it < iterations; it += 1) {
    const grad = STANCES.map(() => new Array<number>(d + 1).fill(0));
    x.forEach((xi, i) => {
      const p = softmax(w.map((wk) => dot(wk, xi)));
      const yi = y[i] as number;
      const cw = classWeight[yi] as number;
      p.forEach((pk, k) => {
        const g = cw * (pk - (k === yi ? 1 : 0));
        const gk = grad[k] as number[];
        for (let j = 0; j <= d; j += 1) gk[j] = (gk[j] as number) + g * (xi[j] as number);
      });
    });
    w.forEach((wk, k) => {
      const gk = grad[k] as number[];
      for (let j = 0; j <= d; j += 1)
        wk[j] = (wk[j] as number) - learningRate * ((gk[j] as number) / x.length + (j < d ? l2 * (wk[j] as number) : 0));
    });
  }
  return { features: [...FEATURE_NAMES], classes: [...STANCES], mean, scale, weights: w };
}

/**
 * Probabilities per stance. With a two-step model inside (StanceModel.twoStep) it reads the named
 * lexical features too: `sparse` (PairAnalysis.sparse), asked for only then, as they cost a little.
 */
export function predictProbabilities(
  model: StanceModel,
  features: FeatureVector,
  sparse: () => readonly string[] = () => [],
): Record<Stance, number> {
  const xi = [...standardise(features, model.mean, model.scale), 1];
  const p = softmax(model.weights.map((wk) => dot(wk, xi)));
  const own = Object.fromEntries(model.classes.map((c, k) => [c, p[k] ?? 0])) as Record<Stance, number>;
  if (!model.twoStep) return own;
  const w = model.twoStepWeight ?? 0.5;
  const q = twoStepProbabilities(model.twoStep, { dense: features, sparse: sparse() });
  return {
    supports: (1 - w) * own.supports + w * q.supports,
    contradicts: (1 - w) * own.contradicts + w * q.contradicts,
    nei: (1 - w) * own.nei + w * q.nei,
  };
}

const feature = (features: FeatureVector, name: (typeof FEATURE_NAMES)[number]): number => features[FEATURE_NAMES.indexOf(name)] ?? 0;

/**
 * The model's most probable stance, with two explicit rules on top, for sentences that otherwise
 * say the same thing (≥ 90% of the claim's syllables): a negation on one side only, and an outcome
 * word standing where the evidence has its opposite ("tăng" for "giảm"), are contradictions.
 * The labelled set has too few clean flips for the model to learn them (one outcome flip at 90%).
 */
export function predictStance(model: StanceModel, features: FeatureVector, probabilities?: Record<Stance, number>): Stance {
  const sameSentence = feature(features, 'coverage_syllables') >= 0.9;
  if (sameSentence && feature(features, 'negation_flip') > 0) return 'contradicts';
  if (sameSentence && feature(features, 'outcome_flip') > 0 && feature(features, 'words_swapped') > 0) return 'contradicts';
  // The caller may pass the probabilities it already computed for these features (the matcher does).
  const p = probabilities ?? predictProbabilities(model, features);
  return (Object.entries(p) as [Stance, number][]).reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

export const STANCE_MODEL_FILE = new URL('./stance-model.json', import.meta.url);
let shipped: StanceModel | undefined;

/**
 * A stance model read from JSON, refused when any of its parts was trained on other features than
 * this code computes: its weights would otherwise be read against the wrong features in silence
 * (a missing weight reads as 0).
 */
export function readStanceModel(json: unknown, source = STANCE_MODEL_FILE.pathname): StanceModel {
  const model = StanceModel.parse(json);
  const differs = (trained: readonly string[] | undefined, current: readonly string[]): boolean =>
    trained !== undefined && trained.join() !== current.join();
  const stale = [
    differs(model.features, FEATURE_NAMES) ? 'stance' : null,
    differs(model.twoStep?.features, FEATURE_NAMES) ? 'two-step' : null,
    differs(model.twoStep?.subjectGate?.features, SUBJECT_FEATURES) ? 'subject gate' : null,
  ].filter((part) => part !== null);
  if (stale.length > 0)
    throw new SentinelError(
      'model-invalid',
      `${source}: the ${stale.join(', ')} features differ from those the code computes; run npm run train:stance again`,
    );
  return model;
}

/** The model trained by classifiers/stance/train.ts on the whole labelled set (shipped with the repo). */
export function loadStanceModel(): StanceModel {
  shipped ??= readStanceModel(JSON.parse(readFileSync(STANCE_MODEL_FILE, 'utf8')));
  return shipped;
}

const avg = (v: number[]): number => (v.length === 0 ? 0 : v.reduce((a, b) => a + b, 0) / v.length);
const dot = (a: number[], b: number[]): number => a.reduce((s, v, i) => s + v * (b[i] ?? 0), 0);
const standardise = (r: FeatureVector, mean: number[], scale: number[]): number[] =>
  r.map((v, j) => (v - (mean[j] ?? 0)) / (scale[j] ?? 1));
function softmax(z: number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}
