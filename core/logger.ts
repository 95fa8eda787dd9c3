import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured logs to stderr, so a command's stdout stays clean for its data (JSONL, tables). */
export function createLogger(name: string, level = process.env.SENTINEL_LOG_LEVEL ?? 'warn'): Logger {
  return pino({ name, level, base: { name } }, pino.destination(2));
}
