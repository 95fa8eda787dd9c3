/**
 * Exact and near-duplicate detection. Exact: the SHA-256 of the normalised text. Near:
 * a 64-bit SimHash over 3-syllable shingles of the folded text, confirmed by the shingles' Jaccard similarity (Vietnamese words are
 * multi-syllable, so syllable n-grams, not characters or English tokens), so a syndicated
 * copy with a new lead, a credit line or a changed caption lands a few bits away.
 */
import { foldDiacritics } from '../classifiers/text/normalize.js';

const SHINGLE = 3;

/** FNV-1a over the UTF-16 units, then two different finalisers: two 32-bit hashes per syllable. */
function hashSyllable(text: string, out: Uint32Array, at: number): void {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  let a = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  a = Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
  let b = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  b = Math.imul(b ^ (b >>> 12), 0x297a2d39);
  out[at] = (a ^ (a >>> 16)) >>> 0;
  out[at + 1] = (b ^ (b >>> 16)) >>> 0;
}

interface Shingles {
  /** Two 32-bit hashes per shingle, interleaved (lo, hi, lo, hi, ...). */
  hashes: Uint32Array;
  set: Set<number>;
}

/** The 3-syllable shingles of a text, folded (no diacritics, lowercase), as 64-bit hashes. */
function shingles(text: string): Shingles {
  // Each syllable is hashed once; a shingle's hash mixes its syllables' hashes, so no shingle
  // string is built and nothing is allocated per shingle (this runs on every crawled page).
  const words = foldDiacritics(text).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
  const syllables = new Uint32Array(words.length * 2);
  words.forEach((w, i) => hashSyllable(w, syllables, i * 2));
  const count = Math.max(1, words.length - SHINGLE + 1);
  const hashes = new Uint32Array(count * 2);
  const set = new Set<number>();
  for (let i = 0; i < count; i += 1) {
    let lo = 0x811c9dc5;
    let hi = 0x01000193;
    for (let j = i; j < Math.min(i + SHINGLE, words.length); j += 1) {
      lo = Math.imul(lo ^ syllables[j * 2]!, 0x9e3779b1) ^ (lo >>> 15);
      hi = Math.imul(hi ^ syllables[j * 2 + 1]!, 0x85ebca77) ^ (hi >>> 13);
    }
    hashes[i * 2] = lo >>> 0;
    hashes[i * 2 + 1] = hi >>> 0;
    set.add(lo >>> 0);
  }
  return { hashes, set };
}

function simhashOf(hashes: Uint32Array): bigint {
  const weights = new Int32Array(64);
  for (let i = 0; i < hashes.length; i += 2) {
    const lo = hashes[i]!;
    const hi = hashes[i + 1]!;
    for (let bit = 0; bit < 32; bit += 1) {
      weights[bit]! += ((lo >>> bit) & 1) * 2 - 1;
      weights[bit + 32]! += ((hi >>> bit) & 1) * 2 - 1;
    }
  }
  let lo = 0;
  let hi = 0;
  for (let bit = 0; bit < 32; bit += 1) {
    if (weights[bit]! > 0) lo |= 1 << bit;
    if (weights[bit + 32]! > 0) hi |= 1 << bit;
  }
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** 64-bit SimHash of a text; equal texts give equal hashes, similar texts close ones. */
export function simhash(text: string): bigint {
  return simhashOf(shingles(text).hashes);
}

/** Jaccard similarity of two shingle sets. */
export function jaccard(a: Set<number>, b: Set<number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const x of small) if (large.has(x)) shared += 1;
  const union = a.size + b.size - shared;
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

export type DuplicateVerdict =
  | { kind: 'new' }
  | { kind: 'exact'; of: string }
  | { kind: 'near'; of: string; similarity: number };

/**
 * Remembers the documents seen (by id) and answers whether a new one repeats one of them.
 * SimHash finds candidates (within `candidateBits` of 64); the shingle sets' Jaccard similarity
 * confirms them, so formulaic police news that shares its phrasing is not taken for a copy.
 * A linear scan over a run's documents (thousands); a larger store would band the hash.
 */
export class DedupIndex {
  readonly #byHash = new Map<string, string>();
  readonly #seen: { id: string; lo: number; hi: number; set: Set<number> }[] = [];
  readonly #candidateBits: number;
  readonly #minJaccard: number;

  constructor(options: { candidateBits?: number; minJaccard?: number } = {}) {
    this.#candidateBits = options.candidateBits ?? 10;
    this.#minJaccard = options.minJaccard ?? 0.6;
  }

  check(id: string, contentHash: string, text: string): DuplicateVerdict {
    const exact = this.#byHash.get(contentHash);
    if (exact !== undefined && exact !== id) return { kind: 'exact', of: exact };
    const { hashes, set } = shingles(text);
    const hash = simhashOf(hashes);
    // Two 32-bit halves: the scan below runs once per document seen, BigInt there is too slow.
    const lo = Number(hash & 0xffffffffn);
    const hi = Number(hash >> 32n);
    let best: { id: string; similarity: number } | null = null;
    for (const seen of this.#seen) {
      if (seen.id === id || popcount32(lo ^ seen.lo) + popcount32(hi ^ seen.hi) > this.#candidateBits) continue;
      // |A∩B| ≤ min size, |A∪B| ≥ max size: a bound that avoids the set walk for most pairs.
      if (Math.min(set.size, seen.set.size) / Math.max(set.size, seen.set.size) < this.#minJaccard) continue;
      const similarity = jaccard(set, seen.set);
      if (similarity >= this.#minJaccard && (best === null || similarity > best.similarity)) best = { id: seen.id, similarity };
    }
    if (best !== null) return { kind: 'near', of: best.id, similarity: Number(best.similarity.toFixed(3)) };
    this.#byHash.set(contentHash, id);
    this.#seen.push({ id, lo, hi, set });
    return { kind: 'new' };
  }
}
