import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadLetter, type SourceDocument } from '../../core/contracts.js';
import { documentIdFor, sha256Hex } from '../../core/ids.js';
import { indexNames, topicNames } from '../../core/names.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices } from '../../platform/elasticsearch/indices.js';
import { createKafka, createProducer, deadLetterFor, MAX_DEAD_LETTER_PAYLOAD_BYTES, type RunningStage } from '../../platform/kafka.js';
import { serveMetrics } from '../../platform/metrics-server.js';
import { startDocumentIndexer } from '../../pipeline/stages/index-documents.js';
import { extractTopicalClaims } from '../../classifiers/claims/topical-claims.js';
import { startClaimExtractor } from '../../pipeline/stages/extract-claims.js';
import { topicSize } from './stage-harness.js';
import { eventually, isolatedConfig } from '../helpers.js';

const config = isolatedConfig('dlq');
const topics = topicNames(config.namespace);
const names = indexNames(config.namespace);
const es = createElasticsearchClient(config);
const kafka = createKafka(config, 'dlq-test');
const producer = createProducer(kafka);
let indexer: RunningStage;

function validDocument(path: string, text: string): SourceDocument {
  const url = `https://example.vn/${path}`;
  return {
    id: documentIdFor(url),
    url,
    canonicalUrl: url,
    sourceId: 'test',
    sourceKind: 'news',
    outlet: 'Báo Thử Nghiệm',
    title: 'Tiêu đề',
    text,
    publishedAt: null,
    fetchedAt: new Date().toISOString(),
    language: 'vi',
    contentHash: sha256Hex(text),
  };
}

describe('Pipeline > poison messages go to dead-letter with the reason and its code, and the consumer goes on', () => {
  beforeAll(async () => {
    indexer = await startDocumentIndexer(config, es);
    await producer.connect();
  });
  afterAll(async () => {
    await indexer?.stop();
    await producer.disconnect();
    await deleteIndices(es, names);
    await es.close();
  });

  it('dead-letters invalid JSON, a schema failure, broken UTF-8, a tombstone and an empty value, and still indexes the good documents around them', async () => {
    const before = validDocument('truoc', 'Công an phường Bến Nghé tiếp nhận tin báo lúc 8 giờ sáng.');
    const after = validDocument('sau', 'Lực lượng chức năng đã tạm giữ 4.120 phương tiện các loại.');
    const { text: _dropped, ...missingText } = validDocument('thieu', 'x');
    const poison = ['{"url": "https://example.vn/hong", "title": "thiếu dấu đóng', JSON.stringify({ ...missingText, sourceKind: 'blog' })];
    const brokenUtf8 = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0xc3, 0x28, 0x7d]);
    // All on one key, so one partition holds them in this order.
    await producer.send({
      topic: topics.documentsRaw,
      messages: [
        { key: 'k', value: JSON.stringify(before) },
        ...poison.map((value) => ({ key: 'k', value })),
        { key: 'k', value: brokenUtf8 },
        { key: 'k', value: null },
        { key: 'k', value: '' },
        { key: 'k', value: JSON.stringify(after) },
      ],
    });

    await eventually(async () => {
      await es.indices.refresh({ index: names.documents });
      return (await es.count({ index: names.documents })).count === 2;
    }, 'both good documents indexed');

    const letters: DeadLetter[] = [];
    const consumer = kafka.consumer({ groupId: `${config.namespace}dlq-reader` });
    await consumer.connect();
    await consumer.subscribe({ topic: topics.deadLetter, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void letters.push(DeadLetter.parse(JSON.parse(String(message.value)))) });
    await eventually(async () => letters.length >= 5, 'five dead letters');
    await new Promise((r) => setTimeout(r, 1000)); // nothing more should arrive
    await consumer.disconnect();

    expect(letters).toHaveLength(5);
    const byOffset = letters.sort((a, b) => Number(a.offset) - Number(b.offset));
    expect(byOffset.map((l) => l.stage)).toEqual(Array(5).fill('index-documents'));
    expect(byOffset.map((l) => l.code)).toEqual(['invalid-json', 'schema', 'invalid-utf8', 'empty', 'empty']);
    // Decoding is the one try a poison message gets; retrying cannot fix it.
    for (const letter of byOffset) {
      expect(letter).toMatchObject({ retriable: false, attempts: 1 });
      expect(letter.firstError).toEqual(letter.lastError);
      expect(letter.lastError.message).toBe(letter.reason);
      expect(Date.parse(letter.lastError.at)).toBeLessThanOrEqual(Date.parse(letter.failedAt));
    }
    expect(byOffset.every((l) => l.topic === topics.documentsRaw)).toBe(true);
    expect(byOffset[0]?.reason).toMatch(/^invalid JSON/);
    expect(byOffset[0]?.payload).toBe(poison[0]);
    expect(byOffset[1]?.reason).toMatch(/^schema validation failed: .*sourceKind.*text: Required/);
    expect(byOffset[1]?.payload).toBe(poison[1]);
    expect(byOffset[2]?.reason).toBe('message is not valid UTF-8');
    expect(Buffer.from(byOffset[2]?.payloadBase64 ?? '', 'base64')).toEqual(brokenUtf8);
    expect(byOffset[3]?.reason).toBe('empty message (tombstone)');
    expect(byOffset[4]?.reason).toBe('empty message (no bytes)');

    // The same outcome, as Prometheus sees it.
    const metrics = await serveMetrics(0);
    const body = await (await fetch(`http://127.0.0.1:${metrics.port}/metrics`)).text();
    await metrics.close();
    expect(body).toContain('sentinel_stage_messages_total{stage="index-documents",outcome="dead-letter"} 5');
    expect(body).toContain('sentinel_stage_messages_total{stage="index-documents",outcome="stored"} 2');
    expect(body).toMatch(/sentinel_stage_batch_seconds_count\{stage="index-documents"\} [1-9]/);
  });
});

