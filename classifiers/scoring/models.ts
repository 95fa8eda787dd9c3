/**
 * The trained models, read from classifiers/models/*.json (written by `npm run train`, i.e.
 * classifiers/train/train.ts; never edited by hand). Nothing is downloaded at run time.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { LogisticModel } from './logistic.js';
import { SentinelError } from '../../core/errors.js';

export const MODEL_NAMES = ['check-worthiness', 'suspicious'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

export function modelFile(name: ModelName): URL {
  return new URL(`../models/${name}.json`, import.meta.url);
}

/**
 * The files in the repository the models' features and training rows come from: the dictionary
 * the segmenter reads, the gazetteers the entity extractor reads, and the labelled sentences.
 */
export const MODEL_INPUT_FILES = [
  'words-vi.txt',
  'collocations-vi.txt',
  'countries-vi.json',
  'organizations-vi.json',
  'provinces-vn.json',
  'labelled/sentences.tsv',
  'labelled/train.jsonl',
  'labelled/social-train.tsv',
] as const;

/** SHA-256 over MODEL_INPUT_FILES, recorded in each model (meta.inputs): a model built before one of them changed is stale. */
export function modelInputsDigest(): string {
  const hash = createHash('sha256');
  for (const name of MODEL_INPUT_FILES)
    hash
      .update(name)
      .update('\0')
      .update(readFileSync(new URL(`../data/${name}`, import.meta.url)));
  return hash.digest('hex');
}

const loaded = new Map<ModelName, LogisticModel>();

export function loadModel(name: ModelName): LogisticModel {
  const cached = loaded.get(name);
  if (cached) return cached;
  const file = modelFile(name);
  if (!existsSync(file))
    throw new SentinelError(
      'model-invalid',
      `model ${name} is missing (${file.pathname}); build it with: npx tsx classifiers/train/train.ts`,
    );
  const model = JSON.parse(readFileSync(file, 'utf8')) as LogisticModel;
  loaded.set(name, model);
  return model;
}
