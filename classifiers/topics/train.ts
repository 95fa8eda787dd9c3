/**
 * Builds classifiers/topics/model.json from data/train.jsonl (never from data/heldout.jsonl).
 * Run: npx tsx classifiers/topics/train.ts [--out path]. Deterministic: same data, same model.
 */
import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { DEFAULT_MODEL_PATH } from './classifier.js';
import { readExamples, TRAIN_PATH, type LabelledExample } from './data.js';
import { featureKeys, RELEVANCE_HEAD, trainHead, vectorize, type TopicModel, type TrainingRow } from './model.js';
import { compilePhrases, findPhrases, phraseConfidence } from './phrases.js';
import { loadTaxonomy, type Taxonomy } from './taxonomy.js';
import { longWords, syllableTokens } from './tokens.js';
import { SentinelError } from '../../core/errors.js';
import { isEntryPoint, parseScriptArgs, scriptHelp } from '../../core/script-cli.js';

/** Words seen in fewer training examples than this are dropped: they would only be memorised. */
const MIN_DOCUMENT_FREQUENCY = 2;
const OPTIONS = { epochs: 400, learningRate: 2, l2: 0.002 };

export function trainModel(examples: LabelledExample[], taxonomy: Taxonomy): TopicModel {
  const phrases = compilePhrases(taxonomy);
  const specific = taxonomy.topics.filter((t) => !t.catchAll).map((t) => t.id);
  const known = new Set(taxonomy.topics.map((t) => t.id));
  for (const e of examples)
    for (const t of e.topics)
      if (!known.has(t))
        throw new SentinelError('training-data-invalid', `training example uses unknown topic "${t}": ${e.text.slice(0, 60)}`);

  const analysed = examples.map((e) => {
    const tokens = syllableTokens(e.text);
    return { example: e, keys: featureKeys(tokens, longWords(e.text)), hits: findPhrases(phrases, tokens) };
  });
  const df = new Map<string, number>();
  for (const a of analysed) for (const key of a.keys.keys()) df.set(key, (df.get(key) ?? 0) + 1);
  const vocabulary = [...df]
    .filter(([, n]) => n >= MIN_DOCUMENT_FREQUENCY)
    .map(([k]) => k)
    .sort();
  const index = new Map(vocabulary.map((w, i) => [w, i]));

  const rows: TrainingRow[] = analysed.map((a) => {
    const phraseOwn: Record<string, number> = {};
    for (const t of specific) phraseOwn[t] = phraseConfidence(a.hits, t);
    // As in the classifier: the catch-all's general security words count toward "any".
    const phraseAny = Math.max(phraseConfidence(a.hits, taxonomy.catchAll), ...Object.values(phraseOwn));
    phraseOwn[RELEVANCE_HEAD] = phraseAny;
    const labels = new Set(a.example.topics);
    if (a.example.relevant) labels.add(RELEVANCE_HEAD);
    return { features: vectorize(a.keys, index), phraseOwn, phraseAny, labels };
  });

  const heads: TopicModel['heads'] = {};
  for (const label of [...specific, RELEVANCE_HEAD]) {
    const head = trainHead(rows, label, vocabulary.length, OPTIONS);
    // Four decimals keep the file small and diff-able without changing any decision.
    heads[label] = {
      bias: round4(head.bias),
      phraseOwn: round4(head.phraseOwn),
      phraseAny: round4(head.phraseAny),
      weights: head.weights.map(round4),
    };
  }
  return { format: 'sentinel-topics-logreg/1', trainedAt: new Date().toISOString(), trainingExamples: examples.length, vocabulary, heads };
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000 || 0; // no -0: JSON would write it as 0
}

const program = new Command('train:topics')
  .description(
    'builds the topic model from classifiers/topics/data/train.jsonl and writes it (deterministic): prints the number of examples, features and heads, and the file written',
  )
  .addOption(
    new Option('--out <path>', 'where to write the model (relative: from the current directory)').default(
      DEFAULT_MODEL_PATH,
      'classifiers/topics/model.json',
    ),
  )
  .addHelpText(
    'after',
    scriptHelp({
      npm: 'train:topics',
      file: 'classifiers/topics/train.ts',
      notes: ['Also reads the taxonomy (classifiers/topics/taxonomy.yaml). Evaluate with npm run eval:topics.'],
    }),
  )
  .showHelpAfterError();

if (isEntryPoint(import.meta.url)) {
  const { out } = parseScriptArgs<{ out: string }>(program);
  const examples = readExamples(TRAIN_PATH);
  const model = trainModel(examples, loadTaxonomy());
  writeFileSync(out, `${JSON.stringify(model)}\n`);
  process.stdout.write(
    `trained on ${examples.length} examples, ${model.vocabulary.length} features, ${Object.keys(model.heads).length} heads → ${out}\n`,
  );
}
