/**
 * `sentinel match --statements s.jsonl --claims c.jsonl --top 5 > matches.jsonl`: the same
 * code path as the pipeline (passages indexed in Elasticsearch, msearch retrieval, re-ranking,
 * stance), in a throw-away namespace that is deleted afterwards unless --keep-index.
 */
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { loadConfig } from '../core/config.js';
import { indexNames } from '../core/names.js';
import { createElasticsearchClient, deleteIndices } from '../platform/index.js';
import {
  ensureStatementsIndex,
  indexStatements,
  InputError,
  matchClaims,
  readClaimsFile,
  readStatementsFile,
} from '../classifiers/matching/index.js';
import { stackDown, stackUp } from '../stack/index.js';
import { SentinelError } from '../core/errors.js';
import { EXIT } from './exit-codes.js';

interface MatchCommandOptions {
  statements: string;
  claims: string;
  top: number;
  keepIndex?: boolean;
  keepStack?: boolean;
}

export function registerMatchCommand(program: Command): void {
  program
    .command('match')
    .description('match claims to official statements: one JSON line per claim, in input order, with evidence, stance and conflicts')
    .requiredOption('--statements <file>', 'JSONL of {"id","text","agency"?,"publishedAt"?,"url"?}')
    .requiredOption('--claims <file>', 'JSONL of {"id","text"}')
    .option('--top <n>', 'matches per claim', (v) => Number.parseInt(v, 10), 5)
    .option('--keep-index', 'keep the statements index (its namespace is printed on stderr)')
    .option('--keep-stack', 'leave Kafka and Elasticsearch running when this command started them')
    .action(async (options: MatchCommandOptions) => {
      let statements;
      let claims;
      try {
        statements = readStatementsFile(options.statements);
        claims = readClaimsFile(options.claims);
      } catch (error) {
        if (!(error instanceof InputError) && !(error instanceof Error && 'code' in error)) throw error;
        process.stderr.write(`sentinel match: ${error.message}\n`);
        process.exit(EXIT.BAD_INPUT);
      }
      if (!Number.isInteger(options.top) || options.top < 1) throw new SentinelError('option-invalid', '--top must be a positive integer');
      // `match … | head` closes stdout early: stop writing, but still delete the temporary index.
      process.stdout.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE') throw error;
      });
      const base = loadConfig();
      const stack = await stackUp({ config: base, progress: (line) => process.stderr.write(`${line}\n`) });
      const namespace = `${base.namespace}match-${randomBytes(4).toString('hex')}.`;
      const names = indexNames(namespace);
      const es = createElasticsearchClient(base);
      try {
        await ensureStatementsIndex(es, names);
        const indexed = await indexStatements(es, names, statements);
        if (indexed.rejected.length > 0)
          process.stderr.write(`${indexed.rejected.length} passages rejected, first: ${indexed.rejected[0]?.reason}\n`);
        const startedAt = Date.now();
        const matches = await matchClaims(es, names, claims, options.top);
        claims.forEach((claim, i) => {
          const row = (matches[i] ?? []).map(({ statementId, score, stance, evidence, conflicts }) => ({
            statementId,
            score,
            stance,
            evidence,
            conflicts,
          }));
          process.stdout.write(`${JSON.stringify({ claimId: claim.id, matches: row })}\n`);
        });
        process.stderr.write(
          `${statements.length} statements (${indexed.passages} passages), ${claims.length} claims matched in ${Date.now() - startedAt} ms\n`,
        );
      } finally {
        if (options.keepIndex) process.stderr.write(`index kept: ${names.statements} (SENTINEL_NAMESPACE=${namespace})\n`);
        else await deleteIndices(es, names);
        await es.close();
        if (!options.keepStack && stack.started.length > 0) await stackDown({ config: base, only: stack.started });
      }
    });
}
