/**
 * The tipline's way into the pipeline: a kafkajs producer that sends each submission's document
 * to `documents.raw`, keyed by its id like a crawled page (the dashboards app takes it as
 * `tipline.publish`).
 */
import type { SentinelConfig } from '../core/config.js';
import type { SourceDocument } from '../core/contracts.js';
import { topicNames } from '../core/topics.js';
import { createKafka, createProducer, sendJson } from './kafka.js';

export interface TiplinePublisher {
  publish: (document: SourceDocument) => Promise<void>;
  close: () => Promise<void>;
}

export async function connectTiplinePublisher(config: SentinelConfig): Promise<TiplinePublisher> {
  const producer = createProducer(createKafka(config, 'sentinel-tipline'));
  await producer.connect();
  const topic = topicNames(config.namespace).documentsRaw;
  return {
    publish: (document) => sendJson(producer, topic, [{ key: document.id, value: document }]),
    close: () => producer.disconnect(),
  };
}
