/**
 * Vietnamese text normalisation. Text arrives in NFC, NFD and legacy forms; everything is
 * brought to NFC first, so "hoà" typed two ways is one string. The folded form drops every
 * diacritic (đ→d too, which Unicode decomposition does not do) and lowercases, so a query
 * typed without accents ("cong an") meets the text ("Công an").
 */

const SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\t\f\v]+/g;
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;
const COMBINING_MARKS = /\p{M}+/gu;

/** NFC, zero-width characters removed, runs of spaces folded; line breaks kept as paragraph marks. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFC')
    .replace(ZERO_WIDTH, '')
    .replace(/\r\n?/g, '\n')
    .replace(SPACES, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Lowercase, no diacritics, đ→d: the form used to match text typed without accents. */
export function foldDiacritics(text: string): string {
  return text.normalize('NFD').replace(COMBINING_MARKS, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

/** Letters only Vietnamese uses among Latin scripts, or tone marks on vowels. */
const VIETNAMESE_LETTERS = /[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/giu;

/**
 * A first language guess: the share of words carrying Vietnamese-only letters. Vietnamese
 * prose has them in well over a third of its syllables; English and other Latin text has none.
 */
export function detectLanguage(text: string): 'vi' | 'und' {
  const words = text.normalize('NFC').split(/\s+/u).filter((w) => /\p{L}/u.test(w)).slice(0, 2000);
  if (words.length === 0) return 'und';
  const marked = words.filter((w) => { VIETNAMESE_LETTERS.lastIndex = 0; return VIETNAMESE_LETTERS.test(w); }).length;
  return marked / words.length >= 0.2 ? 'vi' : 'und';
}
