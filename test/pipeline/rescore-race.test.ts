/**
 * The race between a late official statement and a lagging claims indexer: the claim was scored
 * before the statement existed, and was not yet in the claims index when the statement arrived.
 * index-statements must wait for index-claims to store it, then send it back to be re-scored.
 * index-claims reaches Elasticsearch through a proxy that is cut, so it lags for real.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractTopicalClaims } from '../../classifiers/claims/topical-claims.js';
import type { Claim, Flag, OfficialStatement, SourceDocument } from '../../core/contracts.js';
import { documentIdFor, sha256Hex } from '../../core/ids.js';
import type { SentinelConfig } from '../../core/config.js';
import { indexNames, topicNames, type IndexNames } from '../../core/names.js';
import { createElasticsearchClient, type Client } from '../../platform/elasticsearch/client.js';
import { deleteIndices } from '../../platform/elasticsearch/indices.js';
import { createKafka, createProducer, sendJson, type Admin, type RunningStage } from '../../platform/kafka.js';
import { startClaimIndexer } from '../../pipeline/stages/index-claims.js';
import { startDefaultClaimScorer } from '../../pipeline/stages/score-claims.js';
import { startFlagIndexer } from '../../pipeline/stages/index-flags.js';
import { stageGroupId } from '../../platform/stage-runner.js';
import { startStatementIndexer } from '../../pipeline/stages/index-statements.js';
import { eventually, isolatedConfig } from '../helpers.js';
import { waitCaughtUp } from './stage-harness.js';
import { TcpProxy } from './tcp-proxy.js';

const config = isolatedConfig('rescore-race');
const names = indexNames(config.namespace);
const topics = topicNames(config.namespace);
const es = createElasticsearchClient(config);
const stages: RunningStage[] = [];
let admin: Admin;

/** index-claims reaching Elasticsearch through a proxy the test cuts: a claims indexer that lags for real. */
class LaggingClaimsIndexer {
  private readonly proxy: TcpProxy;
  private client: Client | undefined;
  private stage: RunningStage | undefined;
  private isCut = false;

  constructor(private readonly stageConfig: SentinelConfig) {
    this.proxy = new TcpProxy(stageConfig.elasticsearchPort);
  }

  async start(): Promise<void> {
    await this.proxy.open();
    this.client = createElasticsearchClient({ ...this.stageConfig, elasticsearchUrl: `http://127.0.0.1:${this.proxy.port}` });
    this.stage = await startClaimIndexer(this.stageConfig, this.client);
  }

  /** From now on the stage retries: it cannot store, so it does not commit. */
  async cut(): Promise<void> {
    await this.proxy.cut();
    this.isCut = true;
  }

  async reconnect(): Promise<void> {
    await this.proxy.open();
    this.isCut = false;
  }

  async stop(): Promise<void> {
    if (this.isCut) await this.reconnect(); // lets index-claims finish its batch and stop
    await this.stage?.stop();
    await this.proxy.cut();
    await this.client?.close();
  }
}

const url = 'https://mxh.example.vn/bai/vneid-link';
const rumour: SourceDocument = {
  id: documentIdFor(url),
  url,
  canonicalUrl: url,
  sourceId: 'mxh',
  sourceKind: 'social',
  outlet: 'Trang cộng đồng',
  title: 'Cảnh báo tài khoản VNeID',
  text: 'Nghe nói từ ngày 1/12 người dân Nghệ An phải nâng cấp tài khoản VNeID qua đường link gửi trong tin nhắn, nếu không căn cước sẽ bị khóa.',
  publishedAt: '2025-11-20T02:00:00.000Z',
  fetchedAt: '2025-11-20T03:00:00.000Z',
  language: 'vi',
  contentHash: sha256Hex('vneid-link'),
};
const statementUrl = 'https://congan.nghean.gov.vn/thong-cao/vneid';
const statement: OfficialStatement = {
  id: documentIdFor(statementUrl),
  agency: 'Công an tỉnh Nghệ An',
  title: 'Bác bỏ tin nâng cấp tài khoản VNeID qua đường link',
  text: 'Công an tỉnh Nghệ An khẳng định thông tin người dân phải nâng cấp tài khoản VNeID qua đường link trong tin nhắn là sai sự thật; căn cước không bị khóa.',
  url: statementUrl,
  publishedAt: '2025-11-22T02:00:00.000Z',
  fetchedAt: '2025-11-22T03:00:00.000Z',
  version: 1,
  contentHash: sha256Hex('statement-vneid'),
};

