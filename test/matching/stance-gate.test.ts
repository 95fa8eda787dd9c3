/**
 * The matcher reports a stance only for a passage that is about the claim: the model, trained on
 * claims paired with their own statements, would otherwise read another subject's places and
 * agencies as a contradiction (seen in the demo: a fraud warning from Nghệ An "contradicting" a
 * Hà Nội traffic report).
 */
import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES } from '../../classifiers/stance/features.js';
import { detectStance } from '../../classifiers/stance/stance.js';
import { gatedStance, MIN_CONTRADICTION_COVERAGE, MIN_STANCE_COVERAGE } from '../../pipeline/matching/matcher.js';
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

  it('keeps the real contradiction (a different count of the same operation) and drops the one between subjects', () => {
    const real = detectStance(TRAFFIC_CLAIM, TRAFFIC_HANOI);
    expect(gatedStance(real).stance).toBe('contradicts');
    expect(gatedStance(real).conflicts.map((c) => c.kind)).toContain('number');
    expect(gatedStance(detectStance(FRAUD_NGHE_AN, TRAFFIC_HANOI)).stance).toBe('nei');
  });
});
