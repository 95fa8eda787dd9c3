/**
 * npm run eval:flags — how often the pipeline flags legitimate real news without evidence, and
 * whether it still catches scams and rumours. Everything inside training folds:
 *   - real news: ViFactCheck's published text (dev article contexts whole, pairs' evidence
 *     sentences), 5 folds grouped by article URL. For each fold, the suspicious model is trained
 *     on the written training sentences plus the real news of the other folds, its L2 chosen by
 *     grouped CV inside them, and the text-only threshold calibrated on their claims; the fold's
 *     own articles are then run through extraction, frames and the flag policy as news with no
 *     statements (so any flag there is a flag without evidence). Mean over folds is the figure.
 *   - written scams / rumours: classifiers/data/labelled/heldout.jsonl (never trained on), each
 *     sentence run as a social post, with each fold's model; recall and false flags, per reason.
 * Prints the reliability of the score, and 20 random flagged real-news sentences to read.
 */
import { Command } from 'commander';
import { readSocialTraining, readSplit, type LabelledSentence } from '../classifiers/train/dataset.js';
import { foldOf, MissingDataError, readRealNews, type RealArticle } from '../classifiers/train/real-news.js';
import { calibrateThresholds, examplesOf, trainSuspicious } from '../classifiers/train/suspicious.js';
import type { TextOnlyThresholds } from '../classifiers/scoring/flag-policy.js';
import { checkWorthiness, CHECK_WORTHY_THRESHOLD } from '../classifiers/claims/extract-claims.js';
import { sha256Hex } from '../core/ids.js';
import { FLAG_REASONS, type FlagReasonKind } from '../core/contracts.js';
import { claimsOf, flagClaims, type PolicyOptions } from '../classifiers/scoring/offline-flags.js';
import { VIFACTCHECK_DEV, VIFACTCHECK_PAIRS } from '../classifiers/train/data-source.js';
import { isEntryPoint, parseScriptArgs, scriptHelp } from '../core/script-cli.js';

const program = new Command('eval:flags')
  .description(
    'how often the pipeline flags real news without a contradicting statement, and its recall on written scams and rumours: prints both against their targets, per flag reason',
  )
  .addHelpText(
    'after',
    scriptHelp({
      npm: 'eval:flags',
      file: 'eval/flags.ts',
      data: [VIFACTCHECK_DEV, VIFACTCHECK_PAIRS],
      notes: [
        'Real news: the published text of both sets. Written sentences: classifiers/data/labelled/ (train.jsonl and ' +
          'social-train.tsv to train, heldout.jsonl to evaluate).',
        'Without the ViFactCheck data: one line on stderr saying where to get it, exit 2. No Kafka or Elasticsearch.',
      ],
    }),
  )
  .showHelpAfterError();

const FOLDS = 5;
const pct = (x: number): string => `${(100 * x).toFixed(2)} %`;
const f3 = (x: number): string => x.toFixed(3);
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

interface FoldResult {
  thresholds: TextOnlyThresholds;
  newsClaims: number;
  newsFlaggedClaims: number;
  articles: number;
  flaggedArticles: number;
  evidenceClaims: number;
  evidenceFlagged: number;
  recall: number;
  falseFlagRate: number;
  byReason: Map<FlagReasonKind, { tp: number; fp: number; realNews: number }>;
  /** [score, label] of every held-out claim (news 0, written per its label), for the reliability table. */
  scored: [number, 0 | 1][];
  /** [max score, label] of each written held-out sentence as a post: how well the score ranks posts. */
  written: [number, 0 | 1][];
  flaggedNews: { url: string; text: string; score: number; reasons: string }[];
  perCategory: Map<string, { n: number; flagged: number }>;
}

