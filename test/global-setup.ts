/**
 * Starts the project's own Kafka and Elasticsearch for the test run, or reuses the ones already
 * running (`npm run stack:up`). Only what this run started is stopped at the end, so a
 * developer's running stack survives `npm test`, and CI is left with no JVM behind.
 */
import { stackDown, stackUp, type ServiceName } from '../stack/index.js';

let started: ServiceName[] = [];

export async function setup(): Promise<void> {
  const result = await stackUp({ progress: (line) => process.stderr.write(`[stack] ${line}\n`) });
  started = result.started;
  process.stderr.write(
    `[stack] ready in ${(result.elapsedMs / 1000).toFixed(1)} s (${result.mode}; started: ${started.join(', ') || 'none, reused'})\n`,
  );
}

export async function teardown(): Promise<void> {
  if (started.length === 0) return;
  const stopped = await stackDown({ only: started });
  process.stderr.write(`[stack] stopped: ${stopped.join(', ')}\n`);
}
