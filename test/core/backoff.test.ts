/** One backoff formula (core/backoff.ts), each caller with its own numbers: the pipeline's retry policy and the crawler's. */
import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../../core/backoff.js';
import { backoffDelay } from '../../platform/retry.js';

describe('backoff', () => {
  it('grows by the factor per attempt up to the cap, spread by ±jitter', () => {
    const crawler = { initialMs: 500, maxMs: 30_000, factor: 2, jitter: 0.25 };
    expect(backoffDelayMs(0, crawler, () => 0.5)).toBe(500);
    expect(backoffDelayMs(3, crawler, () => 0.5)).toBe(4000);
    expect(backoffDelayMs(10, crawler, () => 0.5)).toBe(30_000);
    expect(backoffDelayMs(1, crawler, () => 0)).toBe(750);
    expect(backoffDelayMs(1, crawler, () => 1)).toBe(1250);
  });

  it("keeps the retry policy's numbers: from 300 ms, doubling, at most 10 s, ±20 %, whole ms", () => {
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const base = Math.min(10_000, 300 * 2 ** attempt);
      const delay = backoffDelay(attempt);
      expect(Number.isInteger(delay)).toBe(true);
      expect(delay).toBeGreaterThanOrEqual(Math.round(base * 0.8));
      expect(delay).toBeLessThanOrEqual(Math.round(base * 1.2));
    }
  });
});
