/**
 * Vietnamese tokens. Vietnamese writes one syllable per space-separated unit and builds words
 * from several syllables ("công an", "an ninh trật tự"), so an English tokenizer is wrong twice:
 * it breaks on the diacritics and it never joins syllables. Here syllables come from a
 * Unicode-aware pattern, and words from a longest match over the dictionary in
 * classifiers/data/ (see its README for how it was made).
 */
import { readFileSync } from 'node:fs';
import { canonicalTone, foldDiacritics } from './normalize.js';
import { isDigitCode, isSyllableChar } from './chars.js';
import { loadGazetteer } from './gazetteer.js';

export interface Token {
  text: string;
  start: number;
  end: number;
}

/** One spelling of a syllable, lowercased, with its canonical tone and folded forms. */
export interface Syllable {
  text: string;
  canon: string;
  folded: string;
  /** The dictionary trie from this syllable on; undefined until first needed, null when no word starts with it. */
  dictionary: DictionaryNode | null | undefined;
}

/**
 * Syllables as written → their forms, so each distinct spelling is lowercased, tone-canonicalised
 * and folded once. The strings handed out are shared, which also makes later Map lookups on
 * them cheap (their hashes are computed once).
 */
const syllableCache = new Map<string, Syllable>();

function syllableOf(written: string): Syllable {
  let s = syllableCache.get(written);
  if (s === undefined) {
    const text = written.toLowerCase();
    s = { text, canon: canonicalSyllable(text), folded: foldWord(text), dictionary: undefined };
    if (syllableCache.size < 200_000) syllableCache.set(written, s);
  }
  return s;
}

function digitsEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && isDigitCode(text.charCodeAt(i))) i += 1;
  return i;
}

/** . , / : */
function isNumberSeparator(c: number): boolean {
  return c === 46 || c === 44 || c === 47 || c === 58;
}

let lastInput: string | undefined;
let lastTokens: readonly Token[] = [];
let lastSyllables: readonly Syllable[] = [];

/**
 * Finds the syllables: letters (and marks), or a number keeping its inner separators ("21.300",
 * "1,5", "21/3"). That is /\d+(?:[.,/:]\d+)*|[\p{L}\p{M}\p{N}]+/gu, scanned by hand because the
 * regex spent most of its time in the \p{…} class. The last result is kept (see syllableTokens).
 */
function scan(text: string): void {
  if (text === lastInput) return;
  const nfc = text.normalize('NFC');
  const tokens: Token[] = [];
  const forms: Syllable[] = [];
  const n = nfc.length;
  let i = 0;
  while (i < n) {
    let end = i;
    if (isDigitCode(nfc.charCodeAt(i))) {
      // \d+(?:[.,/:]\d+)*
      end = digitsEnd(nfc, i + 1);
      while (end + 1 < n && isNumberSeparator(nfc.charCodeAt(end)) && isDigitCode(nfc.charCodeAt(end + 1))) end = digitsEnd(nfc, end + 2);
    } else {
      // [\p{L}\p{M}\p{N}]+, one code point at a time
      while (end < n) {
        const cp = nfc.codePointAt(end) as number;
        if (!isSyllableChar(cp)) break;
        end += cp > 0xffff ? 2 : 1;
      }
      if (end === i) {
        i += (nfc.codePointAt(i) as number) > 0xffff ? 2 : 1;
        continue;
      }
    }
    const s = syllableOf(nfc.slice(i, end));
    tokens.push({ text: s.text, start: i, end });
    forms.push(s);
    i = end;
  }
  lastInput = text;
  lastTokens = tokens;
  lastSyllables = forms;
}

/**
 * Syllables with their offsets in the NFC text, lowercased. The last result is kept: the
 * segmenter and the entity extractor tokenise the same sentence one after the other.
 */
export function syllableTokens(text: string): readonly Token[] {
  scan(text);
  return lastTokens;
}

/** The forms of each syllable of syllableTokens(text), index for index (shared objects: do not modify). */
export function syllableForms(text: string): readonly Syllable[] {
  scan(text);
  return lastSyllables;
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
  /** The same words as a trie over canonical syllables: the segmenter walks it without building keys. */
  root: DictionaryNode;
}

export interface DictionaryNode {
  /** Syllables of the word ending here; 0 when the path is only a prefix. */
  length: number;
  /** That word folded ("cong_an"): folding drops tone marks, so every tone placement folds alike. */
  folded: string;
  next: Map<string, DictionaryNode> | undefined;
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
  const root: DictionaryNode = { length: 0, folded: '', next: undefined };
  let maxSyllables = 1;
  const add = (entry: string): void => {
    const parts = syllables(entry);
    if (parts.length < 2) return;
    words.add(keyOf(parts));
    for (let n = 1; n < parts.length; n += 1) prefixes.add(keyOf(parts.slice(0, n)));
    maxSyllables = Math.max(maxSyllables, parts.length);
    let node = root;
    for (const part of parts) {
      node.next ??= new Map();
      const canon = canonicalSyllable(part);
      let child = node.next.get(canon);
      if (child === undefined) {
        child = { length: 0, folded: '', next: undefined };
        node.next.set(canon, child);
      }
      node = child;
    }
    node.length = parts.length;
    node.folded = foldWord(parts.join('_'));
  };
  for (const file of DICTIONARY_FILES) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const entry = line.trim();
      if (entry !== '' && !entry.startsWith('#')) add(entry);
    }
  }
  for (const name of loadGazetteer().placeNames) add(name);
  dictionary = { words, prefixes, maxSyllables, root };
  return dictionary;
}

/** True when the syllables form one dictionary word ("công an" → true). */
export function isDictionaryWord(text: string): boolean {
  return loadDictionary().words.has(keyOf(syllables(text)));
}

/** The longest dictionary word (two syllables or more) starting at syllable i, if any. */
function longestWordAt(root: DictionaryNode, forms: readonly Syllable[], i: number): DictionaryNode | undefined {
  const first = forms[i] as Syllable;
  if (first.dictionary === undefined) first.dictionary = root.next?.get(first.canon) ?? null;
  let node = first.dictionary ?? undefined;
  let best: DictionaryNode | undefined;
  for (let j = i + 1; j < forms.length && node?.next !== undefined; j += 1) {
    node = node.next.get((forms[j] as Syllable).canon);
    if (node !== undefined && node.length > 0) best = node;
  }
  return best;
}

/** Word tokens with offsets: longest dictionary match first, single syllables otherwise. */
export function wordTokens(text: string): Token[] {
  const { root } = loadDictionary(); // before scanning: loading tokenises the dictionary itself
  scan(text);
  const syl = lastTokens;
  const forms = lastSyllables;
  const out: Token[] = [];
  let i = 0;
  while (i < syl.length) {
    const take = longestWordAt(root, forms, i)?.length ?? 1;
    const first = syl[i] as Token;
    if (take === 1) out.push({ text: first.text, start: first.start, end: first.end });
    else
      out.push({
        text: syl
          .slice(i, i + take)
          .map((s) => s.text)
          .join('_'),
        start: first.start,
        end: (syl[i + take - 1] as Token).end,
      });
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
  const { root } = loadDictionary();
  scan(text);
  const forms = lastSyllables;
  const out: string[] = [];
  let i = 0;
  while (i < forms.length) {
    const word = longestWordAt(root, forms, i);
    if (word === undefined) {
      out.push((forms[i] as Syllable).folded);
      i += 1;
    } else {
      out.push(word.folded);
      i += word.length;
    }
  }
  return out;
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
