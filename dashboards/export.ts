/**
 * What a filter shows, as a CSV file a reviewer opens in Excel: every flagged claim the queue's
 * (or the trends') filters keep, not a page of them. The flags are read through an Elasticsearch
 * point in time with search_after, a page at a time, and each page is written out before the next
 * is read, so a large export is streamed, never held in memory. RFC 4180 (CRLF, quotes doubled,
 * a field with a comma, quote or line break quoted), UTF-8 with a byte-order mark so Excel reads
 * Vietnamese as such. A cell that would start a formula (=, +, -, @) is prefixed with an apostrophe:
 * claim text comes from the web, and a spreadsheet must not run it.
 */
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { Flag, Stance } from '../core/contracts.js';
import { FlagDoc, readBack } from '../core/indices.js';
import type { IndexNames } from '../core/names.js';
import { scanPages, type Client } from '../platform/index.js';
import { flagFilter } from './filters.js';
import { topicLabel, type Lang } from './labels.js';
import { t } from './pages.js';
import { outletsOfClaims } from './outlets.js';
import type { QueueFilters } from './queue.js';
import { stanceOn, statementSummaries } from './statements.js';
import { currentState, reviewsFor, type ReviewEntry, type ReviewState } from './store.js';
import { TIME_ZONE } from './time.js';

/** Flags read per request to Elasticsearch while exporting. */
export const EXPORT_PAGE_SIZE = 1000;
const KEEP_ALIVE = '2m';

/** The columns, in order, with their header in each language. */
export const EXPORT_COLUMNS = [
  { key: 'id', vi: 'Mã tin', en: 'Claim id' },
  { key: 'claim', vi: 'Nội dung', en: 'Claim' },
  { key: 'outlet', vi: 'Cơ quan báo chí / trang', en: 'Outlet' },
  { key: 'url', vi: 'Đường dẫn', en: 'URL' },
  { key: 'publishedAt', vi: 'Thời điểm đăng (giờ Việt Nam)', en: 'Published (Viet Nam time)' },
  { key: 'topics', vi: 'Chủ đề', en: 'Topics' },
  { key: 'reasons', vi: 'Lý do gắn cờ', en: 'Why flagged' },
  { key: 'stance', vi: 'Quan hệ với thông cáo', en: 'Stance of the statement' },
  { key: 'statement', vi: 'Thông cáo chính thức', en: 'Official statement' },
  { key: 'status', vi: 'Trạng thái rà soát', en: 'Review status' },
  { key: 'assignee', vi: 'Người phụ trách', en: 'Assignee' },
  { key: 'score', vi: 'Điểm', en: 'Score' },
] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number]['key'];
export type ExportRow = Record<ExportColumn, string>;

