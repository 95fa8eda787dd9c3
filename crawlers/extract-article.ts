/**
 * Article and social-post extraction without per-site selectors: Mozilla Readability over a
 * linkedom DOM finds the body, and Vietnamese-specific cleanup runs around it (photo captions
 * "Ảnh: ...", bylines, share bars, "Xem thêm" / "Tin liên quan" blocks). Publish time comes from
 * meta tags, JSON-LD, `<time>`, then Vietnamese date text. Optional per-source CSS selectors
 * override the guesses. Pages that are not articles give `null` and are only followed for links.
 *
 * A page whose body sits in a known container is read from htmlparser2's plain-object DOM (through
 * cheerio); linkedom, whose nodes cost several times more to build, is parsed only when
 * Readability or per-source CSS selectors are needed. Both give the same result.
 */
import { Readability } from '@mozilla/readability';
import { load } from 'cheerio';
import { parseHTML } from 'linkedom';
import { detectLanguage, fastFold, normalizeText } from '../classifiers/text/normalize.js';
import { canonicalizeUrl } from './url-guard.js';
import { parseIsoTime, parseVietnameseDate } from './vietnamese-dates.js';

export interface ExtractedArticle {
  title: string;
  text: string;
  publishedAt: string | null;
  canonicalUrl: string;
  /** "vi", another ISO 639-1 code from the page's `lang`, or "und". */
  language: string;
  /** Why each field was chosen; only when asked (`ExtractOptions.explain`). */
  explain?: ExtractionExplanation;
}

/** One place of the page a field could come from, and what it says there. */
export interface FieldCandidate {
  from: string;
  value: string;
}

export interface ExtractionExplanation {
  title: { from: string; candidates: FieldCandidate[] };
  /**
   * `low` when the time chosen has no year of its own (completed from the reference date) or
   * when another machine-readable time on the page disagrees with it by more than a day.
   */
  publishedAt: { from: string | null; candidates: FieldCandidate[]; confidence: 'high' | 'low' };
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
  /** Attach `explain`: where each field came from and what else the page offered. */
  explain?: boolean;
  /** A publish time from outside the page (the feed or sitemap that listed it): taken before any date of the page that states no year. */
  listedPublishedAt?: string;
}

const MIN_BODY_CHARS = 200;
const MIN_POST_CHARS = 20;

/** A paragraph that is a photo/video caption or a source credit, not article text. */
const CAPTION =
  /^(?:\(?\s*)(?:ảnh|ảnh minh họa|ảnh minh hoạ|ảnh chụp màn hình|nguồn ảnh|video|clip|đồ họa|đồ hoạ|infographic|biểu đồ|đồ thị|sơ đồ|nguồn)\s*[:.-]/iu;
const TRAILING_CAPTION = /\s*\((?:Ảnh|Ảnh minh họa|Ảnh minh hoạ)\s*:[^)]*\)\s*$/u;
/** "Xem thêm", "Đọc thêm", "Tin liên quan": a pointer to other articles (its link lists are dropped by link density). */
const MORE_BLOCK = /^(?:xem thêm|đọc thêm|tin liên quan|bài liên quan|có thể bạn quan tâm|tin cùng chuyên mục)\b/iu;
/** A dateline printed above the body: "Thứ sáu, 21/3/2025, 15:30 (GMT+7)", "Cập nhật ngày 6/11/2025". */
const DATE_LINE =
  /^(?:(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ nhật|cập nhật|đăng|ngày)[\s,:]*)*(?:ngày\s+)?\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}[\s,|-]*(?:\d{1,2}[:h]\d{2})?\s*(?:\(?GMT\s*\+\s*7\)?)?$/iu;
