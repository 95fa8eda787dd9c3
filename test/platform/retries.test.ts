/**
 * Retries are bounded where a message is at fault and unbounded where a service is away. An
 * Elasticsearch item turned away for now (a real 429 from an index under the flood-stage block)
 * is tried SENTINEL_MAX_ATTEMPTS times, then its message is dead-lettered with its tries and
 * errors while the messages after it are stored; a refused connection, or kafkajs giving up on
 * a broker, is retried for as long as the stage runs, however low the bound.
 */
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { Client as EsClient } from '@elastic/elasticsearch';
import { Kafka, KafkaJSNonRetriableError, logLevel } from 'kafkajs';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { SentinelConfig } from '../../core/config.js';
import { DeadLetter, type OfficialStatement, type SourceDocument } from '../../core/contracts.js';
import { ItemError } from '../../core/errors.js';
import { documentIdFor, sha256Hex } from '../../core/ids.js';
import { indexNames, topicNames } from '../../core/names.js';
import { elasticsearchErrors as esErrors, type estypes } from '../../platform/index.js';
import { bulkIndex } from '../../platform/elasticsearch/bulk.js';
import { createElasticsearchClient, type Client } from '../../platform/elasticsearch/client.js';
import { deleteIndices } from '../../platform/elasticsearch/indices.js';
import { msearchFailure } from '../../platform/elasticsearch/search.js';
import {
  createKafka,
  createProducer,
  ensureTopics,
  runStage,
  sendJson,
  type Kafka as StageKafka,
  type RunningStage,
} from '../../platform/kafka.js';
import { matchClaims } from '../../classifiers/matching/matcher.js';
import { ensureStatementsIndex } from '../../classifiers/matching/statements-index.js';
import { isRetriable, retryKind } from '../../platform/retry.js';
import { extractTopicalClaims } from '../../classifiers/claims/topical-claims.js';
import { startClaimScorer } from '../../pipeline/stages/score-claims.js';
import { indexReceived } from '../../platform/stage-runner.js';
import { claimsToRescore } from '../../pipeline/stages/index-statements.js';
import { eventually, isolatedConfig } from '../helpers.js';
import { topicSize } from '../pipeline/stage-harness.js';

/** A loopback port nothing listens on: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** What kafkajs rejects with when its own retries of an absent broker run out. */
async function kafkaGaveUp(): Promise<unknown> {
  const kafka = new Kafka({
    clientId: 'retries-test',
    brokers: [`127.0.0.1:${await closedPort()}`],
    logLevel: logLevel.NOTHING,
    retry: { retries: 1, initialRetryTime: 50, maxRetryTime: 100 },
  });
  return kafka
    .producer()
    .connect()
    .then(
      () => null,
      (error: unknown) => error,
    );
}

/** A client of an Elasticsearch that is not there; no retries of its own, so each try fails in milliseconds. */
async function absentElasticsearch(): Promise<Client> {
  return new EsClient({ node: `http://127.0.0.1:${await closedPort()}`, maxRetries: 0 });
}

/**
 * The dead letters, once the topic holds `expected` of them: written (counted from the topic's
 * offsets, with no consumer group) and read back are waited for apart, so a timeout says which
 * of the two did not happen (seen once in CI on a broker started for the run).
 */
async function readDeadLetters(kafka: StageKafka, config: SentinelConfig, expected: number): Promise<DeadLetter[]> {
  const topic = topicNames(config.namespace).deadLetter;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await eventually(async () => (await topicSize(admin, topic)) >= expected, `${expected} dead letters written to ${topic}`);
  } finally {
    await admin.disconnect();
  }
  const letters: DeadLetter[] = [];
  const consumer = kafka.consumer({ groupId: `${config.namespace}dead-letter-reader` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void letters.push(DeadLetter.parse(JSON.parse(String(message.value)))) });
    await eventually(async () => letters.length >= expected, `${expected} dead letters read back from ${topic}`);
    await new Promise((r) => setTimeout(r, 1000)); // nothing more should arrive
  } finally {
    await consumer.disconnect();
  }
  return letters.sort((a, b) => Number(a.offset) - Number(b.offset));
}

async function deleteTopics(kafka: StageKafka, config: SentinelConfig): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: Object.values(topicNames(config.namespace)) }).catch(() => undefined);
  await admin.disconnect();
}

