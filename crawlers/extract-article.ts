/**
 * Article extraction, first version (cheerio): title, body paragraphs, publish time and the
 * canonical URL, from the page's HTML (parsed by our own cheerio, whatever version crawlee
 * bundles). Photo captions and bylines are dropped. Pages that are not articles (no body
 * paragraphs) give `null` and are only followed for links.
 */
import { load, type CheerioAPI } from 'cheerio';
import { detectLanguage, normalizeText } from '../classifiers/text/normalize.js';

export interface ExtractedArticle {
  title: string;
  text: string;
  publishedAt: string | null;
  canonicalUrl: string;
  language: string;
}

const MIN_BODY_CHARS = 200;
const CAPTION = /^(Ảnh|Ảnh minh họa|Ảnh minh hoạ|Nguồn ảnh|Video)\s*:/iu;

export function extractArticle(html: string, pageUrl: string): ExtractedArticle | null {
  const $ = load(html);
  $('script, style, noscript, nav, header, footer, aside, form, figure figcaption, .caption, .share, .related').remove();
  const title = normalizeText($('meta[property="og:title"]').attr('content') ?? ($('h1').first().text() || $('title').text()));
  const container = $('article').first().length > 0 ? $('article').first() : $('main').first().length > 0 ? $('main').first() : $('body');
  const paragraphs = container
    .find('p')
    .toArray()
    .map((p) => normalizeText($(p).text()))
    .filter((p) => p.length > 0 && !CAPTION.test(p));
  const text = paragraphs.join('\n');
  if (text.length < MIN_BODY_CHARS) return null;
  return {
    title,
    text,
    publishedAt: publishedTime($),
    canonicalUrl: canonicalUrlOf($, pageUrl),
    language: $('html').attr('lang')?.slice(0, 2).toLowerCase() === 'vi' ? 'vi' : detectLanguage(text),
  };
}

function publishedTime($: CheerioAPI): string | null {
  const candidates = [
    $('meta[property="article:published_time"]').attr('content'),
    $('meta[itemprop="datePublished"]').attr('content'),
    $('time[datetime]').first().attr('datetime'),
  ];
  for (const value of candidates) {
    if (!value) continue;
    const parsed = new Date(value);
    if (!Number.isNaN(parsed.getTime())) return parsed.toISOString();
  }
  return null;
}

const TRACKING_PARAMS = /^(utm_.*|fbclid|gclid|zarsrc|ref|source)$/i;

export function canonicalUrlOf($: CheerioAPI, pageUrl: string): string {
  const declared = $('link[rel="canonical"]').attr('href');
  const url = new URL(declared ?? pageUrl, pageUrl);
  url.hash = '';
  for (const key of [...url.searchParams.keys()]) if (TRACKING_PARAMS.test(key)) url.searchParams.delete(key);
  return url.toString();
}
