/**
 * An Elasticsearch 8.x single node from the distribution Elastic publishes on Maven Central
 * (integ-test-zip). It refuses to run as root, so as root we run it as an unprivileged user.
 * The zip lacks analysis-common (no asciifolding): Vietnamese folding happens in our code.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SentinelConfig } from '../core/config.js';
import { StackError } from '../core/errors.js';
import { elasticsearchReady } from '../platform/index.js';
import { DEPENDENCY_PLUGIN, ELASTICSEARCH_ARTIFACT, ELASTICSEARCH_VERSION, STACK_POM } from './layout.js';
import { findJava, isAlive, isPortOpen, readPid, requireMaven, runOrThrow, startDetached, stopProcessGroup, waitFor } from './processes.js';
import type { ServiceState } from './kafka.js';

export const ES_USER = 'sentinel-es';

export interface ElasticsearchPaths {
  base: string;
  home: string;
  data: string;
  logs: string;
  pidFile: string;
  outFile: string;
}

const runningAsRoot = (): boolean => process.getuid?.() === 0;

/**
 * As root, Elasticsearch runs as `sentinel-es`, which must be able to reach its folder. A
 * checkout under a private folder (mode 700) cannot be reached, so ES then lives under
 * /var/tmp, keyed by the stack folder so two checkouts do not share one.
 */
export function elasticsearchPaths(stackRoot: string): ElasticsearchPaths {
  let base = join(stackRoot, 'elasticsearch');
  if (runningAsRoot()) {
    ensureUser();
    mkdirSync(base, { recursive: true });
    if (!canUserReach(base)) {
      const key = createHash('sha256').update(stackRoot).digest('hex').slice(0, 10);
      base = join('/var/tmp', `sentinel-es-${key}`);
    }
  }
  const home = join(base, `elasticsearch-${ELASTICSEARCH_VERSION}`);
  return {
    base,
    home,
    data: join(base, 'data'),
    logs: join(base, 'logs'),
    pidFile: join(base, 'launcher.pid'),
    outFile: join(base, 'logs', 'launcher.out'),
  };
}

function ensureUser(): void {
  if (spawnSync('id', ['-u', ES_USER]).status === 0) return;
  runOrThrow(
    'useradd',
    ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', ES_USER],
    `creating the unprivileged user ${ES_USER} for Elasticsearch`,
  );
}

function canUserReach(dir: string): boolean {
  return spawnSync('runuser', ['-u', ES_USER, '--', 'test', '-x', dir]).status === 0;
}

export function installElasticsearch(paths: ElasticsearchPaths, progress: (line: string) => void): void {
  const marker = join(paths.home, '.complete');
  if (!existsSync(marker)) {
    requireMaven();
    progress(`fetching Elasticsearch ${ELASTICSEARCH_VERSION} (integ-test-zip) from Maven Central (first start only)…`);
    mkdirSync(paths.base, { recursive: true });
    // Our .complete marker decides whether to unpack; Maven's own markers (in stack/target)
    // would skip the unpack after the cache folder was deleted, hence overWriteReleases.
    runOrThrow(
      'mvn',
      [
        '-q',
        '-B',
        '-f',
        STACK_POM,
        `${DEPENDENCY_PLUGIN}:unpack`,
        `-Dartifact=${ELASTICSEARCH_ARTIFACT}`,
        `-DoutputDirectory=${paths.base}`,
        '-Dmdep.overWriteReleases=true',
      ],
      'fetching Elasticsearch with Maven',
    );
    if (!existsSync(join(paths.home, 'bin', 'elasticsearch')))
      throw new StackError(`Elasticsearch unpacked, but ${paths.home}/bin/elasticsearch is missing`);
    writeFileSync(marker, `${new Date().toISOString()}\n`);
  }
  mkdirSync(paths.data, { recursive: true });
  mkdirSync(paths.logs, { recursive: true });
  if (runningAsRoot()) runOrThrow('chown', ['-R', `${ES_USER}:`, paths.base], `giving ${paths.base} to ${ES_USER}`);
}

