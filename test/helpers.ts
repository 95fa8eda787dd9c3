import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig, type SentinelConfig } from '../core/config.js';
import { REPO_ROOT } from '../core/paths.js';
import { SourceDocument } from '../core/contracts.js';
import { topicNames } from '../core/names.js';
import { createKafka } from '../platform/kafka.js';

/** A config whose topics and indices are this test's own (after kafkajs's per-test topics). */
export function isolatedConfig(label: string): SentinelConfig {
  const namespace = `t-${label}-${randomBytes(4).toString('hex')}.`;
  return { ...loadConfig(), namespace, logLevel: 'warn' };
}

/** Polls until `check` returns a value; rejects with `what` after the timeout. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}

/**
 * `sentinel <args>` in a child process, asynchronously (a server the test runs keeps answering),
 * with its exit status and both streams.
 */
export function runSentinel(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'cli/main.ts', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A script run to its end (or killed): its exit, both streams and how long it took. */
export interface ScriptRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** CPU time the script used (user + system, ms; test/report-cpu.mjs); null when it was killed. */
  cpuMs: number | null;
}

const REPORT_CPU = new URL('./report-cpu.mjs', import.meta.url).href;

/**
 * `node --import tsx <script> <args>` from the repository root, to its end or killed after
 * `killAfterMs`; not spawnSync, which would block the test worker meanwhile.
 */
export function runScript(script: string, args: readonly string[], env: NodeJS.ProcessEnv, killAfterMs: number): Promise<ScriptRun> {
  return new Promise((done, fail) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', REPORT_CPU, script, ...args], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let cpu = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const report = child.stdio[3];
    if (report && 'setEncoding' in report) report.setEncoding('utf8').on('data', (chunk: string) => (cpu += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', fail);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      const cpuMs = cpu.trim() === '' ? null : Number(cpu.trim());
      done({ status, signal, stdout, stderr, ms: Date.now() - started, cpuMs });
    });
  });
}

/**
 * This environment with `vars` over it, and a stack no script can start: "external", on ports
 * nothing answers on (so a running stack is not reused). A script that reached for the stack
 * only waits for it, which a test's time limit catches, and never launches a JVM from a test.
 */
export function noStackEnv(vars: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...vars,
    SENTINEL_STACK_MODE: 'external',
    SENTINEL_KAFKA_PORT: '29092',
    SENTINEL_ES_PORT: '29200',
  };
  delete env.SENTINEL_KAFKA_BROKERS;
  delete env.SENTINEL_ES_URL;
  return env;
}

/** Every document on the config's documents.raw so far, read to the topic's end by a group of its own. */
export async function rawDocuments(config: SentinelConfig, clientId: string): Promise<SourceDocument[]> {
  const topic = topicNames(config.namespace).documentsRaw;
  const kafka = createKafka(config, clientId);
  const consumer = kafka.consumer({ groupId: `${clientId}-${Date.now()}` });
  const seen: SourceDocument[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const admin = kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    const total = ends.reduce((s, p) => s + Number(p.high), 0);
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(SourceDocument.parse(JSON.parse(String(message.value)))) });
    await eventually(async () => seen.length >= total, 'documents.raw read to its end', 30_000);
  } finally {
    await consumer.disconnect();
  }
  return seen;
}
