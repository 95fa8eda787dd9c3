/**
 * Publish times as Vietnamese outlets print them: "Chiều 21/3", "ngày 6/11/2025",
 * "13/01/2025 08:30", "Thứ sáu, 21/3/2025, 15:30 (GMT+7)", "6.5". Text without a zone is
 * Vietnam time (Asia/Ho_Chi_Minh is UTC+7 all year, no daylight saving), and the result is
 * the instant as an ISO string in UTC, like every other time in the contracts.
 */

const VN_OFFSET_MS = 7 * 3_600_000;

export interface DateParseOptions {
  /** Fills in a missing year: the latest such date not after this instant (plus a day of slack). */
  reference?: Date;
  /** Accept "6.5" (day.month with a dot) on its own; only safe for a date label, not for prose. */
  label?: boolean;
  /** Only a date that states its year ("21/3/2025"), never one completed from `reference`. */
  requireYear?: boolean;
}

/**
 * Entities and marks real pages leave in machine-readable times: "&#x2B;07:00" in JSON-LD (a
 * script's text is not entity-decoded), a stray byte-order mark, non-breaking spaces.
 */
function cleanTime(value: string): string {
  return value
    .replace(/&#x0*2b;|&#0*43;|&plus;/giu, '+')
    .replace(/[\ufeff\u200b]/gu, '')
    .replace(/\u00a0/gu, ' ')
    .trim();
}

/**
 * ISO 8601 as pages write it: "T" or a space between date and time, optional seconds and
 * fraction, and a zone ("Z", "+07:00", "+0700") right after the time or after a space
 * ("2026-03-07T08:52:11.000 +07:00"). A date-time without a zone is Vietnam local time.
 */
const ISO_LIKE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/iu;

/** An ISO string (meta tags, JSON-LD, `<time datetime>`), or null. */
export function parseIsoTime(value: string | null | undefined): string | null {
  if (!value) return null;
  const m = ISO_LIKE.exec(cleanTime(value));
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', sec = '00', frac = '', zone] = m;
  const offset =
    zone === undefined ? '+07:00' : zone.toUpperCase() === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const parsed = new Date(`${y}-${mo}-${d}T${h}:${mi}:${sec}${frac ? `.${frac.slice(0, 3).padEnd(3, '0')}` : ''}${offset}`);
  if (Number.isNaN(parsed.getTime())) return null;
  // new Date() rolls 2026-02-31 over to March: a date that does not exist is not a date.
  const local = new Date(parsed.getTime() + VN_OFFSET_MS);
  if (zone === undefined && (local.getUTCDate() !== Number(d) || local.getUTCMonth() + 1 !== Number(mo))) return null;
  return parsed.toISOString();
}

/** Whether a value is written as an ISO date ("2026-03-07…"): it is never to be read as day/month text. */
export function looksIso(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}/.test(cleanTime(value));
}

const RFC822 = /^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[+-]\d{4}|GMT|UT|UTC|Z|[A-Z]{3})?$/u;

/**
 * A feed's time: RSS's RFC 822 ("Sun, 12 Jul 2026 07:14:25 +0700"), Atom's ISO 8601, or the
 * Vietnamese forms some CMSs put in pubDate ("13/07/2026 07:14"); as a UTC ISO string, or null.
 */
export function parseFeedTime(value: string | null | undefined, reference?: Date): string | null {
  if (!value) return null;
  const v = cleanTime(value);
  const iso = parseIsoTime(v);
  if (iso) return iso;
  if (RFC822.test(v)) {
    const parsed = new Date(v);
    return Number.isNaN(parsed.getTime()) ? null : parsed.toISOString();
  }
  return looksIso(v) ? null : parseVietnameseDate(v, { reference, label: true, requireYear: true });
}

// Day/month[/year], with "/" or "-"; a dot only in the forms guarded below.
const DMY = /(?<!\d)(\d{1,2})[/-](\d{1,2})(?:[/-](\d{4}|\d{2}))?(?![\d/])/u;
const DOT_DM_AFTER_WORD = /(?:ngày|sáng|trưa|chiều|tối|đêm|rạng sáng)\s+(\d{1,2})\.(\d{1,2})(?:\.(\d{4}))?(?![\d.])/iu;
const DOT_DM_LABEL = /^\s*(\d{1,2})\.(\d{1,2})(?:\.(\d{4}))?\s*$/u;
const TIME = /(?<!\d)(\d{1,2})\s*(?::|h|giờ)\s*(\d{2})(?!\d)/iu;

/**
 * Parses Vietnamese date text. Returns null when there is no plausible date in it.
 * A date without a time of day is midnight Vietnam time.
 */
export function parseVietnameseDate(text: string, options: DateParseOptions = {}): string | null {
  const input = text.normalize('NFC');
  // "2026-03-07…" is year-month-day: reading "03-07" out of it as 3 July is the classic error.
  if (looksIso(input)) return parseIsoTime(input);
  const match = DMY.exec(input) ?? DOT_DM_AFTER_WORD.exec(input) ?? (options.label ? DOT_DM_LABEL.exec(input) : null);
  if (!match) return null;
  const day = Number(match[1]);
  const month = Number(match[2]);
  if (day < 1 || day > 31 || month < 1 || month > 12) return null;
  let year: number;
  if (match[3] !== undefined) {
    year = Number(match[3]);
    if (year < 100) year += 2000;
  } else if (options.requireYear) {
    return null;
  } else {
    const reference = options.reference ?? new Date();
    const local = new Date(reference.getTime() + VN_OFFSET_MS);
    year = local.getUTCFullYear();
    // "21/3" read in January is last year's 21 March.
    if (Date.UTC(year, month - 1, day) - VN_OFFSET_MS > reference.getTime() + 86_400_000) year -= 1;
  }
  // The time of day may come before or after the date ("08:30 13/01/2025", "13/01/2025 08:30").
  const rest = input.slice(0, match.index) + ' ' + input.slice(match.index + match[0].length);
  const time = TIME.exec(rest);
  let hours = 0;
  let minutes = 0;
  if (time) {
    hours = Number(time[1]);
    minutes = Number(time[2]);
    if (hours > 23 || minutes > 59) return null;
  }
  const instant = Date.UTC(year, month - 1, day, hours, minutes) - VN_OFFSET_MS;
  const check = new Date(instant + VN_OFFSET_MS);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null; // 31/2 and the like
  return new Date(instant).toISOString();
}
