/**
 * Exact and near-duplicate detection. Exact: the SHA-256 of the normalised text. Near:
 * a 64-bit SimHash over 3-syllable shingles of the folded text, confirmed by the shingles' Jaccard similarity (Vietnamese words are
 * multi-syllable, so syllable n-grams, not characters or English tokens), so a syndicated
 * copy with a new lead, a credit line or a changed caption lands a few bits away.
 */
import { foldDiacritics } from '../classifiers/text/normalize.js';

const SHINGLE = 3;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** The two 32-bit finalisers of a syllable's FNV-1a hash (over its folded UTF-16 units). */
function finishSyllable(h: number, out: Uint32Array, at: number): void {
  let a = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  a = Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
  let b = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  b = Math.imul(b ^ (b >>> 12), 0x297a2d39);
  out[at] = (a ^ (a >>> 16)) >>> 0;
  out[at + 1] = (b ^ (b >>> 16)) >>> 0;
}

/**
 * Per-character folding, cached: the syllables come out as `foldDiacritics(text)` split on
 * non-letters would give them, without building the folded text or the word array.
 * Table values: 0 not computed, SEPARATOR, SKIP (a mark, dropped), IN_MAP (see `foldedOf`), else unit + LETTER.
 */
const SEPARATOR = 1;
const SKIP = 2;
const IN_MAP = 3;
const LETTER = 8;
/** Σ lowercases by context (final sigma), and folds that mix letters and others: the whole-text path decides. */
const WHOLE_TEXT = -1;
const foldTable = new Int32Array(0x10000);
const foldedOf = new Map<number, string | number>();
const WORD_ONLY = /^[\p{L}\p{N}]+$/u;
const NON_WORD_ONLY = /^[^\p{L}\p{N}]+$/u;

function classify(codePoint: number): string | number {
  if (codePoint === 0x03a3) return WHOLE_TEXT;
  const folded = foldDiacritics(String.fromCodePoint(codePoint));
  if (folded === '') return SKIP;
  if (NON_WORD_ONLY.test(folded)) return SEPARATOR;
  return WORD_ONLY.test(folded) ? folded : WHOLE_TEXT;
}

function classOf(codePoint: number): string | number {
  let found = foldedOf.get(codePoint);
  if (found === undefined) foldedOf.set(codePoint, (found = classify(codePoint)));
  return found;
}

/** Reused between calls (single-threaded, not re-entrant): two hashes per syllable. */
let syllableScratch = new Uint32Array(2048);

/** The syllables' hashes in one pass over the text, or null when only the whole-text fold is exact. */
function syllableHashesFast(text: string): { hashes: Uint32Array; count: number } | null {
  if (syllableScratch.length < text.length + 2) syllableScratch = new Uint32Array(text.length * 2 + 2);
  const out = syllableScratch;
  let count = 0;
  let h = FNV_OFFSET;
  let inWord = false;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    const low = unit >= 0xd800 && unit <= 0xdbff ? text.charCodeAt(i + 1) : 0;
    let codePoint = unit;
    let cls: number;
    if (low >= 0xdc00 && low <= 0xdfff) {
      codePoint = (unit - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
      i += 1;
      cls = IN_MAP;
    } else {
      cls = foldTable[unit]!;
      if (cls === 0) {
        const c = classOf(unit);
        cls = foldTable[unit] =
          typeof c === 'number' ? (c === WHOLE_TEXT ? IN_MAP : c) : c.length === 1 ? c.charCodeAt(0) + LETTER : IN_MAP;
      }
    }
    if (cls >= LETTER) {
      h = Math.imul(h ^ (cls - LETTER), FNV_PRIME);
      inWord = true;
      continue;
    }
    if (cls === SKIP) continue;
    if (cls === IN_MAP) {
      const c = classOf(codePoint);
      if (c === WHOLE_TEXT) return null;
      if (typeof c === 'string') {
        for (let j = 0; j < c.length; j += 1) h = Math.imul(h ^ c.charCodeAt(j), FNV_PRIME);
        inWord = true;
        continue;
      }
      if (c === SKIP) continue;
    }
    if (inWord) {
      finishSyllable(h, out, count * 2);
      count += 1;
      h = FNV_OFFSET;
      inWord = false;
    }
  }
  if (inWord) {
    finishSyllable(h, out, count * 2);
    count += 1;
  }
  return { hashes: out, count };
}

