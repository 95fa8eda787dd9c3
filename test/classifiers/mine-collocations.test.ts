import { describe, expect, it } from 'vitest';
import { loadLabelledSet } from '../../classifiers/stance/dataset.js';
import { locateData, VIFACTCHECK_DEV, VIFACTCHECK_PAIRS } from '../../classifiers/train/data-source.js';
import { mineCollocations, miningText } from '../../classifiers/train/mine-collocations.js';

/** Distinct numbers: syllables seen once, so the text is long enough for a pair to stand out. */
let serial = 1000;
const filler = (n: number): string => Array.from({ length: n }, () => String((serial += 1))).join(' ');

/** News-style sentences, each phrase in its own surroundings so no three-syllable run repeats. */
const sentence = (phrase: string, i: number): string =>
  `${filler(12)} ${['Sáng', 'Chiều', 'Tối', 'Đêm', 'Trưa'][i % 5]} ${phrase} ${filler(12)}.`;
const times = (phrase: string, n: number): string[] => Array.from({ length: n }, (_, i) => sentence(phrase, i));

describe('mineCollocations', () => {
  const texts = [...times('tử vong', 5), ...times('Tây Ban Nha', 5), ...times('xe của', 5), ...times('bàng hoàng', 3)];
  const { words, syllables } = mineCollocations(texts);

  it('keeps a two-syllable word seen often and mostly together', () => {
    expect(syllables).toBeGreaterThan(400);
    expect(words).toContain('tử vong');
  });

  it('drops a pair with a function word, a pair seen too rarely, and the fragments of a three-syllable name', () => {
    expect(words).not.toContain('xe của');
    expect(words).not.toContain('bàng hoàng');
    expect(words).not.toContain('tây ban');
    expect(words).not.toContain('ban nha');
  });

  it('does not join syllables across punctuation', () => {
    const split = mineCollocations(times('tử, vong', 5));
    expect(split.words).not.toContain('tử vong');
  });
});

describe('the text the shipped collocations are mined from', () => {
  // eval:match reports on the dev articles: a word list mined from their text would have read it.
  it.runIf(locateData(VIFACTCHECK_DEV).found && locateData(VIFACTCHECK_PAIRS).found)(
    'holds no sentence of a vi-factcheck-dev article (ViFactCheck, when it is here)',
    () => {
      const { texts, articles } = miningText();
      expect(articles).toBeGreaterThan(500);
      const dev = loadLabelledSet().statements.map((s) => s.text);
      expect(texts.filter((t) => dev.some((d) => d.includes(t)))).toEqual([]);
    },
  );
});
