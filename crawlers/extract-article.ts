/**
 * Article and social-post extraction without per-site selectors: Mozilla Readability over a
 * linkedom DOM finds the body, and Vietnamese-specific cleanup runs around it (photo captions
 * "Ảnh: ...", bylines, share bars, "Xem thêm" / "Tin liên quan" blocks). Publish time comes from
 * meta tags, JSON-LD, `<time>`, then Vietnamese date text. Optional per-source CSS selectors
 * override the guesses. Pages that are not articles give `null` and are only followed for links.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { detectLanguage, normalizeText } from '../classifiers/text/normalize.js';
import { canonicalizeUrl } from './url-guard.js';
import { parseIsoTime, parseVietnameseDate } from './vietnamese-dates.js';

export interface ExtractedArticle {
  title: string;
  text: string;
  publishedAt: string | null;
  canonicalUrl: string;
  /** "vi", another ISO 639-1 code from the page's `lang`, or "und". */
  language: string;
}

export interface Engagement {
  likes?: number;
  shares?: number;
  comments?: number;
}

export interface ExtractedPost extends ExtractedArticle {
  engagement: Engagement;
}

/** Per-source CSS selectors, when the generic guesses are not enough. */
export interface ExtractSelectors {
  title?: string;
  body?: string;
  publishedAt?: string;
  remove?: string;
}

export interface ExtractOptions {
  selectors?: ExtractSelectors;
  /** Fills the year of "Chiều 21/3"-style dates; the fetch time in a crawl. */
  reference?: Date;
}

const MIN_BODY_CHARS = 200;
const MIN_POST_CHARS = 20;

/** Boilerplate blocks removed before Readability scores the page. */
const NOISE_SELECTORS = [
  'script:not([type="application/ld+json"])', 'style', 'noscript', 'iframe', 'form', 'nav', 'header', 'footer', 'aside',
  'figcaption', '.caption', '.Image', '.image-caption', '.PhotoCMS_Caption', '.expNoEdit',
  '[class*="share"]', '[class*="social"]', '[class*="related"]', '[class*="xem-them"]', '[class*="tin-lien-quan"]',
  '[class*="breadcrumb"]', '[class*="comment"]', '[class*="tags"]', '[class*="author"]', '[class*="byline"]',
  '[id*="share"]', '[id*="related"]', '[id*="comment"]',
].join(', ');

/** A paragraph that is a photo/video caption or a source credit, not article text. */
const CAPTION = /^(?:\(?\s*)(?:ảnh|ảnh minh họa|ảnh minh hoạ|ảnh chụp màn hình|nguồn ảnh|video|clip|đồ họa|đồ hoạ|infographic)\s*[:.-]/iu;
const TRAILING_CAPTION = /\s*\((?:Ảnh|Ảnh minh họa|Ảnh minh hoạ)\s*:[^)]*\)\s*$/u;
/** "Xem thêm", "Đọc thêm", "Tin liên quan": a pointer to other articles (its link lists are dropped by link density). */
const MORE_BLOCK = /^(?:xem thêm|đọc thêm|tin liên quan|bài liên quan|có thể bạn quan tâm|tin cùng chuyên mục)\b/iu;
/** A dateline printed above the body: "Thứ sáu, 21/3/2025, 15:30 (GMT+7)", "Cập nhật ngày 6/11/2025". */
const DATE_LINE = /^(?:(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ nhật|cập nhật|đăng|ngày)[\s,:]*)*(?:ngày\s+)?\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}[\s,|-]*(?:\d{1,2}[:h]\d{2})?\s*(?:\(?GMT\s*\+\s*7\)?)?$/iu;
const SHARE_BAR = /^(?:chia sẻ|share|facebook|zalo|twitter|in bài|gửi bài|lưu|bình luận|\s|[|·•])+$/iu;
/** A credit line: "Nguyễn Hà", "Hải Yến - Minh Đức", "Theo TTXVN", "Nhóm PV". No profile is kept. */
const BYLINE = /^(?:(?:[Tt]heo|[Nn]guồn)\s+\S.{0,40}|(?:[Nn]hóm\s+)?(?:PV|PTV|CTV|[Pp]hóng viên)\b.{0,30}|[\p{Lu}\p{M}\s.,-]{3,50}|(?:\p{Lu}[\p{Ll}\p{M}]*\.?\s*){1,4}(?:\s*[-–,]\s*(?:\p{Lu}[\p{Ll}\p{M}]*\.?\s*){1,4})*)$/u;
const DATE_CLASSES = '[class*="date"], [class*="time"], [class*="publish"], [itemprop="datePublished"]';

