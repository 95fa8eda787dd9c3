/**
 * How well the conflicting spans of a `contradicts` show the conflict, on pairs with gold
 * evidence: each gold contradiction the model finds (detectStance on the gold evidence) is
 * scored by the length of its claim spans (syllables) and whether they cover the gold
 * difference, approximated as the claim's syllables absent from the gold evidence.
 */
import type { Stance } from '../core/contracts.js';
import type { Example } from '../classifiers/stance/train.js';
import type { StanceModel } from '../classifiers/stance/model.js';
import { detectStance } from '../classifiers/stance/stance.js';
import { fastFold } from '../classifiers/text/normalize.js';
import { syllableTokens } from '../classifiers/text/tokenize.js';

const syllables = (text: string): string[] => syllableTokens(fastFold(text)).map((t) => t.text);

export interface SpanFigures {
  /** Gold contradictions found `contradicts`. */
  found: number;
  /** Of those, with at least one conflict span. */
  withSpan: number;
  /** Median length of the claim spans (syllables, all spans of a pair together), and as a share of the claim. */
  medianSyllables: number;
  medianShare: number;
  /** Share of found contradictions whose claim spans hold a syllable of the gold difference. */
  coversDifference: number;
}

export function measureSpans(rows: readonly { example: Example; model: StanceModel }[]): SpanFigures {
  const lengths: number[] = [];
  const shares: number[] = [];
  let found = 0;
  let withSpan = 0;
  let covers = 0;
  for (const { example, model } of rows) {
    if (example.label !== 'contradicts') continue;
    const result = detectStance(example.claim, example.text, model);
    if ((result.stance as Stance) !== 'contradicts') continue;
    found += 1;
    const claimSyllables = syllables(example.claim);
    const evidence = new Set(syllables(example.text));
    const difference = new Set(claimSyllables.filter((s) => !evidence.has(s)));
    const spanSyllables = result.conflicts.flatMap((c) => syllables(c.claimSpan.text));
    lengths.push(spanSyllables.length);
    shares.push(spanSyllables.length / Math.max(1, claimSyllables.length));
    if (result.conflicts.length > 0) withSpan += 1;
    if (spanSyllables.some((s) => difference.has(s))) covers += 1;
  }
  return { found, withSpan, medianSyllables: median(lengths), medianShare: median(shares), coversDifference: covers / Math.max(1, found) };
}

export function spanFigures(rows: readonly { example: Example; model: StanceModel }[]): string {
  const f = measureSpans(rows);
  return (
    `conflicting spans (${rows.filter((r) => r.example.label === 'contradicts').length} gold contradictions of the pairs on dev URLs, gold evidence, out-of-fold models): ` +
    `${f.found} found, ${f.withSpan} with a span; median claim span ${f.medianSyllables} syllables (${(100 * f.medianShare).toFixed(0)}% of the claim); ` +
    `covers the gold difference in ${(100 * f.coversDifference).toFixed(1)}%`
  );
}

function median(v: number[]): number {
  if (v.length === 0) return 0;
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}
