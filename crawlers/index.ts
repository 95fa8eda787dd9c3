/**
 * The crawlers' public surface: load a source registry, crawl sources into a document sink (once
 * or in watch mode), crawl one source, fetch and inspect one page, read exported posts, prepare a
 * tipline submission, and the local sites the demo and benchmarks crawl. Everything else in
 * crawlers/ is internal.
 */
export {
  addStats,
  crawlInto,
  watchInto,
  type CrawlRunOptions,
  type CrawlTotals,
  type WatchHandle,
  type WatchOptions,
} from './crawl-runner.js';
export {
  crawlSource,
  emptyStats,
  PageTooLargeError,
  type CrawlFilter,
  type CrawledItem,
  type CrawlOptions,
  type CrawlSinks,
  type CrawlStats,
} from './site-crawler.js';
export { CrawlState, type DuplicateLink } from './crawl-state.js';
export {
  DEMO_REGISTRY_FILE,
  loadSourceRegistry,
  parseSourceRegistry,
  PRODUCTION_REGISTRY_FILE,
  SourceRegistryError,
  sourcesOf,
  type Source,
  type SourceEntry,
  type SourceRegistry,
} from './sources.js';
export {
  extractArticle,
  extractSocialPost,
  type Engagement,
  type ExtractedArticle,
  type ExtractedPost,
  type ExtractOptions,
} from './extract-article.js';
export { canonicalizeUrl, isPrivateAddress, UrlGuard } from './url-guard.js';
export { parseVietnameseDate, parseIsoTime } from './vietnamese-dates.js';
export { fetchPage, FetchError, type FetchedPage, type FetchPageOptions } from './fetch-page.js';
export { inspect, type Inspection, type InspectedPage, type InspectOptions } from './inspect.js';
export { documentOfRow, MAX_POST_CHARS, readExportRows, type ImportOptions, type ImportRow } from './import-posts.js';
export {
  IMAGE_TYPES,
  MAX_IMAGE_BYTES,
  ocrImage,
  prepareSubmission,
  SubmissionError,
  type OcrResult,
  type PreparedSubmission,
  type Submission,
  type SubmissionContext,
} from './tipline.js';
export { DEMO_SITE_PORT, startDemoSite, type RunningSite } from './demo-site/server.js';
export { startFixtureSite, type FixtureSite } from './fixture-site/server.js';
