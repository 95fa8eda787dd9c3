/**
 * `npm run bench:pipeline`: end-to-end throughput and latency of the pipeline on generated
 * Vietnamese documents, beside two bare baselines measured in the same run on the same data:
 * a kafkajs produce → consume of the same messages, and a bulk index of the same documents.
 *
 *   npm run bench:pipeline -- [--docs 20000]
 * Needs the stack (`npm run stack:up`; started here if it is not running).
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../core/config.js';
import type { SourceDocument } from '../core/contracts.js';
import { indexNames, topicNames } from '../core/topics.js';
import { createElasticsearchClient, type Client } from '../pipeline/elasticsearch/client.js';
import { deleteIndices, ensureIndices } from '../pipeline/elasticsearch/indices.js';
import { createKafka, createProducer, ensureTopics, sendJson, type Kafka } from '../pipeline/kafka.js';
import { startStages, stopStages } from '../pipeline/run-stages.js';
import { stackDown, stackUp } from '../stack/index.js';
import { generateDocuments } from './generate-documents.js';

const argDocs = process.argv.indexOf('--docs');
const DOCS = argDocs > 0 ? Number(process.argv[argDocs + 1]) : 20_000;

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

async function produceAll(kafka: Kafka, topic: string, docs: SourceDocument[]): Promise<void> {
  const producer = createProducer(kafka);
  await producer.connect();
  for (let i = 0; i < docs.length; i += 500) await sendJson(producer, topic, docs.slice(i, i + 500).map((d) => ({ key: d.id, value: d })));
  await producer.disconnect();
}

async function bareKafka(kafka: Kafka, topic: string, docs: SourceDocument[]): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const started = performance.now();
  await produceAll(kafka, topic, docs);
  const consumer = kafka.consumer({ groupId: `${topic}-bare` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  await consumer.run({ eachBatch: async ({ batch }) => void (seen += batch.messages.length) });
  while (seen < docs.length) await sleep(20);
  const elapsed = (performance.now() - started) / 1000;
  await consumer.disconnect();
  return elapsed;
}

async function bareBulk(es: Client, index: string, docs: SourceDocument[]): Promise<number> {
  await es.indices.create({ index, settings: { number_of_shards: 1, number_of_replicas: 0 } });
  const started = performance.now();
  for (let i = 0; i < docs.length; i += 1000) {
    await es.bulk({ operations: docs.slice(i, i + 1000).flatMap((d) => [{ index: { _index: index, _id: d.id } }, d]) });
  }
  await es.indices.refresh({ index });
  const elapsed = (performance.now() - started) / 1000;
  await es.indices.delete({ index });
  return elapsed;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const stack = await stackUp({ progress: (l) => process.stderr.write(`[stack] ${l}\n`) });
  const config = { ...loadConfig(), namespace: `bench-${Date.now()}.` };
  const es = createElasticsearchClient(config);
  const kafka = createKafka(config, 'bench');
  const names = indexNames(config.namespace);
  const topics = topicNames(config.namespace);
  try {
    process.stderr.write(`generating ${DOCS} documents…\n`);
    const docs = generateDocuments(DOCS, 42);
    const bytes = docs.reduce((n, d) => n + Buffer.byteLength(JSON.stringify(d)), 0);

    process.stderr.write('bare kafkajs produce → consume…\n');
    const kafkaSeconds = await bareKafka(kafka, `${config.namespace}bare`, docs);
    process.stderr.write('bare bulk index…\n');
    const bulkSeconds = await bareBulk(es, `${config.namespace}bare-bulk`, docs);

    process.stderr.write('end to end: documents.raw → stages → Elasticsearch…\n');
    await ensureTopics(kafka, topics);
    await ensureIndices(es, names);
    const stages = await startStages(config, es, ['all']);
    const started = performance.now();
    const stamped = docs.map((d) => ({ ...d, fetchedAt: new Date().toISOString() }));
    await produceAll(kafka, topics.documentsRaw, stamped);
    for (;;) {
      await es.indices.refresh({ index: names.documents });
      const { count } = await es.count({ index: names.documents });
      if (count >= DOCS) break;
      await sleep(200);
    }
    const e2eSeconds = (performance.now() - started) / 1000;
    await stopStages(stages);

    // Latency per document: produced (fetchedAt, stamped at produce time) → indexedAt.
    const latencies: number[] = [];
    let after: (string | number)[] | undefined;
    for (;;) {
      const page = await es.search<{ fetchedAt: string; indexedAt: string }>({ index: names.documents, size: 5000, sort: [{ id: 'asc' }], _source: ['fetchedAt', 'indexedAt'], ...(after ? { search_after: after } : {}) });
      for (const h of page.hits.hits) if (h._source) latencies.push(Date.parse(h._source.indexedAt) - Date.parse(h._source.fetchedAt));
      const last = page.hits.hits.at(-1);
      if (!last?.sort) break;
      after = last.sort as (string | number)[];
    }
    latencies.sort((a, b) => a - b);
    const sentences = (await es.count({ index: names.sentences })).count;
    const slowerBare = Math.max(kafkaSeconds, bulkSeconds);
    const rows = [
      ['documents', String(DOCS), `${(bytes / 1024 / 1024).toFixed(1)} MiB of JSON`],
      ['bare kafkajs produce→consume', `${kafkaSeconds.toFixed(2)} s`, `${(DOCS / kafkaSeconds).toFixed(0)} docs/s`],
      ['bare bulk index', `${bulkSeconds.toFixed(2)} s`, `${(DOCS / bulkSeconds).toFixed(0)} docs/s`],
      ['end to end (documents + sentences indexed)', `${e2eSeconds.toFixed(2)} s`, `${(DOCS / e2eSeconds).toFixed(0)} docs/s, ${(sentences / e2eSeconds).toFixed(0)} sentences/s`],
      ['end to end ÷ slower bare baseline', `${(e2eSeconds / slowerBare).toFixed(2)}×`, 'target ≤ 3×'],
      ['latency produce → indexed', `p50 ${percentile(latencies, 50)} ms`, `p95 ${percentile(latencies, 95)} ms`],
      ['peak RSS (this process: producer + all stages)', `${(peakRss / 1024 / 1024).toFixed(0)} MiB`, ''],
    ];
    for (const [a, b, c] of rows) process.stdout.write(`${(a ?? '').padEnd(48)} ${(b ?? '').padEnd(16)} ${c ?? ''}\n`);
  } finally {
    clearInterval(sampler);
    await deleteIndices(es, names).catch(() => undefined);
    await es.close();
    if (stack.started.length > 0) await stackDown({ only: stack.started });
  }
}

await main();
