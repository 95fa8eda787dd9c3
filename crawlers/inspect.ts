/**
 * What the crawler makes of one page or feed, for a person to check (`sentinel extract`): the
 * same decoding, the same extractor, the same feed reader as a crawl.
 */
import { decodeHtml, charsetOf } from './decode.js';
import { extractArticle, siteNameOf, type ExtractionExplanation } from './extract-article.js';
import { parseFeedOrSitemap, type DiscoveredLink } from './feeds.js';

export interface InspectedPage {
  url: string;
  canonicalUrl: string;
  title: string;
  publishedAt: string | null;
  text: string;
  language: string;
  outlet: string;
  explain?: ExtractionExplanation & { encoding: string; mislabelled: string | null };
}

export type Inspection =
  { kind: 'page'; page: InspectedPage } | { kind: 'feed'; items: Omit<DiscoveredLink, 'sitemap'>[] } | { kind: 'none'; reason: string };

export interface InspectOptions {
  reference?: Date;
  explain?: boolean;
}

/** XML that is a feed or a sitemap rather than a page: its root element says so. */
const FEED_ROOT = /^(?:\s|<\?xml[^>]*\?>|<!--[\s\S]*?-->)*<(?:rss|feed|urlset|sitemapindex|rdf:RDF)\b/u;

export function inspect(bytes: Buffer, contentType: string | undefined, url: string, options: InspectOptions = {}): Inspection {
  const decoded = decodeHtml(bytes, charsetOf(contentType));
  const text = decoded.text.replace(/^\uFEFF/u, '');
  if (FEED_ROOT.test(text)) {
    const items = parseFeedOrSitemap(text, options.reference);
    if (items.length === 0) return { kind: 'none', reason: 'a feed or sitemap with no readable item' };
    return { kind: 'feed', items: items.map(({ sitemap: _nested, ...item }) => item) };
  }
  const article = extractArticle(text, url, { reference: options.reference, explain: options.explain });
  if (article === null)
    return { kind: 'none', reason: 'no article body (under 200 characters of prose once navigation, captions and bylines are removed)' };
  const page: InspectedPage = {
    url,
    canonicalUrl: article.canonicalUrl,
    title: article.title,
    publishedAt: article.publishedAt,
    text: article.text,
    language: article.language,
    outlet: siteNameOf(text) ?? new URL(url).hostname,
  };
  if (options.explain && article.explain)
    page.explain = { ...article.explain, encoding: decoded.encoding, mislabelled: decoded.mislabelled };
  return { kind: 'page', page };
}
