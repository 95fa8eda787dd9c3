/**
 * Builds classifiers/models/check-worthiness.json and suspicious.json from the training split
 * only (never the held-out one), after dealing the split afresh from sentences.tsv (split.ts).
 * The L2 strength is chosen by 4-fold cross-validation inside the training split (log loss).
 * Deterministic: the same data gives the same files.
 * The suspicious model also learns from real published news (classifiers/train/real-news.ts) as
 * legitimate text, and its text-only flag threshold is calibrated on real news claims.
 *   npx tsx classifiers/train/train.ts        (npm run train)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { parseScriptArgs, scriptHelp } from '../../core/script-cli.js';
import { analyse, featuresOf } from '../scoring/features.js';
import { predictLogistic, trainLogistic, type LogisticModel, type TrainingExample } from '../scoring/logistic.js';
import { modelFile, modelInputsDigest, type ModelName } from '../scoring/models.js';
import { checkWorthiness, CHECK_WORTHY_THRESHOLD } from '../claims/extract-claims.js';
import { readSocialTraining, readSplit } from './dataset.js';
import { writeSplit } from './split.js';
import { readRealNews } from './real-news.js';
import { calibrateThresholds, examplesOf, TEXT_ONLY_FLAG_RATE, trainSuspicious } from './suspicious.js';
import { requireData, VIFACTCHECK_DEV, VIFACTCHECK_PAIRS } from './data-source.js';

const program = new Command('classifiers/train/train.ts')
  .description(
    "builds classifiers/models/check-worthiness.json and suspicious.json from the training split and real news: prints each model's data, L2, log loss and flag thresholds",
  )
  .addHelpText(
    'after',
    scriptHelp({
      file: 'classifiers/train/train.ts',
      data: [VIFACTCHECK_DEV, VIFACTCHECK_PAIRS],
      notes: [
        'Written sentences: classifiers/data/labelled/train.jsonl and social-train.tsv (never heldout.jsonl). ' +
          'Real news (legitimate text, and the thresholds): the published text of both ViFactCheck sets; without them, ' +
          'one line on stderr saying where to get them and exit 2, before either model is written.',
        'First deals classifiers/data/labelled/sentences.tsv into train.jsonl and heldout.jsonl (classifiers/train/split.ts), once the data is found.',
      ],
    }),
  )
  .showHelpAfterError();
parseScriptArgs(program);
// Both models or neither: the suspicious one needs real news, so no file is rewritten without it.
requireData(VIFACTCHECK_DEV, 'train');
requireData(VIFACTCHECK_PAIRS, 'train');
const split = writeSplit();
console.log(`train ${split.train}, held-out ${split.heldout}`);

/** What both models are built from (meta.inputs), read once. */
const INPUTS = modelInputsDigest();
const EPOCHS = 600;
const RATE = 0.8;
const L2_GRID = [3e-4, 1e-3, 3e-3];

const rows = readSplit('train');
const features = rows.map((r) => featuresOf(analyse(r.text)));

function crossValidatedLoss(examples: TrainingExample[], l2: number): number {
  let loss = 0;
  for (let fold = 0; fold < 4; fold += 1) {
    const fit = trainLogistic(
      'cv',
      examples.filter((_, i) => i % 4 !== fold),
      { epochs: EPOCHS, learningRate: RATE, l2 },
    );
    examples.forEach((e, i) => {
      if (i % 4 !== fold) return;
      const p = Math.min(1 - 1e-6, Math.max(1e-6, predictLogistic(fit, e.features)));
      loss -= e.label === 1 ? Math.log(p) : Math.log(1 - p);
    });
  }
  return loss / examples.length;
}

function build(name: ModelName, label: 'checkWorthy' | 'suspicious'): LogisticModel {
  const examples = rows.map((r, i) => ({ features: features[i] as string[], label: r[label] }));
  const losses = L2_GRID.map((l2) => crossValidatedLoss(examples, l2));
  const l2 = L2_GRID[losses.indexOf(Math.min(...losses))] as number;
  const model = trainLogistic(name, examples, { epochs: EPOCHS, learningRate: RATE, l2 });
  model.meta = {
    ...model.meta,
    cvLogLoss: Math.round(Math.min(...losses) * 1e4) / 1e4,
    data: 'classifiers/data/labelled/train.jsonl',
    inputs: INPUTS,
    builtBy: 'classifiers/train/train.ts',
  };
  const file = modelFile(name);
  mkdirSync(new URL('.', file), { recursive: true });
  writeFileSync(file, JSON.stringify(model, null, 1) + '\n');
  console.log(
    `${name}: ${rows.length} sentences, ${model.meta.positives} positive, l2 ${l2} (cv log loss ${losses.map((x) => x.toFixed(3)).join(' / ')}), ${Object.keys(model.weights).length} weights`,
  );
  return model;
}

function buildSuspicious(): void {
  const real = readRealNews(); // its folders were checked at start (requireData)
  const social = readSocialTraining();
  const written = [...rows, ...social].map((r) => ({ text: r.text, label: r.suspicious, group: `written:${r.text}` }));
  const news = real.flatMap((a) => a.sentences.map((text) => ({ text, label: 0 as const, group: a.url })));
  const { model, l2, losses } = trainSuspicious(examplesOf([...written, ...news]));
  const claims = real.flatMap((a) => a.sentences.filter((t) => checkWorthiness(t) >= CHECK_WORTHY_THRESHOLD));
  const thresholds = calibrateThresholds(model, claims);
  model.meta = {
    ...model.meta,
    cvLogLoss: Math.round(Math.min(...losses) * 1e4) / 1e4,
    data: 'classifiers/data/labelled/train.jsonl + social-train.tsv + real news sentences of ViFactCheck (dev contexts, pairs evidence) as legitimate',
    socialSentences: social.length,
    realArticles: real.length,
    realSentences: news.length,
    textOnlyFlagThreshold: thresholds.posts,
    textOnlyFlagRate: TEXT_ONLY_FLAG_RATE.posts,
    strictTextOnlyFlagThreshold: thresholds.strict,
    strictTextOnlyFlagRate: TEXT_ONLY_FLAG_RATE.strict,
    inputs: INPUTS,
    builtBy: 'classifiers/train/train.ts',
  };
  writeFileSync(modelFile('suspicious'), JSON.stringify(model, null, 1) + '\n');
  console.log(
    `suspicious: ${rows.length} + ${social.length} written + ${news.length} real news sentences (${real.length} articles), l2 ${l2} (grouped cv log loss ${losses.map((x) => x.toFixed(4)).join(' / ')}), ${Object.keys(model.weights).length} weights; text-only flag thresholds: posts ${thresholds.posts}, news and submitted messages ${thresholds.strict} (${claims.length} real news claims, at most ${TEXT_ONLY_FLAG_RATE.posts * 100}% / ${TEXT_ONLY_FLAG_RATE.strict * 100}% above)`,
  );
}

build('check-worthiness', 'checkWorthy');
buildSuspicious();
