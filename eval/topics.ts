/**
 * Evaluates the topic tagger and the relevance filter on the held-out split
 * (classifiers/topics/data/heldout.jsonl, never used in training), beside a keyword-only
 * baseline (the taxonomy's phrases alone) computed in the same run.
 *
 * Run: npx tsx eval/topics.ts [--json] [--no-cv]
 */
import { Command } from 'commander';
import { HELDOUT_PATH, readExamples, TRAIN_PATH, type LabelledExample } from '../classifiers/topics/data.js';
import { loadModel, loadTaxonomy, TopicClassifier } from '../classifiers/topics/index.js';
import { trainModel } from '../classifiers/topics/train.js';
import { isEntryPoint, parseScriptArgs, scriptHelp } from '../core/script-cli.js';

export interface PRF {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface SystemFigures {
  topics: Record<string, PRF>;
  macroF1: number;
  microF1: number;
  relevance: PRF;
}

export interface Evaluation {
  examples: number;
  combined: SystemFigures;
  keywords: SystemFigures;
  /** 5-fold cross-validation inside the training split: a second, larger sample of the same figures. */
  crossValidation?: { folds: number; examples: number; combined: SystemFigures; keywords: SystemFigures };
}

function prf(tp: number, fp: number, fn: number): PRF {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, support: tp + fn };
}

interface Tally {
  topics: Map<string, { tp: number; fp: number; fn: number }>;
  relevance: { tp: number; fp: number; fn: number };
}

function score(classifier: TopicClassifier, examples: LabelledExample[]): SystemFigures {
  return figures(tally(classifier, examples, newTally(classifier)));
}

function newTally(classifier: TopicClassifier): Tally {
  return { topics: new Map(classifier.taxonomy.topics.map((t) => [t.id, { tp: 0, fp: 0, fn: 0 }])), relevance: { tp: 0, fp: 0, fn: 0 } };
}

function tally(classifier: TopicClassifier, examples: LabelledExample[], into: Tally): Tally {
  const ids = [...into.topics.keys()];
  const counts = into.topics;
  const rel = into.relevance;
  for (const e of examples) {
    const predicted = new Set(classifier.tag(e.text).map((t) => t.topic));
    const gold = new Set(e.topics);
    for (const id of ids) {
      const c = counts.get(id) as { tp: number; fp: number; fn: number };
      if (predicted.has(id) && gold.has(id)) c.tp += 1;
      else if (predicted.has(id)) c.fp += 1;
      else if (gold.has(id)) c.fn += 1;
    }
    const relevant = classifier.relevance({ title: '', text: e.text, sourceKind: 'news' }).relevant;
    if (relevant && e.relevant) rel.tp += 1;
    else if (relevant) rel.fp += 1;
    else if (e.relevant) rel.fn += 1;
  }
  return into;
}

function figures({ topics: counts, relevance: rel }: Tally): SystemFigures {
  const ids = [...counts.keys()];
  const topics: Record<string, PRF> = {};
  const total = { tp: 0, fp: 0, fn: 0 };
  for (const [id, c] of counts) {
    topics[id] = prf(c.tp, c.fp, c.fn);
    total.tp += c.tp;
    total.fp += c.fp;
    total.fn += c.fn;
  }
  const macroF1 = Object.values(topics).reduce((s, t) => s + t.f1, 0) / ids.length;
  return { topics, macroF1, microF1: prf(total.tp, total.fp, total.fn).f1, relevance: prf(rel.tp, rel.fp, rel.fn) };
}

