/**
 * `sentinel flags docs.jsonl [--kind news|social|submission] [--statements s.jsonl]`: the
 * pipeline's claim extraction, frames, scoring and flag policy on documents from a file, without
 * Kafka; with --statements, matched as `sentinel match` does, in a throw-away index. One JSON line
 * per document on stdout, in input order; progress on stderr.
 */
import { createReadStream } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { Option, type Command } from 'commander';
import { loadConfig } from '../core/config.js';
import { readJsonLines } from '../core/jsonl.js';
import { describeIssues, type Claim, type Match, type SourceKind } from '../core/contracts.js';
import { indexNames } from '../core/names.js';
import { createElasticsearchClient, deleteIndices } from '../platform/index.js';
import {
  ensureStatementsIndex,
  indexStatements,
  InputError,
  matchForClaims,
  readStatementsFile,
  statementMatcher,
} from '../classifiers/matching/index.js';
import { claimsOf, flagClaims, OfflineDocument, type DocumentFlags } from '../classifiers/scoring/offline-flags.js';
import { stackDown, stackUp } from '../stack/index.js';
import { EXIT } from './exit-codes.js';

interface FlagsCommandOptions {
  kind: 'news' | 'social' | 'submission';
  statements?: string;
  keepStack?: boolean;
}

/** Documents handled together: one matcher call per batch when statements are given. */
const BATCH = 200;

type Parsed = { line: number; doc: OfflineDocument } | { line: number; error: string; id: string | null };

async function* readDocuments(file: string): AsyncGenerator<Parsed> {
  for await (const read of readJsonLines(file)) {
    if ('error' in read) {
      yield { line: read.line, error: read.error, id: null };
      continue;
    }
    const value = read.value;
    const parsed = OfflineDocument.safeParse(value);
    if (parsed.success) yield { line: read.line, doc: parsed.data };
    else {
      const id =
        typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string'
          ? (value as { id: string }).id
          : null;
      yield { line: read.line, error: describeIssues(parsed.error), id };
    }
  }
}

function output(result: DocumentFlags): string {
  const { id, claims, maxScore, flags } = result;
  return `${JSON.stringify({ id, claims, maxScore, flags })}\n`;
}

export function registerFlagsCommand(program: Command): void {
  program
    .command('flags')
    .description('run claim extraction, frames and the flag policy on documents: one JSON line per document, in input order')
    .argument('<docs.jsonl>', 'JSONL of {"id","text","kind"?,"publishedAt"?,"url"?}')
    .addOption(
      new Option('--kind <kind>', 'source kind of documents that do not say').choices(['news', 'social', 'submission']).default('news'),
    )
    .option(
      '--statements <file>',
      'official statements JSONL {"id","text","agency"?,"publishedAt"?,"url"?} to match claims against (needs Elasticsearch)',
    )
    .option('--keep-stack', 'leave Kafka and Elasticsearch running when this command started them')
    .action(async (file: string, options: FlagsCommandOptions) => {
      let statements;
      try {
        statements = options.statements ? readStatementsFile(options.statements) : undefined;
        // Fail on a missing file before anything starts.
        await new Promise<void>((resolve, reject) => {
          const probe = createReadStream(file);
          probe.on('open', () => resolve(probe.destroy() && undefined)).on('error', reject);
        });
      } catch (error) {
        if (!(error instanceof InputError) && !(error instanceof Error && 'code' in error)) throw error;
        process.stderr.write(`sentinel flags: ${error.message}\n`);
        process.exit(EXIT.BAD_INPUT);
      }
      process.stdout.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE') throw error;
      });
      const kind: SourceKind = options.kind;
      let cleanup = async (): Promise<void> => undefined;
      let match: ((claims: Claim[]) => Promise<Match[][]>) | undefined;
      if (statements) {
        const base = loadConfig();
        const stack = await stackUp({ config: base, progress: (line) => process.stderr.write(`${line}\n`) });
        const names = indexNames(`${base.namespace}flags-${randomBytes(4).toString('hex')}.`);
        const client = createElasticsearchClient(base);
        cleanup = async () => {
          await deleteIndices(client, names);
          await client.close();
          if (!options.keepStack && stack.started.length > 0) await stackDown({ config: base, only: stack.started });
        };
        await ensureStatementsIndex(client, names);
        const indexed = await indexStatements(client, names, statements);
        process.stderr.write(`${statements.length} statements indexed (${indexed.passages} passages)\n`);
        const matcher = statementMatcher(client, names);
        match = (claims) => matchForClaims(matcher, claims);
      }
      const startedAt = Date.now();
      let documents = 0;
      let flagged = 0;
      let rejected = 0;
      let batch: Parsed[] = [];
      const flush = async (): Promise<void> => {
        const docs = batch.filter((p): p is Extract<Parsed, { doc: OfflineDocument }> => 'doc' in p);
        const claims = docs.map((p) => claimsOf(p.doc, kind));
        const matches = match ? await match(claims.flat()) : [];
        let at = 0;
        const results = new Map<Parsed, DocumentFlags>();
        docs.forEach((p, i) => {
          const own = claims[i] as Claim[];
          results.set(p, flagClaims(p.doc.id, own, matches.slice(at, at + own.length)));
          at += own.length;
        });
        let text = '';
        for (const p of batch) {
          const result = results.get(p);
          if (result) {
            documents += 1;
            if (result.flags.length > 0) flagged += 1;
            text += output(result);
          } else if ('error' in p) {
            rejected += 1;
            process.stderr.write(`${file}:${p.line}: ${p.error}\n`);
            text += `${JSON.stringify({ id: p.id, line: p.line, error: p.error })}\n`;
          }
        }
        process.stdout.write(text);
        batch = [];
        if (Date.now() - lastProgress >= 1000) progress();
      };
      let lastProgress = 0;
      let lastCounts = '';
      const progress = (): void => {
        lastProgress = Date.now();
        const counts = `${documents} documents, ${flagged} with flags, ${rejected} rejected`;
        if (counts === lastCounts) return; // the last line said it already (a small input is done in one batch)
        lastCounts = counts;
        const seconds = (Date.now() - startedAt) / 1000;
        process.stderr.write(`${counts} (${(documents / Math.max(seconds, 1e-3)).toFixed(0)} docs/s)\n`);
      };
      try {
        for await (const parsed of readDocuments(file)) {
          batch.push(parsed);
          if (batch.length >= BATCH) await flush();
        }
        await flush();
        progress();
      } finally {
        await cleanup();
      }
      // Every good line was answered; a rejected one makes the exit code say so.
      if (rejected > 0) process.exitCode = EXIT.BAD_INPUT;
    });
}
