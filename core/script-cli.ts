/**
 * The command lines of the scripts run by npm or by hand (eval/, bench/, the training scripts
 * under classifiers/): the option parsers they share, the help text that says where their data
 * comes from and how to run them, and the one way they parse. `--help` prints the usage and exits
 * 0 before anything is loaded or started; an unknown option, a stray argument or a bad value
 * prints commander's message and exits 2 (EXIT.USAGE: a wrong command line, as for `sentinel`,
 * cli/exit-codes.ts).
 */
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type AddHelpTextContext, type Command, CommanderError, InvalidArgumentError, type OptionValues } from 'commander';
import { EXIT } from './errors.js';
import { REPO_ROOT } from './paths.js';

const numberOf = (value: string): number => (value.trim() === '' ? NaN : Number(value));

/** A whole number ≥ 0 (a count that may be none). */
export function wholeNumber(value: string): number {
  const n = numberOf(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('a whole number ≥ 0');
  return n;
}

/** A whole number ≥ 1. */
export function positiveInt(value: string): number {
  const n = numberOf(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number ≥ 1');
  return n;
}

/** A number > 0 (seconds, a rate). */
export function positiveNumber(value: string): number {
  const n = numberOf(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('a number > 0');
  return n;
}

/** A folder of data named by an environment variable (the shape of classifiers/train/data-source.ts's DataSource). */
export interface DataFolder {
  what: string;
  env: string;
  aliases?: readonly string[];
  defaultDir: string;
  files: readonly string[];
}

export interface ScriptHelp {
  /** The npm script that runs it alone (`eval:match`), if there is one. */
  npm?: string;
  /** The script's path from the repository root (`eval/match.ts`). */
  file: string;
  /** The folders it reads, each from its variable or the default. */
  data?: readonly DataFolder[];
  /** Paragraphs after that: other inputs, what it starts, what happens without its data. */
  notes?: readonly string[];
}

/** The width commander wraps help to when stdout is not a terminal. */
const HELP_WIDTH = 80;

/** `text` in lines of at most HELP_WIDTH characters (a longer word stays whole), the first indented by `first`, the others by `rest`. */
function wrap(text: string, first: string, rest: string): string {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(/\s+/u).filter((w) => w !== '')) {
    const empty = line === first || line === rest;
    if (!empty && line.length + 1 + word.length > HELP_WIDTH) {
      lines.push(line);
      line = rest + word;
    } else line += (empty ? '' : ' ') + word;
  }
  lines.push(line);
  return lines.join('\n');
}

/**
 * The text after the options in a script's help, for `addHelpText('after', …)`: where its data
 * comes from, the notes, and how to run it (with the command's own usage).
 */
export function scriptHelp({ npm, file, data = [], notes = [] }: ScriptHelp): (context: AddHelpTextContext) => string {
  return ({ command }) => {
    const blocks: string[] = [];
    if (data.length > 0) {
      const folders = data.map((d) => {
        const older = d.aliases && d.aliases.length > 0 ? ` (or the older ${d.aliases.join(', ')})` : '';
        return wrap(
          `${d.what} (${d.files.join(', ')}): the folder in ${d.env}${older}; default ${relative(REPO_ROOT, d.defaultDir)} (from the repository root)`,
          '  ',
          '    ',
        );
      });
      blocks.push(['Data (format and origin: classifiers/train/data-source.ts):', ...folders].join('\n'));
    }
    blocks.push(...notes.map((note) => wrap(note, '', '')));
    const usage = command.usage();
    blocks.push(wrap(npm ? `Run: npm run ${npm} -- ${usage}, or npx tsx ${file} ${usage}` : `Run: npx tsx ${file} ${usage}`, '', '  '));
    return `\n${blocks.join('\n\n')}`;
  };
}

/**
 * Parses the command line with `program` and returns its options. `--help` prints the usage and
 * exits 0; a wrong command line (unknown option, stray argument, bad value) prints commander's
 * message and exits 2. Call it before loading data or starting anything, and only when the file
 * is the script being run (never on import). The positional arguments are in `program.processedArgs`.
 */
export function parseScriptArgs<T extends OptionValues>(program: Command, argv: readonly string[] = process.argv): T {
  program.allowExcessArguments(false).exitOverride();
  try {
    program.parse([...argv]);
  } catch (error) {
    // commander has printed the help, or the error (and the help, with showHelpAfterError).
    if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? EXIT.OK : EXIT.USAGE);
    throw error;
  }
  return program.opts<T>();
}

/** Whether the module at `moduleUrl` (its import.meta.url) is the script being run, not an import: only then does it parse and run. */
export const isEntryPoint = (moduleUrl: string): boolean => moduleUrl === pathToFileURL(process.argv[1] ?? '').href;
