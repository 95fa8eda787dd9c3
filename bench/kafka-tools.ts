/**
 * Kafka's own command-line tools (org.apache.kafka:kafka-tools), fetched from Maven Central
 * beside the server jars the way stack/kafka.ts fetches those, and run with the same Java:
 * the soak reads end and committed offsets with them, not with the client it is testing.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEPENDENCY_PLUGIN, KAFKA_VERSION, REPO_ROOT } from '../stack/layout.js';
import { findJava, requireMaven, runOrThrow } from '../stack/processes.js';

const run = promisify(execFile);

export const KAFKA_TOOLS_POM = join(REPO_ROOT, 'bench', 'kafka-tools-pom.xml');

/** `.cache/stack/kafka/tools-<version>/`, beside the server's `libs-<version>/`. */
export function kafkaToolsDir(stackRoot: string): string {
  return join(stackRoot, 'kafka', `tools-${KAFKA_VERSION}`);
}

/** Fetches the tools and their dependencies once; the marker makes later runs skip Maven. */
export function installKafkaTools(stackRoot: string, progress: (line: string) => void): string {
  const dir = kafkaToolsDir(stackRoot);
  const marker = join(dir, '.complete');
  if (existsSync(marker)) return dir;
  requireMaven();
  progress(`fetching Apache Kafka ${KAFKA_VERSION} tools (kafka-tools) from Maven Central (first run only)…`);
  mkdirSync(dir, { recursive: true });
  runOrThrow(
    'mvn',
    ['-q', '-B', '-f', KAFKA_TOOLS_POM, `${DEPENDENCY_PLUGIN}:copy-dependencies`, '-DincludeScope=runtime', `-DoutputDirectory=${dir}`],
    'fetching the Kafka tools with Maven',
  );
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  return dir;
}

/** Runs one tool class (e.g. `org.apache.kafka.tools.GetOffsetShell`) and returns its stdout. */
export async function runKafkaTool(toolsDir: string, mainClass: string, args: readonly string[]): Promise<string> {
  const { javaBin } = findJava();
  const { stdout } = await run(javaBin, ['-Xmx256m', '-cp', `${toolsDir}/*`, mainClass, ...args], {
    timeout: 120_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

/** End offsets of the topics whose names match `topicRegex` (`topic:partition:offset` lines). */
export function getOffsetShell(toolsDir: string, bootstrap: string, topicRegex: string): Promise<string> {
  return runKafkaTool(toolsDir, 'org.apache.kafka.tools.GetOffsetShell', ['--bootstrap-server', bootstrap, '--topic', topicRegex]);
}

/** `kafka-consumer-groups --describe` of the groups: committed offset, log end and lag per partition. */
export function describeGroups(toolsDir: string, bootstrap: string, groups: readonly string[]): Promise<string> {
  return runKafkaTool(toolsDir, 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', [
    '--bootstrap-server',
    bootstrap,
    '--describe',
    ...groups.flatMap((g) => ['--group', g]),
  ]);
}
