/**
 * How likely a claim is false or misleading, with every reason. The score is a logistic
 * combination: the trained "suspicious" model's log-odds, plus the weight of each rule signal
 * that fired, plus the matching stage's verdicts (a `contradicts` match with an official
 * statement raises it, a `supports` match lowers it). Every term is a Signal in the output, so
 * a reviewer sees exactly what produced the number. A high score is advice to a human, not a verdict.
 */
import type { Claim, Match, Signal } from '../../core/contracts.js';
import { analyse, featuresOf, type SentenceAnalysis } from './features.js';
import { explainLogistic, logit, sigmoid } from './logistic.js';
import { loadModel } from './models.js';
import { ruleSignals } from './signals.js';

/** Log-odds added per contradicting official statement (the strongest one counts fully, others half). */
export const CONTRADICTION_WEIGHT = 2.5;
/** Log-odds removed when an official statement supports the claim. */
export const SUPPORT_WEIGHT = -1.2;

export interface ScoreResult {
  score: number;
  signals: Signal[];
}

export interface ScoreOptions {
  /** A precomputed analysis of the claim text (the benchmark and the extractor reuse theirs). */
  analysis?: SentenceAnalysis;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function matchSignals(matches: Match[]): Signal[] {
  const out: Signal[] = [];
  const contradicting = matches.filter((m) => m.stance === 'contradicts').sort((a, b) => b.score - a.score);
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
  if (supporting && contradicting.length === 0) {
    out.push({
      id: 'supported-by-official',
      description: `Phù hợp với thông báo chính thức ${supporting.statementId}: "${supporting.evidence.slice(0, 160)}"`,
      descriptionEn: `Consistent with official statement ${supporting.statementId}`,
      weight: SUPPORT_WEIGHT,
    });
  }
  return out;
}

export function scoreClaim(claim: Claim, matches: Match[], options: ScoreOptions = {}): ScoreResult {
  const analysis = options.analysis ?? analyse(claim.text, claim.entities);
  const model = loadModel('suspicious');
  const features = featuresOf(analysis);
  const explained = explainLogistic(model, features, 3);
  const p = explained.probability;
  const modelLogOdds = logit(Math.min(0.98, Math.max(0.02, p)));
  const top = explained.top.map(([f]) => f.replace(/^[a-z]+:/, '').replace(/_/g, ' '));
  const signals: Signal[] = [
    {
      id: 'model-suspicious',
      description: `Mô hình phát hiện lừa đảo/tin đồn: xác suất ${round(p)}${top.length ? ` (dấu hiệu: ${top.join('; ')})` : ''}`,
      descriptionEn: `Scam/hearsay model probability ${round(p)}`,
      weight: round(modelLogOdds),
    },
    ...ruleSignals(claim.text),
    ...matchSignals(matches),
  ];
  const z = signals.reduce((sum, s) => sum + s.weight, 0);
  return { score: round(sigmoid(z)), signals };
}
