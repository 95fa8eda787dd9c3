/** The command line answers like a native tool: a version, help with the exit codes, and code 2 for a wrong command. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../stack/layout.js';

const sentinel = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { cwd: REPO_ROOT, encoding: 'utf8' });

describe('CLI > sentinel', () => {
  it('prints its version, and help that lists the commands and the exit codes', () => {
    const version = sentinel('--version');
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(`${REPO_ROOT}/package.json`, 'utf8')) as { version: string }).version);
    const help = sentinel('--help');
    expect(help.status).toBe(0);
    for (const command of ['stack', 'demo', 'crawl', 'search', 'serve', 'match', 'run', 'users', 'refold'])
      expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(help.stdout).toMatch(
      /Exit codes: 0 done, 1 unexpected failure, 2 wrong command line or configuration, 3 Kafka or Elasticsearch down, 4 input rejected\./,
    );
  });

  it('refold: 2 for a family it does not know, 3 when Elasticsearch does not answer', () => {
    const wrong = sentinel('refold', 'tweets');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/unknown family tweets \(one of documents, sentences, claims, flags, statements\)/);
    const down = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'refold'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, SENTINEL_ES_URL: 'http://127.0.0.1:9' },
    });
    expect(down.status).toBe(3);
    expect(down.stderr).toMatch(/Elasticsearch at http:\/\/127\.0\.0\.1:9 does not answer/);
  });

  it('exits with 2 and says why on a command it does not know', () => {
    const wrong = sentinel('bogus');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/unknown command 'bogus'/);
  });
});
