/**
 * The evals find their data or say in one line where it comes from: `eval:match` without the
 * ViFactCheck dev split exits with 2 and one line on stderr, before starting Kafka or
 * Elasticsearch; the helper behind it (classifiers/train/data-source.ts) on its own.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { locateData, VIFACTCHECK_DEV, VIFACTCHECK_PAIRS, type DataSource } from '../../classifiers/train/data-source.js';
import { REPO_ROOT } from '../../stack/layout.js';
import { noStackEnv, runScript } from '../helpers.js';

const scratch = mkdtempSync(join(tmpdir(), 'sentinel-eval-data-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A folder holding `files` (each one JSON line). */
const folder = (name: string, files: readonly string[]): string => {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  for (const file of files) writeFileSync(join(dir, file), '{}\n');
  return dir;
};

describe('eval data > the scripts that read ViFactCheck, without part of it', () => {
  const dev = folder('dev-only', ['statements.jsonl', 'claims.jsonl']);
  const noPairs = { SENTINEL_VIFACTCHECK_DEV: dev, SENTINEL_VIFACTCHECK_PAIRS: join(scratch, 'no-pairs') };
  const noDev = { SENTINEL_VIFACTCHECK_DEV: join(scratch, 'no-dev'), SENTINEL_VIFACTCHECK_PAIRS: join(scratch, 'no-pairs') };
  const models = [
    ...['check-worthiness.json', 'suspicious.json'].map((f) => join(REPO_ROOT, 'classifiers', 'models', f)),
    join(REPO_ROOT, 'classifiers', 'data', 'collocations-vi.txt'),
    join(REPO_ROOT, 'classifiers', 'data', 'labelled', 'train.jsonl'),
  ];
  it.each([
    ['eval/match.ts', 'eval:match', noPairs, 'SENTINEL_VIFACTCHECK_PAIRS'],
    ['eval/evidence.ts', 'eval:evidence', noDev, 'SENTINEL_VIFACTCHECK_DEV'],
    ['classifiers/stance/train.ts', 'train:stance', noPairs, 'SENTINEL_VIFACTCHECK_PAIRS'],
    ['classifiers/train/train.ts', 'train', noDev, 'SENTINEL_VIFACTCHECK_DEV'],
    ['classifiers/train/mine-collocations.ts', 'mine:collocations', noPairs, 'SENTINEL_VIFACTCHECK_PAIRS'],
  ])(
    '%s exits with 2 and one line naming what is missing, before starting or writing anything',
    async (script, program, data, variable) => {
      const before = models.map((m) => statSync(m).mtimeMs);
      const run = await runScript(script, [], noStackEnv(data), 30_000);
      expect(run.signal).toBeNull();
      expect(run.status).toBe(2);
      const lines = run.stderr.split('\n').filter((l) => l.trim() !== '');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^${program}: .*${variable}`));
      expect(run.stderr).not.toMatch(/\n\s+at |ENOENT|Error:/);
      // classifiers/train/train.ts rewrote the check-worthiness model before it found no real news.
      expect(models.map((m) => statSync(m).mtimeMs)).toEqual(before);
    },
    40_000,
  );
});

describe('eval data > eval:match without its data', () => {
  it('exits with 2 and one line naming the variable and the dataset, fast, without touching the stack', async () => {
    // Should the check come after the stack again, it only waits for one nothing answers (caught by the time limit below).
    const env = noStackEnv({ SENTINEL_VIFACTCHECK_DEV: join(scratch, 'no-such-folder') });
    const t0 = Date.now();
    const run = await runScript('eval/match.ts', [], env, 30_000);
    const seconds = (Date.now() - t0) / 1000;
    expect(run.signal).toBeNull();
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.split('\n').filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(1);
    const line = lines[0] as string;
    expect(line).toMatch(/^eval:match: /);
    expect(line).toContain('SENTINEL_VIFACTCHECK_DEV');
    expect(line).toMatch(/vifactcheck/i);
    expect(line).toContain('tranthaihoa/vifactcheck');
    expect(line).toContain(join(scratch, 'no-such-folder'));
    expect(run.stderr).not.toMatch(/\n\s+at |ENOENT|Error:/);
    expect(seconds).toBeLessThan(20);
  });
});

describe('eval data > locateData', () => {
  it('finds a folder named by the variable when it holds every file', () => {
    const dir = folder('dev-complete', VIFACTCHECK_DEV.files);
    expect(locateData(VIFACTCHECK_DEV, { SENTINEL_VIFACTCHECK_DEV: dir })).toEqual({ found: true, dir });
    const pairs = folder('pairs-complete', VIFACTCHECK_PAIRS.files);
    expect(locateData(VIFACTCHECK_PAIRS, { SENTINEL_VIFACTCHECK_PAIRS: pairs })).toEqual({ found: true, dir: pairs });
  });

  it('says which files are missing, where it looked, where the data comes from and which variable to set, in one line', () => {
    const dir = folder('dev-half', ['statements.jsonl']);
    const located = locateData(VIFACTCHECK_DEV, { SENTINEL_VIFACTCHECK_DEV: dir });
    expect(located.found).toBe(false);
    if (located.found) return;
    expect(located.missing).toEqual(['claims.jsonl']);
    expect(located.message).not.toContain('\n');
    expect(located.message).toContain(`no claims.jsonl in ${dir} (from SENTINEL_VIFACTCHECK_DEV)`);
    expect(located.message).toContain('Hugging Face tranthaihoa/vifactcheck, MIT');
    expect(located.message).toContain('set SENTINEL_VIFACTCHECK_DEV to the folder holding statements.jsonl and claims.jsonl');

    const pairs = locateData(VIFACTCHECK_PAIRS, { SENTINEL_VIFACTCHECK_PAIRS: join(scratch, 'absent') });
    expect(pairs.found).toBe(false);
    if (pairs.found) return;
    expect(pairs.missing).toEqual(['train.jsonl', 'test.jsonl']);
    expect(pairs.message).not.toContain('\n');
    expect(pairs.message).toMatch(/vifactcheck/i);
    expect(pairs.message).toContain('set SENTINEL_VIFACTCHECK_PAIRS to the folder holding train.jsonl and test.jsonl');
  });

  it('counts a folder in place of a file as missing', () => {
    const dir = folder('dev-dirs', ['statements.jsonl']);
    mkdirSync(join(dir, 'claims.jsonl'));
    const located = locateData(VIFACTCHECK_DEV, { SENTINEL_VIFACTCHECK_DEV: dir });
    expect(located.found ? [] : located.missing).toEqual(['claims.jsonl']);
  });

  it('uses the default folder beside the checkout when no variable is set (or it is blank), and says so', () => {
    expect(VIFACTCHECK_DEV.defaultDir).toBe(resolve(REPO_ROOT, '../shared/data/vi-factcheck-dev'));
    expect(VIFACTCHECK_PAIRS.defaultDir).toBe(resolve(REPO_ROOT, '../shared/data/vi-factcheck-pairs'));
    const source: DataSource = { ...VIFACTCHECK_DEV, defaultDir: join(scratch, 'default-absent') };
    for (const env of [{}, { SENTINEL_VIFACTCHECK_DEV: '  ' }]) {
      const located = locateData(source, env);
      expect(located.dir).toBe(join(scratch, 'default-absent'));
      expect(located.found ? '' : located.message).toContain(`${join(scratch, 'default-absent')} (the default)`);
    }
  });

  it('takes a relative path from the current directory, and still reads the older SENTINEL_FACTCHECK_DIR after the new name', () => {
    const dir = folder('dev-relative', VIFACTCHECK_DEV.files);
    expect(locateData(VIFACTCHECK_DEV, { SENTINEL_VIFACTCHECK_DEV: 'dev-relative' }, scratch)).toEqual({ found: true, dir });
    expect(locateData(VIFACTCHECK_DEV, { SENTINEL_FACTCHECK_DIR: dir })).toEqual({ found: true, dir });
    const newer = locateData(VIFACTCHECK_DEV, { SENTINEL_VIFACTCHECK_DEV: join(scratch, 'absent'), SENTINEL_FACTCHECK_DIR: dir });
    expect(newer.found).toBe(false);
    expect(newer.found ? '' : newer.message).toContain('(from SENTINEL_VIFACTCHECK_DEV)');
  });
});
