/**
 * Stance of an official passage towards a claim: align the sentences that answer the claim,
 * compute the explainable features, let the trained model decide, and return the conflicting
 * spans (numbers, dates, places, negation, outcomes) so the UI can show them side by side.
 */
import type { Conflict, Stance } from '../../core/contracts.js';
import {
  alignPrepared,
  analyseClaim,
  analysePassage,
  analysePreparedPair,
  needsCloserSubject,
  type ClaimAnalysis,
  type EvidenceAnalysis,
  type FeatureVector,
  type PassageAnalysis,
} from './features.js';
import { loadStanceModel, predictProbabilities, predictStance, type StanceModel } from './model.js';
import { gateLets } from './two-step.js';
import { sharesSubject } from './subject.js';
import { fastFold } from '../text/normalize.js';

export interface StanceResult {
  stance: Stance;
  /** Model probabilities per stance, for reviewers and for score calibration. */
  probabilities: Record<Stance, number>;
  /** The sentences of the passage that best answer the claim. */
  evidence: string;
  /** Spans in the claim and in `evidence`; listed only when the stance is `contradicts`. */
  conflicts: Conflict[];
  features: FeatureVector;
  /** `denial`: the passage restates the claim and calls it false; `model`: the stance model decided. */
  basis: 'model' | 'denial';
  /**
   * Whether the evidence is about the claim's subject (subject.ts), asked only of a stance other
   * than nei: `gatedStance` reports nei without it, whatever the model or a denial says.
   */
  sharesSubject: boolean;
}

export function detectStance(
  claim: string,
  passage: string,
  model: StanceModel = loadStanceModel(),
  passageQuantities?: ReadonlySet<string>,
): StanceResult {
  return detectStancePrepared(analyseClaim(claim), analysePassage(passage, passageQuantities), model);
}

/**
 * The same on analyses prepared once: the matcher analyses each claim once and each passage
 * once (it keeps passages it has seen), so a pair costs only the set intersections.
 */
export function detectStancePrepared(claim: ClaimAnalysis, passage: PassageAnalysis, model: StanceModel = loadStanceModel()): StanceResult {
  const { evidence } = alignPrepared(claim, passage);
  const pair = analysePreparedPair(claim, evidence, passage);
  const { features, conflicts } = pair;
  const probabilities = predictProbabilities(model, features, () => pair.sparse);
  const shared = (): boolean => sharesSubject(model.twoStep?.subjectGate, pair.subject);
  const denied = reportedThenDenied(claim, passage, evidence);
  if (denied)
    return {
      stance: 'contradicts',
      probabilities,
      evidence: denied.evidence,
      conflicts: [denied.conflict],
      features,
      basis: 'denial',
      sharesSubject: shared(),
    };
  const stance = predictStance(model, features, probabilities);
  // A contradiction that names no conflict, or only a negation, or whose subject points back to its article, needs a closer subject.
  const closerSubject = stance === 'contradicts' && needsCloserSubject(conflicts, pair.subject.anaphoric);
  return {
    stance,
    probabilities,
    evidence: evidence.text,
    conflicts: stance === 'contradicts' ? conflicts : [],
    features,
    basis: 'model',
    sharesSubject: gateLets(model.twoStep?.subjectGate, stance, { subject: pair.subject, closerSubject }),
  };
}

/**
 * A rebuttal restates the rumour before it denies it ("trên mạng xã hội lan truyền tin nhắn cho
 * rằng … Bộ Công an khẳng định đây là thông tin sai sự thật"). The sentence closest to the claim
 * is then the restatement, which the model would read as agreement. When the aligned sentence
 * reports something as circulating and it, or one of the next two sentences, calls it false,
 * the passage contradicts the claim: the evidence runs from the report to the denial, and the
 * denial is the conflicting span.
 */
const REPORTED =
  /lan truyền|rộ (?:lên )?(?:tin|thông tin)|tin đồn|xuất hiện (?:các |nhiều )?(?:thông tin|tin nhắn|bài viết|clip|video)|(?:thông tin|tin nhắn|bài viết) cho rằng|đăng tải (?:thông tin|bài viết)/iu;
const DENIAL =
  /(?:thông tin |tin )?(?:sai sự thật|không đúng sự thật|sai lệch)|(?:thông tin|tin) (?:sai|giả)|bác bỏ|phản bác|không chính xác|hoàn toàn sai|không có cơ sở|xuyên tạc|bịa đặt/iu;

/** The denial read on folded text, for a claim that reports a denial itself, with or without diacritics. */
const DENIAL_FOLDED = new RegExp(fastFold(DENIAL.source), 'u');

/** Whether the claim itself reports a denial, read once per claim: the matcher meets each claim with many passages. */
const denialReported = new WeakMap<ClaimAnalysis, boolean>();
function reportsDenial(claim: ClaimAnalysis): boolean {
  let reports = denialReported.get(claim);
  if (reports === undefined) denialReported.set(claim, (reports = DENIAL_FOLDED.test(fastFold(claim.text))));
  return reports;
}

function reportedThenDenied(
  claim: ClaimAnalysis,
  passage: PassageAnalysis,
  evidence: EvidenceAnalysis,
): { evidence: string; conflict: Conflict } | null {
  if (!REPORTED.test(evidence.text)) return null;
  // A claim that itself says the rumour was denied ("bà H. bác bỏ thông tin cho rằng …") reports
  // the denial: the passage's denial agrees with it.
  if (reportsDenial(claim)) return null;
  const sentences = passage.sentences.map((s) => s.span);
  const last = sentences.findIndex((span) => span.end >= evidence.end);
  if (last < 0) return null;
  for (let k = last; k <= Math.min(last + 2, sentences.length - 1); k += 1) {
    const span = sentences[k] as (typeof sentences)[number];
    // The denial must come after the start of the report (a quoted rumour may itself say "không").
    const from = k === last ? evidence.start : span.start;
    const found = DENIAL.exec(passage.text.slice(from, span.end));
    if (!found) continue;
    const text = passage.text.slice(evidence.start, Math.max(evidence.end, span.end));
    const at = from - evidence.start + found.index;
    return {
      evidence: text,
      conflict: {
        kind: 'negation',
        claimSpan: { text: claim.text, start: 0, end: claim.text.length },
        evidenceSpan: { text: found[0], start: at, end: at + found[0].length },
      },
    };
  }
  return null;
}

/**
 * The stance the matcher reports: the one found, unless the evidence is on another subject
 * (subject.ts). The gate replaces the hand-set coverage thresholds used before, which were chosen
 * on the split eval:match reports and no longer changed its figures once the gate was in.
 */
export function gatedStance(
  result: Pick<StanceResult, 'stance' | 'conflicts' | 'sharesSubject'>,
): Pick<StanceResult, 'stance' | 'conflicts'> {
  if (!result.sharesSubject) return { stance: 'nei', conflicts: [] };
  return { stance: result.stance, conflicts: result.conflicts };
}