const response = (status: number, body: object) =>
  new esErrors.ResponseError({ body, statusCode: status, headers: {}, warnings: null } as never);

/** An msearch answer item as Elasticsearch writes it: hits, or an error with its status. */
const found: estypes.MsearchResponseItem<unknown> = {
  took: 1,
  timed_out: false,
  _shards: { total: 1, successful: 1, failed: 0 },
  hits: { hits: [] },
  status: 200,
};
const rejectedExecution: estypes.MsearchResponseItem<unknown> = {
  error: { type: 'es_rejected_execution_exception', reason: 'rejected execution of coordinating operation' },
  status: 429,
};
const allShardsFailed: estypes.MsearchResponseItem<unknown> = {
  error: { type: 'search_phase_execution_exception', reason: 'all shards failed' },
  status: 503,
};
const badQuery: estypes.MsearchResponseItem<unknown> = {
  error: { type: 'x_content_parse_exception', reason: 'unknown query [nope]' },
  status: 400,
};

/** The real client, except that msearch answers `items`, whatever was asked. */
function answeringMsearch(es: Client, items: estypes.MsearchResponseItem<unknown>[]): Client {
  return new Proxy(es, {
    get: (target, key) => (key === 'msearch' ? async () => ({ took: 1, responses: items }) : Reflect.get(target, key, target)),
  });
}

