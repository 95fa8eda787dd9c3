/**
 * `npm run bench:match`: claims/s and per-batch latency of matchClaims (retrieval + re-ranking +
 * stance for every returned match) against ≥ 10,000 indexed passages: the dev statements,
 * indexed in several copies (distinct ids) so the index has production-like size.
 *   npx tsx bench/match.ts [--claims 3000] [--batch 100] [--msearch 25] [--in-flight 4] [--concurrency 3] [--top 3] [--no-cache]
 *
 * The defaults are what the score-claims stage runs: slices of 100 claims (a "batch" here),
 * each sent as msearch requests of 25 claims with 4 in flight, one slice per partition being
 * handled (3 partitions), top 3 statements per claim.
 *
 * The matcher keeps the passages it has read (text and analysis) between calls. The 2,000
 * claims cycle through the 449 of the dev set, so after the first cycle most passages are
 * known: the line "passage cache" says how many were. `--no-cache` analyses every passage
 * afresh (every call reads the texts from Elasticsearch): the floor for a stream of claims
 * that never meets the same statement twice.
 */
import { randomBytes } from 'node:crypto';
import { loadLabelledSet } from '../classifiers/stance/dataset.js';
import { loadConfig } from '../core/config.js';
import { indexNames } from '../core/topics.js';
import { createElasticsearchClient } from '../pipeline/elasticsearch/client.js';
import { deleteIndices } from '../pipeline/elasticsearch/indices.js';
import { toOfficialStatement } from '../pipeline/matching/inputs.js';
import { matchClaims, passageCache, type ClaimInput } from '../pipeline/matching/matcher.js';
import { ensureStatementsIndex, indexStatements } from '../pipeline/matching/statements-index.js';
import { MATCHES_PER_CLAIM, STAGE_MATCHING } from '../pipeline/stages/claim-stages.js';
import { stackUp } from '../stack/index.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number.parseInt(process.argv[i + 1] ?? '', 10) : fallback;
};

async function main(): Promise<void> {
  const total = arg('claims', 3000);
  const batch = arg('batch', STAGE_MATCHING.sliceSize);
  const msearch = arg('msearch', STAGE_MATCHING.batchSize);
  const inFlight = arg('in-flight', STAGE_MATCHING.concurrency);
  const concurrency = arg('concurrency', 3);
  const top = arg('top', MATCHES_PER_CLAIM);
  const minPassages = arg('passages', 10_000);
  const cache = !process.argv.includes('--no-cache');
  const config = loadConfig();
  await stackUp({ config });
  const { statements, claims } = loadLabelledSet();
  const names = indexNames(`${config.namespace}bench-match-${randomBytes(4).toString('hex')}.`);
  const es = createElasticsearchClient(config);
  try {
    await ensureStatementsIndex(es, names);
    let passages = 0;
    const now = new Date().toISOString();
    for (let copy = 0; passages < minPassages; copy += 1) {
      const official = statements.map((s) => toOfficialStatement({ id: `${s.id}-copy${copy}`, text: s.text }, now));
      passages += (await indexStatements(es, names, official, { refresh: false })).passages;
    }
    await es.indices.refresh({ index: names.statements });
    await es.indices.forcemerge({ index: names.statements, max_num_segments: 1 });
    const input: ClaimInput[] = Array.from({ length: total }, (_, i) => {
      const c = claims[i % claims.length];
      return { id: `b${i}`, text: c?.text ?? '' };
    });
    await matchClaims(es, names, input.slice(0, batch), top, { cache }); // warm-up: JIT, dictionary, caches
    const hits = passageCache.hits;
    const misses = passageCache.misses;
    const batches: ClaimInput[][] = [];
    for (let i = 0; i < input.length; i += batch) batches.push(input.slice(i, i + batch));
    const latencies: number[] = [];
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < batches.length) {
          const b = batches[next++] as ClaimInput[];
          const t0 = performance.now();
          await matchClaims(es, names, b, top, { batchSize: msearch, concurrency: inFlight, cache });
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const pct = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
    process.stdout.write(
      `${passages} passages indexed; ${total} claims in batches of ${batch} (msearch of ${msearch}, ${inFlight} in flight), ${concurrency} batches at once, top ${top}\n` +
        `throughput ${(total / seconds).toFixed(0)} claims/s; batch latency p50 ${pct(0.5).toFixed(0)} ms, p95 ${pct(0.95).toFixed(0)} ms, max ${pct(1).toFixed(0)} ms\n` +
        (cache
          ? `passage cache: ${passageCache.hits - hits} of ${passageCache.hits - hits + passageCache.misses - misses} candidate passages already known (${passageCache.size} kept)\n`
          : 'passage cache off: every passage read from Elasticsearch and analysed afresh\n'),
    );
  } finally {
    await deleteIndices(es, names);
    await es.close();
  }
}

await main();
