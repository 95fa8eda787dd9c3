/**
 * Sentence splitting for Vietnamese news text, first version: paragraphs are hard breaks;
 * inside a paragraph a sentence ends at . ! ? … followed by a space and an upper-case letter,
 * a digit or an opening quote. "TP.HCM", "21.300" and "6.5" have no space after the dot, so
 * they stay whole. Known abbreviations followed by a space ("TS. Nguyễn") do not end one.
 */
import { normalizeText } from './normalize.js';

const ABBREVIATIONS = new Set(['tp', 'ts', 'ths', 'pgs', 'gs', 'bs', 'ks', 'ls', 'mr', 'st', 'q', 'p', 'tt', 'ubnd', 'tw', 't.ư']);
const BOUNDARY = /([.!?…]+["”’)]*)\s+(?=["“‘(]?[\p{Lu}\d])/gu;

export interface SentenceSpan {
  text: string;
  /** Offset of the sentence in the normalised text. */
  start: number;
  end: number;
}

export function splitSentences(input: string): SentenceSpan[] {
  const text = normalizeText(input);
  const sentences: SentenceSpan[] = [];
  let paragraphStart = 0;
  for (const paragraph of text.split('\n')) {
    let start = 0;
    BOUNDARY.lastIndex = 0;
    for (let m = BOUNDARY.exec(paragraph); m !== null; m = BOUNDARY.exec(paragraph)) {
      const cut = m.index + (m[1] ?? '').length;
      const lastWord = paragraph.slice(start, m.index).split(/\s/).pop()?.toLowerCase() ?? '';
      if (ABBREVIATIONS.has(lastWord)) continue;
      push(sentences, paragraph, start, cut, paragraphStart);
      start = m.index + m[0].length;
    }
    push(sentences, paragraph, start, paragraph.length, paragraphStart);
    paragraphStart += paragraph.length + 1;
  }
  return sentences;
}

function push(out: SentenceSpan[], paragraph: string, from: number, to: number, offset: number): void {
  const raw = paragraph.slice(from, to);
  const text = raw.trim();
  if (!/\p{L}/u.test(text)) return;
  const lead = raw.length - raw.trimStart().length;
  out.push({ text, start: offset + from + lead, end: offset + from + lead + text.length });
}
