/**
 * Crawls registry sources into a document sink (Kafka in production, pipeline/crawl-to-kafka.ts):
 * documents and official statements as they are found. A watch mode re-crawls each source on its
 * own interval.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { DocumentSink } from '../core/contracts.js';
import { createLogger, type Logger } from '../core/logger.js';
import { CrawlState } from './crawl-state.js';
import { crawlSource, emptyStats, type CrawlFilter, type CrawlStats } from './site-crawler.js';
import type { Source } from './sources.js';

export interface CrawlRunOptions {
  filter?: CrawlFilter;
  /** Called after each page with the stats of the source being crawled. */
  onProgress?: (stats: Readonly<CrawlStats>) => void;
  /** A JSON file for ETags, versions and duplicate links across runs; in memory when absent. */
  stateFile?: string;
  /** A progress line per source on the log every this many ms. @defaultValue 10 000 */
  progressEveryMs?: number;
  logger?: Logger;
}

/** Totals over several sources, with each source's own stats. */
export interface CrawlTotals extends CrawlStats {
  sources: CrawlStats[];
}

export function addStats(sources: CrawlStats[]): CrawlTotals {
  const total = emptyStats('*');
  for (const s of sources) {
    for (const key of [
      'pagesFetched',
      'documents',
      'statements',
      'skippedNotArticle',
      'notModified',
      'unchanged',
      'filtered',
      'blocked',
      'tooLarge',
      'mislabelledEncodings',
      'retries',
      'failed',
      'elapsedMs',
    ] as const)
      total[key] += s[key];
    total.duplicates.exact += s.duplicates.exact;
    total.duplicates.near += s.duplicates.near;
    total.duplicates.sameCanonical += s.duplicates.sameCanonical;
    for (const [k, v] of Object.entries(s.filterReasons)) total.filterReasons[k] = (total.filterReasons[k] ?? 0) + v;
    for (const [k, v] of Object.entries(s.otherLanguages)) total.otherLanguages[k] = (total.otherLanguages[k] ?? 0) + v;
    total.blockedReasons.push(...s.blockedReasons);
    total.errors.push(...s.errors);
  }
  return { ...total, sources };
}

async function crawlOne(
  source: Source,
  state: CrawlState,
  sink: DocumentSink,
  options: CrawlRunOptions,
  logger: Logger,
): Promise<CrawlStats> {
  let latest: Readonly<CrawlStats> = emptyStats(source.id);
  const started = Date.now();
  const timer = setInterval(() => {
    const seconds = (Date.now() - started) / 1000;
    logger.info(
      {
        source: source.id,
        pages: latest.pagesFetched,
        documents: latest.documents + latest.statements,
        failed: latest.failed,
        blocked: latest.blocked,
        pagesPerSec: Number((latest.pagesFetched / seconds).toFixed(1)),
      },
      'crawling',
    );
  }, options.progressEveryMs ?? 10_000);
  timer.unref();
  try {
    const stats = await crawlSource(
      source,
      {
        document: (doc) => sink.document(doc),
        statement: (statement) => sink.statement(statement),
      },
      {
        state,
        filter: options.filter,
        onProgress: (s) => {
          latest = s;
          options.onProgress?.(s);
        },
      },
    );
    logger.info({ source: source.id, ...stats, blockedReasons: stats.blockedReasons.slice(0, 5) }, 'source crawled');
    return stats;
  } finally {
    clearInterval(timer);
  }
}

/** Crawls each source once, in order, and hands what it finds to the sink. */
export async function crawlInto(sink: DocumentSink, sources: Source[], options: CrawlRunOptions = {}): Promise<CrawlTotals> {
  const logger = options.logger ?? createLogger('crawl');
  const state = await CrawlState.open(options.stateFile ?? null);
  const all: CrawlStats[] = [];
  for (const source of sources) all.push(await crawlOne(source, state, sink, options, logger));
  return addStats(all);
}

export type WatchOptions = CrawlRunOptions & { onRound?: (stats: CrawlStats) => void };

export interface WatchHandle {
  stop: () => Promise<void>;
  /** Resolves when the loop has ended after `stop`. */
  done: Promise<void>;
}

/**
 * Watch mode: crawls every source now, then each again when its `intervalMinutes` has passed,
 * with conditional requests (ETag / Last-Modified) so an unchanged page costs a 304.
 */
export function watchInto(sink: DocumentSink, sources: Source[], options: WatchOptions = {}): WatchHandle {
  const logger = options.logger ?? createLogger('crawl');
  const controller = new AbortController();
  const done = (async () => {
    const state = await CrawlState.open(options.stateFile ?? null);
    const due = new Map(sources.map((s) => [s.id, 0]));
    while (!controller.signal.aborted) {
      for (const source of sources) {
        if (controller.signal.aborted) break;
        if ((due.get(source.id) ?? 0) > Date.now()) continue;
        due.set(source.id, Date.now() + source.intervalMinutes * 60_000);
        const stats = await crawlOne(source, state, sink, options, logger);
        options.onRound?.(stats);
      }
      const next = Math.min(...due.values());
      await sleep(Math.max(50, Math.min(next - Date.now(), 60_000)), undefined, { signal: controller.signal }).catch(() => undefined);
    }
  })();
  return {
    done,
    stop: async () => {
      controller.abort();
      await done;
    },
  };
}