/** Area under the ROC curve: the chance a positive scores above a negative (ties count half). */
export function auroc(scored: readonly (readonly [number, 0 | 1])[]): number {
  const sorted = [...scored].sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && (sorted[j] as readonly [number, 0 | 1])[0] === (sorted[i] as readonly [number, 0 | 1])[0]) j += 1;
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k += 1)
      if ((sorted[k] as readonly [number, 0 | 1])[1] === 1) {
        rankSum += rank;
        positives += 1;
      }
    i = j;
  }
  const negatives = sorted.length - positives;
  return positives === 0 || negatives === 0 ? NaN : (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

function runFold(fold: number, real: RealArticle[], writtenTrain: LabelledSentence[], heldout: LabelledSentence[]): FoldResult {
  const train = real.filter((a) => foldOf(a.url, FOLDS) !== fold);
  const test = real.filter((a) => foldOf(a.url, FOLDS) === fold);
  const examples = examplesOf([
    ...writtenTrain.map((r) => ({ text: r.text, label: r.suspicious, group: `written:${r.text}` })),
    ...train.flatMap((a) => a.sentences.map((text) => ({ text, label: 0 as const, group: a.url }))),
  ]);
  const { model } = trainSuspicious(examples);
  const trainClaims = train.flatMap((a) => a.sentences.filter((t) => checkWorthiness(t) >= CHECK_WORTHY_THRESHOLD));
  const thresholds = calibrateThresholds(model, trainClaims);
  const policy: PolicyOptions = { model, thresholds };
  const r: FoldResult = {
    thresholds,
    newsClaims: 0,
    newsFlaggedClaims: 0,
    articles: 0,
    flaggedArticles: 0,
    evidenceClaims: 0,
    evidenceFlagged: 0,
    recall: 0,
    falseFlagRate: 0,
    byReason: new Map(FLAG_REASONS.map((k) => [k, { tp: 0, fp: 0, realNews: 0 }])),
    scored: [],
    written: [],
    flaggedNews: [],
    perCategory: new Map(),
  };
  for (const article of test) {
    // Whole articles where the context is known; otherwise the evidence sentences as one text.
    const text = article.text ?? article.sentences.join('\n');
    const claims = claimsOf({ id: article.url, text, url: article.url }, 'news');
    const out = flagClaims(article.url, claims, [], policy);
    for (const score of out.scores) r.scored.push([score, 0]);
    if (article.text !== null) {
      r.articles += 1;
      r.newsClaims += out.claims;
      r.newsFlaggedClaims += out.flags.length;
      if (out.flags.length > 0) r.flaggedArticles += 1;
    } else {
      r.evidenceClaims += out.claims;
      r.evidenceFlagged += out.flags.length;
    }
    for (const flag of out.flags) {
      for (const reason of new Set(flag.reasons.map((x) => x.kind))) (r.byReason.get(reason) as { realNews: number }).realNews += 1;
      r.flaggedNews.push({ url: article.url, text: flag.text, score: flag.score, reasons: flag.reasons.map((x) => x.kind).join('+') });
    }
  }
  let hits = 0;
  let falseFlags = 0;
  heldout.forEach((row, i) => {
    const claims = claimsOf({ id: `heldout-${i}`, text: row.text, kind: 'social' }, 'social');
    const out = flagClaims(`heldout-${i}`, claims, [], policy);
    const flagged = out.flags.length > 0;
    r.scored.push([out.maxScore, row.suspicious]);
    r.written.push([out.maxScore, row.suspicious]);
    const c = r.perCategory.get(row.category) ?? { n: 0, flagged: 0 };
    c.n += 1;
    if (flagged) c.flagged += 1;
    r.perCategory.set(row.category, c);
    if (row.suspicious === 1 && flagged) hits += 1;
    if (row.suspicious === 0 && flagged) falseFlags += 1;
    for (const reason of new Set(out.flags.flatMap((fl) => fl.reasons.map((x) => x.kind)))) {
      const b = r.byReason.get(reason) as { tp: number; fp: number };
      if (row.suspicious === 1) b.tp += 1;
      else b.fp += 1;
    }
  });
  const positives = heldout.filter((h) => h.suspicious === 1).length;
  r.recall = hits / Math.max(1, positives);
  r.falseFlagRate = falseFlags / Math.max(1, heldout.length - positives);
  return r;
}

function main(): void {
  parseScriptArgs(program);
  let real: RealArticle[];
  try {
    real = readRealNews();
  } catch (error) {
    if (!(error instanceof MissingDataError)) throw error;
    process.stderr.write(`eval:flags: ${error.message}\n`);
    process.exit(2);
  }
  const writtenTrain = [...readSplit('train'), ...readSocialTraining()];
  const heldout = readSplit('heldout');
  const whole = real.filter((a) => a.text !== null).length;
  console.log(
    `# eval:flags — real news: ${real.length} ViFactCheck articles (${whole} whole contexts, ${real.length - whole} as evidence sentences), ${real.reduce((n, a) => n + a.sentences.length, 0)} sentences; ${FOLDS} folds grouped by URL`,
  );
  console.log(
    `# written held-out: ${heldout.length} sentences (${heldout.filter((h) => h.suspicious === 1).length} scam/rumour), run as social posts`,
  );
  const results: FoldResult[] = [];
  for (let fold = 0; fold < FOLDS; fold += 1) {
    const started = Date.now();
    const r = runFold(fold, real, writtenTrain, heldout);
    results.push(r);
    process.stderr.write(
      `fold ${fold + 1}/${FOLDS}: thresholds posts ${r.thresholds.posts} / news and messages ${r.thresholds.strict}, ${r.newsFlaggedClaims}/${r.newsClaims} claims, ${r.flaggedArticles}/${r.articles} articles flagged, recall ${f3(r.recall)} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`,
    );
  }
  const claimShare = results.map((r) => r.newsFlaggedClaims / Math.max(1, r.newsClaims));
  const articleShare = results.map((r) => r.flaggedArticles / Math.max(1, r.articles));
  const evidenceShare = results.map((r) => r.evidenceFlagged / Math.max(1, r.evidenceClaims));
  const range = (xs: number[]): string => `${pct(Math.min(...xs))} – ${pct(Math.max(...xs))}`;
  console.log('\n## Real news flagged without a contradicting statement (held-out folds; mean over folds, range)');
  console.log(
    `claims flagged    ${pct(mean(claimShare))}   (${range(claimShare)})   target ≤ 1 %: ${mean(claimShare) <= 0.01 ? 'met' : 'not met'}`,
  );
  console.log(
    `articles flagged  ${pct(mean(articleShare))}   (${range(articleShare)})   target ≤ 5 %: ${mean(articleShare) <= 0.05 ? 'met' : 'not met'}`,
  );
  console.log(`evidence-only articles: claims flagged ${pct(mean(evidenceShare))}`);
  console.log(
    `text-only thresholds chosen in the training folds: posts ${results.map((r) => r.thresholds.posts).join(', ')}; news and submitted messages ${results.map((r) => r.thresholds.strict).join(', ')}`,
  );
  const recall = mean(results.map((r) => r.recall));
  console.log("\n## Written held-out scams and rumours, as social posts (mean over the folds' models)");
  console.log(
    `recall ${f3(recall)}   target ≥ 0.85: ${recall >= 0.85 ? 'met' : 'not met'}   false flags on the written non-suspicious ${pct(mean(results.map((r) => r.falseFlagRate)))}`,
  );
  const categories = [...new Set(heldout.map((h) => h.category))].sort();
  console.log(
    'flagged by category: ' +
      categories
        .map(
          (c) => `${c} ${f3(mean(results.map((r) => (r.perCategory.get(c)?.flagged ?? 0) / Math.max(1, r.perCategory.get(c)?.n ?? 0))))}`,
        )
        .join(', '),
  );
  const rank = mean(results.map((r) => auroc(r.written)));
  console.log(
    `score AUROC on the written held-out posts (suspicious vs not): ${f3(rank)}; real-news claims vs written suspicious: ${f3(mean(results.map((r) => auroc(r.scored.filter(([, y], i) => y === 1 || i < r.scored.length - r.written.length)))))}`,
  );
  console.log('\n## Each flag reason (summed over folds): precision / recall on the written held-out, flags on real news');
  const positives = heldout.filter((h) => h.suspicious === 1).length * FOLDS;
  for (const kind of FLAG_REASONS) {
    const tp = results.reduce((n, r) => n + (r.byReason.get(kind)?.tp ?? 0), 0);
    const fp = results.reduce((n, r) => n + (r.byReason.get(kind)?.fp ?? 0), 0);
    const news = results.reduce((n, r) => n + (r.byReason.get(kind)?.realNews ?? 0), 0);
    const note = kind === 'contradicts-official' || kind === 'denied-by-official' ? '   (needs statements: measured by eval:match)' : '';
    console.log(
      `${kind.padEnd(22)} precision ${tp + fp === 0 ? '  —  ' : f3(tp / (tp + fp))}  recall ${f3(tp / positives)}  real-news flags ${news}${note}`,
    );
  }
  console.log('\n## Reliability of the score (held-out claims: real news as 0, written per label)');
  console.log('bin          count   mean score   observed suspicious');
  const scored = results.flatMap((r) => r.scored);
  const edges = [0, 0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 0.85, 1.0001];
  for (let b = 0; b < edges.length - 1; b += 1) {
    const inBin = scored.filter(([s]) => s >= (edges[b] as number) && s < (edges[b + 1] as number));
    if (inBin.length === 0) continue;
    console.log(
      `${f3(edges[b] as number)}-${f3(Math.min(1, edges[b + 1] as number))}  ${String(inBin.length).padStart(6)}   ${f3(mean(inBin.map(([s]) => s))).padStart(10)}   ${f3(mean(inBin.map(([, y]) => y))).padStart(10)}`,
    );
  }
  const flagged = results.flatMap((r) => r.flaggedNews).sort((a, b) => (sha256Hex(a.url + a.text) < sha256Hex(b.url + b.text) ? -1 : 1));
  console.log(`\n## ${Math.min(20, flagged.length)} random flagged real-news sentences (of ${flagged.length}), to judge by eye`);
  for (const item of flagged.slice(0, 20)) console.log(`- [${item.score.toFixed(2)} ${item.reasons}] ${item.text}`);
}

if (isEntryPoint(import.meta.url)) main();
