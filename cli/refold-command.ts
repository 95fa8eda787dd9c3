/**
 * `sentinel refold [family...]`: rewrites the search fields the indexers derive from each stored
 * document's text (its folded forms), after an upgrade that changes how text is folded. Safe
 * beside a running pipeline; running it twice rewrites nothing the second time.
 */
import type { Command } from 'commander';
import { loadConfig } from '../core/config.js';
import { indexNames } from '../core/names.js';
import { createElasticsearchClient } from '../platform/index.js';
import { REFOLD_FAMILIES, refoldIndices, type RefoldCounts, type RefoldFamily } from '../pipeline/refold.js';
import { EXIT } from './exit-codes.js';

const line = (c: RefoldCounts): string =>
  c.exists
    ? `${c.family}: ${c.read} read, ${c.rewritten} rewritten${c.changedMeanwhile > 0 ? `, ${c.changedMeanwhile} written again meanwhile (left as written)` : ''}`
    : `${c.family}: no index`;

export function registerRefoldCommand(program: Command): void {
  program
    .command('refold')
    .description("rewrite stored documents' folded search fields the way the current version folds text (after an upgrade)")
    .argument('[family...]', `index families (default: all of ${REFOLD_FAMILIES.join(', ')})`)
    .option('--page-size <n>', 'documents read per page', (v) => Number.parseInt(v, 10), 1000)
    .addHelpText(
      'after',
      `\nExit codes: ${EXIT.OK} done, ${EXIT.USAGE} unknown family or bad option, ${EXIT.SERVICE_DOWN} Elasticsearch down, ${EXIT.FAILURE} a rewrite refused.`,
    )
    .action(async (families: string[], options: { pageSize: number }) => {
      const unknown = families.filter((f) => !(REFOLD_FAMILIES as string[]).includes(f));
      if (unknown.length > 0 || !Number.isInteger(options.pageSize) || options.pageSize < 1 || options.pageSize > 10_000) {
        process.stderr.write(
          unknown.length > 0
            ? `sentinel refold: unknown family ${unknown.join(', ')} (one of ${REFOLD_FAMILIES.join(', ')})\n`
            : 'sentinel refold: --page-size must be a whole number from 1 to 10000\n',
        );
        process.exit(EXIT.USAGE);
      }
      const config = loadConfig();
      const es = createElasticsearchClient(config);
      try {
        if (!(await es.ping().catch(() => false))) {
          process.stderr.write(`sentinel refold: Elasticsearch at ${config.elasticsearchUrl} does not answer\n`);
          process.exitCode = EXIT.SERVICE_DOWN;
          return;
        }
        let shown = 0;
        const results = await refoldIndices(
          es,
          indexNames(config.namespace),
          families.length > 0 ? (families as RefoldFamily[]) : REFOLD_FAMILIES,
          {
            pageSize: options.pageSize,
            progress: (c) => {
              if (Date.now() - shown < 2000) return;
              shown = Date.now();
              process.stderr.write(`  ${line(c)}…\n`);
            },
          },
        );
        for (const c of results) process.stdout.write(`${line(c)}\n`);
      } finally {
        await es.close();
      }
    });
}
