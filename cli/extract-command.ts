/**
 * `sentinel extract <file-or-url> [--url <page url>] [--reference-date <ISO>] [--explain]`: what the
 * crawler makes of one page or feed. A page prints one JSON object (url, canonicalUrl, title,
 * publishedAt, text, language, outlet; with --explain, where each came from and what else the
 * page offered); an RSS/Atom feed or a sitemap prints one JSON line per item (url, title,
 * publishedAt, summary). A URL is fetched through the crawler's URL guard.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidArgumentError, type Command } from 'commander';
import { FetchError, fetchPage, inspect } from '../crawlers/index.js';
import { EXIT } from './exit-codes.js';

interface ExtractCommandOptions {
  url?: string;
  referenceDate?: Date;
  explain?: boolean;
  allowPrivateNetwork?: boolean;
  maxBytes: number;
}

const isWebUrl = (s: string): boolean => /^https?:\/\//iu.test(s);

function referenceDate(value: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime()))
    throw new InvalidArgumentError('an ISO date, e.g. 2026-03-07 or 2026-03-07T08:00:00+07:00');
  return date;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('a positive whole number of bytes');
  return n;
}

function pageUrlOption(value: string): string {
  if (!isWebUrl(value)) throw new InvalidArgumentError('an http(s) URL');
  return value;
}

export function registerExtractCommand(program: Command): void {
  program
    .command('extract')
    .description('show what the crawler extracts from one page (one JSON object) or feed/sitemap (one JSON line per item)')
    .argument('<file-or-url>', 'a saved HTML page, RSS/Atom feed or sitemap, or an http(s) URL to fetch')
    .option('--url <page url>', 'the address of a page read from a file (for its canonical URL)', pageUrlOption)
    .option('--reference-date <ISO>', 'completes dates printed without a year ("Chiều 21/3"); default: now', referenceDate)
    .option('--explain', 'say where each field came from and what else the page offered')
    .option('--allow-private-network', 'let a URL reach a private or loopback address (local test servers)')
    .option('--max-bytes <n>', 'refuse input larger than this', positiveInteger, 2 * 1024 * 1024)
    .addHelpText(
      'after',
      `\nExit codes: ${EXIT.OK} extracted, ${EXIT.USAGE} wrong command line, ${EXIT.BAD_INPUT} input unreadable, refused, too large, or not an article or feed.`,
    )
    .action(async (input: string, options: ExtractCommandOptions) => {
      const fail = (message: string): never => {
        process.stderr.write(`sentinel extract: ${message}\n`);
        process.exit(EXIT.BAD_INPUT);
      };
      let bytes: Buffer;
      let contentType: string | undefined;
      let pageUrl: string;
      if (isWebUrl(input)) {
        try {
          const fetched = await fetchPage(input, { allowPrivateNetwork: options.allowPrivateNetwork, maxBytes: options.maxBytes });
          ({ bytes, contentType } = fetched);
          pageUrl = options.url ?? fetched.url;
        } catch (error) {
          if (!(error instanceof FetchError)) throw error;
          return fail(error.message);
        }
      } else {
        const path = resolve(input);
        try {
          const info = await stat(path);
          if (!info.isFile()) return fail(`${input} is not a file`);
          if (info.size > options.maxBytes)
            return fail(`${input} is ${info.size} bytes, over the ${options.maxBytes}-byte limit (--max-bytes)`);
          bytes = await readFile(path);
        } catch (error) {
          return fail(`cannot read ${input}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
        }
        pageUrl = options.url ?? pathToFileURL(path).href;
      }
      const result = inspect(bytes, contentType, pageUrl, { reference: options.referenceDate, explain: options.explain });
      if (result.kind === 'none') return fail(`${input}: ${result.reason}`);
      if (result.kind === 'page') process.stdout.write(`${JSON.stringify(result.page, null, options.explain ? 2 : undefined)}\n`);
      else for (const item of result.items) process.stdout.write(`${JSON.stringify(item)}\n`);
    });
}
