/**
 * Trains the SHIPPED stance model and writes classifiers/stance/stance-model.json. The file holds
 * two models, mixed by TWO_STEP_WEIGHT (model.ts predictProbabilities):
 *   - the multinomial logistic regression of model.ts on the dense features of features.ts,
 *     trained on the claims of vi-factcheck-dev against their whole statements (as the matcher
 *     sees them): the model shipped before, alone;
 *   - the two-step model of two-step.ts (dense + named lexical features), trained on the
 *     ViFactCheck claim–gold-evidence pairs (../shared/data/vi-factcheck-pairs, train + test), the
 *     same pairs against their whole article when it is a dev statement, and the dev claims, each
 *     claim as given and without diacritics, the whole-article rows counted TRAIN_VIEW.articleCopies
 *     times; each step stacks boosted trees (trees.ts) on the regression; its calibration is
 *     fitted on the whole-article rows, its two thresholds (for a claim against one given
 *     evidence sentence; the matcher takes the most probable stance) chosen on the gold-evidence
 *     rows; it carries the subject gate (subject.ts), learnt from the same rows against claims
 *     set beside other articles' closest sentences, with frequencies counted on the rows' own text.
 * The recipe (trees, copies, weight) was chosen on the pairs against their whole dev article (out
 * of fold by URL), not on the dev claims whose figures eval:match reports; README has both.
 *
 * It first prints the multinomial part's cross-validated figures on the dev claims, 5 folds
 * grouped by article URL, per fold assignment and their mean; `--two-step` adds the two-step
 * model's figures on the pairs' held-out URLs against the gold evidence (slow). The end-to-end
 * figures of the shipped model are eval:match's. The shipped model has seen everything.
 *
 *   npx tsx classifiers/stance/train.ts [--no-write] [--two-step] [--assignments 4]
 */
import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import type { Stance } from '../../core/contracts.js';
import { isEntryPoint, parseScriptArgs, positiveInt, scriptHelp } from '../../core/script-cli.js';
import { requireData, VIFACTCHECK_DEV, VIFACTCHECK_PAIRS } from '../train/data-source.js';
import { canonicalUrl, foldOfUrl, loadLabelledPairs, loadLabelledSet, statementUrl } from './dataset.js';
import {
  alignEvidence,
  analysePair,
  contentWords,
  countCasing,
  needsCloserSubject,
  sentenceSyllables,
  type FeatureVector,
  type PairAnalysis,
} from './features.js';
import { stanceScores, type StanceScores } from './metrics.js';
import { splitPassages } from './passages.js';
import { predictStance, STANCE_MODEL_FILE, trainStanceModel, type StanceModel } from './model.js';
import { gateLets, predictTwoStep, trainTwoStepModel, type StanceInput, type TrainOptions, type TwoStepModel } from './two-step.js';
import { documentFrequencies, namesFromCasing, trainSubjectGate, type CasingCounts, type SubjectGate } from './subject.js';
import { stripDiacritics } from './strip.js';

export const FOLDS = 5;
/** Fold assignments of the URLs ('' canonical; others rehash the URL): the mean over them is the figure. */
export const FOLD_ASSIGNMENTS = ['', 'a', 'b', 'c'] as const;

/**
 * Analysis of a claim against its whole statement, as the matcher sees it: the passage of the
 * statement (same split as the index) whose aligned sentences cover the claim best.
 */
export function analyseAgainstStatement(claim: string, statementText: string): PairAnalysis {
  let best = { passage: statementText, evidence: '', coverage: -1 };
  for (const passage of splitPassages(statementText)) {
    const aligned = alignEvidence(claim, passage);
    if (aligned.coverage > best.coverage) best = { passage, evidence: aligned.text, coverage: aligned.coverage };
  }
  return analysePair(claim, best.evidence, best.passage);
}

export const inputOf = (a: PairAnalysis): StanceInput => ({
  dense: a.features,
  sparse: a.sparse,
  subject: a.subject,
  closerSubject: needsCloserSubject(a.conflicts, a.subject.anaphoric),
});

