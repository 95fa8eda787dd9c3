/**
 * The labelled ViFactCheck development set (../shared/data/vi-factcheck-dev, see its README),
 * and grouped k-fold splits: every claim of a statement falls in the same fold, so a model is
 * never scored on an article it was trained on.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { Stance } from '../../core/contracts.js';
import { locateData, VIFACTCHECK_DEV, VIFACTCHECK_PAIRS } from '../train/data-source.js';

export const LabelledStatement = z.object({ id: z.string(), text: z.string(), source: z.string().optional() });
export type LabelledStatement = z.infer<typeof LabelledStatement>;
export const LabelledClaim = z.object({ id: z.string(), text: z.string(), statementId: z.string(), label: Stance });
export type LabelledClaim = z.infer<typeof LabelledClaim>;

function readJsonl<T>(file: string, schema: z.ZodType<T>): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => schema.parse(JSON.parse(l)));
}

/** `dir` defaults to SENTINEL_VIFACTCHECK_DEV or ../shared (classifiers/train/data-source.ts). */
export function loadLabelledSet(dir = locateData(VIFACTCHECK_DEV).dir): { statements: LabelledStatement[]; claims: LabelledClaim[] } {
  // NFC up front: a few texts of the set are not (README).
  const statements = readJsonl(resolve(dir, 'statements.jsonl'), LabelledStatement).map((s) => ({ ...s, text: s.text.normalize('NFC') }));
  const claims = readJsonl(resolve(dir, 'claims.jsonl'), LabelledClaim).map((c) => ({ ...c, text: c.text.normalize('NFC') }));
  return { statements, claims };
}

/** Fold of a statement, from a hash of its id: deterministic, independent of file order. */
export function foldOf(statementId: string, folds = 5): number {
  return Number.parseInt(createHash('sha256').update(`stance-cv:${statementId}`).digest('hex').slice(0, 8), 16) % folds;
}

/** One labelled claim–gold-evidence pair of ../shared/data/vi-factcheck-pairs (see its README). */
export const LabelledPair = z.object({ id: z.string(), claim: z.string(), evidence: z.string(), label: Stance, url: z.string() });
export type LabelledPair = z.infer<typeof LabelledPair>;

/** The train and test pairs (NFC; the README warns some strings are not). */
/** `dir` defaults to SENTINEL_VIFACTCHECK_PAIRS or ../shared (classifiers/train/data-source.ts). */
export function loadLabelledPairs(dir = locateData(VIFACTCHECK_PAIRS).dir): LabelledPair[] {
  return ['train.jsonl', 'test.jsonl'].flatMap((file) =>
    readJsonl(resolve(dir, file), LabelledPair).map((p) => ({
      ...p,
      claim: p.claim.normalize('NFC'),
      evidence: p.evidence.normalize('NFC'),
      url: canonicalUrl(p.url),
    })),
  );
}

/** The article URL of a dev statement: the last field of its `source` ("outlet | topic | url"). */
export function statementUrl(s: LabelledStatement): string {
  return canonicalUrl(s.source?.split(' | ').pop() ?? s.id);
}

/** URLs compared as written but trimmed and without a trailing slash, so one article is one group. */
export const canonicalUrl = (url: string): string => url.trim().replace(/\/+$/, '');

/** Fold of an article (grouping key) under one fold assignment ('' is the canonical one). */
export function foldOfUrl(url: string, folds = 5, assignment = ''): number {
  return Number.parseInt(createHash('sha256').update(`stance-cv-url:${assignment}:${url}`).digest('hex').slice(0, 8), 16) % folds;
}
