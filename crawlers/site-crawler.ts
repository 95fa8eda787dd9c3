/**
 * Crawls one registry source with crawlee: CheerioCrawler for HTML, feeds and sitemaps,
 * PlaywrightCrawler (Debian's /usr/bin/chromium, headless) only for sources marked
 * `browser: true`. Every request passes the source's URL guard first (allowed hosts, no
 * private addresses, redirects followed by hand so each hop is checked before it is sent).
 * News and social pages become `SourceDocument`s, official pages `OfficialStatement`s.
 */
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CheerioCrawler,
  Configuration,
  NonRetryableError,
  PlaywrightCrawler,
  log as crawleeLog,
  LogLevel,
  type CheerioCrawlingContext,
  type Request,
  type RequestOptions,
} from 'crawlee';
import { chromium } from 'playwright';
import { backoffDelayMs } from '../core/backoff.js';
import { OfficialStatement, SourceDocument } from '../core/contracts.js';
import { errorCodeOf, type ErrorCode } from '../core/errors.js';
import { documentIdFor, sha256Hex } from '../core/ids.js';
import { CrawlState } from './crawl-state.js';
import { charsetOf, decodeHtml } from './decode.js';
import { extractArticle, extractSocialPost, linksOf, type Engagement, type ExtractedArticle } from './extract-article.js';
import { parseFeedOrSitemap } from './feeds.js';
import { HostRateLimiter } from './host-rate-limiter.js';
import type { Source } from './sources.js';
import { canonicalizeUrl, UrlGuard } from './url-guard.js';

/** What a crawl produces, before the filter hook and the sinks. */
export type CrawledItem =
  { kind: 'document'; document: SourceDocument; engagement: Engagement | null } | { kind: 'statement'; statement: OfficialStatement };

/** The relevance hook (e.g. the topic classifier's security score); skips are counted in stats. */
export type CrawlFilter = (item: CrawledItem) => { keep: boolean; reason?: string } | Promise<{ keep: boolean; reason?: string }>;

export interface CrawlSinks {
  document?: (doc: SourceDocument, engagement: Engagement | null) => Promise<void>;
  statement?: (statement: OfficialStatement) => Promise<void>;
}

export interface CrawlStats {
  sourceId: string;
  /** Pages and feeds answered with a body (after redirects and conditional requests). */
  pagesFetched: number;
  documents: number;
  statements: number;
  skippedNotArticle: number;
  /** 304 answers to a conditional request, and pages whose content did not change. */
  notModified: number;
  unchanged: number;
  duplicates: { exact: number; near: number; sameCanonical: number };
  filtered: number;
  filterReasons: Record<string, number>;
  /** Documents in another language, by detected code (kept out of the pipeline, recorded here). */
  otherLanguages: Record<string, number>;
  /** Requests never sent: off-host redirects and links, private addresses, robots.txt. */
  blocked: number;
  blockedReasons: string[];
  tooLarge: number;
  mislabelledEncodings: number;
  retries: number;
  failed: number;
  /** The first failure messages (at most 20), for the progress log. */
  errors: string[];
  elapsedMs: number;
}

export interface CrawlOptions {
  state?: CrawlState;
  filter?: CrawlFilter;
  onProgress?: (stats: Readonly<CrawlStats>) => void;
  /** Hard limit per response body. @defaultValue 2 MiB */
  maxPageBytes?: number;
  rateLimiter?: HostRateLimiter;
  /** Retries of a failed request, with exponential backoff from `retryInitialDelayMs`. @defaultValue 3, 500 ms */
  maxRetries?: number;
  retryInitialDelayMs?: number;
  maxConcurrency?: number;
  /** The floor under crawlee's autoscaling, which lowers concurrency while it judges the machine overloaded. @defaultValue 1 */
  minConcurrency?: number;
  /** The browser binary for `browser: true` sources. @defaultValue /usr/bin/chromium */
  chromiumPath?: string;
  now?: () => Date;
}

type Label = 'page' | 'feed' | 'sitemap';
interface UserData {
  label: Label;
  depth: number;
  /** Redirect hops followed so far. */
  hops: number;
  /** The publish time the feed or sitemap listing the page gave: the page's own comes first. */
  listedPublishedAt?: string;
}

