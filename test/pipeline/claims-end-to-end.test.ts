/**
 * The whole claim path on the real broker and node: the demo site crawled → documents,
 * claims, statements and flags in Elasticsearch, every count exact, through every stage
 * (`run --stages all`). The news is crawled before the official rebuttal, as happens in life:
 * the flags must still come out as if the statements had been there first. The news article
 * that reports the ID-card rumour (and its denial) is not flagged; the public post asserting
 * the same rumour is, with the ministry's denial as evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawlToKafka } from '../../pipeline/crawl-to-kafka.js';
import { startDemoSite, type RunningSite } from '../../crawlers/demo-site/server.js';
import { DEMO_REGISTRY_FILE, loadSourceRegistry, sourcesOf, type Source } from '../../crawlers/sources.js';
import { Claim, Flag, SourceDocument } from '../../core/contracts.js';
import { indexNames, topicNames } from '../../core/names.js';
import { scoreClaim } from '../../classifiers/scoring/misinformation.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices } from '../../platform/elasticsearch/indices.js';
import { createKafka, type Admin, type RunningStage } from '../../platform/kafka.js';
import { startStages, stopStages, waitUntilDrained } from '../../pipeline/run-stages.js';
import { extractTopicalClaims } from '../../classifiers/claims/topical-claims.js';
import { flagFor } from '../../classifiers/scoring/flag-policy.js';
import { matchForClaims, statementMatcher } from '../../classifiers/matching/claim-matching.js';
import { buildDashboardApp } from '../../dashboards/app.js';
import { createUser, ensureDashboardIndices } from '../../dashboards/store.js';
import { isolatedConfig } from '../helpers.js';
import { sessionCookie } from '../dashboards/fixtures.js';
import { topicSize } from './stage-harness.js';

const config = isolatedConfig('claims-e2e');
const names = indexNames(config.namespace);
const topics = topicNames(config.namespace);
const es = createElasticsearchClient(config);
let site: RunningSite;
let stages: RunningStage[] = [];
let admin: Admin;

/** 'news': every source that is not official (the news site and the public posts). */
async function demoSources(kind: 'news' | 'official'): Promise<Source[]> {
  const all = sourcesOf(await loadSourceRegistry(DEMO_REGISTRY_FILE, { DEMO_SITE: site.url }));
  return all.filter((s) => (kind === 'official' ? s.kind === 'official' : s.kind !== 'official'));
}

async function settled(): Promise<void> {
  await waitUntilDrained(config);
  await es.indices.refresh({ index: [names.documents, names.claims, names.statements, names.flags] });
}

async function all<T>(index: string, schema: { parse: (v: unknown) => T }): Promise<T[]> {
  const response = await es.search({ index, size: 1000, query: { match_all: {} } });
  return response.hits.hits.map((h) => schema.parse(h._source));
}

async function counts(): Promise<Record<string, number>> {
  const entries = await Promise.all(
    (['documents', 'sentences', 'claims', 'statements', 'flags'] as const).map(
      async (k) => [k, (await es.count({ index: names[k] })).count] as const,
    ),
  );
  return Object.fromEntries(entries);
}

/** The oracle: what the stages should have produced, computed directly from what was crawled. */
async function expectedFlags(claims: Claim[]): Promise<Flag[]> {
  const matches = await matchForClaims(statementMatcher(es, names), claims);
  return claims.flatMap((claim, i) => flagFor(claim, matches[i] ?? [], scoreClaim(claim, matches[i] ?? [])) ?? []);
}

/** The words marked in a piece of the page. */
const marked = (html: string) => [...html.matchAll(/<mark>([^<]*)<\/mark>/g)].map((m) => m[1]);
const text = (html: string) => html.replace(/<[^>]+>/g, '');

/**
 * The demo's claim page as a reviewer opens it (issue 16's "done when"): the statement named by
 * its title, the sentence of it that answers the claim, and in both only the conflicting words
 * marked: the police's 18.600 against the claim's 21.300, nothing else of either sentence.
 */
