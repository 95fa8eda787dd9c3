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
  const rows = examples.map((e) => [...new Set(e.features)].map((f) => {
    let i = index.get(f);
    if (i === undefined) {
      i = index.size;
      index.set(f, i);
    }
    return i;
  }));
  const w = new Float64Array(index.size);
  const positives = examples.filter((e) => e.label === 1).length;
  let bias = logit(Math.max(1, positives) / Math.max(2, examples.length));
  const n = examples.length;
  for (let epoch = 0; epoch < epochs; epoch += 1) {
    const grad = new Float64Array(index.size);
    let gradBias = 0;
    rows.forEach((row, r) => {
      let z = bias;
      for (const i of row) z += w[i] as number;
      const err = sigmoid(z) - (examples[r] as TrainingExample).label;
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
  return { label, bias: Math.round(bias * 1e5) / 1e5, weights, meta: { examples: n, positives, epochs, learningRate: rate, l2 } };
}

const weightMaps = new WeakMap<LogisticModel, Map<string, number>>();

function weightsOf(model: LogisticModel): Map<string, number> {
  let m = weightMaps.get(model);
  if (!m) {
    m = new Map(Object.entries(model.weights));
    weightMaps.set(model, m);
  }
  return m;
}

export function predictLogistic(model: LogisticModel, features: readonly string[]): number {
  const weights = weightsOf(model);
  let z = model.bias;
  // Only the few features the model knows need de-duplicating; an array beats a Set at this size.
  const seen: string[] = [];
  for (const f of features) {
    const w = weights.get(f);
    if (w === undefined || seen.includes(f)) continue;
    seen.push(f);
    z += w;
  }
  return sigmoid(z);
}

/** The features that pushed the prediction up most, for explanations: [feature, weight], best first. */
export function topPositive(model: LogisticModel, features: readonly string[], k = 3): [string, number][] {
  const weights = weightsOf(model);
  const top: [string, number][] = [];
  for (const f of features) {
    const w = weights.get(f);
    if (w === undefined || w <= 0 || top.some(([g]) => g === f)) continue;
    if (top.length < k) top.push([f, w]);
    else if (w > (top[k - 1] as [string, number])[1]) top[k - 1] = [f, w];
    else continue;
    top.sort((a, b) => b[1] - a[1]);
  }
  return top;
}