const SHARE_BAR = /^(?:chia sẻ|share|facebook|zalo|twitter|in bài|gửi bài|lưu|bình luận|\s|[|·•])+$/iu;
/** A credit line: "Nguyễn Hà", "Hải Yến - Minh Đức", "Hà Thu (tổng hợp)", "Theo TTXVN", "Nhóm PV". No profile is kept. */
const BYLINE =
  /^(?:(?:[Tt]heo|[Nn]guồn)\s+\S.{0,40}|(?:[Nn]hóm\s+)?(?:PV|PTV|CTV|[Pp]hóng viên)\b.{0,30}|[\p{Lu}\p{M}\s.,-]{3,50}|(?:\p{Lu}[\p{Ll}\p{M}]*\.?\s*){1,4}(?:\s*[-–,]\s*(?:\p{Lu}[\p{Ll}\p{M}]*\.?\s*){1,4})*)(?:\s*\((?:tổng hợp|[Tt]heo [^()]{1,30}|[^()]{1,20})\))?$/u;

type Doc = ReturnType<typeof parseHTML>['document'];
type El = NonNullable<ReturnType<Doc['querySelector']>>;

/**
 * What extraction reads of a parsed page, on linkedom or on htmlparser2's DOM. The module's fixed
 * selectors are matched by hand on `elements()` with css-select's rules for HTML (tag names lower
 * case, `rel` and `type` values case-insensitive, other values and classes case-sensitive):
 * linkedom compiles a selector, regexes included, on every query, which cost more than the parse.
 */
interface Dom<E> {
  /** The elements under `root` (default: the page) in document order, as linkedom's `querySelectorAll` walks them: a <template>'s content skipped. */
  elements(root?: E): E[];
  /** Tag name in lower case. */
  tag(el: E): string;
  /** `getAttribute`, except that `class` is the attribute's own text (what css-select matches). */
  attr(el: E, name: string): string | null;
  /** `textContent` */
  text(el: E): string;
  remove(el: E): void;
  /** `document.documentElement` */
  root(): E | null;
}

function linkedomDom(document: Doc): Dom<El> {
  const elements = (root: Doc | El): El[] => {
    const out: El[] = [];
    let node = root.firstElementChild as El | null;
    while (node !== null) {
      out.push(node);
      let next = node.localName === 'template' ? null : (node.firstElementChild as El | null);
      while (next === null && node !== null) {
        next = node.nextElementSibling as El | null;
        if (next === null) {
          const parent = node.parentNode as unknown;
          node = parent === root || parent === null ? null : (parent as El);
        }
      }
      node = next;
    }
    return out;
  };
  return {
    elements: (root) => elements(root ?? document),
    tag: (el) => el.localName.toLowerCase(),
    attr: (el, name) => (name === 'class' ? (el.getAttributeNode('class')?.value ?? null) : el.getAttribute(name)),
    text: (el) => el.textContent ?? '',
    remove: (el) => el.remove(),
    root: () => document.documentElement as El | null,
  };
}

/** A node of htmlparser2's DOM (domhandler), as far as it is read here. */
interface LightNode {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  data?: string;
  children?: LightNode[];
  parent: LightNode | null;
}

/** domhandler gives <script> and <style> their own node types; all three are elements. */
const isLightElement = (node: LightNode): boolean => node.type === 'tag' || node.type === 'script' || node.type === 'style';

/** Parsed with linkedom's own htmlparser2 options, so both DOMs hold the same elements, attributes and text. */
function lightDom(html: string): Dom<LightNode> {
  const document = load(html, {
    xml: { xmlMode: false, decodeEntities: true, lowerCaseAttributeNames: false },
  }).root()[0] as unknown as LightNode;
  const pushChildren = (stack: LightNode[], node: LightNode): void => {
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i]!);
  };
  return {
    elements: (root = document) => {
      const out: LightNode[] = [];
      const stack: LightNode[] = [];
      pushChildren(stack, root);
      while (stack.length > 0) {
        const node = stack.pop()!;
        if (!isLightElement(node)) continue;
        out.push(node);
        if (node.name !== 'template') pushChildren(stack, node);
      }
      return out;
    },
    tag: (el) => (el.name ?? '').toLowerCase(),
    attr: (el, name) => (el.attribs !== undefined && Object.hasOwn(el.attribs, name) ? el.attribs[name]! : null),
    // Text and CDATA (its text child), not comments: linkedom's textContent.
    text: (el) => {
      let out = '';
      const stack: LightNode[] = [];
      pushChildren(stack, el);
      while (stack.length > 0) {
        const node = stack.pop()!;
        if (node.type === 'text') out += node.data ?? '';
        else pushChildren(stack, node);
      }
      return out;
    },
    remove: (el) => {
      const siblings = el.parent?.children;
      const at = siblings?.indexOf(el) ?? -1;
      if (at >= 0) siblings!.splice(at, 1);
      el.parent = null;
    },
    root: () => document.children?.find(isLightElement) ?? null,
  };
}

