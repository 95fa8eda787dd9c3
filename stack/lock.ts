/**
 * One start or stop of the local stack at a time, across processes: two commands started together
 * (`npm test` beside `npm start`, two evaluations) would otherwise both see no broker, both format
 * Kafka's log dir with cluster ids of their own, and one of them fail. The lock is a folder that
 * proper-lockfile keeps fresh while its holder lives and removes when it exits; only a holder
 * killed outright leaves it, and it goes stale after STALE_MS. Stale is long because a first start
 * downloads the distributions with spawnSync, which stops the lock's refresh meanwhile.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { lock } from 'proper-lockfile';
import { StackError } from '../core/errors.js';

export interface StackLockOptions {
  /** How long to wait for another process's start or stop (a first start downloads the distributions). */
  waitMs?: number;
  /** Said once when another process holds the lock. */
  onWait?: () => void;
}

const POLL_MS = 500;
const STALE_MS = 5 * 60_000;

export async function withStackLock<T>(root: string, work: () => Promise<T>, options: StackLockOptions = {}): Promise<T> {
  const { waitMs = 15 * 60_000, onWait } = options;
  mkdirSync(root, { recursive: true });
  const lockfilePath = join(root, 'stack.lock');
  const deadline = Date.now() + waitMs;
  let release: (() => Promise<void>) | undefined;
  let told = false;
  while (!release) {
    try {
      release = await lock(root, {
        lockfilePath,
        realpath: false,
        stale: STALE_MS,
        update: 10_000,
        // Taken over after a download longer than STALE_MS: finish the start rather than crash in a timer.
        onCompromised: () => undefined,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
      if (Date.now() >= deadline) {
        throw new StackError(
          `another process has been starting or stopping the stack for ${Math.ceil(waitMs / 1000)} s (lock: ${lockfilePath})`,
        );
      }
      if (!told) onWait?.();
      told = true;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
  try {
    return await work();
  } finally {
    await release();
  }
}
