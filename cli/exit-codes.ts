/** Exit codes that mean something to scripts and CI, and the one place that picks one for an error. */
import { CommanderError } from 'commander';
import { EXIT, exitStatusOf, SentinelError } from '../core/errors.js';

export { EXIT };

/**
 * The exit code a command ends with when `error` reaches the top: commander's own (help and
 * --version end with 0, a wrong command line with 2), else the catalogue's category of a
 * SentinelError's code (core/errors.ts ERROR_CODES), else 1.
 */
export function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
  if (error instanceof SentinelError) return exitStatusOf(error);
  return EXIT.FAILURE;
}
