/** Shared moves of the pipeline's guarantee tests: produce, wait for counts, run stage processes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import type { SentinelConfig } from '../../core/config.js';
import type { SourceDocument } from '../../core/contracts.js';
import { REPO_ROOT } from '../../stack/layout.js';
import type { Client } from '../../platform/elasticsearch/client.js';
import { committedThrough, createProducer, sendJson, type Admin, type Kafka } from '../../platform/kafka.js';
import { eventually } from '../helpers.js';

export async function produceDocuments(kafka: Kafka, topic: string, docs: SourceDocument[]): Promise<void> {
  const producer = createProducer(kafka);
  await producer.connect();
  try {
    for (let i = 0; i < docs.length; i += 500) {
      await sendJson(
        producer,
        topic,
        docs.slice(i, i + 500).map((d) => ({ key: d.id, value: d })),
      );
    }
  } finally {
    await producer.disconnect();
  }
}

export async function countOf(es: Client, index: string): Promise<number> {
  await es.indices.refresh({ index });
  return (await es.count({ index })).count;
}

export function waitForCount(es: Client, index: string, expected: number, timeoutMs = 90_000): Promise<number> {
  return eventually(
    async () => {
      const n = await countOf(es, index);
      if (n > expected) throw new Error(`${index} holds ${n}, more than the ${expected} expected`);
      return n === expected ? n : undefined;
    },
    `${expected} documents in ${index}`,
    timeoutMs,
  );
}

/** Resolves when the group has committed every offset of the topic (nothing left to read). */
export function waitCaughtUp(admin: Admin, groupId: string, topic: string, timeoutMs = 90_000): Promise<true> {
  return eventually(
    async () => (await committedThrough(admin, groupId, topic)) || undefined,
    `group ${groupId} to catch up on ${topic}`,
    timeoutMs,
  );
}

export async function topicSize(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
}

/** A stage in its own OS process, the way production runs it: `sentinel run --stages … [args]`. */
export function spawnStageProcess(config: SentinelConfig, stages = 'index', args: readonly string[] = []): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'run', '--stages', stages, ...args], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      SENTINEL_NAMESPACE: config.namespace,
      SENTINEL_LOG_LEVEL: 'error',
      SENTINEL_KAFKA_BROKERS: config.kafkaBrokers.join(','),
      SENTINEL_ES_URL: config.elasticsearchUrl,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.setEncoding('utf8');
  let log = '';
  child.stderr?.on('data', (chunk: string) => {
    log = (log + chunk).slice(-4000);
  });
  Object.defineProperty(child, 'log', { get: () => log });
  return child;
}

/** A loopback port free right now (for a child's metrics server). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A counter a stage process serves on its metrics port (`--metrics-port`), 0 while it serves none. */
export async function stageCounter(metricsPort: number, name: string, stage: string): Promise<number> {
  const text = await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.text());
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(`stage="${stage}"`));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

export async function waitForStageProcess(child: ChildProcess): Promise<void> {
  await eventually(
    async () => ((child as ChildProcess & { log: string }).log.includes('stages running') ? true : undefined),
    'the stage process to start',
    60_000,
  );
}

export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = once(child, 'exit');
  child.kill(signal);
  const [code] = (await exited) as [number | null];
  return code;
}
