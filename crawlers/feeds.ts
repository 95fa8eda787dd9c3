/**
 * Discovery from RSS 2.0, Atom and sitemap (urlset and sitemap index) documents: the page
 * URLs they list, with the listed publish/modification time when there is one.
 */
import { XMLParser } from 'fast-xml-parser';

export interface DiscoveredLink {
  url: string;
  /** The feed's own date for the item (RSS pubDate, Atom updated, sitemap lastmod), as given. */
  listedAt: string | null;
  /** True for a nested sitemap (a sitemap index entry), to be read as a sitemap again. */
  sitemap: boolean;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true, processEntities: true });

const list = (value: unknown): unknown[] => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]);
const text = (value: unknown): string | null => {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number') return String(value);
  if (value !== null && typeof value === 'object' && '#text' in value) return text((value as { '#text': unknown })['#text']);
  return null;
};

/** Links of a feed or sitemap; an empty list for anything else (a broken or HTML document). */
export function parseFeedOrSitemap(xml: string): DiscoveredLink[] {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch {
    return [];
  }
  const out: DiscoveredLink[] = [];
  const rss = doc.rss as { channel?: { item?: unknown } } | undefined;
  for (const item of list(rss?.channel?.item)) {
    const record = item as Record<string, unknown>;
    const url = text(record.link) ?? text(record.guid);
    if (url) out.push({ url, listedAt: text(record.pubDate), sitemap: false });
  }
  const feed = doc.feed as { entry?: unknown } | undefined;
  for (const entry of list(feed?.entry)) {
    const record = entry as Record<string, unknown>;
    const links = list(record.link) as Record<string, unknown>[];
    const alternate = links.find((l) => l['@rel'] === undefined || l['@rel'] === 'alternate');
    const url = typeof alternate?.['@href'] === 'string' ? alternate['@href'] : null;
    if (url) out.push({ url, listedAt: text(record.published) ?? text(record.updated), sitemap: false });
  }
  const urlset = doc.urlset as { url?: unknown } | undefined;
  for (const entry of list(urlset?.url)) {
    const record = entry as Record<string, unknown>;
    const url = text(record.loc);
    if (url) out.push({ url, listedAt: text(record.lastmod), sitemap: false });
  }
  const index = doc.sitemapindex as { sitemap?: unknown } | undefined;
  for (const entry of list(index?.sitemap)) {
    const record = entry as Record<string, unknown>;
    const url = text(record.loc);
    if (url) out.push({ url, listedAt: text(record.lastmod), sitemap: true });
  }
  return out;
}
