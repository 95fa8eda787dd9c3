/**
 * A two-step verdict, averaged into the shipped stance (model.ts), each step a logistic
 * regression written out here so that every weight stays readable.
 *
 *   1. related: does the evidence speak to the claim at all (supports or contradicts) or not (nei)?
 *   2. direction: of a related pair, supports or contradicts?
 *
 * Each step reads the explainable features of features.ts (standardised: "negation_flip pushes
 * towards contradicts by 1.8") and the named lexical features of lexical.ts ("sw:tang>giam").
 * Each step's score is calibrated (Platt scaling fitted on out-of-fold scores of the training
 * data), and the two decision thresholds are chosen for macro-F1 on those out-of-fold scores:
 * never on the data a figure is reported on.
 */
import { z } from 'zod';
import { STANCES, type Stance } from '../../core/contracts.js';
import { FEATURE_NAMES, type FeatureVector } from './features.js';
import { sharesSubject, SubjectGate, type SubjectPair } from './subject.js';

/** What the model reads of one pair: the dense explainable features and the named lexical ones. */
export interface StanceInput {
  dense: FeatureVector;
  sparse: readonly string[];
  /** What the subject gate reads (subject.ts); absent, the gate lets the pair through. */
  subject?: SubjectPair;
}

export const BinaryModel = z.object({
  /** Weights of the standardised dense features, then of the named lexical features present, then the bias. */
  dense: z.array(z.number()),
  sparse: z.record(z.number()),
  bias: z.number(),
  /** Platt calibration: p = sigmoid(a · score + b). */
  a: z.number(),
  b: z.number(),
});
export type BinaryModel = z.infer<typeof BinaryModel>;

export const TwoStepModel = z.object({
  version: z.literal(2),
  features: z.array(z.string()),
  mean: z.array(z.number()),
  scale: z.array(z.number()),
  /** Step 1, positive = supports or contradicts; step 2, positive = supports. */
  related: BinaryModel,
  direction: BinaryModel,
  /** Calibrated probability from which a pair is related, and from which a related pair supports. */
  relatedThreshold: z.number(),
  supportsThreshold: z.number(),
  /** Whether claim and evidence share their subject, before any stance but nei is reported (subject.ts). */
  subjectGate: SubjectGate.optional(),
  trainedOn: z.string().optional(),
});
export type TwoStepModel = z.infer<typeof TwoStepModel>;

export interface TrainOptions {
  /** L2 penalty per example. */
  l2?: number;
  epochs?: number;
  learningRate?: number;
  /** A lexical feature must occur in this many training pairs to get a weight. */
  minCount?: number;
  /** Inner folds for the calibration and thresholds (0: no calibration, thresholds 0.5). */
  innerFolds?: number;
  /** Inner fold of each training row (its article's), so the inner split is grouped too. */
  groups?: readonly number[];
  /**
   * Rows whose out-of-fold scores fit the calibration and choose the thresholds (default: all):
   * the rows that look like what the matcher sees (a claim against a whole article), so the
   * thresholds suit the matcher's inputs rather than the gold-evidence pairs.
   */
  tune?: readonly boolean[];
}

