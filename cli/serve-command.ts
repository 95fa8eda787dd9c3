import type { Command } from 'commander';
import { loadConfig } from '../core/config.js';
import { indexNames } from '../core/names.js';
import { buildDashboardApp } from '../dashboards/app.js';
import { preparingPublisher } from '../pipeline/document-entry.js';
import { connectTiplinePublisher, createElasticsearchClient } from '../platform/index.js';
import { untilSignal } from './signals.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the dashboards over the indices in Elasticsearch')
    .option('--port <port>', 'port', (v) => Number.parseInt(v, 10), 18080)
    .action(async (options: { port: number }) => {
      const config = loadConfig();
      const es = createElasticsearchClient(config);
      // The tipline needs Kafka; without it the dashboards still serve, and the tipline answers 503.
      const publisher = await connectTiplinePublisher(config)
        .then(preparingPublisher)
        .catch((error: unknown) => {
          process.stderr.write(`tipline off: Kafka is not reachable (${error instanceof Error ? error.message : String(error)})\n`);
          return undefined;
        });
      const app = buildDashboardApp({
        es,
        names: indexNames(config.namespace),
        tipline: publisher && { publish: publisher.publish, imageDir: config.submissionsDir },
      });
      await app.listen({ port: options.port, host: '127.0.0.1' });
      process.stderr.write(`dashboards on http://127.0.0.1:${options.port}/\n`);
      await untilSignal();
      await app.close();
      await publisher?.close();
      await es.close();
    });
}