const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;
const MAX_REDIRECTS = 5;
const BINARY_LINK = /\.(?:jpe?g|png|gif|webp|svg|ico|pdf|docx?|xlsx?|pptx?|zip|rar|7z|mp[34]|m4a|avi|mov|webm|css|js)$/i;
/**
 * crawlee adds requests in batches of 1000 and, with `maxRequestsPerCrawl` set, waits for all of
 * them, sleeping 1 s after each batch (pacing meant for a remote queue API); our queue is in memory.
 */
const ADD_OPTIONS = { waitBetweenBatchesMillis: 0 };
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The response body is over the hard limit: not retried, counted as `tooLarge`. A crawlee
 * NonRetryableError (so crawlee does not retry it) carrying the catalogue's code as a
 * SentinelError does.
 */
export class PageTooLargeError extends NonRetryableError {
  readonly code = 'page-too-large' satisfies ErrorCode;
  readonly retriable = false;
  constructor(url: string, limit: number) {
    super(`ERR_PAGE_TOO_LARGE: ${url} is larger than ${limit} bytes`);
    this.name = 'PageTooLargeError';
  }
}

export function emptyStats(sourceId: string): CrawlStats {
  return {
    sourceId,
    pagesFetched: 0,
    documents: 0,
    statements: 0,
    skippedNotArticle: 0,
    notModified: 0,
    unchanged: 0,
    duplicates: { exact: 0, near: 0, sameCanonical: 0 },
    filtered: 0,
    filterReasons: {},
    otherLanguages: {},
    blocked: 0,
    blockedReasons: [],
    tooLarge: 0,
    mislabelledEncodings: 0,
    retries: 0,
    failed: 0,
    errors: [],
    elapsedMs: 0,
  };
}

