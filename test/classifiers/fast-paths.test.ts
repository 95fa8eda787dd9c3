/**
 * The language core's fast paths (issue #5) must give exactly what the plain code they replaced
 * gave. Each reference below is that plain code; inputs are tricky strings plus seeded random
 * mixes of Vietnamese, digits, separators, marks, astral and lone surrogates.
 */
import { describe, expect, it } from 'vitest';
import { analyse, featuresOf } from '../../classifiers/scoring/features.js';
import { explainLogistic, predictLogistic, topPositive, type LogisticModel } from '../../classifiers/scoring/logistic.js';
import { SIGNAL_RULES, ruleSignals } from '../../classifiers/scoring/signals.js';
import { foldAligned, foldDiacritics, normalizeText } from '../../classifiers/text/normalize.js';
import { foldWord, segmentFolded, segmentWords, syllableTokens } from '../../classifiers/text/tokenize.js';

const PIECES = [
  ' ',
  '  ',
  '\n',
  '\n\n\n',
  ' \n ',
  '\r\n',
  '\t',
  '\u00A0',
  '\u200B',
  '.',
  ',',
  '/',
  ':',
  '-',
  '–',
  '&',
  '%',
  '?',
  '!',
  '"',
  '“',
  '_',
  '1',
  '21.300',
  '1,5',
  '21/3/2025',
  '1..2',
  '12:30',
  '3.',
  '²',
  '٣',
  'TP.HCM',
  'UBND',
  'CÔNG AN',
  'Công an',
  'Hà Nội',
  'Thanh Hoá',
  'hoà bình',
  'lừa đảo',
  'chuyển tiền',
  'mã OTP',
  'nghe nói',
  'SỐC',
  'https://bit.ly/x',
  'www.',
  'abc.xyz',
  'ſite',
  'K',
  '😀',
  '\uD835\uDC00',
  '\uD801\uDC00',
  '\uD83D',
  '\uDE00',
  '\u0301',
  'o\u0300a',
  'İ',
  'Σ',
  'ǅ',
  'Ⅷ',
  'ABC DEF',
  'tháng 9',
  '8h30',
];

function randomTexts(count: number): string[] {
  let seed = 20_251_124;
  const next = (n: number): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % n;
  };
  const out: string[] = [];
  for (let k = 0; k < count; k += 1) {
    let s = '';
    for (let i = 1 + next(12); i > 0; i -= 1) s += next(4) === 0 ? String.fromCharCode(next(0x10000)) : PIECES[next(PIECES.length)];
    out.push(next(4) === 0 ? s.normalize('NFD') : s);
  }
  return out;
}

const TEXTS = [...PIECES, PIECES.join(''), PIECES.join(' '), ...randomTexts(1500)];

describe('Classifiers > fast paths give what the plain code gave', () => {
  it('syllables: the hand scanner is the syllable regex', () => {
    const SYLLABLE = /\d+(?:[.,/:]\d+)*|[\p{L}\p{M}\p{N}]+/gu;
    for (const text of TEXTS) {
      const nfc = text.normalize('NFC');
      const expected = [...nfc.matchAll(SYLLABLE)].map((m) => ({ text: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length }));
      expect(syllableTokens(text)).toEqual(expected);
    }
  });

  it('words: folded segmentation is segmentWords then foldWord', () => {
    for (const text of TEXTS) expect(segmentFolded(text)).toEqual(segmentWords(text).map(foldWord));
  });

  it('normalizeText and foldAligned', () => {
    const normalize = (t: string): string =>
      t
        .normalize('NFC')
        .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
        .replace(/\r\n?/g, '\n')
        .replace(/[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\t\f\v]+/g, ' ')
        .replace(/ *\n */g, '\n')
        .replace(/\n{3,}/g, '\n\n')
        .replace(/ {2,}/g, ' ')
        .trim();
    const fold = (t: string): string =>
      [...t.split('')]
        .map((c) => {
          const f = foldDiacritics(c);
          const l = c.toLowerCase();
          return f.length === 1 ? f : l.length === 1 ? l : c;
        })
        .join('');
    for (const text of TEXTS) {
      expect(normalizeText(text)).toBe(normalize(text));
      expect(foldAligned(text)).toBe(fold(text));
    }
    const long = 'Đắk Lắk '.repeat(3000); // longer than one String.fromCharCode chunk
    expect(foldAligned(long)).toBe(fold(long));
  });

  it('link and shouting features', () => {
    const LINK = /https?:\/\/|www\.|\b[\w-]+\.(?:com|vn|net|org|info|xyz|top|cc|online|site)\b|bit\.ly/iu;
    const usual = /^(?:UBND|TAND|VKSND|CCCD|OTP|HCM|TPHCM|VNEID|VNeID|CSGT|USD|ATGT)$/u;
    for (const text of TEXTS) {
      const f = featuresOf(analyse(text, []));
      expect(f.includes('has:link')).toBe(LINK.test(text));
      expect(f.includes('shape:shouting')).toBe((text.match(/\b[\p{Lu}]{3,}\b/gu) ?? []).filter((x) => !usual.test(x)).length >= 2);
    }
  });

  it('rule signals: the joined gate changes nothing', () => {
    for (const text of TEXTS) {
      const folded = foldAligned(text);
      const lower = text.toLowerCase();
      const expected = SIGNAL_RULES.flatMap((rule) => {
        if (rule.onLowercase && lower.length !== text.length) return [];
        const m = rule.pattern.exec(rule.onLowercase ? lower : folded);
        return m === null ? [] : [rule.id];
      });
      expect(ruleSignals(text).map((s) => s.id)).toEqual(expected);
    }
  });

  it('logistic: repeated features count once, the top keeps the stable order', () => {
    const model: LogisticModel = { label: 't', bias: -0.25, weights: { a: 0.5, b: 0.5, c: 1.25, d: -2, e: 0.5, f: 3 }, meta: {} };
    const other: LogisticModel = { label: 'u', bias: 0.1, weights: { z: 1, a: -1 }, meta: {} };
    const predict = (features: string[]): number => {
      const seen = new Set<string>();
      let z = model.bias;
      for (const f of features) {
        if (model.weights[f] === undefined || seen.has(f)) continue;
        seen.add(f);
        z += model.weights[f] as number;
      }
      return 1 / (1 + Math.exp(-z));
    };
    const top = (features: string[], k: number): [string, number][] => {
      const t: [string, number][] = [];
      for (const f of features) {
        const w = model.weights[f];
        if (w === undefined || w <= 0 || t.some(([g]) => g === f)) continue;
        if (t.length < k) t.push([f, w]);
        else if (w > (t[k - 1] as [string, number])[1]) t[k - 1] = [f, w];
        else continue;
        t.sort((x, y) => y[1] - x[1]);
      }
      return t;
    };
    const letters = 'abcdefzq';
    for (const text of randomTexts(300)) {
      const features = [...text].map((c) => letters[c.charCodeAt(0) % letters.length] as string);
      expect(predictLogistic(other, features)).toBeTypeOf('number'); // a second model shares the feature slots
      expect(predictLogistic(model, features)).toBe(predict(features));
      for (const k of [1, 2, 3]) {
        expect(topPositive(model, features, k)).toEqual(top(features, k));
        expect(explainLogistic(model, features, k)).toEqual({ probability: predict(features), top: top(features, k) });
      }
    }
  });
});