/** `[name="value"]` for an attribute HTML compares without case (`rel`, `type`); `value` in lower case. */
function attrIs<E>(dom: Dom<E>, el: E, name: string, value: string): boolean {
  const found = dom.attr(el, name);
  return found !== null && found.length === value.length && found.toLowerCase() === value;
}
/** `[class*="part"]` */
const classHas = <E>(dom: Dom<E>, el: E, part: string): boolean => dom.attr(el, 'class')?.includes(part) ?? false;
/** `.token` */
function hasClass<E>(dom: Dom<E>, el: E, token: string): boolean {
  const value = dom.attr(el, 'class');
  return value !== null && value.length >= token.length && value.split(/\s+/).includes(token);
}
const find = <E>(elements: E[], test: (el: E) => boolean): E | null => elements.find(test) ?? null;
/** `meta[key="value"]`'s content. */
const metaContent = <E>(dom: Dom<E>, elements: E[], key: string, value: string): string | null => {
  const meta = find(elements, (el) => dom.tag(el) === 'meta' && dom.attr(el, key) === value);
  return meta === null ? null : dom.attr(meta, 'content');
};

/**
 * Boilerplate blocks removed before Readability scores the page: `script:not([type="application/ld+json"])`,
 * the tags below, `.caption, .Image, .image-caption, .PhotoCMS_Caption, .expNoEdit`, and `[class*=…]`, `[id*=…]`.
 */
const NOISE_TAGS = new Set(['style', 'noscript', 'iframe', 'form', 'nav', 'header', 'footer', 'aside', 'figcaption']);
const NOISE_CLASSES = ['caption', 'Image', 'image-caption', 'PhotoCMS_Caption', 'expNoEdit'];
const NOISE_CLASS_PARTS = [
  'share',
  'social',
  'related',
  'relate-',
  'xem-them',
  'tin-lien-quan',
  'tinlienquan',
  'breadcrumb',
  'comment',
  'tags',
  'author',
  'byline',
  'caption',
];
const NOISE_ID_PARTS = ['share', 'related', 'comment'];

function isNoise<E>(dom: Dom<E>, el: E): boolean {
  const tag = dom.tag(el);
  if ((tag === 'script' && !attrIs(dom, el, 'type', 'application/ld+json')) || NOISE_TAGS.has(tag)) return true;
  const classes = dom.attr(el, 'class');
  if (classes !== null && (NOISE_CLASS_PARTS.some((part) => classes.includes(part)) || NOISE_CLASSES.some((c) => hasClass(dom, el, c))))
    return true;
  const id = dom.attr(el, 'id');
  return id !== null && NOISE_ID_PARTS.some((part) => id.includes(part));
}

/** JSON-LD `datePublished`, searched through arrays and `@graph`. */
/** The page's JSON-LD blocks, parsed; a broken block (common) is skipped, the others still count. */
function* jsonLdBlocks<E>(dom: Dom<E>, elements: E[]): Generator<unknown> {
  for (const script of elements.filter((el) => dom.tag(el) === 'script' && attrIs(dom, el, 'type', 'application/ld+json'))) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(dom.text(script));
    } catch {
      continue;
    }
    yield parsed;
  }
}

