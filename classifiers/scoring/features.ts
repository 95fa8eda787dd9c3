/**
 * Features for the trained models, computed on our own Vietnamese tokens: folded words from the
 * dictionary segmenter (so text typed without diacritics looks the same), word bigrams, and the
 * shape of the sentence (has a number, a date, an organisation, a quote, a link...).
 */
import type { Entity, Frame } from '../../core/contracts.js';
import { extractEntities } from '../text/entities.js';
import { isUpperLetter } from '../text/chars.js';
import { segmentFolded } from '../text/tokenize.js';

export interface SentenceAnalysis {
  text: string;
  words: string[];
  entities: Entity[];
  /** Filled by featuresOf on first use, so check-worthiness and scoring share one computation. */
  features?: string[];
}

export function analyse(text: string, entities?: Entity[]): SentenceAnalysis {
  return { text, words: segmentFolded(text), entities: entities ?? extractEntities(text) };
}

const LINK = /https?:\/\/|www\.|\b[\w-]+\.(?:com|vn|net|org|info|xyz|top|cc|online|site)\b|bit\.ly/iu;
/**
 * Every LINK match holds ":", "www." or a dot before a letter (ſ folds to s under /iu); this
 * cheap test rules out most sentences before LINK's costly \b[\w-]+ scan.
 */
const MAYBE_LINK = /:|www\.|\.[a-z\u017F]/i;
/** Runs of capitals, and the acronyms that are normal in security news. */
const CAPITALS = /\b[\p{Lu}]{3,}\b/gu;
const USUAL_ACRONYMS = new Set(['UBND', 'TAND', 'VKSND', 'CCCD', 'OTP', 'HCM', 'TPHCM', 'VNEID', 'VNeID', 'CSGT', 'USD', 'ATGT']);

/**
 * Feature strings are built once per word and per word pair and then shared: the words are
 * themselves shared strings (see segmentFolded), so lookups here and in the models' weight maps
 * hash nothing new. Capped like the other caches so odd input cannot grow them without bound.
 */
interface WordFeatures {
  unigram: string;
  /** Following word → the bigram feature. */
  bigrams: Map<string, string>;
}
const wordFeatures = new Map<string, WordFeatures>();
const FEATURE_CACHE_LIMIT = 200_000;
let cachedBigrams = 0;

function featuresOfWord(w: string): WordFeatures {
  let wf = wordFeatures.get(w);
  if (wf === undefined) {
    wf = { unigram: `w:${w}`, bigrams: new Map() };
    if (wordFeatures.size < FEATURE_CACHE_LIMIT) wordFeatures.set(w, wf);
  }
  return wf;
}

function bigram(wf: WordFeatures, w: string, next: string): string {
  let f = wf.bigrams.get(next);
  if (f === undefined) {
    f = `b:${w} ${next}`;
    if (cachedBigrams < FEATURE_CACHE_LIMIT) {
      wf.bigrams.set(next, f);
      cachedBigrams += 1;
    }
  }
  return f;
}

/** Same as /^\d/ (ASCII digits), without a regex per word. */
function startsWithDigit(w: string): boolean {
  const c = w.charCodeAt(0);
  return c >= 48 && c <= 57;
}

const hasKinds = new Map<string, string>();

/** "has:number", one shared string per entity kind. */
function hasKind(kind: string): string {
  let f = hasKinds.get(kind);
  if (f === undefined) hasKinds.set(kind, (f = `has:${kind}`));
  return f;
}

/** Two or more runs of three capitals or more, other than the usual acronyms. */
function shouting(t: string): boolean {
  if (!hasThreeCapitals(t)) return false;
  let unusual = 0;
  CAPITALS.lastIndex = 0;
  for (let m = CAPITALS.exec(t); m !== null; m = CAPITALS.exec(t)) {
    if (!USUAL_ACRONYMS.has(m[0])) unusual += 1;
    if (unusual >= 2) return true;
  }
  return false;
}

/** Three \p{Lu} in a row, which CAPITALS needs: most sentences have none, and this is a table lookup per character. */
function hasThreeCapitals(t: string): boolean {
  let run = 0;
  for (let i = 0; i < t.length;) {
    const cp = t.codePointAt(i) as number;
    run = isUpperLetter(cp) ? run + 1 : 0;
    if (run === 3) return true;
    i += cp > 0xffff ? 2 : 1;
  }
  return false;
}

export function featuresOf(a: SentenceAnalysis): string[] {
  if (a.features) return a.features;
  const f: string[] = [];
  const words = a.words;
  for (let i = 0; i < words.length; i += 1) {
    const w = words[i] as string;
    if (startsWithDigit(w)) continue; // the number itself says nothing; its presence does (below)
    const wf = featuresOfWord(w);
    f.push(wf.unigram);
    const next = words[i + 1];
    if (next !== undefined && !startsWithDigit(next)) f.push(bigram(wf, w, next));
  }
  for (const e of a.entities) f.push(hasKind(e.kind));
  if (a.entities.some((e) => e.kind === 'number' && e.unit !== undefined)) f.push('has:quantity');
  const t = a.text;
  if (/["“”«»]/u.test(t)) f.push('has:quote');
  if (t.includes('?')) f.push('has:question');
  if (t.includes('!')) f.push('has:exclamation');
  if (MAYBE_LINK.test(t) && LINK.test(t)) f.push('has:link');
  if (shouting(t)) f.push('shape:shouting');
  const n = words.length;
  f.push(n <= 5 ? 'len:short' : n <= 15 ? 'len:mid' : 'len:long');
  a.features = f;
  return f;
}

/** The feature a rule of signals.ts is to the suspicious model. */
export function ruleFeature(id: string): string {
  return `rule:${id}`;
}

/**
 * The suspicious model's features: the sentence's words and shape, the explainable rules that
 * fired (signals.ts), and who asserts it. A warning that describes a scam shares the scam's
 * words; its frame is what sets it apart.
 */
export function suspiciousFeatures(a: SentenceAnalysis, frame: Frame | undefined, rules: readonly string[]): string[] {
  return [...featuresOf(a), `frame:${frame ?? 'asserts'}`, ...rules.map(ruleFeature)];
}
