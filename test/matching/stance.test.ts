import { describe, expect, it } from 'vitest';
import {
  alignEvidence,
  analyseClaim,
  analysePair,
  analysePassage,
  FEATURE_NAMES,
  namesConflict,
} from '../../classifiers/stance/features.js';
import { fastFold, foldDiacritics } from '../../classifiers/text/normalize.js';
import { stripDiacritics } from '../../classifiers/stance/strip.js';
import { predictStance, readStanceModel, STANCE_MODEL_FILE, trainStanceModel } from '../../classifiers/stance/model.js';
import { readFileSync } from 'node:fs';
import { SentinelError } from '../../core/errors.js';
import { predictTwoStep, trainTwoStepModel, type StanceInput } from '../../classifiers/stance/two-step.js';
import { detectStance, detectStancePrepared, gatedStance } from '../../classifiers/stance/stance.js';
import { stanceScores } from '../../classifiers/stance/metrics.js';
import { splitPassages } from '../../classifiers/matching/statements-index.js';
import type { Stance } from '../../core/contracts.js';

const ARREST =
  'Ngày 12/3, Công an TP.HCM cho biết đã bắt giữ 15 đối tượng trong chuyên án lừa đảo chiếm đoạt tài sản qua mạng. ' +
  'Các đối tượng giả danh nhân viên ngân hàng để gọi điện cho người dân. Cơ quan công an khuyến cáo người dân không cung cấp mã OTP cho bất kỳ ai.';
const VNEID =
  'Bộ Công an khẳng định không gửi đường link yêu cầu người dân cập nhật thông tin căn cước công dân. Người dân chỉ thực hiện trên ứng dụng VNeID chính thức.';
const TRAFFIC =
  'Theo Cục Cảnh sát giao thông, trong quý I, số vụ tai nạn giao thông giảm 10% so với cùng kỳ năm trước. Số người chết cũng giảm mạnh.';
const GAMBLING =
  'Chiều 5/6, Công an tỉnh Nghệ An triệt phá đường dây đánh bạc qua mạng quy mô lớn tại thành phố Vinh. Chất lượng không khí tại Hà Nội được cải thiện rõ rệt trong tuần qua.';

const kinds = (claim: string, passage: string): string[] => {
  const aligned = alignEvidence(claim, passage);
  return analysePair(claim, aligned.text, passage).conflicts.map((c) => c.kind);
};

/** The conflicts of one kind between a claim and its evidence, as "claim span ↔ evidence span". */
const conflictsOfKind = (kind: string, claim: string, evidence: string): string[] =>
  analysePair(claim, evidence)
    .conflicts.filter((c) => c.kind === kind)
    .map((c) => `${c.claimSpan.text} ↔ ${c.evidenceSpan.text}`);

describe('Stance > alignment of claim and evidence', () => {
  it('picks the sentence that answers the claim, also when the claim is typed without diacritics', () => {
    expect(alignEvidence('Các đối tượng giả danh nhân viên ngân hàng gọi điện cho người dân', ARREST).text).toMatch(
      /^Các đối tượng giả danh/,
    );
    expect(alignEvidence('cac doi tuong gia danh nhan vien ngan hang goi dien', ARREST).text).toMatch(/^Các đối tượng giả danh/);
    expect(alignEvidence('khuyen cao nguoi dan khong cung cap ma OTP', ARREST).text).toMatch(/^Cơ quan công an khuyến cáo/);
  });

  it('weighs a word in every sentence (the subject) less than one that only the answering sentence holds', () => {
    const passage =
      'Công an tỉnh Bình Dương họp báo sáng nay. Công an tỉnh Bình Dương thông tin về tình hình an ninh. Nhiều vụ trộm chó đã bị phát hiện ở các xã. ' +
      'Công an tỉnh Bình Dương đề nghị báo chí đưa tin chính xác. Công an tỉnh Bình Dương cảm ơn các cơ quan báo chí.';
    for (const claim of ['Công an tỉnh Bình Dương phát hiện nhiều vụ trộm chó.', 'Cong an tinh Binh Duong phat hien nhieu vu trom cho.']) {
      expect(alignEvidence(claim, passage).text).toContain('Nhiều vụ trộm chó đã bị phát hiện');
    }
  });

  it('joins a sentence far from the best one when the claim merges the two, and only then', () => {
    const passage =
      'Ông Khưu Mạnh Hùng, Trưởng phòng GD&ĐT quận 12 cho biết, chương trình GDPT 2018 ở các cấp học được thiết kế dành cho 2 buổi/ngày. ' +
      'Năm học này, quận 12 có hơn 180.000 học sinh ở các cấp. Quận đã xây thêm 3 trường mới trong năm 2022. Nhiều phụ huynh mong con được học bán trú. ' +
      'Tuy nhiên, do dân số đông nên quận không thể đáp ứng việc học 2 buổi/ngày cho tất cả học sinh.';
    for (const claim of [
      'Do dân số đông nên quận không thể đáp ứng chương trình GDPT 2018 được thiết kế dành cho 2 buổi/ngày, ông Khưu Mạnh Hùng, Trưởng phòng GD&ĐT quận 12 cho biết.',
      'Do dan so dong nen quan khong the dap ung chuong trinh GDPT 2018 duoc thiet ke danh cho 2 buoi/ngay, ong Khuu Manh Hung cho biet.',
    ]) {
      const aligned = alignEvidence(claim, passage);
      // In passage order, the gap marked; the offsets are the best sentence's.
      expect(aligned.text).toMatch(/^Ông Khưu Mạnh Hùng.* … Tuy nhiên, do dân số đông/);
      expect(aligned.text).not.toContain('bán trú');
      expect(passage.slice(aligned.start, aligned.end)).toMatch(/^Ông Khưu Mạnh Hùng.*2 buổi\/ngày\.$/);
      expect(aligned.coverage).toBe(1);
    }
    expect(alignEvidence('Quận đã xây thêm 3 trường mới trong năm 2022.', passage).text).toBe(
      'Quận đã xây thêm 3 trường mới trong năm 2022.',
    );
    // A claim that puts another name in the quote's source still meets the sentence that names the real one.
    const swapped = alignEvidence(
      'Do dân số đông nên quận không thể đáp ứng chương trình GDPT 2018 được thiết kế dành cho 2 buổi/ngày, ông Bùi Quang Vũ, Trưởng phòng GD&ĐT quận 12 cho biết.',
      passage,
    );
    expect(swapped.text).toContain('Ông Khưu Mạnh Hùng');
    expect(swapped.text).toContain('do dân số đông');
  });

  it('joins the one neighbour that adds more of the claim, not both with the best sentence between unscored', () => {
    const passage =
      'Sáng 12/3, Công an huyện Đông Anh tổ chức hội nghị tổng kết công tác năm 2023. ' +
      'Công an huyện Đông Anh đã bắt giữ 5 đối tượng trộm cắp xe máy tại xã Uy Nỗ. ' +
      'Các đối tượng khai nhận đã lấy trộm 12 chiếc xe máy trong tháng 2. Vụ việc đang được điều tra làm rõ.';
    for (const claim of [
      'Sáng 12/3, Công an huyện Đông Anh bắt giữ 5 đối tượng trộm cắp xe máy, khai nhận lấy trộm 12 chiếc xe máy trong tháng 2.',
      'Sang 12/3, Cong an huyen Dong Anh bat giu 5 doi tuong trom cap xe may, khai nhan lay trom 12 chiec xe may trong thang 2.',
    ]) {
      expect(alignEvidence(claim, passage).text).toBe(
        'Công an huyện Đông Anh đã bắt giữ 5 đối tượng trộm cắp xe máy tại xã Uy Nỗ. Các đối tượng khai nhận đã lấy trộm 12 chiếc xe máy trong tháng 2.',
      );
    }
  });

  it('splits long statements into overlapping passages', () => {
    const text = Array.from({ length: 9 }, (_, i) => `Câu thứ ${i + 1} nói về an ninh trật tự.`).join(' ');
    const passages = splitPassages(text, 4, 1);
    expect(passages.length).toBe(3);
    expect(passages[0]).toContain('Câu thứ 4');
    expect(passages[1]).toMatch(/^Câu thứ 4/); // the overlap sentence opens the next passage
    expect(passages.join(' ')).toContain('Câu thứ 9');
  });
});