describe('Pipeline > a dead letter stays small whatever it carries', () => {
  it('keeps the first 64 KiB of a 5 MB message, with the whole size and hash', () => {
    const big = Buffer.from(`{"text":"${'Công an '.repeat(600_000)}`, 'utf8');
    const letter = deadLetterFor('index-documents', 'documents.raw', {
      partition: 0,
      offset: '7',
      reason: 'invalid JSON',
      code: 'invalid-json',
      raw: big,
    });
    expect(Buffer.byteLength(JSON.stringify(letter))).toBeLessThan(2 * MAX_DEAD_LETTER_PAYLOAD_BYTES);
    expect(letter).toMatchObject({
      truncated: true,
      payloadBytes: big.length,
      payloadSha256: createHash('sha256').update(big).digest('hex'),
    });
    // Valid UTF-8 cut inside a character: text only, no base64 copy.
    expect(letter.payloadBase64).toBeUndefined();
    expect(big.subarray(0, Buffer.byteLength(letter.payload)).toString('utf8')).toBe(letter.payload);
  });

  it('bounds a large message of invalid UTF-8 too (its base64 copy is of the kept part)', () => {
    const broken = Buffer.concat([Buffer.alloc(900_000, 0x41), Buffer.from([0xc3, 0x28])]);
    const small = deadLetterFor('extract-claims', 'documents.raw', {
      partition: 1,
      offset: '3',
      reason: 'message is not valid UTF-8',
      code: 'invalid-utf8',
      raw: Buffer.from([0x7b, 0xc3, 0x28]),
    });
    expect(small.payloadBase64).toBe(Buffer.from([0x7b, 0xc3, 0x28]).toString('base64'));
    expect(small.truncated).toBeUndefined();
    const letter = deadLetterFor('extract-claims', 'documents.raw', {
      partition: 1,
      offset: '4',
      reason: 'message is not valid UTF-8',
      code: 'invalid-utf8',
      raw: Buffer.concat([broken.subarray(0, 10), Buffer.from([0xc3, 0x28]), broken]),
    });
    expect(Buffer.byteLength(JSON.stringify(letter))).toBeLessThan(3 * MAX_DEAD_LETTER_PAYLOAD_BYTES);
    expect(Buffer.from(letter.payloadBase64 ?? '', 'base64')).toHaveLength(MAX_DEAD_LETTER_PAYLOAD_BYTES);
    expect(letter.payloadBytes).toBe(broken.length + 12);
  });
});

describe('Pipeline > a poison message is dead-lettered once per topic, not once per reader', () => {
  const own = isolatedConfig('dlq-once');
  const ownTopics = topicNames(own.namespace);
  const ownNames = indexNames(own.namespace);
  const ownKafka = createKafka(own, 'dlq-once-test');
  const ownEs = createElasticsearchClient(own);
  const stages: RunningStage[] = [];
  afterAll(async () => {
    for (const stage of stages) await stage.stop();
    await deleteIndices(ownEs, ownNames);
    await ownEs.close();
  });

  it('index-documents dead-letters what does not decode on documents.raw; extract-claims counts it as skipped', async () => {
    stages.push(await startDocumentIndexer(own, ownEs), await startClaimExtractor(own, extractTopicalClaims));
    const good = validDocument(
      'tot',
      'Công an tỉnh Nghệ An đã khởi tố 3 vụ lừa đảo chiếm đoạt tài sản qua mạng với tổng số tiền 2 tỷ đồng.',
    );
    const send = createProducer(ownKafka);
    await send.connect();
    await send.send({
      topic: ownTopics.documentsRaw,
      messages: [
        { key: 'k', value: '{"hong": ' },
        { key: 'k', value: JSON.stringify({ id: 'x' }) },
        { key: 'k', value: JSON.stringify(good) },
      ],
    });
    await send.disconnect();
    const admin = ownKafka.admin();
    await admin.connect();
    try {
      await eventually(async () => (await topicSize(admin, ownTopics.claims)) >= 1, "the good document's claim");
      await eventually(async () => (await topicSize(admin, ownTopics.deadLetter)) >= 2, 'two dead letters');
      await new Promise((r) => setTimeout(r, 3000)); // a second reader's letters would arrive by now
      expect(await topicSize(admin, ownTopics.deadLetter)).toBe(2);
    } finally {
      await admin.disconnect();
    }
    const metrics = await serveMetrics(0);
    const body = await (await fetch(`http://127.0.0.1:${metrics.port}/metrics`)).text();
    await metrics.close();
    expect(body).toContain('sentinel_stage_messages_total{stage="extract-claims",outcome="poison-skipped"} 2');
  }, 120_000);
});
