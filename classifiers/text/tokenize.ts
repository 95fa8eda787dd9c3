/**
 * Vietnamese tokens. Vietnamese writes one syllable per space-separated unit and builds words
 * from several syllables ("công an", "an ninh trật tự"), so an English tokenizer is wrong twice:
 * it breaks on the diacritics and it never joins syllables. Here syllables come from a
 * Unicode-aware pattern, and words from a longest match over the dictionary in
 * classifiers/data/ (see its README for how it was made).
 */
import { readFileSync } from 'node:fs';
import { canonicalTone, foldDiacritics } from './normalize.js';
import { loadGazetteer } from './gazetteer.js';

/** A syllable: letters (and marks), or a number keeping its inner separators ("21.300", "1,5", "21/3"). */
const SYLLABLE = /\d+(?:[.,/:]\d+)*|[\p{L}\p{M}\p{N}]+/gu;

export interface Token {
  text: string;
  start: number;
  end: number;
}

let lastInput: string | undefined;
let lastTokens: readonly Token[] = [];

/**
 * Syllables with their offsets in the NFC text, lowercased. The last result is kept: the
 * segmenter and the entity extractor tokenise the same sentence one after the other.
 */
export function syllableTokens(text: string): readonly Token[] {
  if (text === lastInput) return lastTokens;
  const nfc = text.normalize('NFC');
  const out: Token[] = [];
  SYLLABLE.lastIndex = 0;
  for (let m = SYLLABLE.exec(nfc); m !== null; m = SYLLABLE.exec(nfc)) {
    out.push({ text: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
  }
  lastInput = text;
  lastTokens = out;
  return out;
}

/** NFC, lowercased syllables; punctuation dropped. */
export function syllables(text: string): string[] {
  return syllableTokens(text).map((t) => t.text);
}

/** The hand-written dictionary, and collocations mined from news text (see classifiers/data/README.md). */
const DICTIONARY_FILES = [new URL('../data/words-vi.txt', import.meta.url), new URL('../data/collocations-vi.txt', import.meta.url)];

export interface Dictionary {
  /** Keys are syllables (canonical tone) joined by a space. */
  words: Set<string>;
  /** Every proper prefix of a key, so a longest match stops as soon as no word can follow. */
  prefixes: Set<string>;
  maxSyllables: number;
}

const toneCache = new Map<string, string>();

/** canonicalTone, memoised: the syllable vocabulary of a language is small. */
export function canonicalSyllable(syllable: string): string {
  let c = toneCache.get(syllable);
  if (c === undefined) {
    c = canonicalTone(syllable);
    if (toneCache.size < 200_000) toneCache.set(syllable, c);
  }
  return c;
}

let dictionary: Dictionary | undefined;

function keyOf(words: readonly string[]): string {
  return words.map(canonicalSyllable).join(' ');
}

/** The shipped dictionaries plus every multi-syllable place name of the gazetteer. */
export function loadDictionary(): Dictionary {
  if (dictionary) return dictionary;
  const words = new Set<string>();
  const prefixes = new Set<string>();
  let maxSyllables = 1;
  const add = (entry: string): void => {
    const parts = syllables(entry);
    if (parts.length < 2) return;
    words.add(keyOf(parts));
    for (let n = 1; n < parts.length; n += 1) prefixes.add(keyOf(parts.slice(0, n)));
    maxSyllables = Math.max(maxSyllables, parts.length);
  };
  for (const file of DICTIONARY_FILES) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const entry = line.trim();
      if (entry !== '' && !entry.startsWith('#')) add(entry);
    }
  }
  for (const name of loadGazetteer().placeNames) add(name);
  dictionary = { words, prefixes, maxSyllables };
  return dictionary;
}

/** True when the syllables form one dictionary word ("công an" → true). */
export function isDictionaryWord(text: string): boolean {
  return loadDictionary().words.has(keyOf(syllables(text)));
}

/** Word tokens with offsets: longest dictionary match first, single syllables otherwise. */
export function wordTokens(text: string): Token[] {
  const { words, prefixes } = loadDictionary();
  const syl = syllableTokens(text);
  const canon = syl.map((s) => canonicalSyllable(s.text));
  const out: Token[] = [];
  let i = 0;
  while (i < syl.length) {
    let take = 1;
    let key = canon[i] as string;
    for (let n = 2; i + n <= syl.length && prefixes.has(key); n += 1) {
      key = `${key} ${canon[i + n - 1] as string}`;
      if (words.has(key)) take = n;
    }
    const first = syl[i] as Token;
    if (take === 1) out.push({ text: first.text, start: first.start, end: first.end });
    else out.push({ text: syl.slice(i, i + take).map((s) => s.text).join('_'), start: first.start, end: (syl[i + take - 1] as Token).end });
    i += take;
  }
  return out;
}

/** Lowercase words, multi-syllable words joined with "_": "công_an", "an_ninh_trật_tự". */
export function segmentWords(text: string): string[] {
  return wordTokens(text).map((t) => t.text);
}

/** The same words, folded for text typed without diacritics: "cong_an", "lua_dao". */
export function segmentFolded(text: string): string[] {
  return segmentWords(text).map(foldWord);
}

const foldCache = new Map<string, string>();

/** foldDiacritics, memoised for words (the same few thousand words recur in news). */
export function foldWord(word: string): string {
  let f = foldCache.get(word);
  if (f === undefined) {
    f = foldDiacritics(word);
    if (foldCache.size < 200_000) foldCache.set(word, f);
  }
  return f;
}
