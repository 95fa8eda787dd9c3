/**
 * The crawling stage's public surface: load a source registry, crawl sources into Kafka (once
 * or in watch mode), or crawl one source into any sink. Everything else in crawlers/ is internal.
 */
export { crawlToKafka, watchToKafka, addStats, type CrawlToKafkaOptions, type CrawlTotals, type WatchHandle } from './crawl-to-kafka.js';
export { crawlSource, emptyStats, PageTooLargeError, type CrawlFilter, type CrawledItem, type CrawlOptions, type CrawlSinks, type CrawlStats } from './site-crawler.js';
export { CrawlState, type DuplicateLink } from './crawl-state.js';
export {
  DEMO_REGISTRY_FILE, loadSourceRegistry, parseSourceRegistry, PRODUCTION_REGISTRY_FILE, SourceRegistryError, sourcesOf,
  type Source, type SourceEntry, type SourceRegistry,
} from './sources.js';
export { extractArticle, extractSocialPost, type Engagement, type ExtractedArticle, type ExtractedPost, type ExtractOptions } from './extract-article.js';
export { canonicalizeUrl, isPrivateAddress, UrlGuard } from './url-guard.js';
export { parseVietnameseDate, parseIsoTime } from './vietnamese-dates.js';
