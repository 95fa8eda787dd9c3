/**
 * Passages of a statement: windows of a few sentences with one shared sentence, so an answer
 * straddling a cut is whole in one passage. The index and the stance trainer use this same split.
 */
import { normalizeText } from '../text/normalize.js';
import { sentenceBreaks, splitSentences, type SentenceSpan } from '../text/sentences.js';

export const PASSAGE_SENTENCES = 4;
export const PASSAGE_OVERLAP = 1;

/**
 * The sentences of a text (normalised), as splitSentences gives them. One exception: a
 * one-paragraph article with an inline photo credit ("... (Ảnh: TTXVN) ...", "- Ảnh: ...") is
 * taken whole for a caption there and yields no sentence at all (25 of the 304 statements of
 * vi-factcheck-dev), which made the whole article one passage and its evidence. Such a text is
 * cut at the sentence breaks first, so that only the sentence holding the credit can be dropped.
 */
export function passageSentences(input: string): SentenceSpan[] {
  const text = normalizeText(input);
  const found = splitSentences(text);
  if (found.length > 0 || !/\p{L}/u.test(text)) return found;
  const out: SentenceSpan[] = [];
  let from = 0;
  const cut = (to: number, next: number): void => {
    const piece = text.slice(from, to);
    const lead = piece.length - piece.trimStart().length;
    for (const s of splitSentences(piece.trim())) out.push({ text: s.text, start: from + lead + s.start, end: from + lead + s.end });
    from = next;
  };
  for (const { end, next } of sentenceBreaks(text)) cut(end, next);
  cut(text.length, text.length);
  return out;
}

/** Sentence windows of `size` with `overlap` shared sentences; a short statement is one passage. */
export function splitPassages(text: string, size = PASSAGE_SENTENCES, overlap = PASSAGE_OVERLAP): string[] {
  const sentences = passageSentences(text);
  if (sentences.length <= size) return [normalizeText(text)];
  const out: string[] = [];
  for (let from = 0; from < sentences.length; from += size - overlap) {
    out.push(
      sentences
        .slice(from, from + size)
        .map((s) => s.text)
        .join(' '),
    );
    if (from + size >= sentences.length) break;
  }
  return out;
}