function jsonLdDate<E>(dom: Dom<E>, elements: E[]): string | null {
  for (const block of jsonLdBlocks(dom, elements)) {
    const stack: unknown[] = [block];
    while (stack.length > 0) {
      const node = stack.pop();
      if (Array.isArray(node)) stack.push(...node);
      else if (node !== null && typeof node === 'object') {
        const record = node as Record<string, unknown>;
        if (typeof record.datePublished === 'string') return record.datePublished;
        if (record['@graph'] !== undefined) stack.push(record['@graph']);
      }
    }
  }
  return null;
}

/** A parsed page: its DOM and, on linkedom only, per-source CSS selectors and Readability. */
interface Page<E> {
  dom: Dom<E>;
  select?: { one: (selector: string) => E | null; all: (selector: string) => E[] };
  readability?: () => { title: string | null | undefined; content: E } | null;
}

function linkedomPage(html: string): Required<Page<El>> {
  const { document } = parseHTML(html);
  return {
    dom: linkedomDom(document),
    select: { one: (selector) => document.querySelector(selector), all: (selector) => [...document.querySelectorAll(selector)] },
    readability: () => {
      // serializer: keep Readability's element instead of serialising it to HTML and parsing it again.
      // Text that is not HTML (JSON, plain text) parses to a document Readability refuses: no article.
      if (document.documentElement === null || document.body === null) return null;
      const parsed = new Readability<El>(document as unknown as Document, {
        charThreshold: MIN_BODY_CHARS,
        keepClasses: false,
        serializer: (node) => node as unknown as El,
      }).parse();
      return parsed === null || !parsed.content ? null : { title: parsed.title, content: parsed.content };
    },
  };
}

/** `time, [class*="date"], [class*="time"], [class*="publish"], [itemprop="datePublished"]` */
const isDateElement = <E>(dom: Dom<E>, el: E): boolean =>
  dom.tag(el) === 'time' ||
  classHas(dom, el, 'date') ||
  classHas(dom, el, 'time') ||
  classHas(dom, el, 'publish') ||
  dom.attr(el, 'itemprop') === 'datePublished';

/** A time found in the page: where, the text there, and the instant read from it (with whether it states its year). */
interface TimeFound extends FieldCandidate {
  at: string;
  dated: boolean;
}

/**
 * The publish times the page's markup states, most trusted first: selectors, meta tags, JSON-LD,
 * `<time datetime>`, then date-classed text, where a date stating its year comes before one that
 * does not ("03-07" in a sidebar never beats the article's "07/03/2026"). Lazy: the caller takes
 * the first unless it wants them all (`--explain`).
 */
function* markupTimes<E>(page: Page<E>, elements: E[], options: ExtractOptions): Generator<TimeFound> {
  const { dom } = page;
  const reference = options.reference;
  const read = (from: string, value: string | null | undefined): TimeFound | null => {
    if (!value) return null;
    const iso = parseIsoTime(value);
    if (iso) return { from, value, at: iso, dated: true };
    const yearly = parseVietnameseDate(value, { reference, label: true, requireYear: true });
    if (yearly) return { from, value, at: yearly, dated: true };
    const partial = parseVietnameseDate(value, { reference, label: true });
    return partial ? { from, value, at: partial, dated: false } : null;
  };
  if (options.selectors?.publishedAt && page.select) {
    const el = page.select.one(options.selectors.publishedAt);
    const found = el === null ? null : read('selector', dom.attr(el, 'datetime') ?? dom.attr(el, 'content') ?? dom.text(el));
    if (found) yield found;
  }
  const machine: [string, () => string | null][] = [
    ['meta article:published_time', () => metaContent(dom, elements, 'property', 'article:published_time')],
    ['meta itemprop=datePublished', () => metaContent(dom, elements, 'itemprop', 'datePublished')],
    ['meta pubdate', () => metaContent(dom, elements, 'name', 'pubdate')],
    ['meta publishdate', () => metaContent(dom, elements, 'name', 'publishdate')],
    ['JSON-LD datePublished', () => jsonLdDate(dom, elements)],
    [
      'time[datetime]',
      () => {
        const time = find(elements, (el) => dom.tag(el) === 'time' && dom.attr(el, 'datetime') !== null);
        return time === null ? null : dom.attr(time, 'datetime');
      },
    ],
  ];
  for (const [from, value] of machine) {
    const found = read(from, value());
    if (found) yield found;
  }
  const undated: TimeFound[] = [];
  for (const el of elements.filter((e) => isDateElement(dom, e))) {
    const text = normalizeText(dom.text(el));
    if (text.length === 0 || text.length > 80) continue;
    const found = read('date-classed text', text);
    if (found?.dated) yield found;
    else if (found) undated.push(found);
  }
  yield* undated;
}

