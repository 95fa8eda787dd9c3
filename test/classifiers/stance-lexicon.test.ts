import { describe, expect, it } from 'vitest';
import { STANCE_COMPOUNDS } from '../../classifiers/stance/features.js';
import { wordTokens } from '../../classifiers/text/tokenize.js';

describe('Classifiers > stance > lexicon', () => {
  it('segments every word of several syllables the outcome, absolute and negation features look for', () => {
    expect(STANCE_COMPOUNDS.length).toBeGreaterThan(20);
    // A word the segmenter splits ("từ | chối") can never meet its opposite ("đồng_ý").
    const split = STANCE_COMPOUNDS.filter(
      (w) =>
        wordTokens(w.replace(/_/g, ' '))
          .map((t) => t.text)
          .join(' ') !== w,
    );
    expect(split).toEqual([]);
  });
});
