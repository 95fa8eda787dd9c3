/**
 * `npm run bench:pipeline`: end-to-end throughput and latency of the pipeline on generated
 * Vietnamese documents, beside two bare baselines measured in the same run on the same data:
 * a kafkajs produce → consume of the same messages, and a bulk index of the same documents.
 *
 *   npm run bench:pipeline -- [--docs 20000] [--statements 2000] [--match-processes 1]
 * `--match-processes N` runs score-claims (matching, the heaviest stage) in N child processes
 * (`sentinel run --stages match`), as the README's deployment does, and the other stages in this
 * one; 0 runs every stage in this process (one Node thread: about 0.6× the throughput on 2 cores).
 * Needs the stack (`npm run stack:up`; started here if it is not running).
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Command } from 'commander';
import { loadConfig, type SentinelConfig } from '../core/config.js';
import type { SourceDocument } from '../core/contracts.js';
import {
  type Client,
  createElasticsearchClient,
  createKafka,
  createProducer,
  deleteIndices,
  ensureIndices,
  ensureTopics,
  type estypes,
  type Kafka,
  sendJson,
} from '../platform/index.js';
import { indexNames, topicNames, type IndexNames } from '../core/names.js';
import { ensureStatementsIndex, indexStatements } from '../classifiers/matching/index.js';
import { startStages, stopStages, waitUntilDrained } from '../pipeline/run-stages.js';
import { stackDown, stackUp } from '../stack/index.js';
import { produceDocuments, spawnStageProcess, stopProcess, waitForStageProcess } from '../test/pipeline/stage-harness.js';
import { generateDocuments, generateStatements } from './generate-documents.js';
import { parseScriptArgs, positiveInt, scriptHelp, wholeNumber } from '../core/script-cli.js';

const program = new Command('bench:pipeline')
  .description(
    'end-to-end throughput and latency of the pipeline on generated documents, beside bare Kafka and bulk-index baselines: prints rates, the ratio to the 3× target, latencies and RSS',
  )
  .option('--docs <n>', 'generated documents', positiveInt, 20_000)
  .option('--statements <n>', 'official statements indexed first', wholeNumber, 2_000)
  .option(
    '--match-processes <n>',
    'run score-claims (matching) in N child processes (`sentinel run --stages match`), the other stages here; 0: every stage here',
    wholeNumber,
    1,
  )
  .addHelpText(
    'after',
    scriptHelp({
      npm: 'bench:pipeline',
      file: 'bench/pipeline.ts',
      notes: [
        'Generated documents and statements (bench/generate-documents.ts), in a namespace of its own (its indices are deleted afterwards). ' +
          'Kafka and Elasticsearch are started when not running; what this run started is stopped at the end.',
      ],
    }),
  )
  .showHelpAfterError();
const {
  docs: DOCS,
  statements: STATEMENTS,
  matchProcesses: MATCH_PROCESSES,
} = parseScriptArgs<{ docs: number; statements: number; matchProcesses: number }>(program);

/** `sentinel run --stages match` for this config, as the tests run stage processes; resolves once its consumers run. */
async function startMatchProcess(config: SentinelConfig): Promise<ChildProcess> {
  const child = spawnStageProcess(config, 'match');
  const exited = once(child, 'exit').then(([code]) =>
    Promise.reject(new Error(`match process exited with ${String(code)}: ${(child as ChildProcess & { log: string }).log.slice(-500)}`)),
  );
  exited.catch(() => undefined); // only the race below reports it
  await Promise.race([waitForStageProcess(child), exited]);
  return child;
}

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

async function bareKafka(kafka: Kafka, topic: string, docs: SourceDocument[]): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const started = performance.now();
  await produceDocuments(kafka, topic, docs);
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

async function countAll(es: Client, names: IndexNames): Promise<Record<'documents' | 'sentences' | 'claims' | 'flags', number>> {
  await es.indices.refresh({ index: [names.documents, names.sentences, names.claims, names.flags] });
  const [documents, sentences, claims, flags] = await Promise.all(
    [names.documents, names.sentences, names.claims, names.flags].map(async (index) => (await es.count({ index })).count),
  );
  return { documents: documents ?? 0, sentences: sentences ?? 0, claims: claims ?? 0, flags: flags ?? 0 };
}

