/**
 * The project's own Kafka + Elasticsearch. With a Docker engine present it uses
 * docker-compose.yml; otherwise (our machines and CI) it runs the official JVM distributions
 * fetched from Maven Central, on loopback. `up` reuses what already runs; `down` leaves no JVM.
 */
import { spawnSync } from 'node:child_process';
import { loadConfig, type SentinelConfig } from '../core/config.js';
import { StackError } from '../core/errors.js';
import { elasticsearchReady, kafkaReady } from '../platform/index.js';
import { elasticsearchPaths, elasticsearchStatus, startElasticsearch, stopElasticsearch } from './elasticsearch.js';
import { kafkaPaths, kafkaStatus, startKafka, stopKafka, type ServiceState } from './kafka.js';
import { REPO_ROOT, stackDir } from './layout.js';
import { withStackLock } from './lock.js';
import { javaProcessesMentioning, killAll, waitFor } from './processes.js';

export type ServiceName = 'kafka' | 'elasticsearch';
export type StackMode = 'jvm' | 'docker' | 'external';

export interface StackOptions {
  config?: SentinelConfig;
  progress?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

export interface StackUpResult {
  mode: StackMode;
  /** The services this call started (and so the ones a test run should stop again). */
  started: ServiceName[];
  elapsedMs: number;
}

export function stackMode(env: NodeJS.ProcessEnv = process.env): StackMode {
  const forced = env.SENTINEL_STACK_MODE;
  if (forced === 'jvm' || forced === 'docker' || forced === 'external') return forced;
  if (env.SENTINEL_KAFKA_BROKERS && env.SENTINEL_ES_URL) return 'external';
  const docker = spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 10_000 });
  return docker.status === 0 ? 'docker' : 'jvm';
}

const silent = (): void => undefined;

export async function stackUp(options: StackOptions = {}): Promise<StackUpResult> {
  const env = options.env ?? process.env;
  const config = options.config ?? loadConfig(env);
  const progress = options.progress ?? silent;
  const startedAt = Date.now();
  const mode = stackMode(env);
  if (mode === 'external') {
    await waitForServices(config, 60_000);
    return { mode, started: [], elapsedMs: Date.now() - startedAt };
  }
  if (mode === 'docker') {
    progress('Docker engine found: starting Kafka and Elasticsearch with docker compose…');
    runCompose(['up', '-d', 'kafka', 'elasticsearch']);
    await waitForServices(config, 180_000);
    return { mode, started: ['kafka', 'elasticsearch'], elapsedMs: Date.now() - startedAt };
  }
  const root = stackDir(env);
  const kafka = kafkaPaths(root);
  const es = elasticsearchPaths(root);
  const started: ServiceName[] = [];
  await withStackLock(
    root,
    async () => {
      // Both JVMs boot at once: Elasticsearch is the slow one, so Kafka's start hides behind it.
      // allSettled, not all: when one fails, the other has to finish starting before it can be stopped.
      const [esResult, kafkaResult] = await Promise.allSettled([
        startElasticsearch(es, config, progress),
        startKafka(kafka, config, progress),
      ]);
      if (esResult.status === 'rejected' || kafkaResult.status === 'rejected') {
        if (kafkaResult.status === 'fulfilled' && kafkaResult.value) await stopKafka(kafka);
        if (esResult.status === 'fulfilled' && esResult.value) await stopElasticsearch(es);
        throw esResult.status === 'rejected' ? esResult.reason : (kafkaResult as PromiseRejectedResult).reason;
      }
      if (esResult.value) started.push('elasticsearch');
      if (kafkaResult.value) started.push('kafka');
    },
    { onWait: () => progress(WAITING) },
  );
  return { mode, started, elapsedMs: Date.now() - startedAt };
}

const WAITING = 'another process is starting or stopping the stack: waiting for it…';

export async function stackDown(options: StackOptions & { only?: ServiceName[] } = {}): Promise<ServiceName[]> {
  const env = options.env ?? process.env;
  const mode = stackMode(env);
  const only = new Set<ServiceName>(options.only ?? ['kafka', 'elasticsearch']);
  if (mode === 'external') return [];
  if (mode === 'docker') {
    runCompose(['stop', ...only]);
    return [...only];
  }
  const root = stackDir(env);
  const stopped: ServiceName[] = [];
  await withStackLock(
    root,
    async () => {
      if (only.has('kafka') && (await stopKafka(kafkaPaths(root)))) stopped.push('kafka');
      const es = elasticsearchPaths(root);
      if (only.has('elasticsearch') && (await stopElasticsearch(es))) stopped.push('elasticsearch');
      if (only.size === 2) {
        // Whatever a crashed launcher left behind still names our folders on its command line.
        await killAll([...new Set([...javaProcessesMentioning(root), ...javaProcessesMentioning(es.base)])]);
      }
    },
    { onWait: () => options.progress?.(WAITING) },
  );
  return stopped;
}

export interface StackStatus {
  mode: StackMode;
  kafka: ServiceState;
  elasticsearch: ServiceState;
}

export async function stackStatus(options: StackOptions = {}): Promise<StackStatus> {
  const env = options.env ?? process.env;
  const config = options.config ?? loadConfig(env);
  const mode = stackMode(env);
  if (mode !== 'jvm') {
    const k = await kafkaReady(config.kafkaBrokers);
    const e = await elasticsearchReady(config.elasticsearchUrl).catch(() => undefined);
    return {
      mode,
      kafka: { running: k !== undefined, detail: k ? `answering on ${config.kafkaBrokers.join(',')}` : 'not answering' },
      elasticsearch: { running: e !== undefined, detail: e ? `Elasticsearch ${e.version} on ${config.elasticsearchUrl}` : 'not answering' },
    };
  }
  const root = stackDir(env);
  return {
    mode,
    kafka: await kafkaStatus(kafkaPaths(root), config),
    elasticsearch: await elasticsearchStatus(elasticsearchPaths(root), config),
  };
}

async function waitForServices(config: SentinelConfig, timeoutMs: number): Promise<void> {
  await Promise.all([
    waitFor(() => kafkaReady(config.kafkaBrokers), { timeoutMs, what: `Kafka at ${config.kafkaBrokers.join(',')}` }),
    waitFor(() => elasticsearchReady(config.elasticsearchUrl), { timeoutMs, what: `Elasticsearch at ${config.elasticsearchUrl}` }),
  ]);
}

function runCompose(args: string[]): void {
  const result = spawnSync('docker', ['compose', '-f', `${REPO_ROOT}/docker-compose.yml`, ...args], { stdio: 'inherit' });
  if (result.status !== 0) throw new StackError(`docker compose ${args.join(' ')} failed (exit ${result.status})`);
}