describe('Stance > conflicts between a claim and an official passage', () => {
  it('"sau" and "trước" oppose each other only before the same words, not as prepositions', () => {
    expect(
      conflictsOfKind(
        'outcome',
        'Hoa hậu Thùy Tiên đã đăng ký hiến tạng sau khi đăng quang.',
        'Hoa hậu Thùy Tiên đã đăng ký hiến tạng trước khi đăng quang.',
      ),
    ).toEqual(['sau ↔ trước']);
    expect(
      conflictsOfKind(
        'outcome',
        'Nền kinh tế tăng trưởng mạnh sau đại dịch COVID-19.',
        'Trước đại dịch COVID-19, nền kinh tế tăng trưởng mạnh.',
      ),
    ).toEqual(['sau ↔ Trước']);
    // "bức xúc trước nội dung": facing, not before; "sau cuộc điều tra" / "trước cuộc bầu cử": two events.
    expect(
      conflictsOfKind(
        'outcome',
        'Sau khi đoạn clip được đăng tải lên mạng xã hội, rất nhiều người đã bày tỏ sự phẫn nộ.',
        'Bài chia sẻ thu hút rất nhiều người quan tâm, nhiều sinh viên bày tỏ sự bức xúc trước nội dung chia sẻ.',
      ),
    ).toEqual([]);
    expect(
      conflictsOfKind(
        'outcome',
        'Ông Trump sẽ bị truy tố sau cuộc điều tra về khoản tiền bịt miệng.',
        'Ông Trump bị cáo buộc chi tiền bịt miệng trước cuộc bầu cử năm 2016.',
      ),
    ).toEqual([]);
  });

  it('a claim typed without diacritics flips an outcome word where it stands in place of its opposite, and only there', () => {
    const evidence = 'Năm 2022, số vụ lừa đảo qua mạng giảm 15% so với năm trước, theo Bộ Công an.';
    const claim = 'Năm 2022, số vụ lừa đảo qua mạng tăng 15% so với năm trước, theo Bộ Công an.';
    expect(conflictsOfKind('outcome', claim, evidence)).toEqual(['tăng ↔ giảm']);
    expect(conflictsOfKind('outcome', foldDiacritics(claim), evidence)).toEqual(['tang ↔ giảm']);
    // The same feature both ways, so the model reads a folded flip as it reads one with diacritics.
    const flip = (text: string): number => analysePair(text, evidence).features[FEATURE_NAMES.indexOf('outcome_flip')] ?? 0;
    expect(flip(claim)).toBe(1);
    expect(flip(foldDiacritics(claim))).toBe(1);
    // "tang" may be "tầng" (a floor): where nothing of the evidence faces it, it flips nothing.
    expect(conflictsOfKind('outcome', 'Toa nha tang 15 bi chay, theo Bo Cong an.', evidence)).toEqual([]);
    expect(conflictsOfKind('outcome', foldDiacritics(evidence), evidence)).toEqual([]);
  });

  it('a claim typed without diacritics flips an outcome word of several syllables wherever it stands, as with diacritics', () => {
    const evidence = 'Chiến dịch tiêm chủng đã thất bại vì thiếu vắc xin, theo Bộ Y tế.';
    const claim = 'Chiến dịch tiêm chủng đã thành công nhờ đủ vắc xin, theo Bộ Y tế.';
    expect(conflictsOfKind('outcome', claim, evidence)).toEqual(['thành công ↔ thất bại']);
    expect(conflictsOfKind('outcome', foldDiacritics(claim), evidence)).toEqual(['thanh cong ↔ thất bại']);
    expect(conflictsOfKind('outcome', foldDiacritics(evidence), evidence)).toEqual([]);
  });

  it('a claim typed without diacritics adds an absolute word as one with them does, not "chi" or "moi"', () => {
    const evidence = 'Công an tỉnh đã triệt phá đường dây đánh bạc qua mạng tại thành phố Vinh.';
    const absolute = (claim: string): number => analysePair(claim, evidence).features[FEATURE_NAMES.indexOf('absolute_added')] ?? 0;
    const claim = 'Công an tỉnh đã triệt phá toàn bộ đường dây đánh bạc qua mạng duy nhất tại thành phố Vinh.';
    expect(absolute(claim)).toBe(2);
    expect(absolute(foldDiacritics(claim))).toBe(2);
    expect(absolute(foldDiacritics('Công an tỉnh mới triệt phá đường dây đánh bạc qua mạng tại thành phố Vinh.'))).toBe(0);
    expect(absolute(foldDiacritics(evidence))).toBe(0);
  });

  it('a statement that someone does not want something denies the wish, not the event a claim reports; a claim that denies the wish still conflicts', () => {
    const evidence = 'Công an tỉnh cho biết người dân không muốn phải nhận thất bại trong việc phòng cháy.';
    const claim = 'Người dân đã nhận thất bại trong việc phòng cháy, theo Công an tỉnh.';
    expect(conflictsOfKind('negation', claim, evidence)).toEqual([]);
    expect(conflictsOfKind('negation', foldDiacritics(claim), evidence)).toEqual([]);
    // The same words with the negation on the fact itself do conflict.
    expect(conflictsOfKind('negation', claim, evidence.replace('không muốn phải nhận', 'không phải nhận'))).not.toEqual([]);
    // A claim denying a wish the evidence states is how a claim is refuted.
    expect(conflictsOfKind('negation', 'Học sinh không muốn đến trung tâm ôn luyện.', 'Học sinh muốn đến trung tâm ôn luyện.')).toEqual([
      'không ↔ muốn',
    ]);
  });

  it('"không thể" and "không bao giờ" deny as "không" does; folded "khong che", "chua benh", "kho chua" deny nothing', () => {
    const evidence = 'Lực lượng chức năng đã khống chế được đám cháy tại kho chứa hàng.';
    expect(conflictsOfKind('negation', 'Lực lượng chức năng không thể khống chế được đám cháy tại kho chứa hàng.', evidence)).toEqual([
      'không thể ↔ khống chế',
    ]);
    expect(conflictsOfKind('negation', foldDiacritics(evidence), evidence)).toEqual([]);
    const negations = (text: string): number => analysePair(text, text).features[FEATURE_NAMES.indexOf('negation_claim')] ?? 0;
    expect(negations('Bệnh viện không bao giờ từ chối cấp cứu người bệnh.')).toBeGreaterThan(0);
    expect(negations('Bệnh viện chữa bệnh cho người dân tại kho chứa cũ.')).toBe(0);
    expect(negations(foldDiacritics('Bệnh viện chữa bệnh cho người dân tại kho chứa cũ.'))).toBe(0);
    expect(negations(foldDiacritics('Chàng trai bị công an khống chế khi đang chữa cháy.'))).toBe(0);
    expect(negations(foldDiacritics('Đường dây lừa đảo thu số tiền khổng lồ, chẳng hạn từ tiền sửa chữa nhà.'))).toBe(0);
    expect(negations(foldDiacritics('Số tiền đó không hẳn là tiền sửa chữa nhà.'))).toBeGreaterThan(0);
  });

  it("a claim typed without diacritics reads a number's unit only from the units, so a changed number still conflicts", () => {
    const evidence = 'Dự thảo luật đã được trình Quốc hội cho ý kiến tại kỳ họp thứ 4, Quốc hội khóa XV.';
    const claim = 'Dự thảo luật đã được trình Quốc hội cho ý kiến tại kỳ họp thứ 3 của Quốc hội khóa XV.';
    // An ordinal's span takes in "thứ", so a reviewer reads which session.
    expect(conflictsOfKind('number', claim, evidence)).toEqual(['thứ 3 ↔ thứ 4']);
    // Before, "3 cua" and "4 ," were two units ("cua" and none), so nothing conflicted.
    expect(conflictsOfKind('number', foldDiacritics(claim), evidence)).toEqual(['thu 3 ↔ thứ 4']);
    const sentence = 'Bị cáo bị phạt tù từ 10 năm đến 15 năm.';
    expect(conflictsOfKind('number', foldDiacritics('Bị cáo bị phạt tù từ 10 năm đến 20 năm.'), sentence)).toEqual(['20 nam ↔ 15 năm']);
  });

  it('a changed number is a conflict whose spans point at both values', () => {
    const claim = 'Công an TP.HCM đã bắt giữ 25 đối tượng trong chuyên án lừa đảo chiếm đoạt tài sản qua mạng.';
    const result = detectStance(claim, ARREST);
    expect(result.stance).toBe('contradicts');
    const conflict = result.conflicts.find((c) => c.kind === 'number');
    expect(conflict?.claimSpan.text).toBe('25 đối tượng');
    expect(claim.slice(conflict?.claimSpan.start, conflict?.claimSpan.end)).toBe('25 đối tượng');
    expect(conflict?.evidenceSpan.text).toBe('15 đối tượng');
    expect(result.evidence.slice(conflict?.evidenceSpan.start, conflict?.evidenceSpan.end)).toBe('15 đối tượng');
  });

  it('bare numbers conflict only in the same slot: an article number with an article number, never a score with an ordinal', () => {
    const numberConflicts = (claim: string, evidence: string): string[] => conflictsOfKind('number', claim, evidence);
    // The same slot ("Điều …"): the changed article is the conflict, as given and typed without diacritics.
    const law = (n: string) => `Hành vi này bị xử lý theo quy định tại Điều ${n} Bộ luật Hình sự.`;
    expect(numberConflicts(law('255'), law('256'))).toEqual(['Điều 255 ↔ Điều 256']);
    expect(numberConflicts(foldDiacritics(law('255')), law('256'))).toEqual(['dieu 255 ↔ Điều 256']);
    // Different slots: a clause never pairs with an article (only the articles do), a score with an
    // ordinal, a count with a term of office.
    expect(
      numberConflicts(
        'Hai đối tượng phạm tội theo quy định tại Khoản 1 Điều 255 Bộ luật Hình sự.',
        'Bà H. bị khởi tố theo quy định tại điều 331 Bộ luật Hình sự.',
      ),
    ).toEqual(['Điều 255 ↔ điều 331']);
    expect(
      numberConflicts(
        'U23 Việt Nam thua 0 - 4 trước U23 UAE ở trận đấu thứ hai tại Doha Cup 2023.',
        'U23 Việt Nam chạm trán U23 UAE ở lượt trận thứ 2 Doha Cup 2023.',
      ),
    ).toEqual([]);
    expect(
      numberConflicts(
        'HĐND tỉnh đã miễn nhiệm chức danh Ủy viên UBND tỉnh đối với 2 giám đốc Sở.',
        'HĐND tỉnh đã miễn nhiệm chức danh Ủy viên UBND tỉnh nhiệm kỳ 2021 - 2026 đối với bà T.',
      ),
    ).toEqual([]);
  });

  it('amounts a thousand times apart are two measures, not one stated differently', () => {
    const numberConflicts = (claim: string, evidence: string): string[] => conflictsOfKind('number', claim, evidence);
    const price = 'Giá niêm yết của phiên bản này là khoảng 29 triệu đồng.';
    expect(numberConflicts(price, 'Giá niêm yết của phiên bản này là khoảng 35 triệu đồng.')).toEqual(['29 triệu đồng ↔ 35 triệu đồng']);
    expect(numberConflicts(price, 'Tổng vốn đầu tư của phiên bản này là khoảng 789.000 tỷ đồng.')).toEqual([]);
    expect(numberConflicts(foldDiacritics(price), 'Tổng vốn đầu tư của phiên bản này là khoảng 789.000 tỷ đồng.')).toEqual([]);
    // The same amount in other words is no conflict; two amounts 999 times apart still are.
    expect(numberConflicts('Số tiền bị lừa là 2 tỷ đồng.', 'Số tiền bị lừa là 2.000 triệu đồng.')).toEqual([]);
    expect(numberConflicts('Số tiền bị lừa là 2 triệu đồng.', 'Số tiền bị lừa là 1.998 triệu đồng.')).toEqual([
      '2 triệu đồng ↔ 1.998 triệu đồng',
    ]);
  });

  it("a value the passage holds with another measure is not the claim's figure; durations are compared in days", () => {
    const numberConflicts = (claim: string, evidence: string, passage = evidence): string[] =>
      analysePair(claim, evidence, passage)
        .conflicts.filter((c) => c.kind === 'number')
        .map((c) => `${c.claimSpan.text} ↔ ${c.evidenceSpan.text}`);
    const evidence = 'Evergrande đang “ôm” khoản nợ tương đương 2% tổng sản phẩm quốc nội (GDP) của Trung Quốc.';
    const passage = `${evidence} Những trái phiếu này sẽ được hoàn trả bằng tiền mặt trong thời hạn 7-10 năm.`;
    const claim = 'Evergrande đang “ôm” khoản nợ tương đương 7% tổng sản phẩm quốc nội (GDP) của Trung Quốc.';
    // Before, the "7" of "7-10 năm" anywhere in the passage made the claim's 7% a figure the statement gives.
    expect(numberConflicts(claim, evidence, passage)).toEqual(['7% ↔ 2%']);
    expect(numberConflicts(foldDiacritics(claim), evidence, passage)).toEqual(['7% ↔ 2%']);
    // A count's noun may be worded otherwise: the same value is the same figure.
    expect(numberConflicts('Lễ tang 16 chiến sĩ đã hy sinh.', 'Lễ tang 16 người đã hy sinh, với 15.000 người tham dự.')).toEqual([]);
    // One duration in two units is one figure; two lengths of time in the same slot conflict.
    const detention = 'Bà H. bị tạm giam đến nay đã tròn 1 năm.';
    expect(numberConflicts('Bà H. bị tạm giam đến nay đã tròn 12 tháng.', detention)).toEqual([]);
    expect(numberConflicts('Bà H. bị tạm giam đến nay đã tròn 1 tháng.', detention)).toEqual(['1 tháng ↔ 1 năm']);
    // Typed without diacritics, the unit read is part of the span too, so a reviewer sees which measure differs.
    expect(numberConflicts(foldDiacritics('Bà H. bị tạm giam đến nay đã tròn 1 tháng.'), detention)).toEqual(['1 thang ↔ 1 năm']);
  });

  it('figures moved to other slots conflict in the slot they left, though each value is still in the evidence', () => {
    const numberConflicts = (claim: string, evidence: string): string[] => conflictsOfKind('number', claim, evidence);
    const exam = 'Kỳ thi được tổ chức tại 86 địa điểm thi với 47 cụm thi ở 21 tỉnh thành.';
    const swapped = 'Kỳ thi được tổ chức tại 21 địa điểm thi với 47 cụm thi ở 86 tỉnh thành.';
    expect(numberConflicts(swapped, exam)).toEqual(['21 ↔ 86', '86 ↔ 21']);
    expect(numberConflicts(foldDiacritics(swapped), exam)).toEqual(['21 ↔ 86', '86 ↔ 21']);
    // The same figures in their own slots, the sentence reordered: nothing moved.
    expect(numberConflicts('Kỳ thi có 47 cụm thi ở 21 tỉnh thành, tổ chức tại 86 địa điểm thi.', exam)).toEqual([]);
  });

  it('a word of a closed class put where the evidence has another (gender, time of day, a number word) is an outcome conflict', () => {
    const outcomes = (claim: string, evidence: string): string[] => conflictsOfKind('outcome', claim, evidence);
    const appointed = 'Tổng thống Sheikh Mohammed đã bổ nhiệm các em trai của mình vào các vị trí cấp cao của đất nước.';
    expect(outcomes(appointed.replace('em trai', 'em gái'), appointed)).toEqual(['gái ↔ trai']);
    expect(outcomes(foldDiacritics(appointed.replace('em trai', 'em gái')), appointed)).toEqual(['gai ↔ trai']);
    expect(
      outcomes('Phó Thủ tướng tiếp bà Therese Coffey chiều 12/4 tại Hà Nội.', 'Phó Thủ tướng tiếp bà Therese Coffey sáng 12/4 tại Hà Nội.'),
    ).toEqual(['chiều ↔ sáng']);
    expect(outcomes('Thái Lan tụt bốn bậc sau những kết quả thất vọng.', 'Thái Lan tụt ba bậc sau những kết quả thất vọng.')).toEqual([
      'bốn ↔ ba',
    ]);
    // The sentence reordered, so the alignment matched the words around it elsewhere: the word that follows the same word.
    const guides = 'Với đơn vị lữ hành ở miền Nam, Sở Du lịch sẽ nhắc nhở hướng dẫn viên lưu ý khi thuyết minh.';
    const north = 'Sở Du lịch sẽ nhắc nhở hướng dẫn viên của đơn vị lữ hành ở miền Bắc lưu ý khi thuyết minh.';
    expect(outcomes(north, guides)).toEqual(['Bắc ↔ Nam']);
    // Typed without diacritics, "nam" is also "năm" (a year): read only where the alignment faces it.
    expect(outcomes(foldDiacritics(north), guides)).toEqual([]);
    expect(
      outcomes('Các đại biểu dự lễ khai mạc Lễ hội Du lịch năm 2023.', 'Các đại biểu dự lễ khai mạc Lễ hội Du lịch miền Bắc.'),
    ).toEqual([]);
    expect(
      outcomes(
        'Có tranh cãi liệu người mẹ có vi phạm quyền riêng tư khi lắp camera trong phòng.',
        'Người bố đã lắp camera trong phòng, dấy lên tranh cãi liệu người bố có vi phạm quyền riêng tư hay không.',
      ),
    ).toEqual(['mẹ ↔ bố']);
    // At the sentence's start, and a colour (as written: folded, "do" is also "do" or "đó").
    expect(
      outcomes(
        'Chiều ngày 24/3 tại Hà Nội, Bộ trưởng Bộ Nội vụ chủ trì hội nghị.',
        'Sáng 24/3, tại Hà Nội, Bộ trưởng Bộ Nội vụ chủ trì hội nghị.',
      ),
    ).toEqual(['Chiều ↔ Sáng']);
    const bike = 'Hai người chạy xe SH màu trắng, biển số 75K1-510.16, đi xuống phía nam đèo Hải Vân.';
    expect(outcomes(bike.replace('trắng', 'đỏ'), bike)).toEqual(['đỏ ↔ trắng']);
    expect(outcomes(foldDiacritics(bike.replace('trắng', 'đỏ')), bike)).toEqual([]);
    // "cha" and "bố" are one father, not a contrast.
    expect(outcomes('Bé được cha đưa đến bệnh viện.', 'Bé được bố đưa đến bệnh viện.')).toEqual([]);
    // A claim that names both ("miền Bắc và miền Nam") changes neither.
    expect(outcomes('Sở Du lịch nhắc nhở đơn vị lữ hành ở miền Bắc và miền Nam lưu ý khi thuyết minh.', guides)).toEqual([]);
    // Another word, not of the class ("em họ" for "em trai"): a wording difference, no outcome.
    expect(outcomes(appointed.replace('em trai', 'em họ'), appointed)).toEqual([]);
    expect(outcomes(appointed, appointed)).toEqual([]);
  });

  it('the word a claim ends on, put for the last word of the evidence clause, is a swap though nothing aligned follows it', () => {
    const swapsOf = (claim: string, evidence: string) => {
      const a = analysePair(claim, evidence);
      return {
        words: a.features[FEATURE_NAMES.indexOf('words_swapped')],
        gaps: a.sparse.filter((f) => f.startsWith('sw:')),
        conflicts: a.conflicts.map((c) => `${c.kind}: ${c.claimSpan.text} ↔ ${c.evidenceSpan.text}`),
      };
    };
    const handled = 'Theo cơ quan công an, người đàn ông đã bị xử lý hành chính.';
    expect(swapsOf(handled.replace('hành chính', 'hình sự'), handled)).toEqual({
      words: 1,
      gaps: ['sw:hinh_su>hanh_chinh'],
      conflicts: ['wording: hình sự ↔ hành chính'],
    });
    expect(swapsOf(foldDiacritics(handled.replace('hành chính', 'hình sự')), handled).gaps).toEqual(['sw:hinh_su>hanh_chinh']);
    // The evidence's clause goes on after the swap: its end, not the sentence's, bounds the run.
    expect(swapsOf('Nhà máy nằm ở phía tây.', 'Nhà máy nằm ở phía đông, gần sông Hồng.').conflicts).toEqual(['outcome: tây ↔ đông']);
    // A name for a name is no word swap (it is counted as a name swap) and shows as the wording that differs.
    expect(swapsOf('TikTok sẽ giao dữ liệu người dùng Mỹ cho Apple.', 'TikTok sẽ giao dữ liệu người dùng Mỹ cho Oracle.')).toEqual({
      words: 0,
      gaps: ['sw:apple>oracle'],
      conflicts: ['wording: Apple ↔ Oracle'],
    });
    // Words the claim adds where the evidence's clause has ended are an addition, not a swap.
    expect(swapsOf('Người đàn ông đã bị xử lý tại Hà Nội.', 'Người đàn ông đã bị xử lý, sau đó được thả.').gaps).toEqual([]);
    // Nor is a claim that stops where the evidence goes on for long.
    expect(swapsOf('Người đàn ông đã bị xử lý nghiêm.', 'Người đàn ông đã bị xử lý theo quy định của pháp luật hiện hành.').gaps).toEqual(
      [],
    );
  });

  it("two names that trade places (who did what reversed) are an exchange, shown as the claim's name against the evidence's; a list reordered is not", () => {
    const exchange = (claim: string, evidence: string) => {
      const a = analysePair(claim, evidence);
      return {
        exchanges: a.features[FEATURE_NAMES.indexOf('exchanges')],
        conflicts: a.conflicts.map((c) => `${c.kind}: ${c.claimSpan.text} ↔ ${c.evidenceSpan.text}`),
      };
    };
    const vote =
      'Hungary thông báo quốc hội sẽ bỏ phiếu về đơn gia nhập NATO của Phần Lan vào ngày 27-3, nhưng đơn của Thụy Điển sẽ được quyết định sau.';
    const reversed = vote.replace('Phần Lan', 'X').replace('Thụy Điển', 'Phần Lan').replace('X', 'Thụy Điển');
    expect(exchange(reversed, vote)).toEqual({ exchanges: 1, conflicts: ['wording: Thụy Điển ↔ Phần Lan'] });
    expect(exchange(foldDiacritics(reversed), vote).exchanges).toBe(1);
    expect(
      exchange(
        'Quân đội Ukraine đã phá hủy một tổ hợp phòng không Osa của Nga.',
        'Tại hướng Krasny Liman, quân đội Nga đã phá hủy một tổ hợp phòng không Osa của Ukraine.',
      ).conflicts,
    ).toEqual(['wording: Ukraine ↔ Nga']);
    // Names between brackets, the alignment matching one of them far away: read by the words around each name.
    expect(
      exchange(
        'Ba chàng trai Công (Doãn Quốc Đam), Thành (Quang Sự) và Danh (Thanh Sơn) mỗi người một tính cách.',
        'Nhà có 3 chàng trai: Công (Quang Sự), Thành (Doãn Quốc Đam) và Danh (Thanh Sơn). Mỗi người một tính cách.',
      ).exchanges,
    ).toBe(1);
    // The sentence's end is a neighbour too: the last name traded with one inside.
    const ambulance = 'Xe cứu thương gặp nạn khi chở một thi thể từ tỉnh Tiền Giang về tỉnh Nghệ An';
    expect(exchange('Xe cứu thương gặp nạn khi chở một thi thể từ tỉnh Nghệ An về tỉnh Tiền Giang.', ambulance)).toEqual({
      exchanges: 1,
      conflicts: ['wording: Nghệ An ↔ Tiền Giang'],
    });
    // The same names in the same places, or a list given in another order, say the same.
    expect(exchange(vote, vote)).toEqual({ exchanges: 0, conflicts: [] });
    expect(
      exchange('Sáng nay, đại diện Nga và Ukraine đã ký thỏa thuận.', 'Sáng nay, đại diện Ukraine và Nga đã ký thỏa thuận.').exchanges,
    ).toBe(0);
    expect(exchange('Hai đội Nga và Ukraine đã hòa 1-1.', 'Hai đội Ukraine và Nga đã hòa 1-1.').exchanges).toBe(0);
  });

  it('with no typed conflict, a name put where the evidence has another name is the wording shown', () => {
    const shown = (claim: string, evidence: string) =>
      analysePair(claim, evidence).conflicts.map((c) => `${c.kind}: ${c.claimSpan.text} ↔ ${c.evidenceSpan.text}`);
    const evidence = 'Đại biện Nguyễn Đức Minh đánh giá việc ra đời Liên hiệp Hội có ý nghĩa hết sức to lớn.';
    expect(shown('Đại biện Nguyễn Hồng Sơn đánh giá việc ra đời Liên hiệp Hội có ý nghĩa hết sức to lớn.', evidence)).toEqual([
      'wording: Hồng Sơn ↔ Đức Minh',
    ]);
    // One name written two ways is no swap: spaces, i for y, an initial.
    expect(shown('Ông Trump đăng video lên You Tube.', 'Ông Trump đăng video lên YouTube.')).toEqual([]);
    expect(shown('Cuộc thi do Bộ trưởng Lê Kì chủ trì.', 'Cuộc thi do Bộ trưởng Lê Kỳ chủ trì.')).toEqual([]);
    expect(shown('Vụ việc do bà H. tố giác.', 'Vụ việc do bà Hương tố giác.')).toEqual([]);
    // The same name shows nothing; a common word put for the name is a word swap, shown as such.
    expect(shown(evidence, evidence)).toEqual([]);
    expect(shown('Đại biện lâm thời đánh giá việc ra đời Liên hiệp Hội có ý nghĩa hết sức to lớn.', evidence)).toEqual([
      'wording: lâm thời ↔ Nguyễn Đức Minh',
    ]);
  });

  it('the same number, the same event: supports, with no conflict', () => {
    const result = detectStance('Công an TP.HCM đã bắt giữ 15 đối tượng trong chuyên án lừa đảo chiếm đoạt tài sản qua mạng.', ARREST);
    expect(result.stance).toBe('supports');
    expect(result.conflicts).toEqual([]);
  });

  it('a negation flip ("không gửi" against "gửi") contradicts', () => {
    const claim = 'Bộ Công an gửi đường link yêu cầu người dân cập nhật thông tin căn cước công dân.';
    expect(kinds(claim, VNEID)).toContain('negation');
    const result = detectStance(claim, VNEID);
    expect(result.stance).toBe('contradicts');
    expect(result.conflicts.find((c) => c.kind === 'negation')?.evidenceSpan.text).toBe('không');
  });

  it('a date stated less precisely on one side is the same date, and a time or "hôm nay" never conflicts with a calendar day', () => {
    const dateConflicts = (claim: string, evidence: string): string[] =>
      analysePair(claim, evidence)
        .conflicts.filter((c) => c.kind === 'date')
        .map((c) => `${c.claimSpan.text} ↔ ${c.evidenceSpan.text}`);
    expect(dateConflicts('U23 Việt Nam gặp U23 UAE vào rạng sáng 26/3.', 'U23 Việt Nam gặp U23 UAE lúc 0h30 sáng 26-3.')).toEqual([]);
    expect(
      dateConflicts('Công an mở cao điểm cấp căn cước đến hết ngày 20/5/2023.', 'Công an mở cao điểm cấp căn cước đến hết ngày 20/5.'),
    ).toEqual([]);
    expect(
      dateConflicts('Đội tuyển không thi đấu trong đợt FIFA Days tháng 3/2023.', 'Đội tuyển không thi đấu ở dịp FIFA Days tháng 3.'),
    ).toEqual([]);
    expect(dateConflicts('Số ca mắc tăng trong 24 giờ qua.', 'Hôm nay số ca mắc tăng.')).toEqual([]);
    // Another day is still a conflict.
    expect(
      dateConflicts('Công an mở cao điểm cấp căn cước đến hết ngày 20/5/2023.', 'Công an mở cao điểm cấp căn cước đến hết ngày 25/5/2023.'),
    ).toEqual(['ngày 20/5/2023 ↔ ngày 25/5/2023']);
  });

  it("with no typed difference, the words the claim swaps for the evidence's are the span shown (wording), and do not count as a named conflict", () => {
    const claim = 'Đối tượng bị phạt cảnh cáo vì hành vi gây rối trật tự công cộng.';
    const evidence = 'Đối tượng bị phạt tiền vì hành vi gây rối trật tự công cộng.';
    const { conflicts } = analysePair(claim, evidence);
    expect(conflicts.map((c) => [c.kind, c.claimSpan.text, c.evidenceSpan.text])).toEqual([['wording', 'cảnh cáo', 'tiền']]);
    expect(claim.slice(conflicts[0]?.claimSpan.start, conflicts[0]?.claimSpan.end)).toBe('cảnh cáo');
    expect(namesConflict(conflicts)).toBe(false);
    // A typed conflict leaves no room for a wording span.
    const typed = analysePair('Đối tượng bị phạt 5 triệu đồng vì gây rối.', 'Đối tượng bị phạt 7 triệu đồng vì gây rối.').conflicts;
    expect(typed.map((c) => c.kind)).toEqual(['number']);
    expect(namesConflict(typed)).toBe(true);
  });

  it('a syllable written with i for y ("kì" / "kỳ", "sĩ" / "sỹ", "tỉ" / "tỷ") is the same word, not a wording difference', () => {
    const spans = (claim: string, evidence: string) =>
      analysePair(claim, evidence).conflicts.map((c) => [c.kind, c.claimSpan.text, c.evidenceSpan.text]);
    expect(
      spans('Bộ Giáo dục công bố lịch kì thi tốt nghiệp vào cuối tháng 6.', 'Bộ Giáo dục công bố lịch kỳ thi tốt nghiệp vào cuối tháng 6.'),
    ).toEqual([]);
    expect(spans('Vụ lừa đảo chiếm đoạt 5 tỉ đồng của người dân.', 'Vụ lừa đảo chiếm đoạt 5 tỷ đồng của người dân.')).toEqual([]);
    // The difference that is one is the span shown, not the spelling beside it.
    expect(
      spans('Hai chiến sĩ công an bị thương khi truy bắt tội phạm ma túy.', 'Hai chiến sỹ công an hy sinh khi truy bắt tội phạm ma túy.'),
    ).toEqual([['wording', 'bị thương', 'hy sinh']]);
  });

  it('a date the sentence compares with ("như năm 2022", "so với cùng kỳ năm 2021") is the reference, and conflicts with no other date', () => {
    const dates = (claim: string, evidence: string) => conflictsOfKind('date', claim, evidence);
    const claim = 'Kỳ thi tốt nghiệp THPT năm 2023 cơ bản giữ ổn định như năm 2022.';
    const evidence = 'Kỳ thi tốt nghiệp THPT năm 2023 giữ ổn định như năm 2021.';
    expect(dates(claim, evidence)).toEqual([]);
    expect(dates(stripDiacritics(claim), evidence)).toEqual([]);
    expect(dates('Số vụ trộm cắp giảm 12% so với cùng kỳ năm 2021.', 'Số vụ trộm cắp giảm 12% so với cùng kỳ năm 2022.')).toEqual([]);
    // The time of what is reported still conflicts.
    expect(dates('Kỳ thi tốt nghiệp THPT năm 2024 giữ ổn định như năm 2022.', evidence)).toHaveLength(1);
  });

  it('a negation pairs only with a word it governs, not with any word shared far after it', () => {
    // "chưa" governs "công bố danh tính"; the patient and the district come long after it.
    const far = 'Sở Y tế chưa công bố danh tính của những người đã tiếp xúc gần với bệnh nhân tại quận Hoàng Mai.';
    expect(kinds('Bệnh nhân đang điều trị tại quận Hoàng Mai.', far)).not.toContain('negation');
    // Within its scope, the governed word names the conflict.
    expect(kinds('Sở Y tế đã công bố danh tính những người tiếp xúc gần.', far)).toContain('negation');
  });

  it('"không phải" denies what follows "phải": a modal "phải" elsewhere is no counterpart', () => {
    // The copula: "không phải là …" denies the noun after it, not the word "phải" in another sentence.
    const modalElsewhere = 'Học sinh phải học tập chăm chỉ để đạt kết quả tốt.';
    expect(conflictsOfKind('negation', 'Học sinh không phải là người chịu trách nhiệm chính.', modalElsewhere)).toEqual([]);
    expect(conflictsOfKind('negation', 'Hoc sinh khong phai la nguoi chiu trach nhiem chinh.', modalElsewhere)).toEqual([]);
    // The modal: the verb it governs is shared, so the denial still points at it.
    const modal = 'Người dân không phải trả bất kỳ chi phí nào để xem các trận đấu.';
    expect(conflictsOfKind('negation', 'Người dân phải trả tiền để xem các trận đấu.', modal)).toEqual(['trả ↔ không']);
    expect(conflictsOfKind('negation', 'Nguoi dan phai tra tien de xem cac tran dau.', modal)).toEqual(['tra ↔ không']);
  });

  it('"không ít", "không gian", "không chỉ", "không ngừng" and "… hay không" deny nothing', () => {
    const negation = (claim: string): number => analysePair(claim, claim).features[FEATURE_NAMES.indexOf('negation_claim')] as number;
    for (const claim of [
      'Không ít tổ chức giáo dục có nhiều bước đi mới.',
      'Trung tâm tạo cho học sinh không gian học tập hiện đại.',
      'Công an không chỉ bắt giữ mà còn thu hồi tài sản.',
      'Lực lượng chức năng không ngừng nỗ lực truy bắt đối tượng.',
      'Cơ quan điều tra làm rõ có hành vi ép buộc hay không.',
    ])
      expect(negation(claim), claim).toBe(0);
    expect(negation('Công an không bắt giữ đối tượng.')).toBe(1);
  });

  it('"không" inside a word (không khí, hàng không) is not a negation', () => {
    const claim = 'Chất lượng không khí tại Hà Nội được cải thiện rõ rệt trong tuần qua.';
    expect(kinds(claim, GAMBLING)).not.toContain('negation');
    expect(detectStance(claim, GAMBLING).stance).toBe('supports');
    // "xuyên không" (time travel), with diacritics or without, denies nothing.
    const film = 'Lee Yeon xuyên về năm 1938 và đấu tranh để trở về thế giới cũ.';
    for (const plot of ['Phim kể về Lee Yeon xuyên không về năm 1938.', 'Phim ke ve Lee Yeon xuyen khong ve nam 1938.'])
      expect(kinds(plot, film), plot).not.toContain('negation');
    // Nor do "phòng không" (air defence) and "không người lái" (unmanned), as given or folded.
    const strike = 'Lực lượng Nga phá hủy một máy bay của Ukraine trên bầu trời Donetsk.';
    for (const war of [
      'Lực lượng phòng không Nga phá hủy một máy bay không người lái của Ukraine.',
      'Luc luong phong khong Nga pha huy mot may bay khong nguoi lai cua Ukraine.',
    ])
      expect(kinds(war, strike), war).not.toContain('negation');
  });

  it('"từ chối" against "đồng ý", and "phản đối" against "tán thành", are opposite outcomes', () => {
    const evidence = 'Ủy ban Thường vụ Quốc hội đã đồng ý với đề xuất của Chính phủ về việc sửa Luật Đất đai.';
    expect(kinds('Ủy ban Thường vụ Quốc hội đã từ chối đề xuất của Chính phủ về việc sửa Luật Đất đai.', evidence)).toContain('outcome');
    const vote = 'Đa số đại biểu tán thành dự thảo luật.';
    expect(kinds('Đa số đại biểu phản đối dự thảo luật.', vote)).toContain('outcome');
  });

  it('an opposite outcome word ("tăng" against "giảm") contradicts', () => {
    const result = detectStance('Trong quý I, số vụ tai nạn giao thông tăng 10% so với cùng kỳ năm trước.', TRAFFIC);
    expect(result.stance).toBe('contradicts');
    const outcome = result.conflicts.find((c) => c.kind === 'outcome');
    expect([outcome?.claimSpan.text, outcome?.evidenceSpan.text]).toEqual(['tăng', 'giảm']);
  });

  it('a claim that already says the opposite outcome in other words ("3 thắng, 1 hòa và 1 bại") is a tally, not a flip', () => {
    const evidence = 'Tuyển Anh thua 1-2 trước tuyển Pháp ở tứ kết.';
    expect(conflictsOfKind('outcome', 'Tuyển Anh có 3 thắng, 1 hòa và 1 bại trong 5 trận gần nhất ở tứ kết.', evidence)).toEqual([]);
    expect(conflictsOfKind('outcome', 'Tuyển Anh thắng 2-1 trước tuyển Pháp ở tứ kết.', evidence)).toEqual(['thắng ↔ thua']);
  });

  it('an outcome word negated on one side says its opposite ("chưa cao" is "thấp", "không ít" is "nhiều"): no outcome conflict', () => {
    const outcomes = (claim: string, evidence: string): string[] => conflictsOfKind('outcome', claim, evidence);
    const insurance = 'Kết quả giảm nghèo chưa bền vững; tỷ lệ bao phủ bảo hiểm xã hội còn thấp.';
    expect(outcomes('Kết quả giảm nghèo chưa bền vững; tỷ lệ bao phủ bảo hiểm xã hội còn chưa cao.', insurance)).toEqual([]);
    expect(outcomes('Kết quả giảm nghèo chưa bền vững; tỷ lệ bao phủ bảo hiểm xã hội còn cao.', insurance)).toEqual(['cao ↔ thấp']);
    const criticism = 'Hai trận thua đậm đã khiến đội tuyển nhận không ít chỉ trích từ người hâm mộ.';
    expect(outcomes('Hai trận thua đậm đã khiến đội tuyển nhận nhiều chỉ trích từ người hâm mộ.', criticism)).toEqual([]);
    expect(outcomes(foldDiacritics('Hai trận thua đậm đã khiến đội tuyển nhận nhiều chỉ trích từ người hâm mộ.'), criticism)).toEqual([]);
    // Negated on both sides, the two still oppose each other.
    expect(outcomes('Số vụ tai nạn không tăng so với năm trước.', 'Số vụ tai nạn không giảm so với năm trước.')).toEqual(['tăng ↔ giảm']);
  });

  it('another province for the same operation is a place conflict', () => {
    const result = detectStance('Công an tỉnh Hà Tĩnh triệt phá đường dây đánh bạc qua mạng quy mô lớn.', GAMBLING);
    expect(result.stance).toBe('contradicts');
    const place = result.conflicts.find((c) => c.kind === 'place');
    expect([place?.claimSpan.text, place?.evidenceSpan.text]).toEqual(['Hà Tĩnh', 'Nghệ An']);
  });

  it('another country in the same slot is a place conflict; a province against Việt Nam is one place at two scales', () => {
    const trade = 'Hiện Trung Quốc đã vượt xa Mỹ, là đối tác thương mại hai chiều lớn nhất của châu Phi.';
    expect(conflictsOfKind('place', 'Nga đã vượt xa Mỹ trở thành đối tác thương mại lớn nhất của châu Phi.', trade)).toEqual([
      'Nga ↔ Trung Quốc',
    ]);
    expect(conflictsOfKind('place', 'Nga da vuot xa My tro thanh doi tac thuong mai lon nhat cua chau Phi.', trade)).toEqual([
      'Nga ↔ Trung Quốc',
    ]);
    expect(
      conflictsOfKind('place', 'Công an xã ở Hà Nội bắt giữ 3 đối tượng lừa đảo.', 'Công an xã ở Việt Nam bắt giữ 3 đối tượng lừa đảo.'),
    ).toEqual([]);
  });

  it('a place or an organisation in another slot of the sentence is no conflict (another subject, not a swapped name)', () => {
    const places = (claim: string, evidence: string): string[] =>
      analysePair(claim, evidence)
        .conflicts.filter((c) => c.kind === 'place' || c.kind === 'organization')
        .map((c) => c.evidenceSpan.text);
    expect(
      places(
        'Cơ quan công an đang di lý đối tượng về Đà Nẵng để phục vụ điều tra.',
        'Cơ quan Cảnh sát điều tra Công an TP Hà Nội đề nghị người dân cung cấp thông tin.',
      ),
    ).toEqual([]);
    expect(
      places(
        'Ngân hàng Nhà nước muốn sửa đổi quy định về mua bán trái phiếu doanh nghiệp.',
        'Ngày 5/3, Chính phủ ban hành nghị định sửa đổi một số điều về trái phiếu doanh nghiệp.',
      ),
    ).toEqual([]);
    // The same slot: the swapped name is the conflict.
    expect(
      places('Cơ quan công an đang di lý đối tượng về Đà Nẵng để điều tra.', 'Cơ quan công an đang di lý đối tượng về Hà Nội để điều tra.'),
    ).toEqual(['Hà Nội']);
  });

  it('a claim that adds what the statement never says is not enough information', () => {
    const result = detectStance(
      'Các đối tượng đã chiếm đoạt hơn 200 tỷ đồng của hàng nghìn nạn nhân ở nhiều tỉnh miền Tây và bị khởi tố về tội rửa tiền.',
      ARREST,
    );
    expect(result.stance).toBe('nei');
    expect(result.conflicts).toEqual([]);
  });

  it('a swap inside a moved clause, a changed ending and a one-sided negation show in their features', () => {
    const f = (claim: string, evidence: string): Record<string, number> => {
      const values = analysePair(claim, evidence).features;
      return Object.fromEntries(FEATURE_NAMES.map((n, j) => [n, values[j] as number]));
    };
    const evidence =
      'Tập đoàn đang ôm khoản nợ tương đương 2% GDP của Trung Quốc. Tập đoàn đang nỗ lực đạt thỏa thuận tái cơ cấu nợ với các trái chủ quốc tế.';
    // The clauses come in the other order, so the in-order alignment cannot pair "7%" with "2%"; the local one does.
    const swapped = f(
      'Tập đoàn đang nỗ lực đạt thỏa thuận tái cơ cấu nợ với các trái chủ quốc tế khi đang ôm khoản nợ tương đương 7% GDP của Trung Quốc.',
      evidence,
    );
    expect(swapped.local_swaps).toBe(1);
    expect(f('Tập đoàn đang ôm khoản nợ tương đương 2% GDP của Trung Quốc.', evidence).local_swaps).toBe(0);

    const arrest = 'Ông Ca bị Cơ quan An ninh điều tra khởi tố, tạm giam về tội lừa đảo chiếm đoạt tài sản.';
    expect(f('Ông Ca bị Cơ quan An ninh điều tra khởi tố, tạm giam về tội lừa đảo chiếm đoạt tài sản.', arrest).tail_missing).toBe(0);
    expect(
      f('Ông Ca bị Cơ quan An ninh điều tra khởi tố, tạm giam vì nhận hối lộ hàng trăm tỷ đồng.', arrest).tail_missing,
    ).toBeGreaterThan(0.5);

    expect(
      f('Bộ Công an không gửi đường link cập nhật thông tin.', 'Bộ Công an gửi đường link cập nhật thông tin.').negation_difference,
    ).toBe(1);
    expect(
      f('Bộ Công an gửi đường link cập nhật thông tin.', 'Bộ Công an không gửi đường link cập nhật thông tin.').negation_difference,
    ).toBe(-1);
    // "không" inside "hàng không" is no negation.
    expect(f('Hãng hàng không tăng chuyến bay.', 'Hãng hàng không tăng chuyến bay.').negation_difference).toBe(0);
  });
});

