/**
 * The one module that knows kafkajs (in maintenance mode since 2023): every stage goes
 * through these functions, so moving to another client is a change here only.
 */
import { createHash } from 'node:crypto';
import {
  Kafka,
  logLevel,
  CompressionTypes,
  Partitioners,
  type Admin,
  type Consumer,
  type ConsumerRunConfig,
  type EachBatchPayload,
  type KafkaMessage,
  type LogEntry,
  type Producer,
} from 'kafkajs';
import type { ZodType } from 'zod';
import { DEFAULT_MAX_ATTEMPTS, type SentinelConfig } from '../core/config.js';
import { DeadLetter, describeIssues } from '../core/contracts.js';
import { ItemError, PoisonMessageError, SentinelError, type DeadLetterCode } from '../core/errors.js';
import { createLogger, type Logger } from '../core/logger.js';
import { stageMetrics } from './metrics.js';
import {
  backoffDelay,
  retryKind,
  retryWhileRunning,
  StageStoppedError,
  waitToRetry,
  type BackoffOptions,
  type RetryHooks,
} from './retry.js';
import type { TopicNames } from '../core/names.js';

export type { Admin, Consumer, Kafka, Producer };

type KafkaLogLevel = 'error' | 'warn' | 'info' | 'debug';

const KAFKA_LOG_LEVELS: Record<number, KafkaLogLevel> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * Broker answers that mean "not yet": a topic or a group still being set up, a coordinator
 * moving, a rebalance. kafkajs retries them by itself and logs each try at ERROR, which made
 * every start-up look broken. The texts are kafkajs's own (src/protocol/error.js).
 */
const TRANSIENT_KAFKA_STATES = [
  'This server does not host this topic-partition',
  'There is no leader for this topic-partition',
  'This server is not the leader for that topic-partition',
  "The coordinator is loading and hence can't process requests",
  'The group coordinator is not available',
  'This is not the correct coordinator for this group',
  'The group is rebalancing',
  'Specified group generation id is not valid',
  'The group member needs to have a valid member id',
  'The leader epoch in the request is',
];

/**
 * The level a kafkajs log line is written at: an expected transient state at debug, a member
 * the group forgot (its session ran out) at warn, the rest as kafkajs says. A line that
 * reports kafkajs giving up (a crash, retries exhausted) keeps its level, whatever the cause.
 */
export function kafkaLogLevel(entry: Pick<LogEntry, 'level' | 'log'>): KafkaLogLevel {
  const level = KAFKA_LOG_LEVELS[entry.level] ?? 'info';
  if (level !== 'error' && level !== 'warn') return level;
  const text = `${entry.log.message} ${typeof entry.log.error === 'string' ? entry.log.error : ''}`;
  if (/^Crash\b|NumberOfRetriesExceeded/u.test(text)) return level;
  if (TRANSIENT_KAFKA_STATES.some((state) => text.includes(state))) return 'debug';
  if (text.includes('The coordinator is not aware of this member')) return 'warn';
  return level;
}

/** kafkajs's logCreator: its lines through pino, at the level kafkaLogLevel gives them. */
export function kafkaLogCreator(logger: Logger): () => (entry: LogEntry) => void {
  return () => (entry: LogEntry) => {
    const { message, ...extra } = entry.log;
    logger[kafkaLogLevel(entry)]({ ...extra, namespace: entry.namespace }, message);
  };
}