function syllableHashes(text: string): { hashes: Uint32Array; count: number } {
  const fast = syllableHashesFast(text);
  if (fast !== null) return fast;
  const words = foldDiacritics(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
  const hashes = new Uint32Array(words.length * 2);
  words.forEach((w, i) => {
    let h = FNV_OFFSET;
    for (let j = 0; j < w.length; j += 1) h = Math.imul(h ^ w.charCodeAt(j), FNV_PRIME);
    finishSyllable(h, hashes, i * 2);
  });
  return { hashes, count: words.length };
}

/** The set the Jaccard similarity is taken on: the shingles' distinct low halves, sorted. */
interface KeySet {
  keys: Uint32Array;
  /** A 1024-bit presence map of the keys (bit = key mod 1024), for a quick bound in `sortedJaccard`. */
  bits: Uint32Array;
}

interface Shingles extends KeySet {
  /** Two 32-bit hashes per shingle, interleaved (lo, hi, lo, hi, ...). */
  hashes: Uint32Array;
}

/** The 3-syllable shingles of a text, folded (no diacritics, lowercase), as 64-bit hashes. */
function shingles(text: string): Shingles {
  // Each syllable is hashed once; a shingle's hash mixes its syllables' hashes, so no shingle
  // string is built and nothing is allocated per shingle (this runs on every crawled page).
  const { hashes: syllables, count: words } = syllableHashes(text);
  const count = Math.max(1, words - SHINGLE + 1);
  const hashes = new Uint32Array(count * 2);
  const lows = new Uint32Array(count);
  for (let i = 0; i < count; i += 1) {
    let lo = 0x811c9dc5;
    let hi = 0x01000193;
    for (let j = i; j < Math.min(i + SHINGLE, words); j += 1) {
      lo = Math.imul(lo ^ syllables[j * 2]!, 0x9e3779b1) ^ (lo >>> 15);
      hi = Math.imul(hi ^ syllables[j * 2 + 1]!, 0x85ebca77) ^ (hi >>> 13);
    }
    hashes[i * 2] = lo >>> 0;
    hashes[i * 2 + 1] = hi >>> 0;
    lows[i] = lo >>> 0;
  }
  lows.sort();
  let distinct = 0;
  const bits = new Uint32Array(32);
  for (let i = 0; i < lows.length; i += 1) {
    const key = lows[i]!;
    if (i > 0 && key === lows[i - 1]) continue;
    lows[distinct++] = key;
    bits[(key >>> 5) & 31]! |= 1 << (key & 31);
  }
  return { hashes, keys: lows.slice(0, distinct), bits };
}

function simhashOf(hashes: Uint32Array): bigint {
  // Set bits counted per position, 8 positions per 32-bit counter word (one byte each, flushed
  // before a byte can overflow); bit b of the result is set when more than half have it set.
  const ones = new Int32Array(64);
  const packed = new Int32Array(16);
  const flush = (): void => {
    for (let k = 0; k < 8; k += 1) {
      for (let byte = 0; byte < 4; byte += 1) {
        ones[byte * 8 + k]! += (packed[k]! >>> (byte * 8)) & 0xff;
        ones[32 + byte * 8 + k]! += (packed[k + 8]! >>> (byte * 8)) & 0xff;
      }
    }
    packed.fill(0);
  };
  let pending = 0;
  for (let i = 0; i < hashes.length; i += 2) {
    const lo = hashes[i]!;
    const hi = hashes[i + 1]!;
    for (let k = 0; k < 8; k += 1) {
      packed[k]! += (lo >>> k) & 0x01010101;
      packed[k + 8]! += (hi >>> k) & 0x01010101;
    }
    if (++pending === 255) {
      flush();
      pending = 0;
    }
  }
  flush();
  const n = hashes.length / 2;
  let lo = 0;
  let hi = 0;
  for (let bit = 0; bit < 32; bit += 1) {
    if (ones[bit]! * 2 > n) lo |= 1 << bit;
    if (ones[bit + 32]! * 2 > n) hi |= 1 << bit;
  }
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** 64-bit SimHash of a text; equal texts give equal hashes, similar texts close ones. */
export function simhash(text: string): bigint {
  return simhashOf(shingles(text).hashes);
}

/**
 * Jaccard similarity of two shingle sets, on their sorted distinct keys: a merge walk, no
 * hashing (it runs for every candidate pair). Gives up with -1 once `atLeast` is out of reach.
 */
function sortedJaccard(setA: KeySet, setB: KeySet, atLeast: number): number {
  const a = setA.keys;
  const b = setB.keys;
  // s / (|A| + |B| - s) ≥ t  ⇔  s ≥ t (|A| + |B|) / (1 + t); the margin keeps float rounding
  // from ever dropping a pair that reaches the bound exactly.
  const needed = (atLeast * (a.length + b.length)) / (1 + atLeast) - 1e-9;
  // A bit in A's map and not in B's stands for at least one key of A that B lacks:
  // s ≤ |A| − popcount(bitsA ∧ ¬bitsB), and the same for B. Rules out most candidates in 32 steps.
  let onlyA = 0;
  let onlyB = 0;
  for (let w = 0; w < 32; w += 1) {
    const x = setA.bits[w]!;
    const y = setB.bits[w]!;
    onlyA += popcount32(x & ~y);
    onlyB += popcount32(y & ~x);
  }
  if (a.length - onlyA < needed || b.length - onlyB < needed) return -1;
  // Keys of A (of B) passed without a match can never be shared: past these counts, s < needed.
  const missesA = a.length - needed;
  const missesB = b.length - needed;
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      shared += 1;
      i += 1;
      j += 1;
    } else if (x < y) {
      i += 1;
      if (i - shared > missesA) return -1;
    } else {
      j += 1;
      if (j - shared > missesB) return -1;
    }
  }
  const union = a.length + b.length - shared;
  return union === 0 ? 1 : shared / union;
}

