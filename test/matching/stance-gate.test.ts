/**
 * The matcher reports a stance only for a passage that is about the claim: the model, trained on
 * claims paired with their own statements, would otherwise read another subject's places and
 * agencies as a contradiction (seen in the demo: a fraud warning from Nghệ An "contradicting" a
 * Hà Nội traffic report).
 */
import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES, needsCloserSubject } from '../../classifiers/stance/features.js';
import { detectStance, gatedStance } from '../../classifiers/stance/stance.js';
import { loadStanceModel, predictProbabilities } from '../../classifiers/stance/model.js';
import { inputOf, TWO_STEP_WEIGHT } from '../../classifiers/stance/train.js';
import { gateLets, twoStepProbabilities } from '../../classifiers/stance/two-step.js';
import {
  datesCompatible,
  documentFrequencies,
  namesFromCasing,
  sharesSubject,
  SUBJECT_FEATURES,
  subjectFeatures,
  subjectProbability,
  trainSubjectGate,
  type CasingCounts,
} from '../../classifiers/stance/subject.js';
import { analysePair, countCasing, sentenceSyllables } from '../../classifiers/stance/features.js';
import { stripDiacritics } from '../../classifiers/stance/strip.js';
import type { Conflict, Stance } from '../../core/contracts.js';

const TRAFFIC_HANOI =
  'Sau 30 ngày ra quân cao điểm bảo đảm trật tự an toàn giao thông dịp cuối năm, Phòng Cảnh sát giao thông Công an TP. Hà Nội đã xử lý 18.600 trường hợp vi phạm, tạm giữ 2.100 phương tiện.';
const FRAUD_NGHE_AN =
  'Công an tỉnh Nghệ An khẳng định lực lượng công an không làm việc qua điện thoại đối với các vụ việc liên quan đến tiền.';
const TRAFFIC_CLAIM = 'Sau 30 ngày ra quân cao điểm, Phòng Cảnh sát giao thông Công an TP. Hà Nội đã xử lý 21.300 trường hợp vi phạm.';

const found = (stance: Stance, conflicts: Conflict[] = [], sharesSubject = true) => ({ stance, conflicts, sharesSubject });
const conflict: Conflict = {
  kind: 'number',
  claimSpan: { text: '21.300', start: 0, end: 6 },
  evidenceSpan: { text: '18.600', start: 0, end: 6 },
};

