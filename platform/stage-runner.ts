/**
 * The shape every indexing stage shares: consume a topic, turn each message into writes by
 * deterministic id, bulk them into Elasticsearch, and dead-letter the messages Elasticsearch
 * rejects for good. Replays overwrite; they never add.
 */
import type { ZodType } from 'zod';
import type { SentinelConfig } from '../core/config.js';
import { createLogger } from '../core/logger.js';
import { topicNames, type TopicNames } from '../core/names.js';
import { bulkIndex, type BulkDoc } from './elasticsearch/bulk.js';
import type { Client } from './elasticsearch/client.js';
import {
  createKafka,
  createProducer,
  ensureTopics,
  runStage,
  sendJson,
  type Received,
  type Rejected,
  type RunningStage,
  type StageOptions,
} from './kafka.js';

export interface Origin {
  partition: number;
  offset: string;
}

export type WritesFor<T> = (value: T, origin: Origin) => BulkDoc<Origin>[];

export async function indexReceived<T>(es: Client, items: Received<T>[], writesFor: WritesFor<T>): Promise<Rejected[]> {
  // indexedAt is operational metadata (latency, freshness); ids and counts do not depend on it.
  const indexedAt = new Date().toISOString();
  const writes = items
    .flatMap((item) => writesFor(item.value, { partition: item.partition, offset: item.offset }))
    .map((w) => ({ ...w, document: { ...w.document, indexedAt } }));
  const rejections = await bulkIndex(es, writes);
  // One rejected write rejects its whole message: the dead letter keeps the original payload.
  const byOffset = new Map<string, Rejected>();
  for (const r of rejections) {
    const key = `${r.origin.partition}:${r.origin.offset}`;
    if (!byOffset.has(key))
      byOffset.set(key, {
        partition: r.origin.partition,
        offset: r.origin.offset,
        reason: `Elasticsearch rejected the document (${r.status}): ${r.reason}`,
        code: 'item-rejected',
        raw: null,
      });
  }
  return [...byOffset.values()];
}

export interface StageDefinition<T> {
  stage: string;
  topic: (topics: TopicNames) => string;
  schema: ZodType<T>;
  handle: (items: Received<T>[]) => Promise<Rejected[]>;
  backoff?: StageOptions<T>['backoff'];
  maxItemsPerHandle?: number;
  poison?: StageOptions<T>['poison'];
}

/** Creates the topics, joins the stage's consumer group (`<namespace>sentinel-<stage>`) and runs. */
export async function startStage<T>(config: SentinelConfig, definition: StageDefinition<T>): Promise<RunningStage> {
  const logger = createLogger(definition.stage);
  const topics = topicNames(config.namespace);
  const kafka = createKafka(config, `sentinel-${definition.stage}`, logger);
  await ensureTopics(kafka, topics);
  return runStage({
    kafka,
    stage: definition.stage,
    groupId: stageGroupId(config, definition.stage),
    topic: definition.topic(topics),
    topics,
    schema: definition.schema,
    logger,
    handle: definition.handle,
    backoff: definition.backoff,
    maxItemsPerHandle: definition.maxItemsPerHandle,
    poison: definition.poison,
    maxAttempts: config.maxAttempts,
  });
}

export function stageGroupId(config: SentinelConfig, stage: string): string {
  return `${config.namespace}sentinel-${stage}`;
}

export type SendJson = <T>(topic: string, messages: { key: string; value: T }[]) => Promise<void>;

/** For stages that produce: one producer for the stage's life, disconnected after the consumer stops. */
export async function withProducer(
  config: SentinelConfig,
  clientId: string,
  start: (send: SendJson) => Promise<RunningStage>,
): Promise<RunningStage> {
  const producer = createProducer(createKafka(config, clientId));
  await producer.connect();
  const stage = await start((topic, messages) => sendJson(producer, topic, messages));
  return {
    consumer: stage.consumer,
    stop: async () => {
      await stage.stop();
      await producer.disconnect();
    },
  };
}
