/** Classification figures for stance: accuracy, per-class F1 and their macro average. */
import { STANCES, type Stance } from '../../core/contracts.js';

export interface StanceScores {
  accuracy: number;
  macroF1: number;
  f1: Record<Stance, number>;
  n: number;
}

export function stanceScores(gold: readonly Stance[], predicted: readonly Stance[]): StanceScores {
  const n = gold.length;
  const correct = gold.filter((g, i) => g === predicted[i]).length;
  const f1 = Object.fromEntries(
    STANCES.map((s) => {
      const tp = gold.filter((g, i) => g === s && predicted[i] === s).length;
      const fp = gold.filter((g, i) => g !== s && predicted[i] === s).length;
      const fn = gold.filter((g, i) => g === s && predicted[i] !== s).length;
      return [s, tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn)];
    }),
  ) as Record<Stance, number>;
  return { accuracy: n === 0 ? 0 : correct / n, macroF1: STANCES.reduce((a, s) => a + f1[s], 0) / STANCES.length, f1, n };
}