interface Row {
  x: Float64Array;
  ids: Int32Array;
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Deterministic shuffle (mulberry32), so training is reproducible. */
function order(n: number, seed: number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0;
  const rand = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = n - 1; i > 0; i -= 1) {
    const j = Math.floor(rand() * (i + 1));
    [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
  }
  return idx;
}

interface RawBinary {
  dense: Float64Array;
  sparse: Float64Array;
  bias: number;
}

/** Logistic regression by AdaGrad SGD, classes weighted to balance. */
function fitBinary(rows: readonly Row[], y: readonly number[], vocabSize: number, o: Required<Pick<TrainOptions, 'l2' | 'epochs' | 'learningRate'>>): RawBinary {
  const d = rows[0]?.x.length ?? FEATURE_NAMES.length;
  const dense = new Float64Array(d);
  const sparse = new Float64Array(vocabSize);
  const gDense = new Float64Array(d).fill(1e-8);
  const gSparse = new Float64Array(vocabSize).fill(1e-8);
  let bias = 0;
  let gBias = 1e-8;
  const positives = y.filter((v) => v === 1).length;
  const weightOf = [y.length / (2 * Math.max(1, y.length - positives)), y.length / (2 * Math.max(1, positives))];
  for (let epoch = 0; epoch < o.epochs; epoch += 1) {
    for (const i of order(rows.length, 17 + epoch)) {
      const r = rows[i] as Row;
      let z = bias;
      for (let j = 0; j < d; j += 1) z += (dense[j] as number) * (r.x[j] as number);
      for (const k of r.ids) z += sparse[k] as number;
      const yi = y[i] as number;
      const g = (sigmoid(z) - yi) * (weightOf[yi] as number);
      for (let j = 0; j < d; j += 1) {
        const gj = g * (r.x[j] as number) + o.l2 * (dense[j] as number);
        gDense[j] = (gDense[j] as number) + gj * gj;
        dense[j] = (dense[j] as number) - (o.learningRate * gj) / Math.sqrt(gDense[j] as number);
      }
      for (const k of r.ids) {
        const gk = g + o.l2 * (sparse[k] as number);
        gSparse[k] = (gSparse[k] as number) + gk * gk;
        sparse[k] = (sparse[k] as number) - (o.learningRate * gk) / Math.sqrt(gSparse[k] as number);
      }
      gBias += g * g;
      bias -= (o.learningRate * g) / Math.sqrt(gBias);
    }
  }
  return { dense, sparse, bias };
}

const rawScore = (m: RawBinary, r: Row): number => {
  let z = m.bias;
  for (let j = 0; j < r.x.length; j += 1) z += (m.dense[j] as number) * (r.x[j] as number);
  for (const k of r.ids) z += m.sparse[k] as number;
  return z;
};

/** Platt scaling: a, b minimising the log loss of sigmoid(a·s + b) on out-of-fold scores (Newton steps). */
function platt(scores: readonly number[], y: readonly number[]): { a: number; b: number } {
  let a = 1;
  let b = 0;
  for (let it = 0; it < 50; it += 1) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-6;
    let hab = 0;
    let hbb = 1e-6;
    scores.forEach((s, i) => {
      const p = sigmoid(a * s + b);
      const r = p - (y[i] as number);
      const w = p * (1 - p);
      ga += r * s;
      gb += r;
      haa += w * s * s;
      hab += w * s;
      hbb += w;
    });
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-12) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-7) break;
  }
  return { a, b };
}

const macroF1 = (gold: readonly Stance[], predicted: readonly Stance[]): number =>
  STANCES.reduce((sum, s) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    gold.forEach((g, i) => {
      if (predicted[i] === s && g === s) tp += 1;
      else if (predicted[i] === s) fp += 1;
      else if (g === s) fn += 1;
    });
    return sum + (tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn));
  }, 0) / STANCES.length;

const decide = (pRelated: number, pSupports: number, tr: number, ts: number): Stance => (pRelated < tr ? 'nei' : pSupports >= ts ? 'supports' : 'contradicts');

