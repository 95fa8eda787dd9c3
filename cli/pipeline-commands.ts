import type { Command } from 'commander';
import { untilSignal } from './signals.js';
import { loadConfig } from '../core/config.js';
import { indexNames } from '../core/names.js';
import { buildDashboardApp } from '../dashboards/app.js';
import { connectTiplinePublisher, createElasticsearchClient } from '../platform/index.js';
import { searchSentences } from '../dashboards/sentence-search.js';


export function registerPipelineCommands(program: Command): void {
  program
    .command('demo', { isDefault: false })
    .description('the main job on its default: start the stack, crawl the bundled demo source, index it, serve the dashboards')
    .option('--no-serve', 'exit after indexing instead of serving the dashboards')
    .option('--port <port>', 'dashboard port', (v) => Number.parseInt(v, 10), 18080)
    .option('--host <host>', 'dashboard address to listen on', '127.0.0.1')
    .option('--keep-stack', 'leave Kafka and Elasticsearch running on exit')
    .action((options: { serve: boolean; port: number; host: string; keepStack?: boolean }) =>
      import('./demo.js').then(({ runDemo }) => runDemo({ serve: options.serve, port: options.port, host: options.host, keepStack: options.keepStack ?? false })),
    );

  program
    .command('crawl')
    .description('crawl the sources of a registry into documents.raw / statements.raw')
    .option('--sources <file>', 'source registry (YAML)', 'crawlers/sources.yaml')
    .option('--source <id...>', 'only these source ids')
    .option('--var <name=value...>', 'replace ${NAME} in the registry (e.g. DEMO_SITE=http://127.0.0.1:8080)')
    .option('--state <file>', 'remember ETags, versions and duplicates across runs in this JSON file')
    .option('--watch', 're-crawl each source on its interval until SIGTERM')
    .option('--no-relevance-filter', 'send every article down the pipeline, not only those about public security')
    .action(async (options: { sources: string; source?: string[]; var?: string[]; state?: string; watch?: boolean; relevanceFilter: boolean }) => {
      const { crawlToKafka, watchToKafka } = await import('../pipeline/crawl-to-kafka.js');
      const { securityRelevanceGate } = await import('../pipeline/crawl-to-kafka.js');
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
        const watch = watchToKafka(config, sources, { onProgress, filter, stateFile: options.state, onRound: (s) => process.stdout.write(`${JSON.stringify(s)}\n`) });
        await untilSignal();
        await watch.stop();
        return;
      }
      const stats = await crawlToKafka(config, sources, { onProgress, filter, stateFile: options.state });
      process.stderr.write('\n');
      process.stdout.write(`${JSON.stringify(stats)}\n`);
    });

  program
    .command('search')
    .description('search indexed sentences, with or without diacritics; prints JSON lines')
    .argument('<query...>', 'words to find')
    .option('--size <n>', 'how many hits', (v) => Number.parseInt(v, 10), 10)
    .action(async (words: string[], options: { size: number }) => {
      const config = loadConfig();
      const es = createElasticsearchClient(config);
      const result = await searchSentences(es, indexNames(config.namespace), words.join(' '), options.size);
      for (const hit of result.hits) process.stdout.write(`${JSON.stringify(hit)}\n`);
      process.stderr.write(`${result.total} hits\n`);
      await es.close();
    });

  program
    .command('serve')
    .description('serve the dashboards over the indices in Elasticsearch')
    .option('--port <port>', 'port', (v) => Number.parseInt(v, 10), 18080)
    .action(async (options: { port: number }) => {
      const config = loadConfig();
      const es = createElasticsearchClient(config);
      // The tipline needs Kafka; without it the dashboards still serve, and the tipline answers 503.
      const publisher = await connectTiplinePublisher(config).catch((error: unknown) => {
        process.stderr.write(`tipline off: Kafka is not reachable (${error instanceof Error ? error.message : String(error)})\n`);
        return undefined;
      });
      const app = buildDashboardApp({ es, names: indexNames(config.namespace), tipline: publisher && { publish: publisher.publish, imageDir: config.submissionsDir } });
      await app.listen({ port: options.port, host: '127.0.0.1' });
      process.stderr.write(`dashboards on http://127.0.0.1:${options.port}/\n`);
      await untilSignal();
      await app.close();
      await publisher?.close();
      await es.close();
    });
}
