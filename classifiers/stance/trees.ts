/**
 * Gradient-boosted decision trees for a binary step of the two-step model (two-step.ts), on the
 * dense explainable features. The logistic regression reads each feature on its own ("more
 * conflicting numbers, more contradicts"); the trees read them together ("a conflicting number
 * in a sentence that otherwise says the same thing"), which is where the gold pairs show most of
 * their remaining errors. Small on purpose (depth 3, a few hundred trees on 22 features), written
 * out here because no maintained JavaScript library trains boosted trees; every split is a named
 * feature and a threshold, so a tree reads like a rule.
 *
 * Training: logistic loss, second-order (Newton) leaves with an L2 penalty, histogram splits on
 * at most MAX_BINS quantile thresholds per feature, classes weighted to balance.
 */
import { z } from 'zod';

export const Tree = z.object({
  /** Per node: the feature index, or −1 for a leaf. */
  feature: z.array(z.number().int()),
  /** Per node: go left when x[feature] ≤ threshold (leaves: unused). */
  threshold: z.array(z.number()),
  left: z.array(z.number().int()),
  right: z.array(z.number().int()),
  /** Per node: the leaf's contribution to the score (inner nodes: 0). */
  value: z.array(z.number()),
});
export type Tree = z.infer<typeof Tree>;

export const TreeEnsemble = z.object({
  trees: z.array(Tree),
  base: z.number(),
});
export type TreeEnsemble = z.infer<typeof TreeEnsemble>;

export interface TreeOptions {
  rounds?: number;
  depth?: number;
  shrinkage?: number;
  /** L2 penalty on leaf values. */
  lambda?: number;
  /** A leaf needs at least this much hessian (about this many confident rows). */
  minChildWeight?: number;
}

const MAX_BINS = 32;
const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Up to MAX_BINS − 1 thresholds per feature: midpoints between distinct quantiles of the training values. */
function thresholdsOf(values: Float64Array): number[] {
  const sorted = Float64Array.from(values).sort();
  const distinct: number[] = [];
  for (let q = 1; q < MAX_BINS; q += 1) {
    const v = sorted[Math.floor((q * (sorted.length - 1)) / MAX_BINS)] as number;
    if (distinct.length === 0 || v > (distinct[distinct.length - 1] as number)) distinct.push(v);
  }
  const max = sorted[sorted.length - 1] as number;
  // A cut at value v sends v left; cutting at the maximum would send every row left.
  return distinct.filter((v) => v < max);
}

