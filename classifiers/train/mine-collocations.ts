/**
 * Mines two-syllable collocations from the ViFactCheck dev articles (../shared/data/vi-factcheck-dev,
 * MIT licence, see its README) to extend the hand-written dictionary: pairs seen at least
 * MIN_COUNT times whose syllables mostly occur together (high pointwise mutual information and
 * a high share of each syllable's occurrences), excluding function words and numbers. The
 * output, classifiers/data/collocations-vi.txt, is generated; re-run after changing the rules:
 *   npx tsx classifiers/train/mine-collocations.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { syllables } from '../text/tokenize.js';

const MIN_COUNT = 4;
const MIN_PMI = 4.5;
const MIN_SHARE = 0.25;
/** Grammatical syllables that glue to anything and make no words with their neighbours. */
const FUNCTION = new Set(
  (
    'của và các những là có được trong cho với đã này đó thì mà để từ tại theo về khi nếu vì do nên ' +
    'một hai ba bốn năm sáu bảy tám chín mười không chưa sẽ đang vẫn cũng rất hơn nhất như ra vào lên xuống đến ' +
    'ở nhiều ít mỗi mọi cả hay hoặc nhưng thế nào ai gì sau trước trên dưới giữa ngoài bị bởi vừa mới còn lại'
  ).split(' '),
);

/** The shape of a Vietnamese syllable: onset, one to three vowels, an allowed coda. Drops foreign words and acronyms. */
const VOWELS = 'aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵ';
const SYLLABLE_SHAPE = new RegExp(`^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?[${VOWELS}]{1,3}(?:ng|nh|ch|[cmnpt])?$`, 'u');

const file = new URL('../../../shared/data/vi-factcheck-dev/statements.jsonl', import.meta.url);
const uni = new Map<string, number>();
const bi = new Map<string, number>();
const tri = new Map<string, number>();
let total = 0;
for (const line of readFileSync(file, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const text = (JSON.parse(line) as { text: string }).text.normalize('NFC');
  // Punctuation ends a run: no collocation spans a comma or a full stop.
  for (const run of text.split(/[.,;:!?()"“”'‘’\-–—…\n/]+/u)) {
    const syl = syllables(run);
    for (let i = 0; i < syl.length; i += 1) {
      const a = syl[i] as string;
      uni.set(a, (uni.get(a) ?? 0) + 1);
      total += 1;
      const b = syl[i + 1];
      if (b !== undefined) bi.set(`${a} ${b}`, (bi.get(`${a} ${b}`) ?? 0) + 1);
      const c = syl[i + 2];
      if (b !== undefined && c !== undefined) tri.set(`${a} ${b} ${c}`, (tri.get(`${a} ${b} ${c}`) ?? 0) + 1);
    }
  }
}
const kept: [string, number][] = [];
for (const [pair, count] of bi) {
  if (count < MIN_COUNT) continue;
  const [a, b] = pair.split(' ') as [string, string];
  if (FUNCTION.has(a) || FUNCTION.has(b) || !SYLLABLE_SHAPE.test(a) || !SYLLABLE_SHAPE.test(b)) continue;
  const ca = uni.get(a) ?? 1;
  const cb = uni.get(b) ?? 1;
  const pmi = Math.log((count * total) / (ca * cb));
  if (pmi >= MIN_PMI && count / Math.min(ca, cb) >= MIN_SHARE) kept.push([pair, count]);
}
// A pair that mostly occurs inside one three-syllable sequence ("trường tiểu" in "trường tiểu học",
// "ban nha" in "tây ban nha") is a fragment of a longer word: drop it rather than cut that word wrongly.
const triByPair = new Map<string, [string, number][]>();
for (const [t, count] of tri) {
  if (count < MIN_COUNT) continue;
  const [a, b, c] = t.split(' ') as [string, string, string];
  for (const key of [`${a} ${b}`, `${b} ${c}`]) triByPair.set(key, [...(triByPair.get(key) ?? []), [t, count]]);
}
const words = new Map<string, number>();
for (const [pair, count] of kept) {
  const best = (triByPair.get(pair) ?? []).sort((x, y) => y[1] - x[1])[0];
  if (!best || best[1] < 0.6 * count) words.set(pair, count);
}
kept.length = 0;
kept.push(...words.entries());
kept.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
const header = [
  '# Two-syllable collocations mined by classifiers/train/mine-collocations.ts (generated, do not edit).',
  `# Source: ViFactCheck dev articles (MIT licence; ../shared/data/vi-factcheck-dev/README.md), ${total} syllables.`,
  `# Rule: count >= ${MIN_COUNT}, PMI >= ${MIN_PMI}, count / min(count(a), count(b)) >= ${MIN_SHARE}, both syllables Vietnamese-shaped, no function words, not mostly inside one longer sequence.`,
];
writeFileSync(new URL('../data/collocations-vi.txt', import.meta.url), [...header, ...kept.map(([p]) => p)].join('\n') + '\n');
console.log(`${kept.length} collocations from ${bi.size} distinct pairs`);
