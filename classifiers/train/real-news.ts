/**
 * Real published Vietnamese news, for training and calibrating what legitimate text looks like:
 * the article contexts of ViFactCheck's dev split and the gold evidence sentences of its
 * train/test pairs (MIT; read from ../shared/data, never copied into the repo). Only the
 * published text is used here, never the annotators' claims (a third of those are false on
 * purpose). Every sentence keeps its article URL, so splits group by article.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from '../../core/ids.js';
import { splitSentences } from '../text/sentences.js';
import { locateData, MissingDataError, VIFACTCHECK_DEV, VIFACTCHECK_PAIRS, type DataSource } from './data-source.js';

/** Thrown when the data is not there: the message is one line saying where it comes from. */
export { MissingDataError };

/** The folder of `source` (its variable or the default), or MissingDataError with the one-line message. */
function folder(source: DataSource): string {
  const located = locateData(source);
  if (!located.found) throw new MissingDataError(located.message);
  return located.dir;
}

const jsonl = <T>(text: string): T[] =>
  text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);

export interface RealArticle {
  url: string;
  /** The article text when the whole context is known (dev split); null for evidence-only articles. */
  text: string | null;
  sentences: string[];
}

/** Every real article, by URL: dev contexts whole, plus the pairs' evidence sentences. Sorted by URL. */
export function readRealNews(): RealArticle[] {
  const byUrl = new Map<string, { text: string | null; sentences: Set<string> }>();
  const entry = (url: string) => {
    let e = byUrl.get(url);
    if (!e) byUrl.set(url, (e = { text: null, sentences: new Set() }));
    return e;
  };
  const devDir = folder(VIFACTCHECK_DEV);
  const pairsDir = folder(VIFACTCHECK_PAIRS);
  const dev = jsonl<{ text: string; source: string }>(readFileSync(join(devDir, 'statements.jsonl'), 'utf8'));
  for (const s of dev) {
    const url = s.source.split(' | ').pop()?.trim() ?? s.source;
    const e = entry(url);
    e.text = s.text.normalize('NFC');
    for (const sentence of splitSentences(e.text)) e.sentences.add(sentence.text);
  }
  for (const file of ['train.jsonl', 'test.jsonl']) {
    for (const p of jsonl<{ evidence: string; url: string }>(readFileSync(join(pairsDir, file), 'utf8'))) {
      const e = entry(p.url);
      for (const sentence of splitSentences(p.evidence.normalize('NFC'))) e.sentences.add(sentence.text);
    }
  }
  return [...byUrl.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([url, e]) => ({ url, text: e.text, sentences: [...e.sentences] }));
}

/** Deterministic fold of an article (0..folds-1), by a hash of its URL. */
export function foldOf(url: string, folds: number): number {
  return Number.parseInt(sha256Hex(`sentinel-folds-v1:${url}`).slice(0, 8), 16) % folds;
}