describe('Pipeline > the retry policy: outages without a bound, errors of the message itself with one', () => {
  const config = isolatedConfig('retry-policy');
  const es = createElasticsearchClient(config);
  afterAll(async () => {
    await deleteIndices(es, indexNames(config.namespace));
    await es.close();
  });

  it('counts kafkajs giving up on a broker, a refused connection and a 503 answer as an outage', async () => {
    const gaveUp = await kafkaGaveUp();
    // kafkajs marks its own retry exhaustion as not retriable; the stage must outlast it.
    expect(gaveUp).toMatchObject({ name: 'KafkaJSNumberOfRetriesExceeded', retriable: false });
    expect(retryKind(gaveUp)).toBe('outage');
    expect(isRetriable(gaveUp)).toBe(true);

    const dead = await absentElasticsearch();
    const refused = await dead.count({ index: 'any' }).then(
      () => null,
      (error: unknown) => error,
    );
    await dead.close();
    expect(refused).toBeInstanceOf(esErrors.ConnectionError);
    expect(retryKind(refused)).toBe('outage');
    expect(retryKind(response(503, { error: { type: 'cluster_block_exception' }, status: 503 }))).toBe('outage');
  });

  it('bounds what Elasticsearch turns away for now, and gives up at once on what it refuses for itself', async () => {
    expect(retryKind(new ItemError('busy', { status: 429, type: 'too_many_requests' }))).toBe('bounded');
    expect(retryKind(new ItemError('shard away', { status: 503, type: 'unavailable_shards_exception' }))).toBe('bounded');
    expect(retryKind(new ItemError('queue full', { status: 400, type: 'es_rejected_execution_exception' }))).toBe('bounded');
    expect(retryKind(new ItemError('bad document', { status: 400, type: 'mapper_parsing_exception' }))).toBe('never');
    expect(retryKind(response(429, { error: { type: 'circuit_breaking_exception' }, status: 429 }))).toBe('bounded');
    const missing = await es.count({ index: `${config.namespace}missing` }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(missing).toBeInstanceOf(esErrors.ResponseError);
    expect(retryKind(missing)).toBe('never');
    expect(retryKind(new TypeError('x is undefined'))).toBe('never');
  });

  it('names the searches of an msearch answer that failed, those refused for themselves first', () => {
    const busy = msearchFailure([found, rejectedExecution, allShardsFailed], (i) => `claim-${i}`, 'search for claims');
    expect(busy).toBeInstanceOf(ItemError);
    expect(busy).toMatchObject({ retriable: true, status: 429, type: 'es_rejected_execution_exception', items: ['claim-1', 'claim-2'] });
    const refused = msearchFailure([rejectedExecution, badQuery], (i) => `claim-${i}`, 'search for claims');
    expect(refused).toMatchObject({ retriable: false, status: 400, items: ['claim-1'] });
    expect(msearchFailure([found, found], String, 'search')).toBeNull();
  });

  it('the matcher and the re-score search throw that ItemError, naming their claim or statement', async () => {
    const names = indexNames(config.namespace);
    await ensureStatementsIndex(es, names);
    const claims = [
      { id: 'claim-a', text: 'Công an tỉnh Nghệ An khởi tố vụ lừa đảo qua mạng.' },
      { id: 'claim-b', text: 'Bộ Công an cảnh báo thủ đoạn giả danh cán bộ.' },
    ];
    const matched = await matchClaims(answeringMsearch(es, [found, rejectedExecution]), names, claims, 3).then(
      () => null,
      (error: unknown) => error,
    );
    expect(matched).toBeInstanceOf(ItemError);
    expect(matched).toMatchObject({ retriable: true, status: 429, items: ['claim-b'] });

    const statement = (id: string): OfficialStatement => ({
      id,
      agency: 'Bộ Công an',
      title: 'Thông báo',
      text: 'Không có việc thu phí.',
      url: null,
      publishedAt: null,
      fetchedAt: new Date().toISOString(),
      version: 1,
      contentHash: sha256Hex(id),
    });
    const rescored = await claimsToRescore(answeringMsearch(es, [allShardsFailed, found]), names, [
      statement('s-1'),
      statement('s-2'),
    ]).then(
      () => null,
      (error: unknown) => error,
    );
    expect(rescored).toBeInstanceOf(ItemError);
    expect(rescored).toMatchObject({ retriable: true, status: 503, items: ['s-1'] });
  });
});

const Item = z.object({ target: z.enum(['open', 'blocked', 'strict']), n: z.number().int() });
type Item = z.infer<typeof Item>;

describe('Pipeline > a message Elasticsearch keeps turning away is tried SENTINEL_MAX_ATTEMPTS times, then dead-lettered, and the partition goes on', () => {
  const config = { ...isolatedConfig('retries'), maxAttempts: 3 };
  const topics = topicNames(config.namespace);
  // The stage's and kafkajs's warnings, kept so that a timeout says what the stage met on its way (a CI run once waited 60 s for the dead letters).
  const warnings: string[] = [];
  const recorder = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) });
  const kafka = createKafka(config, 'retries-test', recorder);
  const es = createElasticsearchClient(config);
  // Writes to `blocked` get a real 429 (the flood-stage block), to `strict` a 400 for the document itself.
  const indices: Record<Item['target'], string> = {
    open: `${config.namespace}open`,
    blocked: `${config.namespace}blocked`,
    strict: `${config.namespace}strict`,
  };
  let stage: RunningStage | undefined;

  beforeAll(async () => {
    const settings = { number_of_shards: 1, number_of_replicas: 0 };
    await es.indices.create({ index: indices.open, settings });
    await es.indices.create({ index: indices.blocked, settings: { ...settings, 'index.blocks.read_only_allow_delete': true } });
    await es.indices.create({ index: indices.strict, settings, mappings: { dynamic: 'strict', properties: { n: { type: 'integer' } } } });
    await ensureTopics(kafka, topics);
  });
  afterAll(async () => {
    await stage?.stop();
    await es.indices.delete({ index: Object.values(indices) }, { ignore: [404] });
    await es.close();
    await deleteTopics(kafka, config);
  });

  it('dead-letters the 429 after exactly 3 tries with its first and last error, the 400 with its own code, and stores the rest', async () => {
    const tries = new Map<number, number>();
    stage = await runStage({
      kafka,
      stage: 'retry-test',
      logger: recorder,
      groupId: `${config.namespace}retry-test`,
      topic: topics.documentsRaw,
      topics,
      schema: Item,
      maxAttempts: config.maxAttempts,
      backoff: { initialMs: 50, maxMs: 200 },
      handle: (items) => {
        for (const { value } of items) tries.set(value.n, (tries.get(value.n) ?? 0) + 1);
        return indexReceived(es, items, (value, origin) => [
          {
            index: indices[value.target],
            id: String(value.n),
            origin,
            document: value.target === 'strict' ? { unknown: value.n } : { n: value.n },
          },
        ]);
      },
    });
    const producer = createProducer(kafka);
    await producer.connect();
    const sent: Item[] = [
      { target: 'open', n: 1 },
      { target: 'blocked', n: 2 },
      { target: 'strict', n: 3 },
      { target: 'open', n: 4 },
      { target: 'open', n: 5 },
    ];
    // One key: one partition, in this order.
    await sendJson(
      producer,
      topics.documentsRaw,
      sent.map((value) => ({ key: 'k', value })),
    );
    await producer.disconnect();

    await eventually(async () => {
      await es.indices.refresh({ index: indices.open });
      return (await es.count({ index: indices.open })).count === 3;
    }, 'the three good messages stored');
    const letters = await readDeadLetters(kafka, config, 2).catch((error: unknown) => {
      throw new Error(`${String(error)}\nwhat the stage and kafkajs warned of:\n${warnings.join('') || '(nothing)'}`, { cause: error });
    });
    expect(letters).toHaveLength(2);
    const [busy, refused] = letters as [DeadLetter, DeadLetter];

    expect(tries.get(2)).toBe(3);
    expect(busy).toMatchObject({ stage: 'retry-test', code: 'retries-exhausted', retriable: true, attempts: 3 });
    expect(JSON.parse(busy.payload)).toEqual({ target: 'blocked', n: 2 });
    expect(busy.reason).toMatch(/gave up after 3 tries: ItemError: .*429/);
    expect(busy.firstError.message).toMatch(/^ItemError: .*429/);
    expect(busy.lastError.message).toMatch(/^ItemError: .*429/);
    expect(Date.parse(busy.firstError.at)).toBeLessThan(Date.parse(busy.lastError.at));

    expect(refused).toMatchObject({ code: 'item-rejected', retriable: false });
    expect(JSON.parse(refused.payload)).toEqual({ target: 'strict', n: 3 });
    expect(refused.lastError.message).toMatch(/strict_dynamic_mapping_exception|document_parsing_exception/);

    const stored = (await es.search({ index: indices.open, size: 10, _source: false })).hits.hits.map((h) => h._id).sort();
    expect(stored).toEqual(['1', '4', '5']);
  });
});

