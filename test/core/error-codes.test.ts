/**
 * One error model: every code of the catalogue (core/errors.ts ERROR_CODES) is documented in
 * docs/error-codes.md with the same retriable default and exit code, and nothing else is; non-test
 * code throws SentinelErrors with a catalogue code, never a bare `Error`, and declares no error
 * class on `Error` directly. Files not converted yet are listed by path below.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, exitCodeFor } from '../../cli/exit-codes.js';
import { ERROR_CODES, ItemError, PoisonMessageError, SentinelError, StackError, type ErrorCode } from '../../core/errors.js';
import { REPO_ROOT } from '../../core/paths.js';

const SKIPPED_DIRS = new Set(['node_modules', '.git', 'test', 'test-artifacts', 'target', 'dist', 'coverage']);

/** Every non-test .ts file of the repository, as a path relative to its root with `/`. */
function sourceFiles(dir = REPO_ROOT): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) out.push(...sourceFiles(join(dir, entry.name)));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      out.push(relative(REPO_ROOT, join(dir, entry.name)).split(sep).join('/'));
    }
  }
  return out.sort();
}

const sources = sourceFiles().map((path) => ({ path, text: readFileSync(join(REPO_ROOT, path), 'utf8') }));
/** `path:line` of every match of `pattern` outside the files `except`. */
function sitesOf(pattern: RegExp, except: readonly string[] = []): string[] {
  return sources
    .filter(({ path }) => !except.includes(path))
    .flatMap(({ path, text }) =>
      [...text.matchAll(new RegExp(pattern.source, 'g'))].map((m) => `${path}:${text.slice(0, m.index).split('\n').length}`),
    );
}

/** The rows of the table of codes in docs/error-codes.md: code → its retriable and exit-code cells. */
function documentedCodes(): Map<string, { retriable: string; exit: string }> {
  const doc = readFileSync(join(REPO_ROOT, 'docs/error-codes.md'), 'utf8');
  const rows = new Map<string, { retriable: string; exit: string }>();
  for (const line of doc.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const code = /^`([^`]+)`$/.exec(cells[1] ?? '')?.[1];
    if (code === undefined) continue;
    expect(rows.has(code), `${code} documented twice`).toBe(false);
    rows.set(code, { retriable: cells[2] ?? '', exit: cells[3] ?? '' });
  }
  return rows;
}

const BARE_THROW = /throw new Error\(/;
const EXTENDS_ERROR = /class\s+\w+\s+extends\s+Error\b/;

describe('error codes > the catalogue and docs/error-codes.md', () => {
  const documented = documentedCodes();
  const codes = Object.keys(ERROR_CODES) as ErrorCode[];

  it('documents every code of the catalogue', () => {
    expect(codes.filter((code) => !documented.has(code))).toEqual([]);
  });

  it('documents no code that is not in the catalogue', () => {
    expect([...documented.keys()].filter((code) => !Object.hasOwn(ERROR_CODES, code))).toEqual([]);
  });

  it('gives each code the retriable default and the exit code of the catalogue', () => {
    for (const code of codes) {
      const row = documented.get(code);
      if (!row) continue;
      const { retriable, exit } = ERROR_CODES[code];
      if (row.retriable !== 'per error') expect(row.retriable, code).toBe(retriable ? 'yes' : 'no');
      expect(row.exit, code).toBe(String(EXIT[exit]));
    }
  });
});

describe('error codes > the errors themselves', () => {
  it('carry their code, its retriable default and the exit code of its category', () => {
    const error = new SentinelError('data-missing', 'no data');
    expect(error).toMatchObject({ code: 'data-missing', retriable: false, message: 'no data', name: 'SentinelError' });
    expect(exitCodeFor(error)).toBe(EXIT.USAGE);
    expect(new SentinelError('topics-not-served', 'x', { retriable: true, stage: 'score-claims' })).toMatchObject({
      retriable: true,
      stage: 'score-claims',
    });
    expect(exitCodeFor(new StackError('java was not found', { code: 'stack-tool-missing' }))).toBe(EXIT.SERVICE_DOWN);
    expect(exitCodeFor(new StackError('docker compose up failed'))).toBe(EXIT.SERVICE_DOWN);
    expect(exitCodeFor(new Error('a bug'))).toBe(EXIT.FAILURE);
    expect(exitCodeFor('not even an error')).toBe(EXIT.FAILURE);
  });

  it('keep the dead-letter code of a poison message in `code`, and ItemError decides retriable by the answer', () => {
    expect(new PoisonMessageError('invalid-json', 'invalid JSON').code).toBe('invalid-json');
    expect(new ItemError('busy', { status: 429, type: 'too_many_requests' })).toMatchObject({ code: 'item-failed', retriable: true });
    expect(new ItemError('bad document', { status: 400, type: 'mapper_parsing_exception' })).toMatchObject({
      code: 'item-failed',
      retriable: false,
    });
  });
});

describe('error codes > non-test code', () => {
  it('throws no bare Error', () => {
    expect(sitesOf(BARE_THROW)).toEqual([]);
  });

  it('declares no error class on Error directly but SentinelError', () => {
    expect(sitesOf(EXTENDS_ERROR, ['core/errors.ts'])).toEqual([]);
    expect(sitesOf(EXTENDS_ERROR).filter((site) => site.startsWith('core/errors.ts:'))).toHaveLength(1);
  });

  it('constructs every SentinelError with a code of the catalogue first', () => {
    const uncoded = sources.flatMap(({ path, text }) =>
      [...text.matchAll(/new SentinelError\(\s*(?:'([^']*)'\s*,)?/g)]
        .filter((m) => m[1] === undefined || !Object.hasOwn(ERROR_CODES, m[1]))
        .map((m) => `${path}:${text.slice(0, m.index).split('\n').length}`),
    );
    expect(uncoded).toEqual([]);
  });
});
