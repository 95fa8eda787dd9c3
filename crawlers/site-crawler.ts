/**
 * Crawls one source's pages with crawlee's CheerioCrawler and hands each article, as a
 * validated `SourceDocument`, to a sink (in production: the Kafka producer).
 */
import { CheerioCrawler, Configuration, log as crawleeLog, LogLevel } from 'crawlee';
import { SourceDocument, type SourceKind } from '../core/contracts.js';
import { documentIdFor, sha256Hex } from '../core/ids.js';
import { extractArticle } from './extract-article.js';

export interface CrawlTarget {
  sourceId: string;
  sourceKind: SourceKind;
  outlet: string;
  startUrls: string[];
  /** Only pages on these hosts are fetched, redirects included. */
  allowedHosts: string[];
  maxPages?: number;
}

export interface CrawlStats {
  pagesFetched: number;
  documents: number;
  skippedNotArticle: number;
  failed: number;
}

export type DocumentSink = (doc: SourceDocument) => Promise<void>;

export async function crawlSite(target: CrawlTarget, sink: DocumentSink, onProgress?: (stats: CrawlStats) => void): Promise<CrawlStats> {
  const stats: CrawlStats = { pagesFetched: 0, documents: 0, skippedNotArticle: 0, failed: 0 };
  const allowed = new Set(target.allowedHosts.map((h) => h.toLowerCase()));
  crawleeLog.setLevel(LogLevel.WARNING);
  // In-memory queue per crawl: nothing is written to ./storage, and two crawls never share state.
  const configuration = new Configuration({ persistStorage: false, purgeOnStart: true });
  const crawler = new CheerioCrawler(
    {
      maxRequestsPerCrawl: target.maxPages ?? 500,
      maxRequestRetries: 2,
      requestHandlerTimeoutSecs: 30,
      additionalMimeTypes: ['application/rss+xml', 'application/xml', 'text/xml'],
      async requestHandler({ request, body, enqueueLinks }) {
        const loadedHost = new URL(request.loadedUrl ?? request.url).hostname.toLowerCase();
        if (!allowed.has(loadedHost)) {
          stats.failed += 1;
          return; // redirected off the source's hosts: neither read nor followed
        }
        stats.pagesFetched += 1;
        await enqueueLinks({ strategy: 'same-hostname', transformRequestFunction: (r) => (allowed.has(new URL(r.url).hostname.toLowerCase()) ? r : false) });
        const article = extractArticle(body.toString(), request.loadedUrl ?? request.url);
        if (article === null) {
          stats.skippedNotArticle += 1;
        } else {
          const doc = SourceDocument.parse({
            id: documentIdFor(article.canonicalUrl),
            url: request.loadedUrl ?? request.url,
            canonicalUrl: article.canonicalUrl,
            sourceId: target.sourceId,
            sourceKind: target.sourceKind,
            outlet: target.outlet,
            title: article.title,
            text: article.text,
            publishedAt: article.publishedAt,
            fetchedAt: new Date().toISOString(),
            language: article.language,
            contentHash: sha256Hex(article.text),
          });
          await sink(doc);
          stats.documents += 1;
        }
        onProgress?.(stats);
      },
      failedRequestHandler() {
        stats.failed += 1;
      },
    },
    configuration,
  );
  await crawler.run(target.startUrls);
  return stats;
}
