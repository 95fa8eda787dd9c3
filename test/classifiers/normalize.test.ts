import { describe, expect, it } from 'vitest';
import { detectLanguage, foldDiacritics, foldForSearch, normalizeText, unifyIY } from '../../classifiers/text/normalize.js';

describe('Classifiers > text > normalize', () => {
  it('brings NFD input to NFC', () => {
    const nfd = 'Công an'.normalize('NFD');
    expect(nfd).not.toBe('Công an');
    expect(normalizeText(nfd)).toBe('Công an');
  });

  it('folds diacritics and đ so text typed without accents matches', () => {
    expect(foldDiacritics('Công an tỉnh Đắk Lắk')).toBe('cong an tinh dak lak');
    expect(foldDiacritics('lừa đảo chiếm đoạt tài sản')).toBe('lua dao chiem doat tai san');
    expect(foldDiacritics('Công an'.normalize('NFD'))).toBe('cong an');
  });

  it('folds old and new tone placement to the same form', () => {
    expect(foldDiacritics('hoà')).toBe(foldDiacritics('hòa'));
    expect(foldDiacritics('thuỷ')).toBe(foldDiacritics('thủy'));
    expect(foldDiacritics('hoà')).toBe('hoa');
  });

  it('gives a syllable of one consonant and i or y one spelling for search, and leaves uy alone', () => {
    expect(foldForSearch('Kỳ thi, kì thi; Lý, lí; hy sinh, hi sinh; 2 tỷ, 2 tỉ; Mỹ; sỹ quan')).toBe(
      'ki thi, ki thi; li, li; hi sinh, hi sinh; 2 ti, 2 ti; mi; si quan',
    );
    expect(foldForSearch('quy định, huy động, thủy, ý kiến, yêu cầu, my, thy, Sky')).toBe(
      'quy dinh, huy dong, thuy, y kien, yeu cau, mi, thy, sky',
    );
    expect(unifyIY('ky')).toBe('ki');
    expect(unifyIY('kyc tty')).toBe('kyc tty');
  });

  it('cleans spaces and zero-width characters but keeps paragraph breaks', () => {
    expect(normalizeText('Bộ\u00A0Công\u200B an\uFEFF  nhân dân \r\n\r\n\r\n Hà Nội')).toBe('Bộ Công an nhân dân\n\nHà Nội');
  });

  it('tells Vietnamese prose from English', () => {
    expect(detectLanguage('Công an tỉnh Nghệ An cảnh báo thủ đoạn lừa đảo qua điện thoại.')).toBe('vi');
    expect(detectLanguage('Police warn of phone scams targeting elderly residents.')).toBe('und');
    expect(detectLanguage('')).toBe('und');
  });
});
