/**
 * The one module that knows kafkajs (in maintenance mode since 2023): every stage goes
 * through these functions, so moving to another client is a change here only.
 */
import { createHash } from 'node:crypto';
import { Kafka, logLevel, CompressionTypes, Partitioners, type Admin, type Consumer, type EachBatchPayload, type KafkaMessage, type LogEntry, type Producer } from 'kafkajs';
import type { ZodType } from 'zod';
import type { SentinelConfig } from '../core/config.js';
import { DeadLetter, describeIssues } from '../core/contracts.js';
import { PoisonMessageError } from '../core/errors.js';
import { createLogger, type Logger } from '../core/logger.js';
import { stageMetrics } from './metrics.js';
import { isRetriable, retryWhileRunning, StageStoppedError, type BackoffOptions } from './retry.js';
import type { TopicNames } from '../core/topics.js';

export type { Admin, Consumer, Kafka, Producer };

const KAFKA_LOG_LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

export function createKafka(config: SentinelConfig, clientId: string, logger: Logger = createLogger('kafka')): Kafka {
  return new Kafka({
    clientId,
    brokers: config.kafkaBrokers,
    // kafkajs logs every reconnect at ERROR; warn keeps the signal, pino keeps the format.
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => {
      const { message, ...extra } = entry.log;
      logger[KAFKA_LOG_LEVELS[entry.level] ?? 'info']({ ...extra, namespace: entry.namespace }, message);
    },
    retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 30_000 },
  });
}

/** Creates missing topics (idempotent). Partition count bounds how many processes a stage can run. */
export async function ensureTopics(kafka: Kafka, topics: TopicNames, partitions = 3): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = Object.values(topics).filter((t) => !existing.has(t));
    if (missing.length > 0) {
      // kafkajs's own waitForLeaders gives up on "does not host this topic-partition"; untilServed waits through it.
      await admin.createTopics({
        waitForLeaders: false,
        topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
      });
      await untilServed(admin, missing);
    }
  } finally {
    await admin.disconnect();
  }
}

/**
 * Waits until the broker answers metadata for every new topic with a leader per partition. With
 * KRaft, createTopics can return before the broker's own metadata cache
 * has the topic, and a producer asking then gets "This server does not host this topic-partition".
 */
async function untilServed(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const { topics: found } = await admin.fetchTopicMetadata({ topics });
      if (found.length === topics.length && found.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`topics ${topics.join(', ')} were created but the broker did not serve them within ${timeoutMs / 1000} s${last instanceof Error ? `: ${last.message}` : ''}`);
}

/**
 * A producer for JSON messages. Not kafkajs's "idempotent" mode: duplicates on a retry are
 * harmless here (every effect is written by a deterministic id), and that mode would need
 * unlimited retries, which hides a broker that is down.
 */
/** A topic's end offsets, partition by partition (what `fetchTopicOffsets` answers). */
export type TopicEnds = Awaited<ReturnType<Admin['fetchTopicOffsets']>>;

/**
 * Whether `groupId` has committed up to `ends` on every partition of `topic` (by default the
 * topic's ends now): everything produced until then has been handled and its effects stored.
 */
