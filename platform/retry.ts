/**
 * The one retry policy of the pipeline (after kafkajs's retrier): exponential backoff with
 * jitter, and a single place that decides which errors are worth another try, and for how long.
 */
import { errors as esErrors } from '@elastic/elasticsearch';
import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelayMs } from '../core/backoff.js';
import { ItemError, SentinelError } from '../core/errors.js';

/**
 * How an error is retried:
 * - `outage`: a service is away or not serving at all (connection refused, a timeout, no living
 *   connection, a Kafka broker gone, the client's own retries used up, a 502/503/504 answer).
 *   The same input will succeed once it is back, so the stage retries for as long as it runs and
 *   the partition waits (backpressure): a long outage must not dead-letter good messages.
 * - `bounded`: the service answers but turns these messages away for now (an Elasticsearch item
 *   error 429, 5xx or es_rejected_execution_exception; a 429 or 500 answer, such as a circuit
 *   breaker tripped by this request). Worth a few more tries, but it may be the messages' own
 *   doing, so after SENTINEL_MAX_ATTEMPTS they go to dead-letter and the partition moves on.
 * - `never`: another try fails the same way (a TypeError, a schema error, a 4xx).
 */
export type RetryKind = 'outage' | 'bounded' | 'never';

export function retryKind(error: unknown): RetryKind {
  if (error instanceof ItemError) return error.retriable ? 'bounded' : 'never';
  if (error instanceof SentinelError) return error.retriable ? 'outage' : 'never';
  if (
    error instanceof esErrors.ConnectionError ||
    error instanceof esErrors.TimeoutError ||
    error instanceof esErrors.NoLivingConnectionsError
  )
    return 'outage';
  if (error instanceof esErrors.ResponseError) {
    const status = error.statusCode ?? 0;
    if (status === 502 || status === 503 || status === 504) return 'outage';
    return status === 429 || status >= 500 ? 'bounded' : 'never';
  }
  if (!isKafkaJsError(error)) return 'never';
  // kafkajs gives up on a retriable error (broker away) with this non-retriable wrapper; the stage outlasts it.
  if (error.name === 'KafkaJSNumberOfRetriesExceeded') return 'outage';
  return error.retriable ? 'outage' : 'never';
}

export function isRetriable(error: unknown): boolean {
  return retryKind(error) !== 'never';
}

/** By shape: kafkajs is CommonJS and spreads its error classes, which ESM cannot import by name. */
function isKafkaJsError(error: unknown): error is Error & { retriable: boolean } {
  return error instanceof Error && error.name.startsWith('KafkaJS') && typeof (error as { retriable?: unknown }).retriable === 'boolean';
}

export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  factor?: number;
}

/** The pipeline's backoff (core/backoff.ts): from 300 ms, doubling, at most 10 s, ±20 % jitter, in whole ms. */
export function backoffDelay(attempt: number, { initialMs = 300, maxMs = 10_000, factor = 2 }: BackoffOptions = {}): number {
  return Math.round(backoffDelayMs(attempt, { initialMs, maxMs, factor, jitter: 0.2 }));
}

export class StageStoppedError extends SentinelError {
  constructor() {
    super('stage-stopping', 'stage is stopping; the batch will be read again by the next owner of the partition', { retriable: false });
    this.name = 'StageStoppedError';
  }
}

export interface RetryHooks {
  isRunning: () => boolean;
  heartbeat: () => Promise<void>;
  onRetry: (error: unknown, attempt: number, delayMs: number) => void;
  backoff?: BackoffOptions;
}

/**
 * Waits out the backoff before try `attempt + 1`, keeping the consumer's session alive
 * (`heartbeat`); gives up only when the stage stops (`isRunning`).
 */
export async function waitToRetry(error: unknown, attempt: number, hooks: RetryHooks): Promise<void> {
  const delay = backoffDelay(attempt, hooks.backoff);
  hooks.onRetry(error, attempt, delay);
  const until = Date.now() + delay;
  while (Date.now() < until) {
    if (!hooks.isRunning()) throw new StageStoppedError();
    await hooks.heartbeat().catch(() => undefined);
    await sleep(Math.min(1000, Math.max(0, until - Date.now())));
  }
}

/**
 * Runs `task` until it succeeds or fails for good, without a bound on the tries: for work that
 * no message can be blamed for (sending dead letters), so an outage stalls the partition —
 * backpressure — instead of losing the batch. A stage's handling of its messages is bounded
 * per message instead (platform/kafka.ts).
 */
export async function retryWhileRunning<T>(task: () => Promise<T>, hooks: RetryHooks): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await task();
    } catch (error) {
      if (!isRetriable(error)) throw error;
      await waitToRetry(error, attempt, hooks);
    }
  }
}
