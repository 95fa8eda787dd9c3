/**
 * `sentinel import <file.jsonl|file.csv> --source <id> --kind social|news [--outlet <name>]`: posts
 * exported from social-listening tools into `documents.raw`, as if crawled. Bad rows are reported
 * by line number on stderr and skipped; rows already in (the same canonical URL in the documents
 * index, or earlier in the file) are counted, not sent again. A progress line on stderr on long
 * files; a JSON summary on stdout. Exit 0 when every row went in or was already in, 4 when some
 * were rejected (the rest are in), 3 when Kafka or Elasticsearch is down.
 */
import { access, constants, stat } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { type Client, createElasticsearchClient, createKafka, createProducer, ensureTopics, sendJson } from '../platform/index.js';
import { loadConfig } from '../core/config.js';
import type { SourceDocument, SourceKind } from '../core/contracts.js';
import { indexNames, topicNames } from '../core/names.js';
import { documentOfRow, readExportRows } from '../crawlers/index.js';
import { stackDown, stackUp } from '../stack/index.js';
import { EXIT } from './exit-codes.js';

interface ImportCommandOptions {
  source: string;
  kind: 'social' | 'news';
  outlet?: string;
  keepStack?: boolean;
}

const BATCH = 500;

/** Ids of `ids` the documents index already holds (none when the index does not exist yet). */
async function alreadyIndexed(es: Client, index: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const exists = await es.indices.exists({ index });
  if (!exists) return new Set();
  const response = await es.mget({ index, ids, _source: false });
  return new Set(response.docs.flatMap((d) => ('found' in d && d.found ? [d._id] : [])));
}

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('import posts exported from a social-listening tool (JSONL or CSV) into documents.raw')
    .argument(
      '<file>',
      '.jsonl (one object per line) or .csv (with a header row): text, url, publishedAt, outlet/page; other columns ignored, author columns never read',
    )
    .requiredOption('--source <id>', 'source id recorded on every document (e.g. the tool and the query)')
    .addOption(new Option('--kind <kind>', 'what the posts are').choices(['social', 'news']).default('social'))
    .option('--outlet <name>', 'outlet or page name for rows that give none (default: the source id)')
    .option('--keep-stack', 'leave Kafka and Elasticsearch running when this command started them')
    .addHelpText(
      'after',
      `\nExit codes: ${EXIT.OK} all rows in, ${EXIT.SERVICE_DOWN} Kafka or Elasticsearch down, ${EXIT.BAD_INPUT} file unreadable or some rows rejected (the others are in).`,
    )
    .action(async (file: string, options: ImportCommandOptions) => {
      if (!/^[\w.:-]{1,80}$/u.test(options.source)) {
        process.stderr.write('sentinel import: --source must be 1-80 letters, digits, ".", ":", "_" or "-"\n');
        process.exit(EXIT.USAGE);
      }
      let unreadable: string | undefined;
      try {
        await access(file, constants.R_OK);
        if (!(await stat(file)).isFile()) unreadable = 'not a file';
      } catch (error) {
        unreadable = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      }
      if (unreadable !== undefined) {
        process.stderr.write(`sentinel import: cannot read ${file}: ${unreadable}\n`);
        process.exit(EXIT.BAD_INPUT);
      }
      const config = loadConfig();
      const stack = await stackUp({ config, progress: (line) => process.stderr.write(`${line}\n`) });
      const es = createElasticsearchClient(config);
      const kafka = createKafka(config, 'sentinel-import');
      const topics = topicNames(config.namespace);
      const index = indexNames(config.namespace).documents;
      const producer = createProducer(kafka);
      const counts = { rows: 0, imported: 0, duplicates: 0, rejected: 0 };
      const seen = new Set<string>();
      const now = new Date();
      const startedAt = Date.now();
      let lastProgress = Date.now();
      const progress = (): void => {
        lastProgress = Date.now();
        const seconds = Math.max((Date.now() - startedAt) / 1000, 1e-3);
        process.stderr.write(
          `${counts.rows} rows: ${counts.imported} imported, ${counts.duplicates} already in, ${counts.rejected} rejected (${(counts.rows / seconds).toFixed(0)} rows/s)\n`,
        );
      };
      let batch: SourceDocument[] = [];
      const flush = async (): Promise<void> => {
        const known = await alreadyIndexed(
          es,
          index,
          batch.map((d) => d.id),
        );
        const fresh = batch.filter((d) => !known.has(d.id));
        counts.duplicates += batch.length - fresh.length;
        await sendJson(
          producer,
          topics.documentsRaw,
          fresh.map((d) => ({ key: d.id, value: d })),
        );
        counts.imported += fresh.length;
        batch = [];
        if (Date.now() - lastProgress >= 2000) progress();
      };
      try {
        await ensureTopics(kafka, topics);
        await producer.connect();
        const onEncoding = (encoding: string): void => {
          if (encoding === 'windows-1258')
            process.stderr.write(`sentinel import: ${file} is not UTF-8: read as Windows-1258 (Excel's CSV on a Vietnamese Windows)\n`);
          else if (encoding !== 'utf-8')
            process.stderr.write(`sentinel import: ${file} read as ${encoding.toUpperCase()} (its byte-order mark)\n`);
        };
        for await (const row of readExportRows(file, onEncoding)) {
          counts.rows += 1;
          const document =
            'error' in row
              ? row.error
              : documentOfRow(row.record, { sourceId: options.source, kind: options.kind as SourceKind, outlet: options.outlet, now });
          if (typeof document === 'string') {
            counts.rejected += 1;
            process.stderr.write(`${file}:${row.line}: ${document}\n`);
            continue;
          }
          // The same post twice in one export (same canonical URL or same text) goes in once.
          if (seen.has(document.id) || seen.has(document.contentHash)) {
            counts.duplicates += 1;
            continue;
          }
          seen.add(document.id).add(document.contentHash);
          batch.push(document);
          if (batch.length >= BATCH) await flush();
        }
        await flush();
        progress();
      } finally {
        await producer.disconnect().catch(() => undefined);
        await es.close();
        if (!options.keepStack && stack.started.length > 0) await stackDown({ config, only: stack.started });
      }
      process.stdout.write(`${JSON.stringify(counts)}\n`);
      if (counts.rejected > 0) process.exitCode = EXIT.BAD_INPUT;
    });
}
