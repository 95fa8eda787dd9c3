import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StackError } from '../../core/errors.js';
import { REPO_ROOT } from '../../stack/layout.js';
import { withStackLock } from '../../stack/lock.js';

const dirs: string[] = [];
const tempRoot = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'sentinel-stack-lock-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('Stack > one start or stop at a time', () => {
  it('runs two starts asked for together one after the other, the second told it waits', async () => {
    const root = tempRoot();
    const spans: [number, number][] = [];
    let waited = 0;
    const start = async (): Promise<void> => {
      const from = Date.now();
      await sleep(300);
      spans.push([from, Date.now()]);
    };
    await Promise.all([withStackLock(root, start), withStackLock(root, start, { onWait: () => (waited += 1) })]);
    expect(spans).toHaveLength(2);
    const [first, second] = [...spans].sort((a, b) => a[0] - b[0]) as [[number, number], [number, number]];
    expect(second[0]).toBeGreaterThanOrEqual(first[1]);
    expect(waited).toBe(1);
  });

  it('frees the lock when a start fails, so the next one goes ahead', async () => {
    const root = tempRoot();
    await expect(withStackLock(root, () => Promise.reject(new StackError('formatting failed')))).rejects.toThrow('formatting failed');
    await expect(withStackLock(root, () => Promise.resolve('started'), { waitMs: 1000 })).resolves.toBe('started');
  });

  it('waits for another process holding the lock, and gives up with a clear error after waitMs', async () => {
    const root = tempRoot();
    const holder = join(REPO_ROOT, 'test', 'stack', 'hold-stack-lock.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', holder, root, '1500'], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    const heldAt = Date.now();

    await expect(withStackLock(root, () => Promise.resolve(), { waitMs: 200 })).rejects.toThrow(/another process .*stack\.lock/);
    const entered = await withStackLock(root, () => Promise.resolve(Date.now()), { waitMs: 30_000 });
    expect(entered).toBeGreaterThanOrEqual(heldAt + 1500);
  }, 30_000);
});