describe('Stance > a sentence against the statement that holds it', () => {
  // Sentences in the style of the police news the crawlers bring (negations, amounts, dates).
  const sentences = [
    'Sáng 21/3, Công an quận Hoàng Mai cho biết chưa phát hiện dấu hiệu tội phạm trong vụ cháy.',
    'Người bị hại không cung cấp mã OTP nhưng vẫn bị chiếm đoạt 500 triệu đồng.',
    'Cơ quan công an không gửi tin nhắn yêu cầu người dân cập nhật VNeID.',
    'Trên mạng xã hội lan truyền thông tin cho rằng Bộ Công an thu phí làm căn cước, bà Nguyễn Thị H. bác bỏ thông tin này.',
  ];
  const REPORT = sentences.join(' ');

  it('is never contradicted by it, as written or typed without diacritics (negations, amounts and a reported denial included)', () => {
    for (const sentence of sentences) {
      for (const claim of [sentence, foldDiacritics(sentence), foldDiacritics(sentence).toUpperCase()]) {
        const result = detectStance(claim, REPORT);
        expect(result.stance, claim).not.toBe('contradicts');
        expect(result.conflicts, claim).toEqual([]);
      }
    }
  });

  it('a claim typed without diacritics reads its negation and amounts against the folded evidence', () => {
    const folded = (claim: string): readonly number[] => {
      const aligned = alignEvidence(claim, REPORT);
      return analysePair(claim, aligned.text, REPORT).features;
    };
    const at = (name: (typeof FEATURE_NAMES)[number]): number => FEATURE_NAMES.indexOf(name);
    const same = folded('nguoi bi hai khong cung cap ma OTP nhung van bi chiem doat 500 trieu dong');
    expect(same[at('negation_flip')]).toBe(0);
    expect(same[at('numbers_conflicting')]).toBe(0);
    // Dropping the negation is still a flip, and another amount still a conflict.
    const flipped = folded('nguoi bi hai cung cap ma OTP nen bi chiem doat 500 trieu dong');
    expect(flipped[at('negation_flip')]).toBe(1);
    const other = folded('nguoi bi hai khong cung cap ma OTP nhung van bi chiem doat 900 trieu dong');
    expect(other[at('numbers_conflicting')]).toBe(1);
    expect(kinds('Co quan cong an gui tin nhan yeu cau nguoi dan cap nhat VNeID', REPORT)).toContain('negation');
    // Read folded, a year is a year, a number keeps the word after it, and "hàng không" denies nothing.
    const airline = 'Ông Trần Văn K. có gần 30 năm kinh nghiệm điều hành hãng hàng không giá rẻ.';
    expect(kinds('Nam 2022 ong Tran Van K. dieu hanh hang hang khong gia re.', airline)).toEqual([]);
    expect(kinds('Ong Tran Van K. co nhieu kinh nghiem dieu hanh hang gia re.', airline)).not.toContain('negation');
    // Another day's figure, typed without diacritics, is another day's figure: no contradiction.
    const daily = 'Ngày 21/3, toàn tỉnh có 4.878 liều vắc-xin được tiêm.';
    const otherDay = detectStance('Ngay 26-3, toan tinh co 18.240 lieu vac-xin duoc tiem.', daily);
    expect(otherDay.features[at('numbers_conflicting')]).toBeGreaterThan(0);
    expect(gatedStance(otherDay).stance).toBe('nei');
    expect(kinds('Ong Tran Van K. co gan 20 nam kinh nghiem dieu hanh hang hang khong gia re.', airline)).toContain('number');
  });

  it('a clause the sentence holds word for word meets only the negations that bear on it', () => {
    const sentence = 'Dù kết quả không tốt nhưng HLV Nguyễn Văn T. cho rằng các học trò đã được cọ sát với những đội bóng hàng đầu châu Á.';
    const held = detectStance('các học trò đã được cọ sát với những đội bóng hàng đầu châu Á', sentence);
    expect(held.stance).not.toBe('contradicts');
    expect(held.conflicts).toEqual([]);
    // A negation governing the clause's first words denies it.
    const denied = 'Bộ Công an khẳng định chưa bao giờ gửi tin nhắn yêu cầu người dân cập nhật căn cước qua đường link.';
    expect(kinds('gửi tin nhắn yêu cầu người dân cập nhật căn cước qua đường link', denied)).toContain('negation');
  });

  it('a rebuttal still contradicts the rumour it restates, but not a claim that reports the denial', () => {
    const rumour = 'Bộ Công an thu phí làm căn cước.';
    const denied = detectStance(rumour, REPORT);
    expect(denied.basis).toBe('denial');
    expect(denied.stance).toBe('contradicts');
    const reportsDenial = detectStance('Bà Nguyễn Thị H. bác bỏ thông tin Bộ Công an thu phí làm căn cước.', REPORT);
    expect(reportsDenial.basis).toBe('model');
    expect(detectStance('ba Nguyen Thi H. phan bac tin Bo Cong an thu phi lam can cuoc', REPORT).basis).toBe('model');
  });
});

