import type { Command } from 'commander';
import { crawlToKafka } from '../crawlers/crawl-to-kafka.js';
import { SOURCE_KINDS, type SourceKind } from '../core/contracts.js';
import { loadConfig } from '../core/config.js';
import { indexNames } from '../core/topics.js';
import { buildDashboardApp } from '../dashboards/app.js';
import { createElasticsearchClient } from '../pipeline/elasticsearch/client.js';
import { searchSentences } from '../pipeline/elasticsearch/search.js';
import { startDocumentIndexer } from '../pipeline/stages/document-indexer.js';
import { runDemo } from './demo.js';

const untilSignal = (): Promise<void> =>
  new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });

export function registerPipelineCommands(program: Command): void {
  program
    .command('demo', { isDefault: false })
    .description('the main job on its default: start the stack, crawl the bundled demo source, index it, serve the dashboards')
    .option('--no-serve', 'exit after indexing instead of serving the dashboards')
    .option('--port <port>', 'dashboard port', (v) => Number.parseInt(v, 10), 18080)
    .option('--host <host>', 'dashboard address to listen on', '127.0.0.1')
    .option('--keep-stack', 'leave Kafka and Elasticsearch running on exit')
    .action((options: { serve: boolean; port: number; host: string; keepStack?: boolean }) =>
      runDemo({ serve: options.serve, port: options.port, host: options.host, keepStack: options.keepStack ?? false }),
    );

  program
    .command('crawl')
    .description('crawl start URLs of one source into the documents.raw topic')
    .argument('<urls...>', 'start URLs')
    .requiredOption('--source-id <id>', 'source id recorded on every document')
    .option('--kind <kind>', `source kind (${SOURCE_KINDS.join('|')})`, 'news')
    .option('--outlet <name>', 'public outlet name', 'unknown outlet')
    .option('--max-pages <n>', 'page limit', (v) => Number.parseInt(v, 10), 200)
    .action(async (urls: string[], options: { sourceId: string; kind: string; outlet: string; maxPages: number }) => {
      if (!(SOURCE_KINDS as readonly string[]).includes(options.kind)) throw new Error(`--kind must be one of ${SOURCE_KINDS.join(', ')}`);
      const hosts = [...new Set(urls.map((u) => new URL(u).hostname))];
      const stats = await crawlToKafka(loadConfig(), [
        { sourceId: options.sourceId, sourceKind: options.kind as SourceKind, outlet: options.outlet, startUrls: urls, allowedHosts: hosts, maxPages: options.maxPages },
      ], (s) => process.stderr.write(`\rpages ${s.pagesFetched}, articles ${s.documents}`));
      process.stderr.write('\n');
      process.stdout.write(`${JSON.stringify(stats)}\n`);
    });

  program
    .command('run')
    .description('run pipeline stages as Kafka consumer-group members until SIGTERM')
    .option('--stages <stages>', 'all | index', 'all')
    .action(async (options: { stages: string }) => {
      if (!['all', 'index'].includes(options.stages)) throw new Error(`unknown stage "${options.stages}" (known: all, index)`);
      const config = loadConfig();
      const es = createElasticsearchClient(config);
      const indexer = await startDocumentIndexer(config, es);
      process.stderr.write('stage index-documents running (Ctrl-C to stop)\n');
      await untilSignal();
      await indexer.stop();
      await es.close();
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
      const app = buildDashboardApp({ es, names: indexNames(config.namespace) });
      await app.listen({ port: options.port, host: '127.0.0.1' });
      process.stderr.write(`dashboards on http://127.0.0.1:${options.port}/\n`);
      await untilSignal();
      await app.close();
      await es.close();
    });
}