export async function committedThrough(admin: Admin, groupId: string, topic: string, ends?: TopicEnds): Promise<boolean> {
  const [until, committed] = await Promise.all([ends ?? admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
  const done = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
  return until.every((p) => Number(p.high) === 0 || (done.get(p.partition) ?? -1) >= Number(p.high));
}

export function createProducer(kafka: Kafka): Producer {
  return kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
}

export interface KeyedMessage<T> {
  key: string;
  value: T;
}

/** JSON messages, keyed so one document's messages keep their order on one partition. */
export async function sendJson<T>(producer: Producer, topic: string, messages: KeyedMessage<T>[]): Promise<void> {
  if (messages.length === 0) return;
  await producer.send({
    topic,
    compression: CompressionTypes.GZIP,
    messages: messages.map((m) => ({ key: m.key, value: JSON.stringify(m.value) })),
  });
}

/** Decodes one message: bytes → UTF-8 → JSON → schema. Every failure is a PoisonMessageError with a reason. */
export function decodeMessage<T>(message: KafkaMessage, schema: ZodType<T>): T {
  if (message.value === null) throw new PoisonMessageError('empty message (tombstone)');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(message.value);
  } catch (cause) {
    throw new PoisonMessageError('message is not valid UTF-8', { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new PoisonMessageError(`invalid JSON: ${(cause as Error).message}`, { cause });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new PoisonMessageError(`schema validation failed: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

export interface Received<T> {
  value: T;
  key: string | null;
  partition: number;
  offset: string;
}

export interface Rejected {
  partition: number;
  offset: string;
  reason: string;
  raw: Buffer | null;
}

export interface StageOptions<T> {
  kafka: Kafka;
  stage: string;
  groupId: string;
  topic: string;
  topics: TopicNames;
  schema: ZodType<T>;
  /**
   * Stores the effects of a batch. Returns the items it rejected for good (they go to the
   * dead-letter topic). A retriable error (Elasticsearch or Kafka unavailable) makes the
   * stage wait and try the same batch again; nothing is committed before its effect is stored.
   * Any other error is treated as a poison message: the batch is handled one message at a
   * time, and the messages that still throw go to the dead-letter topic with the error.
   */
  handle: (items: Received<T>[]) => Promise<Rejected[]>;
  logger?: Logger;
  fromBeginning?: boolean;
  /** Backoff between retries of a batch; tests make it short. */
  backoff?: BackoffOptions;
  /** How many of this process's partitions are handled at once (default 3). */
  partitionsConcurrently?: number;
  /** Messages per `handle` call and per commit (default 500); CPU-heavy stages take fewer. */
  maxItemsPerHandle?: number;
  /**
   * What to do with a message that fails to decode (bad JSON, schema, UTF-8, empty): every reader
   * of a topic sees the same poison, so one reader per topic dead-letters it (`dead-letter`, the
   * default) and the others `skip` it, counted as `poison-skipped`. A failure of the stage's own
   * handling is always dead-lettered by the stage.
   */
  poison?: 'dead-letter' | 'skip';
}

export interface RunningStage {
  consumer: Consumer;
  stop: () => Promise<void>;
}

export const DEFAULT_MAX_ITEMS_PER_HANDLE = 500;

/**
 * How long a silent member keeps its partitions. 30 s (Kafka's own default is 45 s) rides out
 * a busy machine and a slow Elasticsearch; a crashed process's partitions move after it.
 */
export const SESSION_TIMEOUT_MS = 30_000;

/**
 * Payload kept in a dead letter at most: a 5 MB poison message must not become a dead letter over
 * the broker's message limit (which would stall the partition it came from); its size and hash
 * say what it was.
 */
export const MAX_DEAD_LETTER_PAYLOAD_BYTES = 64 * 1024;

export function deadLetterFor(stage: string, topic: string, rejected: Rejected): DeadLetter {
  const whole = rejected.raw;
  const truncated = whole !== null && whole.length > MAX_DEAD_LETTER_PAYLOAD_BYTES;
  const raw = whole !== null && truncated ? whole.subarray(0, MAX_DEAD_LETTER_PAYLOAD_BYTES) : whole;
  let payload = raw === null ? '' : raw.toString('utf8');
  // A cut may split the last character: drop the replacement it decodes to.
  if (truncated) payload = payload.replace(/\uFFFD$/u, '');
  // Lossless: the text is the message's bytes (up to the cut); otherwise the bytes go as base64.
  const encoded = Buffer.from(payload, 'utf8');
  const lossless = raw !== null && encoded.equals(raw.subarray(0, encoded.length)) && (truncated || encoded.length === raw.length);
  return DeadLetter.parse({
    stage,
    topic,
    partition: rejected.partition,
    offset: rejected.offset,
    reason: rejected.reason,
    payload,
    ...(lossless || raw === null ? {} : { payloadBase64: raw.toString('base64') }),
    ...(whole === null ? {} : { payloadBytes: whole.length, payloadSha256: createHash('sha256').update(whole).digest('hex') }),
    ...(truncated ? { truncated: true } : {}),
    failedAt: new Date().toISOString(),
  });
}

const errorText = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/**
 * Runs one stage as a consumer-group member: decode, handle, dead-letter the poison, then
 * commit. At-least-once: a crash before the commit replays the batch, and the deterministic
 * ids of every effect make the replay harmless. Any number of processes can run the same
 * stage; Kafka shares the partitions among them.
 */
export async function runStage<T>(options: StageOptions<T>): Promise<RunningStage> {
  const logger = options.logger ?? createLogger(options.stage);
  const stage = options.stage;
  const consumer = options.kafka.consumer({ groupId: options.groupId, maxBytesPerPartition: 4 * 1024 * 1024, sessionTimeout: SESSION_TIMEOUT_MS, heartbeatInterval: 3_000 });
  const producer = createProducer(options.kafka);
  await Promise.all([consumer.connect(), producer.connect()]);
  await consumer.subscribe({ topic: options.topic, fromBeginning: options.fromBeginning ?? true });

  await consumer.run({
    // Partitions are independent, so their batches can be stored side by side (ES bulk concurrency).
    partitionsConsumedConcurrently: options.partitionsConcurrently ?? 3,
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async (payload: EachBatchPayload) => {
      const { batch } = payload;
      const hooks = {
        isRunning: () => payload.isRunning() && !payload.isStale(),
        heartbeat: payload.heartbeat,
        backoff: options.backoff,
        onRetry: (error: unknown, attempt: number, delayMs: number) => {
          stageMetrics.retries.inc({ stage });
          logger.warn({ err: errorText(error), attempt, delayMs, partition: batch.partition }, 'batch failed, will retry');
        },
      };
      // A fetched batch can hold thousands of messages. Handled and committed in slices, with a
      // heartbeat between them, a CPU-heavy stage stays in its group, and a rebalance repeats
      // at most one slice.
      const sliceSize = options.maxItemsPerHandle ?? DEFAULT_MAX_ITEMS_PER_HANDLE;
      for (let from = 0; from < batch.messages.length; from += sliceSize) {
        if (!hooks.isRunning()) return; // the rest is read again by the partition's next owner
        await handleSlice(batch.messages.slice(from, from + sliceSize), batch, payload, hooks);
      }
    },
  });

  async function handleSlice(messages: KafkaMessage[], batch: EachBatchPayload['batch'], payload: EachBatchPayload, hooks: Parameters<typeof retryWhileRunning>[1]): Promise<void> {
    if (messages.length === 0) return;
    const endTimer = stageMetrics.batchSeconds.startTimer({ stage });
    const good: Received<T>[] = [];
    const rejected: Rejected[] = [];
    let skipped = 0;
    for (const message of messages) {
      try {
        good.push({ value: decodeMessage(message, options.schema), key: message.key?.toString('utf8') ?? null, partition: batch.partition, offset: message.offset });
      } catch (error) {
        if (!(error instanceof PoisonMessageError)) throw error;
        if (options.poison === 'skip') {
          skipped += 1;
          logger.debug({ offset: message.offset, partition: batch.partition, reason: error.message }, 'poison skipped (dead-lettered by the topic\'s other reader)');
        } else rejected.push({ partition: batch.partition, offset: message.offset, reason: error.message, raw: message.value });
      }
    }
    const handleIsolated = async (items: Received<T>[]): Promise<Rejected[]> => {
      try {
        return await retryWhileRunning(() => options.handle(items), hooks);
      } catch (error) {
        if (isRetriable(error) || error instanceof StageStoppedError || items.length === 0) throw error;
        if (items.length === 1) {
          const item = items[0] as Received<T>;
          return [{ partition: item.partition, offset: item.offset, reason: `stage ${stage} failed: ${errorText(error)}`, raw: null }];
        }
        // One message broke the batch: find it by handling each message on its own.
        const out: Rejected[] = [];
        for (const item of items) out.push(...(await handleIsolated([item])));
        return out;
      }
    };
    if (good.length > 0) {
      // While the slice waits on Elasticsearch, the member keeps saying it is alive.
      const beat = setInterval(() => void payload.heartbeat().catch(() => undefined), 3_000);
      try {
        const failed = await handleIsolated(good);
        const raws = new Map(messages.map((m) => [m.offset, m.value]));
        rejected.push(...failed.map((f) => ({ ...f, raw: f.raw ?? raws.get(f.offset) ?? null })));
      } finally {
        clearInterval(beat);
      }
    }
    if (rejected.length > 0) {
      const letters = rejected.map((r) => deadLetterFor(stage, options.topic, r));
      await retryWhileRunning(
        () => sendJson(producer, options.topics.deadLetter, letters.map((l) => ({ key: `${l.topic}:${l.partition}:${l.offset}`, value: l }))),
        hooks,
      );
      for (const letter of letters) logger.warn({ offset: letter.offset, partition: letter.partition, reason: letter.reason }, 'sent to dead-letter');
    }
    const last = messages.at(-1) as KafkaMessage;
    payload.resolveOffset(last.offset);
    // Committed only now, after the effects and the dead letters are stored. The committed
    // offset is the next one to read, hence +1.
    const next = (BigInt(last.offset) + 1n).toString();
    await payload.commitOffsetsIfNecessary({ topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }] });
    stageMetrics.messages.inc({ stage, outcome: 'stored' }, messages.length - rejected.length - skipped);
    if (skipped > 0) stageMetrics.messages.inc({ stage, outcome: 'poison-skipped' }, skipped);
    if (rejected.length > 0) stageMetrics.messages.inc({ stage, outcome: 'dead-letter' }, rejected.length);
    stageMetrics.lag.set({ stage, topic: batch.topic, partition: String(batch.partition) }, Math.max(0, Number(batch.offsetLag())));
    endTimer();
    await payload.heartbeat();
  }

  return {
    consumer,
    // disconnect() waits for the batch in flight to finish (and commit) before leaving the group.
    stop: async () => {
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
}