export function evaluateTopics(options: { heldout?: string; crossValidate?: boolean } = {}): Evaluation {
  const examples = readExamples(options.heldout ?? HELDOUT_PATH);
  const taxonomy = loadTaxonomy();
  const model = loadModel();
  const evaluation: Evaluation = {
    examples: examples.length,
    combined: score(new TopicClassifier(taxonomy, model), examples),
    keywords: score(new TopicClassifier(taxonomy, model, { keywordsOnly: true }), examples),
  };
  if (options.crossValidate) {
    // Folds by position, so every run uses the same folds; each fold is scored by a model
    // trained on the other four. The held-out file is not touched.
    const train = readExamples(TRAIN_PATH);
    const folds = 5;
    let combined: Tally | undefined;
    let keywords: Tally | undefined;
    for (let k = 0; k < folds; k += 1) {
      const test = train.filter((_, i) => i % folds === k);
      const foldModel = trainModel(
        train.filter((_, i) => i % folds !== k),
        taxonomy,
      );
      const c = new TopicClassifier(taxonomy, foldModel);
      const kw = new TopicClassifier(taxonomy, foldModel, { keywordsOnly: true });
      combined = tally(c, test, combined ?? newTally(c));
      keywords = tally(kw, test, keywords ?? newTally(kw));
    }
    evaluation.crossValidation = {
      folds,
      examples: train.length,
      combined: figures(combined as Tally),
      keywords: figures(keywords as Tally),
    };
  }
  return evaluation;
}

const f = (x: number): string => x.toFixed(2);

export function formatEvaluation(e: Evaluation): string {
  const lines = [`held-out examples: ${e.examples} (classifiers/topics/data/heldout.jsonl)`, ''];
  lines.push(`${'topic'.padEnd(22)} ${'n'.padStart(3)}   model+phrases P / R / F1    keywords only P / R / F1`);
  for (const [id, c] of Object.entries(e.combined.topics)) {
    const k = e.keywords.topics[id] as PRF;
    lines.push(
      `${id.padEnd(22)} ${String(c.support).padStart(3)}   ${f(c.precision)} / ${f(c.recall)} / ${f(c.f1)}          ${f(k.precision)} / ${f(k.recall)} / ${f(k.f1)}`,
    );
  }
  lines.push(`${'macro F1'.padEnd(26)}   ${' '.repeat(14)}${f(e.combined.macroF1)}          ${' '.repeat(14)}${f(e.keywords.macroF1)}`);
  lines.push(`${'micro F1'.padEnd(26)}   ${' '.repeat(14)}${f(e.combined.microF1)}          ${' '.repeat(14)}${f(e.keywords.microF1)}`);
  lines.push('');
  const r = e.combined.relevance;
  const k = e.keywords.relevance;
  lines.push(
    `relevance filter (n relevant = ${r.support}): model+phrases P ${f(r.precision)} R ${f(r.recall)} F1 ${f(r.f1)} | keywords only P ${f(k.precision)} R ${f(k.recall)} F1 ${f(k.f1)}`,
  );
  const cv = e.crossValidation;
  if (cv) {
    lines.push('', `${cv.folds}-fold cross-validation on the training split (${cv.examples} examples), for scale:`);
    lines.push(
      `  macro F1 ${f(cv.combined.macroF1)} vs keywords ${f(cv.keywords.macroF1)}; micro F1 ${f(cv.combined.microF1)} vs ${f(cv.keywords.microF1)}`,
    );
    const a = cv.combined.relevance;
    const b = cv.keywords.relevance;
    lines.push(`  relevance P ${f(a.precision)} R ${f(a.recall)} vs keywords P ${f(b.precision)} R ${f(b.recall)}`);
  }
  return lines.join('\n');
}

const program = new Command('eval:topics')
  .description(
    'the topic tagger and the relevance filter on the held-out split, beside a keyword-only baseline: prints precision, recall and F1 per topic, macro and micro F1, and relevance',
  )
  .option('--json', 'print the figures as one JSON object instead of the table')
  .option('--no-cv', 'skip the 5-fold cross-validation on the training split (it trains 5 models)')
  .addHelpText(
    'after',
    scriptHelp({
      npm: 'eval:topics',
      file: 'eval/topics.ts',
      notes: [
        'Reads classifiers/topics/data/heldout.jsonl (never used in training), train.jsonl for the cross-validation, ' +
          'the taxonomy and classifiers/topics/model.json. No external data, no Kafka or Elasticsearch.',
      ],
    }),
  )
  .showHelpAfterError();

if (isEntryPoint(import.meta.url)) {
  const options = parseScriptArgs<{ json?: boolean; cv: boolean }>(program);
  const evaluation = evaluateTopics({ crossValidate: options.cv });
  process.stdout.write(options.json ? `${JSON.stringify(evaluation, null, 2)}\n` : `${formatEvaluation(evaluation)}\n`);
}
