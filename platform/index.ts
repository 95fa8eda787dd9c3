/**
 * The platform: the only code that talks to Kafka (kafkajs) and Elasticsearch
 * (@elastic/elasticsearch). Connections, the stage runner with its retries and dead letters,
 * bulk writes, the document sink, metrics and health probes. Stages, crawlers, dashboards and
 * the CLI take what they need from here.
 */
export type { estypes } from '@elastic/elasticsearch';
export { errors as elasticsearchErrors } from '@elastic/elasticsearch';
export { createElasticsearchClient, type Client } from './elasticsearch/client.js';
export { bulkIndex, chunkWrites, DEFAULT_BULK_LIMITS, type BulkDoc, type BulkLimits, type BulkRejection } from './elasticsearch/bulk.js';
export {
  deleteIndices,
  ensureAliasedIndex,
  ensureIndexFamilies,
  ensureIndices,
  indexSettingsFromEnv,
  type IndexSettings,
} from './elasticsearch/indices.js';
export { msearchFailure } from './elasticsearch/search.js';
export { scanPages, type ScanRequest } from './elasticsearch/scan.js';
export {
  committedThrough,
  createKafka,
  createProducer,
  decodeMessage,
  deadLetterFor,
  ensureTopics,
  runStage,
  sendJson,
  type Admin,
  type Consumer,
  type Kafka,
  type KeyedMessage,
  type Producer,
  type Received,
  type Rejected,
  type RunningStage,
  type StageOptions,
} from './kafka.js';
export {
  indexReceived,
  stageGroupId,
  startStage,
  withProducer,
  type Origin,
  type SendJson,
  type StageDefinition,
  type WritesFor,
} from './stage-runner.js';
export { backoffDelay, isRetriable, retryKind, StageStoppedError, type BackoffOptions, type RetryKind } from './retry.js';
export { connectTiplinePublisher, openKafkaDocumentSink, type KafkaDocumentSink, type TiplinePublisher } from './document-sink.js';
export { registry, stageMetrics } from './metrics.js';
export { serveMetrics } from './metrics-server.js';
export { elasticsearchReady, kafkaReady } from './health.js';
