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
 * never on the data a figure is reported on. The matcher reads the calibrated probabilities; the
 * thresholds decide a claim against one given evidence sentence (predictTwoStep).
 */
import { z } from 'zod';
import { STANCES, type Stance } from '../../core/contracts.js';
import { FEATURE_NAMES, type FeatureVector } from './features.js';
import { sharesSubject, SubjectGate, type SubjectPair } from './subject.js';
import { TreeEnsemble, trainTrees, treeScore, type TreeOptions } from './trees.js';

/** What the model reads of one pair: the dense explainable features and the named lexical ones. */
export interface StanceInput {
  dense: FeatureVector;
  sparse: readonly string[];
  /** What the subject gate reads (subject.ts); absent, the gate lets the pair through. */
  subject?: SubjectPair;
  /**
   * A contradiction of this pair needs the gate's stricter threshold (features.ts
   * needsCloserSubject: it names no measured conflict, cites another law article or ordinal, or
   * its subject points back to its article), as the matcher asks (stance.ts).
   */
  closerSubject?: boolean;
}

export const BinaryModel = z.object({
  /** Weights of the standardised dense features, then of the named lexical features present, then the bias. */
  dense: z.array(z.number()),
  sparse: z.record(z.number()),
  bias: z.number(),
  /** Platt calibration: p = sigmoid(a · score + c · trees' score + b). */
  a: z.number(),
  b: z.number(),
  /** Boosted trees on the dense features (trees.ts), stacked with the regression by the calibration. */
  trees: TreeEnsemble.optional(),
  c: z.number().optional(),
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
   * Rows whose out-of-fold scores fit the calibration (default: all): the rows that look like what
   * the matcher sees (a claim against a whole article), so the probabilities it reads suit its inputs.
   */
  tune?: readonly boolean[];
  /**
   * Rows whose calibrated out-of-fold probabilities choose the two thresholds (default: `tune`).
   * The matcher decides by the most probable stance and never reads the thresholds; they decide
   * a claim judged against one given evidence sentence, so they are chosen on rows of that kind.
   */
  thresholdRows?: readonly boolean[];
  /** Boosted trees stacked on each step (trees.ts), or false for the regression alone. */
  trees?: TreeOptions | false;
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
function fitBinary(
  rows: readonly Row[],
  y: readonly number[],
  vocabSize: number,
  o: Required<Pick<TrainOptions, 'l2' | 'epochs' | 'learningRate'>>,
): RawBinary {
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

/**
 * Platt scaling, stacked: weights and a bias minimising the log loss of sigmoid(Σ wₖ·sₖ + b) on
 * out-of-fold scores, one column per scorer (the regression, and the trees when present), by Newton steps.
 */
function platt(columns: readonly (readonly number[])[], y: readonly number[]): { w: number[]; b: number } {
  const k = columns.length;
  const m = k + 1;
  const theta = [...new Array<number>(k).fill(1 / k), 0];
  const n = y.length;
  const row = (i: number): number[] => [...columns.map((c) => c[i] as number), 1];
  for (let it = 0; it < 50; it += 1) {
    const grad = new Array<number>(m).fill(0);
    const hess = Array.from({ length: m }, (_, a) => Array.from({ length: m }, (__, b) => (a === b ? 1e-6 : 0)));
    for (let i = 0; i < n; i += 1) {
      const r = row(i);
      const p = sigmoid(r.reduce((s, v, j) => s + v * (theta[j] as number), 0));
      const e = p - (y[i] as number);
      const wt = p * (1 - p);
      for (let a = 0; a < m; a += 1) {
        grad[a] = (grad[a] as number) + e * (r[a] as number);
        const ha = hess[a] as number[];
        for (let b = 0; b < m; b += 1) ha[b] = (ha[b] as number) + wt * (r[a] as number) * (r[b] as number);
      }
    }
    const step = solve(hess, grad);
    if (!step) break;
    let moved = 0;
    step.forEach((v, j) => {
      theta[j] = (theta[j] as number) - v;
      moved += Math.abs(v);
    });
    if (moved < 1e-7) break;
  }
  return { w: theta.slice(0, k), b: theta[k] as number };
}

/** Gaussian elimination with partial pivoting; null when singular. */
function solve(a: number[][], b: number[]): number[] | null {
  const m = b.length;
  const M = a.map((r, i) => [...r, b[i] as number]);
  for (let c = 0; c < m; c += 1) {
    let p = c;
    for (let r = c + 1; r < m; r += 1) if (Math.abs((M[r] as number[])[c] as number) > Math.abs((M[p] as number[])[c] as number)) p = r;
    if (Math.abs((M[p] as number[])[c] as number) < 1e-12) return null;
    [M[c], M[p]] = [M[p] as number[], M[c] as number[]];
    const pc = M[c] as number[];
    for (let r = 0; r < m; r += 1) {
      if (r === c) continue;
      const rr = M[r] as number[];
      const f = (rr[c] as number) / (pc[c] as number);
      for (let j = c; j <= m; j += 1) rr[j] = (rr[j] as number) - f * (pc[j] as number);
    }
  }
  return M.map((r, i) => (r[m] as number) / (r[i] as number));
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

const decide = (pRelated: number, pSupports: number, tr: number, ts: number): Stance =>
  pRelated < tr ? 'nei' : pSupports >= ts ? 'supports' : 'contradicts';

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
  const useTrees = o.trees !== false;
  const treesOn = (idx: readonly number[], y: readonly number[]): TreeEnsemble =>
    trainTrees(
      idx.map((i) => (inputs[i] as StanceInput).dense),
      idx.map((i) => y[i] as number),
      o.trees === false ? {} : o.trees,
    );

  // Calibration (stacking the trees when present) and thresholds on out-of-fold scores of the training rows (grouped inner folds).
  let calRelated = { w: [1, ...(useTrees ? [1] : [])], b: 0 };
  let calDirection = { w: [1, ...(useTrees ? [1] : [])], b: 0 };
  let relatedThreshold = 0.5;
  let supportsThreshold = 0.5;
  if (o.innerFolds > 1 && o.groups) {
    const groups = o.groups;
    const oofRelated = [new Array<number>(nLabelled).fill(0), new Array<number>(nLabelled).fill(0)];
    const oofDirection = [new Array<number>(nLabelled).fill(0), new Array<number>(nLabelled).fill(0)];
    for (let f = 0; f < o.innerFolds; f += 1) {
      const train = all.map((_, i) => i).filter((i) => (groups[i] ?? 0) % o.innerFolds !== f);
      const trainRelated = train.filter((i) => labels[i] !== 'nei');
      const rel = fitOn(train, yRelated);
      const dir = fitOn(trainRelated, ySupports);
      const relTrees = useTrees ? treesOn(train, yRelated) : null;
      const dirTrees = useTrees ? treesOn(trainRelated, ySupports) : null;
      for (let i = 0; i < nLabelled; i += 1) {
        if ((groups[i] ?? 0) % o.innerFolds !== f) continue;
        (oofRelated[0] as number[])[i] = rawScore(rel, rows[i] as Row);
        (oofDirection[0] as number[])[i] = rawScore(dir, rows[i] as Row);
        const dense = (inputs[i] as StanceInput).dense;
        if (relTrees) (oofRelated[1] as number[])[i] = treeScore(relTrees, dense);
        if (dirTrees) (oofDirection[1] as number[])[i] = treeScore(dirTrees, dense);
      }
    }
    const columns = (oof: number[][], idx: readonly number[]): number[][] =>
      oof.slice(0, useTrees ? 2 : 1).map((c) => idx.map((i) => c[i] as number));
    const combine = (cal: { w: number[]; b: number }, oof: number[][], i: number): number =>
      sigmoid(cal.w.reduce((s, w, k) => s + w * ((oof[k] as number[])[i] as number), cal.b));
    const rowsWhere = (keep: readonly boolean[] | undefined): number[] =>
      Array.from({ length: nLabelled }, (_, i) => i).filter((i) => !keep || keep[i]);
    const tune = o.tune;
    const labelled = rowsWhere(tune);
    calRelated = platt(
      columns(oofRelated, labelled),
      labelled.map((i) => yRelated[i] as number),
    );
    const tuneRelated = relatedIdx.filter((i) => !tune || tune[i]);
    calDirection = platt(
      columns(oofDirection, tuneRelated),
      tuneRelated.map((i) => ySupports[i] as number),
    );
    const thresholdIdx = o.thresholdRows ? rowsWhere(o.thresholdRows) : labelled;
    const thresholdLabels = thresholdIdx.map((i) => labels[i] as Stance);
    const pr = thresholdIdx.map((i) => combine(calRelated, oofRelated, i));
    const ps = thresholdIdx.map((i) => combine(calDirection, oofDirection, i));
    const at = thresholdIdx.map((_, k) => k);
    let best = -1;
    for (let tr = 0.3; tr <= 0.701; tr += 0.025) {
      for (let ts = 0.3; ts <= 0.701; ts += 0.025) {
        const f1 = macroF1(
          thresholdLabels,
          at.map((k) => decide(pr[k] as number, ps[k] as number, tr, ts)),
        );
        // Ties go to the threshold nearest 0.5.
        if (
          f1 > best + 1e-9 ||
          (Math.abs(f1 - best) <= 1e-9 &&
            Math.abs(tr - 0.5) + Math.abs(ts - 0.5) < Math.abs(relatedThreshold - 0.5) + Math.abs(supportsThreshold - 0.5))
        ) {
          best = f1;
          relatedThreshold = tr;
          supportsThreshold = ts;
        }
      }
    }
  }
  const names = [...vocab.keys()];
  const pack = (m: RawBinary, cal: { w: number[]; b: number }, trees: TreeEnsemble | null): BinaryModel => {
    const sparse: Record<string, number> = {};
    names.forEach((name, k) => {
      const w = m.sparse[k] as number;
      if (Math.abs(w) >= 0.005) sparse[name] = Number(w.toFixed(4));
    });
    const model: BinaryModel = { dense: [...m.dense].map((w) => Number(w.toFixed(5))), sparse, bias: m.bias, a: cal.w[0] ?? 1, b: cal.b };
    return trees ? { ...model, trees, c: cal.w[1] ?? 1 } : model;
  };
  const everything = all.map((_, i) => i);
  return {
    version: 2,
    features: [...FEATURE_NAMES],
    mean,
    scale,
    related: pack(fitOn(everything, yRelated), calRelated, useTrees ? treesOn(everything, yRelated) : null),
    direction: pack(fitOn(relatedIdx, ySupports), calDirection, useTrees ? treesOn(relatedIdx, ySupports) : null),
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

function score(m: BinaryModel, x: readonly number[], sparse: readonly string[], dense: readonly number[]): number {
  let z = m.bias;
  for (let j = 0; j < x.length; j += 1) z += (m.dense[j] ?? 0) * (x[j] as number);
  const weights = sparseMap(m);
  for (const f of sparse) z += weights.get(f) ?? 0;
  const trees = m.trees ? (m.c ?? 1) * treeScore(m.trees, dense) : 0;
  return sigmoid(m.a * z + trees + m.b);
}

/** Calibrated probabilities of the two steps: related (supports or contradicts), and supports given related. */
export function stepProbabilities(model: TwoStepModel, input: StanceInput): { related: number; supports: number } {
  const x = input.dense.map((v, j) => (v - (model.mean[j] ?? 0)) / (model.scale[j] ?? 1));
  return { related: score(model.related, x, input.sparse, input.dense), supports: score(model.direction, x, input.sparse, input.dense) };
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

/**
 * Whether the subject gate lets `stance` through for this pair, as the matcher decides (stance.ts):
 * nei always; a contradiction that needs the closer subject only above the stricter threshold.
 */
export function gateLets(gate: SubjectGate | undefined, stance: Stance, input: Pick<StanceInput, 'subject' | 'closerSubject'>): boolean {
  return stance === 'nei' || sharesSubject(gate, input.subject, stance === 'contradicts' && input.closerSubject === true);
}

/** The two-step stance behind its subject gate: `supports`/`contradicts` only for evidence about the claim's subject. */
export function gatedTwoStep(model: TwoStepModel, input: StanceInput): Stance {
  const stance = predictTwoStep(model, input);
  return gateLets(model.subjectGate, stance, input) ? stance : 'nei';
}

/** The heaviest lexical weights of a step, for reading what the model learnt. */
export function topLexical(m: BinaryModel, n = 12): { positive: [string, number][]; negative: [string, number][] } {
  const sorted = Object.entries(m.sparse).sort((a, b) => b[1] - a[1]);
  return { positive: sorted.slice(0, n), negative: sorted.slice(-n).reverse() };
}

const avg = (v: number[]): number => (v.length === 0 ? 0 : v.reduce((a, b) => a + b, 0) / v.length);
