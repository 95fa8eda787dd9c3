import { describe, expect, it } from 'vitest';
import { documentSentences, sentenceOffsets, splitSentences } from '../../classifiers/text/sentences.js';

const texts = (input: string): string[] => splitSentences(input).map((s) => s.text);

describe('Classifiers > text > sentences', () => {
  it('splits at sentence ends followed by a capital', () => {
    expect(texts('Chiều 21/3, hội nghị diễn ra tại Hà Nội. Thiếu tướng Đỗ Triệu Phong chủ trì. Ông nói gì?')).toEqual([
      'Chiều 21/3, hội nghị diễn ra tại Hà Nội.',
      'Thiếu tướng Đỗ Triệu Phong chủ trì.',
      'Ông nói gì?',
    ]);
  });

  it('keeps TP.HCM, 21.300 and 6.5 inside one sentence', () => {
    expect(texts('Công an TP.HCM xử lý 21.300 lượt vi phạm từ ngày 6.5 đến nay. Số tiền phạt 1,5 tỷ đồng.')).toEqual([
      'Công an TP.HCM xử lý 21.300 lượt vi phạm từ ngày 6.5 đến nay.',
      'Số tiền phạt 1,5 tỷ đồng.',
    ]);
  });

  it('splits a post typed all in lower case, without diacritics too, but not at a pause or after initials', () => {
    expect(texts('cong an tp. hcm vua bat 3 doi tuong. anh n. cho biet bi lua 50 trieu... that la so! moi nguoi canh giac nhe')).toEqual([
      'cong an tp. hcm vua bat 3 doi tuong.',
      'anh n. cho biet bi lua 50 trieu... that la so!',
      'moi nguoi canh giac nhe',
    ]);
    expect(texts('bà ng.th.l. bị phạt 7,5 triệu đồng. công an phường đã làm việc.')).toEqual([
      'bà ng.th.l. bị phạt 7,5 triệu đồng.',
      'công an phường đã làm việc.',
    ]);
    // One capital letter means the writer uses them: a lower-case word after a dot then does not start a sentence.
    expect(texts('Giá vàng tăng 1.5 lần so với năm ngoái. so sánh với đô la thì khác.')).toHaveLength(1);
  });

  it('does not end a sentence after a title abbreviation', () => {
    expect(texts('Theo TS. Nguyễn Văn B, thủ đoạn này không mới. Người dân cần cảnh giác.')).toHaveLength(2);
  });

  it('treats paragraphs as hard breaks and reports offsets into the normalised text', () => {
    const input = 'Dòng một không có dấu chấm\nDòng hai. Câu ba!';
    const spans = splitSentences(input);
    expect(spans.map((s) => s.text)).toEqual(['Dòng một không có dấu chấm', 'Dòng hai.', 'Câu ba!']);
    for (const s of spans) expect(input.slice(s.start, s.end)).toBe(s.text);
  });

  it('splits before an opening quote', () => {
    expect(texts('Ông khẳng định như vậy. "Không có chuyện đó", ông nói.')).toHaveLength(2);
  });

  it('keeps "T.Ư" and "Sở VH,TT&DL" inside their sentences', () => {
    expect(texts('Sở VH,TT&DL tỉnh Quảng Ninh vừa có văn bản. Ban Chỉ đạo T.Ư về phòng, chống tham nhũng họp sáng nay.')).toEqual([
      'Sở VH,TT&DL tỉnh Quảng Ninh vừa có văn bản.',
      'Ban Chỉ đạo T.Ư về phòng, chống tham nhũng họp sáng nay.',
    ]);
  });

  it('leaves the outlet dateline out of the first sentence, with offsets still right', () => {
    const input = '(Dân trí) - Chiều 21/3, Công an tỉnh Nghệ An bắt giữ 3 đối tượng. Vụ việc đang được điều tra.';
    const spans = splitSentences(input);
    expect(spans.map((s) => s.text)).toEqual(['Chiều 21/3, Công an tỉnh Nghệ An bắt giữ 3 đối tượng.', 'Vụ việc đang được điều tra.']);
    for (const s of spans) expect(input.slice(s.start, s.end)).toBe(s.text);
    expect(texts('TPO - Sáng nay, hội nghị diễn ra.')).toEqual(['Sáng nay, hội nghị diễn ra.']);
    expect(texts('HÀ NỘI (VOV) - Sáng nay, hội nghị diễn ra.')).toEqual(['Sáng nay, hội nghị diễn ra.']);
    // A dash inside a sentence is not a dateline.
    expect(texts('Trong năm 2024 - năm bản lề, Bộ Công an triển khai đề án.')).toEqual([
      'Trong năm 2024 - năm bản lề, Bộ Công an triển khai đề án.',
    ]);
  });

  it('drops photo captions', () => {
    const input =
      'Sáng nay, hội nghị diễn ra.\nLực lượng chức năng khám nghiệm hiện trường. Ảnh: Công an cung cấp\nẢnh minh họa\nThiếu tá A trao đổi với phóng viên. (Ảnh: CACC)\nNgười dân yên tâm.';
    expect(texts(input)).toEqual(['Sáng nay, hội nghị diễn ra.', 'Người dân yên tâm.']);
  });

  it('keeps a long paragraph that ends in an inline photo credit, without the credit', () => {
    const long =
      'Ngày 6/11, Công an tỉnh Thanh Hóa cho biết đã triệt phá đường dây lừa đảo qua mạng, bắt giữ 12 đối tượng. Các đối tượng giả danh cán bộ ngân hàng, yêu cầu người dân cung cấp mã OTP để chiếm đoạt tiền. Tổng số tiền bị chiếm đoạt hơn 20 tỷ đồng. (Ảnh: CACC)';
    const spans = splitSentences(`Mở đầu.\n${long}\nKết thúc.`);
    expect(spans.map((s) => s.text)).toEqual([
      'Mở đầu.',
      'Ngày 6/11, Công an tỉnh Thanh Hóa cho biết đã triệt phá đường dây lừa đảo qua mạng, bắt giữ 12 đối tượng.',
      'Các đối tượng giả danh cán bộ ngân hàng, yêu cầu người dân cung cấp mã OTP để chiếm đoạt tiền.',
      'Tổng số tiền bị chiếm đoạt hơn 20 tỷ đồng.',
      'Kết thúc.',
    ]);
    // Offsets still point into the whole text, after the dropped credit too.
    const text = `Mở đầu.\n${long}\nKết thúc.`;
    for (const s of spans) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('keeps a quoted sentence and the narration after it apart', () => {
    expect(texts('Ông nói: "Chúng tôi đã xác minh." Người dân yên tâm.')).toEqual([
      'Ông nói: "Chúng tôi đã xác minh."',
      'Người dân yên tâm.',
    ]);
  });
});

describe('Classifiers > text > sentences carried by a document', () => {
  const text = [
    'HÀ NỘI (VOV) - Sáng 12/3, Công an TP Hà Nội cho biết đã bắt giữ 3 đối tượng giả danh cán bộ công an. Các đối tượng gọi điện yêu cầu nạn nhân chuyển tiền.',
    'Ảnh: Công an cung cấp',
    'Theo TS. Nguyễn Văn A, người dân cần cảnh giác… Không cung cấp mã OTP cho bất kỳ ai!',
  ].join('\n');

  it('gives back exactly the sentences a fresh split gives, from the offsets alone', () => {
    const offsets = sentenceOffsets(text);
    expect(offsets.length).toBe(splitSentences(text).length);
    expect(documentSentences({ text, sentences: offsets })).toEqual(splitSentences(text));
  });

  it('splits afresh when the offsets do not fit the text (cut, overlapping, out of bounds, between words)', () => {
    const fresh = splitSentences(text);
    for (const sentences of [
      [[0, text.length + 5]],
      [
        [10, 40],
        [30, 60],
      ],
      [[5, 3]],
      [[15, 16]],
    ] as [number, number][][]) {
      expect(documentSentences({ text, sentences })).toEqual(fresh);
    }
    // A span with spaces at its edge is not a sentence the splitter makes.
    const first = fresh[0] as { end: number };
    expect(documentSentences({ text, sentences: [[0, first.end + 1]] })).toEqual(fresh);
  });
});
