/**
 * Vietnamese text normalisation. Text arrives in NFC, NFD and legacy forms; everything is
 * brought to NFC first, so "hoà" typed two ways is one string. The folded form drops every
 * diacritic (đ→d too, which Unicode decomposition does not do) and lowercases, so a query
 * typed without accents ("cong an") meets the text ("Công an").
 */

const SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\t\f\v]+/g;
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;
const COMBINING_MARKS = /\p{M}+/gu;
/** Work for one of normalizeText's replacements: a character above, \r, two spaces, a space by a line break, three line breaks. */
const NEEDS_CLEANING = /[\u200B-\u200D\u2060\uFEFF\r\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\t\f\v]| {2}| \n|\n |\n{3}/;

/** NFC, zero-width characters removed, runs of spaces folded; line breaks kept as paragraph marks. */
export function normalizeText(text: string): string {
  const nfc = text.normalize('NFC');
  // Most text is clean already: when no rule below can change anything, only the trim is left.
  if (!NEEDS_CLEANING.test(nfc)) return nfc.trim();
  return nfc
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

const CONSONANT_Y = /(?<![\p{L}\p{N}])([hklmstv])y(?![\p{L}\p{N}])/gu;
/**
 * One spelling for a syllable of one consonant and i or y ("kỳ"/"kì", "lý"/"lí", "mỹ"/"mĩ",
 * "hy"/"hi", "tỷ"/"tỉ", "sỹ"/"sĩ", "vỹ"/"vĩ"): both are in use, so a search typed one way must
 * meet text written the other. On folded text; keeps its length, so offsets carry over.
 * "uy" ("huy", "quy") is another rhyme and stays.
 */
export function unifyIY(folded: string): string {
  return folded.includes('y') ? folded.replace(CONSONANT_Y, '$1i') : folded;
}

/**
 * The form of the indexed `_folded` fields and of the queries on them, and the key stance compares
 * syllables by: folded, one i/y spelling.
 */
export function foldForSearch(text: string): string {
  return unifyIY(fastFold(text));
}

/** UTF-16 code unit → its folded form (fastFold): mostly one character, '' for a mark. */
const unitFolds: (string | undefined)[] = new Array(0x10000);

/**
 * `foldDiacritics` for long texts, character by character. foldDiacritics decomposes the whole
 * string (NFD), strips the marks with a Unicode regex and lowercases: exact, but it led the
 * matcher's profile, since stance and the re-ranker fold every passage they read. Canonical
 * decomposition works on each character alone, and so do dropping marks and lowercasing (but
 * for the Greek final sigma), so folding each distinct character once (by foldDiacritics
 * itself) and concatenating gives the same string, about five times faster on Vietnamese text.
 * Text with a surrogate pair or a capital sigma goes to foldDiacritics whole.
 */
export function fastFold(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if ((code >= 0xd800 && code <= 0xdfff) || code === 0x3a3) return foldDiacritics(text);
    let f = unitFolds[code];
    if (f === undefined) {
      f = foldDiacritics(String.fromCharCode(code));
      unitFolds[code] = f;
    }
    out += f;
  }
  return out;
}

/** Letters only Vietnamese uses among Latin scripts, or tone marks on vowels. */
const VIETNAMESE_LETTERS = /[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/giu;

/**
 * A first language guess: the share of words carrying Vietnamese-only letters. Vietnamese
 * prose has them in well over a third of its syllables; English and other Latin text has none.
 */
export function detectLanguage(text: string): 'vi' | 'und' {
  const words = text
    .normalize('NFC')
    .split(/\s+/u)
    .filter((w) => /\p{L}/u.test(w))
    .slice(0, 2000);
  if (words.length === 0) return 'und';
  const marked = words.filter((w) => {
    VIETNAMESE_LETTERS.lastIndex = 0;
    return VIETNAMESE_LETTERS.test(w);
  }).length;
  return marked / words.length >= 0.2 ? 'vi' : 'und';
}

/** Folded code unit by code unit; 0 = not computed yet (U+0000 itself folds to 0, recomputed harmlessly). */
const foldTable = new Uint16Array(0x10000);

function foldCodeUnit(code: number): number {
  if (code < 128) return code >= 65 && code <= 90 ? code + 32 : code;
  const c = String.fromCharCode(code);
  const folded = foldDiacritics(c);
  const lower = c.toLowerCase();
  return (folded.length === 1 ? folded : lower.length === 1 ? lower : c).charCodeAt(0);
}

/**
 * Folds one character at a time so the result has exactly the length of the input and
 * offsets carry over: entities and spans found in the folded form point into the NFC text.
 * A character whose folding is not one character long (rare outside Vietnamese) is only lowercased.
 */
export function foldAligned(text: string): string {
  const codes = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    let f = foldTable[code] as number;
    if (f === 0) f = foldTable[code] = foldCodeUnit(code);
    codes[i] = f;
  }
  return stringOfCodes(codes);
}

/** String.fromCharCode over a code unit array, in chunks (engines cap the argument count). */
function stringOfCodes(codes: Uint16Array): string {
  const CHUNK = 8192;
  // apply takes any array-like; spreading a typed array would go through its iterator (4x slower).
  const piece = (from: number): string => String.fromCharCode.apply(null, codes.subarray(from, from + CHUNK) as unknown as number[]);
  if (codes.length <= CHUNK) return piece(0);
  let out = '';
  for (let i = 0; i < codes.length; i += CHUNK) out += piece(i);
  return out;
}

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/u;

/**
 * One spelling for the two tone placements in use: "hoà"/"hòa", "thuỷ"/"thủy", "hoè"/"hòe".
 * In an open syllable ending in oa, oe or uy (not "qu"+y) the mark goes on the first vowel,
 * the newer convention. Input is one lowercase NFC syllable; output is NFC.
 */
export function canonicalTone(syllable: string): string {
  if (syllable.length < 2 || syllable.length > 7) return syllable;
  const d = syllable.normalize('NFD');
  const tone = TONE_MARKS.exec(d);
  if (tone === null) return syllable;
  const bare = d.replace(TONE_MARKS, '');
  const m = /(o[ae]|uy)$/u.exec(bare);
  if (m === null || (m[1] === 'uy' && bare[m.index - 1] === 'q')) return syllable;
  const at = m.index + 1; // just after the first vowel of the pair
  return (bare.slice(0, at) + tone[0] + bare.slice(at)).normalize('NFC');
}
