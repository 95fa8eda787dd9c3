/**
 * When a claim goes to the review queue, and why. Evidence first: a flag names what fired.
 *   (a) `contradicts-official`: an official statement contradicts what the claim asserts, or what it
 *       relays when the same document does not deny it, and the contradiction names its conflict (a
 *       number, date, place, organisation, negation or outcome that differs). A contradiction the
 *       model sees with no such span stays on the match for a press officer, but is no flag: the
 *       reviewer would have nothing to check;
 *   (b) `denied-by-official`: an official statement restated this proposition and called it false;
 *   (c) `scam-message`: the text is itself a scam or impersonation message, in a social post or a
 *       submitted message (a news report quoting one is not one);
 *   (d) `suspicious-text`: the text-only score alone, only above a threshold calibrated so that
 *       almost no real news sentence reaches it (classifiers/train/train.ts writes it; public
 *       posts have one, the news and submitted messages a stricter one).
 * A sentence that reports, warns about or denies a rumour agrees with the rebuttal: it is never
 * flagged for contradicting it.
 */
import { Flag, type Claim, type FlagReason, type Frame, type Match, type Signal } from '../../core/contracts.js';
import { loadModel } from './models.js';
import { namesConflict } from '../stance/features.js';

/** What a claim carries into the policy besides its text. */
export interface FlagInput {
  claim: Claim;
  matches: readonly Match[];
  /** The explainable text score without what contradictions added (classifiers/scoring/misinformation.ts `textScore`). */
  score: number;
}

/** Frames whose sentence is its author's own assertion, or a relay of someone else's. */
const RELAYING: ReadonlySet<Frame> = new Set(['reports', 'quotes']);

/** Text-only thresholds: for public posts, and a stricter one for the news and submitted messages. */
export interface TextOnlyThresholds {
  posts: number;
  strict: number;
}

/** The calibrated text-only thresholds, from the suspicious model's file (1 = never, when missing). */
export function textOnlyThresholds(): TextOnlyThresholds {
  const meta = loadModel('suspicious').meta;
  const read = (v: unknown): number => (Number.isFinite(Number(v)) && v !== undefined ? Number(v) : 1);
  return { posts: read(meta.textOnlyFlagThreshold), strict: read(meta.strictTextOnlyFlagThreshold) };
}

/** May a contradicting statement count against this claim, given who asserts it? */
export function contradictionCounts(claim: Pick<Claim, 'attribution'>): boolean {
  const a = claim.attribution;
  if (!a || a.frame === 'asserts') return true;
  if (RELAYING.has(a.frame)) return !a.rebuttedInDocument;
  return false; // warns, denies: the sentence is on the rebuttal's side
}

/**
 * Whether a match can flag its claim: a contradiction that names its conflict (a differing number,
 * date, place, organisation, negation or outcome) or an official denial of the claim itself.
 */
export const raisesContradictionFlag = (m: Pick<Match, 'stance' | 'basis' | 'conflicts'>): boolean =>
  m.stance === 'contradicts' && (m.basis === 'denial' || namesConflict(m.conflicts));

const clip = (text: string, max = 200): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function evidenceReasons(claim: Claim, matches: readonly Match[]): FlagReason[] {
  if (!contradictionCounts(claim)) return [];
  const relays = claim.attribution !== undefined && RELAYING.has(claim.attribution.frame);
  const who = relays
    ? ` (câu này dẫn lại${claim.attribution?.attributedTo ? ` lời ${claim.attribution.attributedTo}` : ''}, tài liệu không bác bỏ)`
    : '';
  const whoEn = relays
    ? ` (relayed${claim.attribution?.attributedTo ? ` from ${claim.attribution.attributedTo}` : ''}; the document does not deny it)`
    : '';
  return matches.filter(raisesContradictionFlag).map((m): FlagReason => {
    const conflict = m.conflicts[0];
    const denial = m.basis === 'denial';
    const kinds = [...new Set(m.conflicts.map((c) => c.kind))].join(', ');
    const reason: FlagReason = {
      kind: denial ? 'denied-by-official' : 'contradicts-official',
      description: denial
        ? `Thông báo chính thức ${m.statementId} đã bác bỏ nội dung này${who}: "${clip(m.evidence)}"`
        : `Mâu thuẫn với thông báo chính thức ${m.statementId}${kinds ? ` (${kinds})` : ''}${who}: "${clip(m.evidence)}"`,
      descriptionEn: denial
        ? `Official statement ${m.statementId} called this false${whoEn}`
        : `Contradicts official statement ${m.statementId}${kinds ? ` (${kinds})` : ''}${whoEn}`,
      statementId: m.statementId,
      url: m.url ?? null,
      evidence: m.evidence,
    };
    if (conflict) {
      reason.claimSpan = conflict.claimSpan;
      reason.evidenceSpan = conflict.evidenceSpan;
    }
    return reason;
  });
}