export function trainTrees(x: readonly (readonly number[])[], y: readonly number[], options: TreeOptions = {}): TreeEnsemble {
  const { rounds = 200, depth = 3, shrinkage = 0.08, lambda = 1, minChildWeight = 2 } = options;
  const n = x.length;
  const d = x[0]?.length ?? 0;
  const cuts = Array.from({ length: d }, (_, j) => thresholdsOf(Float64Array.from(x, (r) => r[j] ?? 0)));
  // Bin b of feature j holds the values in (cuts[b−1], cuts[b]]; row-major, so a node reads each row once.
  const bins = new Uint8Array(n * d);
  x.forEach((r, i) => {
    for (let j = 0; j < d; j += 1) {
      const c = cuts[j] as number[];
      const v = r[j] ?? 0;
      let b = 0;
      while (b < c.length && v > (c[b] as number)) b += 1;
      bins[i * d + j] = b;
    }
  });
  const positives = y.filter((v) => v === 1).length;
  const weightOf = [n / (2 * Math.max(1, n - positives)), n / (2 * Math.max(1, positives))];
  const w = Float64Array.from(y, (v) => weightOf[v] as number);
  const base = 0;
  const f = new Float64Array(n).fill(base);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const trees: Tree[] = [];
  const gain = (G: number, H: number): number => (G * G) / (H + lambda);
  for (let round = 0; round < rounds; round += 1) {
    for (let i = 0; i < n; i += 1) {
      const p = sigmoid(f[i] as number);
      g[i] = (w[i] as number) * (p - (y[i] as number));
      h[i] = Math.max(1e-6, (w[i] as number) * p * (1 - p));
    }
    const tree: Tree = { feature: [], threshold: [], left: [], right: [], value: [] };
    const grow = (rows: Int32Array, level: number): number => {
      const node = tree.feature.length;
      tree.feature.push(-1);
      tree.threshold.push(0);
      tree.left.push(-1);
      tree.right.push(-1);
      tree.value.push(0);
      let G = 0;
      let H = 0;
      for (let r = 0; r < rows.length; r += 1) {
        const i = rows[r] as number;
        G += g[i] as number;
        H += h[i] as number;
      }
      let best = { gain: 1e-9, feature: -1, bin: -1 };
      if (level < depth) {
        const parent = gain(G, H);
        const hg = new Float64Array(d * MAX_BINS);
        const hh = new Float64Array(d * MAX_BINS);
        for (let r = 0; r < rows.length; r += 1) {
          const i = rows[r] as number;
          const gi = g[i] as number;
          const hi = h[i] as number;
          const base = i * d;
          for (let j = 0; j < d; j += 1) {
            const at = j * MAX_BINS + (bins[base + j] as number);
            hg[at] = (hg[at] as number) + gi;
            hh[at] = (hh[at] as number) + hi;
          }
        }
        for (let j = 0; j < d; j += 1) {
          const nb = (cuts[j] as number[]).length + 1;
          let GL = 0;
          let HL = 0;
          for (let b = 0; b < nb - 1; b += 1) {
            GL += hg[j * MAX_BINS + b] as number;
            HL += hh[j * MAX_BINS + b] as number;
            const HR = H - HL;
            if (HL < minChildWeight || HR < minChildWeight) continue;
            const split = gain(GL, HL) + gain(G - GL, HR) - parent;
            if (split > best.gain) best = { gain: split, feature: j, bin: b };
          }
        }
      }
      if (best.feature < 0) {
        tree.value[node] = (-G / (H + lambda)) * shrinkage;
        return node;
      }
      const at = (i: number): number => bins[i * d + best.feature] as number;
      const goLeft = rows.filter((i) => at(i) <= best.bin);
      const goRight = rows.filter((i) => at(i) > best.bin);
      tree.feature[node] = best.feature;
      tree.threshold[node] = (cuts[best.feature] as number[])[best.bin] as number;
      tree.left[node] = grow(goLeft, level + 1);
      tree.right[node] = grow(goRight, level + 1);
      return node;
    };
    grow(
      Int32Array.from({ length: n }, (_, i) => i),
      0,
    );
    for (let i = 0; i < n; i += 1) f[i] = (f[i] as number) + leafValue(tree, x[i] as readonly number[]);
    trees.push(roundTree(tree));
  }
  return { trees, base };
}

function leafValue(tree: Tree, x: readonly number[]): number {
  let node = 0;
  while ((tree.feature[node] as number) >= 0) {
    node =
      (x[tree.feature[node] as number] ?? 0) <= (tree.threshold[node] as number)
        ? (tree.left[node] as number)
        : (tree.right[node] as number);
  }
  return tree.value[node] as number;
}

// Thresholds stay exact (they are training values: rounding could move a row across one).
const roundTree = (t: Tree): Tree => ({ ...t, value: t.value.map((v) => Number(v.toPrecision(5))) });

/** An ensemble's nodes in flat typed arrays, built once per model: scoring walks them for every candidate pair. */
interface Compiled {
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
}
const compiled = new WeakMap<TreeEnsemble, Compiled>();

function compile(model: TreeEnsemble): Compiled {
  const size = model.trees.reduce((n, t) => n + t.feature.length, 0);
  const c: Compiled = {
    roots: new Int32Array(model.trees.length),
    feature: new Int32Array(size),
    threshold: new Float64Array(size),
    left: new Int32Array(size),
    right: new Int32Array(size),
    value: new Float64Array(size),
  };
  let at = 0;
  model.trees.forEach((t, k) => {
    c.roots[k] = at;
    for (let i = 0; i < t.feature.length; i += 1) {
      c.feature[at + i] = t.feature[i] as number;
      c.threshold[at + i] = t.threshold[i] as number;
      c.left[at + i] = at + (t.left[i] as number);
      c.right[at + i] = at + (t.right[i] as number);
      c.value[at + i] = t.value[i] as number;
    }
    at += t.feature.length;
  });
  return c;
}

/** The ensemble's raw score (log-odds before calibration) for one row of dense features. */
export function treeScore(model: TreeEnsemble, x: readonly number[]): number {
  let c = compiled.get(model);
  if (!c) compiled.set(model, (c = compile(model)));
  let z = model.base;
  const { roots, feature, threshold, left, right, value } = c;
  for (let k = 0; k < roots.length; k += 1) {
    let node = roots[k] as number;
    let f = feature[node] as number;
    while (f >= 0) {
      node = (x[f] ?? 0) <= (threshold[node] as number) ? (left[node] as number) : (right[node] as number);
      f = feature[node] as number;
    }
    z += value[node] as number;
  }
  return z;
}
