/**
 * `npm run bench:match`: claims/s and per-batch latency of matchClaims (retrieval + re-ranking +
 * stance for every returned match) against ≥ 10,000 indexed passages: the dev statements,
 * indexed in several copies (distinct ids) so the index has production-like size.
 *   npx tsx bench/match.ts [--claims 3000] [--batch 100] [--msearch 25] [--in-flight 4] [--concurrency 3] [--top 3] [--passages 10000] [--no-cache]
 *
 * The defaults are what the score-claims stage runs: slices of 100 claims (a "batch" here),
 * each sent as msearch requests of 25 claims with 4 in flight, one slice per partition being
 * handled (3 partitions), top 3 statements per claim.
 *
 * The matcher keeps the passages it has read (text and analysis) between calls, in one cache for
 * the process. The claims cycle through the 449 of the dev set, and the bench times two passes
 * over the same claims:
 *   - cold: the first pass with that cache empty (the index is new, so nothing in it is known):
 *     a stream of claims just after a restart; it fills the cache as it goes;
 *   - warm: the same claims again, most of their passages now known.
 * Each line gives claims/s, batch latency and the cache's hit rate over the pass (candidate
 * passages found in the cache / all candidate passages). Before both, one cycle of distinct
 * claims is matched with the cache off, which warms the JIT and Elasticsearch's own caches but
 * not the passage cache: the gap between the two lines is the passage cache's.
 * `--no-cache` times one pass with the cache off instead (every passage read from Elasticsearch
 * and analysed afresh): the floor for a stream of claims that never meets the same statement
 * twice.
 *
 * Without the dev split it says where to get it in one line and exits with 2 (classifiers/train/data-source.ts),
 * before starting anything; what it started of Kafka and Elasticsearch is stopped at the end.
 */
import { randomBytes } from 'node:crypto';
import { Command } from 'commander';
import { loadLabelledSet, type LabelledClaim, type LabelledStatement } from '../classifiers/stance/dataset.js';
import { loadConfig, type SentinelConfig } from '../core/config.js';
import { indexNames } from '../core/names.js';
import { requireData, VIFACTCHECK_DEV } from '../classifiers/train/data-source.js';
import { createElasticsearchClient, deleteIndices } from '../platform/index.js';
import {
  type ClaimInput,
  ensureStatementsIndex,
  indexStatements,
  matchClaims,
  MATCHES_PER_CLAIM,
  passageCache,
  STAGE_MATCHING,
  toOfficialStatement,
} from '../classifiers/matching/index.js';
import { stackDown, stackUp } from '../stack/index.js';
import { parseScriptArgs, positiveInt, scriptHelp, wholeNumber } from '../core/script-cli.js';

interface MatchBenchOptions {
  claims: number;
  batch: number;
  msearch: number;
  inFlight: number;
  concurrency: number;
  top: number;
  passages: number;
  cache: boolean;
}

const program = new Command('bench:match')
  .description(
    'claims per second and batch latency of matchClaims against ≥ 10,000 indexed passages: prints a cold and a warm pass with the passage cache hit rate',
  )
  .option('--claims <n>', 'claims to match (cycling through the dev claims)', positiveInt, 3000)
  .option('--batch <n>', 'claims per batch (a slice of the score-claims stage)', positiveInt, STAGE_MATCHING.sliceSize)
  .option('--msearch <n>', 'claims per msearch request', positiveInt, STAGE_MATCHING.batchSize)
  .option('--in-flight <n>', 'msearch requests in flight per batch', positiveInt, STAGE_MATCHING.concurrency)
  .option('--concurrency <n>', 'batches at once (partitions being handled)', positiveInt, 3)
  .option('--top <n>', 'statements per claim', positiveInt, MATCHES_PER_CLAIM)
  .option('--passages <n>', 'index the dev statements in as many copies as it takes to reach this many passages', wholeNumber, 10_000)
  .option('--no-cache', 'time one pass with the passage cache off instead of a cold and a warm pass')
  .addHelpText(
    'after',
    scriptHelp({
      npm: 'bench:match',
      file: 'bench/match.ts',
      data: [VIFACTCHECK_DEV],
      notes: [
        'The defaults are what the score-claims stage runs.',
        'Without the dev split: one line on stderr saying where to get it, exit 2, before anything starts. ' +
          'Kafka and Elasticsearch are started when not running; what this run started is stopped at the end.',
      ],
    }),
  )
  .showHelpAfterError();

interface Pass {
  claimsPerSecond: number;
  p50: number;
  p95: number;
  max: number;
  /** Candidate passages found in the passage cache, and read from Elasticsearch, during the pass. */
  hits: number;
  misses: number;
}

