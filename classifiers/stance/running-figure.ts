/**
 * A running figure read on another day is no contradiction. Daily reports restate totals that
 * move: "Kể từ đầu dịch đến nay Việt Nam có 11.527.175 ca nhiễm" published on the 27th and
 * "… 11.527.220 ca nhiễm" on the 22nd are two days' counts of the same thing, and the stance
 * model, reading the sentences alone, calls them a number conflict. When claim and statement were
 * published on different days, state no day in common, differ only in numbers, and one of them
 * words its figure as a running one (a total so far, today's, the last 24 hours), the figures
 * belong to different days: the subject's time differs, so the stance is nei.
 *
 * Without that wording a different figure on another day stays a contradiction: "Sau 30 ngày ra
 * quân … đã xử lý 18.600 trường hợp" against a report a day later of 21.300 is the conflict a
 * press officer must see.
 */
import type { Conflict, Entity } from '../../core/contracts.js';
import { vietnamDay } from '../../core/time.js';
import { extractEntities } from '../text/entities.js';
import { fastFold } from '../text/normalize.js';
import { whenCompatible } from './subject.js';

/** Wording of a figure that moves from day to day, read on folded text (so a claim typed without diacritics reads the same). */
const RUNNING_FIGURE =
  /\b(?:tong so|den nay|tinh den|tinh tu|luy ke|trong ngay|hom nay|24 gio qua|nang tong|ke tu dau|tu dau nam|ghi nhan them|co them|hien co|hien dang|dang dieu tri)\b/u;

export function wordsRunningFigure(text: string): boolean {
  return RUNNING_FIGURE.test(fastFold(text));
}

/** The day (in Viet Nam, where the news is published) of a publish time; null for a time that is none. */
export function publishDay(iso: string): string | null {
  return Number.isNaN(Date.parse(iso)) ? null : vietnamDay(iso);
}

export interface RunningFigurePair {
  claim: string;
  /** The claim's entities, dates resolved against its publish day. */
  claimEntities: readonly Entity[];
  claimPublishedAt: string | null | undefined;
  evidence: string;
  statementPublishedAt: string | null | undefined;
  conflicts: readonly Conflict[];
}

/** Whether a contradiction is only two days' values of a running figure (see the header). */
export function anotherDaysFigure(pair: RunningFigurePair): boolean {
  if (pair.conflicts.length === 0 || !pair.conflicts.every((c) => c.kind === 'number')) return false;
  if (!pair.claimPublishedAt || !pair.statementPublishedAt) return false;
  const claimDay = publishDay(pair.claimPublishedAt);
  const statementDay = publishDay(pair.statementPublishedAt);
  if (claimDay === null || statementDay === null || claimDay === statementDay) return false;
  if (!wordsRunningFigure(pair.claim) && !wordsRunningFigure(pair.evidence)) return false;
  // A day both state ("tính đến ngày 30/6" on both sides) makes them the same day's figures.
  const claimDates = pair.claimEntities.filter((e) => e.kind === 'date').map((e) => e.value);
  if (claimDates.length === 0) return true;
  const evidenceDates = extractEntities(pair.evidence, { referenceDate: pair.statementPublishedAt })
    .filter((e) => e.kind === 'date')
    .map((e) => e.value);
  return !claimDates.some((a) => evidenceDates.some((b) => whenCompatible(a, b)));
}