/** The publish time the page's markup states, or null. */
function publishedTimeInMarkup<E>(page: Page<E>, elements: E[], options: ExtractOptions): TimeFound | null {
  for (const found of markupTimes(page, elements, options)) return found;
  return null;
}

/** When the markup states no time: a dateline paragraph (one with a year first), then the lead's "Chiều 21/3, ..." (the event's day). */
function publishedTimeInText(datelines: string[], lead: string, options: ExtractOptions): TimeFound | null {
  const reference = options.reference;
  for (const requireYear of [true, false]) {
    for (const line of datelines) {
      const at = parseVietnameseDate(line, { reference, label: true, requireYear });
      if (at) return { from: 'dateline', value: line, at, dated: requireYear };
    }
  }
  const value = lead.slice(0, 120);
  const at = parseVietnameseDate(value, { reference });
  return at ? { from: 'lead', value, at, dated: parseVietnameseDate(value, { reference, requireYear: true }) !== null } : null;
}

function canonicalOf<E>(dom: Dom<E>, elements: E[], pageUrl: string): string {
  const link = find(elements, (el) => dom.tag(el) === 'link' && attrIs(dom, el, 'rel', 'canonical'));
  const declared = link === null ? null : dom.attr(link, 'href');
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

const BLOCK_TAGS = new Set(['p', 'li', 'h2', 'h3', 'h4', 'blockquote', 'pre', 'td']);
const NESTING_TAGS = new Set(['p', 'li', 'blockquote']);

/** Block-level text of an element (`p, li, h2, h3, h4, blockquote, pre, td`), one paragraph per line. */
function paragraphsOf<E>(dom: Dom<E>, root: E): string[] {
  const blocks = dom.elements(root).filter((el) => BLOCK_TAGS.has(dom.tag(el)));
  const items: string[] = [];
  if (blocks.length === 0) {
    for (const line of dom.text(root).split(/\n+/)) items.push(normalizeText(line));
  } else {
    for (const block of blocks) {
      const inner = dom.elements(block);
      // Nested blocks (a <p> inside an <li>) are read once, at the innermost level.
      if (inner.some((el) => NESTING_TAGS.has(dom.tag(el)))) continue;
      const text = normalizeText(dom.text(block));
      // A block that is mostly link text is navigation or a list of headlines, not prose.
      const linked = inner.filter((el) => dom.tag(el) === 'a').reduce((n, a) => n + normalizeText(dom.text(a)).length, 0);
      if (linked > text.length * 0.5) continue;
      items.push(text);
    }
  }
  return items.filter((p) => p.length > 0);
}

/** The paragraph-by-paragraph part of `cleanParagraphs`: boilerplate lines dropped, trailing captions cut. */
function filterParagraphs(paragraphs: string[]): string[] {
  const out: string[] = [];
  for (const raw of paragraphs) {
    if (MORE_BLOCK.test(raw) || CAPTION.test(raw) || SHARE_BAR.test(raw) || DATE_LINE.test(raw)) continue;
    // TRAILING_CAPTION ends in ")" and spaces; most paragraphs do not, and an unanchored search is costly.
    out.push(raw.trimEnd().endsWith(')') ? raw.replace(TRAILING_CAPTION, '') : raw);
  }
  return out;
}

/** A short credit line at the end is a byline: dropped, the outlet is what we keep. Returns a new array. */
function dropBylines(paragraphs: string[]): string[] {
  const out = [...paragraphs];
  while (out.length > 1) {
    const last = out[out.length - 1]!;
    if (last.length <= 60 && BYLINE.test(last)) out.pop();
    else break;
  }
  return out;
}

/** Vietnamese newsroom cleanup of the body's paragraphs. */
export function cleanParagraphs(paragraphs: string[]): string[] {
  return dropBylines(filterParagraphs(paragraphs));
}

/** Share of the shorter text's syllables (folded) the other holds: "the same headline, reworded". */
function headlineOverlap(a: string, b: string): number {
  const syllables = (t: string): string[] =>
    fastFold(t)
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
  const [x, y] = [syllables(a), syllables(b)];
  const [short, long] = x.length <= y.length ? [x, new Set(y)] : [y, new Set(x)];
  return short.length === 0 ? 0 : short.filter((w) => long.has(w)).length / short.length;
}

/**
 * The headline: a per-source selector, else the visible `<h1>` when it is the same headline as
 * `og:title` / `<title>` reworded (editors often shorten or reorder the social title; readers see
 * the `<h1>`), else `og:title` (an `<h1>` holding only the site's logo is not the headline), else
 * the `<h1>`, else `<title>`.
 */
function titleOf<E>(page: Page<E>, elements: E[], options: ExtractOptions): { value: string; from: string; candidates: FieldCandidate[] } {
  const { dom } = page;
  const candidates: FieldCandidate[] = [];
  const add = (from: string, raw: string | null | undefined): void => {
    const value = raw ? normalizeText(raw) : '';
    if (value !== '') candidates.push({ from, value });
  };
  const chosenEl = options.selectors?.title && page.select ? page.select.one(options.selectors.title) : null;
  if (chosenEl !== null) add('selector', dom.text(chosenEl));
  const headings = elements.filter((el) => dom.tag(el) === 'h1');
  for (const h1 of headings) add('h1', dom.text(h1));
  add('og:title', metaContent(dom, elements, 'property', 'og:title'));
  const title = find(elements, (el) => dom.tag(el) === 'title');
  add('title', title && dom.text(title));
  const of = (from: string): FieldCandidate[] => candidates.filter((c) => c.from === from);
  const declared = [...of('og:title'), ...of('title')];
  const pick =
    of('selector')[0] ??
    of('h1').find((h) => declared.some((d) => headlineOverlap(h.value, d.value) >= 0.6)) ??
    of('og:title')[0] ??
    of('h1')[0] ??
    of('title')[0];
  return { value: pick?.value ?? '', from: pick?.from ?? 'none', candidates };
}

/**
 * Common article-body containers of Vietnamese CMSs and schema.org. When one holds enough
 * prose it is read directly; Readability (slower, a whole-page scoring pass) handles the rest.
 */
const BODY_CLASSES = [
  'fck_detail',
  'detail-content',
  'singular-content',
  'article-content',
  'content-detail',
  'news-content',
  'post-content',
  'entry-content',
];
/** `[itemprop="articleBody"], .fck_detail, …, .entry-content, article` */
const isBodyContainer = <E>(dom: Dom<E>, el: E): boolean =>
  dom.attr(el, 'itemprop') === 'articleBody' || BODY_CLASSES.some((c) => hasClass(dom, el, c)) || dom.tag(el) === 'article';
/** The lead ("sapo"), often printed outside the body container: `.sapo, .description, [class*="sapo"], [class*="lead"]`. */
const isLead = <E>(dom: Dom<E>, el: E): boolean =>
  classHas(dom, el, 'sapo') || hasClass(dom, el, 'description') || classHas(dom, el, 'lead');
/** An agency tag opening the lead: "(TTANTT) - ", "TTO - ", "(Dân Việt) - ". */
const LEAD_TAG = /^(?:\([^)]{2,30}\)|\p{Lu}{2,8})\s*[-–]\s+/u;

