/**
 * The generated pages bench:crawl measures on: each layout must extract as a real page of its
 * kind does (headline, publish time to the minute, body without byline, caption, source line or
 * related links), or the benchmark would time the wrong work.
 */
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../crawlers/extract-article.js';
import { benchPage, BENCH_LAYOUTS, mixedLayout } from '../../crawlers/fixture-site/server.js';

describe('Crawlers > the benchmark pages', () => {
  it.each(BENCH_LAYOUTS)('%s layout: the visible headline, the stated time, the prose only', (layout) => {
    const article = extractArticle(benchPage(41, layout), 'http://127.0.0.1/bench/41.html');
    expect(article?.title).toBe('Bản tin an ninh trật tự số 41');
    // 14/6 (day 41 % 28 + 1, month 41 % 12 + 1) at 08:00, or 08:52 in the CMS's JSON-LD, Vietnam time.
    expect(article?.publishedAt).toBe(layout === 'cms' ? '2025-06-14T01:52:11.000Z' : '2025-06-14T01:00:00.000Z');
    // The lead opens the text, its agency tag taken off.
    expect(article?.text.startsWith('Chiều 14/6, công an')).toBe(true);
    expect(article?.text).not.toMatch(/Hà Thu|Hải Yến|Tin liên quan|Đọc nhiều|Biểu đồ|Ảnh:|Theo Báo Công an|Chia sẻ|Trang chủ/u);
    expect(article?.text.split('\n').length).toBeGreaterThanOrEqual(8);
  });

  it('the mix is half <article> pages, a quarter CMS pages and a quarter pages only Readability reads', () => {
    const counts = Object.fromEntries(BENCH_LAYOUTS.map((l) => [l, 0]));
    for (let n = 0; n < 400; n += 1) counts[mixedLayout(n)] = (counts[mixedLayout(n)] ?? 0) + 1;
    expect(counts).toEqual({ article: 200, cms: 100, plain: 100 });
    // No known body container in the plain layout: the fast path cannot take it.
    expect(benchPage(3, 'plain')).not.toMatch(/<article|detail-content|itemprop="articleBody"/u);
  });
});