/** Scam messages are judged only where the message itself is the source: a post or a submitted text. */
function scamReasons(claim: Claim): FlagReason[] {
  const scam = claim.scam;
  if (!scam || claim.sourceKind === 'news' || claim.sourceKind === 'official') return [];
  const found = scam.cues.map((c) => c.vi).join('; ');
  const foundEn = scam.cues.map((c) => c.en).join('; ');
  const indicators = scam.indicators.map((e) => e.text).join(', ');
  return [
    {
      kind: 'scam-message',
      description: `Tin nhắn / bài đăng có dấu hiệu lừa đảo (điểm ${scam.score.toFixed(2)}): ${found}${indicators ? `. Dấu vết: ${indicators}` : ''}`,
      descriptionEn: `Reads as a scam or impersonation message itself (${scam.score.toFixed(2)}): ${foundEn}`,
      indicators: scam.indicators,
    },
  ];
}

/**
 * May the text alone flag this claim? Not a warning or a denial; not an official source; and in
 * the news, only what the outlet asserts itself (a report of a rumour is news, not the rumour).
 * A post or a message that relays hearsay is the rumour spreading, so there it may.
 */
export function textAloneMayFlag(claim: Pick<Claim, 'attribution' | 'sourceKind'>): boolean {
  const frame = claim.attribution?.frame ?? 'asserts';
  if (claim.sourceKind === 'official' || frame === 'warns' || frame === 'denies') return false;
  return claim.sourceKind !== 'news' || frame === 'asserts';
}

/** Every reason this claim should be reviewed; empty means no flag. */
export function flagReasons(input: FlagInput, thresholds: TextOnlyThresholds = textOnlyThresholds()): FlagReason[] {
  const reasons = [...evidenceReasons(input.claim, input.matches), ...scamReasons(input.claim)];
  // Service messages (OTP notices, transfers, promotions) share a scam's words: the detector judges them, the text alone barely.
  const threshold = input.claim.sourceKind === 'social' ? thresholds.posts : thresholds.strict;
  if (reasons.length === 0 && input.score >= threshold && textAloneMayFlag(input.claim)) {
    reasons.push({
      kind: 'suspicious-text',
      description: `Điểm nghi vấn của văn bản ${input.score.toFixed(2)} vượt ngưỡng ${threshold.toFixed(2)} (chưa có bằng chứng đối chiếu)`,
      descriptionEn: `Text-only score ${input.score.toFixed(2)} above the calibrated threshold ${threshold.toFixed(2)} (no evidence yet)`,
    });
  }
  return reasons;
}

/** A flag when the policy above finds a reason, with every reason named. */
export function flagFor(
  claim: Claim,
  matches: Match[],
  scored: { score: number; textScore?: number; signals: Signal[] },
  now = new Date(),
): Flag | null {
  // The text alone decides a text-only flag (scoring/misinformation.ts ScoreResult.textScore).
  const reasons = flagReasons({ claim, matches, score: scored.textScore ?? scored.score });
  if (reasons.length === 0) return null;
  return Flag.parse({
    // One flag per claim: a re-score overwrites it instead of adding a second one.
    id: claim.id,
    claimId: claim.id,
    documentId: claim.documentId,
    claimText: claim.text,
    url: claim.url,
    sourceId: claim.sourceId,
    sourceKind: claim.sourceKind,
    publishedAt: claim.publishedAt,
    score: scored.score,
    signals: scored.signals,
    matches,
    topics: claim.topics,
    createdAt: now.toISOString(),
    reasons,
    ...(claim.attribution ? { attribution: claim.attribution } : {}),
    ...(claim.scam?.campaign ? { campaign: claim.scam.campaign } : {}),
    ...(claim.submittedBy ? { submittedBy: claim.submittedBy } : {}),
  });
}