function proseLength(paragraphs: string[]): number {
  return paragraphs.reduce((n, p) => n + p.length, 0);
}

/** Returned by `articleFrom` on a page without Readability when only Readability can find the body. */
const NEEDS_READABILITY = Symbol('needs Readability');

function articleFrom<E>(page: Page<E>, pageUrl: string, options: ExtractOptions): ExtractedArticle | null | typeof NEEDS_READABILITY {
  const { dom } = page;
  const elements = dom.elements();
  // Everything read from the page as published, before the cleanup below mutates the DOM.
  const canonicalUrl = canonicalOf(dom, elements, pageUrl);
  const markupTime = publishedTimeInMarkup(page, elements, options);
  const titleChoice = titleOf(page, elements, options);
  const declaredTitle = titleChoice.value;
  const explainTimes = options.explain ? [...markupTimes(page, elements, options)] : [];
  const root = dom.root();
  const declaredLang = root === null ? null : dom.attr(root, 'lang');
  const lead = find(elements, (el) => isLead(dom, el));
  const leadText = lead ? normalizeText(dom.text(lead)) : '';

  for (const el of elements.filter((e) => isNoise(dom, e))) dom.remove(el);
  if (options.selectors?.remove && page.select) for (const el of page.select.all(options.selectors.remove)) dom.remove(el);
  let paragraphs: string[] | null = null;
  /** `filterParagraphs(paragraphs)` when already known (it is per paragraph, so parts can be joined). */
  let filtered: string[] | null = null;
  let readabilityTitle: string | null | undefined;
  const chosenBody = options.selectors?.body && page.select ? page.select.one(options.selectors.body) : null;
  if (chosenBody) {
    paragraphs = paragraphsOf(dom, chosenBody);
  } else {
    const container = find(dom.elements(), (el) => isBodyContainer(dom, el));
    if (container) {
      const found = paragraphsOf(dom, container).filter((p) => p !== declaredTitle);
      const foundFiltered = filterParagraphs(found);
      if (proseLength(dropBylines(foundFiltered)) >= MIN_BODY_CHARS) {
        const withLead = leadText !== '' && !found.includes(leadText);
        paragraphs = withLead ? [leadText, ...found] : found;
        filtered = withLead ? [...filterParagraphs([leadText]), ...foundFiltered] : foundFiltered;
      }
    }
    if (paragraphs === null) {
      if (!page.readability) return NEEDS_READABILITY;
      const parsed = page.readability();
      if (parsed === null) return null;
      readabilityTitle = parsed.title;
      paragraphs = paragraphsOf(dom, parsed.content).filter((p) => p !== declaredTitle);
    }
  }
  const cleaned = dropBylines(filtered ?? filterParagraphs(paragraphs));
  if (cleaned[0] !== undefined) cleaned[0] = cleaned[0].replace(LEAD_TAG, '');
  const text = cleaned.join('\n');
  if (text.length < MIN_BODY_CHARS) return null;
  // A stated year first (markup, then a dateline), then the listing feed's time, then a date completed from the reference.
  const inText = markupTime?.dated
    ? null
    : publishedTimeInText(
        paragraphs.filter((p) => DATE_LINE.test(p)),
        cleaned[0] ?? '',
        options,
      );
  const listed: TimeFound | null = options.listedPublishedAt
    ? { from: 'feed', value: options.listedPublishedAt, at: options.listedPublishedAt, dated: true }
    : null;
  const time = markupTime?.dated ? markupTime : inText?.dated && inText.from === 'dateline' ? inText : (listed ?? markupTime ?? inText);
  const article: ExtractedArticle = {
    title: declaredTitle || normalizeText(readabilityTitle ?? ''),
    text,
    publishedAt: time?.at ?? null,
    canonicalUrl,
    language: languageOf(declaredLang, text),
  };
  if (options.explain) article.explain = explanation(titleChoice, declaredTitle ? null : readabilityTitle, time, explainTimes);
  return article;
}

