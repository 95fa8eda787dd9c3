import type { Command } from 'commander';
import { untilSignal } from './signals.js';

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run pipeline stages as Kafka consumer-group members until SIGTERM (which drains the batches in flight)')
    .option(
      '--stages <groups>',
      'comma-separated stage groups: all | claims (extract) | match (score + match) | index (Elasticsearch writers)',
      'all',
    )
    .option('--metrics-port <port>', 'serve Prometheus metrics on this port (0 = off)', (v) => Number.parseInt(v, 10), 0)
    .action(async (options: { stages: string; metricsPort: number }) => {
      // Loaded here, not at the top: `sentinel stack …` should not pay for the pipeline's imports.
      const [{ loadConfig }, { createElasticsearchClient }, { serveMetrics }, { parseStageGroups, startStages, stopStages }] =
        await Promise.all([
          import('../core/config.js'),
          import('../platform/index.js'),
          import('../platform/index.js'),
          import('../pipeline/run-stages.js'),
        ]);
      const groups = parseStageGroups(options.stages);
      const config = loadConfig();
      const es = createElasticsearchClient(config);
      const metrics = options.metricsPort > 0 ? await serveMetrics(options.metricsPort) : undefined;
      const stages = await startStages(config, es, groups);
      process.stderr.write(
        `stages running: ${groups.join(', ')} (${stages.length} consumers${metrics ? `, metrics on http://127.0.0.1:${options.metricsPort}/metrics` : ''}); Ctrl-C or SIGTERM stops\n`,
      );
      const reason = await untilSignal();
      process.stderr.write(`stopping (${reason}): draining batches in flight…\n`);
      await stopStages(stages);
      await metrics?.close();
      await es.close();
      process.stderr.write('stopped: batches committed, groups left\n');
    });
}
