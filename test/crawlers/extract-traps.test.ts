/**
 * Extraction on the structures of real Vietnamese news sites, one fixture per trap met on saved
 * real pages (test/crawlers/extract-fixtures; the structure is the sites', the text is written):
 * a visible headline reworded from og:title, a JSON-LD time with a space before its offset or
 * "&#x2B;" for "+", a year-less "03-07" elsewhere on the page, a byline "(tổng hợp)", a chart
 * caption, a "Theo …" source line, `\r\r\n` line ends and a byte-order mark; feeds whose items
 * carry title, summary and an RFC 822 time.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractArticle } from '../../crawlers/extract-article.js';
import { parseFeedOrSitemap } from '../../crawlers/feeds.js';
import { startFixtureSite, type FixtureSite } from '../../crawlers/fixture-site/server.js';
import { CrawlState } from '../../crawlers/crawl-state.js';
import { crawlSource } from '../../crawlers/site-crawler.js';
import { loadSourceRegistry, sourcesOf } from '../../crawlers/sources.js';
import type { SourceDocument } from '../../core/contracts.js';
import { parseFeedTime, parseIsoTime, parseVietnameseDate } from '../../crawlers/vietnamese-dates.js';
import { runSentinel } from '../helpers.js';

const DIR = join(import.meta.dirname, 'extract-fixtures');
const file = (name: string): string => readFileSync(join(DIR, name), 'utf8');
// Crawled eight months after publication: a year-less "03-07" would read as 3 July 2026.
const reference = new Date('2026-11-20T03:00:00Z');

describe('Crawlers > extraction traps of real sites', () => {
  it('takes the visible headline when og:title is the same headline reworded, and not the logo in another <h1>', () => {
    const a = extractArticle(file('vccorp-headline-byline-chart.html'), 'https://kinhtedothi.example.vn/x.html', {
      reference,
      explain: true,
    });
    expect(a?.title).toBe('Từ 1/7, hộ kinh doanh phải tuân thủ quy định mới về thuế');
    expect(a?.explain?.title.from).toBe('h1');
    expect(a?.explain?.title.candidates.map((c) => c.from)).toEqual(['h1', 'og:title', 'title']);
  });

  it('keeps og:title when the only <h1> is not the headline', () => {
    const html = file('vccorp-headline-byline-chart.html').replace(/<h1 class="detail-title[^]*?<\/h1>/u, '');
    expect(extractArticle(html, 'https://x.vn/a.html', { reference })?.title).toBe('Từ 1/7, hộ kinh doanh phải tuân thủ quy định thuế mới');
  });

  it('reads the dated publish line to the minute, never the year-less "03-07" of a sidebar', () => {
    const a = extractArticle(file('vccorp-headline-byline-chart.html'), 'https://x.vn/a.html', { reference, explain: true });
    expect(a?.publishedAt).toBe('2026-03-07T01:52:00.000Z');
    expect(a?.explain?.publishedAt.confidence).toBe('high');
    // Without the dated line, the year-less date is all there is: used, and said to be a guess.
    const undated = extractArticle(file('vccorp-headline-byline-chart.html').replace('07/03/2026 08:52', ''), 'https://x.vn/a.html', {
      reference,
      explain: true,
    });
    expect(undated?.publishedAt).toBe('2026-07-02T17:00:00.000Z');
    expect(undated?.explain?.publishedAt.confidence).toBe('low');
  });

  it('drops the byline "(tổng hợp)", the chart caption, the related box and the agency tag of the lead', () => {
    const text = extractArticle(file('vccorp-headline-byline-chart.html'), 'https://x.vn/a.html', { reference })?.text ?? '';
    expect(text.startsWith('Cơ quan thuế cho biết từ ngày 1/7/2026')).toBe(true);
    expect(text).toContain('hơn 60.000 hộ kinh doanh');
    expect(text).not.toMatch(/Hà Thu|Biểu đồ|Tin liên quan|Hoàn thuế điện tử|KTĐT/u);
  });

  it.each([
    ['jsonld-space-before-offset.html', 'a space before the offset', 'Báo Pháp luật'],
    ['jsonld-entity-in-time.html', '"&#x2B;" for "+", inside @graph', 'Báo Pháp luật TP'],
  ])('reads JSON-LD datePublished with %s (%s) to the second, and drops the "Theo …" line', (name, _trap, outlet) => {
    const a = extractArticle(file(name), 'https://x.vn/a.html', { reference, explain: true });
    expect(a?.publishedAt).toBe('2026-03-07T01:52:11.000Z');
    expect(a?.explain?.publishedAt.from).toBe('JSON-LD datePublished');
    expect(a?.text).not.toContain(`Theo ${outlet}`);
    expect(a?.text).not.toMatch(/Ảnh: CA|cho vay nặng lãi/u);
    expect(a?.text.split('\n').length).toBeGreaterThanOrEqual(3);
  });

  it('gives null, not an exception, for text that is not HTML', () => {
    expect(extractArticle('{"name":"sentinel","version":"0.1.0"}', 'https://x.vn/a.json')).toBeNull();
  });

  it('never reads day/month out of an ISO date, and takes offsets as pages write them', () => {
    expect(parseVietnameseDate('2026-03-07T08:52:11.000 +07:00', { reference, label: true })).toBe('2026-03-07T01:52:11.000Z');
    expect(parseIsoTime('2026-03-07T08:52:11+0700')).toBe('2026-03-07T01:52:11.000Z');
    expect(parseIsoTime('\uFEFF2026-03-07 08:52')).toBe('2026-03-07T01:52:00.000Z');
    expect(parseIsoTime('2026-02-31T10:00')).toBeNull();
    expect(parseFeedTime('Sun, 12 Jul 2026 07:14:25 +0700')).toBe('2026-07-12T00:14:25.000Z');
    expect(parseFeedTime('13/07/2026 07:14')).toBe('2026-07-13T00:14:00.000Z');
    expect(parseFeedTime('Chiều 21/3', reference)).toBeNull();
  });

  it('gives every feed item its title, summary as text and publish time in ISO (RSS with BOM and \\r\\r\\n, Atom, news sitemap)', () => {
    expect(parseFeedOrSitemap(file('feed-rss.xml'), reference)).toEqual([
      {
        url: 'https://baoexample.vn/phap-luat/gia-danh-cong-an-goi-video-4871.html',
        title: 'Cảnh báo thủ đoạn giả danh công an gọi video',
        publishedAt: '2026-07-12T00:14:25.000Z',
        summary: 'Nhiều người dân nhận cuộc gọi video từ người mặc cảnh phục, yêu cầu chuyển tiền vào "tài khoản tạm giữ".',
        sitemap: false,
      },
      {
        url: 'https://baoexample.vn/phap-luat/xu-phat-vi-pham-giao-thong-4872.html',
        title: 'Xử phạt 18.600 trường hợp vi phạm giao thông sau 30 ngày cao điểm',
        publishedAt: '2026-07-11T22:05:00.000Z',
        summary: 'Phòng Cảnh sát giao thông đã xử lý 18.600 trường hợp vi phạm.',
        sitemap: false,
      },
    ]);
    const [atom] = parseFeedOrSitemap(file('feed-atom.xml'), reference);
    expect(atom).toMatchObject({
      title: 'Công an tỉnh khuyến cáo về thủ đoạn lừa đảo qua VNeID giả',
      publishedAt: '2026-07-10T09:30:00.000Z',
      summary: 'Người dân không cài ứng dụng từ đường link lạ.',
    });
    const [news] = parseFeedOrSitemap(file('sitemap-news.xml'), reference);
    expect(news).toMatchObject({
      title: 'Hơn 1 triệu tài khoản định danh điện tử mức 2 được kích hoạt trong tháng',
      publishedAt: '2026-07-12T03:00:00.000Z',
    });
  });
});

describe("Crawlers > a feed's publish time", () => {
  it("stands in for the page's own when the page states none, and never over it", async () => {
    const undated = file('jsonld-space-before-offset.html').replace(/"datePublished":"[^"]*","dateModified":"[^"]*",/u, '');
    const server = createServer((req, res) => {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      if (req.url === '/rss.xml') {
        const item = (path: string) =>
          `<item><title>x</title><link>${base}${path}</link><pubDate>Sun, 12 Jul 2026 07:14:25 +0700</pubDate></item>`;
        res
          .writeHead(200, { 'content-type': 'application/rss+xml' })
          .end(`<?xml version="1.0"?><rss version="2.0"><channel>${item('/khong-ngay.html')}${item('/co-ngay.html')}</channel></rss>`);
      } else if (req.url === '/khong-ngay.html') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(undated);
      else if (req.url === '/co-ngay.html')
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(file('vccorp-headline-byline-chart.html'));
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const dir = mkdtempSync(join(tmpdir(), 'sentinel-feed-'));
      const registry = join(dir, 'sources.yaml');
      writeFileSync(
        registry,
        "allowPrivateNetwork: true\nsources:\n  - id: feed-only\n    name: Feed only\n    kind: news\n    feeds: ['${SITE}/rss.xml']\n    allowedHosts: [127.0.0.1]\n    politeness: { maxRequestsPerMinutePerHost: 6000 }\n",
      );
      const [source] = sourcesOf(
        await loadSourceRegistry(registry, { SITE: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
      );
      const docs: SourceDocument[] = [];
      await crawlSource(
        source!,
        { document: async (doc) => void docs.push(doc) },
        { state: new CrawlState(), now: () => reference, maxConcurrency: 1 },
      );
      const byPath = (path: string) => docs.find((d) => d.url.endsWith(path));
      expect(byPath('/khong-ngay.html')?.publishedAt).toBe('2026-07-12T00:14:25.000Z');
      expect(byPath('/co-ngay.html')?.publishedAt).toBe('2026-03-07T01:52:00.000Z');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

const sentinel = (...args: string[]) => runSentinel(['extract', ...args]);

describe('CLI > sentinel extract', () => {
  let site: FixtureSite;
  beforeAll(async () => {
    site = await startFixtureSite();
  });
  afterAll(async () => {
    await site.close();
  });

  it('prints one JSON object for a saved page, with the address given by --url', async () => {
    const run = await sentinel(
      join(DIR, 'jsonld-space-before-offset.html'),
      '--url',
      'https://baophapluat.example.vn/canh-bao-ve-may-bay.html?utm_source=fb',
      '--reference-date',
      '2026-11-20',
    );
    expect(run.status, run.stderr).toBe(0);
    const page = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(page)).toEqual(['url', 'canonicalUrl', 'title', 'publishedAt', 'text', 'language', 'outlet']);
    expect(page).toMatchObject({
      canonicalUrl: 'https://baophapluat.example.vn/canh-bao-ve-may-bay.html',
      publishedAt: '2026-03-07T01:52:11.000Z',
      language: 'vi',
      outlet: 'Báo Pháp luật',
    });
  });

  it('prints one JSON line per feed item', async () => {
    const run = await sentinel(join(DIR, 'feed-rss.xml'));
    expect(run.status, run.stderr).toBe(0);
    const items = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { publishedAt: string; title: string });
    expect(items.map((i) => i.publishedAt)).toEqual(['2026-07-12T00:14:25.000Z', '2026-07-11T22:05:00.000Z']);
    expect(items.every((i) => i.title.length > 0)).toBe(true);
  });

  it('fetches a URL through the URL guard: a loopback address only when allowed, redirects followed, legacy encodings decoded', async () => {
    const refused = await sentinel(`${site.url}/edge/chuyen-trang`);
    expect(refused.status).toBe(4);
    expect(refused.stderr).toMatch(/private address 127\.0\.0\.1/);
    const redirected = await sentinel(`${site.url}/edge/chuyen-trang`, '--allow-private-network', '--explain');
    expect(redirected.status, redirected.stderr).toBe(0);
    const page = JSON.parse(redirected.stdout) as { url: string; explain: { title: { from: string } } };
    expect(page.url).toBe(`${site.url}/edge/da-chuyen.html`);
    expect(page.explain.title.from).toBeTruthy();
    const legacy = await sentinel(`${site.url}/edge/cu/tin-cu-windows-1258.html`, '--allow-private-network', '--explain');
    expect(legacy.status, legacy.stderr).toBe(0);
    expect(JSON.parse(legacy.stdout)).toMatchObject({ explain: { encoding: 'windows-1258', mislabelled: 'utf-8' } });
  });

  it('exits with 4 and one line on input it cannot use, and with 2 on a wrong command line', async () => {
    expect((await sentinel(join(DIR, 'missing.html'))).status).toBe(4);
    const tooLarge = await sentinel(join(DIR, 'feed-rss.xml'), '--max-bytes', '100');
    expect(tooLarge.status).toBe(4);
    expect(tooLarge.stderr).toMatch(/over the 100-byte limit/);
    const notArticle = await sentinel(join(import.meta.dirname, '..', '..', 'package.json'));
    expect(notArticle.status).toBe(4);
    expect(notArticle.stderr.trim().split('\n')).toHaveLength(1);
    expect((await sentinel(join(DIR, 'feed-rss.xml'), '--reference-date', 'yesterday')).status).toBe(2);
  });
});
