/**
 * An Apache Kafka broker in KRaft mode (one combined broker + controller), run from the
 * official server jars that Maven fetches from Maven Central. No ZooKeeper, no Docker.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { SentinelConfig } from '../core/config.js';
import { StackError } from '../core/errors.js';
import { kafkaReady } from '../platform/index.js';
import { DEPENDENCY_PLUGIN, KAFKA_VERSION, STACK_POM } from './layout.js';
import { findJava, isAlive, isPortOpen, readPid, requireMaven, runOrThrow, startDetached, stopProcessGroup, waitFor } from './processes.js';

export interface KafkaPaths {
  home: string;
  libs: string;
  data: string;
  logs: string;
  properties: string;
  log4j: string;
  pidFile: string;
  outFile: string;
}

/** `libsFrom` lets a second broker (the fault tests' own) reuse the jars of the main cache. */
export function kafkaPaths(stackRoot: string, libsFrom = stackRoot): KafkaPaths {
  const home = join(stackRoot, 'kafka');
  return {
    home,
    libs: join(libsFrom, 'kafka', `libs-${KAFKA_VERSION}`),
    data: join(home, 'data'),
    logs: join(home, 'logs'),
    properties: join(home, 'server.properties'),
    log4j: join(home, 'log4j2.properties'),
    pidFile: join(home, 'kafka.pid'),
    outFile: join(home, 'logs', 'kafka.out'),
  };
}

/** Fetches the broker jars once; the marker file makes the second start skip Maven entirely. */
export function installKafka(paths: KafkaPaths, progress: (line: string) => void): void {
  const marker = join(paths.libs, '.complete');
  if (existsSync(marker)) return;
  requireMaven();
  progress(`fetching Apache Kafka ${KAFKA_VERSION} server jars from Maven Central (first start only)…`);
  mkdirSync(paths.libs, { recursive: true });
  runOrThrow(
    'mvn',
    ['-q', '-B', '-f', STACK_POM, `${DEPENDENCY_PLUGIN}:copy-dependencies`, '-DincludeScope=runtime', `-DoutputDirectory=${paths.libs}`],
    'fetching the Kafka jars with Maven',
  );
  writeFileSync(marker, `${new Date().toISOString()}\n`);
}

