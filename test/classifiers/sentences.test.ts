import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../classifiers/text/sentences.js';

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
});