async function produce(to: SentinelConfig, topic: string, messages: { key: string; value: unknown }[]): Promise<void> {
  const producer = createProducer(createKafka(to, 'rescore-race-producer'));
  await producer.connect();
  await sendJson(producer, topic, messages);
  await producer.disconnect();
}

/** Resolves once index-statements has stored a passage (it then goes on to wait for index-claims). */
function statementIndexed(client: Client, indices: IndexNames): Promise<true> {
  return eventually(
    async () => {
      await client.indices.refresh({ index: indices.statements });
      return (await client.count({ index: indices.statements })).count > 0 || undefined;
    },
    'the statement indexed',
    30_000,
  );
}

async function flagOf(claim: Claim): Promise<Flag | undefined> {
  await es.indices.refresh({ index: names.flags });
  const found = await es.get<Flag>({ index: names.flags, id: claim.id }, { ignore: [404] });
  return found.found ? found._source : undefined;
}

describe('Pipeline > a statement that arrives while index-claims lags', () => {
  const claimsIndexer = new LaggingClaimsIndexer(config);

  beforeAll(async () => {
    admin = createKafka(config, 'rescore-race-admin').admin();
    await admin.connect();
    await claimsIndexer.start();
    stages.push(await startDefaultClaimScorer(config, es), await startFlagIndexer(config, es), await startStatementIndexer(config, es));
  });
  afterAll(async () => {
    await Promise.all([claimsIndexer.stop(), ...stages.map((s) => s.stop())]);
    await admin?.disconnect();
    await deleteIndices(es, names);
    await es.close();
  });

  it('re-scores the claim against the statement once index-claims has stored it', async () => {
    const [claim] = extractTopicalClaims(rumour);
    expect(claim).toBeDefined();
    const theClaim = claim as Claim;

    await claimsIndexer.cut(); // it has not committed the claim
    await produce(config, topics.claims, [{ key: theClaim.documentId, value: theClaim }]);
    await waitCaughtUp(admin, stageGroupId(config, 'score-claims'), topics.claims);
    await waitCaughtUp(admin, stageGroupId(config, 'index-flags'), topics.flags);
    // Scored with no statement in the index: no match yet.
    expect((await flagOf(theClaim))?.matches ?? []).toEqual([]);

    await produce(config, topics.statementsRaw, [{ key: statement.id, value: statement }]);
    // The statement is searchable, but the claim is still not in the claims index.
    await statementIndexed(es, names);
    await sleep(2_000);
    expect((await es.count({ index: names.claims }, { ignore: [404] })).count ?? 0).toBe(0);

    await claimsIndexer.reconnect();
    const flag = await eventually(
      async () => {
        const current = await flagOf(theClaim);
        return current?.matches.some((m) => m.statementId === statement.id) ? current : undefined;
      },
      'the claim re-scored against the late statement',
      90_000,
    );
    expect(flag.matches[0]?.statementId).toBe(statement.id);
  });
});

describe('Pipeline > stopping index-statements while it waits for index-claims', () => {
  const other = isolatedConfig('rescore-stop');
  const otherNames = indexNames(other.namespace);
  const otherTopics = topicNames(other.namespace);
  const direct = createElasticsearchClient(other);
  const claimsIndexer = new LaggingClaimsIndexer(other);

  afterAll(async () => {
    await claimsIndexer.stop();
    await deleteIndices(direct, otherNames);
    await direct.close();
  });

  it('gives way within seconds and leaves the statement uncommitted for the next owner', async () => {
    await claimsIndexer.start();
    const statements = await startStatementIndexer(other, direct);
    await claimsIndexer.cut();
    const [claim] = extractTopicalClaims(rumour);
    await produce(other, otherTopics.claims, [{ key: (claim as Claim).documentId, value: claim as Claim }]);
    await produce(other, otherTopics.statementsRaw, [{ key: statement.id, value: statement }]);
    // Indexed, and now waiting for index-claims, which cannot reach Elasticsearch.
    await statementIndexed(direct, otherNames);
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