export function createKafka(config: SentinelConfig, clientId: string, logger: Logger = createLogger('kafka')): Kafka {
  return new Kafka({
    clientId,
    brokers: config.kafkaBrokers,
    // kafkajs logs every reconnect at ERROR; warn keeps the signal, pino keeps the format.
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(logger),
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
  throw new SentinelError(
    'topics-not-served',
    `topics ${topics.join(', ')} were created but the broker did not serve them within ${timeoutMs / 1000} s${last instanceof Error ? `: ${last.message}` : ''}`,
    { cause: last },
  );
}

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

/**
 * A producer for JSON messages. Not kafkajs's "idempotent" mode: duplicates on a retry are
 * harmless here (every effect is written by a deterministic id), and that mode would need
 * unlimited retries, which hides a broker that is down.
 */
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

/** Decodes one message: bytes → UTF-8 → JSON → schema. Every failure is a PoisonMessageError with its code and a reason. */
export function decodeMessage<T>(message: KafkaMessage, schema: ZodType<T>): T {
  if (message.value === null) throw new PoisonMessageError('empty', 'empty message (tombstone)');
  if (message.value.length === 0) throw new PoisonMessageError('empty', 'empty message (no bytes)');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(message.value);
  } catch (cause) {
    throw new PoisonMessageError('invalid-utf8', 'message is not valid UTF-8', { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new PoisonMessageError('invalid-json', `invalid JSON: ${(cause as Error).message}`, { cause });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new PoisonMessageError('schema', `schema validation failed: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

export interface Received<T> {
  value: T;
  key: string | null;
  partition: number;
  offset: string;
}

export interface ErrorNote {
  message: string;
  /** ISO time. */
  at: string;
}

export interface Rejected {
  partition: number;
  offset: string;
  reason: string;
  code: DeadLetterCode;
  raw: Buffer | null;
  /** Left out, the stage fills these in: not retriable, one try, the reason as first and last error. */
  retriable?: boolean;
  attempts?: number;
  firstError?: ErrorNote;
  lastError?: ErrorNote;
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
   * dead-letter topic). An outage (Elasticsearch or Kafka unavailable) makes the stage wait and
   * try the same batch again for as long as it runs; nothing is committed before its effect is
   * stored. A retriable error of some messages themselves (an ItemError naming them, by
   * `{ partition, offset }`) is retried up to `maxAttempts` tries of each, then they go to the
   * dead-letter topic and the rest of the batch is tried without them. Any other error is
   * treated as a poison message: the batch is handled one message at a time, and the messages
   * that still throw go to the dead-letter topic with the error.
   */
  handle: (items: Received<T>[]) => Promise<Rejected[]>;
  /** Tries of a message whose own items keep failing with a retriable error (startStage passes SENTINEL_MAX_ATTEMPTS). */
  maxAttempts?: number;
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
 * How long a silent member keeps its partitions, and so how long a crashed process's partitions
 * wait before a restarted (or another) process gets them. Members heartbeat every
 * HEARTBEAT_INTERVAL_MS, also while a slice waits on Elasticsearch or a retry backs off, and a
 * slice's CPU is bounded (by count and by fetch size), so several heartbeats fit in a session.
 * It must stay above the broker's group.min.session.timeout.ms.
 */
export const SESSION_TIMEOUT_MS = 10_000;

export const HEARTBEAT_INTERVAL_MS = 3_000;

/**
 * How long a fetch waits on the broker for new messages. An idle member heartbeats only between
 * fetches, and a stopping one leaves its group only once the fetch in flight returns, so a
 * short wait keeps both prompt; new messages still arrive at once.
 */
export const FETCH_MAX_WAIT_MS = 1_000;

/**
 * Payload kept in a dead letter at most: a 5 MB poison message must not become a dead letter over
 * the broker's message limit (which would stall the partition it came from); its size and hash
 * say what it was.
 */
export const MAX_DEAD_LETTER_PAYLOAD_BYTES = 64 * 1024;

/** Error text kept per error in a dead letter at most: an error may quote a whole document. */
const MAX_ERROR_CHARS = 4096;

const errorText = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

export function errorNote(error: unknown, at = new Date()): ErrorNote {
  return { message: errorText(error).slice(0, MAX_ERROR_CHARS) || 'unknown error', at: at.toISOString() };
}

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
  const lastError = rejected.lastError ?? { message: rejected.reason.slice(0, MAX_ERROR_CHARS), at: new Date().toISOString() };
  return DeadLetter.parse({
    stage,
    topic,
    partition: rejected.partition,
    offset: rejected.offset,
    reason: rejected.reason,
    code: rejected.code,
    retriable: rejected.retriable ?? false,
    attempts: rejected.attempts ?? 1,
    firstError: rejected.firstError ?? lastError,
    lastError,
    payload,
    ...(lossless || raw === null ? {} : { payloadBase64: raw.toString('base64') }),
    ...(whole === null ? {} : { payloadBytes: whole.length, payloadSha256: createHash('sha256').update(whole).digest('hex') }),
    ...(truncated ? { truncated: true } : {}),
    failedAt: new Date().toISOString(),
  });
}

/** A message's tries in the slice being handled, and the errors charged to it. */
interface Tries {
  attempts: number;
  /** Failures with a bounded retriable error charged to it: at `maxAttempts`, it is dead-lettered. */
  bounded: number;
  first?: ErrorNote;
  last?: ErrorNote;
}

/** The messages of `items` that an ItemError names by `{ partition, offset }`; null when it names none of them. */
function namedBy<T>(error: unknown, items: Received<T>[]): Received<T>[] | null {
  if (!(error instanceof ItemError)) return null;
  const origins = error.items.filter(
    (o): o is { partition: unknown; offset: unknown } => typeof o === 'object' && o !== null && 'partition' in o && 'offset' in o,
  );
  const named = items.filter((i) => origins.some((o) => o.partition === i.partition && o.offset === i.offset));
  return named.length > 0 ? named : null;
}

/**
 * Runs one stage as a consumer-group member: decode, handle, dead-letter the poison, then
 * commit. At-least-once: a crash before the commit replays the batch, and the deterministic
 * ids of every effect make the replay harmless. Any number of processes can run the same
 * stage; Kafka shares the partitions among them.
 */
export async function runStage<T>(options: StageOptions<T>): Promise<RunningStage> {
  const logger = options.logger ?? createLogger(options.stage);
  const stage = options.stage;
  const consumer = options.kafka.consumer({
    groupId: options.groupId,
    maxBytesPerPartition: 4 * 1024 * 1024,
    sessionTimeout: SESSION_TIMEOUT_MS,
    heartbeatInterval: HEARTBEAT_INTERVAL_MS,
    maxWaitTimeInMs: FETCH_MAX_WAIT_MS,
  });
  const producer = createProducer(options.kafka);
  await Promise.all([consumer.connect(), producer.connect()]);
  const subscription = { topic: options.topic, fromBeginning: options.fromBeginning ?? true };
  await consumer.subscribe(subscription);

  const runConfig: ConsumerRunConfig = {
    // Partitions are independent, so their batches can be stored side by side (ES bulk concurrency).
    partitionsConsumedConcurrently: options.partitionsConcurrently ?? 3,
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async (payload: EachBatchPayload) => {
      const { batch } = payload;
      const hooks: RetryHooks = {
        isRunning: () => payload.isRunning() && !payload.isStale(),
        heartbeat: payload.heartbeat,
        backoff: options.backoff,
        onRetry: (error: unknown, attempt: number, delayMs: number) => {
          stageMetrics.retries.inc({ stage });
          logger.warn(
            { err: errorText(error), kind: retryKind(error), attempt, delayMs, partition: batch.partition },
            'batch failed, will retry',
          );
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
  };

  // kafkajs restarts a crashed consumer only when the error is retriable; others (such as "Failed
  // to find group coordinator" while a broker restarts) leave it disconnected while the process
  // lives on. The stage rejoins its group itself, with backoff, until it is stopped.
  let stopping = false;
  let rejoinAttempt = 0;
  let rejoinTimer: NodeJS.Timeout | undefined;
  const rejoinLater = (): void => {
    const delayMs = backoffDelay(rejoinAttempt++, options.backoff);
    rejoinTimer = setTimeout(() => void rejoin(), delayMs);
  };
  const rejoin = async (): Promise<void> => {
    if (stopping) return;
    try {
      await consumer.connect();
      await consumer.subscribe(subscription);
      // A join that fails inside run() is reported as another crash, which schedules the next try.
      await consumer.run(runConfig);
    } catch (error) {
      logger.warn({ err: errorText(error), attempt: rejoinAttempt }, 'rejoining the consumer group failed, will try again');
      await consumer.disconnect().catch(() => undefined);
      if (!stopping) rejoinLater();
    }
  };
  consumer.on(consumer.events.CRASH, ({ payload: { error, restart } }) => {
    if (restart || stopping) return;
    stageMetrics.crashes.inc({ stage });
    logger.error({ err: errorText(error), attempt: rejoinAttempt }, 'consumer crashed with an error kafkajs does not restart; rejoining');
    rejoinLater();
  });
  consumer.on(consumer.events.GROUP_JOIN, () => {
    if (rejoinAttempt > 0) logger.info({ attempts: rejoinAttempt }, 'consumer rejoined its group');
    rejoinAttempt = 0;
  });
  // Listening before the first run: a first join that fails is a crash like any other.
  await consumer.run(runConfig);

  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;

  /**
   * Handles `items` until each is stored or rejected. An outage is retried without a bound; a
   * bounded error is charged to the messages it names (or, naming none, to all of `items`), and
   * a message charged `maxAttempts` times is dead-lettered while the others go on. A batch that
   * uses up its tries without naming a message, or fails for good, is split: each message is
   * handled on its own (a bounded count starting again), to find the one at fault.
   */
  async function handleWithRetries(items: Received<T>[], hooks: RetryHooks, tries: Map<string, Tries>): Promise<Rejected[]> {
    const triesOf = (item: Received<T>): Tries => {
      let t = tries.get(item.offset);
      if (t === undefined) tries.set(item.offset, (t = { attempts: 0, bounded: 0 }));
      return t;
    };
    const letter = (item: Received<T>, code: DeadLetterCode, error: unknown): Rejected => {
      const t = triesOf(item);
      const reason =
        code === 'retries-exhausted'
          ? `stage ${stage} gave up after ${t.attempts} tries: ${errorText(error)}`
          : `stage ${stage} failed: ${errorText(error)}`;
      return {
        partition: item.partition,
        offset: item.offset,
        reason,
        code,
        raw: null,
        retriable: code === 'retries-exhausted',
        attempts: t.attempts,
        firstError: t.first,
        lastError: t.last,
      };
    };
    const split = async (pending: Received<T>[]): Promise<Rejected[]> => {
      const out: Rejected[] = [];
      for (const item of pending) out.push(...(await handleWithRetries([item], hooks, tries)));
      return out;
    };
    const out: Rejected[] = [];
    let pending = items;
    for (let retry = 0; pending.length > 0;) {
      for (const item of pending) triesOf(item).attempts += 1;
      let error: unknown;
      try {
        const rejected = await options.handle(pending);
        const byOffset = new Map(pending.map((i) => [i.offset, triesOf(i)]));
        return [
          ...out,
          ...rejected.map((r) => ({ attempts: byOffset.get(r.offset)?.attempts, firstError: byOffset.get(r.offset)?.first, ...r })),
        ];
      } catch (caught) {
        error = caught;
      }
      if (error instanceof StageStoppedError) throw error;
      const kind = retryKind(error);
      const named = namedBy(error, pending);
      const blamed = named ?? pending;
      const note = errorNote(error);
      for (const item of blamed) {
        const t = triesOf(item);
        t.first ??= note;
        t.last = note;
      }
      let done: Received<T>[] = [];
      if (kind === 'never') {
        if (named === null && pending.length > 1) return [...out, ...(await split(pending))];
        done = blamed;
        out.push(...done.map((i) => letter(i, error instanceof ItemError ? 'item-rejected' : 'handler-failed', error)));
      } else if (kind === 'bounded') {
        for (const item of blamed) triesOf(item).bounded += 1;
        const exhausted = blamed.filter((i) => triesOf(i).bounded >= maxAttempts);
        if (exhausted.length > 0 && named === null && pending.length > 1) {
          for (const item of pending) triesOf(item).bounded = 0;
          return [...out, ...(await split(pending))];
        }
        done = exhausted;
        out.push(...done.map((i) => letter(i, 'retries-exhausted', error)));
      }
      pending = pending.filter((i) => !done.includes(i));
      // The messages left were not at fault this time: no reason to wait before trying them again.
      if (pending.some((i) => blamed.includes(i))) await waitToRetry(error, retry++, hooks);
    }
    return out;
  }

  async function handleSlice(
    messages: KafkaMessage[],
    batch: EachBatchPayload['batch'],
    payload: EachBatchPayload,
    hooks: RetryHooks,
  ): Promise<void> {
    if (messages.length === 0) return;
    const endTimer = stageMetrics.batchSeconds.startTimer({ stage });
    const good: Received<T>[] = [];
    const rejected: Rejected[] = [];
    let skipped = 0;
    for (const message of messages) {
      try {
        good.push({
          value: decodeMessage(message, options.schema),
          key: message.key?.toString('utf8') ?? null,
          partition: batch.partition,
          offset: message.offset,
        });
      } catch (error) {
        if (!(error instanceof PoisonMessageError)) throw error;
        if (options.poison === 'skip') {
          skipped += 1;
          logger.debug(
            { offset: message.offset, partition: batch.partition, reason: error.message },
            "poison skipped (dead-lettered by the topic's other reader)",
          );
        } else
          rejected.push({
            partition: batch.partition,
            offset: message.offset,
            reason: error.message,
            code: error.code,
            raw: message.value,
          });
      }
    }
    if (good.length > 0) {
      // While the slice waits on Elasticsearch, the member keeps saying it is alive.
      const beat = setInterval(() => void payload.heartbeat().catch(() => undefined), HEARTBEAT_INTERVAL_MS);
      try {
        const failed = await handleWithRetries(good, hooks, new Map());
        const raws = new Map(messages.map((m) => [m.offset, m.value]));
        rejected.push(...failed.map((f) => ({ ...f, raw: f.raw ?? raws.get(f.offset) ?? null })));
      } finally {
        clearInterval(beat);
      }
    }
    if (rejected.length > 0) {
      const letters = rejected.map((r) => deadLetterFor(stage, options.topic, r));
      await retryWhileRunning(
        () =>
          sendJson(
            producer,
            options.topics.deadLetter,
            letters.map((l) => ({ key: `${l.topic}:${l.partition}:${l.offset}`, value: l })),
          ),
        hooks,
      );
      for (const letter of letters)
        logger.warn(
          { offset: letter.offset, partition: letter.partition, code: letter.code, attempts: letter.attempts, reason: letter.reason },
          'sent to dead-letter',
        );
    }
    const last = messages.at(-1) as KafkaMessage;
    payload.resolveOffset(last.offset);
    // Committed only now, after the effects and the dead letters are stored. The committed
    // offset is the next one to read, hence +1.
    const next = (BigInt(last.offset) + 1n).toString();
    await payload.commitOffsetsIfNecessary({
      topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }],
    });
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
      stopping = true;
      clearTimeout(rejoinTimer);
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
}
