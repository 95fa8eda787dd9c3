/**
 * `npm run mine:collocations`: two-syllable collocations that extend the hand-written dictionary,
 * mined from real news text: pairs seen at least MIN_COUNT times whose syllables mostly occur
 * together (high pointwise mutual information and a high share of each syllable's occurrences),
 * excluding function words and numbers. The output, classifiers/data/collocations-vi.txt, is
 * generated; re-run after changing the rules.
 *
 * The text is article text: the gold evidence sentences of the ViFactCheck pairs whose article is
 * not a vi-factcheck-dev article (eval:match reports on the dev articles, so a word list mined
 * from them would have read the evaluation text). Claims are left out: annotators wrote them by
 * editing those sentences, so they would count most pairs twice. Only text is read, never a label.
 */
import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { loadLabelledPairs, loadLabelledSet, statementUrl } from '../stance/dataset.js';
import { COLLOCATIONS_FILE, syllables } from '../text/tokenize.js';
import { isEntryPoint, parseScriptArgs, scriptHelp } from '../../core/script-cli.js';
import { requireData, VIFACTCHECK_DEV, VIFACTCHECK_PAIRS } from './data-source.js';

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

export interface MinedCollocations {
  /** The collocations, most frequent first ("tử vong"). */
  words: string[];
  syllables: number;
  distinctPairs: number;
}

const bump = (m: Map<string, number>, key: string): void => {
  m.set(key, (m.get(key) ?? 0) + 1);
};

/** The collocations of `texts` (each NFC), by the rules above. */
export function mineCollocations(texts: Iterable<string>): MinedCollocations {
  const uni = new Map<string, number>();
  const bi = new Map<string, number>();
  const tri = new Map<string, number>();
  let total = 0;
  for (const text of texts) {
    // Punctuation ends a run: no collocation spans a comma or a full stop.
    for (const run of text.split(/[.,;:!?()"“”'‘’\-–—…\n/]+/u)) {
      const syl = syllables(run);
      for (let i = 0; i < syl.length; i += 1) {
        const [a, b, c] = [syl[i] as string, syl[i + 1], syl[i + 2]];
        bump(uni, a);
        total += 1;
        if (b !== undefined) bump(bi, `${a} ${b}`);
        if (b !== undefined && c !== undefined) bump(tri, `${a} ${b} ${c}`);
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
  const longest = new Map<string, number>();
  for (const [t, count] of tri) {
    if (count < MIN_COUNT) continue;
    const [a, b, c] = t.split(' ') as [string, string, string];
    for (const key of [`${a} ${b}`, `${b} ${c}`]) longest.set(key, Math.max(longest.get(key) ?? 0, count));
  }
  const words = kept
    .filter(([pair, count]) => (longest.get(pair) ?? 0) < 0.6 * count)
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
    .map(([pair]) => pair);
  return { words, syllables: total, distinctPairs: bi.size };
}

/**
 * The text the collocations are mined from: every distinct evidence sentence of the pairs whose
 * article is not a dev article, less the few that a dev article holds too (agency boilerplate
 * such as a daily COVID-19 toll).
 */
export function miningText(): { texts: string[]; articles: number } {
  const { statements } = loadLabelledSet();
  const devUrls = new Set(statements.map(statementUrl));
  const devText = statements.map((s) => s.text).join('\n');
  const texts = new Set<string>();
  const articles = new Set<string>();
  for (const p of loadLabelledPairs()) {
    if (devUrls.has(p.url) || texts.has(p.evidence) || devText.includes(p.evidence)) continue;
    texts.add(p.evidence);
    articles.add(p.url);
  }
  return { texts: [...texts], articles: articles.size };
}

const program = new Command('mine:collocations')
  .description('mines two-syllable collocations from real news text and writes classifiers/data/collocations-vi.txt')
  .addHelpText(
    'after',
    scriptHelp({
      npm: 'mine:collocations',
      file: 'classifiers/train/mine-collocations.ts',
      data: [VIFACTCHECK_PAIRS, VIFACTCHECK_DEV],
      notes: [
        'Reads the evidence sentences of the ViFactCheck pairs whose article is not a dev article (the dev set names only the articles and sentences to leave out). Re-train afterwards: npm run train, npm run train:stance.',
      ],
    }),
  )
  .showHelpAfterError();

function main(): void {
  parseScriptArgs(program);
  requireData(VIFACTCHECK_PAIRS, 'mine:collocations');
  requireData(VIFACTCHECK_DEV, 'mine:collocations');
  const { texts, articles } = miningText();
  const mined = mineCollocations(texts);
  const header = [
    '# Two-syllable collocations mined by classifiers/train/mine-collocations.ts (generated, do not edit).',
    `# Source: ViFactCheck pairs (MIT licence; ../shared/data/vi-factcheck-pairs/README.md): the evidence sentences of its ${articles} articles outside vi-factcheck-dev, ${texts.length} distinct sentences, ${mined.syllables} syllables.`,
    `# Rule: count >= ${MIN_COUNT}, PMI >= ${MIN_PMI}, count / min(count(a), count(b)) >= ${MIN_SHARE}, both syllables Vietnamese-shaped, no function words, not mostly inside one longer sequence.`,
  ];
  writeFileSync(COLLOCATIONS_FILE, [...header, ...mined.words].join('\n') + '\n');
  process.stdout.write(`${mined.words.length} collocations from ${mined.distinctPairs} distinct pairs of ${mined.syllables} syllables\n`);
}

if (isEntryPoint(import.meta.url)) main();
