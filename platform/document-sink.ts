/**
 * The way into the pipeline: a kafkajs producer behind a `DocumentSink`. Documents go to
 * `documents.raw` keyed by their id, official statements to `statements.raw` keyed by the hash
 * of their canonical URL, so every version of one page keeps its order on one partition.
 */
import type { SentinelConfig } from '../core/config.js';
import type { DocumentSink, SourceDocument } from '../core/contracts.js';
import { documentIdFor } from '../core/ids.js';
import { createLogger, type Logger } from '../core/logger.js';
import { topicNames } from '../core/names.js';
import { createKafka, createProducer, ensureTopics, sendJson } from './kafka.js';

export interface KafkaDocumentSink extends DocumentSink {
  close: () => Promise<void>;
}

export async function openKafkaDocumentSink(
  config: SentinelConfig,
  clientId: string,
  options: { logger?: Logger; ensureTopics?: boolean } = {},
): Promise<KafkaDocumentSink> {
  const topics = topicNames(config.namespace);
  const kafka = createKafka(config, clientId, options.logger ?? createLogger('kafka'));
  if (options.ensureTopics) await ensureTopics(kafka, topics);
  const producer = createProducer(kafka);
  await producer.connect();
  return {
    document: (doc) => sendJson(producer, topics.documentsRaw, [{ key: doc.id, value: doc }]),
    statement: (statement) =>
      sendJson(producer, topics.statementsRaw, [{ key: statement.url ? documentIdFor(statement.url) : statement.id, value: statement }]),
    close: () => producer.disconnect(),
  };
}

/** The tipline's publisher (the dashboards app takes it as `tipline.publish`). */
export interface TiplinePublisher {
  publish: (document: SourceDocument) => Promise<void>;
  close: () => Promise<void>;
}

export async function connectTiplinePublisher(config: SentinelConfig): Promise<TiplinePublisher> {
  const sink = await openKafkaDocumentSink(config, 'sentinel-tipline');
  return { publish: sink.document, close: sink.close };
}
