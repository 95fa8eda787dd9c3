import type { Command } from 'commander';
import { loadConfig } from '../core/config.js';
import { untilSignal } from './signals.js';

export function registerCrawlCommand(program: Command): void {
  program
    .command('crawl')
    .description('crawl the sources of a registry into documents.raw / statements.raw')
    .option('--sources <file>', 'source registry (YAML)', 'crawlers/sources.yaml')
    .option('--source <id...>', 'only these source ids')
    .option('--var <name=value...>', 'replace ${NAME} in the registry (e.g. DEMO_SITE=http://127.0.0.1:8080)')
    .option('--state <file>', 'remember ETags, versions and duplicates across runs in this JSON file')
    .option('--watch', 're-crawl each source on its interval until SIGTERM')
    .option('--no-relevance-filter', 'send every article down the pipeline, not only those about public security')
    .action(
      async (options: {
        sources: string;
        source?: string[];
        var?: string[];
        state?: string;
        watch?: boolean;
        relevanceFilter: boolean;
      }) => {
        const { crawlToKafka, securityRelevanceGate, watchToKafka } = await import('../pipeline/crawl-to-kafka.js');
        const filter = options.relevanceFilter ? securityRelevanceGate().filter : undefined;
        const { loadSourceRegistry, sourcesOf } = await import('../crawlers/index.js');
        const variables = Object.fromEntries((options.var ?? []).map((v) => [v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1)]));
        // A bad registry throws a SourceRegistryError (source-registry-invalid): every problem, one per line, exit 4, nothing crawled.
        const sources = sourcesOf(await loadSourceRegistry(options.sources, variables), options.source ?? []);
        const config = loadConfig();
        const onProgress = (s: { sourceId: string; pagesFetched: number; documents: number; statements: number; failed: number }): void => {
          process.stderr.write(`\r${s.sourceId}: pages ${s.pagesFetched}, items ${s.documents + s.statements}, failed ${s.failed}   `);
        };
        if (options.watch) {
          const watch = watchToKafka(config, sources, {
            onProgress,
            filter,
            stateFile: options.state,
            onRound: (s) => process.stdout.write(`${JSON.stringify(s)}\n`),
          });
          await untilSignal();
          await watch.stop();
          return;
        }
        const stats = await crawlToKafka(config, sources, { onProgress, filter, stateFile: options.state });
        process.stderr.write('\n');
        process.stdout.write(`${JSON.stringify(stats)}\n`);
      },
    );
}
