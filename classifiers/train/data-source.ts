/**
 * Where the evals and benches find their labelled data, and the one line they print when it is
 * not there (then they exit with 2, before starting Kafka or Elasticsearch).
 *
 * Both sets come from ViFactCheck (AAAI 2025; Hugging Face `tranthaihoa/vifactcheck`, MIT
 * licence; labels 0 Supported → `supports`, 1 Refuted → `contradicts`, 2 NEI → `nei`). On our
 * machines they sit in ../shared/data beside the checkout, each folder with a README saying how
 * it was made; elsewhere, write them from the upstream splits and point the variable at them:
 *
 * - SENTINEL_VIFACTCHECK_DEV (default ../shared/data/vi-factcheck-dev): the upstream **dev**
 *   split as two JSONL files, UTF-8, one object per line.
 *     statements.jsonl  {"id": "s1", "text": <Context>, "source": "<Author> | <Topic> | <Url>"}
 *                       one line per distinct article context;
 *     claims.jsonl      {"id": "c<index>", "text": <Statement>, "statementId": "s1", "label": "supports" | "contradicts" | "nei"}.
 *   Our copy holds 304 of the 496 dev articles (449 claims); the rest is a hidden test split.
 *   The older name SENTINEL_FACTCHECK_DIR is still read when the new one is not set.
 * - SENTINEL_VIFACTCHECK_PAIRS (default ../shared/data/vi-factcheck-pairs): the upstream **train**
 *   and **test** splits as claim–gold-evidence pairs, train.jsonl and test.jsonl, one object per
 *   line: {"id": "train-17", "claim": <Statement>, "evidence": <Evidence>, "label": …, "url": <Url>}.
 *   Articles repeat across the upstream splits: split by `url` when evaluating.
 *
 * A relative path in a variable is taken from the current directory; the defaults are relative to
 * the repository root.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { exitStatusOf, SentinelError } from '../../core/errors.js';
import { REPO_ROOT } from '../../core/paths.js';

/** The data is not there (code data-missing, exit 2): the message is one line saying where it comes from. */
export class MissingDataError extends SentinelError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('data-missing', message, options);
    this.name = 'MissingDataError';
  }
}

export interface DataSource {
  /** What the folder holds, for the message: "ViFactCheck dev split". */
  what: string;
  /** The variable that names the folder. */
  env: string;
  /** Older variable names, read in order when `env` is not set. */
  aliases?: readonly string[];
  /** Used when no variable is set. */
  defaultDir: string;
  /** Files the folder must hold. */
  files: readonly string[];
  /** Where the data comes from and how it is written, one clause of the message. */
  origin: string;
}

export const VIFACTCHECK_DEV: DataSource = {
  what: 'ViFactCheck dev split',
  env: 'SENTINEL_VIFACTCHECK_DEV',
  aliases: ['SENTINEL_FACTCHECK_DIR'],
  defaultDir: resolve(REPO_ROOT, '../shared/data/vi-factcheck-dev'),
  files: ['statements.jsonl', 'claims.jsonl'],
  origin:
    'it is the dev split of ViFactCheck (Hugging Face tranthaihoa/vifactcheck, MIT licence) written as statements.jsonl {"id","text","source"} ' +
    '(one line per article context) + claims.jsonl {"id","text","statementId","label":"supports"|"contradicts"|"nei"}',
};

export const VIFACTCHECK_PAIRS: DataSource = {
  what: 'ViFactCheck claim-evidence pairs',
  env: 'SENTINEL_VIFACTCHECK_PAIRS',
  defaultDir: resolve(REPO_ROOT, '../shared/data/vi-factcheck-pairs'),
  files: ['train.jsonl', 'test.jsonl'],
  origin:
    'they are the train and test splits of ViFactCheck (Hugging Face tranthaihoa/vifactcheck, MIT licence) written as train.jsonl + test.jsonl ' +
    '{"id","claim","evidence","label":"supports"|"contradicts"|"nei","url"}',
};

export type DataLocation = { found: true; dir: string } | { found: false; dir: string; missing: string[]; message: string };

const isFile = (path: string): boolean => {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

/** The folder of `source` (from its variable, else the default) and whether it holds every file; when not, the one-line explanation. */
export function locateData(source: DataSource, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): DataLocation {
  const variable = [source.env, ...(source.aliases ?? [])].find((name) => (env[name] ?? '').trim() !== '');
  const dir = variable ? resolve(cwd, (env[variable] as string).trim()) : source.defaultDir;
  const missing = source.files.filter((file) => !isFile(resolve(dir, file)));
  if (missing.length === 0) return { found: true, dir };
  const where = variable ? `${dir} (from ${variable})` : `${dir} (the default)`;
  const message =
    `${source.what} not found: no ${missing.join(', ')} in ${where}; ${source.origin}; ` +
    `set ${source.env} to the folder holding ${source.files.join(' and ')} (format: classifiers/train/data-source.ts)`;
  return { found: false, dir, missing, message };
}

/**
 * The folder of `source`, or, when it is not there, one line on stderr and the exit code of
 * data-missing (2). Call it before starting anything (the stack, a server) so that nothing is
 * left behind.
 */
export function requireData(source: DataSource, program: string, env: NodeJS.ProcessEnv = process.env): string {
  const located = locateData(source, env);
  if (located.found) return located.dir;
  const error = new MissingDataError(located.message);
  process.stderr.write(`${program}: ${error.message}\n`);
  process.exit(exitStatusOf(error));
}
