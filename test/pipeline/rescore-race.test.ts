/**
 * The race between a late official statement and a lagging claims indexer: the claim was scored
 * before the statement existed, and was not yet in the claims index when the statement arrived.
 * index-statements must wait for index-claims to store it, then send it back to be re-scored.
 * index-claims reaches Elasticsearch through a proxy that is cut, so it lags for real.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractTopicalClaims } from '../../pipeline/stages/claim-stages.js';
import type { Claim, Flag, OfficialStatement, SourceDocument } from '../../core/contracts.js';
import { documentIdFor, sha256Hex } from '../../core/ids.js';
import { indexNames, topicNames } from '../../core/topics.js';
import { createElasticsearchClient } from '../../pipeline/elasticsearch/client.js';
import { deleteIndices } from '../../pipeline/elasticsearch/indices.js';
import { createKafka, createProducer, sendJson, type Admin, type RunningStage } from '../../pipeline/kafka.js';
import { startClaimIndexer, startDefaultClaimScorer, startFlagIndexer } from '../../pipeline/stages/claim-stages.js';
import { stageGroupId } from '../../pipeline/stages/index-stage.js';
import { startStatementIndexer } from '../../pipeline/stages/statement-stages.js';
import { eventually, isolatedConfig } from '../helpers.js';
import { waitCaughtUp } from './stage-harness.js';
import { TcpProxy } from './tcp-proxy.js';

const config = isolatedConfig('rescore-race');
const names = indexNames(config.namespace);
const topics = topicNames(config.namespace);
const es = createElasticsearchClient(config);
const proxy = new TcpProxy(config.elasticsearchPort);
const stages: RunningStage[] = [];
let lagging: ReturnType<typeof createElasticsearchClient>;
let admin: Admin;
let cut = false;

const url = 'https://mxh.example.vn/bai/vneid-link';
const rumour: SourceDocument = {
  id: documentIdFor(url), url, canonicalUrl: url, sourceId: 'mxh', sourceKind: 'social', outlet: 'Trang cộng đồng',
  title: 'Cảnh báo tài khoản VNeID',
  text: 'Nghe nói từ ngày 1/12 người dân Nghệ An phải nâng cấp tài khoản VNeID qua đường link gửi trong tin nhắn, nếu không căn cước sẽ bị khóa.',
  publishedAt: '2025-11-20T02:00:00.000Z', fetchedAt: '2025-11-20T03:00:00.000Z', language: 'vi',
  contentHash: sha256Hex('vneid-link'),
};
const statementUrl = 'https://congan.nghean.gov.vn/thong-cao/vneid';
const statement: OfficialStatement = {
  id: documentIdFor(statementUrl), agency: 'Công an tỉnh Nghệ An', title: 'Bác bỏ tin nâng cấp tài khoản VNeID qua đường link',
  text: 'Công an tỉnh Nghệ An khẳng định thông tin người dân phải nâng cấp tài khoản VNeID qua đường link trong tin nhắn là sai sự thật; căn cước không bị khóa.',
  url: statementUrl, publishedAt: '2025-11-22T02:00:00.000Z', fetchedAt: '2025-11-22T03:00:00.000Z', version: 1, contentHash: sha256Hex('statement-vneid'),
};

async function produce(topic: string, messages: { key: string; value: unknown }[]): Promise<void> {
  const producer = createProducer(createKafka(config, 'rescore-race-producer'));
  await producer.connect();
  await sendJson(producer, topic, messages);
  await producer.disconnect();
}

async function flagOf(claim: Claim): Promise<Flag | undefined> {
  await es.indices.refresh({ index: names.flags });
  const found = await es.get<Flag>({ index: names.flags, id: claim.id }, { ignore: [404] });
  return found.found ? found._source : undefined;
}

describe('Pipeline > a statement that arrives while index-claims lags', () => {
  beforeAll(async () => {
    await proxy.open();
    lagging = createElasticsearchClient({ ...config, elasticsearchUrl: `http://127.0.0.1:${proxy.port}` });
    admin = createKafka(config, 'rescore-race-admin').admin();
    await admin.connect();
    stages.push(await startClaimIndexer(config, lagging));
    stages.push(await startDefaultClaimScorer(config, es), await startFlagIndexer(config, es), await startStatementIndexer(config, es));
  });
  afterAll(async () => {
    if (cut) await proxy.open(); // lets index-claims finish its batch and stop
    await Promise.all(stages.map((s) => s.stop()));
    await admin?.disconnect();
    await proxy.cut();
    await lagging?.close();
    await deleteIndices(es, names);
    await es.close();
  });

  it('re-scores the claim against the statement once index-claims has stored it', async () => {
    const [claim] = extractTopicalClaims(rumour);
    expect(claim).toBeDefined();
    const theClaim = claim as Claim;

    await proxy.cut(); // index-claims now retries; it has not committed the claim
    cut = true;
    await produce(topics.claims, [{ key: theClaim.documentId, value: theClaim }]);
    await waitCaughtUp(admin, stageGroupId(config, 'score-claims'), topics.claims);
    await waitCaughtUp(admin, stageGroupId(config, 'index-flags'), topics.flags);
    // Scored with no statement in the index: no match yet.
    expect((await flagOf(theClaim))?.matches ?? []).toEqual([]);

    await produce(topics.statementsRaw, [{ key: statement.id, value: statement }]);
    // The statement is searchable, but the claim is still not in the claims index.
    await eventually(async () => (await es.count({ index: names.statements })).count > 0 || undefined, 'the statement indexed', 30_000);
    await sleep(2_000);
    expect((await es.count({ index: names.claims }, { ignore: [404] })).count ?? 0).toBe(0);

    await proxy.open();
    cut = false;
    const flag = await eventually(async () => {
      const current = await flagOf(theClaim);
      return current?.matches.some((m) => m.statementId === statement.id) ? current : undefined;
    }, 'the claim re-scored against the late statement', 90_000);
    expect(flag.matches[0]?.statementId).toBe(statement.id);
  });
});

describe('Pipeline > stopping index-statements while it waits for index-claims', () => {
  const other = isolatedConfig('rescore-stop');
  const otherNames = indexNames(other.namespace);
  const otherTopics = topicNames(other.namespace);
  const otherProxy = new TcpProxy(other.elasticsearchPort);
  let otherLagging: ReturnType<typeof createElasticsearchClient>;
  const direct = createElasticsearchClient(other);
  let claimsIndexer: RunningStage | undefined;
  let otherCut = false;

  afterAll(async () => {
    if (otherCut) await otherProxy.open(); // lets index-claims finish its batch and stop
    await claimsIndexer?.stop();
    await otherProxy.cut();
    await otherLagging?.close();
    await deleteIndices(direct, otherNames);
    await direct.close();
  });

  it('gives way within seconds and leaves the statement uncommitted for the next owner', async () => {
    await otherProxy.open();
    otherLagging = createElasticsearchClient({ ...other, elasticsearchUrl: `http://127.0.0.1:${otherProxy.port}` });
    claimsIndexer = await startClaimIndexer(other, otherLagging);
    const statements = await startStatementIndexer(other, direct);
    await otherProxy.cut();
    otherCut = true;
    const [claim] = extractTopicalClaims(rumour);
    const producer = createProducer(createKafka(other, 'rescore-stop-producer'));
    await producer.connect();
    await sendJson(producer, otherTopics.claims, [{ key: (claim as Claim).documentId, value: claim as Claim }]);
    await sendJson(producer, otherTopics.statementsRaw, [{ key: statement.id, value: statement }]);
    await producer.disconnect();
    // Indexed, and now waiting for index-claims, which cannot reach Elasticsearch.
    await eventually(async () => {
      await direct.indices.refresh({ index: otherNames.statements });
      return (await direct.count({ index: otherNames.statements })).count > 0 || undefined;
    }, 'the statement indexed', 30_000);
    const started = Date.now();
    await statements.stop();
    expect(Date.now() - started).toBeLessThan(10_000);
    const probe = createKafka(other, 'rescore-stop-admin').admin();
    await probe.connect();
    const [committed] = await probe.fetchOffsets({ groupId: stageGroupId(other, 'index-statements'), topics: [otherTopics.statementsRaw] });
    await probe.disconnect();
    expect(committed?.partitions.every((p) => Number(p.offset) <= 0)).toBe(true);
  });
});