function explanation(
  title: ReturnType<typeof titleOf>,
  readabilityTitle: string | null | undefined,
  time: TimeFound | null,
  times: TimeFound[],
): ExtractionExplanation {
  const day = 86_400_000;
  const disagree =
    time !== null && times.some((t) => t.dated && t.from !== 'date-classed text' && Math.abs(Date.parse(t.at) - Date.parse(time.at)) > day);
  return {
    title: { from: readabilityTitle ? 'readability' : title.from, candidates: title.candidates },
    publishedAt: {
      from: time?.from ?? null,
      candidates: (time === null || times.some((t) => t.from === time.from && t.value === time.value) ? times : [...times, time]).map(
        ({ from, value }) => ({ from, value }),
      ),
      confidence: time === null || !time.dated || disagree ? 'low' : 'high',
    },
  };
}

/** Extracts a news article or official press release; null when the page has no article body. */
export function extractArticle(html: string, pageUrl: string, options: ExtractOptions = {}): ExtractedArticle | null {
  const selectors = options.selectors;
  if (!(selectors?.title || selectors?.body || selectors?.publishedAt || selectors?.remove)) {
    const light = articleFrom({ dom: lightDom(html) }, pageUrl, options);
    if (light !== NEEDS_READABILITY) return light;
  }
  const full = articleFrom(linkedomPage(html), pageUrl, options);
  return full === NEEDS_READABILITY ? null : full;
}

