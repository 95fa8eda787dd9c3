/**
 * Entities of Vietnamese news text: numbers with units, dates and times, places, organisations
 * and titles (a title only, never the person's name: claims, not people). Offsets point into
 * the NFC form of the input. Numbers follow Vietnamese separators: "." groups thousands and
 * "," marks decimals ("21.300" = 21300, "1,5 tỷ" = 1500000000).
 */
import type { Entity } from '../../core/contracts.js';
import { gazetteerKey, isCountry, loadGazetteer } from './gazetteer.js';
import { foldDiacritics } from './normalize.js';
import { isAbbreviation } from './sentences.js';
import { canonicalSyllable, loadDictionary, syllableForms, syllableTokens, type Syllable, type Token } from './tokenize.js';

export interface EntityOptions {
  /** Resolves relative dates ("năm ngoái", "hôm qua") and years left out ("21/3"). */
  referenceDate?: Date | string | null;
}

interface Candidate extends Entity {
  priority: number;
}

// ---------------------------------------------------------------- numbers
export const MULTIPLIERS: Record<string, number> = { nghìn: 3, ngàn: 3, triệu: 6, tỷ: 9, tỉ: 9 };
/** Units after a number, longest first so "đối tượng" wins over a shorter prefix. */
export const UNITS = [
  'phần trăm',
  'đối tượng',
  'trường hợp',
  'tài khoản',
  'cuộc gọi',
  'tin nhắn',
  'phương tiện',
  'nạn nhân',
  'bị hại',
  'bị can',
  'bị cáo',
  'học sinh',
  'chiến sĩ',
  'cán bộ',
  'thuê bao',
  'trang web',
  'website',
  'đồng',
  'usd',
  'lượt',
  'vụ',
  'người',
  'xe',
  'kg',
  'tấn',
  'km/h',
  'km',
  'giờ',
  'phút',
  'ngày',
  'tháng',
  'năm',
  'tuổi',
  'lần',
  'hộ',
  'ca',
  'điểm',
  'sim',
  'viên',
  'gói',
  'bánh',
  'khẩu',
  'đơn',
];
const UNIT_RE = new RegExp(`^\\s+(${UNITS.map((u) => u.replace('/', '\\/')).join('|')})(?![\\p{L}\\p{M}\\p{N}])`, 'iu');
/** What stands between the two numbers of a range: "7-10", "6 - 20", "2 đến 7", "2 tới 3" (or folded: "2 den 3"). */
export const RANGE_BETWEEN = /^\s*(?:[-–—]|đến|tới|den|toi)\s*$/iu;
const MULT_RE = /^\s+(nghìn|ngàn|triệu|tỷ|tỉ)(?![\p{L}\p{M}])/iu;
const NUMBER_RE = /(?<![\p{L}\p{M}\p{N}/.,])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+|\d+\.\d+|\d+)(?![\p{L}\p{M}\p{N}/]|[.,]\d)(\s?%)?/gu;

/** Exact decimal arithmetic on the digits, so 1,5 tỷ is "1500000000" and not 1499999999.99. */
function scaleDecimal(intPart: string, fracPart: string, exponent: number): string {
  const digits = BigInt(intPart + fracPart) * 10n ** BigInt(exponent);
  const s = digits.toString().padStart(fracPart.length + 1, '0');
  if (fracPart.length === 0) return s;
  const whole = s.slice(0, s.length - fracPart.length);
  const frac = s.slice(s.length - fracPart.length).replace(/0+$/, '');
  return frac === '' ? whole : `${whole}.${frac}`;
}

/** "21.300" → "21300", "1,5" → "1.5", "6.5" → "6.5" (a dot followed by 1–2 digits is a decimal point). */
export function parseVietnameseNumber(raw: string, exponent = 0): string {
  if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(raw)) {
    const [int, frac = ''] = raw.replace(/\./g, '').split(',');
    return scaleDecimal(int as string, frac, exponent);
  }
  const [int, frac = ''] = raw.split(/[.,]/);
  return scaleDecimal(int as string, frac, exponent);
}

