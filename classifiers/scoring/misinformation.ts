/**
 * How likely a claim is false or misleading, with every reason. The score is a logistic
 * combination: the trained "suspicious" model's log-odds, plus the weight of each rule signal
 * that fired, plus the matching stage's verdicts (a `contradicts` match with an official
 * statement raises it, a `supports` match lowers it). Every term is a Signal in the output, so
 * a reviewer sees exactly what produced the number. A high score is advice to a human, not a verdict.
 */
import type { Claim, Match, Signal } from '../../core/contracts.js';
import { analyse, ruleFeature, suspiciousFeatures, type SentenceAnalysis } from './features.js';
import { contradictionCounts } from './flag-policy.js';
import { explainLogistic, logit, sigmoid, type LogisticModel } from './logistic.js';
import { loadModel } from './models.js';
import { ruleSignals } from './signals.js';

/** Log-odds added per contradicting official statement (the strongest one counts fully, others half). */
export const CONTRADICTION_WEIGHT = 2.5;
/** Log-odds removed when an official statement supports the claim. */
export const SUPPORT_WEIGHT = -1.2;
/** Log-odds added when the post or message is itself a scam (extract-claims found its request here). */
export const SCAM_MESSAGE_WEIGHT = 3;

export interface ScoreResult {
  score: number;
  /**
   * The score without what contradicting statements added: what the text earns alone (a statement
   * supporting it still lowers it). The flag policy judges the text alone on it: its threshold was
   * calibrated on text with no statements, and a contradiction flags on its evidence or not at all.
   */
  textScore: number;
  signals: Signal[];
}

export interface ScoreOptions {
  /** A precomputed analysis of the claim text (the benchmark and the extractor reuse theirs). */
  analysis?: SentenceAnalysis;
  /** Another "suspicious" model than the shipped one (training folds, evaluation). */
  model?: LogisticModel;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function matchSignals(claim: Claim, matches: Match[]): Signal[] {
  const out: Signal[] = [];
  const against = matches.filter((m) => m.stance === 'contradicts').sort((a, b) => b.score - a.score);
  // A sentence that reports, warns about or denies what a rebuttal denies is on the rebuttal's side.
  const counts = contradictionCounts(claim);
  const contradicting = counts ? against : [];
  const rebuttal = counts ? undefined : against[0];
  if (rebuttal) {
    out.push({
      id: 'consistent-with-rebuttal',
      description: `Câu này ${claim.attribution?.frame === 'denies' ? 'bác bỏ' : claim.attribution?.frame === 'warns' ? 'cảnh báo về' : 'thuật lại'} nội dung mà thông báo chính thức ${rebuttal.statementId} cũng bác bỏ: phù hợp với thông báo`,
      descriptionEn: `This sentence ${claim.attribution?.frame ?? 'reports'} what official statement ${rebuttal.statementId} denies: consistent with it`,
      weight: SUPPORT_WEIGHT,
    });
  }
  contradicting.forEach((m, i) => {
    const conflict = m.conflicts[0];
    const kinds = [...new Set(m.conflicts.map((c) => c.kind))].join(', ');
    const signal: Signal = {
      id: 'contradicts-official',
      description: `Mâu thuẫn với thông báo chính thức ${m.statementId}${kinds ? ` (${kinds})` : ''}: "${m.evidence.slice(0, 160)}"`,
      descriptionEn: `Conflicts with official statement ${m.statementId}${kinds ? ` (${kinds})` : ''}`,
      weight: i === 0 ? CONTRADICTION_WEIGHT : CONTRADICTION_WEIGHT / 2,
    };
    if (conflict) signal.span = conflict.claimSpan;
    out.push(signal);
  });
  const supporting = matches.filter((m) => m.stance === 'supports').sort((a, b) => b.score - a.score)[0];
  if (supporting && contradicting.length === 0 && !rebuttal) {
    out.push({
      id: 'supported-by-official',
      description: `Phù hợp với thông báo chính thức ${supporting.statementId}: "${supporting.evidence.slice(0, 160)}"`,
      descriptionEn: `Consistent with official statement ${supporting.statementId}`,
      weight: SUPPORT_WEIGHT,
    });
  }
  return out;
}

function scamSignals(claim: Claim): Signal[] {
  if (!claim.scam) return [];
  return [
    {
      id: 'scam-message',
      description: `Bản thân là tin nhắn / bài đăng lừa đảo (${claim.scam.cues.map((c) => c.vi).join('; ')})`,
      descriptionEn: `Is itself a scam or impersonation message (${claim.scam.cues.map((c) => c.en).join('; ')})`,
      weight: SCAM_MESSAGE_WEIGHT,
    },
  ];
}

export function scoreClaim(claim: Claim, matches: Match[], options: ScoreOptions = {}): ScoreResult {
  const analysis = options.analysis ?? analyse(claim.text, claim.entities);
  const model = options.model ?? loadModel('suspicious');
  const rules = ruleSignals(claim.text);
  // The rules are features of the model: their weights are learnt with the words', not set by hand.
  const learnt = rules.map((r) => ({ ...r, weight: round(model.weights[ruleFeature(r.id)] ?? 0) }));
  const features = suspiciousFeatures(
    analysis,
    claim.attribution?.frame,
    rules.map((r) => r.id),
  );
  const explained = explainLogistic(model, features, 4);
  const p = explained.probability;
  const modelLogOdds = logit(Math.min(0.995, Math.max(0.005, p)));
  const top = explained.top
    .filter(([f]) => !f.startsWith('rule:'))
    .slice(0, 3)
    .map(([f]) => f.replace(/^[a-z]+:/, '').replace(/_/g, ' '));
  const ruleTotal = learnt.reduce((sum, r) => sum + r.weight, 0);
  const signals: Signal[] = [
    {
      id: 'model-suspicious',
      description: `Mô hình phát hiện lừa đảo/tin đồn: xác suất ${round(p)}${top.length ? ` (dấu hiệu: ${top.join('; ')})` : ''}`,
      descriptionEn: `Scam/hearsay model probability ${round(p)}`,
      // The words' share of the log-odds; the rules that fired carry the rest, each in its own signal.
      weight: round(modelLogOdds - ruleTotal),
    },
    ...learnt,
    ...scamSignals(claim),
    ...matchSignals(claim, matches),
  ];
  const z = signals.reduce((sum, s) => sum + s.weight, 0);
  const added = signals.reduce((sum, s) => sum + (s.id === 'contradicts-official' ? s.weight : 0), 0);
  return { score: round(sigmoid(z)), textScore: round(sigmoid(z - added)), signals };
}