async function expectClaimPageShowsConflict(flagId: string): Promise<void> {
  const dashboards = buildDashboardApp({ es, names });
  try {
    await ensureDashboardIndices(es, names);
    await createUser(es, names, 'kiem-tra', 'analyst', 'mat-khau-rat-dai-e2e');
    const cookie = await sessionCookie(dashboards, 'kiem-tra', 'mat-khau-rat-dai-e2e');
    const page = await dashboards.inject({ method: 'GET', url: `/claims/${encodeURIComponent(flagId)}`, headers: { cookie } });
    expect(page.statusCode).toBe(200);
    const panel = /<div class="side">([\s\S]*?)<\/div><\/div>/.exec(page.body)?.[1] ?? '';
    const [claimSide, evidenceSide] = panel.split('</div>');
    const evidence = /<p>([\s\S]*?)<\/p>/.exec(evidenceSide ?? '')?.[1] ?? '';
    expect(text(evidence)).toBe(
      'Sau 30 ngày ra quân cao điểm bảo đảm trật tự an toàn giao thông dịp cuối năm, Phòng Cảnh sát giao thông Công an TP. Hà Nội đã xử lý 18.600 lượt phương tiện vi phạm.',
    );
    expect(marked(evidence)).toEqual([expect.stringContaining('18.600')]);
    expect(marked(evidence)[0]?.split(' ').length).toBeLessThanOrEqual(2);
    expect(marked(claimSide ?? '')).toEqual([expect.stringContaining('21.300')]);
    expect(marked(claimSide ?? '')[0]?.split(' ').length).toBeLessThanOrEqual(2);
    expect(evidenceSide).toContain('class="statement-link">Kết quả 30 ngày cao điểm bảo đảm trật tự an toàn giao thông cuối năm</a>');
  } finally {
    await dashboards.close();
  }
}

