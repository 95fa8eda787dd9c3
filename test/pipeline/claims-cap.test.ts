/**
 * One huge document must not flood the match stage: extract-claims sends on at most
 * SENTINEL_MAX_CLAIMS_PER_DOCUMENT claims of a document (the most check-worthy, in document
 * order), each saying how many the document held; the rest are counted, never silently lost.
 * And a document sent again unchanged is not turned into claims again.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { registry } from '../../platform/metrics.js';
import { Claim, type SourceDocument } from '../../core/contracts.js';
import { documentIdFor, sha256Hex } from '../../core/ids.js';
import { topicNames } from '../../core/names.js';
import { createKafka, decodeMessage, type RunningStage } from '../../platform/kafka.js';
import { capClaims, ExtractedContent, startClaimExtractor } from '../../pipeline/stages/extract-claims.js';
import { extractTopicalClaims } from '../../classifiers/claims/topical-claims.js';
import { eventually, isolatedConfig } from '../helpers.js';
import { produceDocuments, topicSize } from './stage-harness.js';

const PLACES = ['Hà Nội', 'Nghệ An', 'Thanh Hóa', 'Đà Nẵng', 'Cần Thơ', 'Hải Phòng', 'Quảng Ninh', 'Bình Dương', 'Đồng Nai', 'Huế'];
/** A long roundup: one check-worthy sentence per province, padded with sentences that state nothing checkable. */
function roundup(): SourceDocument {
  const text = PLACES.map(
    (p, i) =>
      `Công an tỉnh ${p} cho biết đã khởi tố ${i + 3} vụ lừa đảo chiếm đoạt tài sản qua mạng với tổng số tiền ${i + 2} tỷ đồng. Mọi người hãy luôn cảnh giác.`,
  ).join(' ');
  const url = 'https://example.vn/tong-hop-lua-dao.html';
  return {
    id: documentIdFor(url),
    url,
    canonicalUrl: url,
    sourceId: 'test',
    sourceKind: 'news',
    outlet: 'Báo Thử',
    title: 'Tổng hợp',
    text,
    publishedAt: '2026-03-07T01:00:00.000Z',
    fetchedAt: '2026-03-07T02:00:00.000Z',
    language: 'vi',
    contentHash: sha256Hex(text),
  };
}

describe('Pipeline > claims per document are capped', () => {
  const config = { ...isolatedConfig('cap'), maxClaimsPerDocument: 4 };
  let stage: RunningStage | undefined;
  afterAll(async () => {
    await stage?.stop();
  });

  it('keeps the most check-worthy claims, in document order, each marked with the count', async () => {
    const all = extractTopicalClaims(roundup());
    expect(all.length).toBeGreaterThanOrEqual(PLACES.length);
    const counted = async () => (await registry.getSingleMetric('sentinel_claims_capped_total')?.get())?.values[0]?.value ?? 0;
    const before = await counted();
    const kept = capClaims(all, 4);
    expect(kept).toHaveLength(4);
    expect(kept.map((c) => c.sentenceIndex)).toEqual([...kept.map((c) => c.sentenceIndex)].sort((a, b) => a - b));
    const lowestKept = Math.min(...kept.map((c) => c.checkWorthiness));
    expect(all.filter((c) => !kept.some((k) => k.id === c.id)).every((c) => c.checkWorthiness <= lowestKept)).toBe(true);
    expect(kept.every((c) => c.capped?.found === all.length && c.capped.kept === 4)).toBe(true);
    expect((await counted()) - before).toBe(all.length - 4);
    expect(capClaims(all, all.length)).toBe(all);
  });

  it('extract-claims sends no more than the cap for one document', async () => {
    stage = await startClaimExtractor(config, extractTopicalClaims);
    const kafka = createKafka(config, 'cap-test');
    const topics = topicNames(config.namespace);
    await produceDocuments(kafka, topics.documentsRaw, [roundup()]);
    const admin = kafka.admin();
    await admin.connect();
    try {
      await eventually(async () => (await topicSize(admin, topics.claims)) === 4, '4 claims on the claims topic');
    } finally {
      await admin.disconnect();
    }
    const consumer = kafka.consumer({ groupId: `${config.namespace}cap-reader` });
    const seen: Claim[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: topics.claims, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(decodeMessage(message, Claim)) });
    await eventually(async () => seen.length === 4, 'the 4 claims read back');
    await consumer.disconnect();
    expect(seen.every((c) => c.capped?.kept === 4 && c.capped.found > 4)).toBe(true);
  }, 120_000);
});

describe('Pipeline > a document sent again unchanged is not extracted again', () => {
  const config = isolatedConfig('repeats');
  let stage: RunningStage | undefined;
  afterAll(async () => {
    await stage?.stop();
  });

  it('remembers the latest content of each document, within its bound', () => {
    const seen = new ExtractedContent(2);
    seen.add({ id: 'a', contentHash: '1' });
    expect(seen.has({ id: 'a', contentHash: '1' })).toBe(true);
    expect(seen.has({ id: 'a', contentHash: '2' })).toBe(false);
    seen.add({ id: 'b', contentHash: '1' });
    seen.add({ id: 'a', contentHash: '1' }); // used again: now the newest
    seen.add({ id: 'c', contentHash: '1' });
    expect(seen.has({ id: 'b', contentHash: '1' })).toBe(false);
    expect(seen.has({ id: 'a', contentHash: '1' })).toBe(true);
  });

  it('sends the claims of a document sent five times once, and those of its changed version again', async () => {
    stage = await startClaimExtractor(config, extractTopicalClaims);
    const kafka = createKafka(config, 'repeats-test');
    const topics = topicNames(config.namespace);
    const doc = roundup();
    const perDocument = extractTopicalClaims(doc).length;
    const text = `${doc.text} Công an tỉnh Lào Cai cho biết đã khởi tố 14 vụ lừa đảo chiếm đoạt tài sản qua mạng với tổng số tiền 9 tỷ đồng.`;
    const changed = { ...doc, text, contentHash: sha256Hex(text) };
    const admin = kafka.admin();
    await admin.connect();
    try {
      await produceDocuments(kafka, topics.documentsRaw, [doc, doc, doc]);
      await eventually(async () => (await topicSize(admin, topics.claims)) >= perDocument, 'the first claims');
      await produceDocuments(kafka, topics.documentsRaw, [doc, doc, changed]);
      const expected = perDocument + extractTopicalClaims(changed).length;
      await eventually(async () => (await topicSize(admin, topics.claims)) >= expected, "the changed version's claims");
      await new Promise((r) => setTimeout(r, 2000)); // repeats would have arrived by now
      expect(await topicSize(admin, topics.claims)).toBe(expected);
    } finally {
      await admin.disconnect();
    }
  }, 120_000);
});