/** One labelled example: a pair with its gold evidence, or a dev claim with its whole statement. */
export interface Example {
  id: string;
  claim: string;
  label: Stance;
  url: string;
  /**
   * `pair`: a pair with its gold evidence (the only rows the CV figures score); `pair-article`:
   * the same pair against its whole article when that article is a dev statement (2,220 pairs),
   * as the matcher sees it; `dev`: a dev claim against its whole statement.
   */
  kind: 'pair' | 'pair-article' | 'dev';
  /** Gold evidence (pair) or whole statement (pair-article, dev). */
  text: string;
}

export function loadExamples(): Example[] {
  const { statements, claims } = loadLabelledSet();
  const byId = new Map(statements.map((s) => [s.id, s]));
  const articles = new Map(statements.map((s) => [statementUrl(s), s.text]));
  const pairs = loadLabelledPairs().flatMap((p): Example[] => {
    const article = articles.get(p.url);
    const pair: Example = { id: p.id, claim: p.claim, label: p.label, url: p.url, kind: 'pair', text: p.evidence };
    return article === undefined ? [pair] : [pair, { ...pair, kind: 'pair-article', text: article }];
  });
  const dev = claims.flatMap((c): Example[] => {
    const s = byId.get(c.statementId);
    // (dev claims are always against their statement)
    return s ? [{ id: c.id, claim: c.text, label: c.label, url: statementUrl(s), kind: 'dev', text: s.text }] : [];
  });
  return [...pairs, ...dev];
}

export function analyseExample(e: Example, claim = e.claim): PairAnalysis {
  return e.kind === 'pair' ? analysePair(claim, e.text) : analyseAgainstStatement(claim, e.text);
}

/**
 * For each example, pairs' gold evidence sentences of other articles that share the most content
 * words with its claim: a claim set against another article's closest sentence is unrelated (nei),
 * which teaches step 1 what the labelled pairs never show (every labelled pair is about its article).
 */
export function unrelatedCandidates(examples: readonly Example[], perClaim = 3): number[][] {
  // Rows with gold evidence meet other gold evidence; rows with a whole article meet other articles.
  const seen = new Set<string>();
  const statementIdx = examples.flatMap((e, i) => (e.kind === 'dev' && !seen.has(e.url) && seen.add(e.url) ? [i] : []));
  const pairIdx = examples.flatMap((e, i) => (e.kind === 'pair' ? [i] : []));
  const forPairs = candidatesAmong(examples, pairIdx, perClaim, (e) => e.kind === 'pair');
  const forArticles = candidatesAmong(examples, statementIdx, perClaim, (e) => e.kind !== 'pair');
  return examples.map((e, i) => (e.kind === 'pair' ? (forPairs[i] ?? []) : (forArticles[i] ?? [])));
}

function candidatesAmong(
  examples: readonly Example[],
  pairIdx: readonly number[],
  perClaim: number,
  wanted: (e: Example) => boolean,
): number[][] {
  const among = new Set(pairIdx);
  const words = examples.map((e, i) => new Set(among.has(i) ? contentWords(e.text, true) : []));
  const claimWords = examples.map((e) => new Set(contentWords(e.claim, true)));
  const df = new Map<string, number>();
  for (const i of pairIdx) for (const w of words[i] as Set<string>) df.set(w, (df.get(w) ?? 0) + 1);
  const postings = new Map<string, number[]>();
  const n = pairIdx.length;
  // Words in over 2% of the sentences say little about the subject and cost most of the time.
  for (const i of pairIdx)
    for (const w of words[i] as Set<string>) if ((df.get(w) ?? 0) <= n / 50) (postings.get(w) ?? postings.set(w, []).get(w))?.push(i);
  return examples.map((e, i) => {
    if (!wanted(e)) return [];
    const scores = new Map<number, number>();
    for (const w of claimWords[i] as Set<string>) {
      const idf = Math.log(n / (df.get(w) ?? n));
      for (const j of postings.get(w) ?? []) if ((examples[j] as Example).url !== e.url) scores.set(j, (scores.get(j) ?? 0) + idf);
    }
    return [...scores.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, perClaim)
      .map(([j]) => j);
  });
}

export interface Prepared {
  examples: Example[];
  given: StanceInput[];
  folded: StanceInput[];
  /** For each example, the analysis of its claim against another article's closest gold evidence (or null). */
  unrelated: { other: number; input: StanceInput }[][];
  /** Published text each example brings for counting how common a syllable is (its article, or its evidence sentence), by key. */
  textKey: string[];
  textSentences: Map<string, string[][]>;
  /** How each text writes its syllables (capitals or not), by the same key: the gate reads names in lower-case claims from it. */
  textCasing: Map<string, CasingCounts>;
}

