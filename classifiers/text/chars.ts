/**
 * Unicode property tests by table. V8 runs \p{…} classes in regexes slowly (a range search at
 * every character), and the tokeniser asks about every character of every sentence. Each table
 * is filled lazily from the regex it replaces, so the answers are exactly the regex's.
 */

/** A code point test backed by `re` (a one-character /u pattern), memoised for the BMP. */
function codePointTest(re: RegExp): (cp: number) => boolean {
  const bmp = new Uint8Array(0x10000); // 0 not asked yet, 1 no, 2 yes
  return (cp) => {
    if (cp >= 0x10000) return re.test(String.fromCodePoint(cp));
    let v = bmp[cp] as number;
    if (v === 0) {
      // A lone surrogate is its own code point for a /u regex, as it is here.
      v = re.test(String.fromCharCode(cp)) ? 2 : 1;
      bmp[cp] = v;
    }
    return v === 2;
  };
}

/** [\p{L}\p{M}\p{N}]: a character of a syllable. */
export const isSyllableChar = codePointTest(/^[\p{L}\p{M}\p{N}]$/u);

/** \p{Lu}: an upper-case letter. */
export const isUpperLetter = codePointTest(/^\p{Lu}$/u);

/** ASCII digit, as \d matches with or without /u. */
export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}
