/**
 * Finds the taxonomy's terms in a text, syllable by syllable on the folded form, so "lua dao"
 * matches "lừa đảo" and "an" never matches inside "toàn". Each hit keeps the words as written
 * in the text, for the explanation shown to analysts.
 */
import type { Taxonomy, TaxonomyTerm } from './taxonomy.js';
import type { SyllableToken } from './tokens.js';

export interface PhraseHit {
  topic: string;
  term: string;
  weight: number;
  /** The matched words as they appear in the text (first occurrence). */
  surface: string;
}

export interface PhraseIndex {
  byFirst: Map<string, { topic: string; term: TaxonomyTerm }[]>;
}

export function compilePhrases(taxonomy: Taxonomy): PhraseIndex {
  const byFirst = new Map<string, { topic: string; term: TaxonomyTerm }[]>();
  for (const topic of taxonomy.topics) {
    for (const term of topic.terms) {
      const first = term.folded[0] as string;
      const list = byFirst.get(first) ?? [];
      list.push({ topic: topic.id, term });
      byFirst.set(first, list);
    }
  }
  return { byFirst };
}

/** Every distinct term found, once per topic and term. */
export function findPhrases(index: PhraseIndex, tokens: SyllableToken[]): PhraseHit[] {
  const hits = new Map<string, PhraseHit>();
  for (let i = 0; i < tokens.length; i += 1) {
    const candidates = index.byFirst.get((tokens[i] as SyllableToken).folded);
    if (!candidates) continue;
    for (const { topic, term } of candidates) {
      const n = term.folded.length;
      if (i + n > tokens.length) continue;
      let matches = true;
      for (let k = 1; k < n && matches; k += 1) matches = tokens[i + k]?.folded === term.folded[k];
      const key = `${topic}\u0000${term.term}`;
      if (matches && !hits.has(key)) {
        hits.set(key, {
          topic,
          term: term.term,
          weight: term.weight,
          surface: tokens
            .slice(i, i + n)
            .map((t) => t.surface)
            .join(' '),
        });
      }
    }
  }
  return [...hits.values()];
}

/** Noisy-or of the hits' weights: independent pieces of evidence, each able to tip it alone. */
export function phraseConfidence(hits: PhraseHit[], topic: string): number {
  let miss = 1;
  for (const h of hits) if (h.topic === topic) miss *= 1 - h.weight;
  return 1 - miss;
}
