import { describe, expect, it } from 'vitest';
import type { Stance } from '../../core/contracts.js';
import { FEATURE_NAMES } from '../../classifiers/stance/features.js';
import { TreeEnsemble, trainTrees, treeScore } from '../../classifiers/stance/trees.js';
import { predictTwoStep, TwoStepModel, trainTwoStepModel } from '../../classifiers/stance/two-step.js';

/** Deterministic pseudo-random numbers, so the rows (and the test) are the same every run. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

const d = FEATURE_NAMES.length;
const COVERAGE = FEATURE_NAMES.indexOf('coverage_syllables');
const CONFLICTS = FEATURE_NAMES.indexOf('numbers_conflicting');
const LENGTH = FEATURE_NAMES.indexOf('length_ratio');

/**
 * Rows where a conflicting number means contradicts only in a sentence that otherwise says the
 * same thing (high coverage); in a sentence on something else it means nothing. No single
 * feature separates the classes, so a regression on the features one by one cannot.
 */
function interactionRows(n: number, seed: number): { x: number[][]; y: number[] } {
  const rand = random(seed);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const r = new Array<number>(d).fill(0);
    r[LENGTH] = rand(); // a feature that says nothing
    const same = rand() < 0.5;
    const conflict = rand() < 0.5;
    r[COVERAGE] = same ? 0.8 + rand() * 0.2 : 0.2 + rand() * 0.4;
    r[CONFLICTS] = conflict ? 1 + Math.floor(rand() * 2) : 0;
    x.push(r);
    // 1: supports-like (same sentence, no conflict, or another sentence with one); 0: the rest.
    y.push(same === conflict ? 0 : 1);
  }
  return { x, y };
}

const accuracy = (scores: number[], y: number[]): number => scores.filter((s, i) => (s > 0 ? 1 : 0) === y[i]).length / y.length;

describe('Stance > boosted trees on the explainable features', () => {
  it('learn an interaction of two features that neither shows alone', () => {
    const train = interactionRows(800, 7);
    const held = interactionRows(400, 11);
    const model = trainTrees(train.x, train.y, { rounds: 60 });
    expect(
      accuracy(
        held.x.map((r) => treeScore(model, r)),
        held.y,
      ),
    ).toBeGreaterThan(0.97);
    // A single split (one feature) cannot do better than chance on these rows.
    const stump = trainTrees(train.x, train.y, { rounds: 60, depth: 1 });
    expect(
      accuracy(
        held.x.map((r) => treeScore(stump, r)),
        held.y,
      ),
    ).toBeLessThan(0.7);
  });

  it('survive a JSON round trip exactly, and send a value equal to a threshold left, as in training', () => {
    const train = interactionRows(300, 3);
    const model = trainTrees(train.x, train.y, { rounds: 20 });
    const copy = TreeEnsemble.parse(JSON.parse(JSON.stringify(model)));
    for (const r of train.x) expect(treeScore(copy, r)).toBe(treeScore(model, r));
    const tree = model.trees[0] as (typeof model.trees)[number];
    const feature = tree.feature[0] as number;
    expect(feature).toBeGreaterThanOrEqual(0);
    const at = new Array<number>(d).fill(0);
    at[feature] = tree.threshold[0] as number;
    // The root's threshold is a training value: a row holding exactly it took the left branch.
    let node = tree.left[0] as number;
    while ((tree.feature[node] as number) >= 0)
      node =
        (at[tree.feature[node] as number] ?? 0) <= (tree.threshold[node] as number)
          ? (tree.left[node] as number)
          : (tree.right[node] as number);
    expect(treeScore({ base: 0, trees: [tree] }, at)).toBe(tree.value[node]);
  });

  it('are stacked into a step of the two-step model by its calibration, and change what it decides', () => {
    const rows = interactionRows(600, 5);
    const held = interactionRows(300, 9);
    const labels = rows.y.map((v): Stance => (v === 1 ? 'supports' : 'contradicts'));
    const inputs = rows.x.map((dense) => ({ dense, sparse: [] }));
    const groups = rows.x.map((_, i) => i % 3);
    const withTrees = trainTwoStepModel(inputs, labels, { groups, trees: { rounds: 60 } });
    const without = trainTwoStepModel(inputs, labels, { groups, trees: false });
    expect(withTrees.direction.trees?.trees.length).toBe(60);
    expect(withTrees.direction.c ?? 0).toBeGreaterThan(0.5);
    expect(without.direction.trees).toBeUndefined();
    const correct = (m: TwoStepModel): number =>
      held.x.filter(
        (dense, i) =>
          predictTwoStep(TwoStepModel.parse(JSON.parse(JSON.stringify(m))), { dense, sparse: [] }) ===
          (held.y[i] === 1 ? 'supports' : 'contradicts'),
      ).length / held.x.length;
    expect(correct(withTrees)).toBeGreaterThan(0.9);
    expect(correct(without)).toBeLessThan(0.75);
  });
});