describe('Pipeline > claims and flags, end to end through every stage', () => {
  beforeAll(async () => {
    site = await startDemoSite();
    admin = createKafka(config, 'claims-e2e-admin').admin();
    await admin.connect();
    stages = await startStages(config, es, ['all']);
  });
  afterAll(async () => {
    await stopStages(stages);
    await admin?.disconnect();
    await site?.close();
    await deleteIndices(es, names);
    await es.close();
  });

  it('indexes every check-worthy sentence as one claim, with topics', async () => {
    const stats = await crawlToKafka(config, await demoSources('news'));
    expect(stats.documents).toBe(5);
    await settled();

    const documents = await all(names.documents, SourceDocument);
    expect(documents).toHaveLength(5);
    expect(documents.filter((d) => d.sourceKind === 'social').map((d) => d.url)).toEqual([`${site.url}/mxh/bai-viet/30-6-can-cuoc.html`]);
    const vneid = documents.find((d) => d.url.endsWith('tin-don-nang-cap-vneid.html'));
    expect(vneid?.topics).toContain('citizen-id');
    expect(documents.find((d) => d.url.endsWith('tong-ket-ra-quan-xu-ly-vi-pham-giao-thong.html'))?.topics).toContain('traffic-safety');
    const expected = documents.flatMap((d) => extractTopicalClaims(d));
    const indexed = await all(names.claims, Claim);
    expect(expected.length).toBeGreaterThan(10);
    expect(indexed.map((c) => c.id).sort()).toEqual(expected.map((c) => c.id).sort());

    const rumour = indexed.find((c) => c.text.includes('căn cước công dân sẽ hết hiệu lực') && c.sourceKind === 'news');
    expect(rumour?.topics).toContain('citizen-id');
    expect(rumour?.url).toBe(`${site.url}/tin-tuc/tin-don-nang-cap-vneid.html`);
    // Who asserts what: the news relays what people share, and its own article denies it.
    expect(rumour?.attribution?.frame).toBe('reports');
    expect(rumour?.attribution?.rebuttedInDocument).toBe(true);
    const post = indexed.find((c) => c.text.includes('căn cước công dân sẽ hết hiệu lực') && c.sourceKind === 'social');
    expect(post?.attribution?.frame).toBe('asserts');
    // Claims, not people: the claim carries the outlet and the public URL, nothing about an author.
    for (const key of Object.keys(rumour ?? {})) expect(Object.keys(Claim.shape)).toContain(key);
  });

  it('re-scores the claims an official statement answers when it arrives later, and flags exactly what the oracle flags', async () => {
    const before = await all(names.flags, Flag);
    const traffic = (await all(names.claims, Claim)).find((c) => c.text.includes('21.300 lượt'));
    expect(traffic).toBeDefined();
    // Without statements, the traffic report is not suspicious at all.
    expect(before.some((f) => f.claimId === traffic?.id)).toBe(false);

    const stats = await crawlToKafka(config, await demoSources('official'));
    expect(stats.statements).toBe(2);
    await settled();

    const claims = await all(names.claims, Claim);
    const oracle = await expectedFlags(claims);
    const flags = await all(names.flags, Flag);
    expect(flags.map((f) => f.id).sort()).toEqual(oracle.map((f) => f.id).sort());

    // A number that disagrees with the police's own report: the flag shows both spans.
    const trafficFlag = flags.find((f) => f.claimId === traffic?.id);
    const numberConflict = trafficFlag?.matches.find((m) => m.stance === 'contradicts')?.conflicts.find((c) => c.kind === 'number');
    expect(numberConflict?.claimSpan.text).toContain('21.300');
    expect(numberConflict?.evidenceSpan.text).toContain('18.600');
    await expectClaimPageShowsConflict(trafficFlag?.id ?? '');
    expect(trafficFlag?.signals.map((s) => s.id)).toContain('contradicts-official');
    expect(trafficFlag?.reasons?.map((r) => r.kind)).toContain('contradicts-official');

    // The news sentences that report the ID-card rumour agree with the rebuttal: no flag.
    const reported = flags.filter(
      (f) => f.url.endsWith('/tin-tuc/tin-don-nang-cap-vneid.html') && /hết hiệu lực|sắp bị khóa/.test(f.claimText),
    );
    expect(reported).toEqual([]);
    // The public post asserting it is flagged, with the ministry's denial as the evidence.
    const postFlag = flags.find((f) => f.sourceKind === 'social' && f.claimText.includes('căn cước công dân sẽ hết hiệu lực'));
    const denied = postFlag?.reasons?.find((r) => r.kind === 'denied-by-official' || r.kind === 'contradicts-official');
    expect(denied?.url).toBe(`${site.url}/thong-cao/bac-bo-tin-don-can-cuoc-het-hieu-luc.html`);
    expect(denied?.evidence).toMatch(/sai sự thật/);
    expect(denied?.evidenceSpan?.text).toMatch(/sai sự thật/);
    expect(postFlag?.attribution?.frame).toBe('asserts');
    expect(postFlag?.score).toBeGreaterThan(before.find((f) => f.id === postFlag?.id)?.score ?? 0);

    // Every flag names what fired, and explains its score.
    for (const flag of flags) {
      expect(flag.reasons?.length).toBeGreaterThan(0);
      expect(flag.signals.length).toBeGreaterThan(0);
    }
    expect(await topicSize(admin, topics.deadLetter)).toBe(0);
  });

  it('a second crawl of everything changes no count (idempotent ids all the way down)', async () => {
    const before = await counts();
    const flagsBefore = (await all(names.flags, Flag)).map((f) => [f.id, f.score] as const).sort();
    await crawlToKafka(config, [...(await demoSources('news')), ...(await demoSources('official'))]);
    await settled();
    expect(await counts()).toEqual(before);
    expect((await all(names.flags, Flag)).map((f) => [f.id, f.score] as const).sort()).toEqual(flagsBefore);
    expect(await topicSize(admin, topics.deadLetter)).toBe(0);
  });
});
