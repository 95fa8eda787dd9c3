/**
 * `npm run bench:crawl [-- pages]`: pages per second of our crawler (guarded fetch, charset
 * decoding, extraction, Vietnamese cleanup, dates, dedup, validation) next to a bare crawlee
 * CheerioCrawler that only fetches and parses the same generated fixture pages, in the same run
 * and with the same concurrency. Target: ours costs at most 1.5× the bare time, on the mix.
 *
 * Measured on the mix of layouts a crawl meets (crawlers/fixture-site/server.ts: half <article>
 * pages, a quarter CMS pages with a known body class, both read directly; a quarter div soup only
 * Readability finds the body of), and on each path alone: the fast path (CMS pages) and the
 * Readability path (div soup).
 *
 * Both crawlers are pinned at `concurrency` (crawlee's pool otherwise lowers it whenever it sees
 * the shared machine busy, differently for each side). CPU seconds are printed too: on a shared
 * machine they move less with other load than wall time does.
 */
import { Command } from 'commander';
import { CheerioCrawler, Configuration, log as crawleeLog, LogLevel } from 'crawlee';
import { crawlSource, CrawlState, type Source, startFixtureSite } from '../crawlers/index.js';
import { SentinelError } from '../core/errors.js';
import { parseScriptArgs, positiveInt, scriptHelp } from '../core/script-cli.js';

const program = new Command('bench:crawl')
  .description(
    'pages per second of the sentinel crawler beside a bare crawlee CheerioCrawler on the same generated pages: prints both rates, their ratio against the 1.5× target, and CPU time',
  )
  .argument('[pages]', 'generated article pages per run (concurrency 8 on both sides, best of 3 interleaved runs)', positiveInt, 2000)
  .addHelpText(
    'after',
    scriptHelp({
      npm: 'bench:crawl',
      file: 'bench/crawl.ts',
      notes: ['The pages come from the fixture site (crawlers/fixture-site/server.ts) on loopback; no Kafka or Elasticsearch.'],
    }),
  )
  .showHelpAfterError();
parseScriptArgs(program);
const pages = program.processedArgs[0] as number;
const concurrency = 8;
const rounds = 3;

interface Run {
  ms: number;
  cpuMs: number;
  pages: number;
}

/** Wall and CPU time of `work`. */
async function timed(work: () => Promise<number>): Promise<Run> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const pages = await work();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, pages };
}

async function bare(urls: string[]): Promise<Run> {
  let count = 0;
  const crawler = new CheerioCrawler(
    {
      minConcurrency: concurrency,
      maxConcurrency: concurrency,
      maxRequestRetries: 0,
      async requestHandler({ $ }) {
        // Fetched and parsed by crawlee; touch the DOM so the parse is not optimised away.
        if ($('h1').length > 0) count += 1;
      },
    },
    new Configuration({ persistStorage: false, purgeOnStart: true }),
  );
  return timed(async () => {
    await crawler.run(urls);
    return count;
  });
}

async function ours(base: string, urls: string[]): Promise<Run> {
  const source: Source = {
    id: 'bench',
    name: 'Bench',
    kind: 'news',
    startUrls: urls,
    feeds: [],
    sitemaps: [],
    allowedHosts: ['127.0.0.1'],
    intervalMinutes: 60,
    politeness: { maxRequestsPerMinutePerHost: 10_000_000 },
    browser: false,
    maxDepth: 0,
    maxPages: urls.length + 10,
    allowPrivateNetwork: true,
  };
  let count = 0;
  return timed(async () => {
    const stats = await crawlSource(
      source,
      { document: async () => void (count += 1) },
      { state: new CrawlState(), minConcurrency: concurrency, maxConcurrency: concurrency, maxRetries: 0 },
    );
    // Every page is extracted; a generated page may be judged a near duplicate of another (linked, not sent).
    const processed = count + stats.duplicates.exact + stats.duplicates.near;
    if (stats.failed > 0 || processed !== urls.length)
      throw new SentinelError(
        'benchmark-incomplete',
        `our crawl processed ${processed} of ${urls.length} pages (${base}): ${stats.errors.join('; ')}`,
      );
    return processed;
  });
}

crawleeLog.setLevel(LogLevel.OFF);
const site = await startFixtureSite();
/** `/bench/<n>.html` is the mix; `/bench/<layout>/<n>.html` one layout. */
const urls = (offset: number, n: number, layout = ''): string[] =>
  Array.from({ length: n }, (_, i) => `${site.url}/bench/${layout ? `${layout}/` : ''}${offset + i}.html`);
const SETS = [
  ['mix', ''],
  ['fast path (known body container)', 'cms'],
  ['Readability path (no known container)', 'plain'],
] as const;
try {
  // Warm-up of both sides and both extraction paths (JIT, sockets), on pages the measured runs do not reuse.
  await bare(urls(1_000_000, 100));
  await ours(site.url, urls(1_000_000, 100));
  process.stdout.write(
    `pages: ${pages} generated Vietnamese article pages per run, concurrency ${concurrency} on both sides, best of ${rounds} interleaved runs\n`,
  );
  for (const [name, layout] of SETS) {
    // Interleaved rounds, both sides on the same pages; the fastest of each side is kept (the
    // least disturbed by other load). Nothing is cached between runs: each crawl starts empty.
    const runs = { bare: [] as Run[], ours: [] as Run[] };
    for (let round = 0; round < rounds; round += 1) {
      const batch = urls(round * pages, pages, layout);
      runs.bare.push(await bare(batch));
      runs.ours.push(await ours(site.url, batch));
    }
    const best = (list: Run[], key: 'ms' | 'cpuMs'): Run => list.reduce((a, b) => (b[key] < a[key] ? b : a));
    const b = best(runs.bare, 'ms');
    const o = best(runs.ours, 'ms');
    const rate = (r: Run): string => (r.pages / (r.ms / 1000)).toFixed(1);
    const seconds = (list: Run[], key: 'ms' | 'cpuMs'): string => list.map((r) => (r[key] / 1000).toFixed(2)).join(', ');
    const ratio = o.ms / b.ms;
    const cpuRatio = best(runs.ours, 'cpuMs').cpuMs / best(runs.bare, 'cpuMs').cpuMs;
    process.stdout.write(`\n${name}\n`);
    process.stdout.write(
      `  bare CheerioCrawler (fetch + parse): ${rate(b)} pages/s (${(b.ms / 1000).toFixed(2)} s; runs ${seconds(runs.bare, 'ms')} s; CPU ${seconds(runs.bare, 'cpuMs')} s)\n`,
    );
    process.stdout.write(
      `  sentinel crawler (fetch + guard + decode + extract + dedup): ${rate(o)} pages/s (${(o.ms / 1000).toFixed(2)} s; runs ${seconds(runs.ours, 'ms')} s; CPU ${seconds(runs.ours, 'cpuMs')} s)\n`,
    );
    const target = layout === '' ? ` (target ≤ 1.5× on the mix) ${ratio <= 1.5 ? 'OK' : 'OVER TARGET'}` : '';
    process.stdout.write(`  ratio (our time / bare time): ${ratio.toFixed(2)}×${target}; CPU time ratio ${cpuRatio.toFixed(2)}×\n`);
  }
} finally {
  await site.close();
}