type Doc = ReturnType<typeof parseHTML>['document'];
type El = NonNullable<ReturnType<Doc['querySelector']>>;

function attr(document: Doc, selector: string, name: string): string | null {
  return document.querySelector(selector)?.getAttribute(name) ?? null;
}

/** JSON-LD `datePublished`, searched through arrays and `@graph`. */
function jsonLdDate(document: Doc): string | null {
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      const stack: unknown[] = [JSON.parse(script.textContent ?? '')];
      while (stack.length > 0) {
        const node = stack.pop();
        if (Array.isArray(node)) stack.push(...node);
        else if (node !== null && typeof node === 'object') {
          const record = node as Record<string, unknown>;
          if (typeof record.datePublished === 'string') return record.datePublished;
          if (record['@graph'] !== undefined) stack.push(record['@graph']);
        }
      }
    } catch {
      // A broken JSON-LD block is common; the other sources of the date still count.
    }
  }
  return null;
}

/** The publish time the page's markup states: selectors, meta tags, JSON-LD, `<time>`, date-classed text. */
function publishedTimeInMarkup(document: Doc, options: ExtractOptions): string | null {
  const reference = options.reference;
  if (options.selectors?.publishedAt) {
    const el = document.querySelector(options.selectors.publishedAt);
    const value = el?.getAttribute('datetime') ?? el?.getAttribute('content') ?? el?.textContent ?? '';
    const parsed = parseIsoTime(value) ?? parseVietnameseDate(value, { reference, label: true });
    if (parsed) return parsed;
  }
  const isoCandidates = [
    attr(document, 'meta[property="article:published_time"]', 'content'),
    attr(document, 'meta[itemprop="datePublished"]', 'content'),
    attr(document, 'meta[name="pubdate"]', 'content'),
    attr(document, 'meta[name="publishdate"]', 'content'),
    jsonLdDate(document),
    attr(document, 'time[datetime]', 'datetime'),
  ];
  for (const value of isoCandidates) {
    const parsed = parseIsoTime(value) ?? (value ? parseVietnameseDate(value, { reference, label: true }) : null);
    if (parsed) return parsed;
  }
  for (const el of document.querySelectorAll(`time, ${DATE_CLASSES}`)) {
    const text = normalizeText(el.textContent ?? '');
    if (text.length === 0 || text.length > 80) continue;
    const parsed = parseVietnameseDate(text, { reference, label: true });
    if (parsed) return parsed;
  }
  return null;
}

/** When the markup states no time: a dateline paragraph, then the lead's "Chiều 21/3, ..." (the event's day). */
function publishedTimeInText(datelines: string[], lead: string, options: ExtractOptions): string | null {
  for (const line of datelines) {
    const parsed = parseVietnameseDate(line, { reference: options.reference, label: true });
    if (parsed) return parsed;
  }
  return parseVietnameseDate(lead.slice(0, 120), { reference: options.reference });
}

function canonicalOf(document: Doc, pageUrl: string): string {
  const declared = attr(document, 'link[rel="canonical"]', 'href');
  try {
    if (declared) return canonicalizeUrl(declared, pageUrl);
  } catch {
    // An unparsable canonical link falls back to the page URL.
  }
  return canonicalizeUrl(pageUrl);
}

function languageOf(lang: string | null, text: string): string {
  if (detectLanguage(text) === 'vi') return 'vi';
  const declared = lang?.slice(0, 2).toLowerCase();
  return declared && /^[a-z]{2}$/.test(declared) && declared !== 'vi' ? declared : 'und';
}

