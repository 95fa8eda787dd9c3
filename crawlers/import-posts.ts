/**
 * Bulk import of exports from social-listening tools (JSONL or CSV): each row becomes a
 * SourceDocument for `documents.raw`, as if crawled. Only the public post is kept (text, URL,
 * publish time, outlet or page name); author columns are never read, by design. Every row is
 * validated; a bad one is reported with its line number and skipped, the rest go in.
 */
import { parse as parseCsv } from 'csv-parse';
import { describeIssues, SourceDocument, type SourceKind } from '../core/contracts.js';
import { readJsonLines } from '../core/jsonl.js';
import { documentIdFor, sha256Hex } from '../core/ids.js';
import { detectLanguage, normalizeText } from '../classifiers/text/normalize.js';
import { postTitle } from './extract-article.js';
import { openTextFile, type FileEncoding } from './decode.js';
import { canonicalizeUrl } from './url-guard.js';
import { parseFeedTime } from './vietnamese-dates.js';

/** Column names as the common export tools spell them (matched without case, spaces or underscores). */
const COLUMNS = {
  text: ['text', 'content', 'message', 'body', 'noidung', 'posttext', 'caption'],
  url: ['url', 'link', 'permalink', 'posturl', 'duongdan'],
  publishedAt: ['publishedat', 'published', 'date', 'time', 'createdat', 'createdtime', 'posttime', 'thoigian', 'ngaydang'],
  outlet: ['outlet', 'page', 'pagename', 'site', 'sitename', 'sourcename', 'channel', 'group', 'groupname'],
} as const;
type Field = keyof typeof COLUMNS;
const key = (name: string): string => name.toLowerCase().replace(/[\s_-]+/gu, '');
const FIELD_OF = new Map<string, Field>(
  Object.entries(COLUMNS).flatMap(([field, names]) => names.map((n) => [n, field as Field] as const)),
);

/** Longest text kept for one post; longer rows are refused, not cut (a cut claim is a different claim). */
export const MAX_POST_CHARS = 50_000;

export interface ImportOptions {
  sourceId: string;
  kind: SourceKind;
  /** Outlet for rows that name none (default: the source id). */
  outlet?: string;
  /** Completes publish times printed without a year; the import time. */
  now?: Date;
}

export type ImportRow = { line: number; document: SourceDocument } | { line: number; error: string };

/**
 * Rows of a JSONL or CSV file (by extension), each with the line it starts on. The file is read
 * in the encoding its head shows (decode.ts sniffEncoding), which `onEncoding` is told first.
 */
export async function* readExportRows(
  file: string,
  onEncoding: (encoding: FileEncoding) => void = () => undefined,
): AsyncGenerator<{ line: number; record: Record<string, unknown> } | { line: number; error: string }> {
  const { encoding, text } = await openTextFile(file);
  onEncoding(encoding);
  if (/\.csv$/iu.test(file)) {
    const parser = text.pipe(
      parseCsv({
        columns: (header: string[]) => header.map((h) => h.replace(/^\uFEFF/u, '')),
        bom: true,
        relax_column_count: true,
        skip_empty_lines: true,
        info: true,
        skip_records_with_error: false,
      }),
    );
    const errors: { line: number; error: string }[] = [];
    parser.on('skip', (error: Error & { lines?: number }) => errors.push({ line: error.lines ?? 0, error: error.message }));
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, unknown>; info: { lines: number } }>) {
        while (errors.length > 0) yield errors.shift() as { line: number; error: string };
        yield { line: info.lines, record };
      }
    } catch (error) {
      // A broken quote ends a CSV file's readable part: say where, keep what came before.
      const at = (error as { lines?: number }).lines ?? 0;
      yield { line: at, error: `unreadable CSV from here on: ${(error as Error).message}` };
    }
    return;
  }
  for await (const read of readJsonLines(text, { stripBom: true })) {
    if ('error' in read) yield read;
    else if (read.value === null || typeof read.value !== 'object' || Array.isArray(read.value))
      yield { line: read.line, error: 'not a JSON object' };
    else yield { line: read.line, record: read.value as Record<string, unknown> };
  }
}

const asText = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

/** One export row as a document, or why not. */
export function documentOfRow(record: Record<string, unknown>, options: ImportOptions): SourceDocument | string {
  const fields: Partial<Record<Field, string>> = {};
  for (const [name, value] of Object.entries(record)) {
    const field = FIELD_OF.get(key(name));
    const text = asText(value);
    if (field && text !== null && text.trim() !== '' && fields[field] === undefined) fields[field] = text;
  }
  const text = normalizeText(fields.text ?? '');
  if (text === '') return 'no text (a "text" or "content" column)';
  // What a byte not valid in the file's encoding became: the text as the tool wrote it is lost.
  if (text.includes('\uFFFD'))
    return 'text holds bytes that are not valid in the file\'s encoding (shown as "\uFFFD"): export it again as UTF-8';
  if (text.length > MAX_POST_CHARS) return `text of ${text.length} characters, over the ${MAX_POST_CHARS} limit`;
  if (!fields.url) return 'no URL (a "url" or "link" column)';
  let url: URL;
  try {
    url = new URL(fields.url.trim());
  } catch {
    return `not a URL: ${fields.url.slice(0, 80)}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `not an http(s) URL: ${fields.url.slice(0, 80)}`;
  let publishedAt: string | null = null;
  if (fields.publishedAt) {
    publishedAt = parseFeedTime(fields.publishedAt, options.now);
    if (publishedAt === null) return `unreadable publish time: ${fields.publishedAt.slice(0, 40)}`;
  }
  const canonicalUrl = canonicalizeUrl(url.toString());
  const document = SourceDocument.safeParse({
    id: documentIdFor(canonicalUrl),
    url: url.toString(),
    canonicalUrl,
    sourceId: options.sourceId,
    sourceKind: options.kind,
    outlet: normalizeText(fields.outlet ?? '') || options.outlet || options.sourceId,
    title: postTitle(text),
    text,
    publishedAt,
    fetchedAt: (options.now ?? new Date()).toISOString(),
    language: detectLanguage(text),
    contentHash: sha256Hex(text),
  });
  return document.success ? document.data : describeIssues(document.error);
}