function numbers(text: string): Candidate[] {
  const out: Candidate[] = [];
  if (!/\d/.test(text)) return out;
  // The digits of the last number when it had neither unit nor multiplier (the first of a range).
  let previousRaw: string | undefined;
  NUMBER_RE.lastIndex = 0;
  for (let m = NUMBER_RE.exec(text); m !== null; m = NUMBER_RE.exec(text)) {
    const raw = m[1] as string;
    let end = m.index + m[0].length;
    let exponent = 0;
    let unit: string | undefined;
    if (m[2] !== undefined) unit = '%';
    else {
      const mult = MULT_RE.exec(text.slice(end, end + 12));
      if (mult) {
        exponent = MULTIPLIERS[(mult[1] as string).toLowerCase()] ?? 0;
        end += mult[0].length;
      }
      const u = UNIT_RE.exec(text.slice(end, end + 16));
      if (u) {
        unit = (u[1] as string).toLowerCase();
        if (unit === 'phần trăm') unit = '%';
        end += u[0].length;
      }
    }
    const entity: Candidate = {
      kind: 'number',
      text: text.slice(m.index, end),
      value: parseVietnameseNumber(raw, exponent),
      start: m.index,
      end,
      priority: 1,
    };
    if (unit !== undefined) entity.unit = unit;
    const previous = out[out.length - 1];
    // The first number of a range takes the second's unit and multiplier: "7-10 năm" is 7 năm, "1-2 tỷ đồng" 1 tỷ.
    if (
      previous &&
      previousRaw !== undefined &&
      (unit !== undefined || exponent > 0) &&
      RANGE_BETWEEN.test(text.slice(previous.end, m.index))
    ) {
      previous.value = parseVietnameseNumber(previousRaw, exponent);
      if (unit !== undefined) previous.unit = unit;
    }
    previousRaw = exponent === 0 && unit === undefined ? raw : undefined;
    out.push(entity);
  }
  return out;
}

// ---------------------------------------------------------------- dates and times
const PART_OF_DAY = '(?:rạng sáng|sáng sớm|sáng|trưa|chiều|tối|đêm|khuya)';
const pad = (n: number): string => String(n).padStart(2, '0');

function referenceOf(options: EntityOptions): Date | undefined {
  const ref = options.referenceDate;
  if (ref === undefined || ref === null) return undefined;
  const d = typeof ref === 'string' ? new Date(ref) : ref;
  return Number.isNaN(d.getTime()) ? undefined : d;
}

const RELATIVE_YEAR: Record<string, number> = { 'năm ngoái': -1, 'năm trước': -1, 'năm nay': 0, 'năm tới': 1, 'năm sau': 1 };
const RELATIVE_DAY: Record<string, number> = { 'hôm kia': -2, 'hôm qua': -1, 'hôm nay': 0, 'ngày mai': 1 };

function relativeYear(offset: number, ref: Date | undefined): string {
  return ref ? String(ref.getUTCFullYear() + offset) : `rel:year${offset >= 0 ? '+' : ''}${offset}`;
}

/**
 * Cheap tests for a part every match of a date pattern holds. Most sentences hold no date,
 * and the patterns (look-behinds on \p{…} at every position) are costly to run for nothing.
 */
const GATES = {
  dmy: /\d[/\-.]\d/, // "21/3", "6.5", "22-12"
  time: /\d\s?(?:h|giờ)/iu,
  month: /tháng\s+\d/iu,
  year: /năm\s+\d/iu,
  relative: /năm|hôm|ngày/iu,
};

interface DatePattern {
  needs: keyof typeof GATES;
  re: RegExp;
  value: (m: RegExpExecArray, ref: Date | undefined) => string | undefined;
}

