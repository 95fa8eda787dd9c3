/**
 * Runtime settings, read once from the environment and validated. Precedence: explicit
 * options passed by a caller > environment variables > these defaults. Ports default to
 * 19092 / 19200 so the project's stack never clashes with a user's own Kafka/Elasticsearch.
 */
import { z } from 'zod';
import { describeIssues } from './contracts.js';
import { SentinelError } from './errors.js';

const port = z.coerce.number().int().min(1).max(65535);

/** Tries of a message whose own items keep failing with a retriable error, before it is dead-lettered. */
export const DEFAULT_MAX_ATTEMPTS = 8;

const EnvSchema = z.object({
  SENTINEL_KAFKA_PORT: port.default(19092),
  SENTINEL_KAFKA_CONTROLLER_PORT: port.default(19093),
  SENTINEL_ES_PORT: port.default(19200),
  SENTINEL_ES_TRANSPORT_PORT: port.default(19300),
  /** Point at an existing cluster instead of the project's own stack. */
  SENTINEL_KAFKA_BROKERS: z.string().optional(),
  SENTINEL_ES_URL: z.string().url().optional(),
  /** Prefix for topics and indices, so several deployments or test runs can share a cluster. */
  SENTINEL_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9._-]*$/)
    .default(''),
  /** `warn`: what every command has logged by default (the level the logger applied when none was set). */
  SENTINEL_LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('warn'),
  SENTINEL_HEAP_MB: z.coerce.number().int().min(256).max(8192).default(512),
  /** Claims matched per document at most (the most check-worthy): one huge document must not flood the match stage. */
  SENTINEL_MAX_CLAIMS_PER_DOCUMENT: z.coerce.number().int().min(1).max(100_000).default(300),
  /** An outage is retried for as long as the stage runs; a retriable error of a message itself (an Elasticsearch 429 or 5xx item error) this many times, then it goes to dead-letter. */
  SENTINEL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1_000).default(DEFAULT_MAX_ATTEMPTS),
  /** Where images sent to the tipline are kept, by content hash. */
  SENTINEL_SUBMISSIONS_DIR: z.string().min(1).default('.data/submissions'),
  /** Passages kept analysed between match calls (0 keeps nothing); each takes tens of kB with its analysis. */
  SENTINEL_PASSAGE_CACHE: z.coerce.number().int().min(0).default(4096),
  /** One shard and no replica fit one node; a cluster sets more. Applied to the index templates. */
  SENTINEL_ES_SHARDS: z.coerce.number().int().min(1).default(1),
  SENTINEL_ES_REPLICAS: z.coerce.number().int().min(0).default(0),
});

/** Shards and replicas of every index the project creates (its templates). */
export interface IndexSettings {
  shards: number;
  replicas: number;
}

export interface SentinelConfig {
  kafkaBrokers: string[];
  elasticsearchUrl: string;
  kafkaPort: number;
  kafkaControllerPort: number;
  elasticsearchPort: number;
  elasticsearchTransportPort: number;
  namespace: string;
  logLevel: z.infer<typeof EnvSchema>['SENTINEL_LOG_LEVEL'];
  heapMb: number;
  maxClaimsPerDocument: number;
  maxAttempts: number;
  submissionsDir: string;
  passageCacheSize: number;
  indexSettings: Readonly<IndexSettings>;
}

export class ConfigurationError extends SentinelError {
  constructor(message: string) {
    super('configuration-invalid', message);
    this.name = 'ConfigurationError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<SentinelConfig> {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) throw new ConfigurationError(`invalid environment: ${describeIssues(parsed.error)}`);
  const e = parsed.data;
  // 127.0.0.1, not localhost: Node may try ::1 first and the services listen on IPv4 loopback.
  return Object.freeze({
    kafkaBrokers: (e.SENTINEL_KAFKA_BROKERS ?? `127.0.0.1:${e.SENTINEL_KAFKA_PORT}`).split(',').map((b) => b.trim()),
    elasticsearchUrl: e.SENTINEL_ES_URL ?? `http://127.0.0.1:${e.SENTINEL_ES_PORT}`,
    kafkaPort: e.SENTINEL_KAFKA_PORT,
    kafkaControllerPort: e.SENTINEL_KAFKA_CONTROLLER_PORT,
    elasticsearchPort: e.SENTINEL_ES_PORT,
    elasticsearchTransportPort: e.SENTINEL_ES_TRANSPORT_PORT,
    // A prefix of every topic and index: "team-a" reads as "team-a.documents.raw", not "team-adocuments.raw".
    namespace: e.SENTINEL_NAMESPACE === '' || /[._-]$/u.test(e.SENTINEL_NAMESPACE) ? e.SENTINEL_NAMESPACE : `${e.SENTINEL_NAMESPACE}.`,
    logLevel: e.SENTINEL_LOG_LEVEL,
    heapMb: e.SENTINEL_HEAP_MB,
    maxClaimsPerDocument: e.SENTINEL_MAX_CLAIMS_PER_DOCUMENT,
    maxAttempts: e.SENTINEL_MAX_ATTEMPTS,
    submissionsDir: e.SENTINEL_SUBMISSIONS_DIR,
    passageCacheSize: e.SENTINEL_PASSAGE_CACHE,
    indexSettings: Object.freeze({ shards: e.SENTINEL_ES_SHARDS, replicas: e.SENTINEL_ES_REPLICAS }),
  });
}

let processConfig: Readonly<SentinelConfig> | undefined;

/**
 * This process's settings, read from its environment once (on first use) and shared by the
 * modules that have no config handed to them: the logger's level, the passage cache's size,
 * the index settings' defaults. Commands still call `loadConfig` (and may override values).
 */
export function runtimeConfig(): Readonly<SentinelConfig> {
  processConfig ??= loadConfig(process.env);
  return processConfig;
}
