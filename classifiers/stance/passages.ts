/**
 * Passages of a statement: windows of a few sentences with one shared sentence, so an answer
 * straddling a cut is whole in one passage. The index and the stance trainer use this same split.
 */
import { normalizeText } from '../text/normalize.js';
import { splitSentences } from '../text/sentences.js';

export const PASSAGE_SENTENCES = 4;
export const PASSAGE_OVERLAP = 1;

/** Sentence windows of `size` with `overlap` shared sentences; a short statement is one passage. */
export function splitPassages(text: string, size = PASSAGE_SENTENCES, overlap = PASSAGE_OVERLAP): string[] {
  const sentences = splitSentences(text);
  if (sentences.length <= size) return [normalizeText(text)];
  const out: string[] = [];
  for (let from = 0; from < sentences.length; from += size - overlap) {
    out.push(sentences.slice(from, from + size).map((s) => s.text).join(' '));
    if (from + size >= sentences.length) break;
  }
  return out;
}
