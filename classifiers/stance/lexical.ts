/**
 * Lexical features of the claim–evidence difference, as named strings (the model keeps one
 * weight per name, so every weight is readable: "c-:khong" is "the claim says 'không' and the
 * evidence does not"). All on folded syllables, so a claim typed without accents gives the same
 * features as the same claim with them; every number is '#'.
 *
 *   c-:x     a syllable of the claim absent from the evidence (what the claim adds or changes)
 *   e-:x     a syllable of the evidence absent from the claim (what the claim dropped or replaced)
 *   c2-:x_y  a bigram of the claim absent from the evidence (a changed phrase, a moved word)
 *   sw:a>b   in the syllable alignment, the claim's run a stands where the evidence has b
 *            ("tang>giam", "#>#", "khong>"); learnt antonyms and substitutions
 *   n-:k     how many claim syllables the evidence lacks (bucketed), and e-n:k the reverse
 */

const NUMBER = /^\d/;
const form = (s: string): string => (NUMBER.test(s) ? '#' : s);
const bucket = (n: number): string => (n === 0 ? '0' : n === 1 ? '1' : n <= 3 ? '2-3' : n <= 6 ? '4-6' : n <= 12 ? '7-12' : '13+');

export function lexicalFeatures(
  claim: readonly string[],
  claimSet: ReadonlySet<string>,
  evidence: readonly string[],
  evidenceSet: ReadonlySet<string>,
  gaps: readonly string[],
): string[] {
  const out = new Set<string>();
  let claimOnly = 0;
  for (const s of claim) {
    if (evidenceSet.has(s)) continue;
    const key = `c-:${form(s)}`;
    if (!out.has(key)) {
      claimOnly += 1;
      out.add(key);
    }
  }
  let evidenceOnly = 0;
  for (const s of evidence) {
    if (claimSet.has(s)) continue;
    const key = `e-:${form(s)}`;
    if (!out.has(key)) {
      evidenceOnly += 1;
      out.add(key);
    }
  }
  for (let i = 1; i < claim.length; i += 1) {
    const a = claim[i - 1] as string;
    const b = claim[i] as string;
    if (!hasBigram(evidence, evidenceSet, a, b)) out.add(`c2-:${form(a)}_${form(b)}`);
  }
  for (const g of gaps) out.add(`sw:${g}`);
  out.add(`n-:${bucket(claimOnly)}`);
  out.add(`e-n:${bucket(evidenceOnly)}`);
  return [...out];
}

/** Whether `a` is followed by `b` somewhere in the evidence (without building its bigrams: this runs for every pair). */
function hasBigram(evidence: readonly string[], evidenceSet: ReadonlySet<string>, a: string, b: string): boolean {
  if (!evidenceSet.has(a) || !evidenceSet.has(b)) return false;
  for (let j = 1; j < evidence.length; j += 1) if (evidence[j - 1] === a && evidence[j] === b) return true;
  return false;
}
