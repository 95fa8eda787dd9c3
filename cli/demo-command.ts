import type { Command } from 'commander';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo', { isDefault: false })
    .description('the main job on its default: start the stack, crawl the bundled demo source, index it, serve the dashboards')
    .option('--no-serve', 'exit after indexing instead of serving the dashboards')
    .option('--port <port>', 'dashboard port', (v) => Number.parseInt(v, 10), 18080)
    .option('--host <host>', 'dashboard address to listen on', '127.0.0.1')
    .option('--keep-stack', 'leave Kafka and Elasticsearch running on exit')
    .action((options: { serve: boolean; port: number; host: string; keepStack?: boolean }) =>
      import('./demo.js').then(({ runDemo }) =>
        runDemo({ serve: options.serve, port: options.port, host: options.host, keepStack: options.keepStack ?? false }),
      ),
    );
}