/** indexedAt − produce time for every document of an index, found by `field` (a document id). */
async function latencies(es: Client, index: string, field: string, producedAt: Map<string, number>): Promise<number[]> {
  const out: number[] = [];
  let after: estypes.SortResults | undefined;
  for (;;) {
    const page = await es.search<Record<string, string>>({
      index,
      size: 5000,
      sort: [{ id: 'asc' }],
      _source: [field, 'indexedAt'],
      ...(after ? { search_after: after } : {}),
    });
    for (const h of page.hits.hits) {
      const produced = producedAt.get(h._source?.[field] ?? '');
      if (produced !== undefined && h._source?.indexedAt) out.push(Date.parse(h._source.indexedAt) - produced);
    }
    const last = page.hits.hits.at(-1);
    if (!last?.sort) break;
    after = last.sort;
  }
  return out.sort((a, b) => a - b);
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
  const children: ChildProcess[] = [];
  try {
    process.stderr.write(`generating ${DOCS} documents…\n`);
    const docs = generateDocuments(DOCS, 42);
    const bytes = docs.reduce((n, d) => n + Buffer.byteLength(JSON.stringify(d)), 0);

    process.stderr.write('bare kafkajs produce → consume…\n');
    const kafkaSeconds = await bareKafka(kafka, `${config.namespace}bare`, docs);
    process.stderr.write('bare bulk index…\n');
    const bulkSeconds = await bareBulk(es, `${config.namespace}bare-bulk`, docs);

    process.stderr.write(`indexing ${STATEMENTS} official statements (not timed)…\n`);
    await ensureTopics(kafka, topics);
    await ensureIndices(es, names);
    await ensureStatementsIndex(es, names);
    const passages = (await indexStatements(es, names, generateStatements(STATEMENTS, 42))).passages;

    process.stderr.write('end to end: documents.raw → extract → match + score → Elasticsearch (documents, sentences, claims, flags)…\n');
    children.push(...(await Promise.all(Array.from({ length: MATCH_PROCESSES }, () => startMatchProcess(config)))));
    const stages = await startStages(config, es, MATCH_PROCESSES > 0 ? ['claims', 'index'] : ['all']);
    const started = performance.now();
    const producedAt = new Map<string, number>();
    const producer = createProducer(kafka);
    await producer.connect();
    for (let i = 0; i < docs.length; i += 500) {
      const now = Date.now();
      const chunk = docs.slice(i, i + 500).map((d) => ({ ...d, fetchedAt: new Date(now).toISOString() }));
      for (const d of chunk) producedAt.set(d.id, now);
      await sendJson(
        producer,
        topics.documentsRaw,
        chunk.map((d) => ({ key: d.id, value: d })),
      );
    }
    await producer.disconnect();
    const progress = setInterval(() => {
      void countAll(es, names).then(
        (c) =>
          process.stderr.write(
            `  ${((performance.now() - started) / 1000).toFixed(0)} s: ${c.documents} documents, ${c.claims} claims, ${c.flags} flags\n`,
          ),
        () => undefined,
      );
    }, 10_000);
    // A match process that dies mid-run would leave the claims undrained: fail instead of waiting an hour.
    const died = children.map((child) =>
      once(child, 'exit').then(([code]) => Promise.reject(new Error(`a match process exited with ${String(code)} during the run`))),
    );
    await Promise.race([waitUntilDrained(config, { timeoutMs: 3_600_000 }), ...died]);
    const e2eSeconds = (performance.now() - started) / 1000;
    clearInterval(progress);
    await stopStages(stages);
    for (const [i, child] of children.entries()) {
      died[i]?.catch(() => undefined); // exits now on purpose
      await stopProcess(child);
    }

    // Latency per document and per flag: produced (the chunk's send time) → indexedAt.
    const docLatencies = await latencies(es, names.documents, 'id', producedAt);
    const flagLatencies = await latencies(es, names.flags, 'documentId', producedAt);
    const counts = await countAll(es, names);
    const slowerBare = Math.max(kafkaSeconds, bulkSeconds);
    const rate = (n: number): string => `${(n / e2eSeconds).toFixed(0)}/s`;
    const rows = [
      [
        'documents',
        String(DOCS),
        `${(bytes / 1024 / 1024).toFixed(1)} MiB of JSON; ${STATEMENTS} statements (${passages} passages) indexed`,
      ],
      ['bare kafkajs produce→consume', `${kafkaSeconds.toFixed(2)} s`, `${(DOCS / kafkaSeconds).toFixed(0)} docs/s`],
      ['bare bulk index', `${bulkSeconds.toFixed(2)} s`, `${(DOCS / bulkSeconds).toFixed(0)} docs/s`],
      [
        `end to end (every stage, drained${MATCH_PROCESSES > 0 ? `; match in ${MATCH_PROCESSES} more process${MATCH_PROCESSES > 1 ? 'es' : ''}` : ''})`,
        `${e2eSeconds.toFixed(2)} s`,
        `${rate(counts.documents)} documents, ${rate(counts.sentences)} sentences, ${rate(counts.claims)} claims, ${rate(counts.flags)} flags`,
      ],
      ['  indexed', '', `${counts.documents} documents, ${counts.sentences} sentences, ${counts.claims} claims, ${counts.flags} flags`],
      ['end to end ÷ slower bare baseline', `${(e2eSeconds / slowerBare).toFixed(2)}×`, 'target ≤ 3×; ≥ 300 documents/s'],
      ['latency produce → document indexed', `p50 ${percentile(docLatencies, 50)} ms`, `p95 ${percentile(docLatencies, 95)} ms`],
      ['latency produce → flag indexed', `p50 ${percentile(flagLatencies, 50)} ms`, `p95 ${percentile(flagLatencies, 95)} ms`],
      [
        MATCH_PROCESSES > 0 ? 'peak RSS (this process: producer + claims, index)' : 'peak RSS (this process: producer + all stages)',
        `${(peakRss / 1024 / 1024).toFixed(0)} MiB`,
        '',
      ],
    ];
    for (const [a, b, c] of rows) process.stdout.write(`${(a ?? '').padEnd(48)} ${(b ?? '').padEnd(16)} ${c ?? ''}\n`);
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    clearInterval(sampler);
    await deleteIndices(es, names).catch(() => undefined);
    await es.close();
    if (stack.started.length > 0) await stackDown({ only: stack.started });
  }
}

await main();
