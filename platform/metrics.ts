/**
 * Prometheus metrics for every stage (prom-client): throughput, dead letters, retries, batch
 * latency and consumer lag, labelled by stage. One registry per process, served by `run`.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'sentinel_' });

export const stageMetrics = {
  messages: new Counter({
    name: 'sentinel_stage_messages_total',
    help: 'Messages handled by a stage (stored or dead-lettered)',
    labelNames: ['stage', 'outcome'],
    registers: [registry],
  }),
  retries: new Counter({
    name: 'sentinel_stage_retries_total',
    help: 'Batch retries after a retriable error (Elasticsearch or Kafka unavailable)',
    labelNames: ['stage'],
    registers: [registry],
  }),
  crashes: new Counter({
    name: 'sentinel_stage_consumer_crashes_total',
    help: 'Consumer crashes kafkajs does not restart itself; the stage rejoins its group after each',
    labelNames: ['stage'],
    registers: [registry],
  }),
  batchSeconds: new Histogram({
    name: 'sentinel_stage_batch_seconds',
    help: 'Time to handle one batch, retries included',
    labelNames: ['stage'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  }),
  lag: new Gauge({
    name: 'sentinel_stage_consumer_lag',
    help: 'Messages behind the end of the partition after the last batch',
    labelNames: ['stage', 'topic', 'partition'],
    registers: [registry],
  }),
  repeatsSkipped: new Counter({
    name: 'sentinel_extract_repeats_skipped_total',
    help: 'Documents extract-claims did not turn into claims again: same id and content as one it just did',
    registers: [registry],
  }),
  claimsCapped: new Counter({
    name: 'sentinel_claims_capped_total',
    help: 'Claims not sent on because their document held more than the per-document cap',
    registers: [registry],
  }),
  crawlSkipped: new Counter({
    name: 'sentinel_crawl_skipped_total',
    help: 'Pages fetched but not sent down the pipeline',
    labelNames: ['source', 'reason'],
    registers: [registry],
  }),
};