/** Block-level text of an element, one paragraph per line. */
function paragraphsOf(root: El): string[] {
  const blocks = root.querySelectorAll('p, li, h2, h3, h4, blockquote, pre, td');
  const items: string[] = [];
  if (blocks.length === 0) {
    for (const line of (root.textContent ?? '').split(/\n+/)) items.push(normalizeText(line));
  } else {
    for (const block of blocks) {
      // Nested blocks (a <p> inside an <li>) are read once, at the innermost level.
      if (block.querySelector('p, li, blockquote') !== null) continue;
      const text = normalizeText(block.textContent ?? '');
      // A block that is mostly link text is navigation or a list of headlines, not prose.
      const linked = [...block.querySelectorAll('a')].reduce((n, a) => n + normalizeText(a.textContent ?? '').length, 0);
      if (linked > text.length * 0.5) continue;
      items.push(text);
    }
  }
  return items.filter((p) => p.length > 0);
}

/** Vietnamese newsroom cleanup of the body's paragraphs. */
export function cleanParagraphs(paragraphs: string[]): string[] {
  const out: string[] = [];
  for (const raw of paragraphs) {
    if (MORE_BLOCK.test(raw) || CAPTION.test(raw) || SHARE_BAR.test(raw) || DATE_LINE.test(raw)) continue;
    out.push(raw.replace(TRAILING_CAPTION, ''));
  }
  // A short credit line at the end is a byline: dropped, the outlet is what we keep.
  while (out.length > 1) {
    const last = out[out.length - 1]!;
    if (last.length <= 60 && BYLINE.test(last)) out.pop();
    else break;
  }
  return out;
}

function titleOf(document: Doc, options: ExtractOptions, fallback: string | null | undefined): string {
  const chosen = options.selectors?.title ? document.querySelector(options.selectors.title)?.textContent : null;
  return normalizeText(chosen || attr(document, 'meta[property="og:title"]', 'content') || document.querySelector('h1')?.textContent || fallback || document.querySelector('title')?.textContent || '');
}

/**
 * Common article-body containers of Vietnamese CMSs and schema.org. When one holds enough
 * prose it is read directly; Readability (slower, a whole-page scoring pass) handles the rest.
 */
const BODY_CONTAINERS = '[itemprop="articleBody"], .fck_detail, .detail-content, .singular-content, .article-content, .content-detail, .news-content, .post-content, .entry-content, article';
/** The lead ("sapo"), often printed outside the body container. */
const LEAD = '.sapo, .description, [class*="sapo"], [class*="lead"]';
/** An agency tag opening the lead: "(TTANTT) - ", "TTO - ", "(Dân Việt) - ". */
const LEAD_TAG = /^(?:\([^)]{2,30}\)|\p{Lu}{2,8})\s*[-–]\s+/u;

function proseLength(paragraphs: string[]): number {
  return paragraphs.reduce((n, p) => n + p.length, 0);
}

/** Extracts a news article or official press release; null when the page has no article body. */
export function extractArticle(html: string, pageUrl: string, options: ExtractOptions = {}): ExtractedArticle | null {
  const { document } = parseHTML(html);
  // Everything read from the page as published, before the cleanup below mutates the DOM.
  const canonicalUrl = canonicalOf(document, pageUrl);
  const markupTime = publishedTimeInMarkup(document, options);
  const declaredTitle = titleOf(document, options, null);
  const declaredLang = document.documentElement?.getAttribute('lang') ?? null;
  const lead = document.querySelector(LEAD);
  const leadText = lead ? normalizeText(lead.textContent ?? '') : '';

  for (const el of document.querySelectorAll(NOISE_SELECTORS)) el.remove();
  if (options.selectors?.remove) for (const el of document.querySelectorAll(options.selectors.remove)) el.remove();
  let paragraphs: string[] | null = null;
  let readabilityTitle: string | null | undefined;
  const chosenBody = options.selectors?.body ? document.querySelector(options.selectors.body) : null;
  if (chosenBody) {
    paragraphs = paragraphsOf(chosenBody);
  } else {
    const container = document.querySelector(BODY_CONTAINERS);
    if (container) {
      const found = paragraphsOf(container).filter((p) => p !== declaredTitle);
      if (proseLength(cleanParagraphs(found)) >= MIN_BODY_CHARS) paragraphs = leadText && !found.includes(leadText) ? [leadText, ...found] : found;
    }
    if (paragraphs === null) {
      // serializer: keep Readability's element instead of serialising it to HTML and parsing it again.
      const parsed = new Readability<El>(document as unknown as Document, { charThreshold: MIN_BODY_CHARS, keepClasses: false, serializer: (node) => node as unknown as El }).parse();
      if (parsed === null || !parsed.content) return null;
      readabilityTitle = parsed.title;
      paragraphs = paragraphsOf(parsed.content).filter((p) => p !== declaredTitle);
    }
  }
  const cleaned = cleanParagraphs(paragraphs);
  if (cleaned[0] !== undefined) cleaned[0] = cleaned[0].replace(LEAD_TAG, '');
  const text = cleaned.join('\n');
  if (text.length < MIN_BODY_CHARS) return null;
  return {
    title: declaredTitle || normalizeText(readabilityTitle ?? ''),
    text,
    publishedAt: markupTime ?? publishedTimeInText(paragraphs.filter((p) => DATE_LINE.test(p)), cleaned[0] ?? '', options),
    canonicalUrl,
    language: languageOf(declaredLang, text),
  };
}

