/**
 * The scripts npm runs (eval:*, bench:*, train*) have a real command line: `--help` prints the
 * usage and the script's description and exits 0 within a few CPU-seconds, so before any data is read,
 * any model trained or Kafka and Elasticsearch started; an unknown option exits 2 with
 * commander's message naming it (core/script-cli.ts). All spawned at once, each in its own Node.
 *
 * Should a script lose its parsing again, the environment keeps the damage small: no data (so
 * the evals and benches that need it stop with 2) and an "external" stack on ports nothing
 * answers on (so none launches a JVM from a test), and each child is killed after KILL_AFTER_MS.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noStackEnv, runScript as runScriptIn, type ScriptRun } from '../helpers.js';

/** Each entry-point script and the description its --help must print. eval/spans.ts is a module, not a script. */
const SCRIPTS: [script: string, description: string][] = [
  [
    'eval/classify.ts',
    'held-out evaluation of check-worthiness, the scam/hearsay model and the misinformation score: prints precision, recall, F1 and calibration, beside a Naive Bayes baseline',
  ],
  [
    'eval/evidence.ts',
    "evidence selection alone: prints recall@1 and recall@2 of the picked sentences against the ViFactCheck pairs' gold evidence, as given and without diacritics",
  ],
  [
    'eval/flags.ts',
    'how often the pipeline flags real news without a contradicting statement, and its recall on written scams and rumours: prints both against their targets, per flag reason',
  ],
  [
    'eval/match.ts',
    'retrieval and stance on the ViFactCheck dev split against a real Elasticsearch: prints MAP@5, MRR and R@k beside plain BM25, out-of-fold stance F1 and the flags raised on real news',
  ],
  [
    'eval/topics.ts',
    'the topic tagger and the relevance filter on the held-out split, beside a keyword-only baseline: prints precision, recall and F1 per topic, macro and micro F1, and relevance',
  ],
  [
    'bench/text.ts',
    'sentences per second through the language core on one thread (normalise to score): prints throughput per wall-clock and CPU second against the 20,000/s target, and peak memory',
  ],
  [
    'bench/crawl.ts',
    'pages per second of the sentinel crawler beside a bare crawlee CheerioCrawler on the same generated pages: prints both rates, their ratio against the 1.5× target, and CPU time',
  ],
  [
    'bench/match.ts',
    'claims per second and batch latency of matchClaims against ≥ 10,000 indexed passages: prints a cold and a warm pass with the passage cache hit rate',
  ],
  [
    'bench/api.ts',
    'requests per second and latency of the statement search and the review queue under a fixed-rate load, with N indexed flags: prints achieved rates, errors and p50/p95/p99',
  ],
  [
    'bench/pipeline.ts',
    'end-to-end throughput and latency of the pipeline on generated documents, beside bare Kafka and bulk-index baselines: prints rates, the ratio to the 3× target, latencies and RSS',
  ],
  [
    'bench/soak.ts',
    'chaos soak: the pipeline as stage processes on generated documents while a seeded schedule restarts its own Kafka broker, ' +
      'cuts Elasticsearch off (TCP proxy) and SIGKILLs stage processes; then drains and checks offsets (Kafka tools) and ' +
      'Elasticsearch counts against an oracle. Exit 0 only when nothing is lost or duplicated.',
  ],
  [
    'classifiers/stance/train.ts',
    "trains the shipped stance model into classifiers/stance/stance-model.json: prints cross-validated figures on the dev claims (5 folds by URL), then the model's weights",
  ],
  [
    'classifiers/topics/train.ts',
    'builds the topic model from classifiers/topics/data/train.jsonl and writes it (deterministic): prints the number of examples, features and heads, and the file written',
  ],
  [
    'classifiers/train/train.ts',
    "builds classifiers/models/check-worthiness.json and suspicious.json from the training split and real news: prints each model's data, L2, log loss and flag thresholds",
  ],
  [
    'classifiers/train/mine-collocations.ts',
    'mines two-syllable collocations from real news text and writes classifiers/data/collocations-vi.txt',
  ],
  [
    'classifiers/train/split.ts',
    'deals classifiers/data/labelled/sentences.tsv into train.jsonl and heldout.jsonl (every fourth sentence of each category, by hash): prints the size of each',
  ],
];

/** A wrong command line, the script, and what commander's message on stderr must hold. */
const WRONG: [args: string[], script: string, message: string[]][] = [
  [['--no-such-option'], 'eval/match.ts', ["error: unknown option '--no-such-option'"]],
  [['--no-such-option'], 'bench/text.ts', ["error: unknown option '--no-such-option'"]],
  [['--docs', '0'], 'bench/soak.ts', ["option '--docs <n>' argument '0' is invalid", 'a whole number ≥ 1']],
  // Misspelt: commander names it and suggests the right one.
  [['--two-steps'], 'classifiers/stance/train.ts', ["error: unknown option '--two-steps'", '(Did you mean --two-step?)']],
];

/**
 * Help is printed after loading the script's modules only: well under this much CPU time (about
 * 9 s for the heaviest, bench/api.ts, compiled afresh). CPU time, not wall-clock time: all the
 * scripts start at once beside the rest of the suite on two cores, where loading alone once took
 * 28 s of wall-clock time. A script that waits (for a stack on ports nothing answers on) spends
 * little CPU, and is caught by the kill instead.
 */
const HELP_WITHIN_CPU_MS = 20_000;
const KILL_AFTER_MS = 45_000;

const nowhere = join(tmpdir(), 'sentinel-script-help-no-such-folder');
const env = noStackEnv({ SENTINEL_VIFACTCHECK_DEV: nowhere, SENTINEL_VIFACTCHECK_PAIRS: nowhere });
delete env.SENTINEL_FACTCHECK_DIR;

const runScript = (script: string, args: readonly string[]): Promise<ScriptRun> => runScriptIn(script, args, env, KILL_AFTER_MS);

/** Commander wraps the description to the width of the help: compare with runs of white space as one space. */
const flat = (text: string): string => text.replace(/\s+/gu, ' ');

describe('Lint > script command lines', () => {
  it.concurrent.each(SCRIPTS)(
    '%s --help prints its usage and description and exits 0 at once',
    async (script, description) => {
      const run = await runScript(script, ['--help']);
      expect(run.signal, run.stderr).toBeNull();
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain('Usage:');
      expect(flat(run.stdout)).toContain(flat(description));
      expect(flat(run.stdout)).toContain(`npx tsx ${script}`);
      expect(run.cpuMs).not.toBeNull();
      expect(run.cpuMs, `${run.ms} ms of wall-clock time`).toBeLessThan(HELP_WITHIN_CPU_MS);
    },
    KILL_AFTER_MS + 15_000,
  );

  it.concurrent.each(WRONG)(
    '%j on %s exits 2 naming the option',
    async (args, script, message) => {
      const run = await runScript(script, args);
      expect(run.signal, run.stderr).toBeNull();
      expect(run.status, run.stderr).toBe(2);
      for (const words of message) expect(run.stderr).toContain(words);
      expect(run.stdout).toBe('');
      expect(run.cpuMs).not.toBeNull();
      expect(run.cpuMs, `${run.ms} ms of wall-clock time`).toBeLessThan(HELP_WITHIN_CPU_MS);
    },
    KILL_AFTER_MS + 15_000,
  );
});
