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
}

/** An ISO string with an explicit zone (meta tags, JSON-LD, `<time datetime>`), or null. */
export function parseIsoTime(value: string | null | undefined): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return null;
  // A date-time without a zone is Vietnam local time, not the server's.
  const zoned = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(trimmed) ? `${trimmed}+07:00` : /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? `${trimmed}T00:00:00+07:00` : trimmed;
  const parsed = new Date(zoned);
  return Number.isNaN(parsed.getTime()) ? null : parsed.toISOString();
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
  const match = DMY.exec(input) ?? DOT_DM_AFTER_WORD.exec(input) ?? (options.label ? DOT_DM_LABEL.exec(input) : null);
  if (!match) return null;
  const day = Number(match[1]);
  const month = Number(match[2]);
  if (day < 1 || day > 31 || month < 1 || month > 12) return null;
  let year: number;
  if (match[3] !== undefined) {
    year = Number(match[3]);
    if (year < 100) year += 2000;
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