export function prepare(examples: Example[], progress: (line: string) => void = () => {}): Prepared {
  const t0 = Date.now();
  const given = examples.map((e) => inputOf(analyseExample(e)));
  progress(`features as given: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const folded = examples.map((e) => inputOf(analyseExample(e, stripDiacritics(e.claim))));
  progress(`features without diacritics: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const candidates = unrelatedCandidates(examples, 2);
  const unrelated = examples.map((e, i) =>
    (candidates[i] ?? []).map((other) => {
      const text = (examples[other] as Example).text;
      return { other, input: inputOf(e.kind === 'pair' ? analysePair(e.claim, text) : analyseAgainstStatement(e.claim, text)) };
    }),
  );
  progress(`unrelated pairs: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const textKey = examples.map((e) => (e.kind === 'pair' ? `evidence:${e.text}` : `article:${e.url}`));
  const textSentences = new Map<string, string[][]>();
  const textCasing = new Map<string, CasingCounts>();
  examples.forEach((e, i) => {
    const key = textKey[i] as string;
    if (textSentences.has(key)) return;
    textSentences.set(key, sentenceSyllables(e.text));
    const casing: CasingCounts = new Map();
    countCasing(e.text, casing);
    textCasing.set(key, casing);
  });
  return { examples, given, folded, unrelated, textKey, textSentences, textCasing };
}

/** The two-step model (two-step.ts) with its subject gate, trained on the rows `train`: each claim as given and folded (inner folds grouped by URL too). */
export function trainOn(
  p: Prepared,
  train: readonly number[],
  options: TrainOptions = {},
  rate = SUBJECT_RATE,
  innerAssignment = 'inner',
  view: TrainView = TRAIN_VIEW,
): TwoStepModel {
  const inputs: StanceInput[] = [];
  const labels: Stance[] = [];
  const groups: number[] = [];
  const tune: boolean[] = [];
  const thresholdRows: boolean[] = [];
  for (const i of train) {
    const e = p.examples[i] as Example;
    const g = foldOfUrl(e.url, 3, innerAssignment);
    const article = e.kind !== 'pair';
    const copies = article ? view.articleCopies : 1;
    for (let k = 0; k < copies; k += 1) {
      inputs.push(p.given[i] as StanceInput, p.folded[i] as StanceInput);
      labels.push(e.label, e.label);
      groups.push(g, g);
      const tuneRow = !view.tuneOnArticles || article;
      tune.push(tuneRow, tuneRow);
      const threshold = view.thresholdsOnEvidence ? !article : tuneRow;
      thresholdRows.push(threshold, threshold);
    }
  }
  const model = trainTwoStepModel(inputs, labels, { ...options, groups, tune, thresholdRows });
  return { ...model, subjectGate: trainGateOn(p, train, inputs, labels, rate) };
}

/** The subject gate of the rows `train`: frequencies from their published text, unrelated pairs among their articles only. */
function trainGateOn(
  p: Prepared,
  train: readonly number[],
  inputs: readonly StanceInput[],
  labels: readonly Stance[],
  rate: number,
): SubjectGate {
  const keys = new Set(train.map((i) => p.textKey[i] as string));
  const casing: CasingCounts = new Map();
  for (const k of keys)
    for (const [w, [capitalised, seen]] of p.textCasing.get(k) ?? []) {
      const c = casing.get(w) ?? [0, 0];
      casing.set(w, [c[0] + capitalised, c[1] + seen]);
    }
  const frequencies = { ...documentFrequencies([...keys].flatMap((k) => p.textSentences.get(k) ?? [])), names: namesFromCasing(casing) };
  const related = inputs.flatMap((r, i) =>
    labels[i] !== 'nei' && r.subject ? [{ pair: r.subject, contradicts: labels[i] === 'contradicts' }] : [],
  );
  const urls = new Set(train.map((i) => (p.examples[i] as Example).url));
  const unrelated = train.flatMap((i) =>
    (p.unrelated[i] ?? [])
      .filter((u) => urls.has((p.examples[u.other] as Example).url))
      .flatMap((u) => (u.input.subject ? [u.input.subject] : [])),
  );
  return trainSubjectGate(
    frequencies,
    related.map((r) => r.pair),
    related.map((r) => r.contradicts),
    unrelated,
    rate,
  );
}

/**
 * How the training rows are weighed: a claim against a whole article (a dev claim, or a pair whose
 * article is a dev statement) is what the matcher sees, so it may count `articleCopies` times, and
 * the calibration may be fitted on those rows only (`tuneOnArticles`). The two thresholds decide
 * a claim against one given evidence sentence (the matcher takes the most probable stance and
 * never reads them), so they may be chosen on the rows with their gold evidence sentence
 * (`thresholdsOnEvidence`; otherwise on the calibration's rows).
 */
export interface TrainView {
  articleCopies: number;
  tuneOnArticles: boolean;
  thresholdsOnEvidence: boolean;
}
/**
 * Whole-article rows thrice, calibration on them: what the matcher sees outweighs the gold-evidence
 * pairs (chosen on the pairs against their dev articles); thresholds on the gold-evidence rows.
 */
export const TRAIN_VIEW: TrainView = { articleCopies: 3, tuneOnArticles: true, thresholdsOnEvidence: true };

/** Share of the unrelated training pairs (claims beside other articles' closest sentences) the subject gate lets through. */
export const SUBJECT_RATE = 0.01;

export interface CvFigures {
  given: StanceScores;
  folded: StanceScores;
  /** As given, with the subject gate the matcher applies. */
  gated: StanceScores;
  /** Share of held-out claims, set beside another held-out article's closest sentence, found `contradicts` (gated / not). */
  unrelatedContradicts: number;
  unrelatedUngated: number;
}

/** Out-of-fold predictions on the pairs (gold evidence), by URL, for one fold assignment. */
export function crossValidate(
  p: Prepared,
  assignment = '',
  options: TrainOptions = {},
): CvFigures & { predictedGiven: Stance[]; predictedFolded: Stance[]; evaluated: number[] } {
  const folds = p.examples.map((e) => foldOfUrl(e.url, FOLDS, assignment));
  const evaluated = p.examples.flatMap((e, i) => (e.kind === 'pair' ? [i] : []));
  const predictedGiven = new Array<Stance>(p.examples.length);
  const predictedFolded = new Array<Stance>(p.examples.length);
  const gatedGiven = new Array<Stance>(p.examples.length);
  let unrelated = 0;
  let unrelatedContradicts = 0;
  let unrelatedUngated = 0;
  for (let f = 0; f < FOLDS; f += 1) {
    const model = trainOn(
      p,
      p.examples.map((_, i) => i).filter((i) => folds[i] !== f),
      options,
    );
    for (const i of evaluated) {
      if (folds[i] !== f) continue;
      predictedGiven[i] = predictTwoStep(model, p.given[i] as StanceInput);
      predictedFolded[i] = predictTwoStep(model, p.folded[i] as StanceInput);
      const given = p.given[i] as StanceInput;
      gatedGiven[i] = gateLets(model.subjectGate, predictedGiven[i] as Stance, given) ? (predictedGiven[i] as Stance) : 'nei';
      // The claim beside the closest gold evidence of another held-out article.
      const other = (p.unrelated[i] ?? []).find((u) => folds[u.other] === f);
      if (!other) continue;
      unrelated += 1;
      const stance = predictTwoStep(model, other.input);
      if (stance === 'contradicts') unrelatedUngated += 1;
      if (stance === 'contradicts' && gateLets(model.subjectGate, stance, other.input)) unrelatedContradicts += 1;
    }
  }
  const gold = evaluated.map((i) => (p.examples[i] as Example).label);
  return {
    given: stanceScores(
      gold,
      evaluated.map((i) => predictedGiven[i] as Stance),
    ),
    folded: stanceScores(
      gold,
      evaluated.map((i) => predictedFolded[i] as Stance),
    ),
    predictedGiven,
    predictedFolded,
    evaluated,
    gated: stanceScores(
      gold,
      evaluated.map((i) => gatedGiven[i] as Stance),
    ),
    unrelatedContradicts: unrelatedContradicts / Math.max(1, unrelated),
    unrelatedUngated: unrelatedUngated / Math.max(1, unrelated),
  };
}

const line = (name: string, s: StanceScores): string =>
  `${name.padEnd(34)}macro-F1 ${s.macroF1.toFixed(3)}  accuracy ${s.accuracy.toFixed(3)}  F1 supports ${s.f1.supports.toFixed(3)} / contradicts ${s.f1.contradicts.toFixed(3)} / nei ${s.f1.nei.toFixed(3)}\n`;

/** The dev claims against their whole statements, as the matcher sees them: what the shipped model learns from. */
export interface DevRows {
  examples: Example[];
  features: FeatureVector[];
}

export function devRows(examples: readonly Example[] = loadExamples()): DevRows {
  const dev = examples.filter((e) => e.kind === 'dev');
  return { examples: dev, features: dev.map((e) => analyseExample(e).features) };
}

/**
 * Weight of the two-step model against the multinomial: 1, the two-step model alone decides (with
 * its trees it did better alone than averaged on the pairs against their dev articles); the
 * multinomial stays in the file as the comparison eval:match prints.
 */
export const TWO_STEP_WEIGHT = 1;

/** The multinomial part of the shipped model (model.ts, alone: the model shipped before) trained on the dev rows `train`. */
export function trainShippedOn(d: DevRows, train: readonly number[]): StanceModel {
  return trainStanceModel(
    train.map((i) => d.features[i] as FeatureVector),
    train.map((i) => (d.examples[i] as Example).label),
  );
}

/** Out-of-fold predictions of the shipped model on the dev claims against their statements, folds grouped by URL. */
export function crossValidateShipped(d: DevRows, assignment = ''): StanceScores {
  const folds = d.examples.map((e) => foldOfUrl(e.url, FOLDS, assignment));
  const predicted = new Array<Stance>(d.examples.length);
  for (let f = 0; f < FOLDS; f += 1) {
    const model = trainShippedOn(
      d,
      d.examples.map((_, i) => i).filter((i) => folds[i] !== f),
    );
    d.examples.forEach((_, i) => {
      if (folds[i] === f) predicted[i] = predictStance(model, d.features[i] as FeatureVector);
    });
  }
  return stanceScores(
    d.examples.map((e) => e.label),
    predicted,
  );
}

interface TrainStanceOptions {
  write: boolean;
  twoStep?: boolean;
  assignments: number;
}

const program = new Command('train:stance')
  .description(
    "trains the shipped stance model into classifiers/stance/stance-model.json: prints cross-validated figures on the dev claims (5 folds by URL), then the model's weights",
  )
  .option('--no-write', 'print the cross-validated figures only; train and write nothing')
  .option('--two-step', "also print the two-step model's cross-validated figures on the pairs' gold evidence (slow)")
  .option(
    '--assignments <n>',
    `cross-validate on the first n of the ${FOLD_ASSIGNMENTS.length} fold assignments`,
    positiveInt,
    FOLD_ASSIGNMENTS.length,
  )
  .addHelpText(
    'after',
    scriptHelp({
      npm: 'train:stance',
      file: 'classifiers/stance/train.ts',
      data: [VIFACTCHECK_DEV, VIFACTCHECK_PAIRS],
      notes: ['End-to-end figures of the shipped model: npm run eval:match. No Kafka or Elasticsearch.'],
    }),
  )
  .showHelpAfterError();

async function main(): Promise<void> {
  const options = parseScriptArgs<TrainStanceOptions>(program);
  requireData(VIFACTCHECK_DEV, 'train:stance');
  requireData(VIFACTCHECK_PAIRS, 'train:stance');
  const assignments = FOLD_ASSIGNMENTS.slice(0, options.assignments);
  const examples = loadExamples();
  const d = devRows(examples);
  const shipped = assignments.map((a) => {
    const cv = crossValidateShipped(d, a);
    process.stdout.write(line(`multinomial part, assignment '${a}'`, cv));
    return cv;
  });
  const avgOf = (v: number[]): string => (v.reduce((x, y) => x + y, 0) / v.length).toFixed(3);
  process.stdout.write(
    `multinomial part (the model shipped before), dev claims against their whole statements (${d.examples.length}), ${FOLDS}-fold CV grouped by URL, mean over ${shipped.length} fold assignments: ` +
      `macro-F1 ${avgOf(shipped.map((c) => c.macroF1))} (min ${Math.min(...shipped.map((c) => c.macroF1)).toFixed(3)}, max ${Math.max(...shipped.map((c) => c.macroF1)).toFixed(3)}); end to end (the shipped model): npm run eval:match\n`,
  );
  if (options.twoStep) twoStepFigures(examples, assignments);
  if (!options.write) return;
  const p = prepare(examples, (l) => process.stderr.write(`${l}\n`));
  const nPairs = examples.filter((e) => e.kind === 'pair').length;
  const model: StanceModel = {
    ...trainShippedOn(
      d,
      d.examples.map((_, i) => i),
    ),
    twoStep: trainOn(
      p,
      examples.map((_, i) => i),
    ),
    twoStepWeight: TWO_STEP_WEIGHT,
    trainedOn: `multinomial: vi-factcheck-dev (${d.examples.length} claims); two-step: vi-factcheck-pairs (train+test, ${nPairs} pairs) + the same against dev articles + vi-factcheck-dev, each as given and without diacritics`,
  };
  writeFileSync(STANCE_MODEL_FILE, `${JSON.stringify(model)}\n`);
  process.stdout.write(
    `wrote ${STANCE_MODEL_FILE.pathname} (two-step thresholds: related ${model.twoStep?.relatedThreshold}, supports ${model.twoStep?.supportsThreshold}; weight ${TWO_STEP_WEIGHT})\n`,
  );
  model.features.forEach((name, j) => {
    process.stdout.write(
      `  ${name.padEnd(22)} ${model.classes.map((c, k) => `${c} ${(model.weights[k]?.[j] ?? 0).toFixed(2).padStart(6)}`).join('  ')}\n`,
    );
  });
}

/** The two-step model's figures on the pairs with gold evidence (see the header). */
function twoStepFigures(examples: Example[], assignments: readonly string[]): void {
  const nPairs = examples.filter((e) => e.kind === 'pair').length;
  process.stdout.write(
    `\ntwo-step model: ${nPairs} pairs + ${examples.length - nPairs} whole-article rows, ${new Set(examples.map((e) => canonicalUrl(e.url))).size} articles\n`,
  );
  const p = prepare(examples, (l) => process.stderr.write(`${l}\n`));
  const runs = assignments.map((a) => {
    const cv = crossValidate(p, a);
    process.stdout.write(
      line(`assignment '${a}', as given`, cv.given) +
        line(`assignment '${a}', no diacritics`, cv.folded) +
        line(`assignment '${a}', subject-gated`, cv.gated) +
        `  claim beside another held-out article's closest sentence: contradicts ${(100 * cv.unrelatedContradicts).toFixed(1)}% gated, ${(100 * cv.unrelatedUngated).toFixed(1)}% ungated\n`,
    );
    return cv;
  });
  const mean = (pick: (c: CvFigures) => number): string => (runs.reduce((s, c) => s + pick(c), 0) / runs.length).toFixed(3);
  process.stdout.write(
    `pairs with gold evidence, ${FOLDS}-fold CV grouped by URL, mean over ${runs.length} fold assignments (${nPairs} pairs each; ` +
      `thresholds chosen on the training folds' gold-evidence rows, the matcher takes the most probable stance):\n` +
      `  as given       macro-F1 ${mean((c) => c.given.macroF1)}  (supports ${mean((c) => c.given.f1.supports)}, contradicts ${mean((c) => c.given.f1.contradicts)}, nei ${mean((c) => c.given.f1.nei)}); ` +
      `min ${Math.min(...runs.map((c) => c.given.macroF1)).toFixed(3)}, max ${Math.max(...runs.map((c) => c.given.macroF1)).toFixed(3)}\n` +
      `  no diacritics  macro-F1 ${mean((c) => c.folded.macroF1)}  (supports ${mean((c) => c.folded.f1.supports)}, contradicts ${mean((c) => c.folded.f1.contradicts)}, nei ${mean((c) => c.folded.f1.nei)})\n` +
      `  subject-gated  macro-F1 ${mean((c) => c.gated.macroF1)}  (contradicts ${mean((c) => c.gated.f1.contradicts)}); claim beside another article's closest sentence: contradicts ${mean((c) => 100 * c.unrelatedContradicts)}% (ungated ${mean((c) => 100 * c.unrelatedUngated)}%)\n`,
  );
}

if (isEntryPoint(import.meta.url)) await main();
