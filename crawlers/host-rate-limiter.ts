/**
 * Per-host politeness: at most N requests per minute to one host, spaced evenly (one every
 * 60/N seconds) rather than in bursts, shared by every crawler of the process.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export class HostRateLimiter {
  readonly #next = new Map<string, number>();

  /** Waits until a request to `host` is allowed at `perMinute`, and books that slot. */
  async acquire(host: string, perMinute: number): Promise<void> {
    const spacingMs = 60_000 / perMinute;
    const now = Date.now();
    const slot = Math.max(now, this.#next.get(host) ?? 0);
    this.#next.set(host, slot + spacingMs);
    if (slot > now) await sleep(slot - now);
  }
}