export function trainTwoStepModel(inputs: readonly StanceInput[], labels: readonly Stance[], options: TrainOptions = {}): TwoStepModel {
  const o = { l2: 1e-4, epochs: 6, learningRate: 0.01, minCount: 2, innerFolds: 3, ...options };
  const d = FEATURE_NAMES.length;
  const all = inputs;
  const mean = Array.from({ length: d }, (_, j) => avg(inputs.map((r) => r.dense[j] ?? 0)));
  const scale = Array.from({ length: d }, (_, j) => Math.sqrt(avg(inputs.map((r) => ((r.dense[j] ?? 0) - (mean[j] ?? 0)) ** 2))) || 1);
  const counts = new Map<string, number>();
  for (const r of inputs) for (const f of r.sparse) counts.set(f, (counts.get(f) ?? 0) + 1);
  const vocab = new Map<string, number>();
  for (const [f, n] of counts) if (n >= o.minCount) vocab.set(f, vocab.size);
  const toRow = (r: StanceInput): Row => ({
    x: Float64Array.from(r.dense.map((v, j) => (v - (mean[j] ?? 0)) / (scale[j] ?? 1))),
    ids: Int32Array.from(r.sparse.flatMap((f) => (vocab.has(f) ? [vocab.get(f) as number] : []))),
  });
  const rows = all.map(toRow);
  const nLabelled = inputs.length;
  const yRelated = labels.map((l) => (l === 'nei' ? 0 : 1));
  const relatedIdx = labels.flatMap((l, i) => (l === 'nei' ? [] : [i]));
  const fitOn = (idx: readonly number[], y: readonly number[]): RawBinary =>
    fitBinary(
      idx.map((i) => rows[i] as Row),
      idx.map((i) => y[i] as number),
      vocab.size,
      o,
    );
  const ySupports = labels.map((l) => (l === 'supports' ? 1 : 0));

  // Calibration and thresholds on out-of-fold scores of the training rows (grouped inner folds).
  let calRelated = { a: 1, b: 0 };
  let calDirection = { a: 1, b: 0 };
  let relatedThreshold = 0.5;
  let supportsThreshold = 0.5;
  if (o.innerFolds > 1 && o.groups) {
    const groups = o.groups;
    const oofRelated = new Array<number>(nLabelled).fill(0);
    const oofDirection = new Array<number>(nLabelled).fill(0);
    for (let f = 0; f < o.innerFolds; f += 1) {
      const train = all.map((_, i) => i).filter((i) => (groups[i] ?? 0) % o.innerFolds !== f);
      const rel = fitOn(train, yRelated);
      const dir = fitOn(
        train.filter((i) => i < nLabelled && labels[i] !== 'nei'),
        ySupports,
      );
      for (let i = 0; i < nLabelled; i += 1) {
        if ((groups[i] ?? 0) % o.innerFolds !== f) continue;
        oofRelated[i] = rawScore(rel, rows[i] as Row);
        oofDirection[i] = rawScore(dir, rows[i] as Row);
      }
    }
    const tune = o.tune;
    const labelled = Array.from({ length: nLabelled }, (_, i) => i).filter((i) => !tune || tune[i]);
    const tuneLabels = labelled.map((i) => labels[i] as Stance);
    calRelated = platt(
      labelled.map((i) => oofRelated[i] as number),
      labelled.map((i) => yRelated[i] as number),
    );
    const tuneRelated = relatedIdx.filter((i) => !tune || tune[i]);
    calDirection = platt(
      tuneRelated.map((i) => oofDirection[i] as number),
      tuneRelated.map((i) => ySupports[i] as number),
    );
    const pr = labelled.map((i) => sigmoid(calRelated.a * (oofRelated[i] as number) + calRelated.b));
    const ps = labelled.map((i) => sigmoid(calDirection.a * (oofDirection[i] as number) + calDirection.b));
    const at = labelled.map((_, k) => k);
    let best = -1;
    for (let tr = 0.3; tr <= 0.701; tr += 0.025) {
      for (let ts = 0.3; ts <= 0.701; ts += 0.025) {
        const f1 = macroF1(tuneLabels, at.map((k) => decide(pr[k] as number, ps[k] as number, tr, ts)));
        // Ties go to the threshold nearest 0.5.
        if (f1 > best + 1e-9 || (Math.abs(f1 - best) <= 1e-9 && Math.abs(tr - 0.5) + Math.abs(ts - 0.5) < Math.abs(relatedThreshold - 0.5) + Math.abs(supportsThreshold - 0.5))) {
          best = f1;
          relatedThreshold = tr;
          supportsThreshold = ts;
        }
      }
    }
  }
  const names = [...vocab.keys()];
  const pack = (m: RawBinary, cal: { a: number; b: number }): BinaryModel => {
    const sparse: Record<string, number> = {};
    names.forEach((name, k) => {
      const w = m.sparse[k] as number;
      if (Math.abs(w) >= 0.005) sparse[name] = Number(w.toFixed(4));
    });
    return { dense: [...m.dense].map((w) => Number(w.toFixed(5))), sparse, bias: m.bias, a: cal.a, b: cal.b };
  };
  return {
    version: 2,
    features: [...FEATURE_NAMES],
    mean,
    scale,
    related: pack(fitOn(all.map((_, i) => i), yRelated), calRelated),
    direction: pack(fitOn(relatedIdx, ySupports), calDirection),
    relatedThreshold: Number(relatedThreshold.toFixed(3)),
    supportsThreshold: Number(supportsThreshold.toFixed(3)),
  };
}

