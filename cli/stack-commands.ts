import type { Command } from 'commander';
import { stackDown, stackStatus, stackUp } from '../stack/index.js';
import { EXIT } from './exit-codes.js';

const progress = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

export function registerStackCommands(program: Command): void {
  const stack = program.command('stack').description("start, stop and inspect the project's own Kafka and Elasticsearch");
  stack
    .command('up')
    .description('start Kafka (KRaft) and Elasticsearch on loopback, fetching them from Maven Central on first use')
    .action(async () => {
      const result = await stackUp({ progress });
      const status = await stackStatus();
      progress(
        `stack up (${result.mode}) in ${(result.elapsedMs / 1000).toFixed(1)} s; started: ${result.started.join(', ') || 'nothing (already running)'}`,
      );
      progress(`  kafka:         ${status.kafka.detail}`);
      progress(`  elasticsearch: ${status.elasticsearch.detail}`);
    });
  stack
    .command('down')
    .description('stop both services; no JVM of the stack is left running')
    .action(async () => {
      const stopped = await stackDown({ progress });
      progress(stopped.length > 0 ? `stopped: ${stopped.join(', ')}` : 'nothing was running');
    });
  stack
    .command('status')
    .description('say whether each service runs and answers (exit 0 when both do, 3 otherwise)')
    .option('--json', 'print the status as JSON')
    .action(async (options: { json?: boolean }) => {
      const status = await stackStatus();
      if (options.json) process.stdout.write(`${JSON.stringify(status)}\n`);
      else {
        process.stdout.write(`mode:          ${status.mode}\n`);
        process.stdout.write(
          `kafka:         ${status.kafka.running ? 'up  ' : 'down'} ${status.kafka.detail}${status.kafka.pid ? ` (pid ${status.kafka.pid})` : ''}\n`,
        );
        process.stdout.write(
          `elasticsearch: ${status.elasticsearch.running ? 'up  ' : 'down'} ${status.elasticsearch.detail}${status.elasticsearch.pid ? ` (pid ${status.elasticsearch.pid})` : ''}\n`,
        );
      }
      if (!status.kafka.running || !status.elasticsearch.running) process.exitCode = EXIT.SERVICE_DOWN;
    });
}