describe('Matching > stance only for a passage about the claim', () => {
  it('passes on the stance found for evidence about the claim', () => {
    expect(gatedStance(found('supports'))).toEqual({ stance: 'supports', conflicts: [] });
    expect(gatedStance(found('contradicts', [conflict]))).toEqual({ stance: 'contradicts', conflicts: [conflict] });
  });

  it('reports nei for evidence on another subject, whatever the model found', () => {
    expect(gatedStance(found('contradicts', [conflict], false))).toEqual({ stance: 'nei', conflicts: [] });
    expect(gatedStance(found('supports', [], false))).toEqual({ stance: 'nei', conflicts: [] });
  });

  it('the shipped model is the two-step model with its boosted trees, the multinomial kept beside it at weight 0', () => {
    const model = loadStanceModel();
    expect(model.twoStep).toBeDefined();
    expect(model.twoStepWeight).toBe(TWO_STEP_WEIGHT);
    expect(model.twoStep?.related.trees?.trees.length).toBeGreaterThan(0);
    expect(model.twoStep?.direction.trees?.trees.length).toBeGreaterThan(0);
    const features = FEATURE_NAMES.map(() => 0);
    const p = predictProbabilities(model, features, () => []);
    expect(p.supports + p.contradicts + p.nei).toBeCloseTo(1, 6);
    // With weight 1 the probabilities are the two-step model's own.
    const q = twoStepProbabilities(model.twoStep as NonNullable<typeof model.twoStep>, { dense: features, sparse: [] });
    expect(p.supports).toBeCloseTo(
      (1 - TWO_STEP_WEIGHT) * predictProbabilities({ ...model, twoStep: undefined }, features).supports + TWO_STEP_WEIGHT * q.supports,
      9,
    );
  });

  it('a contradiction naming no conflict, only a negation, or only another place or organisation must meet the stricter subject threshold', () => {
    const negation: Conflict = { ...conflict, kind: 'negation' };
    const wording: Conflict = { ...conflict, kind: 'wording' };
    const place: Conflict = { ...conflict, kind: 'place' };
    const organization: Conflict = { ...conflict, kind: 'organization' };
    expect(needsCloserSubject([])).toBe(true);
    expect(needsCloserSubject([wording])).toBe(true);
    expect(needsCloserSubject([negation, wording])).toBe(true);
    expect(needsCloserSubject([place])).toBe(true);
    expect(needsCloserSubject([organization, negation])).toBe(true);
    expect(needsCloserSubject([conflict])).toBe(false);
    expect(needsCloserSubject([negation, conflict])).toBe(false);
    expect(needsCloserSubject([place, { ...conflict, kind: 'date' }])).toBe(false);
    expect(needsCloserSubject([place, { ...conflict, kind: 'outcome' }])).toBe(false);
  });

  it('a contradiction citing another article of a law must meet the stricter subject threshold, and its span names the article', () => {
    const claim = 'Theo quy định tại Điều 140 Bộ luật Hình sự, hành vi này có thể bị phạt tù tới 3 năm.';
    const evidence = 'Theo quy định tại điều 331 Bộ luật Hình sự, hành vi này có thể bị phạt tù tới 7 năm.';
    for (const [c, e, spans] of [
      [claim, evidence, ['Điều 140 ↔ điều 331', '3 năm ↔ 7 năm']],
      [stripDiacritics(claim), evidence, ['Dieu 140 ↔ điều 331', '3 nam ↔ 7 năm']],
    ] as const) {
      const conflicts = analysePair(c, e).conflicts.filter((x) => x.kind === 'number');
      expect(conflicts.map((x) => `${x.claimSpan.text} ↔ ${x.evidenceSpan.text}`)).toEqual(spans);
      expect(needsCloserSubject(conflicts)).toBe(true);
    }
    // An ordinal names which session or edition: another one needs the closer subject too; "thu" with a unit ("thu 3 tỷ") is no ordinal.
    const sessions = analysePair(
      'Hà Nội và Việt Nam đã tổ chức rất thành công Hội nghị lần thứ 12.',
      'Hà Nội và Việt Nam đã tổ chức rất thành công Hội nghị lần thứ 15.',
    ).conflicts;
    expect(sessions.map((x) => `${x.claimSpan.text} ↔ ${x.evidenceSpan.text}`)).toEqual(['thứ 12 ↔ thứ 15']);
    expect(needsCloserSubject(sessions)).toBe(true);
    const collected = analysePair('Cơ quan thuế đã thu 3 tỷ đồng tiền nợ thuế.', 'Cơ quan thuế đã thu 5 tỷ đồng tiền nợ thuế.').conflicts;
    expect(collected.map((x) => x.claimSpan.text)).toEqual(['3 tỷ đồng']);
    expect(needsCloserSubject(collected)).toBe(false);
    // A count before "điều", or a bank transfer ("chuyển khoản 4 lần"), cites no article.
    const counts = analysePair('Người mua phải đáp ứng 4 điều kiện.', 'Người mua phải đáp ứng 3 điều kiện.').conflicts;
    expect(counts.map((x) => x.claimSpan.text)).toEqual(['4']);
    expect(needsCloserSubject(counts)).toBe(false);
    const transfer = analysePair(
      'Nạn nhân chuyển khoản 4 lần, tổng cộng 12 triệu đồng.',
      'Nạn nhân chuyển khoản 2 lần, tổng cộng 12 triệu đồng.',
    ).conflicts;
    expect(transfer.filter((x) => x.kind === 'number').map((x) => x.claimSpan.text)).toEqual(['4 lần']);
    expect(needsCloserSubject(transfer)).toBe(false);
  });

  it('a claim typed in lower case still contradicts a statement on the same subject, with the conflicting figures', () => {
    for (const claim of [TRAFFIC_CLAIM.toLowerCase(), stripDiacritics(TRAFFIC_CLAIM).toLowerCase()]) {
      expect(analysePair(claim, TRAFFIC_HANOI).subject.caseless).toBe(true);
      const judged = gatedStance(detectStance(claim, TRAFFIC_HANOI));
      expect(judged.stance).toBe('contradicts');
      expect(judged.conflicts.map((x) => `${x.claimSpan.text} ↔ ${x.evidenceSpan.text}`)).toEqual([
        expect.stringMatching(/^21\.300.* ↔ 18\.600/),
      ]);
    }
    expect(analysePair(stripDiacritics(TRAFFIC_CLAIM), TRAFFIC_HANOI).subject.caseless).toBe(false);
  });

  it('a claim whose subject points back to its article needs the closer subject: another article\'s match is not "this match"', () => {
    // Real news: a kick-off time whose match only the article names, against another article's match.
    const claim = 'Trận đấu này diễn ra vào lúc 0 giờ 30 ngày 29/3.';
    const other = 'Trận đấu giữa Man United và Fulham sẽ diễn ra lúc 23 giờ 30 ngày 19/3.';
    for (const c of [claim, stripDiacritics(claim), stripDiacritics(claim).toLowerCase()]) {
      const pair = analysePair(c, other);
      expect(pair.subject.anaphoric).toBe(true);
      expect(needsCloserSubject(pair.conflicts, pair.subject.anaphoric)).toBe(true);
      expect(gatedStance(detectStance(c, other)).stance).toBe('nei');
    }
    // A phrase set off by a comma is a link or a time, and "nhiet do" is a temperature, not "that".
    for (const c of [
      'Bên cạnh đó, trận đấu diễn ra vào lúc 0 giờ 30 ngày 29/3.',
      'Hôm nay trận đấu diễn ra lúc 0 giờ 30.',
      'Nhiet do tang 2 do so voi hom qua.',
    ])
      expect(analysePair(c, other).subject.anaphoric).toBe(false);
    // A named claim stands on its own.
    expect(analysePair('Trận đấu giữa Man United và Fulham diễn ra lúc 0 giờ 30 ngày 29/3.', other).subject.anaphoric).toBe(false);
  });

  it('keeps the real contradiction (a different count of the same operation) and drops the one between subjects', () => {
    const real = detectStance(TRAFFIC_CLAIM, TRAFFIC_HANOI);
    expect(gatedStance(real).stance).toBe('contradicts');
    expect(gatedStance(real).conflicts.map((c) => c.kind)).toContain('number');
    expect(gatedStance(detectStance(FRAUD_NGHE_AN, TRAFFIC_HANOI)).stance).toBe('nei');
  });
});