describe('Pipeline > an outage is retried past SENTINEL_MAX_ATTEMPTS, for as long as the stage runs', () => {
  // The lowest bound there is: a bounded error would dead-letter at the first failure.
  const config = { ...isolatedConfig('outage'), maxAttempts: 1 };
  const topics = topicNames(config.namespace);
  const kafka = createKafka(config, 'outage-test');
  const es = createElasticsearchClient(config);
  const index = `${config.namespace}outage`;
  let stage: RunningStage | undefined;

  beforeAll(async () => {
    await es.indices.create({ index, settings: { number_of_shards: 1, number_of_replicas: 0 } });
    await ensureTopics(kafka, topics);
  });
  afterAll(async () => {
    await stage?.stop();
    await es.indices.delete({ index }, { ignore: [404] });
    await es.close();
    await deleteTopics(kafka, config);
  });

  it('stores the message after two tries that met kafkajs giving up and two that met a refused connection, and dead-letters nothing', async () => {
    const gaveUp = await kafkaGaveUp();
    const dead = await absentElasticsearch();
    let tries = 0;
    stage = await runStage({
      kafka,
      stage: 'outage-test',
      groupId: `${config.namespace}outage-test`,
      topic: topics.documentsRaw,
      topics,
      schema: Item,
      maxAttempts: config.maxAttempts,
      backoff: { initialMs: 50, maxMs: 200 },
      handle: async (items) => {
        tries += 1;
        if (tries <= 2) throw gaveUp;
        const writes = items.map((i) => ({ index, id: String(i.value.n), origin: i, document: { n: i.value.n } }));
        await bulkIndex(tries <= 4 ? dead : es, writes);
        return [];
      },
    });
    const producer = createProducer(kafka);
    await producer.connect();
    await sendJson(producer, topics.documentsRaw, [{ key: 'k', value: { target: 'open', n: 7 } }]);
    await producer.disconnect();

    await eventually(async () => {
      await es.indices.refresh({ index });
      return (await es.count({ index })).count === 1;
    }, 'the message stored once the outage is over');
    await dead.close();
    expect(tries).toBe(5);
    const admin = kafka.admin();
    await admin.connect();
    expect(await topicSize(admin, topics.deadLetter)).toBe(0);
    await admin.disconnect();
  });
});

