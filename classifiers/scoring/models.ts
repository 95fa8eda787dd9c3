/**
 * The trained models, read from classifiers/models/*.json (written by `npm run train`, i.e.
 * classifiers/train/train.ts; never edited by hand). Nothing is downloaded at run time.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { LogisticModel } from './logistic.js';
import { SentinelError } from '../../core/errors.js';

export const MODEL_NAMES = ['check-worthiness', 'suspicious'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

export function modelFile(name: ModelName): URL {
  return new URL(`../models/${name}.json`, import.meta.url);
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
