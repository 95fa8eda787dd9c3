import { describe, expect, it } from 'vitest';
import { canonicalTone, foldAligned } from '../../classifiers/text/normalize.js';
import { isDictionaryWord, segmentFolded, segmentWords, syllables, wordTokens } from '../../classifiers/text/tokenize.js';

describe('Classifiers > text > tokenize', () => {
  it('splits syllables on Vietnamese letters, keeps numbers whole and drops punctuation', () => {
    expect(syllables('Công an TP.HCM xử lý 21.300 lượt, thu 1,5 tỷ; ngày 21/3.')).toEqual([
      'công',
      'an',
      'tp',
      'hcm',
      'xử',
      'lý',
      '21.300',
      'lượt',
      'thu',
      '1,5',
      'tỷ',
      'ngày',
      '21/3',
    ]);
  });

  it('brings NFD input to NFC syllables', () => {
    expect(syllables('Lừa đảo'.normalize('NFD'))).toEqual(['lừa', 'đảo']);
  });

  it('joins multi-syllable words by longest dictionary match', () => {
    expect(segmentWords('Người dân cần cảnh giác với lừa đảo giả danh công an')).toEqual([
      'người_dân',
      'cần',
      'cảnh_giác',
      'với',
      'lừa_đảo',
      'giả_danh_công_an',
    ]);
    expect(segmentWords('Bảo đảm an ninh trật tự, làm thẻ căn cước')).toEqual(['bảo_đảm', 'an_ninh_trật_tự', 'làm', 'thẻ_căn_cước']);
    expect(segmentWords('Công an xã')).toEqual(['công_an_xã']);
  });

  it('segments the old and new tone placement alike and keeps the text as written', () => {
    expect(segmentWords('hoà bình, hòa bình, Thanh Hoá')).toEqual(['hoà_bình', 'hòa_bình', 'thanh_hoá']);
    expect(canonicalTone('hoà')).toBe('hòa');
    expect(canonicalTone('thuỷ')).toBe('thủy');
    expect(canonicalTone('quý')).toBe('quý');
    expect(canonicalTone('hoàng')).toBe('hoàng');
  });

  it('gives folded words for text typed without diacritics', () => {
    expect(segmentFolded('Lừa đảo chiếm đoạt tài sản qua mạng xã hội')).toEqual(['lua_dao_chiem_doat_tai_san', 'qua', 'mang_xa_hoi']);
    expect(segmentFolded('Đắk Lắk')).toEqual(['dak_lak']);
  });

  it('reports word offsets into the NFC text', () => {
    const text = 'Bộ Công an cảnh báo';
    expect(wordTokens(text).map((t) => text.slice(t.start, t.end))).toEqual(['Bộ Công an', 'cảnh báo']);
    expect(isDictionaryWord('căn cước')).toBe(true);
    expect(isDictionaryWord('căn nhà xanh')).toBe(false);
  });

  it('folds character by character, keeping offsets', () => {
    expect(foldAligned('Đắk Lắk TP.HCM')).toBe('dak lak tp.hcm');
    expect(foldAligned('Đắk Lắk').length).toBe('Đắk Lắk'.length);
  });
});