describe('Stance > the subject gate (subject.ts)', () => {
  // Real-style sentences: a claim, the sentence it was written from, and sentences of other news.
  const NEWS = [
    'Tổng giám đốc IAEA Rafael Grossi cảnh báo các hành động thù địch xung quanh nhà máy điện hạt nhân Zaporizhzhia ở Ukraine có nguy cơ gây ra sự cố lớn.',
    'Bộ Y tế cho biết từ 16 giờ ngày 26-3 đến 16 giờ ngày 27-3, cả nước ghi nhận 10 ca mắc COVID-19, tăng so với ngày trước đó.',
    'Ngày 21-3 có 4.878 liều vắc-xin phòng COVID-19 được tiêm.',
    'Công an tỉnh Nghệ An khẳng định lực lượng công an không làm việc qua điện thoại đối với các vụ việc liên quan đến tiền.',
    'Theo báo cáo, công tác tổ chức được thực hiện tốt, bảo đảm an toàn.',
    'Lễ hội diễn ra từ ngày 24 đến 26-3 với các hoạt động giao lưu văn hóa và chia sẻ kiến thức.',
    'UBND thành phố báo cáo công tác chuẩn bị và tổ chức các hoạt động.',
    'Cảnh sát giao thông Công an TP. Hà Nội đã xử lý 18.600 trường hợp vi phạm sau 30 ngày cao điểm.',
  ];
  const frequencies = documentFrequencies(NEWS.flatMap((t) => sentenceSyllables(t)));

  it('counts how many sentences hold each folded syllable', () => {
    expect(frequencies.sentences).toBe(NEWS.length);
    expect(frequencies.df.get('cong')).toBeGreaterThanOrEqual(4);
    expect(frequencies.df.get('zaporizhzhia')).toBe(1);
  });

  it('learns from related pairs against unrelated ones, and lets through only the share of unrelated pairs asked for', () => {
    const related = [
      analysePair(
        'Ông Rafael Grossi cảnh báo hành động thù địch quanh nhà máy Zaporizhzhia có nguy cơ gây sự cố hạt nhân nhỏ.',
        NEWS[0] as string,
      ),
      analysePair('Cảnh sát giao thông Công an TP. Hà Nội đã xử lý 21.300 trường hợp vi phạm sau 30 ngày cao điểm.', NEWS[7] as string),
      analysePair(
        'Công an tỉnh Nghệ An cho biết lực lượng công an có làm việc qua điện thoại với các vụ việc liên quan đến tiền.',
        NEWS[3] as string,
      ),
    ].map((a) => a.subject);
    const unrelatedPairs = [
      analysePair('Thứ nhất là công tác tổ chức rất tốt và hoàn hảo.', NEWS[4] as string),
      analysePair('Thứ nhất là công tác tổ chức rất tốt và hoàn hảo.', NEWS[6] as string),
      analysePair('Công an tỉnh Nghệ An khẳng định lực lượng công an không làm việc qua điện thoại.', NEWS[7] as string),
      analysePair('Rất may lái xe và phụ xe không bị thương.', NEWS[5] as string),
    ].map((a) => a.subject);
    const gate = trainSubjectGate(frequencies, related, [true, true, true], unrelatedPairs, 0);
    expect(gate.rate).toBe(0);
    for (const pair of related) expect(sharesSubject(gate, pair)).toBe(true);
    for (const pair of unrelatedPairs) expect(sharesSubject(gate, pair)).toBe(false);
    expect(gate.keptContradictions).toBe(1);
    // The rare shared name weighs more than common words shared.
    expect(subjectProbability(gate, related[0]!)).toBeGreaterThan(subjectProbability(gate, unrelatedPairs[0]!));
  });

  it('reads the names of a claim typed in lower case from how the training text writes them', () => {
    const casing: CasingCounts = new Map();
    for (const t of [...NEWS, 'Tại Nghệ An, hội nghị diễn ra sáng nay.', 'Đoàn công tác của Hà Nội làm việc tại Nghệ An trong năm nay.'])
      countCasing(t, casing);
    const names = namesFromCasing(casing);
    // Names written with capitals past a sentence's first word; a word like "năm" ("nam") is not one.
    expect([...names]).toEqual(expect.arrayContaining(['nghe an', 'nghe']));
    expect(names.has('nam')).toBe(false);
    // "an" alone is mostly "công an": only the pair says "Nghệ An".
    expect(names.has('an')).toBe(false);
    expect(names.has('cong an')).toBe(false);
    const withNames = { ...frequencies, names };
    const claim = 'Công an tỉnh Nghệ An khẳng định lực lượng công an không làm việc qua điện thoại.';
    const cased = analysePair(stripDiacritics(claim), NEWS[7] as string).subject;
    const lower = analysePair(stripDiacritics(claim).toLowerCase(), NEWS[7] as string).subject;
    expect(lower.caseless).toBe(true);
    // Lower case, the claim's missing names ("nghe an" is not in the Hà Nội passage) count as they do with capitals.
    const at = (x: number[]) => [x[SUBJECT_FEATURES.indexOf('names_shared')], x[SUBJECT_FEATURES.indexOf('names_missing')]];
    expect(at(subjectFeatures(lower, withNames))).toEqual(at(subjectFeatures(cased, withNames)));
    expect(at(subjectFeatures(lower, withNames))[1]).toBe(1); // "nghe" ("an" is in "Công an")
    // Without the table a lower-case claim has no names at all.
    expect(at(subjectFeatures(lower, frequencies))).toEqual([0.5, 0]);
  });

  it('another day with other figures is another measurement, not a contradiction', () => {
    const otherDay = analysePair('Ngày 26-3 có 18.240 liều vắc-xin phòng COVID-19 được tiêm.', NEWS[2] as string).subject;
    expect(otherDay.timeClash && otherDay.numberClash).toBe(true);
    expect(sharesSubject(undefined, otherDay)).toBe(false);
    const sameDay = analysePair('Ngày 21-3 có 8.878 liều vắc-xin phòng COVID-19 được tiêm.', NEWS[2] as string).subject;
    expect(sameDay.timeClash).toBe(false);
    expect(sharesSubject(undefined, sameDay)).toBe(true);
    // "hôm nay" on both sides names no day: the calendar dates still clash.
    const today = analysePair(
      'Hôm nay, từ 16 giờ ngày 21-3 đến 16 giờ ngày 22-3, cả nước ghi nhận 18 ca mắc.',
      'Hôm nay, từ 16 giờ ngày 26-3 đến 16 giờ ngày 27-3, cả nước ghi nhận 10 ca mắc.',
    ).subject;
    expect(today.timeClash && today.numberClash).toBe(true);
    expect(datesCompatible('2023', '2023-03-21')).toBe(true);
    expect(datesCompatible('--03-21', '2023-03-21')).toBe(true);
    expect(datesCompatible('--03-21', '--03-26T16:00')).toBe(false);
    expect(datesCompatible('2017', '2023-03')).toBe(false);
  });

  it('the shipped model carries a gate trained with its frequencies, stricter for a contradiction that names no conflict', () => {
    const gate = loadStanceModel().twoStep?.subjectGate;
    expect(gate).toBeDefined();
    expect(gate?.features.length).toBe(gate?.weights.length);
    expect(gate?.sentences).toBeGreaterThan(5000);
    expect(gate?.strictThreshold).toBeGreaterThan(gate?.threshold ?? 1);
  });

  it('a pair between the two thresholds passes for a named conflict and not for a contradiction without one', () => {
    const gate = loadStanceModel().twoStep?.subjectGate as NonNullable<ReturnType<typeof loadStanceModel>['twoStep']>['subjectGate'] &
      object;
    const pair = analysePair(TRAFFIC_CLAIM, TRAFFIC_HANOI).subject;
    const p = subjectProbability(gate, pair);
    const between = { ...gate, threshold: p / 2, strictThreshold: (1 + p) / 2 };
    expect(sharesSubject(between, pair)).toBe(true);
    expect(sharesSubject(between, pair, true)).toBe(false);
    // Gates trained before the strict threshold existed keep one threshold for both.
    expect(sharesSubject({ ...between, strictThreshold: undefined }, pair, true)).toBe(true);
  });

  it("the figures' gate is the matcher's: a contradiction that needs the closer subject meets the stricter threshold", () => {
    const gate = loadStanceModel().twoStep?.subjectGate as NonNullable<ReturnType<typeof loadStanceModel>['twoStep']>['subjectGate'] &
      object;
    // A figure that differs names a measured conflict; a negation alone does not.
    const figure = inputOf(analysePair(TRAFFIC_CLAIM, TRAFFIC_HANOI));
    const negation = inputOf(
      analysePair('Công an tỉnh Nghệ An làm việc qua điện thoại đối với các vụ việc liên quan đến tiền.', FRAUD_NGHE_AN),
    );
    expect(figure.closerSubject).toBe(false);
    expect(negation.closerSubject).toBe(true);
    const p = subjectProbability(gate, figure.subject as NonNullable<typeof figure.subject>);
    const between = { ...gate, threshold: p / 2, strictThreshold: (1 + p) / 2 };
    expect(gateLets(between, 'contradicts', figure)).toBe(true);
    expect(gateLets(between, 'contradicts', { ...figure, closerSubject: true })).toBe(false);
    expect(gateLets(between, 'supports', { ...figure, closerSubject: true })).toBe(true);
    expect(gateLets({ ...between, threshold: 1, strictThreshold: 1 }, 'nei', figure)).toBe(true);
    expect(gateLets({ ...between, threshold: 1, strictThreshold: 1 }, 'supports', figure)).toBe(false);
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
    const reportOnly =
      'Thời gian qua, trên mạng xã hội lan truyền tin nhắn cho rằng sau ngày 30/6 căn cước công dân sẽ hết hiệu lực. Cơ quan chức năng đang xác minh.';
    const result = detectStance(RUMOUR, reportOnly);
    // No denial: the model decides, and the evidence is the report, not the "being verified" line.
    expect(result.basis).toBe('model');
    expect(result.evidence).toMatch(/^Thời gian qua, trên mạng xã hội lan truyền/);
    expect(result.evidence).not.toMatch(/xác minh/);
  });
});