/** A post has no headline: its first line, cut at a word boundary after 120 characters. */
export function postTitle(text: string): string {
  const firstLine = text.split('\n')[0] ?? '';
  return firstLine.length <= 120 ? firstLine : `${firstLine.slice(0, firstLine.lastIndexOf(' ', 120))}…`;
}

/** The outlet's name as the page gives it: `og:site_name`, else the JSON-LD publisher's name. */
export function siteNameOf(html: string): string | null {
  const dom = lightDom(html);
  const elements = dom.elements();
  const meta = metaContent(dom, elements, 'property', 'og:site_name');
  if (meta && normalizeText(meta) !== '') return normalizeText(meta);
  for (const block of jsonLdBlocks(dom, elements)) {
    const publisher = (block as { publisher?: { name?: unknown } } | null)?.publisher;
    if (typeof publisher?.name === 'string' && publisher.name.trim() !== '') return normalizeText(publisher.name);
  }
  return null;
}

/** The `href`s of a page's `a[href]` links, in document order. */
export function linksOf(html: string): string[] {
  const dom = lightDom(html);
  return dom
    .elements()
    .filter((el) => dom.tag(el) === 'a')
    .map((a) => dom.attr(a, 'href'))
    .filter((href): href is string => href !== null);
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
  const page = linkedomPage(html);
  const { dom } = page;
  const selectAll = page.select.all;
  const elements = dom.elements();
  const selectors =
    options.selectors?.body ??
    '[data-post-text], [itemprop="text"], [itemprop="articleBody"], .post-text, .post-content, .post-message, .userContent';
  const bodies = selectAll(selectors);
  const text =
    cleanParagraphs(bodies.flatMap((b) => paragraphsOf(dom, b))).join('\n') ||
    normalizeText(metaContent(dom, elements, 'property', 'og:description') ?? '');
  if (text.length < MIN_POST_CHARS) return null;
  const engagement: Engagement = {};
  const statsText = normalizeText(
    selectAll('[class*="count"], [class*="stat"], [class*="reaction"], [class*="engagement"], footer')
      .map((e) => dom.text(e))
      .join(' \n '),
  );
  for (const [key, pattern] of ENGAGEMENT_PATTERNS) {
    const match = pattern.exec(statsText);
    const value = match?.[1] ? parseCount(match[1]) : null;
    if (value !== null) engagement[key] = value;
  }
  const root = dom.root();
  const title = postTitle(text);
  return {
    title: normalizeText(metaContent(dom, elements, 'property', 'og:title') ?? title),
    text,
    publishedAt: publishedTimeInMarkup(page, elements, options)?.at ?? null,
    canonicalUrl: canonicalOf(dom, elements, pageUrl),
    language: languageOf(root === null ? null : dom.attr(root, 'lang'), text),
    engagement,
  };
}
