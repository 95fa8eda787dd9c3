import { readFileSync } from 'node:fs';

/** A process's state and parent from /proc; undefined when it is gone or /proc cannot tell. */
function statOf(pid: number): { state: string; parent: number } | undefined {
  try {
    // The name in parentheses may hold spaces: the fields after the last ')' are fixed.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state = '', parent = ''] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state, parent: Number(parent) };
  } catch {
    return undefined;
  }
}

function argvOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

/**
 * The processes between this one and npm, when npm started it (`npx sentinel …`, `npm run …`,
 * `npx tsx …`): npm passes a signal only to its `sh -c`, which dies without passing it on, so
 * the shell's disappearance (or that of a launcher below it, such as tsx's CLI) is our stop
 * signal. Empty when npm did not start us: a process that outlives its parent on purpose
 * (nohup, a daemon) must keep running. Read at start-up, before a signal can have come.
 */
function npmLaunchers(): number[] {
  if (process.env.npm_lifecycle_event === undefined) return [];
  const chain = [process.ppid];
  for (let depth = 0; depth < 3; depth += 1) {
    const pid = chain[chain.length - 1] as number;
    if (argvOf(pid)[1] === '-c') return chain;
    const parent = statOf(pid)?.parent;
    if (parent === undefined || parent <= 1) break;
    chain.push(parent);
  }
  // No script shell found close by (no /proc, another shell): the parent alone.
  return [process.ppid];
}

const launchers = npmLaunchers();

function launcherGone(): boolean {
  if (process.ppid !== launchers[0]) return true;
  return launchers.slice(1).some((pid) => {
    const stat = statOf(pid);
    return stat === undefined || stat.state === 'Z';
  });
}

export type StopReason = 'SIGINT' | 'SIGTERM' | 'launcher gone';

/**
 * Resolves on the first SIGINT or SIGTERM, or when npm's shell that started this process is
 * gone: long-running commands then stop cleanly. A second signal ends the process at once.
 */
export function untilSignal(pollMs = 250): Promise<StopReason> {
  return new Promise((resolve) => {
    let watch: NodeJS.Timeout | undefined;
    const stop = (reason: StopReason): void => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      clearInterval(watch);
      resolve(reason);
    };
    const onInt = (): void => stop('SIGINT');
    const onTerm = (): void => stop('SIGTERM');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
    // unref: the watch alone never keeps the process alive.
    if (launchers.length > 0) watch = setInterval(() => launcherGone() && stop('launcher gone'), pollMs).unref();
  });
}
