/**
 * Real published Vietnamese news, for training and calibrating what legitimate text looks like:
 * the article contexts of ViFactCheck's dev split and the gold evidence sentences of its
 * train/test pairs (MIT; read from ../shared/data, never copied into the repo). Only the
 * published text is used here, never the annotators' claims (a third of those are false on
 * purpose). Every sentence keeps its article URL, so splits group by article.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256Hex } from '../../core/ids.js';
import { splitSentences } from '../text/sentences.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** The ViFactCheck folders: set the variables to use copies elsewhere. */
export const VIFACTCHECK_DEV_VAR = 'SENTINEL_VIFACTCHECK_DEV';
export const VIFACTCHECK_PAIRS_VAR = 'SENTINEL_VIFACTCHECK_PAIRS';

export function viFactCheckDevDir(): string {
  return process.env[VIFACTCHECK_DEV_VAR] ?? join(REPO, '../shared/data/vi-factcheck-dev');
}

export function viFactCheckPairsDir(): string {
  return process.env[VIFACTCHECK_PAIRS_VAR] ?? join(REPO, '../shared/data/vi-factcheck-pairs');
}

/** Thrown when the data is not there: the message is one line saying where it comes from. */
export class MissingDataError extends Error {}

function need(file: string, variable: string): string {
  if (!existsSync(file)) {
    throw new MissingDataError(
      `${file} not found: this needs ViFactCheck (Hugging Face tranthaihoa/vifactcheck, MIT) as JSONL, see classifiers/data/README.md; set ${variable} to the folder holding it`,
    );
  }
  return readFileSync(file, 'utf8');
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
  const dev = jsonl<{ text: string; source: string }>(need(join(viFactCheckDevDir(), 'statements.jsonl'), VIFACTCHECK_DEV_VAR));
  for (const s of dev) {
    const url = s.source.split(' | ').pop()?.trim() ?? s.source;
    const e = entry(url);
    e.text = s.text.normalize('NFC');
    for (const sentence of splitSentences(e.text)) e.sentences.add(sentence.text);
  }
  for (const file of ['train.jsonl', 'test.jsonl']) {
    for (const p of jsonl<{ evidence: string; url: string }>(need(join(viFactCheckPairsDir(), file), VIFACTCHECK_PAIRS_VAR))) {
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