function dayMonth(day: number, month: number, year: number | undefined, ref: Date | undefined): string | undefined {
  if (day < 1 || day > 31 || month < 1 || month > 12) return undefined;
  if (year !== undefined) return `${year}-${pad(month)}-${pad(day)}`;
  if (!ref) return `--${pad(month)}-${pad(day)}`;
  // A date without a year is the latest such date not far after the publication.
  let y = ref.getUTCFullYear();
  if (Date.UTC(y, month - 1, day) - ref.getTime() > 45 * 86_400_000) y -= 1;
  return `${y}-${pad(month)}-${pad(day)}`;
}

function timeOf(hourRaw: string, minuteRaw: string | undefined, part: string | undefined): string | undefined {
  let hour = Number(hourRaw);
  const minute = minuteRaw === undefined ? 0 : Number(minuteRaw);
  if (hour > 24 || minute > 59) return undefined;
  if (part !== undefined && /chiều|tối|đêm/iu.test(part) && hour < 12 && hour >= 1 && !(/đêm/iu.test(part) && hour < 5)) hour += 12;
  return `T${pad(hour)}:${pad(minute)}`;
}

const TIME = `(\\d{1,2})\\s?(?:h|giờ)(?:\\s?(\\d{2})(?:\\s?phút)?)?(?:\\s+(${PART_OF_DAY.slice(3, -1)}))?`;
// "hôm nay 27-3", "sáng nay 27-3", "hôm qua 26-3": a relative day word followed by the date it names.
const DAY_WORD = '(?:hôm(?:\\s+(?:nay|qua|kia))?|nay)';
const DMY = `(\\d{1,2})[/\\-.](\\d{1,2})(?:[/\\-.](\\d{4}))?`;
const DATE_PATTERNS: DatePattern[] = [
  {
    // "8h30 sáng ngày 21/3", "20 giờ tối 21/3/2025"
    needs: 'time',
    re: new RegExp(`(?<![\\p{L}\\p{N}])${TIME},?\\s+(?:ngày\\s+|${DAY_WORD}\\s+)?${DMY}(?![\\p{N}/])`, 'giu'),
    value: (m, ref) => {
      const d = dayMonth(Number(m[4]), Number(m[5]), m[6] === undefined ? undefined : Number(m[6]), ref);
      const t = timeOf(m[1] as string, m[2], m[3]);
      return d && t ? d + t : undefined;
    },
  },
  {
    // "chiều 21/3", "ngày 22/12/2024", "sáng ngày 6.5" (dots and dashes only after a date word)
    needs: 'dmy',
    re: new RegExp(
      `(?<![\\p{L}\\p{N}])(?:(${PART_OF_DAY.slice(3, -1)})\\s+(?:${DAY_WORD}\\s+|ngày\\s+)?|(ngày|${DAY_WORD})\\s+)?${DMY}(?![\\p{N}/])`,
      'giu',
    ),
    value: (m, ref) => {
      const lead = m[1] ?? m[2];
      const separators = m[0].slice(m[0].search(/\d/));
      if (lead === undefined && !/^\d{1,2}\/\d{1,2}(\/\d{4})?$/.test(separators)) return undefined;
      return dayMonth(Number(m[3]), Number(m[4]), m[5] === undefined ? undefined : Number(m[5]), ref);
    },
  },
  {
    // "tháng 9/2024", "tháng 9 năm 2024", "tháng 9-2024"
    needs: 'month',
    re: /(?<![\p{L}\p{N}])tháng\s+(\d{1,2})(?:\s*[/-]\s*|\s+năm\s+)(\d{4})(?![\p{N}])/giu,
    value: (m) => (Number(m[1]) >= 1 && Number(m[1]) <= 12 ? `${m[2]}-${pad(Number(m[1]))}` : undefined),
  },
  {
    // "tháng 9 năm ngoái"
    needs: 'month',
    re: /(?<![\p{L}\p{N}])tháng\s+(\d{1,2})\s+(năm ngoái|năm trước|năm nay|năm tới|năm sau)(?![\p{L}\p{M}])/giu,
    value: (m, ref) => {
      const month = Number(m[1]);
      if (month < 1 || month > 12) return undefined;
      return `${relativeYear(RELATIVE_YEAR[(m[2] as string).toLowerCase()] ?? 0, ref)}-${pad(month)}`;
    },
  },
  {
    needs: 'month',
    re: /(?<![\p{L}\p{N}])tháng\s+(\d{1,2})(?![\p{N}/.,])/giu,
    value: (m) => (Number(m[1]) >= 1 && Number(m[1]) <= 12 ? `--${pad(Number(m[1]))}` : undefined),
  },
  { needs: 'year', re: /(?<![\p{L}\p{N}])năm\s+(\d{4})(?![\p{N}])/giu, value: (m) => m[1] },
  {
    needs: 'relative',
    re: /(?<![\p{L}\p{M}])(năm ngoái|năm trước|năm nay|hôm kia|hôm qua|hôm nay|ngày mai)(?![\p{L}\p{M}])/giu,
    value: (m, ref) => {
      const key = (m[1] as string).toLowerCase();
      if (key in RELATIVE_YEAR) return relativeYear(RELATIVE_YEAR[key] ?? 0, ref);
      const offset = RELATIVE_DAY[key] ?? 0;
      if (!ref) return `rel:day${offset >= 0 ? '+' : ''}${offset}`;
      return new Date(ref.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    },
  },
  {
    needs: 'time',
    re: new RegExp(`(?<![\\p{L}\\p{N}])${TIME}(?![\\p{L}\\p{N}])`, 'giu'),
    value: (m) => timeOf(m[1] as string, m[2], m[3]),
  },
];

function dates(text: string, ref: Date | undefined): Candidate[] {
  const out: Candidate[] = [];
  const passed: Partial<Record<keyof typeof GATES, boolean>> = {};
  DATE_PATTERNS.forEach((pattern, rank) => {
    const gate = (passed[pattern.needs] ??= GATES[pattern.needs].test(text));
    if (!gate) return;
    pattern.re.lastIndex = 0;
    for (let m = pattern.re.exec(text); m !== null; m = pattern.re.exec(text)) {
      const value = pattern.value(m, ref);
      if (value !== undefined)
        out.push({ kind: 'date', text: m[0], value, start: m.index, end: m.index + m[0].length, priority: 10 - rank / 10 });
    }
  });
  return out;
}

// ---------------------------------------------------------------- places, organisations, titles
/**
 * Phrases as a trie over folded syllables (keys as gazetteerKey writes them): a match walks it
 * token by token instead of building and hashing "a b c" keys.
 */
interface Phrases {
  value: string | undefined;
  next: Map<string, Phrases> | undefined;
}

/** The trie of `keys` (folded syllables joined by a space) → value. */
function trieOf(keys: Iterable<[string, string]>): Phrases {
  const root: Phrases = { value: undefined, next: undefined };
  for (const [key, value] of keys) {
    let node = root;
    for (const part of key.split(' ')) {
      node.next ??= new Map();
      let child = node.next.get(part);
      if (child === undefined) {
        child = { value: undefined, next: undefined };
        node.next.set(part, child);
      }
      node = child;
    }
    node.value = value;
  }
  return root;
}

/** Names → trie; the first name to claim a key keeps it. */
function phrases(entries: Iterable<[string, string]>): Phrases {
  const map = new Map<string, string>();
  for (const [name, value] of entries) {
    const key = gazetteerKey(name);
    if (!map.has(key)) map.set(key, value);
  }
  return trieOf(map);
}

let tables: { places: Phrases; fixedOrgs: Phrases; heads: Phrases; levels: Phrases; titles: Phrases; starters: Set<string> } | undefined;

function loadTables(): NonNullable<typeof tables> {
  if (tables) return tables;
  const g = loadGazetteer();
  const slug = (s: string): string => gazetteerKey(s).replace(/ /g, '-');
  const o = g.organizations;
  const places = trieOf(g.placeByKey);
  const fixedOrgs = phrases([...o.ministries, ...o.fixed].map((n) => [n, slug(n)]));
  const heads = phrases(o.heads.map((n) => [n, slug(n)]));
  const titles = phrases(o.titles.map((n) => [n, slug(n)]));
  // The first syllable of every place, organisation and title: any other token starts none of them.
  const starters = new Set<string>();
  for (const table of [places, fixedOrgs, heads, titles]) for (const first of table.next?.keys() ?? []) starters.add(first);
  tables = { places, fixedOrgs, heads, levels: phrases(o.levels.map((n) => [n, slug(n)])), titles, starters };
  return tables;
}

interface Tok extends Token {
  folded: string;
  upper: boolean;
}

const isUpper = (s: string): boolean => s !== s.toLowerCase();
/** What may separate two syllables of a name (an exact match on the whole gap). */
const GAP_OK = new Set([' ', '.', '-', ' - ', ' – ', '–']);
/** In organisation names also commas and "&" ("Sở VH,TT&DL"). */
const ORG_GAP_OK = new Set([' ', ',', ', ', '&', ' & ', '.', '-', ' - ']);

/** "TP. HCM", "TP. Thủ Đức": the dot of an abbreviation, then a space, joins a name and ends no sentence. */
const afterAbbreviation = (text: string, prev: Tok, next: Tok): boolean =>
  text.slice(prev.end, next.start) === '. ' && isAbbreviation(prev.text);

function gapOk(text: string, from: number, to: number, allowed: Set<string>): boolean {
  // Most gaps are one space, which every set allows: skip the slice.
  if (to - from === 1 && text.charCodeAt(from) === 32) return true;
  return allowed.has(text.slice(from, to));
}

/** Longest phrase of `table` starting at token i: [length in tokens, value]. */
function matchAt(tokens: Tok[], i: number, table: Phrases, text: string, allowed: Set<string>): [number, string] | undefined {
  let best: [number, string] | undefined;
  let node = table;
  for (let n = 1; i + n <= tokens.length; n += 1) {
    const t = tokens[i + n - 1] as Tok;
    const prev = n > 1 ? tokens[i + n - 2] : undefined;
    if (prev !== undefined && !gapOk(text, prev.end, t.start, allowed) && !afterAbbreviation(text, prev, t)) break;
    const child = node.next?.get(t.folded);
    if (child === undefined) break;
    node = child;
    if (node.value !== undefined) best = [n, node.value];
    if (node.next === undefined) break;
  }
  return best;
}

/** "Chủ tịch Hồ Chí Minh" is a person, not the city. */
function personBefore(tokens: Tok[], i: number): boolean {
  const prev = tokens
    .slice(Math.max(0, i - 2), i)
    .map((t) => t.folded)
    .join(' ');
  return /(?:^| )(?:chu tich|bac|tu tuong|lang|chu|bao tang)$/.test(prev);
}

/** Words that put a person's name after them ("ông Đức", "chị Nga"); folded, for text typed without diacritics. */
const BEFORE_A_NAME = new Set('ông bà anh chị em cô chú bác cháu cụ thầy bé vợ chồng tên sĩ'.split(' '));
const BEFORE_A_NAME_FOLDED = new Set([...BEFORE_A_NAME].map(foldDiacritics));

/** The most common family names, which open a sentence as often as a name does. */
const SURNAMES = new Set('nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly'.split(' '));

/**
 * A one-syllable country ("Nga", "Đức", "Mỹ") is also a given name or part of a Vietnamese place
 * name: after a capitalised syllable of the same sentence ("Thúy Nga", "Nguyễn Đức Chung"), a
 * word for a person ("chị Nga"), or before a capitalised syllable ("Mỹ Đình", "Mỹ Tâm").
 */
function nameNotCountry(tokens: Tok[], i: number, text: string): boolean {
  const here = tokens[i] as Tok;
  const next = tokens[i + 1];
  if (next?.upper && text.slice(here.end, next.start) === ' ') return true;
  const prev = tokens[i - 1];
  if (!prev) return false;
  const word = prev.text.toLowerCase();
  if ((word === prev.folded ? BEFORE_A_NAME_FOLDED.has(word) : BEFORE_A_NAME.has(word)) || (prev.upper && SURNAMES.has(prev.folded)))
    return true;
  if (!prev.upper || text.slice(prev.end, here.start) !== ' ') return false;
  const beforePrev = tokens[i - 2];
  // A capitalised word opening the sentence ("Tại Mỹ") is no part of a name.
  return (
    beforePrev !== undefined && (!/[.!?:;\n]/.test(text.slice(beforePrev.end, prev.start)) || afterAbbreviation(text, beforePrev, prev))
  );
}

/**
 * Before a place in text typed without capitals ("cong an tinh ha tinh", "tai tp ho chi minh"):
 * the level word or "tại" that says a place follows, folded.
 */
const PLACE_BEFORE_CASELESS = new Set(['tinh', 'pho', 'tp', 'tai']);

/**
 * A place starting at token i. In text typed without any capital letter a name of two syllables
 * or more counts too, after a level word or "tại": alone, "dien bien" is as often "diễn biến",
 * and a one-syllable country ("nga", "my", "anh") is an ordinary word.
 */
function placeAt(tokens: Tok[], i: number, text: string, caseless = false): [number, string] | undefined {
  const first = tokens[i];
  if (!first) return undefined;
  if (!first.upper) {
    const before = tokens[i - 1];
    if (!caseless || !before || !PLACE_BEFORE_CASELESS.has(before.folded)) return undefined;
    const hit = matchAt(tokens, i, loadTables().places, text, GAP_OK);
    return hit && hit[0] >= 2 ? hit : undefined;
  }
  const hit = matchAt(tokens, i, loadTables().places, text, GAP_OK);
  if (hit && hit[1] === 'ho-chi-minh' && tokens[i]?.folded === 'ho' && personBefore(tokens, i)) return undefined;
  if (hit && hit[0] === 1 && isCountry(hit[1]) && nameNotCountry(tokens, i, text)) return undefined;
  return hit;
}

function wordLengthAt(tokens: Tok[], i: number): number {
  const { words, prefixes, maxSyllables } = loadDictionary();
  let best = 1;
  let key = '';
  for (let n = 1; n <= maxSyllables && i + n <= tokens.length; n += 1) {
    const t = tokens[i + n - 1] as Tok;
    key = n === 1 ? canonicalSyllable(t.text) : `${key} ${canonicalSyllable(t.text)}`;
    if (n > 1 && words.has(key)) best = n;
    if (!prefixes.has(key)) break;
  }
  return best;
}

function spansAndNames(text: string): Candidate[] {
  const t = loadTables();
  const tokens: Tok[] = [];
  const syllables = syllableTokens(text);
  const forms = syllableForms(text);
  syllables.forEach((s, k) => {
    const code = text.charCodeAt(s.start);
    const upper = code < 128 ? code >= 65 && code <= 90 : isUpper(text[s.start] as string);
    tokens.push({ text: s.text, start: s.start, end: s.end, folded: (forms[k] as Syllable).folded, upper });
  });
  const out: Candidate[] = [];
  const entity = (kind: Entity['kind'], from: number, to: number, value: string, priority: number): void => {
    const start = (tokens[from] as Tok).start;
    const end = (tokens[to - 1] as Tok).end;
    out.push({ kind, text: text.slice(start, end), value, start, end, priority });
  };
  const caseless = !tokens.some((x) => x.upper);
  for (let i = 0; i < tokens.length; i += 1) {
    const tok = tokens[i] as Tok;
    if (!t.starters.has(tok.folded)) continue;
    const place = placeAt(tokens, i, text, caseless);
    if (place) entity('place', i, i + place[0], place[1], 5);
    const title = matchAt(tokens, i, t.titles, text, GAP_OK);
    if (title) entity('person-title', i, i + title[0], title[1], 3);
    if (!tok.upper) continue;
    const fixed = matchAt(tokens, i, t.fixedOrgs, text, ORG_GAP_OK);
    if (fixed) {
      entity('organization', i, i + fixed[0], fixed[1], 6);
      continue;
    }
    const head = matchAt(tokens, i, t.heads, text, GAP_OK);
    if (!head) continue;
    let j = i + head[0];
    const value = head[1];
    const gapBefore = (k: number, allowed: Set<string>): boolean =>
      gapOk(text, (tokens[k - 1] as Tok).end, (tokens[k] as Tok).start, allowed);
    // "Công an tỉnh Nghệ An", "Công an TP.HCM", "UBND huyện Mê Linh"
    const joined = j < tokens.length && gapBefore(j, GAP_OK);
    let placeHit = joined ? placeAt(tokens, j, text) : undefined;
    const level = joined && !placeHit ? matchAt(tokens, j, t.levels, text, GAP_OK) : undefined;
    if (level) {
      j += level[0];
      placeHit = j < tokens.length && gapBefore(j, GAP_OK) ? placeAt(tokens, j, text) : undefined;
    }
    if (placeHit) {
      entity('organization', i, j + placeHit[0], `${value}:${placeHit[1]}`, 6);
      continue;
    }
    // "Cục Cảnh sát giao thông", "Sở VH,TT&DL", "Bộ Giáo dục và Đào tạo": capitalised words, each with
    // the rest of its dictionary word, joined by "và", "," or "&", up to the next organisation or title.
    let k = j;
    while (k < tokens.length) {
      const next = tokens[k] as Tok;
      if (!gapBefore(k, ORG_GAP_OK)) break;
      if (
        next.upper &&
        k > j &&
        (matchAt(tokens, k, t.heads, text, GAP_OK) ||
          matchAt(tokens, k, t.fixedOrgs, text, ORG_GAP_OK) ||
          matchAt(tokens, k, t.titles, text, GAP_OK))
      )
        break;
      if (next.upper) k += wordLengthAt(tokens, k);
      else if (
        next.folded === 'va' &&
        k > j &&
        tokens[k + 1]?.upper &&
        gapBefore(k + 1, GAP_OK) &&
        !matchAt(tokens, k + 1, t.heads, text, GAP_OK) &&
        !matchAt(tokens, k + 1, t.titles, text, GAP_OK)
      )
        k += 1;
      else break;
    }
    if (k === j) continue;
    entity(
      'organization',
      i,
      k,
      tokens
        .slice(i, k)
        .map((x) => x.folded)
        .join('-'),
      6,
    );
    i = k - 1;
  }
  return out;
}

/** Every entity of the text, in order, without overlaps (dates win over the numbers inside them). */
export function extractEntities(text: string, options: EntityOptions = {}): Entity[] {
  const nfc = text.normalize('NFC');
  const candidates = [...dates(nfc, referenceOf(options)), ...numbers(nfc), ...spansAndNames(nfc)];
  candidates.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start) || b.priority - a.priority);
  const kept: Candidate[] = [];
  const taken: Candidate[] = [];
  // Highest priority first, then longest; a place inside an organisation name is kept (it is useful).
  for (const c of [...candidates].sort((a, b) => b.priority - a.priority || b.end - b.start - (a.end - a.start) || a.start - b.start)) {
    const clash = taken.some((k) => c.start < k.end && k.start < c.end && !(c.kind === 'place' && k.kind === 'organization'));
    if (clash) continue;
    taken.push(c);
    kept.push(c);
  }
  kept.sort((a, b) => a.start - b.start || b.end - a.end);
  return kept.map(({ priority: _p, ...e }) => e);
}
