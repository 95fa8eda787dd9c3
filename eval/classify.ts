/**
 * Held-out evaluation of the language core's models (npm run eval:classify):
 * precision / recall / F1 at the 0.5 threshold and a calibration reliability table, for
 * check-worthiness, the scam/hearsay model alone, and the full misinformation score (model +
 * rule signals). A Naive Bayes baseline from `natural`, trained on the same tokens, for scale.
 * The held-out split is never read by the training script.
 */
import '../classifiers/text/quiet-natural.js'; // before natural: keeps the report clean
import { Command } from 'commander';
import natural from 'natural';
import type { Claim } from '../core/contracts.js';
import { checkWorthiness } from '../classifiers/claims/extract-claims.js';
import { analyse, featuresOf, suspiciousFeatures } from '../classifiers/scoring/features.js';
import { ruleSignals } from '../classifiers/scoring/signals.js';
import { bareClaim } from '../classifiers/train/suspicious.js';
import { predictLogistic } from '../classifiers/scoring/logistic.js';
import { scoreClaim } from '../classifiers/scoring/misinformation.js';
import { loadModel } from '../classifiers/scoring/models.js';
import { readSplit } from '../classifiers/train/dataset.js';
import { isEntryPoint, parseScriptArgs, scriptHelp } from '../core/script-cli.js';

const program = new Command('eval:classify')
  .description(
    'held-out evaluation of check-worthiness, the scam/hearsay model and the misinformation score: prints precision, recall, F1 and calibration, beside a Naive Bayes baseline',
  )
  .addHelpText(
    'after',
    scriptHelp({
      npm: 'eval:classify',
      file: 'eval/classify.ts',
      notes: [
        'Reads classifiers/data/labelled/heldout.jsonl (train.jsonl for the baseline only) and the models in classifiers/models/. ' +
          'No external data, no Kafka or Elasticsearch.',
      ],
    }),
  )
  .showHelpAfterError();

export interface BinaryReport {
  n: number;
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
  brier: number;
  ece: number;
  bins: { from: number; to: number; count: number; meanPredicted: number; observed: number }[];
}

export function binaryReport(probs: number[], labels: (0 | 1)[], threshold = 0.5, binCount = 5): BinaryReport {
  let tp = 0,
    fp = 0,
    fn = 0,
    tn = 0,
    brier = 0;
  probs.forEach((p, i) => {
    const y = labels[i] as number;
    const yhat = p >= threshold ? 1 : 0;
    if (yhat === 1 && y === 1) tp += 1;
    else if (yhat === 1) fp += 1;
    else if (y === 1) fn += 1;
    else tn += 1;
    brier += (p - y) ** 2;
  });
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const bins = Array.from({ length: binCount }, (_, b) => ({
    from: b / binCount,
    to: (b + 1) / binCount,
    count: 0,
    meanPredicted: 0,
    observed: 0,
  }));
  probs.forEach((p, i) => {
    const bin = bins[Math.min(binCount - 1, Math.floor(p * binCount))] as BinaryReport['bins'][number];
    bin.count += 1;
    bin.meanPredicted += p;
    bin.observed += labels[i] as number;
  });
  let ece = 0;
  for (const bin of bins) {
    if (bin.count === 0) continue;
    bin.meanPredicted /= bin.count;
    bin.observed /= bin.count;
    ece += (bin.count / probs.length) * Math.abs(bin.meanPredicted - bin.observed);
  }
  return { n: probs.length, precision, recall, f1, accuracy: (tp + tn) / probs.length, brier: brier / probs.length, ece, bins };
}

const f = (x: number): string => x.toFixed(3);

function print(title: string, r: BinaryReport): void {
  console.log(`\n## ${title}  (n=${r.n})`);
  console.log(
    `precision ${f(r.precision)}  recall ${f(r.recall)}  F1 ${f(r.f1)}  accuracy ${f(r.accuracy)}  Brier ${f(r.brier)}  ECE ${f(r.ece)}`,
  );
  console.log('reliability:  bin          count  mean predicted  observed rate');
  for (const b of r.bins)
    console.log(
      `              ${f(b.from)}-${f(b.to)}  ${String(b.count).padStart(5)}  ${f(b.meanPredicted).padStart(14)}  ${f(b.observed).padStart(13)}`,
    );
}

function bayesBaseline(label: 'checkWorthy' | 'suspicious'): (features: string[]) => number {
  const bayes = new natural.BayesClassifier();
  for (const r of readSplit('train')) bayes.addDocument(featuresOf(analyse(r.text)), String(r[label]));
  bayes.train();
  return (features) => {
    const scores = bayes.getClassifications(features as unknown as string);
    const pos = scores.find((c) => c.label === '1')?.value ?? 0;
    const neg = scores.find((c) => c.label === '0')?.value ?? 0;
    return pos + neg === 0 ? 0 : pos / (pos + neg);
  };
}

export function main(): void {
  const rows = readSplit('heldout');
  const analyses = rows.map((r) => analyse(r.text));
  const feats = analyses.map(featuresOf);
  const cw = rows.map((r) => r.checkWorthy);
  const sus = rows.map((r) => r.suspicious);
  console.log(`# Held-out evaluation: ${rows.length} sentences (classifiers/data/labelled/heldout.jsonl), threshold 0.5`);
  print(
    'check-worthiness (logistic regression)',
    binaryReport(
      analyses.map((a) => checkWorthiness(a.text, a)),
      cw,
    ),
  );
  const susModel = loadModel('suspicious');
  // The suspicious model reads the words, the rules that fired and the frame (as scoring does).
  const claims = rows.map((r, i) => bareClaim(r.text, i, 'social'));
  const susFeatures = claims.map((c, i) =>
    suspiciousFeatures(
      analyses[i] as (typeof analyses)[number],
      c.attribution?.frame,
      ruleSignals(c.text).map((s) => s.id),
    ),
  );
  print(
    'scam/hearsay model alone (logistic regression)',
    binaryReport(
      susFeatures.map((x) => predictLogistic(susModel, x)),
      sus,
    ),
  );
  print(
    'misinformation score: model + rule signals (scoreClaim, no matches)',
    binaryReport(
      rows.map((r, i) => scoreClaim(claims[i] as Claim, [], { analysis: analyses[i] }).score),
      sus,
    ),
  );
  const cwBayes = bayesBaseline('checkWorthy');
  const susBayes = bayesBaseline('suspicious');
  print('baseline: natural BayesClassifier, check-worthiness', binaryReport(feats.map(cwBayes), cw));
  print('baseline: natural BayesClassifier, scam/hearsay', binaryReport(feats.map(susBayes), sus));
  const byCategory = new Map<string, { n: number; wrong: number }>();
  rows.forEach((r, i) => {
    const s = scoreClaim(claims[i] as Claim, [], { analysis: analyses[i] }).score;
    const c = byCategory.get(r.category) ?? { n: 0, wrong: 0 };
    c.n += 1;
    if ((s >= 0.5 ? 1 : 0) !== r.suspicious) c.wrong += 1;
    byCategory.set(r.category, c);
  });
  console.log('\n## misinformation score errors by category');
  for (const [k, v] of [...byCategory.entries()].sort()) console.log(`  ${k.padEnd(12)} ${v.wrong}/${v.n} wrong`);
}

if (isEntryPoint(import.meta.url)) {
  parseScriptArgs(program);
  main();
}
