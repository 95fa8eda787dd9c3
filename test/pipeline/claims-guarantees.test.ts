/**
 * The claim path's promise under a crash: every stage in one OS process (`run --stages all`),
 * killed with SIGKILL mid-stream and restarted. Claims and flags are produced by one stage and
 * indexed by others, so a crash between produce and commit re-produces them: their ids must
 * make that harmless. Counts are compared with an oracle computed straight from the input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDocuments, generateStatements } from '../../bench/generate-documents.js';
import { scoreClaim } from '../../classifiers/scoring/misinformation.js';
import { Claim, Flag } from '../../core/contracts.js';
import { indexNames, topicNames } from '../../core/names.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices, ensureIndices } from '../../platform/elasticsearch/indices.js';
import { createKafka, ensureTopics, type Admin } from '../../platform/kafka.js';
import { ensureStatementsIndex, indexStatements } from '../../classifiers/matching/statements-index.js';
import { waitUntilDrained } from '../../pipeline/run-stages.js';
import { extractTopicalClaims } from '../../classifiers/claims/topical-claims.js';
import { flagFor } from '../../classifiers/scoring/flag-policy.js';
import { matchForClaims, statementMatcher } from '../../classifiers/matching/claim-matching.js';
import { isolatedConfig } from '../helpers.js';
import { countOf, produceDocuments, spawnStageProcess, stopProcess, topicSize, waitForStageProcess } from './stage-harness.js';

const config = isolatedConfig('claims-sigkill');
const names = indexNames(config.namespace);
const topics = topicNames(config.namespace);
const es = createElasticsearchClient(config);
let admin: Admin;

async function ids(index: string): Promise<string[]> {
  await es.indices.refresh({ index });
  const response = await es.search({ index, size: 10_000, _source: false, query: { match_all: {} } });
  return response.hits.hits.map((h) => h._id ?? '').sort();
}

describe('Pipeline > guarantees on the claim path: SIGKILL of every stage at once', () => {
  beforeAll(async () => {
    const kafka = createKafka(config, 'claims-sigkill');
    await ensureTopics(kafka, topics);
    await ensureIndices(es, names);
    await ensureStatementsIndex(es, names);
    await indexStatements(es, names, generateStatements(40, 21));
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.disconnect();
    await deleteIndices(es, names);
    await es.close();
  });

  it('restarts to exactly the claims and flags the input calls for, with no dead letter', async () => {
    const docs = generateDocuments(150, 22);
    let child = spawnStageProcess(config, 'all');
    await waitForStageProcess(child);
    await produceDocuments(createKafka(config, 'claims-sigkill-producer'), topics.documentsRaw, docs);
    // Kill once claims are flowing but flags are not all written.
    let claims = 0;
    for (let i = 0; i < 1200 && claims < 150; i += 1) {
      claims = await countOf(es, names.claims);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await stopProcess(child, 'SIGKILL')).toBeNull();
    expect(claims).toBeGreaterThan(0);

    child = spawnStageProcess(config, 'all');
    await waitForStageProcess(child);
    await waitUntilDrained(config, { timeoutMs: 170_000 });
    expect(await stopProcess(child, 'SIGTERM')).toBe(0);

    const expectedClaims = docs.flatMap((d) => extractTopicalClaims(d));
    expect(await ids(names.claims)).toEqual(expectedClaims.map((c) => c.id).sort());
    const indexed = (await es.search({ index: names.claims, size: 10_000 })).hits.hits.map((h) => Claim.parse(h._source));
    const matches = await matchForClaims(statementMatcher(es, names), indexed);
    const expectedFlags = indexed.flatMap((c, i) => flagFor(c, matches[i] ?? [], scoreClaim(c, matches[i] ?? [])) ?? []);
    expect(expectedFlags.length).toBeGreaterThan(0);
    expect(await ids(names.flags)).toEqual(expectedFlags.map((f: Flag) => f.id).sort());
    expect(await topicSize(admin, topics.deadLetter)).toBe(0);
  });
});
