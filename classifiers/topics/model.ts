/**
 * The trained part of the classifier: one small logistic regression per topic (one-vs-rest,
 * so a text can carry several topics) plus one for "security relevant at all". Written here
 * rather than taken from natural because natural's classifiers are single-label and expose
 * no per-feature weights, and we need both: independent probabilities per topic, and the
 * words that pushed each one up, for the explanation.
 *
 * Features: folded syllables, adjacent syllable pairs and long dictionary words (binary, L2-normalised), and two
 * numbers from the taxonomy's phrases (this topic's phrase confidence, the best of any topic),
 * so the model learns how far to trust the phrases and a phrase added later still counts.
 */
import type { SyllableToken } from './tokens.js';

export const RELEVANCE_HEAD = '__relevant__';

export interface Head {
  bias: number;
  /** One weight per vocabulary entry. */
  weights: number[];
  /** Weight of this topic's phrase confidence. */
  phraseOwn: number;
  /** Weight of the highest phrase confidence over all topics. */
  phraseAny: number;
}

export interface TopicModel {
  format: 'sentinel-topics-logreg/1';
  trainedAt: string;
  trainingExamples: number;
  vocabulary: string[];
  heads: Record<string, Head>;
}

export interface Features {
  /** Vocabulary index → value. */
  tokens: Map<number, number>;
  /** Folded feature key → words as written in the text, for explanations. */
  surfaces: Map<string, string>;
}

/**
 * Feature keys of a text: syllables ("cong", "an"), adjacent pairs ("cong an", which covers
 * most two-syllable words) and the language core's longer words ("an ninh trat tu"), each
 * with its surface form.
 */
export function featureKeys(tokens: SyllableToken[], longWords: SyllableToken[] = []): Map<string, string> {
  const keys = new Map<string, string>();
  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i] as SyllableToken;
    if (/^\d+$/.test(t.folded) && t.folded.length > 2) continue; // amounts and years say nothing about a topic
    if (!keys.has(t.folded)) keys.set(t.folded, t.surface);
    const next = tokens[i + 1];
    if (next) {
      const key = `${t.folded} ${next.folded}`;
      if (!keys.has(key)) keys.set(key, `${t.surface} ${next.surface}`);
    }
  }
  for (const w of longWords) if (!keys.has(w.folded)) keys.set(w.folded, w.surface);
  return keys;
}

export function vectorize(keys: Map<string, string>, vocabulary: Map<string, number>): Features {
  const tokens = new Map<number, number>();
  const surfaces = new Map<string, string>();
  for (const [key, surface] of keys) {
    const index = vocabulary.get(key);
    if (index === undefined) continue;
    tokens.set(index, 1);
    surfaces.set(key, surface);
  }
  const norm = Math.sqrt(tokens.size) || 1;
  for (const index of tokens.keys()) tokens.set(index, 1 / norm);
  return { tokens, surfaces };
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

export function predict(head: Head, features: Features, phraseOwn: number, phraseAny: number): number {
  let z = head.bias + head.phraseOwn * phraseOwn + head.phraseAny * phraseAny;
  for (const [index, value] of features.tokens) z += (head.weights[index] ?? 0) * value;
  return sigmoid(z);
}

/**
 * The words whose weights pushed this head up the most (positive contributions only). Only
 * multi-syllable features: a lone syllable ("an", "nhân") explains nothing to a reader.
 */
export function topContributors(head: Head, features: Features, vocabulary: string[], limit = 3): string[] {
  const contributions: [string, number][] = [];
  for (const [index, value] of features.tokens) {
    const c = (head.weights[index] ?? 0) * value;
    const key = vocabulary[index];
    if (c > 0.15 && key !== undefined && key.includes(' ')) contributions.push([features.surfaces.get(key) ?? key, c]);
  }
  return contributions
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([surface]) => surface);
}

export interface TrainingRow {
  features: Features;
  phraseOwn: Record<string, number>;
  phraseAny: number;
  labels: Set<string>;
}

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  l2: number;
}

/**
 * Full-batch gradient descent on the class-weighted log loss with L2: the data set is a few
 * hundred rows, so this takes well under a second and gives the same model on every run.
 */
export function trainHead(rows: TrainingRow[], label: string, vocabularySize: number, options: TrainOptions): Head {
  const positives = rows.filter((r) => r.labels.has(label)).length;
  const negatives = rows.length - positives;
  // Balance the classes so a topic with 20 examples among 200 is not learnt as "never".
  const wPos = positives > 0 ? rows.length / (2 * positives) : 0;
  const wNeg = negatives > 0 ? rows.length / (2 * negatives) : 0;
  const head: Head = { bias: 0, weights: new Array<number>(vocabularySize).fill(0), phraseOwn: 0, phraseAny: 0 };
  for (let epoch = 0; epoch < options.epochs; epoch += 1) {
    const grad = new Array<number>(vocabularySize).fill(0);
    let gBias = 0;
    let gOwn = 0;
    let gAny = 0;
    for (const row of rows) {
      const own = row.phraseOwn[label] ?? 0;
      const y = row.labels.has(label) ? 1 : 0;
      const err = (predict(head, row.features, own, row.phraseAny) - y) * (y === 1 ? wPos : wNeg);
      gBias += err;
      gOwn += err * own;
      gAny += err * row.phraseAny;
      for (const [index, value] of row.features.tokens) grad[index] = (grad[index] ?? 0) + err * value;
    }
    const n = rows.length;
    const lr = options.learningRate;
    head.bias -= (lr * gBias) / n;
    head.phraseOwn -= (lr * gOwn) / n;
    head.phraseAny -= (lr * gAny) / n;
    for (let i = 0; i < vocabularySize; i += 1) {
      const w = head.weights[i] as number;
      head.weights[i] = w - lr * ((grad[i] as number) / n + options.l2 * w);
    }
  }
  return head;
}
