import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfficialStatement, SourceDocument } from '../../core/contracts.js';
import { documentIdFor } from '../../core/ids.js';
import { CrawlState } from '../../crawlers/crawl-state.js';
import type { Engagement } from '../../crawlers/extract-article.js';
import { FIXTURE_REGISTRY_FILE, startFixtureSite, type FixtureSite } from '../../crawlers/fixture-site/server.js';
import { HostRateLimiter } from '../../crawlers/host-rate-limiter.js';
import { crawlSource, type CrawlStats } from '../../crawlers/site-crawler.js';
import { loadSourceRegistry, sourcesOf, type Source } from '../../crawlers/sources.js';

const now = new Date('2025-11-20T03:00:00Z');
let site: FixtureSite;
let sources: Source[];
const state = new CrawlState();
const docs: { doc: SourceDocument; engagement: Engagement | null }[] = [];
const statements: OfficialStatement[] = [];
const stats = new Map<string, CrawlStats>();

const source = (id: string): Source => {
  const found = sources.find((s) => s.id === id);
  if (!found) throw new Error(`no fixture source ${id}`);
  return found;
};
const docOf = (path: string): SourceDocument | undefined => docs.find((d) => d.doc.canonicalUrl === `${site.url}${path}`)?.doc;
const crawl = (s: Source, st: CrawlState, extra: Parameters<typeof crawlSource>[2] = {}) =>
  crawlSource(
    s,
    { document: async (doc, engagement) => void docs.push({ doc, engagement }), statement: async (x) => void statements.push(x) },
    { state: st, now: () => now, maxConcurrency: 1, retryInitialDelayMs: 20, ...extra },
  );

