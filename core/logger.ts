import { pino, type Logger } from 'pino';
import { runtimeConfig } from './config.js';

export type { Logger };

/** Structured logs to stderr, so a command's stdout stays clean for its data (JSONL, tables). */
export function createLogger(name: string, level: string = runtimeConfig().logLevel): Logger {
  return pino({ name, level, base: { name } }, pino.destination(2));
}
