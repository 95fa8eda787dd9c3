/**
 * A re-score that no longer meets the flag rule withdraws the flag: the queue never shows a
 * claim on evidence that has since changed. Real broker and node; the scorer is injected so
 * the test decides what the second score is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDocument } from '../../bench/generate-documents.js';
import { extractClaims } from '../../classifiers/claims/extract-claims.js';
import type { Claim } from '../../core/contracts.js';
import { indexNames, topicNames } from '../../core/names.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices } from '../../platform/elasticsearch/indices.js';
import { createKafka, createProducer, sendJson, type Admin, type RunningStage } from '../../platform/kafka.js';
import { waitUntilDrained } from '../../pipeline/run-stages.js';
import { startClaimScorer } from '../../pipeline/stages/score-claims.js';
import { startFlagIndexer } from '../../pipeline/stages/index-flags.js';
import { isolatedConfig } from '../helpers.js';
import { topicSize } from './stage-harness.js';

const config = isolatedConfig('withdraw');
const names = indexNames(config.namespace);
const topics = topicNames(config.namespace);
const es = createElasticsearchClient(config);
let stages: RunningStage[] = [];
let admin: Admin;
/** Scores the injected scorer gives: above any calibrated text-only threshold, then far below. */
let nextScore = 0.999;

async function send(claims: Claim[]): Promise<void> {
  const producer = createProducer(createKafka(config, 'withdraw-producer'));
  await producer.connect();
  await sendJson(
    producer,
    topics.claims,
    claims.map((c) => ({ key: c.documentId, value: c })),
  );
  await producer.disconnect();
}

async function flagIds(): Promise<string[]> {
  // Only these two stages run here.
  await waitUntilDrained(config, { stages: ['score-claims', 'index-flags'] });
  await es.indices.refresh({ index: names.flags });
  return (await es.search({ index: names.flags, size: 100, _source: false })).hits.hits.map((h) => h._id ?? '').sort();
}

describe('Pipeline > a re-score below the flag rule withdraws the flag', () => {
  beforeAll(async () => {
    admin = createKafka(config, 'withdraw-admin').admin();
    await admin.connect();
    stages = [
      await startClaimScorer(
        config,
        {
          match: async (claims) => claims.map(() => []),
          score: () => ({ score: nextScore, signals: [{ id: 'test', description: 'điểm thử', weight: 1 }] }),
        },
        es,
      ),
      await startFlagIndexer(config, es),
    ];
  });
  afterAll(async () => {
    await Promise.all(stages.map((s) => s.stop()));
    await admin?.disconnect();
    await deleteIndices(es, names);
    await es.close();
  });

  it('flags, withdraws, and flags again, by the same id', async () => {
    // Posts whose authors assert them: the kind of claim the text alone may flag.
    const claims = extractClaims({ ...generateDocument(1, 31), sourceKind: 'social' })
      .slice(0, 3)
      .map((c) => ({ ...c, attribution: c.attribution && { ...c.attribution, frame: 'asserts' as const } }));
    expect(claims.length).toBe(3);
    const drained = flagIds;
    await send(claims);
    expect(await drained()).toEqual(claims.map((c) => c.id).sort());

    nextScore = 0.2;
    await send(claims.slice(0, 2));
    expect(await drained()).toEqual([claims[2]?.id ?? '']);

    nextScore = 0.998;
    await send(claims.slice(0, 1));
    expect(await drained()).toEqual([claims[0]?.id ?? '', claims[2]?.id ?? ''].sort());
    expect(await topicSize(admin, topics.deadLetter)).toBe(0);
  });

  it('keeps when a flag was first raised through a re-score, and starts afresh after a withdrawal', async () => {
    const [claim] = extractClaims({ ...generateDocument(2, 32), sourceKind: 'social' }).map((c) => ({
      ...c,
      attribution: c.attribution && { ...c.attribution, frame: 'asserts' as const },
    }));
    if (!claim) throw new Error('the generated document has no claim');
    const stored = async () => {
      await flagIds();
      const hit = await es.get<{ createdAt: string; firstFlaggedAt: string }>({ index: names.flags, id: claim.id });
      return hit._source;
    };
    nextScore = 0.999;
    await send([claim]);
    const first = await stored();
    expect(first?.firstFlaggedAt).toBe(first?.createdAt);
    // Scored again (a statement arrived): written anew, first raised when it was.
    nextScore = 0.997;
    await send([claim]);
    const rescored = await stored();
    expect(rescored?.createdAt).not.toBe(first?.createdAt);
    expect(rescored?.firstFlaggedAt).toBe(first?.createdAt);
    // Withdrawn, it left the queue; raised again, it is a new flag.
    nextScore = 0.2;
    await send([claim]);
    expect(await flagIds()).not.toContain(claim.id);
    nextScore = 0.998;
    await send([claim]);
    const again = await stored();
    expect(again?.firstFlaggedAt).toBe(again?.createdAt);
    expect(Date.parse(again?.firstFlaggedAt ?? '')).toBeGreaterThan(Date.parse(rescored?.createdAt ?? ''));
    expect(await topicSize(admin, topics.deadLetter)).toBe(0);
  });
});