/** "1,2K", "3,5 N" (nghìn), "2 Tr" (triệu), "1.234" (Vietnamese thousands dot) → a number. */
export function parseCount(raw: string): number | null {
  const match = /^(\d+(?:[.,]\d+)*)\s*(k|n|nghìn|ngàn|tr|triệu|m)?$/iu.exec(raw.trim());
  if (!match?.[1]) return null;
  const unit = (match[2] ?? '').toLowerCase();
  let digits = match[1];
  if (unit === '') digits = digits.replace(/[.,](?=\d{3}(?:\D|$))/g, '');
  const value = Number(digits.replace(',', '.'));
  if (!Number.isFinite(value)) return null;
  const factor = unit === '' ? 1 : ['k', 'n', 'nghìn', 'ngàn'].includes(unit) ? 1_000 : 1_000_000;
  return Math.round(value * factor);
}

const COUNT = String.raw`(\d+(?:[.,]\d+)*\s*(?:k|n|nghìn|ngàn|tr|triệu|m)?)`;
const ENGAGEMENT_PATTERNS: [keyof Engagement, RegExp][] = [
  ['likes', new RegExp(`${COUNT}\\s*(?:lượt thích|lượt bày tỏ cảm xúc|cảm xúc|thích|likes?|reactions?)`, 'iu')],
  ['shares', new RegExp(`${COUNT}\\s*(?:lượt chia sẻ|chia sẻ|shares?)`, 'iu')],
  ['comments', new RegExp(`${COUNT}\\s*(?:bình luận|comments?)`, 'iu')],
];

/**
 * A public social-media post page: the post text, its time and the counts shown. Only the
 * public page's name is kept (as the source's outlet); the poster's identity is not read.
 */
export function extractSocialPost(html: string, pageUrl: string, options: ExtractOptions = {}): ExtractedPost | null {
  const { document } = parseHTML(html);
  const selectors = options.selectors?.body ?? '[data-post-text], [itemprop="text"], [itemprop="articleBody"], .post-text, .post-content, .post-message, .userContent';
  const bodies = [...document.querySelectorAll(selectors)];
  const text = cleanParagraphs(bodies.flatMap((b) => paragraphsOf(b))).join('\n') || normalizeText(attr(document, 'meta[property="og:description"]', 'content') ?? '');
  if (text.length < MIN_POST_CHARS) return null;
  const engagement: Engagement = {};
  const statsText = normalizeText([...document.querySelectorAll('[class*="count"], [class*="stat"], [class*="reaction"], [class*="engagement"], footer')].map((e) => e.textContent ?? '').join(' \n '));
  for (const [key, pattern] of ENGAGEMENT_PATTERNS) {
    const match = pattern.exec(statsText);
    const value = match?.[1] ? parseCount(match[1]) : null;
    if (value !== null) engagement[key] = value;
  }
  const firstLine = text.split('\n')[0] ?? '';
  // A post has no headline: its first line, cut at a word boundary.
  const title = firstLine.length <= 120 ? firstLine : `${firstLine.slice(0, firstLine.lastIndexOf(' ', 120))}…`;
  return {
    title: normalizeText(attr(document, 'meta[property="og:title"]', 'content') ?? title),
    text,
    publishedAt: publishedTimeInMarkup(document, options),
    canonicalUrl: canonicalOf(document, pageUrl),
    language: languageOf(document.documentElement?.getAttribute('lang') ?? null, text),
    engagement,
  };
}