describe('Stance > the logistic regression and its figures', () => {
  it('learns which feature separates the classes and predicts unseen rows by it', () => {
    const d = FEATURE_NAMES.length;
    const row = (coverage: number, conflicts: number, novel: number): number[] => {
      const r = new Array<number>(d).fill(0);
      r[FEATURE_NAMES.indexOf('coverage_syllables')] = coverage;
      r[FEATURE_NAMES.indexOf('numbers_conflicting')] = conflicts;
      r[FEATURE_NAMES.indexOf('novel_syllables')] = novel;
      return r;
    };
    const rows: number[][] = [];
    const labels: Stance[] = [];
    for (let i = 0; i < 30; i += 1) {
      const jitter = (i % 5) / 50;
      rows.push(row(0.9 + jitter, 0, 0.05), row(0.85 + jitter, 1, 0.05), row(0.4 + jitter, 0, 0.6));
      labels.push('supports', 'contradicts', 'nei');
    }
    const model = trainStanceModel(rows, labels);
    expect(predictStance(model, row(0.95, 0, 0))).toBe('supports');
    expect(predictStance(model, row(0.9, 2, 0))).toBe('contradicts');
    expect(predictStance(model, row(0.3, 0, 0.8))).toBe('nei');
    // The same, experimental two-step model (two-step.ts).
    const options = { learningRate: 0.1, epochs: 30 };
    const two = trainTwoStepModel(
      rows.map((dense) => ({ dense, sparse: [] })),
      labels,
      options,
    );
    expect(predictTwoStep(two, { dense: row(0.95, 0, 0), sparse: [] })).toBe('supports');
    expect(predictTwoStep(two, { dense: row(0.9, 2, 0), sparse: [] })).toBe('contradicts');
    expect(predictTwoStep(two, { dense: row(0.3, 0, 0.8), sparse: [] })).toBe('nei');
  });

  it('(two-step) learns a named lexical feature (an antonym swap) and keeps its weight readable', () => {
    const dense = new Array<number>(FEATURE_NAMES.length).fill(0);
    const inputs = [];
    const labels: Stance[] = [];
    for (let i = 0; i < 40; i += 1) {
      inputs.push(
        { dense, sparse: ['sw:tang>giam', `c-:x${i % 7}`] },
        { dense, sparse: [`c-:y${i % 5}`] },
        { dense, sparse: ['n-:7-12', `c-:z${i % 3}`] },
      );
      labels.push('contradicts', 'supports', 'nei');
    }
    const model = trainTwoStepModel(inputs, labels, { learningRate: 0.1, epochs: 30 });
    expect(predictTwoStep(model, { dense, sparse: ['sw:tang>giam'] })).toBe('contradicts');
    expect(model.direction.sparse['sw:tang>giam']).toBeLessThan(0); // towards contradicts
    expect(predictTwoStep(model, { dense, sparse: ['n-:7-12'] })).toBe('nei');
  });

  it('(two-step) chooses its thresholds on grouped inner folds, and calibrates each step', () => {
    const d = FEATURE_NAMES.length;
    const rows = [];
    const labels: Stance[] = [];
    const groups: number[] = [];
    for (let i = 0; i < 90; i += 1) {
      const r = new Array<number>(d).fill(0);
      r[0] = (i % 3) + ((i * 7) % 10) / 20;
      rows.push({ dense: r, sparse: [] });
      labels.push((['supports', 'contradicts', 'nei'] as const)[i % 3] as Stance);
      groups.push(i % 3 === 0 ? (i >> 1) % 3 : i % 3);
    }
    const model = trainTwoStepModel(rows, labels, { groups, learningRate: 0.1, epochs: 20 });
    expect(model.relatedThreshold).toBeGreaterThanOrEqual(0.3);
    expect(model.relatedThreshold).toBeLessThanOrEqual(0.7);
    expect(Number.isFinite(model.related.a) && Number.isFinite(model.direction.b)).toBe(true);
  });

  it('(two-step) fits its calibration on the tune rows and chooses its thresholds on the threshold rows', () => {
    // Two kinds of rows, as in training: "evidence" rows (a claim against one sentence) where a
    // middling score is still nei, and "article" rows where it is already related.
    const d = FEATURE_NAMES.length;
    const rows: StanceInput[] = [];
    const labels: Stance[] = [];
    const groups: number[] = [];
    const evidence: boolean[] = [];
    for (let i = 0; i < 480; i += 1) {
      const r = new Array<number>(d).fill(0);
      const x = (i % 40) / 10; // 0 … 3.9
      r[0] = x;
      r[1] = (i >> 3) % 2;
      const onEvidence = i % 2 === 0;
      const noise = (((i * 37) % 21) - 10) / 10; // −1 … 1, so the scores are graded, not separable
      const related = x + noise >= (onEvidence ? 2.5 : 1.5);
      rows.push({ dense: r, sparse: [] });
      labels.push(!related ? 'nei' : r[1] === 1 ? 'supports' : 'contradicts');
      groups.push((i >> 4) % 3);
      evidence.push(onEvidence);
    }
    const tune = evidence.map((e) => !e);
    const options = { groups, tune, learningRate: 0.1, epochs: 20, trees: false } as const;
    const onArticles = trainTwoStepModel(rows, labels, options);
    const onEvidence = trainTwoStepModel(rows, labels, { ...options, thresholdRows: evidence });
    // The same model and calibration (what the matcher reads), other thresholds.
    expect(onEvidence.related).toEqual(onArticles.related);
    expect(onEvidence.direction).toEqual(onArticles.direction);
    expect(onEvidence.relatedThreshold).toBeGreaterThan(onArticles.relatedThreshold);
    const f1On = (model: typeof onArticles, kind: boolean): number => {
      const at = rows.flatMap((_, i) => (evidence[i] === kind ? [i] : []));
      return stanceScores(
        at.map((i) => labels[i] as Stance),
        at.map((i) => predictTwoStep(model, rows[i] as StanceInput)),
      ).macroF1;
    };
    expect(f1On(onEvidence, true)).toBeGreaterThan(f1On(onArticles, true));
    expect(f1On(onArticles, false)).toBeGreaterThanOrEqual(f1On(onEvidence, false));
  });

  it('macro-F1 averages the per-class F1, so a majority-class guess scores low', () => {
    const gold: Stance[] = ['supports', 'supports', 'contradicts', 'nei'];
    const majority = stanceScores(gold, ['supports', 'supports', 'supports', 'supports']);
    expect(majority.accuracy).toBe(0.5);
    expect(majority.macroF1).toBeCloseTo(2 / 3 / 3, 5);
    expect(stanceScores(gold, gold).macroF1).toBe(1);
  });
});

