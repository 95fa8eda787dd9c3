/**
 * The one place the topic classifier gets its tokens from: the language core
 * (classifiers/text/tokenize.ts). Matching and features use the folded form (no diacritics,
 * đ→d), so "lua dao" and "lừa đảo" are the same; the surface form (as written) is kept for
 * the explanations shown to analysts.
 */
import { foldDiacritics, normalizeText } from '../text/normalize.js';
import { syllableTokens as coreSyllables, wordTokens } from '../text/tokenize.js';

export interface SyllableToken {
  /** As written (NFC, original case), for explanations. */
  surface: string;
  /** Lowercase, no diacritics: what matching and features use. */
  folded: string;
}

export function syllableTokens(text: string): SyllableToken[] {
  const nfc = normalizeText(text);
  return coreSyllables(nfc).map((t) => ({ surface: nfc.slice(t.start, t.end), folded: foldDiacritics(t.text) }));
}

/** Folded syllables only (for phrase compilation). */
export function foldedSyllables(text: string): string[] {
  return syllableTokens(text).map((t) => t.folded);
}

/** Dictionary words of three or more syllables ("an ninh trật tự"), folded, with their surface. */
export function longWords(text: string): SyllableToken[] {
  const nfc = normalizeText(text);
  return wordTokens(nfc)
    .filter((w) => w.text.split('_').length >= 3)
    .map((w) => ({ surface: nfc.slice(w.start, w.end), folded: foldDiacritics(w.text).replace(/_/g, ' ') }));
}