export async function elasticsearchStatus(paths: ElasticsearchPaths, config: SentinelConfig): Promise<ServiceState> {
  const pid = readPid(paths.pidFile);
  const ours = isAlive(pid);
  const ready = await elasticsearchReady(config.elasticsearchUrl).catch(() => undefined);
  if (ours && ready)
    return { running: true, pid, detail: `Elasticsearch ${ready.version} (${ready.status}) on ${config.elasticsearchUrl}` };
  if (ours) return { running: false, pid, detail: 'process alive but not answering yet' };
  if (ready)
    return { running: true, detail: `an Elasticsearch ${ready.version} not started by this project answers on ${config.elasticsearchUrl}` };
  return { running: false, detail: 'stopped' };
}

export async function startElasticsearch(
  paths: ElasticsearchPaths,
  config: SentinelConfig,
  progress: (line: string) => void,
): Promise<boolean> {
  const probe = () => elasticsearchReady(config.elasticsearchUrl);
  if (isAlive(readPid(paths.pidFile))) {
    await waitFor(probe, { timeoutMs: 120_000, what: 'Elasticsearch', logFile: paths.outFile });
    return false;
  }
  const other = await probe().catch(() => undefined);
  if (other) {
    progress(`an Elasticsearch ${other.version} already answers on ${config.elasticsearchUrl} (not started from this folder): using it`);
    return false;
  }
  for (const port of [config.elasticsearchPort, config.elasticsearchTransportPort]) {
    if (await isPortOpen(port)) {
      throw new StackError(
        `port ${port} is in use by another program, so Elasticsearch cannot start there: stop it, or choose other ports with SENTINEL_ES_PORT / SENTINEL_ES_TRANSPORT_PORT`,
        { code: 'stack-port-in-use' },
      );
    }
  }
  const { javaHome } = findJava();
  installElasticsearch(paths, progress);
  progress(`starting Elasticsearch ${ELASTICSEARCH_VERSION} on 127.0.0.1:${config.elasticsearchPort}…`);
  const settings = {
    'cluster.name': 'sentinel',
    'node.name': 'sentinel-es',
    'discovery.type': 'single-node',
    'network.host': '127.0.0.1',
    'http.port': String(config.elasticsearchPort),
    'transport.port': String(config.elasticsearchTransportPort),
    'xpack.security.enabled': 'false',
    'path.data': paths.data,
    'path.logs': paths.logs,
    // Developer machines run with little free disk at times; a dev node should not go read-only.
    'cluster.routing.allocation.disk.threshold_enabled': 'false',
  };
  const esArgs = [
    join(paths.home, 'bin', 'elasticsearch'),
    '-p',
    join(paths.base, 'server.pid'),
    ...Object.entries(settings).flatMap(([k, v]) => ['-E', `${k}=${v}`]),
  ];
  const esEnv = [`ES_JAVA_HOME=${javaHome}`, `ES_JAVA_OPTS=-Xms${config.heapMb}m -Xmx${config.heapMb}m`];
  const [command, args] = runningAsRoot() ? ['runuser', ['-u', ES_USER, '--', 'env', ...esEnv, ...esArgs]] : ['env', [...esEnv, ...esArgs]];
  const child = startDetached(command as string, args as string[], {
    cwd: paths.home,
    env: process.env,
    logFile: paths.outFile,
    pidFile: paths.pidFile,
  });
  await waitFor(probe, { timeoutMs: 180_000, what: 'Elasticsearch', logFile: paths.outFile, stillRunning: () => isAlive(child.pid) });
  return true;
}

export async function stopElasticsearch(paths: ElasticsearchPaths): Promise<boolean> {
  // The launcher's group holds the server JVM too, so one group signal stops both.
  return stopProcessGroup(paths.pidFile);
}
