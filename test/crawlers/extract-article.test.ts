import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_SITE_ROOT } from '../../crawlers/demo-site/server.js';
import { extractArticle } from '../../crawlers/extract-article.js';

const page = (path: string): string => readFileSync(join(DEMO_SITE_ROOT, path), 'utf8');

describe('Crawlers > extract-article', () => {
  it('extracts title, body, publish time and canonical URL from a Vietnamese article', () => {
    const article = extractArticle(page('tin-tuc/canh-bao-lua-dao-gia-danh-cong-an.html'), 'http://127.0.0.1:8080/tin-tuc/canh-bao-lua-dao-gia-danh-cong-an.html?utm_source=home&fbclid=x');
    expect(article).not.toBeNull();
    expect(article?.title).toBe('Cảnh báo thủ đoạn giả danh công an gọi điện yêu cầu chuyển tiền');
    expect(article?.publishedAt).toBe('2025-03-21T08:30:00.000Z');
    expect(article?.canonicalUrl).toBe('http://127.0.0.1:8080/tin-tuc/canh-bao-lua-dao-gia-danh-cong-an.html');
    expect(article?.language).toBe('vi');
    expect(article?.text).toContain('33 vụ việc');
    expect(article?.text).not.toContain('Ảnh:');
    expect(article?.text).not.toContain('Trang chủ');
  });

  it('drops tracking parameters when the page declares no canonical link', () => {
    const article = extractArticle(page('tin-tuc/tong-ket-ra-quan-xu-ly-vi-pham-giao-thong.html'), 'http://h/tin-tuc/x.html?id=7&utm_campaign=a#top');
    expect(article?.canonicalUrl).toBe('http://h/tin-tuc/x.html?id=7');
  });

  it('gives null for pages that are not articles', () => {
    expect(extractArticle(page('index.html'), 'http://h/')).toBeNull();
    expect(extractArticle(page('lien-he.html'), 'http://h/lien-he.html')).toBeNull();
  });
});
