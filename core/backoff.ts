/**
 * The one backoff formula (after kafkajs's retrier): exponential growth from `initialMs` by
 * `factor` per attempt, capped at `maxMs`, then spread by ±`jitter` so that retries of many
 * callers do not arrive together. Pure: the random source is a parameter.
 */
export interface Backoff {
  /** The delay before the first retry (attempt 0), before jitter. */
  initialMs: number;
  /** The cap, before jitter. */
  maxMs: number;
  /** Growth per attempt. */
  factor: number;
  /** The spread around the delay, as a fraction: 0.2 is ±20 %. */
  jitter: number;
}

/** The delay in ms before retry number `attempt` (0 for the first retry); not rounded. */
export function backoffDelayMs(attempt: number, { initialMs, maxMs, factor, jitter }: Backoff, random: () => number = Math.random): number {
  const base = Math.min(maxMs, initialMs * factor ** attempt);
  return base * (1 - jitter + random() * 2 * jitter);
}