function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

export function hammingDistance(a: bigint, b: bigint): number {
  const x = a ^ b;
  return popcount32(Number(x & 0xffffffffn)) + popcount32(Number(x >> 32n));
}

export type DuplicateVerdict = { kind: 'new' } | { kind: 'exact'; of: string } | { kind: 'near'; of: string; similarity: number };

/**
 * Remembers the documents seen (by id) and answers whether a new one repeats one of them.
 * SimHash finds candidates (within `candidateBits` of 64); the shingle sets' Jaccard similarity
 * confirms them, so formulaic police news that shares its phrasing is not taken for a copy.
 * A linear scan over a run's documents (thousands); a larger store would band the hash.
 */
export class DedupIndex {
  readonly #byHash = new Map<string, string>();
  // The documents seen, column by column: the scan below reads only the hash halves of most.
  #lo = new Uint32Array(1024);
  #hi = new Uint32Array(1024);
  readonly #ids: string[] = [];
  readonly #sets: KeySet[] = [];
  readonly #candidateBits: number;
  readonly #minJaccard: number;

  constructor(options: { candidateBits?: number; minJaccard?: number } = {}) {
    this.#candidateBits = options.candidateBits ?? 10;
    this.#minJaccard = options.minJaccard ?? 0.6;
  }

  check(id: string, contentHash: string, text: string): DuplicateVerdict {
    const exact = this.#byHash.get(contentHash);
    if (exact !== undefined && exact !== id) return { kind: 'exact', of: exact };
    const set = shingles(text);
    const keys = set.keys;
    const hash = simhashOf(set.hashes);
    // Two 32-bit halves: the scan below runs once per document seen, BigInt there is too slow.
    const lo = Number(hash & 0xffffffffn);
    const hi = Number(hash >> 32n);
    const seenLo = this.#lo;
    const seenHi = this.#hi;
    const seen = this.#ids.length;
    let best: { id: string; similarity: number } | null = null;
    for (let k = 0; k < seen; k += 1) {
      if (popcount32(lo ^ seenLo[k]!) + popcount32(hi ^ seenHi[k]!) > this.#candidateBits || this.#ids[k] === id) continue;
      const other = this.#sets[k]!;
      // |A∩B| ≤ min size, |A∪B| ≥ max size: a bound that avoids the set walk for most pairs.
      if (Math.min(keys.length, other.keys.length) / Math.max(keys.length, other.keys.length) < this.#minJaccard) continue;
      const similarity = sortedJaccard(set, other, this.#minJaccard);
      if (similarity >= this.#minJaccard && (best === null || similarity > best.similarity)) best = { id: this.#ids[k]!, similarity };
    }
    if (best !== null) return { kind: 'near', of: best.id, similarity: Number(best.similarity.toFixed(3)) };
    this.#byHash.set(contentHash, id);
    if (seen === seenLo.length) {
      this.#lo = new Uint32Array(seen * 2);
      this.#lo.set(seenLo);
      this.#hi = new Uint32Array(seen * 2);
      this.#hi.set(seenHi);
    }
    this.#lo[seen] = lo;
    this.#hi[seen] = hi;
    this.#ids.push(id);
    this.#sets.push({ keys, bits: set.bits });
    return { kind: 'new' };
  }
}
