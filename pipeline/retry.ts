/**
 * The one retry policy of the pipeline (after kafkajs's retrier): exponential backoff with
 * jitter, and a single place that decides which errors are worth another try.
 */
import { errors as esErrors } from '@elastic/elasticsearch';
import { setTimeout as sleep } from 'node:timers/promises';
import { SentinelError } from '../core/errors.js';

/**
 * Retriable: the world is down or busy (Elasticsearch unreachable, 429, 5xx, a Kafka broker
 * away) — the same input will succeed later. Anything else (a TypeError, a schema error, a
 * 400 from Elasticsearch) will fail again and must not block the partition.
 */
export function isRetriable(error: unknown): boolean {
  if (error instanceof SentinelError) return error.retriable;
  if (error instanceof esErrors.ConnectionError || error instanceof esErrors.TimeoutError || error instanceof esErrors.NoLivingConnectionsError) return true;
  if (error instanceof esErrors.ResponseError) {
    const status = error.statusCode ?? 0;
    return status === 429 || status >= 500;
  }
  return isKafkaJsError(error) && error.retriable;
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

export function backoffDelay(attempt: number, { initialMs = 300, maxMs = 10_000, factor = 2 }: BackoffOptions = {}): number {
  const base = Math.min(maxMs, initialMs * factor ** attempt);
  return Math.round(base * (0.8 + Math.random() * 0.4)); // ±20 % jitter
}

export class StageStoppedError extends SentinelError {
  constructor() {
    super('stage is stopping; the batch will be read again by the next owner of the partition', { retriable: false });
    this.name = 'StageStoppedError';
  }
}

/**
 * Runs `task` until it succeeds or fails for good. Between tries it keeps the consumer's
 * session alive (`heartbeat`) and gives up only when the stage stops (`isRunning`), so an
 * outage of Elasticsearch stalls the partition — backpressure — instead of losing the batch.
 */
export async function retryWhileRunning<T>(
  task: () => Promise<T>,
  hooks: { isRunning: () => boolean; heartbeat: () => Promise<void>; onRetry: (error: unknown, attempt: number, delayMs: number) => void; backoff?: BackoffOptions },
): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await task();
    } catch (error) {
      if (!isRetriable(error)) throw error;
      const delay = backoffDelay(attempt, hooks.backoff);
      hooks.onRetry(error, attempt, delay);
      const until = Date.now() + delay;
      while (Date.now() < until) {
        if (!hooks.isRunning()) throw new StageStoppedError();
        await hooks.heartbeat().catch(() => undefined);
        await sleep(Math.min(1000, Math.max(0, until - Date.now())));
      }
    }
  }
}