// YYYY-MM-DD HH:mm in Viet Nam, which Excel reads as a date and time.
const timeFormat = new Intl.DateTimeFormat('sv-SE', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** A cell a spreadsheet would read as a formula, made plain text (OWASP's advice on CSV injection). */
export function plainCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The statement a row names: the one a reason rests on, else the strongest related match. */
function mainStatement(flag: Flag): string | undefined {
  const fromReason = (flag.reasons ?? []).find((r) => r.statementId)?.statementId;
  if (fromReason) return fromReason;
  const order: Stance[] = ['contradicts', 'supports'];
  const related = [...flag.matches]
    .filter((m) => m.stance !== 'nei')
    .sort((a, b) => order.indexOf(a.stance) - order.indexOf(b.stance) || b.score - a.score);
  return related[0]?.statementId;
}

/** Why the flag fired, in words: each reason's kind and description on its own line (the score's signals for older flags). */
function reasonsText(lang: Lang, flag: Flag): string {
  const reasons = flag.reasons ?? [];
  if (reasons.length > 0) return reasons.map((r) => `${t(lang, r.kind)}: ${lang === 'en' ? r.descriptionEn : r.description}`).join('\n');
  return flag.signals.map((s) => (lang === 'en' && s.descriptionEn ? s.descriptionEn : s.description)).join('\n');
}

function statusText(lang: Lang, state: ReviewState): string {
  return `${t(lang, state.status)}${state.verdict ? ` (${t(lang, state.verdict)})` : ''}`;
}

export interface RowContext {
  outlet?: string;
  state: ReviewState;
  statementTitle?: string;
}

/** One flag as a row (before quoting). */
export function exportRow(lang: Lang, flag: Flag, context: RowContext): ExportRow {
  const statementId = mainStatement(flag);
  return {
    id: flag.id,
    claim: plainCell(flag.claimText),
    outlet: plainCell(context.outlet ?? flag.sourceId),
    url: plainCell(flag.url),
    publishedAt: flag.publishedAt ? timeFormat.format(new Date(flag.publishedAt)) : '',
    topics: plainCell(flag.topics.map((id) => topicLabel(lang, id)).join('; ')),
    reasons: plainCell(reasonsText(lang, flag)),
    stance: statementId ? t(lang, stanceOn(flag, statementId)) : '',
    statement: statementId ? plainCell(context.statementTitle || statementId) : '',
    status: statusText(lang, context.state),
    assignee: plainCell(context.state.assignee ?? ''),
    score: flag.score.toFixed(2),
  };
}

/** RFC 4180 lines (CRLF) for these rows, the header first when asked. */
export function csvLines(lang: Lang, rows: readonly ExportRow[], header: boolean): string {
  return stringify(
    rows.map((row) => EXPORT_COLUMNS.map((c) => row[c.key])),
    {
      record_delimiter: 'windows',
      // A line break inside a cell is quoted too (csv-stringify quotes only the record delimiter itself).
      quoted_match: /[\r\n]/,
      ...(header ? { header: true, columns: EXPORT_COLUMNS.map((c) => c[lang]) } : {}),
    },
  );
}

/** A page of flags as rows: review state, outlet and statement title read for the page at once. */
async function rowsOf(es: Client, names: IndexNames, lang: Lang, flags: readonly Flag[], filters: QueueFilters): Promise<ExportRow[]> {
  const [reviews, outlets, statements] = await Promise.all([
    reviewsFor(
      es,
      names,
      flags.map((f) => f.id),
    ),
    outletsOfClaims(
      es,
      names,
      flags.map((f) => f.claimId),
    ),
    statementSummaries(
      es,
      names,
      flags.flatMap((f) => mainStatement(f) ?? []),
    ),
  ]);
  const byFlag = new Map<string, ReviewEntry[]>();
  for (const r of reviews) byFlag.set(r.flagId, [...(byFlag.get(r.flagId) ?? []), r]);
  return flags.flatMap((flag) => {
    const state = currentState(byFlag.get(flag.id) ?? []);
    if (filters.status && state.status !== filters.status) return [];
    const statementId = mainStatement(flag);
    const title = statementId ? statements.get(statementId)?.title : undefined;
    const outlet = outlets.get(flag.claimId);
    return [exportRow(lang, flag, { state, ...(outlet ? { outlet } : {}), ...(title ? { statementTitle: title } : {}) })];
  });
}

export interface ExportOptions {
  lang: Lang;
  /** Flags per Elasticsearch request (default EXPORT_PAGE_SIZE). */
  pageSize?: number;
}

/**
 * Every flag the filters keep (the review status of each flag on its own), newest publication
 * first, as CSV text in chunks: the byte-order mark and header, then one chunk per page of flags.
 * The first page is read before this returns (a failure is the request's, answered as such); the
 * point in time is closed when the stream ends or is given up. A failure after the first chunk
 * must not be caught here: the stream's error makes fastify destroy the response before the
 * chunked body's end, so the download fails rather than ending short as a file that looks whole.
 */
export async function exportClaims(es: Client, names: IndexNames, filters: QueueFilters, options: ExportOptions): Promise<Readable> {
  const size = options.pageSize ?? EXPORT_PAGE_SIZE;
  const { lang } = options;
  const pages = scanPages<unknown>(es, names.flags, KEEP_ALIVE, {
    size,
    query: { bool: { filter: flagFilter(filters) } },
    sort: [{ publishedAt: { order: 'desc', missing: '_last', unmapped_type: 'date' } }, { id: 'asc' }],
  });
  // The first page is read before this returns: the point in time is open (closed again by the
  // scan when this page is its last, or when the stream ends or is given up below).
  const first = await pages.next();
  async function* chunks(): AsyncGenerator<string> {
    try {
      yield `\uFEFF${csvLines(lang, [], true)}`;
      for (let page = first; !page.done; page = await pages.next()) {
        const flags = page.value.flatMap((h) => (h._source ? [readBack(FlagDoc, h)] : []));
        const rows = await rowsOf(es, names, lang, flags, filters);
        if (rows.length > 0) yield csvLines(lang, rows, false);
      }
    } finally {
      await pages.return(undefined);
    }
  }
  return Readable.from(chunks());
}

/** The file name a download is saved as: what and which day (Viet Nam). */
export function exportFileName(kind: 'queue' | 'trends', day: string): string {
  return `sentinel-${kind}-${day}.csv`;
}