describe('Crawlers > the fixture site, crawled source by source', () => {
  beforeAll(async () => {
    site = await startFixtureSite();
    sources = sourcesOf(await loadSourceRegistry(FIXTURE_REGISTRY_FILE, { FIXTURE_SITE: site.url }));
    // One state for the whole run, as crawlToKafka does: duplicates are found across sources.
    for (const s of sources) stats.set(s.id, await crawl(s, state));
  }, 90_000);
  afterAll(async () => {
    await site?.close();
  });

  it('news outlet 1: discovered through RSS, tracking parameters dropped, one document', () => {
    const s = stats.get('tin-nhanh-viet');
    const doc = docOf('/bao-a/phap-luat/gia-danh-can-bo-dieu-tra-goi-video-4871.html');
    expect(doc).toMatchObject({
      id: documentIdFor(`${site.url}/bao-a/phap-luat/gia-danh-can-bo-dieu-tra-goi-video-4871.html`),
      sourceId: 'tin-nhanh-viet',
      sourceKind: 'news',
      outlet: 'Tin Nhanh Việt',
      title: 'Công an cảnh báo thủ đoạn giả danh cán bộ điều tra gọi video',
      publishedAt: '2025-03-21T08:30:00.000Z',
      fetchedAt: now.toISOString(),
      language: 'vi',
    });
    expect(doc?.url).toBe(`${site.url}/bao-a/phap-luat/gia-danh-can-bo-dieu-tra-goi-video-4871.html?utm_source=rss&utm_medium=feed`);
    expect(s?.documents).toBe(1);
  });

  it('the same article under another URL (AMP copy) is an exact duplicate, linked and not re-sent', () => {
    expect(stats.get('tin-nhanh-viet')?.duplicates.exact).toBe(1);
    expect(docOf('/bao-a/amp/gia-danh-can-bo-dieu-tra-goi-video-4871.html')).toBeUndefined();
    expect(state.links).toContainEqual({
      documentId: documentIdFor(`${site.url}/bao-a/amp/gia-danh-can-bo-dieu-tra-goi-video-4871.html`),
      url: `${site.url}/bao-a/amp/gia-danh-can-bo-dieu-tra-goi-video-4871.html`,
      duplicateOf: documentIdFor(`${site.url}/bao-a/phap-luat/gia-danh-can-bo-dieu-tra-goi-video-4871.html`),
      kind: 'exact',
    });
  });

  it('news outlet 2: discovered through its sitemap; its syndicated copy is a near duplicate of outlet 1', () => {
    const s = stats.get('tuoi-moi');
    expect(s?.documents).toBe(1);
    expect(s?.duplicates.near).toBe(1);
    expect(docOf('/bao-b/thoi-su/tin-don-can-cuoc-het-han-30-6-20250605.htm')?.publishedAt).toBe('2025-06-05T02:15:00.000Z');
    expect(state.links.find((l) => l.kind === 'near')).toEqual({
      documentId: documentIdFor(`${site.url}/bao-b/thoi-su/nghe-an-canh-bao-gia-danh-cong-an-goi-video-20250321.htm`),
      url: `${site.url}/bao-b/thoi-su/nghe-an-canh-bao-gia-danh-cong-an-goi-video-20250321.htm`,
      duplicateOf: documentIdFor(`${site.url}/bao-a/phap-luat/gia-danh-can-bo-dieu-tra-goi-video-4871.html`),
      kind: 'near',
    });
  });

  it('news outlet 3: two links to one article (tracking parameter, fragment) fetch it once', () => {
    const s = stats.get('dan-viet-online');
    expect(s).toMatchObject({ pagesFetched: 2, documents: 1, skippedNotArticle: 1 });
    expect(site.hits.filter((h) => h.startsWith('/bao-c/phap-luat/'))).toHaveLength(1);
    expect(docOf('/bao-c/phap-luat/ha-noi-xu-ly-21300-luot-vi-pham-20250113083000.htm')?.publishedAt).toBe('2025-01-13T01:30:00.000Z');
  });

  it('official portal: a sitemap index leads to a press release, produced as an OfficialStatement', () => {
    expect(stats.get('cong-an-tinh')).toMatchObject({ statements: 1, documents: 0 });
    const url = `${site.url}/cong-an/thong-cao/bac-bo-thong-tin-sai-su-that-ve-viec-khoa-tai-khoan-vneid.html`;
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({
      id: `${documentIdFor(url)}:v1`,
      agency: 'Công an tỉnh Thanh Hóa',
      url,
      version: 1,
      publishedAt: '2025-11-05T17:00:00.000Z',
      title: 'Thông cáo báo chí về thông tin sai sự thật liên quan việc khóa tài khoản định danh điện tử',
    });
  });

  it('social post page: text, time and counts; the outlet is the public page name', () => {
    const post = docs.find((d) => d.doc.sourceId === 'trang-cong-an-phuong');
    expect(post?.doc).toMatchObject({
      sourceKind: 'social',
      outlet: 'Công an phường Hạc Thành (trang công khai)',
      publishedAt: '2025-05-05T17:00:00.000Z',
    });
    expect(post?.engagement).toEqual({ likes: 1200, shares: 356, comments: 87 });
    expect(post?.doc.engagement).toEqual({ likes: 1200, shares: 356, comments: 87 }); // travels in the contract
    expect(docOf('/bao-c/phap-luat/ha-noi-xu-ly-21300-luot-vi-pham-20250113083000.htm')?.engagement).toBeUndefined();
  });

  it('a page that renders its text with JavaScript is read through headless Chromium', () => {
    const js = stats.get('cong-tin-js');
    // On failure, say why: the crawl's own errors and counts.
    expect(
      js?.documents,
      JSON.stringify({ errors: js?.errors, failed: js?.failed, pagesFetched: js?.pagesFetched, skippedNotArticle: js?.skippedNotArticle }),
    ).toBe(1);
    expect(docOf('/js/tin-moi.html')).toMatchObject({
      title: 'Công an TP Hồ Chí Minh triệt phá đường dây lừa đảo đầu tư tiền ảo',
      publishedAt: '2025-04-18T03:00:00.000Z',
    });
    expect(docOf('/js/tin-moi.html')?.text).toContain('chiếm đoạt hơn 50 tỷ đồng của hơn 2.000 người');
  });

  it('robots.txt: the forbidden path is never requested', () => {
    expect(site.hits.some((h) => h.startsWith('/edge/noi-bo/'))).toBe(false);
    expect(stats.get('truong-hop-kho')?.blockedReasons).toContain(`${site.url}/edge/noi-bo/bao-cao-noi-bo.html: disallowed by robots.txt`);
  });

  it('a redirect to a foreign host is not followed, nor is a link to one: the foreign server sees no request', () => {
    expect(site.foreignHits).toEqual([]);
    const reasons = stats.get('truong-hop-kho')?.blockedReasons ?? [];
    expect(reasons).toContain(`${site.foreignUrl}/bai-viet.html: host localhost is not one of the source's allowed hosts`);
    expect(reasons).toContain("http://localhost:9/khac.html: host localhost is not one of the source's allowed hosts");
    expect(stats.get('truong-hop-kho')?.blocked).toBe(3);
  });

  it('a redirect within the allowed host is followed', () => {
    expect(docOf('/edge/da-chuyen.html')?.title).toBe('Khởi tố đối tượng tung tin sai sự thật về vụ cháy chung cư');
  });

  it('the oversized page stops at the size limit and is not retried', () => {
    expect(stats.get('truong-hop-kho')?.tooLarge).toBe(1);
    expect(site.hits.filter((h) => h === '/edge/lon/trang-rat-lon.html')).toHaveLength(1);
  });

  it('the Windows-1258 page behind a UTF-8 header is decoded correctly', () => {
    const doc = docOf('/edge/cu/tin-cu-windows-1258.html');
    expect(doc?.title).toBe('Đề án 06: hơn 8 triệu tài khoản định danh điện tử được kích hoạt');
    expect(doc?.publishedAt).toBe('2022-10-11T17:00:00.000Z');
    expect(doc?.text).toContain('Sáng 12/10, Bộ Công an cho biết sau hơn một năm triển khai Đề án 06');
    expect(doc?.text).toBe(doc?.text.normalize('NFC'));
    expect(stats.get('truong-hop-kho')?.mislabelledEncodings).toBe(1);
  });

  it('a flaky page (503 twice) is retried with backoff and then read', () => {
    expect(stats.get('truong-hop-kho')?.retries).toBe(2);
    expect(site.hits.filter((h) => h === '/edge/loi-tam-thoi.html')).toHaveLength(3);
    expect(docOf('/edge/loi-tam-thoi.html')?.title).toBe('Cảnh báo cuộc gọi mạo danh tổng đài điện lực');
  });

  it('a page in another language is recorded, not sent on', () => {
    expect(stats.get('truong-hop-kho')?.otherLanguages).toEqual({ en: 1 });
    expect(docOf('/en/police-warning.html')).toBeUndefined();
  });

  it('a re-crawl with the same state asks with ETags: 304s, nothing sent again', async () => {
    const before = docs.length;
    // The section page and the article itself, both unchanged since the first crawl.
    const article = `${site.url}/bao-c/phap-luat/ha-noi-xu-ly-21300-luot-vi-pham-20250113083000.htm`;
    const hitsBefore = site.hits.length;
    const again = await crawl({ ...source('dan-viet-online'), startUrls: [`${site.url}/bao-c/`, article] }, state);
    expect(again).toMatchObject({ notModified: 2, pagesFetched: 0, documents: 0 });
    expect(site.hits.slice(hitsBefore)).toEqual([
      '/robots.txt',
      '/bao-c/',
      '/bao-c/phap-luat/ha-noi-xu-ly-21300-luot-vi-pham-20250113083000.htm',
    ]);
    expect(docs.length).toBe(before);
  });

  it('the relevance hook can skip documents, and its skips are counted with their reason', async () => {
    const fresh = new CrawlState();
    const filtered = await crawl(source('tuoi-moi'), fresh, {
      filter: (item) =>
        item.kind === 'document' && item.document.text.includes('VNeID') ? { keep: false, reason: 'not-security' } : { keep: true },
    });
    expect(filtered).toMatchObject({ documents: 1, filtered: 1, filterReasons: { 'not-security': 1 } });
  });

  it('a production source (no private network) never sends a request to a loopback address', async () => {
    const hitsBefore = site.hits.length;
    const production: Source = { ...source('dan-viet-online'), allowPrivateNetwork: false };
    const result = await crawl(production, new CrawlState());
    expect(result.pagesFetched).toBe(0);
    expect(result.blockedReasons).toEqual([`${site.url}/bao-c/: private address 127.0.0.1`]);
    expect(site.hits.length).toBe(hitsBefore);
  });

  it('per-host politeness spaces requests evenly', async () => {
    const limiter = new HostRateLimiter();
    const started = Date.now();
    for (let i = 0; i < 4; i += 1) await limiter.acquire('tuoitre.vn', 600); // one every 100 ms
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    const other = Date.now();
    await limiter.acquire('vnexpress.net', 600); // another host is not held back
    expect(Date.now() - other).toBeLessThan(50);
  });
});
