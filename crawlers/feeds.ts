/**
 * Discovery from RSS 2.0, Atom and sitemap (urlset, Google News sitemap and sitemap index)
 * documents: the page URLs they list, with the item's title, summary and publish time when the
 * feed states them. Feeds state the zone ("Sun, 12 Jul 2026 07:14:25 +0700"), so their times are
 * exact instants, given as UTC ISO strings like every time in the contracts.
 */
import { XMLParser } from 'fast-xml-parser';
import { normalizeText } from '../classifiers/text/normalize.js';
import { parseFeedTime } from './vietnamese-dates.js';

export interface DiscoveredLink {
  url: string;
  /** The item's title (RSS title, Atom title, news:title), as plain text. */
  title: string | null;
  /** The item's publish time (RSS pubDate, Atom published then updated, sitemap publication date then lastmod), ISO in UTC; null when absent or unreadable. */
  publishedAt: string | null;
  /** The item's summary (RSS description, Atom summary) as plain text, its markup and images dropped. */
  summary: string | null;
  /** True for a nested sitemap (a sitemap index entry), to be read as a sitemap again. */
  sitemap: boolean;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  processEntities: true,
  htmlEntities: true,
});

const list = (value: unknown): unknown[] => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]);
const text = (value: unknown): string | null => {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number') return String(value);
  if (value !== null && typeof value === 'object' && '#text' in value) return text((value as { '#text': unknown })['#text']);
  return null;
};

/** Markup inside a CDATA title or description ("<a href><img></a>Công an …") as plain text. */
function plain(value: unknown): string | null {
  const raw = text(value);
  if (raw === null) return null;
  const stripped = normalizeText(
    raw
      .replace(/<(?:script|style)\b[\s\S]*?<\/(?:script|style)>/giu, ' ')
      .replace(/<br\s*\/?>|<\/p>/giu, ' ')
      .replace(/<[^>]*>/gu, '')
      .replace(/&nbsp;/giu, ' ')
      .replace(/&amp;/giu, '&')
      .replace(/&quot;/giu, '"')
      .replace(/&#0*39;|&apos;/giu, "'")
      .replace(/&lt;/giu, '<')
      .replace(/&gt;/giu, '>'),
  );
  return stripped === '' ? null : stripped;
}

/** Links of a feed or sitemap; an empty list for anything else (a broken or HTML document). */
export function parseFeedOrSitemap(xml: string, reference?: Date): DiscoveredLink[] {
  let doc: Record<string, unknown>;
  try {
    // A byte-order mark before the XML declaration is common in CMS feeds, and refused by the parser.
    doc = parser.parse(xml.replace(/^\uFEFF/u, '').replace(/\r\r\n/gu, '\n')) as Record<string, unknown>;
  } catch {
    return [];
  }
  const time = (...values: unknown[]): string | null => {
    for (const v of values) {
      const parsed = parseFeedTime(text(v), reference);
      if (parsed) return parsed;
    }
    return null;
  };
  const out: DiscoveredLink[] = [];
  const rss = doc.rss as { channel?: { item?: unknown } } | undefined;
  for (const item of list(rss?.channel?.item)) {
    const record = item as Record<string, unknown>;
    const url = text(record.link) ?? text(record.guid);
    if (url)
      out.push({
        url,
        title: plain(record.title),
        publishedAt: time(record.pubDate, record.date),
        summary: plain(record.description),
        sitemap: false,
      });
  }
  const feed = doc.feed as { entry?: unknown } | undefined;
  for (const entry of list(feed?.entry)) {
    const record = entry as Record<string, unknown>;
    const links = list(record.link) as Record<string, unknown>[];
    const alternate = links.find((l) => l['@rel'] === undefined || l['@rel'] === 'alternate');
    const url = typeof alternate?.['@href'] === 'string' ? alternate['@href'] : null;
    if (url)
      out.push({
        url,
        title: plain(record.title),
        publishedAt: time(record.published, record.updated),
        summary: plain(record.summary ?? record.content),
        sitemap: false,
      });
  }
  const urlset = doc.urlset as { url?: unknown } | undefined;
  for (const entry of list(urlset?.url)) {
    const record = entry as Record<string, unknown>;
    const url = text(record.loc);
    const news = record.news as Record<string, unknown> | undefined;
    if (url)
      out.push({
        url,
        title: plain(news?.title),
        publishedAt: time(news?.publication_date, record.lastmod),
        summary: null,
        sitemap: false,
      });
  }
  const index = doc.sitemapindex as { sitemap?: unknown } | undefined;
  for (const entry of list(index?.sitemap)) {
    const record = entry as Record<string, unknown>;
    const url = text(record.loc);
    if (url) out.push({ url, title: null, publishedAt: time(record.lastmod), summary: null, sitemap: true });
  }
  return out;
}
