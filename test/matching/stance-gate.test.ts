/**
 * The matcher reports a stance only for a passage that is about the claim: the model, trained on
 * claims paired with their own statements, would otherwise read another subject's places and
 * agencies as a contradiction (seen in the demo: a fraud warning from Nghệ An "contradicting" a
 * Hà Nội traffic report).
 */
import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES } from '../../classifiers/stance/features.js';
import { detectStance, gatedStance, MIN_CONTRADICTION_COVERAGE, MIN_STANCE_COVERAGE } from '../../classifiers/stance/stance.js';
import { loadStanceModel, predictProbabilities } from '../../classifiers/stance/model.js';
import { sharesSubject, trainSubjectGate, type TwoStepModel } from '../../classifiers/stance/two-step.js';
import type { Conflict, Stance } from '../../core/contracts.js';

const TRAFFIC_HANOI =
  'Sau 30 ngày ra quân cao điểm bảo đảm trật tự an toàn giao thông dịp cuối năm, Phòng Cảnh sát giao thông Công an TP. Hà Nội đã xử lý 18.600 trường hợp vi phạm, tạm giữ 2.100 phương tiện.';
const FRAUD_NGHE_AN = 'Công an tỉnh Nghệ An khẳng định lực lượng công an không làm việc qua điện thoại đối với các vụ việc liên quan đến tiền.';
const TRAFFIC_CLAIM = 'Sau 30 ngày ra quân cao điểm, Phòng Cảnh sát giao thông Công an TP. Hà Nội đã xử lý 21.300 trường hợp vi phạm.';

const coverageAt = FEATURE_NAMES.indexOf('coverage_passage');
const withCoverage = (stance: Stance, coverage: number, conflicts: Conflict[] = []) => {
  const features = FEATURE_NAMES.map(() => 0);
  features[coverageAt] = coverage;
  return { stance, conflicts, features };
};
const conflict: Conflict = { kind: 'number', claimSpan: { text: '21.300', start: 0, end: 6 }, evidenceSpan: { text: '18.600', start: 0, end: 6 } };

describe('Matching > stance only for a passage about the claim', () => {
  it('turns any stance into nei under the first threshold, and a contradiction under the second', () => {
    expect(gatedStance(withCoverage('supports', MIN_STANCE_COVERAGE - 0.01))).toEqual({ stance: 'nei', conflicts: [] });
    expect(gatedStance(withCoverage('contradicts', MIN_CONTRADICTION_COVERAGE - 0.01, [conflict]))).toEqual({ stance: 'nei', conflicts: [] });
    expect(gatedStance(withCoverage('supports', MIN_STANCE_COVERAGE))).toEqual({ stance: 'supports', conflicts: [] });
    expect(gatedStance(withCoverage('contradicts', MIN_CONTRADICTION_COVERAGE, [conflict]))).toEqual({ stance: 'contradicts', conflicts: [conflict] });
  });

  it('(experimental two-step model) learns its subject gate from labelled pairs against unrelated ones, keeping the share of contradictions asked for', () => {
    const d = FEATURE_NAMES.length;
    const input = (coverage: number) => ({ dense: withCoverage('nei', coverage).features, sparse: [] });
    const labelled = Array.from({ length: 60 }, (_, i) => input(0.5 + (i % 10) / 20));
    const labels = labelled.map((_, i): Stance => (['supports', 'contradicts', 'nei'] as const)[i % 3] as Stance);
    const unrelated = Array.from({ length: 60 }, (_, i) => input((i % 10) / 25));
    const mean = new Array<number>(d).fill(0);
    const scale = new Array<number>(d).fill(1);
    const gate = trainSubjectGate({ mean, scale }, labelled, labels, unrelated, 0.95);
    expect(gate.subjectKeep).toBe(0.95);
    const model = { mean, scale, ...gate } as unknown as TwoStepModel;
    expect(sharesSubject(model, withCoverage('nei', 0.1).features)).toBe(false);
    expect(sharesSubject(model, withCoverage('nei', 0.9).features)).toBe(true);
  });

  it('the shipped model averages the multinomial model with the two-step model trained beside it', () => {
    const model = loadStanceModel();
    expect(model.twoStep).toBeDefined();
    expect(model.twoStepWeight).toBe(0.5);
    const features = FEATURE_NAMES.map(() => 0);
    const p = predictProbabilities(model, features, () => []);
    expect(p.supports + p.contradicts + p.nei).toBeCloseTo(1, 6);
    const alone = predictProbabilities({ ...model, twoStep: undefined }, features);
    expect(p.supports).not.toBeCloseTo(alone.supports, 6);
  });

  it('keeps the real contradiction (a different count of the same operation) and drops the one between subjects', () => {
    const real = detectStance(TRAFFIC_CLAIM, TRAFFIC_HANOI);
    expect(gatedStance(real).stance).toBe('contradicts');
    expect(gatedStance(real).conflicts.map((c) => c.kind)).toContain('number');
    expect(gatedStance(detectStance(FRAUD_NGHE_AN, TRAFFIC_HANOI)).stance).toBe('nei');
  });
});

describe('Stance > a rebuttal restates the rumour before it denies it', () => {
  const REBUTTAL =
    'Thời gian qua, trên mạng xã hội lan truyền tin nhắn cho rằng sau ngày 30/6 căn cước công dân sẽ hết hiệu lực nếu người dân không nâng cấp tài khoản định danh điện tử VNeID. ' +
    'Bộ Công an khẳng định đây là thông tin sai sự thật. Thẻ căn cước công dân còn thời hạn vẫn được sử dụng đến hết thời hạn in trên thẻ.';
  const RUMOUR = 'Nhiều người còn chia sẻ rằng hạn chót nâng cấp là ngày 30/6, sau ngày này căn cước công dân sẽ hết hiệu lực.';

  it('contradicts the claim, with the report and the denial as evidence and the denial as the span', () => {
    const result = detectStance(RUMOUR, REBUTTAL);
    expect(result.stance).toBe('contradicts');
    expect(result.evidence).toMatch(/^Thời gian qua, trên mạng xã hội lan truyền .* đây là thông tin sai sự thật\.$/);
    const [denial] = result.conflicts;
    expect(denial?.kind).toBe('negation');
    expect(denial && result.evidence.slice(denial.evidenceSpan.start, denial.evidenceSpan.end)).toBe('thông tin sai sự thật');
    expect(gatedStance(result).stance).toBe('contradicts');
  });

  it('leaves a report that nobody denies to the model', () => {
    const reportOnly = 'Thời gian qua, trên mạng xã hội lan truyền tin nhắn cho rằng sau ngày 30/6 căn cước công dân sẽ hết hiệu lực. Cơ quan chức năng đang xác minh.';
    const result = detectStance(RUMOUR, reportOnly);
    expect(result.conflicts.every((c) => !/sai sự thật/.test(c.evidenceSpan.text))).toBe(true);
    expect(result.evidence).not.toMatch(/xác minh/);
  });
});