describe('Stance > prepared analyses', () => {
  it('fastFold folds exactly as foldDiacritics, a character at a time', () => {
    for (const text of [ARREST, VNEID, TRAFFIC.toUpperCase(), ARREST.normalize('NFD'), 'ĐẠI HỘI Đảng', 'İstanbul ΣΟΦΙΑ 😀 ß ﬁ ½', '']) {
      expect(fastFold(text)).toBe(foldDiacritics(text));
    }
  });

  it('a claim and a passage analysed once give what the plain strings give, for every pairing', () => {
    const claims = [
      'Công an TP.HCM đã bắt giữ 25 đối tượng.',
      'cac doi tuong gia danh nhan vien ngan hang',
      'Số vụ tai nạn giao thông tăng 10%.',
    ];
    const passages = [ARREST, TRAFFIC, GAMBLING].map((p) => analysePassage(p));
    for (const claim of claims) {
      const prepared = analyseClaim(claim);
      passages.forEach((p) => {
        const plain = detectStance(claim, p.raw);
        expect(detectStancePrepared(prepared, p)).toEqual(plain);
        expect(detectStancePrepared(prepared, p)).toEqual(plain); // the second time from the passage's kept evidence
      });
    }
  });
});

describe('Stance > the model file', () => {
  const shipped = (): Record<string, unknown> & { twoStep: { features: string[]; subjectGate: { features: string[] } } } =>
    JSON.parse(readFileSync(STANCE_MODEL_FILE, 'utf8'));

  it('reads the shipped model, trained on the features the code computes', () => {
    expect(readStanceModel(shipped()).twoStep?.subjectGate).toBeDefined();
  });

  it('refuses a model whose two-step part or subject gate was trained on other features, naming the part', () => {
    const gate = shipped();
    gate.twoStep.subjectGate.features = gate.twoStep.subjectGate.features.slice(0, -1);
    expect(() => readStanceModel(gate, 'old.json')).toThrow(/old\.json: the subject gate features differ/);
    const twoStep = shipped();
    twoStep.twoStep.features = [...twoStep.twoStep.features, 'later_feature'];
    expect(() => readStanceModel(twoStep)).toThrow(SentinelError);
    expect(() => readStanceModel(twoStep)).toThrow(/the two-step features differ/);
  });
});