describe('Pipeline > a consumer crash kafkajs does not restart', () => {
  const config = isolatedConfig('crash-rejoin');
  const topics = topicNames(config.namespace);
  const kafka = createKafka(config, 'crash-rejoin-test');
  let stage: RunningStage | undefined;
  beforeAll(() => ensureTopics(kafka, topics));
  afterAll(async () => {
    await stage?.stop();
    await deleteTopics(kafka, config);
  });

  it('rejoins the group by itself and handles the message, instead of leaving the stage dead', async () => {
    // The first decode throws what a lost group coordinator throws during a broker restart.
    let thrown = false;
    const Crashing = Item.transform((value) => {
      if (!thrown) {
        thrown = true;
        throw new KafkaJSNonRetriableError('test: Failed to find group coordinator');
      }
      return value;
    });
    const handled: number[] = [];
    stage = await runStage({
      kafka,
      stage: 'crash-rejoin-test',
      groupId: `${config.namespace}crash-rejoin-test`,
      topic: topics.documentsRaw,
      topics,
      schema: Crashing,
      backoff: { initialMs: 50, maxMs: 200 },
      handle: async (items) => {
        handled.push(...items.map((i) => i.value.n));
        return [];
      },
    });
    const crashes: boolean[] = [];
    stage.consumer.on(stage.consumer.events.CRASH, ({ payload }) => void crashes.push(payload.restart));
    const producer = createProducer(kafka);
    await producer.connect();
    await sendJson(producer, topics.documentsRaw, [{ key: 'k', value: { target: 'open', n: 9 } }]);
    await producer.disconnect();

    await eventually(async () => handled.includes(9), 'the message handled after the crash', 20_000);
    expect(thrown).toBe(true);
    // kafkajs itself gave up on the consumer: only the stage's rejoin brought it back.
    expect(crashes).toEqual([false]);
  });
});

describe('Pipeline > score-claims charges a failed search to its own claim, not to the claims beside it', () => {
  const config = { ...isolatedConfig('retry-score'), maxAttempts: 2 };
  const topics = topicNames(config.namespace);
  const kafka = createKafka(config, 'retry-score-test');
  let stage: RunningStage | undefined;
  afterAll(async () => {
    await stage?.stop();
    await deleteTopics(kafka, config);
  });

  it('dead-letters the claim whose search Elasticsearch keeps rejecting after exactly 2 tries, and scores the other', async () => {
    const text =
      'Công an tỉnh Nghệ An đã khởi tố 3 vụ lừa đảo chiếm đoạt tài sản qua mạng với tổng số tiền 2 tỷ đồng. Bộ Công an cho biết đã triệt phá 12 đường dây đánh bạc qua mạng trong tháng 3 năm 2026.';
    const url = 'https://example.vn/hai-tin.html';
    const doc: SourceDocument = {
      id: documentIdFor(url),
      url,
      canonicalUrl: url,
      sourceId: 'test',
      sourceKind: 'news',
      outlet: 'Báo Thử',
      title: 'Hai tin',
      text,
      publishedAt: null,
      fetchedAt: new Date().toISOString(),
      language: 'vi',
      contentHash: sha256Hex(text),
    };
    const [bad, good] = extractTopicalClaims(doc);
    if (bad === undefined || good === undefined) throw new Error('expected two claims from the document');

    await ensureTopics(kafka, topics);
    stage = await startClaimScorer(config, {
      // As the matcher does: one msearch for the slice's claims, failed items named by claim id.
      match: async (inputs) => {
        const failure = msearchFailure(
          inputs.map((i) => (i.id === bad.id ? rejectedExecution : found)),
          (i) => inputs[i]?.id,
          'search for claims',
        );
        if (failure !== null) throw failure;
        return inputs.map(() => []);
      },
      score: () => ({ score: 0, signals: [] }),
    });
    const producer = createProducer(kafka);
    await producer.connect();
    // One key and one send: the two claims arrive in one batch, so the failed search must say whose it was.
    await sendJson(
      producer,
      topics.claims,
      [bad, good].map((claim) => ({ key: claim.documentId, value: claim })),
    );
    await producer.disconnect();

    const letters = await readDeadLetters(kafka, config, 1);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ stage: 'score-claims', code: 'retries-exhausted', retriable: true, attempts: 2 });
    expect(JSON.parse(letters[0]?.payload ?? '{}')).toMatchObject({ id: bad.id });
    const admin = kafka.admin();
    await admin.connect();
    try {
      // The good claim's one event (a withdrawal: it scored 0), and none for the bad one.
      await eventually(async () => (await topicSize(admin, topics.flags)) >= 1, 'the good claim scored');
      expect(await topicSize(admin, topics.flags)).toBe(1);
    } finally {
      await admin.disconnect();
    }
  });
});