/** One timed pass over `batches`, `concurrency` batches at once. */
async function timedPass(run: (batch: ClaimInput[]) => Promise<unknown>, batches: ClaimInput[][], concurrency: number): Promise<Pass> {
  const { hits, misses } = passageCache;
  const latencies: number[] = [];
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < batches.length) {
        const b = batches[next++] as ClaimInput[];
        const t0 = performance.now();
        await run(b);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  const claims = batches.reduce((n, b) => n + b.length, 0);
  return {
    claimsPerSecond: claims / seconds,
    p50: pct(0.5),
    p95: pct(0.95),
    max: pct(1),
    hits: passageCache.hits - hits,
    misses: passageCache.misses - misses,
  };
}

const report = (label: string, p: Pass, cache: boolean): string => {
  const looked = p.hits + p.misses;
  const rate = cache
    ? `; passage cache hit rate ${looked > 0 ? ((100 * p.hits) / looked).toFixed(1) : '—'}% (${p.hits} of ${looked} candidate passages known, ${passageCache.size} kept)`
    : '';
  return `${label.padEnd(46)}${p.claimsPerSecond.toFixed(0).padStart(5)} claims/s; batch latency p50 ${p.p50.toFixed(0)} ms, p95 ${p.p95.toFixed(0)} ms, max ${p.max.toFixed(0)} ms${rate}\n`;
};

async function main(): Promise<void> {
  const options = parseScriptArgs<MatchBenchOptions>(program);
  const { claims: total, batch, msearch, inFlight, concurrency, top, passages: minPassages, cache } = options;
  // The data first: a missing set must not cost a JVM start (nor leave one running).
  const { statements, claims } = loadLabelledSet(requireData(VIFACTCHECK_DEV, 'bench:match'));
  const config = loadConfig();
  const stack = await stackUp({ config });
  try {
    await bench({ total, batch, msearch, inFlight, concurrency, top, minPassages, cache }, config, statements, claims);
  } finally {
    if (stack.started.length > 0) await stackDown({ config, only: stack.started });
  }
}

interface BenchOptions {
  total: number;
  batch: number;
  msearch: number;
  inFlight: number;
  concurrency: number;
  top: number;
  minPassages: number;
  cache: boolean;
}

async function bench(o: BenchOptions, config: SentinelConfig, statements: LabelledStatement[], claims: LabelledClaim[]): Promise<void> {
  const names = indexNames(`${config.namespace}bench-match-${randomBytes(4).toString('hex')}.`);
  const es = createElasticsearchClient(config);
  try {
    await ensureStatementsIndex(es, names);
    let passages = 0;
    const now = new Date().toISOString();
    for (let copy = 0; passages < o.minPassages; copy += 1) {
      const official = statements.map((s) => toOfficialStatement({ id: `${s.id}-copy${copy}`, text: s.text }, now));
      passages += (await indexStatements(es, names, official, { refresh: false })).passages;
    }
    await es.indices.refresh({ index: names.statements });
    await es.indices.forcemerge({ index: names.statements, max_num_segments: 1 });
    const input: ClaimInput[] = Array.from({ length: o.total }, (_, i) => {
      const c = claims[i % claims.length];
      return { id: `b${i}`, text: c?.text ?? '' };
    });
    const batches: ClaimInput[][] = [];
    for (let i = 0; i < input.length; i += o.batch) batches.push(input.slice(i, i + o.batch));
    const match = (useCache: boolean) => (b: ClaimInput[]) =>
      matchClaims(es, names, b, o.top, { batchSize: o.msearch, concurrency: o.inFlight, cache: useCache });
    // Warm-up, cache off: JIT, dictionary, Elasticsearch's caches; the passage cache stays empty.
    await matchClaims(es, names, input.slice(0, Math.min(input.length, claims.length)), o.top, {
      batchSize: o.msearch,
      concurrency: o.inFlight,
      cache: false,
    });
    process.stdout.write(
      `${passages} passages indexed; ${o.total} claims in batches of ${o.batch} (msearch of ${o.msearch}, ${o.inFlight} in flight), ${o.concurrency} batches at once, top ${o.top}\n`,
    );
    if (!o.cache) {
      process.stdout.write(
        report('passage cache off (every passage afresh)', await timedPass(match(false), batches, o.concurrency), false),
      );
      return;
    }
    process.stdout.write(report('cold passage cache (first pass)', await timedPass(match(true), batches, o.concurrency), true));
    process.stdout.write(report('warm passage cache (same claims again)', await timedPass(match(true), batches, o.concurrency), true));
  } finally {
    try {
      await deleteIndices(es, names);
    } finally {
      await es.close();
    }
  }
}

await main();
