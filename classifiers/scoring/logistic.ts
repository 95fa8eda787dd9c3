/**
 * Binary logistic regression over sparse string features. Written here rather than taken from
 * `natural` because natural's LogisticRegressionClassifier trains dense matrices (slow, and its
 * saved form holds the whole training set); ours saves one weight per feature, so scoring a
 * sentence is a few map lookups, and the model file is small and diffable.
 */

export interface LogisticModel {
  label: string;
  bias: number;
  weights: Record<string, number>;
  /** How it was built (the file is written by classifiers/train/train.ts, never by hand). */
  meta: Record<string, string | number>;
}

export interface TrainingExample {
  features: string[];
  label: 0 | 1;
  /** How much the example counts in the loss (default 1): class balancing without copies. */
  weight?: number;
}

export interface TrainOptions {
  epochs?: number;
  learningRate?: number;
  l2?: number;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

export function logit(p: number): number {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log(q / (1 - q));
}

/** Full-batch gradient descent with L2; deterministic (no shuffling), so a rebuild gives the same file. */
export function trainLogistic(label: string, examples: TrainingExample[], options: TrainOptions = {}): LogisticModel {
  const epochs = options.epochs ?? 400;
  const rate = options.learningRate ?? 0.5;
  const l2 = options.l2 ?? 1e-3;
  const index = new Map<string, number>();
  const rows = examples.map((e) =>
    [...new Set(e.features)].map((f) => {
      let i = index.get(f);
      if (i === undefined) {
        i = index.size;
        index.set(f, i);
      }
      return i;
    }),
  );
  const w = new Float64Array(index.size);
  const positives = examples.filter((e) => e.label === 1).length;
  const weightOf = (e: TrainingExample): number => e.weight ?? 1;
  const total = examples.reduce((sum, e) => sum + weightOf(e), 0);
  const positiveWeight = examples.reduce((sum, e) => sum + (e.label === 1 ? weightOf(e) : 0), 0);
  let bias = logit(Math.max(1, positiveWeight) / Math.max(2, total));
  const n = total;
  for (let epoch = 0; epoch < epochs; epoch += 1) {
    const grad = new Float64Array(index.size);
    let gradBias = 0;
    rows.forEach((row, r) => {
      let z = bias;
      for (const i of row) z += w[i] as number;
      const example = examples[r] as TrainingExample;
      const err = (sigmoid(z) - example.label) * weightOf(example);
      gradBias += err;
      for (const i of row) grad[i] = (grad[i] as number) + err;
    });
    bias -= (rate * gradBias) / n;
    for (let i = 0; i < w.length; i += 1) w[i] = (w[i] as number) - rate * ((grad[i] as number) / n + l2 * (w[i] as number));
  }
  const weights: Record<string, number> = {};
  for (const [f, i] of [...index.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const v = w[i] as number;
    if (Math.abs(v) >= 1e-3) weights[f] = Math.round(v * 1e5) / 1e5;
  }
  return {
    label,
    bias: Math.round(bias * 1e5) / 1e5,
    weights,
    meta: { examples: examples.length, positives, epochs, learningRate: rate, l2 },
  };
}

/**
 * Feature → slot, shared by every model. The models in use know nearly the same features, so
 * scoring a sentence with each looks a feature up in one map, which is hot after the first.
 */
const slots = new Map<string, number>();

/** A model's weights by slot (NaN: not one of its features), and the last prediction that counted each slot. */
interface SlotWeights {
  values: Float64Array;
  countedIn: Float64Array;
}

const weightsByModel = new WeakMap<LogisticModel, SlotWeights>();
/** Numbers each prediction, so a repeated feature counts once without a set or a quadratic search. */
let prediction = 0;

function weightsOf(model: LogisticModel): SlotWeights {
  let m = weightsByModel.get(model);
  if (!m) {
    const entries = Object.entries(model.weights);
    for (const [f] of entries) if (!slots.has(f)) slots.set(f, slots.size);
    const values = new Float64Array(slots.size).fill(NaN);
    for (const [f, v] of entries) values[slots.get(f) as number] = v;
    m = { values, countedIn: new Float64Array(slots.size) };
    weightsByModel.set(model, m);
  }
  return m;
}

/** The model's weight for the feature at `slot` if it has one and this prediction has not counted it yet. */
function uncounted(m: SlotWeights, slot: number | undefined): number | undefined {
  if (slot === undefined || slot >= m.values.length || m.countedIn[slot] === prediction) return undefined;
  const w = m.values[slot] as number;
  if (Number.isNaN(w)) return undefined;
  m.countedIn[slot] = prediction;
  return w;
}

export function predictLogistic(model: LogisticModel, features: readonly string[]): number {
  const m = weightsOf(model);
  let z = model.bias;
  prediction += 1;
  for (const f of features) {
    const w = uncounted(m, slots.get(f));
    if (w !== undefined) z += w;
  }
  return sigmoid(z);
}

/** The features that pushed the prediction up most, for explanations: [feature, weight], best first. */
export function topPositive(model: LogisticModel, features: readonly string[], k = 3): [string, number][] {
  return explainLogistic(model, features, k).top;
}

/**
 * predictLogistic and topPositive in one pass over the features (one weight lookup each, not
 * two): the same probability and the same top features as calling both.
 */
export function explainLogistic(
  model: LogisticModel,
  features: readonly string[],
  k = 3,
): { probability: number; top: [string, number][] } {
  const m = weightsOf(model);
  let z = model.bias;
  prediction += 1;
  const top: [string, number][] = [];
  for (const f of features) {
    const slot = slots.get(f);
    if (slot === undefined) continue;
    const counted = uncounted(m, slot);
    if (counted !== undefined) z += counted;
    const w = m.values[slot] ?? NaN;
    if (!(w > 0) || top.some(([g]) => g === f)) continue; // NaN: not one of the model's features
    const entry: [string, number] = [f, w];
    if (top.length < k) top.push(entry);
    else if (w > (top[k - 1] as [string, number])[1]) top[k - 1] = entry;
    else continue;
    // The others are in order: move the newcomer up past lower weights only, as a stable sort would.
    let j = top.length - 1;
    for (; j > 0 && (top[j - 1] as [string, number])[1] < w; j -= 1) top[j] = top[j - 1] as [string, number];
    top[j] = entry;
  }
  return { probability: sigmoid(z), top };
}