async function readLimited(stream: NodeJS.ReadableStream, limit: number, url: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > limit) {
      (stream as Readable).destroy?.();
      throw new PageTooLargeError(url, limit);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * CheerioCrawler that reads the raw bytes itself: it stops at the size limit and decodes with
 * our charset rules (mislabelled Windows-1258 pages), then hands UTF-8 text to cheerio.
 */
class GuardedCheerioCrawler extends CheerioCrawler {
  readonly decodedWith = new WeakMap<Request, { mislabelled: string | null }>();
  maxPageBytes = DEFAULT_MAX_BYTES;

  protected override async _parseHTML(response: IncomingMessage, isXml: boolean, context: CheerioCrawlingContext) {
    const bytes = await readLimited(response, this.maxPageBytes, context.request.url);
    const decoded = decodeHtml(bytes, charsetOf(response.headers['content-type']));
    this.decodedWith.set(context.request, { mislabelled: decoded.mislabelled });
    if ((context.request.userData as Partial<UserData>).label === 'page') {
      // Pages are parsed by the extraction itself (see extract-article.ts); cheerio's own two
      // parses (htmlparser2 + cheerio.load) would be thrown away. Feeds and sitemaps keep them.
      return { body: decoded.text } as never;
    }
    // A string chunk: cheerio's reader takes it as is, no second UTF-8 encode/decode.
    const utf8 = Readable.from([decoded.text]) as unknown as IncomingMessage;
    return super._parseHTML(utf8, isXml, context);
  }
}

const shared = { limiter: new HostRateLimiter() };

/** Crawls one source; resolves with its stats once the queue is empty. */
export async function crawlSource(source: Source, sinks: CrawlSinks, options: CrawlOptions = {}): Promise<CrawlStats> {
  const started = Date.now();
  const stats = emptyStats(source.id);
  const state = options.state ?? new CrawlState();
  const now = options.now ?? (() => new Date());
  const limiter = options.rateLimiter ?? shared.limiter;
  const maxBytes = options.maxPageBytes ?? DEFAULT_MAX_BYTES;
  const retryDelayMs = options.retryInitialDelayMs ?? 500;
  const guard = new UrlGuard({
    allowedHosts: source.allowedHosts,
    includePaths: source.includePaths,
    allowPrivateNetwork: source.allowPrivateNetwork,
  });
  const emitted = new Set<string>();
  const block = (url: string, reason: string): void => {
    stats.blocked += 1;
    if (stats.blockedReasons.length < 50) stats.blockedReasons.push(`${url}: ${reason}`);
  };

  /** A request for a URL, or null (counted) when the guard refuses it. Keyed by canonical URL. */
  const requestFor = (raw: string, base: string | undefined, userData: UserData): RequestOptions | null => {
    let url: string;
    try {
      url = new URL(raw, base).toString();
    } catch {
      return null;
    }
    // mailto:, tel:, javascript: links and images, documents, media are not pages to read.
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:' && base !== undefined) return null;
    if (userData.label === 'page' && BINARY_LINK.test(parsed.pathname)) return null;
    const verdict = guard.check(url);
    if (!verdict.ok) {
      block(url, verdict.reason);
      return null;
    }
    // Includes the label so a page and a feed at one URL are two requests.
    return { url, uniqueKey: `${userData.label}:${canonicalizeUrl(url)}`, userData: { ...userData } };
  };

  const initial = [
    ...source.startUrls.map((u) => requestFor(u, undefined, { label: 'page', depth: 0, hops: 0 })),
    ...source.feeds.map((u) => requestFor(u, undefined, { label: 'feed', depth: 0, hops: 0 })),
    ...source.sitemaps.map((u) => requestFor(u, undefined, { label: 'sitemap', depth: 0, hops: 0 })),
  ].filter((r): r is RequestOptions => r !== null);

  async function emit(article: ExtractedArticle, engagement: Engagement | null, url: string): Promise<void> {
    if (article.language !== 'vi') {
      stats.otherLanguages[article.language] = (stats.otherLanguages[article.language] ?? 0) + 1;
      return;
    }
    const id = documentIdFor(article.canonicalUrl);
    if (emitted.has(id)) {
      stats.duplicates.sameCanonical += 1;
      return;
    }
    emitted.add(id);
    const contentHash = sha256Hex(article.text);
    const { version, changed } = state.versionFor(id, contentHash);
    if (!changed) {
      stats.unchanged += 1;
      return;
    }
    const verdict = state.dedup.check(id, contentHash, article.text);
    if (verdict.kind !== 'new') {
      stats.duplicates[verdict.kind] += 1;
      state.links.push({ documentId: id, url: article.canonicalUrl, duplicateOf: verdict.of, kind: verdict.kind });
      return;
    }
    const fetchedAt = now().toISOString();
    const item: CrawledItem =
      source.kind === 'official'
        ? {
            kind: 'statement',
            statement: OfficialStatement.parse({
              id: `${id}:v${version}`,
              agency: source.agency ?? source.name,
              title: article.title,
              text: article.text,
              url: article.canonicalUrl,
              publishedAt: article.publishedAt,
              fetchedAt,
              version,
              contentHash,
            }),
          }
        : {
            kind: 'document',
            engagement,
            document: SourceDocument.parse({
              id,
              url,
              canonicalUrl: article.canonicalUrl,
              sourceId: source.id,
              sourceKind: source.kind,
              outlet: source.name,
              title: article.title,
              text: article.text,
              publishedAt: article.publishedAt,
              fetchedAt,
              language: article.language,
              contentHash,
              ...(engagement && Object.keys(engagement).length > 0 ? { engagement } : {}),
            }),
          };
    if (options.filter) {
      const decision = await options.filter(item);
      if (!decision.keep) {
        stats.filtered += 1;
        const reason = decision.reason ?? 'filtered';
        stats.filterReasons[reason] = (stats.filterReasons[reason] ?? 0) + 1;
        return;
      }
    }
    if (item.kind === 'statement') {
      await sinks.statement?.(item.statement);
      stats.statements += 1;
    } else {
      await sinks.document?.(item.document, item.engagement);
      stats.documents += 1;
    }
    state.versions.set(id, { contentHash, version });
  }

  /** Shared by both crawler kinds: the page's HTML after fetch (or after rendering). */
  async function handlePage(
    html: string,
    url: string,
    userData: UserData,
    links: () => string[] | Promise<string[]>,
    add: (r: RequestOptions[]) => Promise<unknown>,
  ): Promise<void> {
    if (userData.label !== 'page') {
      const discovered = parseFeedOrSitemap(html, now());
      const next = discovered
        .map((d) =>
          requestFor(
            d.url,
            url,
            d.sitemap
              ? { label: 'sitemap', depth: userData.depth, hops: 0 }
              : { label: 'page', depth: source.maxDepth, hops: 0, ...(d.publishedAt ? { listedPublishedAt: d.publishedAt } : {}) },
          ),
        )
        .filter((r): r is RequestOptions => r !== null);
      await add(next);
      return;
    }
    if (userData.depth < source.maxDepth) {
      const next = (await links())
        .map((href) => requestFor(href, url, { label: 'page', depth: userData.depth + 1, hops: 0 }))
        .filter((r): r is RequestOptions => r !== null);
      await add(next);
    }
    const extractOptions = {
      selectors: source.selectors,
      reference: now(),
      ...(userData.listedPublishedAt ? { listedPublishedAt: userData.listedPublishedAt } : {}),
    };
    const extracted = source.kind === 'social' ? extractSocialPost(html, url, extractOptions) : extractArticle(html, url, extractOptions);
    if (extracted === null) {
      stats.skippedNotArticle += 1;
      return;
    }
    // A social post's time comes from its markup alone; without one, the listing feed's stands in.
    if (extracted.publishedAt === null && userData.listedPublishedAt) extracted.publishedAt = userData.listedPublishedAt;
    await emit(extracted, 'engagement' in extracted ? (extracted as { engagement: Engagement }).engagement : null, url);
  }

  const configuration = new Configuration({ persistStorage: false, purgeOnStart: true });
  // Failures are counted and kept in stats.errors; crawlee's own stack traces would only repeat them.
  crawleeLog.setLevel(LogLevel.OFF);
  const common = {
    maxRequestsPerCrawl: source.maxPages,
    maxRequestRetries: options.maxRetries ?? 3,
    maxConcurrency: options.maxConcurrency ?? 8,
    ...(options.minConcurrency !== undefined ? { minConcurrency: options.minConcurrency } : {}),
    requestHandlerTimeoutSecs: 60,
    respectRobotsTxtFile: true,
    onSkippedRequest: async ({ url, reason }: { url: string; reason: string }) => {
      block(url, reason === 'robotsTxt' ? 'disallowed by robots.txt' : reason);
    },
    // Exponential backoff with jitter before each retry; crawlee itself retries at once.
    errorHandler: async ({ request }: { request: Request }) => {
      stats.retries += 1;
      const delay = backoffDelayMs(request.retryCount, { initialMs: retryDelayMs, maxMs: 30_000, factor: 2, jitter: 0.25 });
      await sleep(delay);
    },
    failedRequestHandler: async ({ request }: { request: Request }, error: Error) => {
      if (errorCodeOf(error) === 'page-too-large') stats.tooLarge += 1;
      else stats.failed += 1;
      if (stats.errors.length < 20) stats.errors.push(`${request.url}: ${error.message.split('\n')[0]}`);
    },
  };
  const progress = (): void => options.onProgress?.(stats);

  if (!source.browser) {
    const crawler: GuardedCheerioCrawler = new GuardedCheerioCrawler(
      {
        ...common,
        additionalMimeTypes: ['*/*'],
        // Raw bytes reach _parseHTML untouched; it decodes them with our rules.
        forceResponseEncoding: 'utf8',
        preNavigationHooks: [
          async ({ request }, gotOptions) => {
            const validators = state.validators.get(canonicalizeUrl(request.url));
            gotOptions.followRedirect = false;
            if (!guard.allowsPrivateNetwork) gotOptions.dnsLookup = guard.lookup();
            gotOptions.headers = {
              ...gotOptions.headers,
              ...(validators?.etag ? { 'if-none-match': validators.etag } : {}),
              ...(validators?.lastModified ? { 'if-modified-since': validators.lastModified } : {}),
            };
            await limiter.acquire(new URL(request.url).host, source.politeness.maxRequestsPerMinutePerHost);
          },
        ],
        postNavigationHooks: [
          async ({ request, response }) => {
            const length = Number(response?.headers['content-length'] ?? 0);
            if (length > maxBytes) throw new PageTooLargeError(request.url, maxBytes);
          },
        ],
        async requestHandler({ request, response, body, $ }) {
          const userData = request.userData as UserData;
          const status = response.statusCode ?? 0;
          if (status >= 300 && status < 400 && status !== 304) {
            const location = response.headers.location;
            if (!location || userData.hops >= MAX_REDIRECTS) {
              stats.failed += 1;
              return;
            }
            // Each hop is checked before it is requested: an off-host Location is never fetched.
            const next = requestFor(location, request.url, { ...userData, hops: userData.hops + 1 });
            if (next) await crawler.addRequests([{ ...next, uniqueKey: `${next.uniqueKey}#hop${userData.hops + 1}` }], ADD_OPTIONS);
            return;
          }
          if (status === 304) {
            stats.notModified += 1;
            progress();
            return;
          }
          if (status >= 400) {
            stats.failed += 1;
            progress();
            return;
          }
          stats.pagesFetched += 1;
          const etag = response.headers.etag;
          const lastModified = response.headers['last-modified'];
          if (etag || lastModified)
            state.validators.set(canonicalizeUrl(request.url), { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) });
          if (crawler.decodedWith.get(request)?.mislabelled) stats.mislabelledEncodings += 1;
          const html = typeof body === 'string' ? body : body.toString('utf8');
          const links = (): string[] =>
            ($
              ? $('a[href]')
                  .toArray()
                  .map((a) => $(a).attr('href') ?? '')
              : linksOf(html)
            ).filter((h) => h.length > 0);
          await handlePage(html, request.url, userData, links, (r) => crawler.addRequests(r, ADD_OPTIONS));
          progress();
        },
      },
      configuration,
    );
    crawler.maxPageBytes = maxBytes;
    await crawler.run(initial, ADD_OPTIONS);
  } else {
    const resolverRules = `MAP * ~NOTFOUND, ${source.allowedHosts.map((h) => `EXCLUDE ${h}`).join(', ')}`;
    const crawler: PlaywrightCrawler = new PlaywrightCrawler(
      {
        ...common,
        headless: true,
        launchContext: {
          launcher: chromium,
          // Only the source's hosts resolve inside the browser: redirects and sub-resources
          // to any other name fail before a connection is opened.
          launchOptions: {
            executablePath: options.chromiumPath ?? '/usr/bin/chromium',
            args: [...CHROMIUM_ARGS, `--host-resolver-rules=${resolverRules}`],
          },
        },
        browserPoolOptions: { useFingerprints: false },
        preNavigationHooks: [
          async ({ page, request }) => {
            await limiter.acquire(new URL(request.url).host, source.politeness.maxRequestsPerMinutePerHost);
            await page.route('**/*', async (route) => {
              const verdict = guard.check(route.request().url());
              if (verdict.ok) await route.continue();
              else await route.abort('blockedbyclient');
            });
          },
        ],
        async requestHandler({ request, page, response }) {
          const userData = request.userData as UserData;
          const status = response?.status() ?? 0;
          if (status >= 400) {
            stats.failed += 1;
            return;
          }
          const finalUrl = page.url();
          const verdict = guard.check(finalUrl);
          if (!verdict.ok) {
            block(finalUrl, verdict.reason);
            return;
          }
          stats.pagesFetched += 1;
          await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
          const html = await page.content();
          if (Buffer.byteLength(html) > maxBytes) throw new PageTooLargeError(request.url, maxBytes);
          const links = (): Promise<string[]> => page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href') ?? ''));
          await handlePage(html, finalUrl, userData, links, (r) => crawler.addRequests(r, ADD_OPTIONS));
          progress();
        },
      },
      configuration,
    );
    await crawler.run(initial, ADD_OPTIONS);
  }
  stats.elapsedMs = Date.now() - started;
  await state.save();
  return stats;
}
