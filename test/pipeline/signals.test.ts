/**
 * A supervisor (systemd, Kubernetes, docker) signals the process it started. Started the
 * README's way, that process is npm, which passes the signal only to its `sh -c`; the shell dies
 * without passing it on. The stage process under it must still drain, leave its group and
 * exit within seconds, leaving no process of the tree running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateDocuments } from '../../bench/generate-documents.js';
import { topicNames } from '../../core/names.js';
import { createKafka, ensureTopics } from '../../platform/kafka.js';
import { stageGroupId } from '../../platform/stage-runner.js';
import { REPO_ROOT } from '../../stack/layout.js';
import { eventually, isolatedConfig } from '../helpers.js';
import { produceDocuments, waitCaughtUp } from './stage-harness.js';

const config = isolatedConfig('signals');
const topics = topicNames(config.namespace);
const kafka = createKafka(config, 'signals-test');
const admin = kafka.admin();
const groupId = stageGroupId(config, 'extract-claims');
/** What a test started and saw in its tree, so a failed run is cleaned up even once npx is gone. */
const started: ChildProcess[] = [];
const seen: ProcessInfo[] = [];

interface ProcessInfo {
  pid: number;
  parent: number;
  state: string;
  argv: string[];
}

function processInfo(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state = '', parent = ''] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pid, parent: Number(parent), state, argv: readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean) };
  } catch {
    return undefined; // gone between the listing and the read
  }
}

/** Every process under `root`, found by walking parents in /proc. */
function treeOf(root: number): ProcessInfo[] {
  const all = readdirSync('/proc')
    .filter((d) => /^\d+$/u.test(d))
    .map((d) => processInfo(Number(d)))
    .filter((p): p is ProcessInfo => p !== undefined);
  const tree: ProcessInfo[] = [];
  for (let parents = new Set([root]); parents.size > 0;) {
    const children = all.filter((p) => parents.has(p.parent));
    tree.push(...children);
    parents = new Set(children.map((p) => p.pid));
  }
  return tree;
}

/** A zombie has stopped running; only its parent's wait is left. */
const isRunning = (pid: number): boolean => {
  const info = processInfo(pid);
  return info !== undefined && info.state !== 'Z';
};

function startThroughNpx(args: string[]): ChildProcess & { log: () => string } {
  const child = spawn('npx', args, {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      SENTINEL_NAMESPACE: config.namespace,
      SENTINEL_LOG_LEVEL: 'warn',
      SENTINEL_KAFKA_BROKERS: config.kafkaBrokers.join(','),
      SENTINEL_ES_URL: config.elasticsearchUrl,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  started.push(child);
  let log = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  return Object.assign(child, { log: () => log });
}

describe('CLI > SIGTERM to `npx sentinel run` reaches the stage', () => {
  beforeAll(async () => {
    await ensureTopics(kafka, topics);
    await admin.connect();
  });

  afterEach(() => {
    // A failed run must not leave a consumer behind (the same command line: a pid may be reused).
    const same = (p: ProcessInfo): boolean => isRunning(p.pid) && processInfo(p.pid)?.argv.join(' ') === p.argv.join(' ');
    const npx = started.splice(0).filter((c) => c.exitCode === null && c.signalCode === null);
    const left = [...seen.splice(0), ...npx.flatMap((c) => treeOf(c.pid as number))];
    for (const c of npx) c.kill('SIGKILL');
    for (const p of left) if (same(p)) process.kill(p.pid, 'SIGKILL');
  });

  afterAll(async () => {
    await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
    await admin.disconnect();
  });

  it.each([
    // The README's form: the bin runs the CLI in one node process.
    { form: 'npx sentinel run', args: ['sentinel', 'run', '--stages', 'claims'], nodes: 1 },
    // A developer's form (the Docker image now runs node bin/sentinel.js): tsx's CLI starts node again, so two node processes under the shell.
    { form: 'npx tsx cli/main.ts run', args: ['tsx', 'cli/main.ts', 'run', '--stages', 'claims'], nodes: 2 },
  ])('$form: SIGTERM to npx alone drains, leaves the group and ends every process of the tree', async ({ args, nodes }) => {
    const npx = startThroughNpx(args);
    await eventually(async () => npx.log().includes('stages running'), 'the stage to start', 90_000);
    await produceDocuments(kafka, topics.documentsRaw, generateDocuments(20, 7));
    await waitCaughtUp(admin, groupId, topics.documentsRaw);

    const tree = treeOf(npx.pid as number);
    seen.push(...tree);
    expect(tree.filter((p) => /(^|\/)node$/u.test(p.argv[0] ?? '')).length).toBe(nodes);
    expect(tree.some((p) => p.argv.includes('run') && p.argv.includes('claims'))).toBe(true);

    const exited = once(npx, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    const signalledAt = Date.now();
    process.kill(npx.pid as number, 'SIGTERM');
    // npm re-raises the signal it forwarded once its shell is gone: it ends by SIGTERM at once.
    expect(await exited).toEqual([null, 'SIGTERM']);

    await eventually(
      async () => tree.every((p) => !isRunning(p.pid)),
      `every process of the tree (${tree.map((p) => p.argv.join(' ')).join('; ')}) to end`,
      10_000,
    );
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
    await eventually(async () => npx.log().includes('stopped: batches committed, groups left'), 'the stage to say it stopped', 5_000);
    expect(npx.log()).toContain('stopping (launcher gone)');
    // It left the group on its way out: no member waits out its session.
    const { groups } = await admin.describeGroups([groupId]);
    expect(groups[0]?.state).toBe('Empty');
    expect(groups[0]?.members).toEqual([]);
  });
});
