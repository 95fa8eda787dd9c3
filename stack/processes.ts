/** Process plumbing for the stack: tool checks, detached JVMs, pid files, ports, waits. */
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { StackError } from '../core/errors.js';

export interface JavaRuntime {
  javaBin: string;
  javaHome: string;
}

/** JAVA_HOME if it holds a java, else the java on PATH (resolved through Debian's alternatives). */
export function findJava(env: NodeJS.ProcessEnv = process.env): JavaRuntime {
  const fromHome = env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'java') : undefined;
  if (fromHome && existsSync(fromHome)) return { javaBin: fromHome, javaHome: env.JAVA_HOME as string };
  const which = spawnSync('sh', ['-c', 'command -v java'], { encoding: 'utf8' });
  const onPath = which.stdout.trim();
  if (which.status !== 0 || !onPath) {
    throw new StackError('java was not found: install a Java 17 JDK (Debian: apt-get install openjdk-17-jdk-headless) or set JAVA_HOME', {
      code: 'stack-tool-missing',
    });
  }
  const javaBin = realpathSync(onPath);
  return { javaBin, javaHome: dirname(dirname(javaBin)) };
}

export function requireMaven(): void {
  const probe = spawnSync('mvn', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new StackError(
      'mvn (Apache Maven) was not found: it fetches Kafka and Elasticsearch from Maven Central (Debian: apt-get install maven)',
      { code: 'stack-tool-missing' },
    );
  }
}

/** Runs a command to completion, throwing a StackError with its output tail when it fails. */
export function runOrThrow(command: string, args: string[], what: string, options: SpawnSyncOptions = {}): string {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.error) throw new StackError(`${what}: could not run ${command}: ${result.error.message}`, { cause: result.error });
  if (result.status !== 0) {
    const output = `${String(result.stdout ?? '')}\n${String(result.stderr ?? '')}`.trim().split('\n').slice(-15).join('\n');
    throw new StackError(`${what} failed (exit ${result.status}):\n${output}`);
  }
  return String(result.stdout ?? '');
}

export function isPortOpen(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function readPid(pidFile: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return !isZombie(pid);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isZombie(pid: number): boolean {
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

export interface DetachedProcess {
  pid: number;
}

/**
 * Starts a long-lived process in its own process group, output appended to `logFile`, and
 * records its pid, so a later `stack down` from another process can stop the whole group.
 */
export function startDetached(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string; pidFile: string },
): DetachedProcess {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = openSync(options.logFile, 'a');
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  if (child.pid === undefined) throw new StackError(`could not start ${command}`);
  child.unref();
  writeFileSync(options.pidFile, `${child.pid}\n`);
  return { pid: child.pid };
}

/**
 * SIGTERM to the process group, then SIGKILL after the grace period. Resolves when it is gone.
 * A grace of 0 is SIGKILL at once, as a crash or the kernel's OOM killer would: nothing flushes,
 * no shutdown hook runs. False when nothing was running.
 */
export async function stopProcessGroup(pidFile: string, graceMs = 30_000): Promise<boolean> {
  const pid = readPid(pidFile);
  if (!isAlive(pid) || pid === undefined) {
    rmSync(pidFile, { force: true });
    return false;
  }
  if (graceMs > 0) {
    signalGroup(pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (isAlive(pid) && Date.now() < deadline) await sleep(200);
  }
  if (isAlive(pid)) signalGroup(pid, 'SIGKILL');
  while (isAlive(pid)) await sleep(100);
  rmSync(pidFile, { force: true });
  return true;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, signal);
    } catch {
      // already gone, or not a group leader: the other target covers it
    }
  }
}

/** Java processes whose command line mentions `marker` (a stack folder): what `down` must leave none of. */
export function javaProcessesMentioning(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const argv0 = cmdline.split('\0')[0] ?? '';
      if (/(^|\/)java$/.test(argv0) && cmdline.includes(marker) && !isZombie(Number(entry))) found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

export async function killAll(pids: number[], graceMs = 15_000): Promise<void> {
  for (const pid of pids) signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (pids.some((p) => isAlive(p)) && Date.now() < deadline) await sleep(200);
  for (const pid of pids.filter((p) => isAlive(p))) signalGroup(pid, 'SIGKILL');
  while (pids.some((p) => isAlive(p))) await sleep(100);
}

/** Polls `probe` until it returns a value, or throws with the log tail once `timeoutMs` passes. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  options: { timeoutMs: number; what: string; logFile?: string; stillRunning?: () => boolean },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    const dead = options.stillRunning !== undefined && !options.stillRunning();
    if (dead || Date.now() > deadline) {
      const tail = options.logFile ? logTail(options.logFile) : '';
      const why = dead ? 'exited during start-up' : `was not ready after ${Math.round(options.timeoutMs / 1000)} s`;
      throw new StackError(`${options.what} ${why}${options.logFile ? ` (log: ${options.logFile})` : ''}${tail ? `\n${tail}` : ''}`);
    }
    await sleep(500);
  }
}

export function logTail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
