/**
 * Features for the trained models, computed on our own Vietnamese tokens: folded words from the
 * dictionary segmenter (so text typed without diacritics looks the same), word bigrams, and the
 * shape of the sentence (has a number, a date, an organisation, a quote, a link...).
 */
import type { Entity } from '../../core/contracts.js';
import { extractEntities } from '../text/entities.js';
import { foldWord, segmentWords } from '../text/tokenize.js';

export interface SentenceAnalysis {
  text: string;
  words: string[];
  entities: Entity[];
  /** Filled by featuresOf on first use, so check-worthiness and scoring share one computation. */
  features?: string[];
}

export function analyse(text: string, entities?: Entity[]): SentenceAnalysis {
  return { text, words: segmentWords(text).map(foldWord), entities: entities ?? extractEntities(text) };
}

const LINK = /https?:\/\/|www\.|\b[\w-]+\.(?:com|vn|net|org|info|xyz|top|cc|online|site)\b|bit\.ly/iu;

export function featuresOf(a: SentenceAnalysis): string[] {
  if (a.features) return a.features;
  const f: string[] = [];
  const words = a.words;
  for (let i = 0; i < words.length; i += 1) {
    const w = words[i] as string;
    if (/^\d/.test(w)) continue; // the number itself says nothing; its presence does (below)
    f.push(`w:${w}`);
    const next = words[i + 1];
    if (next !== undefined && !/^\d/.test(next)) f.push(`b:${w} ${next}`);
  }
  for (const e of a.entities) f.push(`has:${e.kind}`);
  if (a.entities.some((e) => e.kind === 'number' && e.unit !== undefined)) f.push('has:quantity');
  const t = a.text;
  if (/["“”«»]/u.test(t)) f.push('has:quote');
  if (t.includes('?')) f.push('has:question');
  if (t.includes('!')) f.push('has:exclamation');
  if (LINK.test(t)) f.push('has:link');
  if ((t.match(/\b[\p{Lu}]{3,}\b/gu) ?? []).filter((x) => !/^(?:UBND|TAND|VKSND|CCCD|OTP|HCM|TPHCM|VNEID|VNeID|CSGT|USD|ATGT)$/u.test(x)).length >= 2) f.push('shape:shouting');
  const n = words.length;
  f.push(n <= 5 ? 'len:short' : n <= 15 ? 'len:mid' : 'len:long');
  a.features = f;
  return f;
}