/** The lexical weights as a Map, built once per model (a record of tens of thousands of keys is slow to look up). */
const sparseMaps = new WeakMap<BinaryModel, Map<string, number>>();
const sparseMap = (m: BinaryModel): Map<string, number> => {
  let map = sparseMaps.get(m);
  if (!map) sparseMaps.set(m, (map = new Map(Object.entries(m.sparse))));
  return map;
};

function score(m: BinaryModel, x: readonly number[], sparse: readonly string[]): number {
  let z = m.bias;
  for (let j = 0; j < x.length; j += 1) z += (m.dense[j] ?? 0) * (x[j] as number);
  const weights = sparseMap(m);
  for (const f of sparse) z += weights.get(f) ?? 0;
  return sigmoid(m.a * z + m.b);
}

/** Calibrated probabilities of the two steps: related (supports or contradicts), and supports given related. */
export function stepProbabilities(model: TwoStepModel, input: StanceInput): { related: number; supports: number } {
  const x = input.dense.map((v, j) => (v - (model.mean[j] ?? 0)) / (model.scale[j] ?? 1));
  return { related: score(model.related, x, input.sparse), supports: score(model.direction, x, input.sparse) };
}

export function twoStepProbabilities(model: TwoStepModel, input: StanceInput): Record<Stance, number> {
  const p = stepProbabilities(model, input);
  return { supports: p.related * p.supports, contradicts: p.related * (1 - p.supports), nei: 1 - p.related };
}

const feature = (dense: FeatureVector, name: (typeof FEATURE_NAMES)[number]): number => dense[FEATURE_NAMES.indexOf(name)] ?? 0;

/**
 * The stance: nei under the related threshold, else supports or contradicts by the second step's
 * threshold; with two explicit rules first, for sentences that otherwise say the same thing
 * (≥ 90% of the claim's syllables): a negation on one side only, and an outcome word standing
 * where the evidence has its opposite ("tăng" for "giảm"), are contradictions.
 */
export function predictTwoStep(model: TwoStepModel, input: StanceInput): Stance {
  const sameSentence = feature(input.dense, 'coverage_syllables') >= 0.9;
  if (sameSentence && feature(input.dense, 'negation_flip') > 0) return 'contradicts';
  if (sameSentence && feature(input.dense, 'outcome_flip') > 0 && feature(input.dense, 'words_swapped') > 0) return 'contradicts';
  const p = stepProbabilities(model, input);
  return decide(p.related, p.supports, model.relatedThreshold, model.supportsThreshold);
}

/** The two-step stance behind its subject gate: `supports`/`contradicts` only for evidence about the claim's subject. */
export function gatedTwoStep(model: TwoStepModel, input: StanceInput): Stance {
  const stance = predictTwoStep(model, input);
  return stance !== 'nei' && !sharesSubject(model.subjectGate, input.subject) ? 'nei' : stance;
}

/** The heaviest lexical weights of a step, for reading what the model learnt. */
export function topLexical(m: BinaryModel, n = 12): { positive: [string, number][]; negative: [string, number][] } {
  const sorted = Object.entries(m.sparse).sort((a, b) => b[1] - a[1]);
  return { positive: sorted.slice(0, n), negative: sorted.slice(-n).reverse() };
}

const avg = (v: number[]): number => (v.length === 0 ? 0 : v.reduce((a, b) => a + b, 0) / v.length);