function writeKafkaConfig(paths: KafkaPaths, config: SentinelConfig): void {
  mkdirSync(paths.logs, { recursive: true });
  const properties = [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${config.kafkaControllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${config.kafkaPort},CONTROLLER://127.0.0.1:${config.kafkaControllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${config.kafkaPort}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${paths.data}`,
    'num.partitions=3',
    // One broker: every internal topic has one replica, or the broker waits for ones that never come.
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=6',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    // Topics are created on purpose by the pipeline, so a typo in a name fails loudly.
    'auto.create.topics.enable=false',
    // Room for a large article in one message (the crawler enforces its own page limit).
    'message.max.bytes=8388608',
    'log.retention.hours=168',
  ];
  writeFileSync(paths.properties, `${properties.join('\n')}\n`);
  const log4j = [
    'status = warn',
    'appender.file.type = File',
    'appender.file.name = file',
    `appender.file.fileName = ${join(paths.logs, 'server.log')}`,
    'appender.file.layout.type = PatternLayout',
    'appender.file.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = info',
    'rootLogger.appenderRef.file.ref = file',
    'logger.kafka.name = kafka',
    'logger.kafka.level = info',
    'logger.state.name = state.change.logger',
    'logger.state.level = warn',
  ];
  writeFileSync(paths.log4j, `${log4j.join('\n')}\n`);
}

function javaArgs(paths: KafkaPaths, heapMb: number): string[] {
  return [
    `-Xms${heapMb}m`,
    `-Xmx${heapMb}m`,
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${paths.log4j}`,
    `-Dkafka.logs.dir=${paths.logs}`,
    '-cp',
    // java expands the wildcard itself; no shell is involved.
    `${paths.libs}/*`,
  ];
}

/**
 * A Kafka cluster id: 16 random bytes in URL-safe base64 without padding, never starting with '-'
 * (as Kafka's own Uuid.randomUuid draws them): the storage tool's argument parser reads
 * "-t -xyz…" as a missing id and an unknown option, so one format in 64 failed.
 */
export function kafkaClusterId(random: (size: number) => Buffer = randomBytes): string {
  for (;;) {
    const id = random(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** Formats the log dir once with Kafka's own storage tool (KRaft needs a cluster id in meta.properties). */
function formatStorage(paths: KafkaPaths, heapMb: number): void {
  if (existsSync(join(paths.data, 'meta.properties'))) return;
  const { javaBin } = findJava();
  const clusterId = kafkaClusterId();
  runOrThrow(
    javaBin,
    [...javaArgs(paths, Math.min(heapMb, 256)), 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', paths.properties, '-g'],
    'formatting the Kafka log dir',
  );
}

export interface ServiceState {
  running: boolean;
  pid?: number;
  detail: string;
}

export async function kafkaStatus(paths: KafkaPaths, config: SentinelConfig): Promise<ServiceState> {
  const pid = readPid(paths.pidFile);
  const ours = isAlive(pid);
  const ready = await kafkaReady(config.kafkaBrokers);
  if (ours && ready) return { running: true, pid, detail: `Kafka ${KAFKA_VERSION} (KRaft) on ${config.kafkaBrokers.join(',')}` };
  if (ours) return { running: false, pid, detail: 'process alive but not answering yet' };
  if (ready) return { running: true, detail: `a broker not started by this project answers on ${config.kafkaBrokers.join(',')}` };
  return { running: false, detail: 'stopped' };
}

/** Starts the broker if it is not running; returns true when this call started it. */
export async function startKafka(paths: KafkaPaths, config: SentinelConfig, progress: (line: string) => void): Promise<boolean> {
  if (isAlive(readPid(paths.pidFile))) {
    await waitFor(() => kafkaReady(config.kafkaBrokers), { timeoutMs: 60_000, what: 'Kafka', logFile: paths.outFile });
    return false;
  }
  if (await kafkaReady(config.kafkaBrokers)) {
    progress(`a Kafka broker already answers on ${config.kafkaBrokers.join(',')} (not started from this folder): using it`);
    return false;
  }
  for (const port of [config.kafkaPort, config.kafkaControllerPort]) {
    if (await isPortOpen(port)) {
      throw new StackError(
        `port ${port} is in use by another program, so Kafka cannot start there: stop it, or choose other ports with SENTINEL_KAFKA_PORT / SENTINEL_KAFKA_CONTROLLER_PORT`,
        { code: 'stack-port-in-use' },
      );
    }
  }
  const { javaBin } = findJava();
  installKafka(paths, progress);
  writeKafkaConfig(paths, config);
  formatStorage(paths, config.heapMb);
  progress(`starting Kafka ${KAFKA_VERSION} (KRaft) on 127.0.0.1:${config.kafkaPort}…`);
  const child = startDetached(javaBin, [...javaArgs(paths, config.heapMb), 'kafka.Kafka', paths.properties], {
    cwd: paths.home,
    env: process.env,
    logFile: paths.outFile,
    pidFile: paths.pidFile,
  });
  await waitFor(() => kafkaReady(config.kafkaBrokers), {
    timeoutMs: 120_000,
    what: 'Kafka',
    logFile: join(paths.logs, 'server.log'),
    stillRunning: () => isAlive(child.pid),
  });
  return true;
}

export async function stopKafka(paths: KafkaPaths): Promise<boolean> {
  return stopProcessGroup(paths.pidFile);
}

/** The broker killed with SIGKILL, as in a crash: its next start recovers its logs unclean. */
export async function crashKafka(paths: KafkaPaths): Promise<boolean> {
  return stopProcessGroup(paths.pidFile, 0);
}
