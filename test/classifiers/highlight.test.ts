import { describe, expect, it } from 'vitest';
import { escapeHtml, highlightHtml } from '../../classifiers/text/highlight.js';

describe('Classifiers > text > highlight', () => {
  it('marks words typed without diacritics in the original text', () => {
    expect(highlightHtml('Công an tỉnh Đắk Lắk cảnh báo', 'cong an dak')).toBe(
      '<mark>Công</mark> <mark>an</mark> tỉnh <mark>Đắk</mark> Lắk cảnh báo',
    );
  });

  it('marks a word written in the other i/y spelling', () => {
    expect(highlightHtml('Kỳ thi tốt nghiệp; chiến sĩ hy sinh', 'ki thi hi sinh')).toBe(
      '<mark>Kỳ</mark> <mark>thi</mark> tốt nghiệp; chiến sĩ <mark>hy</mark> <mark>sinh</mark>',
    );
    expect(highlightHtml('thủy lợi', 'thui')).toBe('thủy lợi');
  });

  it('matches whole words only', () => {
    expect(highlightHtml('ancol và an ninh', 'an')).toBe('ancol và <mark>an</mark> ninh');
  });

  it('escapes untrusted text, matched or not', () => {
    expect(highlightHtml('<script>alert(1)</script> công an', 'script cong')).toBe(
      '&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; <mark>công</mark> an',
    );
    expect(escapeHtml(`"a" & 'b'`)).toBe('&quot;a&quot; &amp; &#39;b&#39;');
  });
});
