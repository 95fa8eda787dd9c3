/**
 * The pipeline's promises under replay, crashes and scale-out, on the real broker and node:
 * nothing lost, nothing doubled, and the dead-letter topic untouched by healthy input.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { generateDocuments } from '../../bench/generate-documents.js';
import type { SentinelConfig } from '../../core/config.js';
import { indexNames, topicNames } from '../../core/names.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices, ensureIndices } from '../../platform/elasticsearch/indices.js';
import { committedThrough, createKafka, ensureTopics, type Admin } from '../../platform/kafka.js';
import { sentencesOf, startDocumentIndexer, STAGE } from '../../pipeline/stages/index-documents.js';
import { stageGroupId } from '../../platform/stage-runner.js';
import { eventually, isolatedConfig } from '../helpers.js';
import {
  countOf,
  freePort,
  produceDocuments,
  spawnStageProcess,
  stageCounter,
  stopProcess,
  topicSize,
  waitCaughtUp,
  waitForCount,
  waitForStageProcess,
} from './stage-harness.js';
import { TcpProxy } from './tcp-proxy.js';

const es = createElasticsearchClient(isolatedConfig('es'));

interface Scenario {
  config: SentinelConfig;
  admin: Admin;
  cleanup: () => Promise<void>;
}

async function scenario(label: string): Promise<Scenario> {
  const config = isolatedConfig(label);
  const kafka = createKafka(config, `test-${label}`);
  await ensureTopics(kafka, topicNames(config.namespace));
  await ensureIndices(es, indexNames(config.namespace));
  const admin = kafka.admin();
  await admin.connect();
  return {
    config,
    admin,
    cleanup: async () => {
      await admin.disconnect();
      await deleteIndices(es, indexNames(config.namespace));
    },
  };
}

const expectedSentences = (docs: ReturnType<typeof generateDocuments>): number => docs.reduce((n, d) => n + sentencesOf(d).length, 0);

describe('Pipeline > guarantees: replay, crash, scale-out', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
    await es.close();
  });

  it('replays a consumer group from the beginning without changing any count', async () => {
    const s = await scenario('replay');
    cleanups.push(s.cleanup);
    const names = indexNames(s.config.namespace);
    const topics = topicNames(s.config.namespace);
    const docs = generateDocuments(300, 11);
    await produceDocuments(createKafka(s.config, 'replay-producer'), topics.documentsRaw, docs);
    let indexer = await startDocumentIndexer(s.config, es);
    await waitForCount(es, names.documents, 300);
    await waitCaughtUp(s.admin, stageGroupId(s.config, STAGE), topics.documentsRaw);
    await indexer.stop();
    const sentences = await countOf(es, names.sentences);
    expect(sentences).toBe(expectedSentences(docs));

    await s.admin.resetOffsets({ groupId: stageGroupId(s.config, STAGE), topic: topics.documentsRaw, earliest: true });
    const [reset] = await s.admin.fetchOffsets({ groupId: stageGroupId(s.config, STAGE), topics: [topics.documentsRaw] });
    expect(reset?.partitions.every((p) => Number(p.offset) <= 0)).toBe(true);

    indexer = await startDocumentIndexer(s.config, es);
    await waitCaughtUp(s.admin, stageGroupId(s.config, STAGE), topics.documentsRaw);
    await indexer.stop();
    expect(await countOf(es, names.documents)).toBe(300);
    expect(await countOf(es, names.sentences)).toBe(sentences);
    expect(await topicSize(s.admin, topics.deadLetter)).toBe(0);
  });

  it('loses and doubles nothing when a stage process is killed with SIGKILL mid-stream and restarted', async () => {
    const s = await scenario('sigkill');
    cleanups.push(s.cleanup);
    const names = indexNames(s.config.namespace);
    const topics = topicNames(s.config.namespace);
    const groupId = stageGroupId(s.config, STAGE);
    const docs = generateDocuments(3000, 12);
    const [first, second] = [docs.slice(0, 1500), docs.slice(1500)];
    // The first process reaches Elasticsearch through a proxy the test cuts once part of the work
    // is stored: it then holds documents it cannot store, so the kill lands mid-stream by
    // construction, never before the first write or after the last (a plain restart test).
    const proxy = new TcpProxy(s.config.elasticsearchPort);
    await proxy.open();
    cleanups.push(() => proxy.cut());
    const metricsPort = await freePort();
    let child = spawnStageProcess({ ...s.config, elasticsearchUrl: `http://127.0.0.1:${proxy.port}` }, 'index', [
      '--metrics-port',
      String(metricsPort),
    ]);
    await waitForStageProcess(child);
    const producer = createKafka(s.config, 'sigkill-producer');
    await produceDocuments(producer, topics.documentsRaw, first);
    await eventually(async () => (await countOf(es, names.documents)) > 0, 'the first documents to be stored', 60_000);
    await proxy.cut();
    await produceDocuments(producer, topics.documentsRaw, second);
    // A failed store after the cut: the process now holds read, unstored, uncommitted documents.
    await eventually(
      async () => (await stageCounter(metricsPort, 'sentinel_stage_retries_total', STAGE)) > 0,
      'the stage process to fail a store',
      60_000,
    );
    expect(await stopProcess(child, 'SIGKILL')).toBeNull();
    const atKill = await countOf(es, names.documents);
    expect(atKill).toBeGreaterThan(0); // part of the work was stored before the kill...
    expect(atKill).toBeLessThanOrEqual(first.length); // ...and none of the second half could be
    expect(await committedThrough(s.admin, groupId, topics.documentsRaw)).toBe(false);

    child = spawnStageProcess(s.config);
    await waitForStageProcess(child);
    await waitForCount(es, names.documents, 3000);
    await waitCaughtUp(s.admin, groupId, topics.documentsRaw);
    expect(await countOf(es, names.sentences)).toBe(expectedSentences(docs));
    expect(await topicSize(s.admin, topics.deadLetter)).toBe(0);
    // SIGTERM drains and exits cleanly.
    expect(await stopProcess(child, 'SIGTERM')).toBe(0);
  });

  it('shares partitions between two processes of one stage, with the same result', async () => {
    const s = await scenario('scale');
    cleanups.push(s.cleanup);
    const names = indexNames(s.config.namespace);
    const topics = topicNames(s.config.namespace);
    const docs = generateDocuments(2000, 13);
    const children = [spawnStageProcess(s.config), spawnStageProcess(s.config)];
    await Promise.all(children.map(waitForStageProcess));
    const groupId = stageGroupId(s.config, STAGE);
    const members = await (async () => {
      for (let i = 0; i < 120; i += 1) {
        const { groups } = await s.admin.describeGroups([groupId]);
        const group = groups[0];
        if (group?.state === 'Stable' && group.members.length === 2) return group.members.length;
        await new Promise((r) => setTimeout(r, 250));
      }
      return 0;
    })();
    expect(members).toBe(2);
    await produceDocuments(createKafka(s.config, 'scale-producer'), topics.documentsRaw, docs);
    await waitForCount(es, names.documents, 2000);
    await waitCaughtUp(s.admin, groupId, topics.documentsRaw);
    expect(await countOf(es, names.sentences)).toBe(expectedSentences(docs));
    expect(await topicSize(s.admin, topics.deadLetter)).toBe(0);
    expect(await Promise.all(children.map((c) => stopProcess(c)))).toEqual([0, 0]);
  });
});
