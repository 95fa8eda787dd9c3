/**
 * Claim ↔ evidence alignment, explainable stance features and conflict spans. Pure functions:
 * no I/O, so the matcher, the trainer and the tests all run exactly this code.
 *
 * Vietnamese first: overlap is counted on folded syllables (so a claim typed without accents
 * aligns too), negation and outcome words on segmented words (so "không" in "không_khí" or
 * "hàng_không" is not a negation), numbers/dates/places/organisations through the language
 * core's entity extractor with normalised values ("21.300" = "21300").
 */
import type { Conflict, Entity, Span } from '../../core/contracts.js';
import { extractEntities, MULTIPLIERS, RANGE_BETWEEN, UNITS } from '../text/entities.js';
import { isCountry } from '../text/gazetteer.js';
import { stripDiacritics } from './strip.js';
import { fastFold, foldDiacritics, foldForSearch, normalizeText } from '../text/normalize.js';
import { lexicalFeatures } from './lexical.js';
import { numberClash, timeClash, whenCompatible, type CasingCounts, type SubjectPair } from './subject.js';
import { passageSentences } from './passages.js';
import type { SentenceSpan } from '../text/sentences.js';
import { segmentWords, syllableTokens, wordTokens, type Token } from '../text/tokenize.js';

/** Function words that say nothing about which event a sentence is about (folded). */
const STOP = new Set(
  (
    'va la cua co cac nhung mot duoc cho trong voi de den tu nay do thi ma khi da dang se bi tai ve nhu tren duoi sau truoc ' +
    'cung con nen neu vi hay hoac theo nguoi viec nhieu rat it lai ra vao len xuong o qua nam ngay thang'
  ).split(' '),
);

// Negation as whole segmented words: "không" alone, never inside "không_khí" / "hàng_không".
// "không hề", "chưa từng", "không phải" stay two words: their "không" / "chưa" is the negation;
// "không thể", "không bao giờ" and "không chính thức" are words of the dictionary, each a negation.
const NEGATIONS = new Set([
  'không',
  'chưa',
  'chẳng',
  'chả',
  'chớ',
  'đừng',
  'phủ_nhận',
  'bác_bỏ',
  'ngừng',
  'thôi',
  'không_thể',
  'không_bao_giờ',
  'không_chính_thức',
]);
/**
 * What follows "không"/"chưa" when the pair is a word or an idiom, not a negation: "không gian",
 * "không khí", "không quân" (the segmenter leaves some apart), "không ít" (many), "không chỉ",
 * "không những" (not only … but also), "không ngừng" (unceasingly), "chưa kể" (besides).
 */
const NOT_NEGATING_NEXT = new Set(['gian', 'khí', 'quân', 'phận', 'trung', 'lực', 'tặc', 'kích', 'ít', 'chỉ', 'những', 'ngừng', 'kể']);
/** "có … hay không", "… hoặc không": a question or an alternative, which denies nothing. */
const NOT_NEGATING_BEFORE = new Set(['hay', 'hoặc', 'hay_là']);

/**
 * The same read on folded syllables, for a claim typed without diacritics set beside its evidence
 * folded too. Only the negations whose folded form is seldom another common word: "cho" (chớ/cho),
 * "dung" (đừng/dùng/đúng), "thoi" (thôi/thời) and "cha" (chả/cha) would read ordinary words as denials.
 */
const FOLDED_NEGATIONS = new Set(['khong', 'chua', 'chang']);
const FOLDED_NOT_NEGATING_NEXT = new Set([
  'gian',
  'khi',
  'quan',
  'phan',
  'trung',
  'luc',
  'tac',
  'kich',
  'it',
  'chi',
  'nhung',
  'ngung',
  'ke',
  // "khống chế" (subdue), "chữa bệnh", "chữa cháy", "chữa trị", "chứa chấp" (harbour), "chàng trai".
  'che',
  'benh',
  'chay',
  'tri',
  'chap',
  'trai',
  // "khổng lồ" (huge).
  'lo',
]);
// Folded text is not segmented: "hàng không" (an airline), "xuyên không" (time travel), "phòng không" (air defence), "kho chứa", "sức chứa" and "sửa chữa" (repair) come as "hang khong", "xuyen khong", "phong khong", "kho chua", "suc chua", "sua chua".
const FOLDED_NOT_NEGATING_BEFORE = new Set(['hay', 'hoac', 'hang', 'xuyen', 'phong', 'kho', 'sua', 'suc']);

function negationsOf(words: readonly Token[], folded = false): Token[] {
  const negations = folded ? FOLDED_NEGATIONS : NEGATIONS;
  const notNext = folded ? FOLDED_NOT_NEGATING_NEXT : NOT_NEGATING_NEXT;
  const notBefore = folded ? FOLDED_NOT_NEGATING_BEFORE : NOT_NEGATING_BEFORE;
  return words.filter((w, i) => {
    if (!negations.has(w.text)) return false;
    const previous = words[i - 1]?.text;
    if (w.text === 'ngừng') return previous !== 'không';
    if (w.text !== 'không' && w.text !== 'chưa' && !folded) return true;
    const next = words[i + 1]?.text;
    // Folded "khong nguoi lai" is "không người lái" (unmanned), which the segmenter joins in text with diacritics.
    if (folded && next === 'nguoi' && words[i + 2]?.text === 'lai') return false;
    // Folded "chang han" is "chẳng hạn" (for instance); "khong han" is "không hẳn", which denies.
    if (folded && w.text === 'chang' && next === 'han') return false;
    return !(next !== undefined && notNext.has(next)) && !(previous !== undefined && notBefore.has(previous));
  });
}

/**
 * Verbs of wanting: evidence saying "không muốn phải nhận thất bại" denies a wish, not the defeat
 * a claim reports. Such a negation in the evidence bears on the claim only when the claim holds
 * the verb too. Not in the claim: a claim that "X không muốn/không mong …" where the evidence has
 * X do it is the edit annotators make to refute (the pairs hold several), and "không cần" /
 * "không nên" against "phải" deny an obligation, a real conflict.
 */
const WISHES = new Set(['muốn', 'mong', 'mong_muốn']);
const FOLDED_WISHES = new Set(['muon', 'mong']);

/** The evidence's negations that may face the claim: not those of a wish the claim does not state. */
function negationsFacing(negations: Token[], words: readonly Token[], claim: ReadonlySet<string>, folded: boolean): Token[] {
  const wishes = folded ? FOLDED_WISHES : WISHES;
  return negations.filter((n) => {
    const next = words[words.indexOf(n) + 1]?.text;
    return next === undefined || !wishes.has(next) || claim.has(next);
  });
}

/** Outcome words that flip a claim when the evidence says the opposite one (either direction). */
const OPPOSITES: [string, string][] = [
  ['tăng', 'giảm'],
  ['cao', 'thấp'],
  ['nhiều', 'ít'],
  ['lớn', 'nhỏ'],
  ['trước', 'sau'],
  ['đầu_tiên', 'cuối_cùng'],
  ['thắng', 'thua'],
  ['ủng_hộ', 'phản_đối'],
  ['cho_phép', 'cấm'],
  ['tích_cực', 'tiêu_cực'],
  ['mở', 'đóng'],
  ['hơn', 'kém'],
  ['tốt', 'xấu'],
  ['dễ', 'khó'],
  ['nhanh', 'chậm'],
  ['sớm', 'muộn'],
  ['mạnh', 'yếu'],
  ['thành_công', 'thất_bại'],
  ['đúng', 'sai'],
  ['an_toàn', 'nguy_hiểm'],
  ['hợp_pháp', 'bất_hợp_pháp'],
  ['giàu', 'nghèo'],
  ['nóng', 'lạnh'],
  ['rẻ', 'đắt'],
  ['nam', 'nữ'],
  ['tăng_trưởng', 'suy_giảm'],
  ['thừa', 'thiếu'],
  ['đồng_ý', 'từ_chối'],
  ['chấp_nhận', 'từ_chối'],
  ['tán_thành', 'phản_đối'],
  ['hoàn_thành', 'chậm_trễ'],
  ['trong_nước', 'nước_ngoài'],
  ['bắt_buộc', 'tự_nguyện'],
  ['lên', 'xuống'],
  ['miễn_phí', 'thu_phí'],
];
/**
 * Other words for an outcome word of OPPOSITES: a claim that holds one of them already says that
 * outcome ("3 thắng, 1 hòa và 1 bại" is a tally, not a win the evidence's "thua" denies).
 */
const SAME_OUTCOME = new Map<string, string[]>([['thua', ['bại', 'thất_bại']]]);
const saysOutcome = (words: ReadonlySet<string>, word: string): boolean =>
  words.has(word) || (SAME_OUTCOME.get(word)?.some((w) => words.has(w)) ?? false);
const OPPOSITE_OF = new Map<string, string[]>();
/**
 * "trước" and "sau" are also prepositions ("bức xúc trước nội dung", "dừng xe trước sân"): they
 * oppose each other only before the same words, up to two ("sau khi va chạm" / "trước khi va chạm",
 * "sau đại dịch" / "trước đại dịch"; not "sau cuộc điều tra" / "trước cuộc bầu cử").
 */
const SLOTTED = new Set(['trước', 'sau']);
/**
 * A negated outcome word says its opposite ("không ít" is "nhiều", "chưa cao" is "thấp", "không khó" is "dễ"): negated on one
 * side only, it agrees with the opposite word on the other, so that pair is no flip.
 */
const NEGATED_BEFORE = /(?:^|[^\p{L}])(?:không|chưa|chẳng|chả|khong|chua|chang)(?:\s+(?:hề|he))?\s+$/iu;
const negatedAt = (text: string, start: number): boolean => NEGATED_BEFORE.test(textBefore(text, start, 16));
const oneNegated = (claimText: string, claimStart: number, evidence: string, evidenceStart: number): boolean =>
  negatedAt(claimText, claimStart) !== negatedAt(evidence, evidenceStart);
/**
 * A date a sentence compares with ("giữ ổn định như năm 2022", "tăng 5 % so với cùng kỳ năm 2022")
 * is the reference, not the time of what it reports: it conflicts with no other date.
 */
const COMPARED_BEFORE =
  /(?:^|[^\p{L}])(?:so với|như|cùng k[ỳì]|so voi|nhu|cung k[yi])\s+(?:(?:cùng k[ỳì]|cung k[yi])\s+)?(?:năm|tháng|ngày|nam|thang|ngay)?\s*$/iu;
const comparedAt = (text: string, start: number): boolean => COMPARED_BEFORE.test(textBefore(text, start, 24));
/** The `chars` characters of `text` before `at` (fewer at its start): where a word's qualifier stands. */
function textBefore(text: string, at: number, chars: number): string {
  return text.slice(Math.max(0, at - chars), at);
}
function sameNext(a: readonly Token[], i: number, b: readonly Token[], k: number): boolean {
  const folded = (t: Token | undefined): string | undefined => (t ? foldDiacritics(t.text.toLowerCase()) : undefined);
  if (a[i + 1] === undefined) return false;
  for (let j = 1; j <= 2 && a[i + j] !== undefined; j += 1) if (folded(a[i + j]) !== folded(b[k + j])) return false;
  return true;
}
for (const [a, b] of OPPOSITES) {
  OPPOSITE_OF.set(a, [...(OPPOSITE_OF.get(a) ?? []), b]);
  OPPOSITE_OF.set(b, [...(OPPOSITE_OF.get(b) ?? []), a]);
}

/** Absolute words: a claim that adds one the evidence lacks overstates it ("duy nhất", "tất cả"). */
const ABSOLUTES = new Set(['duy_nhất', 'tất_cả', 'toàn_bộ', 'luôn_luôn', 'luôn', 'hoàn_toàn', 'chỉ', 'mọi', 'đầu_tiên', 'nhất', 'hầu_hết']);

/**
 * The absolute words read in a claim typed without diacritics, as folded syllables: not "chi",
 * "moi" and "nhat", which are as often "chị", "mới" and "Nhật".
 */
const FOLDED_ABSOLUTES: readonly string[][] = [...ABSOLUTES]
  .filter((w) => !['chỉ', 'mọi', 'nhất', 'luôn_luôn'].includes(w))
  .map((w) => foldDiacritics(w).split('_'));

/** Where the words hold the syllables `run` one after another, or −1. */
function runAt(words: readonly Token[], run: readonly string[]): number {
  return words.findIndex((_, i) => run.every((s, k) => words[i + k]?.text === s));
}
const hasRun = (words: readonly Token[], run: readonly string[]): boolean => runAt(words, run) >= 0;

/** The outcome words of several syllables, with their folded syllables. */
const FOLDED_OUTCOME_WORDS: readonly [string, string[]][] = [...OPPOSITE_OF.keys()]
  .filter((w) => w.includes('_'))
  .map((w) => [w, foldDiacritics(w).split('_')]);

/** The words of several syllables the outcome and absolute features look for: the segmenter must join each, or it never fires. */
export const STANCE_COMPOUNDS: readonly string[] = [...new Set([...OPPOSITES.flat(), ...ABSOLUTES, ...NEGATIONS])].filter((w) =>
  w.includes('_'),
);

export interface AlignedEvidence {
  /** The sentences of the passage that best answer the claim: one, two neighbours, or two far apart joined by " … ". */
  text: string;
  /** Offsets of `text` in the normalised passage (of the first sentence chosen, when two far apart are joined). */
  start: number;
  end: number;
  /** Share of the claim's content syllables that the aligned sentences contain. */
  coverage: number;
}

// A syllable's key is its search form (foldForSearch): folded, with one i/y spelling ("kỳ" and "kì" are one word written two ways).
// Folding the whole string once is several times cheaper than folding syllable by syllable.
const foldedSyllables = (text: string): string[] => syllableTokens(foldForSearch(text)).map((t) => t.text);
const withoutStop = (syl: readonly string[]): string[] => syl.filter((s) => !STOP.has(s));

/**
 * The distinct syllables and syllable bigrams of a claim, numbered: how many of them a sentence
 * holds is counted by walking its syllables, without building a set (or bigram strings) for
 * every sentence of every passage.
 */
interface Vocabulary {
  syllables: Map<string, number>;
  syllableCount: number;

  /** First syllable → second syllable → number. */
  bigrams: Map<string, Map<string, number>>;
  bigramCount: number;
}

function vocabulary(distinct: readonly string[], sequence: readonly string[]): Vocabulary {
  const syllables = new Map<string, number>();
  for (const s of distinct) if (!syllables.has(s)) syllables.set(s, syllables.size);
  const bigrams = new Map<string, Map<string, number>>();
  let bigramCount = 0;
  for (let i = 1; i < sequence.length; i += 1) {
    const first = sequence[i - 1] as string;
    let next = bigrams.get(first);
    if (!next) bigrams.set(first, (next = new Map()));
    if (!next.has(sequence[i] as string)) next.set(sequence[i] as string, bigramCount++);
  }
  return { syllables, syllableCount: syllables.size, bigrams, bigramCount };
}

/**
 * Weights of a claim's syllables and bigrams within one passage: the inverse of how many of its
 * sentences hold each syllable. A word in every sentence (the passage's subject) tells its
 * sentences apart less than one found in a single sentence.
 */
interface VocabularyWeights {
  syllables: Float64Array;
  syllableTotal: number;
  bigrams: Float64Array;
  bigramTotal: number;
}

function vocabularyWeights(v: Vocabulary, p: PassageAnalysis): VocabularyWeights {
  const df = (p.sentenceFrequencies ??= sentenceFrequencies(p.sentences));
  const n = p.sentences.length;
  const idf = (s: string): number => Math.log((n + 1) / ((df.get(s) ?? 0) + 0.5));
  const syllables = new Float64Array(v.syllableCount);
  let syllableTotal = 0;
  for (const [s, id] of v.syllables) syllableTotal += syllables[id] = idf(s);
  const bigrams = new Float64Array(v.bigramCount);
  let bigramTotal = 0;
  for (const [first, next] of v.bigrams) {
    const a = idf(first);
    for (const [second, id] of next) bigramTotal += bigrams[id] = a + idf(second);
  }
  return { syllables, syllableTotal, bigrams, bigramTotal };
}

function sentenceFrequencies(sentences: readonly SentenceStats[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const s of sentences) for (const w of new Set(s.syl)) df.set(w, (df.get(w) ?? 0) + 1);
  return df;
}

/** What some runs of syllables cover of the claim: which syllables and bigrams they hold, and their summed weights. */
interface Cover {
  seen: Uint8Array;
  seenBigram: Uint8Array;
  found: number;
  foundBigrams: number;
}

/** The cover of `runs`, on top of `from` (left as it is) when given: a second sentence is scanned without scanning the first again. */
function coverOf(v: Vocabulary, w: VocabularyWeights, runs: readonly (readonly string[])[], from?: Cover): Cover {
  const c: Cover = from
    ? { seen: from.seen.slice(), seenBigram: from.seenBigram.slice(), found: from.found, foundBigrams: from.foundBigrams }
    : { seen: new Uint8Array(v.syllableCount), seenBigram: new Uint8Array(v.bigramCount), found: 0, foundBigrams: 0 };
  for (const run of runs) {
    for (let i = 0; i < run.length; i += 1) {
      const s = run[i] as string;
      const id = v.syllables.get(s);
      if (id !== undefined && c.seen[id] === 0) {
        c.seen[id] = 1;
        c.found += w.syllables[id] as number;
      }
      if (i === 0) continue;
      const b = v.bigrams.get(run[i - 1] as string)?.get(s);
      if (b !== undefined && c.seenBigram[b] === 0) {
        c.seenBigram[b] = 1;
        c.foundBigrams += w.bigrams[b] as number;
      }
    }
  }
  return c;
}

/** The weighted shares of the claim's syllables and bigrams a cover holds, summed (0..2). */
const coverScore = (w: VocabularyWeights, c: Cover): number =>
  (w.syllableTotal > 0 ? c.found / w.syllableTotal : 0) + (w.bigramTotal > 0 ? c.foundBigrams / w.bigramTotal : 0);

/** The weighted shares of the claim's syllables and bigrams found in any of `runs`, summed (0..2). */
const weightedCover = (v: Vocabulary, w: VocabularyWeights, runs: readonly (readonly string[])[]): number =>
  coverScore(w, coverOf(v, w, runs));

/** Share of the vocabulary's distinct bigrams found in any of `runs` (a bigram never spans two runs). */
function bigramShare(v: Vocabulary, runs: readonly (readonly string[])[]): number {
  if (v.bigramCount === 0) return 0;
  const seen = new Uint8Array(v.bigramCount);
  let found = 0;
  for (const run of runs) {
    for (let i = 1; i < run.length; i += 1) {
      const id = v.bigrams.get(run[i - 1] as string)?.get(run[i] as string);
      if (id !== undefined && seen[id] === 0) {
        seen[id] = 1;
        found += 1;
      }
    }
  }
  return found / v.bigramCount;
}

/** Share of `needles` (repeats count) found in `hay`. */
function share(needles: readonly string[], hay: ReadonlySet<string>): number {
  let found = 0;
  for (const x of needles) if (hay.has(x)) found += 1;
  return needles.length === 0 ? 0 : found / needles.length;
}

interface WordSide {
  words: Token[];
  set: Set<string>;
  entities: Entity[];
}

/** `entityText`: the same text with its capitals kept (names are found by their capitals), when `text` is folded to lower case. */
function wordSide(text: string, folded = false, entityText = text): WordSide {
  const words = wordTokens(text);
  const entities = extractEntities(entityText);
  return { words, set: new Set(words.map((w) => w.text)), entities: folded ? readFoldedQuantities(entityText, entities) : entities };
}

const FOLDED_YEAR_BEFORE = /\bnam\s+$/iu;
/** The extractor's units and multipliers, folded: "30 nam", "3 trieu", "5 doi tuong". */
const FOLDED_UNIT = new RegExp(
  `^\\s+(${[...UNITS, ...Object.keys(MULTIPLIERS)]
    .map((u) => foldDiacritics(u).replace('/', '\\/'))
    .sort((a, b) => b.length - a.length)
    .join('|')})(?![\\p{L}\\p{M}\\p{N}])`,
  'iu',
);
const FOLDED_DAY_BEFORE = /\bngay\s+$/iu;
const FOLDED_DAY_MONTH = /^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}))?/u;
/**
 * The extractor reads units and years from words with diacritics ("30 năm", "năm 2022"), so on
 * folded text ("30 nam kinh nghiem", "nam 2022") it gives bare numbers, which then pair with any
 * other bare number as a conflict. Folded, "nam 2022" is a year, "ngay 26-3" a day, and a bare number takes the
 * word after it as its unit when that is one of the extractor's units, folded (any word, before: "thu 3 cua"
 * against "thu 4," read two units and so no conflict): both sides of a plain claim's pair are read this same way.
 */
function readFoldedQuantities(text: string, entities: Entity[]): Entity[] {
  const read = entities.map((x): Entity => {
    if (x.kind !== 'number' || x.unit !== undefined) return x;
    const before = textBefore(text, x.start, 8);
    if (/^(?:19|20)\d\d$/u.test(x.value) && FOLDED_YEAR_BEFORE.test(before)) return { ...x, kind: 'date', value: x.value };
    const day = FOLDED_DAY_BEFORE.test(before) ? FOLDED_DAY_MONTH.exec(text.slice(x.start, x.start + 12)) : null;
    if (day) {
      const [, d = '', m = '', y] = day;
      return {
        ...x,
        kind: 'date',
        text: day[0],
        end: x.start + day[0].length,
        value: `${y ?? '-'}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`,
      };
    }
    const next = FOLDED_UNIT.exec(text.slice(x.end, x.end + 24));
    if (!next) return x;
    // The unit belongs to the quantity, as with diacritics: its span shows it ("1 thang") and its slot is what follows.
    const end = x.end + next[0].length;
    return { ...x, unit: (next[1] as string).toLowerCase(), text: text.slice(x.start, end), end };
  });
  // The first number of a range takes the second's unit, as the extractor does with diacritics ("7-10 nam").
  for (let i = 1; i < read.length; i += 1) {
    const [first, second] = [read[i - 1] as Entity, read[i] as Entity];
    if (first.kind === 'number' && second.kind === 'number' && first.unit === undefined && second.unit !== undefined)
      if (RANGE_BETWEEN.test(text.slice(first.end, second.start))) read[i - 1] = { ...first, unit: second.unit };
  }
  return read;
}

const isQuantity = (x: Entity): boolean => x.kind === 'number' || x.kind === 'date';
const DIGITS = /\d+/g;

/** A syllable as written: folded, and whether it is capitalised (not opening a sentence) or a number. */
interface CasedSyllable {
  folded: string;
  name: boolean;
  /** First word of a sentence, capitalised whatever it is. */
  opens: boolean;
  number: boolean;
  /** Offsets in the text it was read from. */
  start: number;
  end: number;
}

// The syllable pattern of classifiers/text/tokenize.ts.
const SYLLABLE = /\d+(?:[.,/:]\d+)*|[\p{L}\p{M}\p{N}]+/gu;
const SENTENCE_OPENER = /[.!?:"“]\s*$/u;
const CAPITAL = /^\p{Lu}/u;

function casedSyllables(text: string): CasedSyllable[] {
  const out: CasedSyllable[] = [];
  let previousEnd = -1;
  SYLLABLE.lastIndex = 0;
  for (let m = SYLLABLE.exec(text); m !== null; m = SYLLABLE.exec(text)) {
    const opens = previousEnd < 0 || SENTENCE_OPENER.test(text.slice(previousEnd, m.index));
    out.push({
      folded: foldForSearch(m[0]),
      name: !opens && CAPITAL.test(m[0]),
      opens,
      number: m[0].charCodeAt(0) >= 48 && m[0].charCodeAt(0) <= 57,
      start: m.index,
      end: m.index + m[0].length,
    });
    previousEnd = m.index + m[0].length;
  }
  return out;
}

/**
 * Counts, into `counts`, how often each folded syllable of `text` and each pair of neighbouring
 * ones ("ha noi") is written with a capital (both, for a pair) where a capital says something:
 * past a sentence's first word, numbers aside. The subject gate reads names in a claim typed in
 * lower case from these counts (subject.ts namesFromCasing).
 */
export function countCasing(text: string, counts: CasingCounts): void {
  const add = (key: string, capital: boolean): void => {
    const c = counts.get(key) ?? [0, 0];
    if (capital) c[0] += 1;
    c[1] += 1;
    counts.set(key, c);
  };
  let previous: CasedSyllable | undefined;
  for (const x of casedSyllables(normalizeText(text))) {
    const counted = !x.opens && !x.number;
    if (counted) {
      add(x.folded, x.name);
      if (previous) add(`${previous.folded} ${x.folded}`, previous.name && x.name);
    }
    previous = counted ? x : undefined;
  }
}

/**
 * Everything about a claim that does not depend on the passage, computed once per claim: the
 * matcher compares each claim with several passages, and the features below only intersect sets.
 */
export interface ClaimAnalysis {
  /** The claim as given (alignment reads it as given, the features read it normalised). */
  raw: string;
  text: string;
  /** Alignment: content syllables (with repeats); those and the syllable bigrams of the claim as given, numbered. */
  alignSyllables: string[];
  alignVocabulary: Vocabulary;
  /** Features: folded syllables of the normalised claim, their set, the content ones, and its bigrams numbered. */
  syllables: string[];
  syllableSet: Set<string>;
  content: string[];
  vocabulary: Vocabulary;
  side: WordSide;
  /**
   * Typed without diacritics ("cong an khong bat giu"): its words are then compared with the
   * evidence's folded words (EvidenceAnalysis.foldedSide), never with the written ones, so that
   * "khong" meets "không" and "500 trieu dong" meets "500 triệu đồng" instead of conflicting.
   */
  plain: boolean;
  quantities: Entity[];
  /** Values of every entity of the claim. */
  values: Set<string>;
  digits: Set<string>;
  cased: CasedSyllable[];
  /** For the subject gate (subject.ts): distinct content syllables, neighbour pairs and capitalised words. */
  subjectSyllables: string[];
  subjectBigrams: string[];
  names: string[];
  /** No capital letter anywhere: names cannot be told from words. */
  caseless: boolean;
  /** Its subject points back to its article ("Trận đấu này", "Vụ việc nói trên"): who or what it is, the claim alone does not say. */
  anaphoric: boolean;
}

/** Distinct pairs of neighbouring folded syllables, unless both are function words, as "a b". */
function contentBigrams(syl: readonly string[]): string[] {
  const out = new Set<string>();
  for (let i = 1; i < syl.length; i += 1) {
    const a = syl[i - 1] as string;
    const b = syl[i] as string;
    if (!STOP.has(a) || !STOP.has(b)) out.add(`${a} ${b}`);
  }
  return [...out];
}

export function analyseClaim(claim: string): ClaimAnalysis {
  const text = normalizeText(claim);
  const syllables = foldedSyllables(text);
  const content = withoutStop(syllables);
  const rawSyllables = claim === text ? syllables : foldedSyllables(claim);
  const alignSyllables = claim === text ? content : withoutStop(rawSyllables);
  const plain = fastFold(text) === text.toLowerCase();
  const side = wordSide(text, plain);
  const v = vocabulary(content, syllables);
  const cased = casedSyllables(text);
  return {
    raw: claim,
    text,
    alignSyllables,
    alignVocabulary: claim === text ? v : vocabulary(alignSyllables, rawSyllables),
    syllables,
    syllableSet: new Set(syllables),
    content,
    vocabulary: v,
    side,
    plain,
    quantities: side.entities.filter(isQuantity),
    values: new Set(side.entities.map((x) => x.value)),
    digits: new Set(text.match(DIGITS) ?? []),
    cased,
    subjectSyllables: [...new Set(content)],
    subjectBigrams: contentBigrams(syllables),
    names: [...new Set(cased.filter((x) => x.name).map((x) => x.folded))],
    caseless: !/\p{Lu}/u.test(text),
    anaphoric: opensOnReference(text, cased),
  };
}

/** Words before "này" / "đó" that make a time or a link, not a thing referred to ("hôm nay", "sau đó", "bên cạnh đó", "ai đó"). */
const NOT_REFERENT = new Set(
  'hom hien nam den tu sang toi chieu trua dem ngay thang tuan bay xua truoc sau khi luc trong ngoai vi do cho tai theo nho qua tuy ben canh voi so ai nhung o nhu bang gio'.split(
    ' ',
  ),
);
/**
 * The claim's subject is a noun phrase pointing back, within its first five words, before any
 * comma and followed by its verb: "Trận đấu này diễn ra …", "Hai người này …". A phrase set off
 * by a comma is a link or a time ("Bên cạnh đó, …", "Lần này, …"), not the subject.
 */
function opensOnReference(text: string, cased: readonly CasedSyllable[]): boolean {
  for (let k = 1; k < Math.min(cased.length, 6); k += 1) {
    const w = cased[k] as CasedSyllable;
    const before = cased[k - 1] as CasedSyllable;
    if (/[,;:]/.test(text.slice(before.end, w.start))) return false;
    const demonstrative =
      w.folded === 'nay' ||
      w.folded === 'ay' ||
      (w.folded === 'tren' && (before.folded === 'noi' || before.folded === 'ke' || before.folded === 'neu')) ||
      text.slice(w.start, w.end).toLowerCase() === 'đó';
    if (demonstrative) return !NOT_REFERENT.has(before.folded) && /^\s+\p{L}/u.test(text.slice(w.end, w.end + 2));
  }
  return false;
}

/** One span of sentences of a passage, analysed once whichever claim it is aligned with. */
export interface EvidenceAnalysis {
  text: string;
  start: number;
  end: number;
  syllables: string[];
  syllableSet: Set<string>;
  contentSet: Set<string>;
  side: WordSide;
  /** Its words and entities read from its folded text, for a claim typed without diacritics (built on first use). */
  foldedSide?: WordSide;
  quantities: Entity[];
  values: Set<string>;
  cased: CasedSyllable[];
  /** Its pairs of neighbouring syllables as "a b", built on first use by the subject gate. */
  bigramSet?: Set<string>;
  /** Two sentences far apart (alignPrepared): their spans in the passage; `start`/`end` are then the first's. */
  parts?: readonly { start: number; end: number }[];
}

function analyseEvidence(text: string, start: number, end: number, syllables: string[] = foldedSyllables(text)): EvidenceAnalysis {
  const side = wordSide(text);
  const quantities = side.entities.filter(isQuantity);
  const syllableSet = new Set(syllables);
  const contentSet = new Set<string>();
  for (const s of syllableSet) if (!STOP.has(s)) contentSet.add(s);
  return {
    text,
    start,
    end,
    syllables,
    syllableSet,
    contentSet,
    side,
    quantities,
    values: new Set(quantities.map((x) => x.value)),
    cased: casedSyllables(text),
  };
}

/**
 * Where the claim stands word for word in the evidence (offsets in the evidence), if it does: a
 * clause the evidence quotes or reports ("… dù biết rằng [thầy giáo già, con hát trẻ]").
 */
function claimRun(c: ClaimAnalysis, e: EvidenceAnalysis): { start: number; end: number } | null {
  const claim = c.syllables;
  const evidence = e.syllables;
  if (claim.length < 3 || claim.length > evidence.length || e.cased.length !== evidence.length) return null;
  const first = claim[0] as string;
  for (let i = evidence.indexOf(first); i >= 0 && i + claim.length <= evidence.length; i = evidence.indexOf(first, i + 1)) {
    let k = 1;
    while (k < claim.length && evidence[i + k] === claim[k]) k += 1;
    if (k === claim.length) return { start: (e.cased[i] as CasedSyllable).start, end: (e.cased[i + k - 1] as CasedSyllable).end };
  }
  return null;
}

/**
 * The evidence's negations that bear on a claim it holds word for word: those inside it, or
 * governing its first words ("chưa bao giờ [chia sẻ dữ liệu]"). A "không" elsewhere in the
 * sentence ("Dù kết quả không tốt nhưng HLV cho rằng [các học trò …]") denies something else.
 */
function negationsBearingOn(negations: Token[], words: readonly Token[], run: { start: number; end: number } | null): Token[] {
  if (!run) return negations;
  return negations.filter((n) => {
    if (n.start >= run.start) return n.start < run.end;
    const between = words.filter((w) => w.start > n.start && w.start < run.start).length;
    return between < NEGATION_SCOPE;
  });
}

/** The evidence read folded, kept with it; its written side when folding would move offsets. */
function evidenceFoldedSide(e: EvidenceAnalysis): WordSide {
  if (e.foldedSide) return e.foldedSide;
  const folded = fastFold(e.text);
  if (folded.length !== e.text.length) return (e.foldedSide = e.side);
  // Places and organisations are read on the folded text with its capitals, so "Ha Tinh" meets "Nghệ An".
  const cased = stripDiacritics(e.text);
  return (e.foldedSide = wordSide(folded, true, cased.length === folded.length ? cased : folded));
}

interface SentenceStats {
  span: SentenceSpan;
  /** Folded syllables of the sentence. */
  syl: string[];
}

/**
 * Everything about a passage that does not depend on the claim: its sentences with their
 * folded syllables, its syllables and digits, and the evidence spans analysed
 * so far (a passage that answers many claims is segmented and searched for entities once).
 */
export interface PassageAnalysis {
  /** The passage as given, and normalised (evidence offsets point into `text`). */
  raw: string;
  text: string;
  sentences: SentenceStats[];
  syllableSet: Set<string>;
  contentSet: Set<string>;
  digits: Set<string>;
  /** Number/date values of the passage: given (the index stores them) or extracted on first use. */
  quantityValues: ReadonlySet<string> | undefined;
  /** The passage's numbers and dates with their units, extracted on first use (only when a value is in `quantityValues`). */
  quantities?: Entity[];
  evidence: Map<string, EvidenceAnalysis>;
  /** How many sentences hold each folded syllable (alignment weights); counted on first use. */
  sentenceFrequencies?: Map<string, number>;
}

// Texts that fastFold folds as a whole (a capital sigma, a surrogate pair): the sentences are folded one by one then.
const FOLDED_WHOLE = /[\u03a3\ud800-\udfff]/u;

export function analysePassage(passage: string, quantityValues?: ReadonlySet<string>): PassageAnalysis {
  const text = normalizeText(passage);
  const spans = passageSentences(text);
  let sentences: SentenceStats[];
  let passageSyllables: string[];
  const folded = foldForSearch(text);
  if (passage === text && folded.length === text.length && !FOLDED_WHOLE.test(text) && folded.normalize('NFC') === folded) {
    // One character folds to one, so offsets carry over: scan the folded passage once and give
    // each sentence its syllables (a syllable never straddles a sentence break, which is a space).
    const tokens = syllableTokens(folded);
    passageSyllables = tokens.map((t) => t.text);
    let k = 0;
    sentences = spans.map((span) => {
      const syl: string[] = [];
      while (k < tokens.length && (tokens[k] as Token).start < span.start) k += 1;
      for (; k < tokens.length && (tokens[k] as Token).end <= span.end; k += 1) syl.push((tokens[k] as Token).text);
      return { span, syl };
    });
  } else {
    sentences = spans.map((span) => ({ span, syl: foldedSyllables(span.text) }));
    passageSyllables = foldedSyllables(passage);
  }
  return {
    raw: passage,
    text,
    sentences,
    syllableSet: new Set(passageSyllables),
    contentSet: new Set(withoutStop(passageSyllables)),
    digits: new Set(passage.match(DIGITS) ?? []),
    quantityValues,
    evidence: new Map(),
  };
}

/** A passage's evidence under `key`, analysed once: the matcher compares several claims with one passage. */
function memoEvidence(p: PassageAnalysis, key: string, analyse: () => EvidenceAnalysis): EvidenceAnalysis {
  let e = p.evidence.get(key);
  if (!e) p.evidence.set(key, (e = analyse()));
  return e;
}

function evidenceOf(p: PassageAnalysis, from: number, to: number): EvidenceAnalysis {
  return memoEvidence(p, `${from}:${to}`, () => {
    const first = (p.sentences[from] as SentenceStats).span;
    const last = (p.sentences[to] as SentenceStats).span;
    // One sentence: its syllables are already counted; two: the text between them (a caption) counts too.
    return analyseEvidence(
      p.text.slice(first.start, last.end),
      first.start,
      last.end,
      from === to ? (p.sentences[from] as SentenceStats).syl : undefined,
    );
  });
}

/** The evidence of a passage without sentences: the whole text. */
function wholeEvidence(p: PassageAnalysis): EvidenceAnalysis {
  return memoEvidence(p, 'all', () => analyseEvidence(p.text, 0, p.text.length));
}

/** How much more of the claim (weighted cover, 0..2) a neighbouring sentence must add to join the evidence. */
const NEIGHBOUR_GAIN = 0.15;

/**
 * The one or two sentences of the passage that cover most of the claim, scored by syllable and
 * syllable-bigram overlap (bigrams keep "công an" apart from "an ... công"): the best sentence,
 * with its neighbour or, failing that, another sentence of the passage when it adds enough.
 */
export function alignPrepared(c: ClaimAnalysis, p: PassageAnalysis): { evidence: EvidenceAnalysis; coverage: number } {
  const stats = p.sentences;
  if (stats.length === 0) return { evidence: wholeEvidence(p), coverage: 0 };
  let best = { from: 0, to: 0, score: -1 };
  const weights = vocabularyWeights(c.alignVocabulary, p);
  const single = stats.map((s, i) => {
    const score = weightedCover(c.alignVocabulary, weights, [s.syl]);
    if (score > best.score) best = { from: i, to: i, score };
    return score;
  });
  // A claim often merges two neighbouring sentences; take the neighbour that adds more, when it adds real coverage.
  const at = best.from;
  let pair = best;
  for (const j of [at - 1, at + 1]) {
    const other = stats[j];
    if (!other) continue;
    const score = weightedCover(
      c.alignVocabulary,
      weights,
      j < at ? [other.syl, (stats[at] as SentenceStats).syl] : [(stats[at] as SentenceStats).syl, other.syl],
    );
    if (score > best.score + NEIGHBOUR_GAIN && score > pair.score) pair = { from: Math.min(j, at), to: Math.max(j, at), score };
  }
  best = pair;
  // A claim may also merge two sentences far apart: the best single sentence's complement from elsewhere, when it adds much more.
  // (Weighted cover is at most 2: a sentence that already covers nearly all leaves no room, and the scan is spared.)
  if (best.from === best.to && best.score + FAR_GAIN < 2) {
    const first = coverOf(c.alignVocabulary, weights, [(stats[best.from] as SentenceStats).syl]);
    let far = { at: -1, score: best.score + FAR_GAIN };
    stats.forEach((s, i) => {
      // Cover is subadditive: a sentence must cover more than FAR_GAIN alone to add that much.
      if (Math.abs(i - best.from) <= 1 || (single[i] as number) <= FAR_GAIN - 1e-9) return;
      const score = coverScore(weights, coverOf(c.alignVocabulary, weights, [s.syl], first));
      if (score > far.score) far = { at: i, score };
    });
    if (far.at >= 0) {
      const evidence = farEvidence(p, best.from, far.at);
      return { evidence, coverage: share(c.alignSyllables, evidence.contentSet) };
    }
  }
  const evidence = evidenceOf(p, best.from, best.to);
  return { evidence, coverage: share(c.alignSyllables, evidence.contentSet) };
}

/**
 * How much more of the claim (weighted cover) a sentence that is not a neighbour must add to join
 * the evidence: chosen on the selection rows (train.ts), among 0.1 to 0.5.
 */
const FAR_GAIN = 0.2;

/**
 * Two sentences far apart, in passage order, joined by " … " (conflict spans point into this text);
 * its offsets in the passage are the primary sentence's, after which a denial is looked for.
 */
function farEvidence(p: PassageAnalysis, primary: number, other: number): EvidenceAnalysis {
  return memoEvidence(p, `${primary}+${other}`, () => {
    const [a, b] = (primary < other ? [primary, other] : [other, primary]).map((i) => p.sentences[i] as SentenceStats) as [
      SentenceStats,
      SentenceStats,
    ];
    const main = (p.sentences[primary] as SentenceStats).span;
    return {
      ...analyseEvidence(`${a.span.text} … ${b.span.text}`, main.start, main.end, [...a.syl, ...b.syl]),
      parts: [a.span, b.span].map(({ start, end }) => ({ start, end })),
    };
  });
}

/** The folded syllables of each sentence of a text (for counting how common a syllable is). */
export function sentenceSyllables(text: string): string[][] {
  return passageSentences(normalizeText(text)).map((s) => foldedSyllables(s.text));
}

/** `alignPrepared` on plain strings. */
export function alignEvidence(claim: string, passage: string): AlignedEvidence {
  const { evidence, coverage } = alignPrepared(cachedClaim(claim), analysePassage(passage));
  return { text: evidence.text, start: evidence.start, end: evidence.end, coverage };
}

// The matcher and the trainer compare one claim with several passages in a row: keep its analysis.
let lastClaim: ClaimAnalysis | undefined;
function cachedClaim(claim: string): ClaimAnalysis {
  if (lastClaim?.raw !== claim) lastClaim = analyseClaim(claim);
  return lastClaim;
}

const span = (text: string, from: number, to: number): Span => ({ text: text.slice(from, to), start: from, end: to });
/** A run of syllables [from, to) as a span of the text they were read from. */
const runSpan = (text: string, cased: readonly CasedSyllable[], [from, to]: [number, number]): Span =>
  span(text, (cased[from] as CasedSyllable).start, (cased[to - 1] as CasedSyllable).end);

/**
 * Whether the conflicts name a typed difference (number, date, place, organisation, negation,
 * outcome); a `wording` span only shows where the claim's words differ.
 */
export const namesConflict = (conflicts: readonly Conflict[]): boolean => conflicts.some((x) => x.kind !== 'wording');
/**
 * An article of a law cited by its number ("Điều 255 Bộ luật Hình sự", typed "dieu 255"). The
 * conflict's span then takes in the word "Điều", so a reviewer reads "Điều 255" against "điều 331".
 */
const ARTICLE_WORD = '(?:điều|dieu)';
const ARTICLE_BEFORE = new RegExp(`${ARTICLE_WORD}\\s+$`, 'iu');
const ARTICLE = new RegExp(`^${ARTICLE_WORD}\\s`, 'iu');
/** An ordinal ("Hội nghị lần thứ 12", "kỳ họp thứ 4", typed "thu 4"): a bare number after "thứ". */
const ORDINAL_WORD = '(?:thứ|thu)';
const ORDINAL_BEFORE = new RegExp(`${ORDINAL_WORD}\\s+$`, 'iu');
const ORDINAL = new RegExp(`^${ORDINAL_WORD}\\s+\\d+$`, 'iu');
const BARE_DIGITS = /^\d+$/u;
const numberSpan = (text: string, from: number, to: number): Span => {
  const preceding = textBefore(text, from, 8);
  const before = ARTICLE_BEFORE.exec(preceding) ?? (BARE_DIGITS.test(text.slice(from, to)) ? ORDINAL_BEFORE.exec(preceding) : null);
  return span(text, before ? from - before[0].length : from, to);
};
/**
 * Two amounts a thousand times apart are not one measure stated differently: "29 triệu đồng" (a
 * phone's price) against "789.000 tỷ đồng" (a budget) are two things, whatever their unit shares.
 */
const sameMagnitude = (a: string, b: string): boolean => {
  const x = Math.abs(Number(a));
  const y = Math.abs(Number(b));
  if (!(x > 0 && y > 0)) return true;
  return Math.max(x, y) / Math.min(x, y) < 1000;
};
/** Of the candidates, one written with its own unit: the first of a range ("20-30 tỷ đồng") shows as "20" alone. */
const preferStated = (candidates: readonly Entity[]): Entity | undefined =>
  candidates.find((x) => x.unit === undefined || !/^[\d.,\s]+$/u.test(x.text)) ?? candidates[0];
/** Days in each unit of time (folded), so that "12 tháng" and "1 năm" are one duration. */
const DAYS_IN: Readonly<Record<string, number>> = { phut: 1 / 1440, gio: 1 / 24, ngay: 1, tuan: 7, thang: 30.4, nam: 365 };
/**
 * Units that measure (a share, money, mass, distance, speed, time): "7%" and "7 năm" are two
 * quantities. The noun after a count may be worded otherwise ("16 chiến sĩ" for "16 người").
 */
const MEASURES: ReadonlySet<string> = new Set(['%', 'dong', 'usd', 'kg', 'tan', 'km', 'km/h', ...Object.keys(DAYS_IN)]);
const unitKey = (unit: string | undefined): string | undefined => (unit === undefined ? undefined : fastFold(unit).toLowerCase());
function unitsAgree(a: string | undefined, b: string | undefined): boolean {
  const x = unitKey(a);
  const y = unitKey(b);
  return x === undefined || y === undefined || x === y || !(MEASURES.has(x) && MEASURES.has(y));
}
/** One quantity on both sides: the same value, and for two numbers no two different measures. */
const sameQuantity = (q: Entity, x: Entity): boolean =>
  x.value === q.value && (q.kind !== 'number' || x.kind !== 'number' || unitsAgree(q.unit, x.unit));
const daysOf = (q: Entity): number | undefined => {
  const days = q.kind === 'number' ? DAYS_IN[unitKey(q.unit) ?? ''] : undefined;
  const value = Number(q.value);
  return days === undefined || !Number.isFinite(value) ? undefined : value * days;
};
/**
 * Two durations in different units of time: whether they are the same length ("12 tháng" and
 * "1 năm") or not ("1 tháng" and "1 năm"); undefined when either is no duration or both share a unit.
 */
function durationsEqual(q: Entity, x: Entity): boolean | undefined {
  if (unitKey(q.unit) === unitKey(x.unit)) return undefined;
  const a = daysOf(q);
  const b = daysOf(x);
  if (a === undefined || b === undefined) return undefined;
  return Math.abs(a - b) <= 0.05 * Math.max(a, b);
}
/** Whether a number conflict is between two articles of a law ("Điều 255" against "điều 331"). */
export const citesAnotherArticle = (conflict: Conflict): boolean => conflict.kind === 'number' && ARTICLE.test(conflict.claimSpan.text);
/** Whether a number conflict is between two ordinals ("lần thứ 12" against "lần thứ 15"): which session or edition it is. */
export const namesAnotherOrdinal = (conflict: Conflict): boolean => conflict.kind === 'number' && ORDINAL.test(conflict.claimSpan.text);

/**
 * Whether a contradiction needs the subject gate's stricter threshold (subject.ts): it names no
 * number, date or outcome that differs (only a negation, a place, an organisation, or nothing), or
 * it cites another article of a law. A "không" is in most sentences, so on a statement about
 * another subject a negation pairs with some shared word far more often than a figure differs in
 * the same slot; and news of another event names another province, country or office in the same
 * slot ("tại Bình Phước" / "tại Nghệ An") without any figure of it being in question. Police news
 * cites the Penal Code for every case: two texts citing different articles are mostly about
 * different offences, and then every other figure they differ on (the penalty, the years) follows from that.
 * An ordinal names which session, conference or edition it is ("Hội nghị lần thứ 12" against "lần
 * thứ 15"): news of another one reads the same, so it too needs the closer subject.
 * A claim whose subject points back to its article ("Trận đấu này …") needs it whatever differs:
 * which match it is, only the article says, so another article's match looks the same.
 */
export const needsCloserSubject = (conflicts: readonly Conflict[], anaphoric = false): boolean =>
  anaphoric ||
  conflicts.some((x) => citesAnotherArticle(x) || namesAnotherOrdinal(x)) ||
  !conflicts.some((x) => MEASURED_CONFLICTS.has(x.kind));
/** Conflicts of what was measured or happened (a figure, a day, an outcome), as against who or where. */
const MEASURED_CONFLICTS = new Set<Conflict['kind']>(['number', 'date', 'outcome']);

/** A province of Việt Nam against Việt Nam itself ("ở Hà Nội" / "ở Việt Nam") names one place at two scales, not two places. */
const containedIn = (a: string, b: string): boolean => (a === VIET_NAM && !isCountry(b)) || (b === VIET_NAM && !isCountry(a));
const VIET_NAM = 'viet-nam';

/** Words after a negation it may govern ("không được phép tăng": three function words, then the verb). */
const NEGATION_SCOPE = 4;
/**
 * What a negation does not govern: function words, and "phải", which after a negation is the copula
 * ("không phải là kẻ lừa đảo") or a modal ("không phải nộp phạt"): what is denied is the words after
 * it, so an evidence's modal "phải" ("phải có kiến thức") is no counterpart unless it shares them.
 */
const NOT_GOVERNED = new Set([...STOP, 'phai']);

/** The explainable features of one claim ↔ evidence pair, in a fixed order (FEATURE_NAMES). */
export const FEATURE_NAMES = [
  'coverage_syllables', // share of claim content syllables in the aligned sentences
  'coverage_bigrams', // share of claim syllable bigrams there (word order, phrasing)
  'coverage_passage', // share of claim content syllables anywhere in the passage
  'novel_syllables', // claim content syllables found nowhere in the passage (new information → nei)
  'numbers_missing', // claim numbers/dates whose value the evidence does not contain
  'numbers_conflicting', // ... while the evidence gives another value of the same kind and unit
  'numbers_matched', // claim numbers/dates the evidence confirms
  'places_conflicting', // claim place not in the evidence, which names another place
  'negation_flip', // negation on one side only
  'negation_claim', // claim carries a negation
  'outcome_flip', // claim says an outcome word, evidence its opposite
  'absolute_added', // claim adds "duy nhất", "tất cả", "chỉ"... that the evidence lacks
  'length_ratio', // claim length / evidence length (log)
  'digits_missing', // raw digit groups of the claim ("44/2022") absent from the passage
  'substitution', // claim words missing from the evidence span the claim covers, while that span has words the claim lacks
  'numbers_swapped', // in the claim-evidence alignment, a number of the claim stands where the evidence has another
  'words_swapped', // ... a content word the evidence lacks stands where the evidence has other words
  'names_missing', // capitalised words of the claim (not opening a sentence) found nowhere in the passage
  'tail_missing', // share of the content syllables in the last third of the claim absent from the evidence (a changed or added ending)
  'negation_difference', // negations in the claim minus negations in the evidence (−2..2: which side denies)
  'local_swaps', // short runs of the claim absent from the evidence whose neighbours the evidence has close together around other words
  'contrast_swaps', // in the alignment, a word of a closed class stands where the evidence has another of it ("em gái" for "em trai", "chiều" for "sáng")
  'exchanges', // two runs of the claim stand in each other's place in the evidence ("Nga … Ukraine" for "Ukraine … Nga")
] as const;
export type FeatureVector = number[];

export interface PairAnalysis {
  features: FeatureVector;
  conflicts: Conflict[];
  /**
   * Lexical features of the claim–evidence difference (lexical.ts): named strings, so a weight
   * reads as "c-:khong → contradicts". Read only by the experimental two-step model (two-step.ts),
   * so computed on first read: the shipped path never pays for them.
   */
  readonly sparse: string[];
  /** What the subject gate (subject.ts) reads of the pair; computed on first read. */
  readonly subject: SubjectPair;
}

/** What the pair features need of the passage around the evidence. */
interface PassageFacts {
  syllableSet: ReadonlySet<string>;
  contentSet: ReadonlySet<string>;
  digits: ReadonlySet<string>;
  quantityValues: () => ReadonlySet<string>;
  /** The passage's numbers and dates with their units (read only for a value `quantityValues` holds). */
  quantities: () => readonly Entity[];
}

/** Features and conflict spans for `claim` against its aligned `evidence`, within `passage`. */
export function analysePair(claim: string, evidence: string, passage: string = evidence): PairAnalysis {
  const e = analyseEvidence(evidence, 0, evidence.length);
  const passageSyllables = passage === evidence ? e.syllables : foldedSyllables(passage);
  // Read at most once, and only when a claim's value may be in the passage.
  let quantities: Entity[] | undefined;
  let passageValues: Set<string> | undefined;
  const passageQuantities = (): Entity[] => (quantities ??= quantitiesOf(passage));
  const facts: PassageFacts =
    passage === evidence
      ? {
          syllableSet: e.syllableSet,
          contentSet: e.contentSet,
          digits: new Set(passage.match(DIGITS) ?? []),
          quantityValues: () => e.values,
          quantities: () => e.quantities,
        }
      : {
          syllableSet: new Set(passageSyllables),
          contentSet: new Set(withoutStop(passageSyllables)),
          digits: new Set(passage.match(DIGITS) ?? []),
          quantityValues: () => (passageValues ??= new Set(passageQuantities().map((x) => x.value))),
          quantities: passageQuantities,
        };
  return pairFeatures(cachedClaim(claim), e, facts);
}

const quantitiesOf = (text: string): Entity[] => extractEntities(text).filter(isQuantity);

/** Features and conflicts of a claim against evidence aligned in a prepared passage. */
export function analysePreparedPair(c: ClaimAnalysis, e: EvidenceAnalysis, p: PassageAnalysis): PairAnalysis {
  return pairFeatures(c, e, {
    syllableSet: p.syllableSet,
    contentSet: p.contentSet,
    digits: p.digits,
    quantityValues: () => (p.quantityValues ??= new Set((p.quantities ??= quantitiesOf(p.raw)).map((x) => x.value))),
    quantities: () => (p.quantities ??= quantitiesOf(p.raw)),
  });
}

function pairFeatures(c: ClaimAnalysis, e: EvidenceAnalysis, p: PassageFacts): PairAnalysis {
  const claimText = c.text;
  const evidence = e.text;
  const conflicts: Conflict[] = [];
  const claimSyl = c.content;
  const passageSyl = p.contentSet;
  let novel = 0;
  const seenNovel = new Set<string>();
  for (const s of claimSyl) {
    if (!passageSyl.has(s) && !seenNovel.has(s)) {
      seenNovel.add(s);
      novel += 1;
    }
  }

  // A claim typed without diacritics meets the evidence's folded words (same offsets: one character folds to one).
  const es = c.plain ? evidenceFoldedSide(e) : e.side;
  const cs = c.side;
  const evQuantities = es === e.side ? e.quantities : es.entities.filter(isQuantity);
  const evValues = es === e.side ? e.values : new Set(evQuantities.map((x) => x.value));

  // Numbers and dates: compare normalised values, pair a missing one with the evidence's value of the same kind/unit.

  let missing = 0;
  let conflicting = 0;
  let matched = 0;
  for (const q of c.quantities) {
    // The index stores each passage's number/date values, so the matcher passes them instead of re-extracting;
    // a value held only with another measure ("7-10 năm" for "7%") is not the claim's quantity.
    const same = (x: Entity): boolean => sameQuantity(q, x);
    if (
      (evValues.has(q.value) && evQuantities.some(same)) ||
      (p.quantityValues().has(q.value) && p.quantities().some(same)) ||
      evQuantities.some((x) => durationsEqual(q, x) === true)
    ) {
      const moved = movedNumber(q, c.cased, evQuantities, e.cased);
      if (moved) {
        conflicting += 1;
        conflicts.push({
          kind: 'number',
          claimSpan: numberSpan(claimText, q.start, q.end),
          evidenceSpan: numberSpan(evidence, moved.start, moved.end),
        });
      } else matched += 1;
      continue;
    }
    // A date stated less precisely on one side ("ngày 20/5" for "ngày 20/5/2023", "sáng 26-3" for "0h30 sáng 26-3") is the same date.
    if (q.kind === 'date' && evQuantities.some((x) => x.kind === 'date' && whenCompatible(q.value, x.value))) {
      matched += 1;
      continue;
    }
    missing += 1;
    const unit = q.unit;
    const other =
      q.kind === 'date'
        ? comparedAt(claimText, q.start)
          ? undefined
          : evQuantities.find(
              (x) => x.kind === 'date' && !c.values.has(x.value) && !whenCompatible(q.value, x.value) && !comparedAt(evidence, x.start),
            )
        : preferStated(
            evQuantities.filter(
              (x) =>
                x.kind === q.kind &&
                !c.quantities.some((y) => sameQuantity(y, x)) &&
                sameMagnitude(q.value, x.value) &&
                (x.unit === unit
                  ? unit !== undefined || sameSlot(c.cased, q, e.cased, x)
                  : durationsEqual(q, x) === false && sameSlot(c.cased, q, e.cased, x)),
            ),
          );
    if (other) {
      conflicting += 1;
      const spanOf = q.kind === 'date' ? span : numberSpan;
      conflicts.push({
        kind: q.kind === 'date' ? 'date' : 'number',
        claimSpan: spanOf(claimText, q.start, q.end),
        evidenceSpan: spanOf(evidence, other.start, other.end),
      });
    }
  }

  // Places and organisations: a claim naming one the evidence does not, while the evidence names another.
  let placeConflicts = 0;
  for (const kind of ['place', 'organization'] as const) {
    const evOfKind = es.entities.filter((x) => x.kind === kind);
    const claimValues = new Set(cs.entities.filter((x) => x.kind === kind).map((x) => x.value));
    for (const x of cs.entities.filter((y) => y.kind === kind)) {
      if (evOfKind.some((y) => y.value === x.value)) continue;
      // Only a name standing in the claim's name's place: some word around it is around the other too.
      const around = slotContext(c.cased, x.start, x.end);
      const other = evOfKind.find(
        (y) =>
          !claimValues.has(y.value) &&
          !containedIn(x.value, y.value) &&
          slotContext(e.cased, y.start, y.end).some((w) => around.includes(w)),
      );
      if (!other) continue;
      if (kind === 'place') placeConflicts += 1;
      conflicts.push({ kind, claimSpan: span(claimText, x.start, x.end), evidenceSpan: span(evidence, other.start, other.end) });
    }
  }

  // Negation flip: count negations on each side; an odd difference flips the meaning.
  const negC = negationsOf(cs.words, c.plain);
  const negE = negationsFacing(negationsBearingOn(negationsOf(es.words, c.plain), es.words, claimRun(c, e)), es.words, cs.set, c.plain);
  const flip = negC.length > 0 !== negE.length > 0;
  if (flip) {
    const neg = negC[0] ?? negE[0];
    const other = negC[0] ? es : cs;
    // Point at the word the negation governs on the other side, so the UI shows "không tăng" ↔ "tăng".
    const side = negC[0] ? cs : es;
    const idx = side.words.indexOf(neg as Token);
    // Only a word the negation governs (the next few), so a "không" early in a long sentence does not pair with any word shared far after it.
    const governed = side.words
      .slice(idx + 1, idx + 1 + NEGATION_SCOPE)
      .find((w) => other.set.has(w.text) && !NOT_GOVERNED.has(foldDiacritics(w.text)));
    const counterpart = governed ? other.words.find((w) => w.text === governed.text) : undefined;
    const claimTok = negC[0] ?? (counterpart as Token | undefined);
    const evTok = negE[0] ?? (counterpart as Token | undefined);
    if (claimTok && evTok)
      conflicts.push({
        kind: 'negation',
        claimSpan: span(claimText, claimTok.start, claimTok.end),
        evidenceSpan: span(evidence, evTok.start, evTok.end),
      });
  }

  // Outcome flip: "tăng" in the claim, "giảm" (and no "tăng") in the evidence. Folded, the words
  // are ambiguous ("tang": tăng, tầng, tặng; "giam": giảm, giam): a claim without diacritics is read after the alignment, below.
  let outcome = 0;
  // A negated word facing its opposite ("chưa cao" / "thấp") says the same: no flip.
  const addOutcome = (claimSpan: Span, evidenceSpan: Span): void => {
    if (oneNegated(claimText, claimSpan.start, evidence, evidenceSpan.start)) return;
    outcome += 1;
    conflicts.push({ kind: 'outcome', claimSpan, evidenceSpan });
  };
  const claimWords = c.plain ? [] : cs.words;
  for (const [i, w] of claimWords.entries()) {
    const opposite = OPPOSITE_OF.get(w.text);
    if (!opposite || es.set.has(w.text)) continue;
    const hit = es.words.find(
      (x, k) => opposite.includes(x.text) && !saysOutcome(cs.set, x.text) && (!SLOTTED.has(w.text) || sameNext(claimWords, i, es.words, k)),
    );
    if (hit) addOutcome(span(claimText, w.start, w.end), span(evidence, hit.start, hit.end));
  }

  const absolutes = c.plain
    ? FOLDED_ABSOLUTES.filter((a) => hasRun(cs.words, a) && !hasRun(es.words, a)).length
    : cs.words.filter((w) => ABSOLUTES.has(w.text) && !es.set.has(w.text)).length;
  const claimLen = Math.max(1, cs.words.length);
  const evLen = Math.max(1, es.words.length);
  let digitsMissing = 0;
  for (const d of c.digits) if (!p.digits.has(d)) digitsMissing += 1;

  const swapped = swaps(c.cased, e.cased, e.syllableSet, claimText, evidence, c.plain);
  if (c.plain) {
    // Folded, an outcome word is ambiguous ("tang": tăng, tầng, tặng), so a claim typed without
    // diacritics flips only where the alignment puts it in place of the evidence's opposite.
    for (const run of swapped.runs) {
      const evidenceSpan = runSpan(evidence, e.cased, run.evidence);
      const opposite = OPPOSITE_OF.get(evidenceSpan.text.toLowerCase().replace(/\s+/gu, '_'));
      const claimRunText = c.cased
        .slice(...run.claim)
        .map((x) => x.folded)
        .join('_');
      if (!opposite?.some((w) => foldDiacritics(w) === claimRunText && !e.side.set.has(w))) continue;
      addOutcome(runSpan(claimText, c.cased, run.claim), evidenceSpan);
    }
    // An outcome word of several syllables is seldom another word folded ("thanh cong", "tang truong"): read it anywhere, as with diacritics.
    for (const [word, syllables] of FOLDED_OUTCOME_WORDS) {
      const at = runAt(cs.words, syllables);
      if (at < 0 || e.side.set.has(word)) continue;
      const hit = e.side.words.find(
        (x) => OPPOSITE_OF.get(word)?.includes(x.text) && runAt(cs.words, foldDiacritics(x.text).split('_')) < 0,
      );
      const first = cs.words[at] as Token;
      const last = cs.words[at + syllables.length - 1] as Token;
      if (!hit || conflicts.some((k) => k.claimSpan.start < last.end && first.start < k.claimSpan.end)) continue;
      addOutcome(span(claimText, first.start, last.end), span(evidence, hit.start, hit.end));
    }
  }
  let contrasts = 0;
  // A word of a closed class put where the evidence has another of it ("em gái" for "em trai"), unless a conflict already covers it.
  for (const run of swapped.contrasts) {
    const claimSpan = runSpan(claimText, c.cased, run.claim);
    if (conflicts.some((k) => k.claimSpan.start < claimSpan.end && claimSpan.start < k.claimSpan.end)) continue;
    contrasts += 1;
    conflicts.push({ kind: 'outcome', claimSpan, evidenceSpan: runSpan(evidence, e.cased, run.evidence) });
  }
  // No typed conflict: the words the claim puts in place of the evidence's are the conflict to show,
  // first a run that trades places with another (which no other swap sees: both sides hold both), then a word, then a name put for another.
  const shownSwap = swapped.exchanges[0] ?? swapped.firstWord ?? swapped.firstName;
  if (conflicts.length === 0 && shownSwap) {
    const { claim, evidence: evidenceRun } = shownSwap;
    conflicts.push({
      kind: 'wording',
      claimSpan: runSpan(claimText, c.cased, claim),
      evidenceSpan: runSpan(evidence, e.cased, evidenceRun),
    });
  }
  const features = [
    share(claimSyl, e.contentSet),
    bigramShare(c.vocabulary, [e.syllables]),
    share(claimSyl, passageSyl),
    Math.min(novel, 10) / 10,
    Math.min(missing, 3),
    Math.min(conflicting, 3),
    Math.min(matched, 3),
    Math.min(placeConflicts, 2),
    flip ? 1 : 0,
    negC.length > 0 ? 1 : 0,
    Math.min(outcome, 2),
    Math.min(absolutes, 2),
    Math.log(claimLen / evLen),
    Math.min(digitsMissing, 3),
    substitution(c.syllables, c.syllableSet, e.syllables, e.syllableSet),
    swapped.numbers,
    swapped.words,
    Math.min(namesMissing(c.cased, p.syllableSet), 3),
    tailMissing(c.content, e.syllableSet),
    Math.max(-2, Math.min(2, negC.length - negE.length)),
    localSwaps(c.syllables, c.syllableSet, e.syllables, e.syllableSet),
    Math.min(contrasts, 2),
    Math.min(swapped.exchanges.length / 2, 2),
  ];
  let sparse: string[] | undefined;
  let subject: SubjectPair | undefined;
  return {
    features,
    conflicts,
    get sparse(): string[] {
      return (sparse ??= lexicalFeatures(c.syllables, c.syllableSet, e.syllables, e.syllableSet, swapped.gaps));
    },
    get subject(): SubjectPair {
      return (subject ??= subjectPair(c, e, p, evQuantities));
    },
  };
}

function subjectPair(c: ClaimAnalysis, e: EvidenceAnalysis, p: PassageFacts, evQuantities: Entity[]): SubjectPair {
  const bigrams = (e.bigramSet ??= new Set(contentBigrams(e.syllables)));
  return {
    syllables: c.subjectSyllables,
    syllableShared: c.subjectSyllables.map((w) => e.syllableSet.has(w)),
    bigrams: c.subjectBigrams,
    bigramShared: c.subjectBigrams.map((b) => bigrams.has(b)),
    names: c.names.length,
    namesShared: c.names.filter((n) => e.syllableSet.has(n)).length,
    namesMissing: c.names.filter((n) => !p.syllableSet.has(n)).length,
    timeClash: timeClash(c.quantities, evQuantities),
    numberClash: numberClash(c.quantities, evQuantities),
    caseless: c.caseless,
    anaphoric: c.anaphoric,
    // Read only for a claim in lower case (its names come from the gate's table): spared on the hot path otherwise.
    syllableInPassage: c.caseless ? c.subjectSyllables.map((w) => p.syllableSet.has(w)) : [],
  };
}

/**
 * Folded content tokens for re-ranking: segmented words when the text carries diacritics (the
 * dictionary needs them), folded syllables when `syllablesOnly` (a claim typed without accents
 * cannot be segmented, so both sides fall back to syllables to stay comparable).
 */
export function contentWords(text: string, syllablesOnly = false): string[] {
  const tokens = syllablesOnly ? syllableTokens(text).map((t) => t.text) : segmentWords(text);
  return tokens.map(fastFold).filter((w) => !STOP.has(w) && /\p{L}|\d/u.test(w));
}

const MARKED = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/iu;
/** True when the text carries Vietnamese diacritics (else it was typed without accents). */
export function hasDiacritics(text: string): boolean {
  return MARKED.test(text.normalize('NFC'));
}

/**
 * What the claim puts in place of the evidence's words. The claim and the evidence are aligned
 * syllable by syllable (longest common subsequence); between two aligned syllables, a short run
 * of the claim facing a short run of the evidence is a swap: a number for a number ("6 tháng" for
 * "9 tháng"), or a content word the evidence lacks for other words ("ngồi" for "đứng"). The
 * claim's last words facing the last words of the evidence's clause are a swap too, though no
 * aligned syllable follows them ("… cho Apple" for "… cho Oracle", "xử lý hình sự" for "xử lý
 * hành chính"): refuted claims often change the word they end on. A name for a name is left to
 * the entity conflicts. Refuted claims are mostly such edits of the sentence they copy; a claim
 * that adds what the statement lacks inserts instead.
 */
interface Swaps {
  numbers: number;
  words: number;
  /** Each short run of the claim facing a short run of the evidence between aligned syllables, as "claim run>evidence run" (folded). */
  gaps: string[];
  /** The same runs as syllable ranges [from, to), in the order of `gaps`. */
  runs: { claim: [number, number]; evidence: [number, number] }[];
  /** Runs of the claim facing a run of the evidence of the same closed class (CONTRAST_CLASSES), as syllable ranges [from, to). */
  contrasts: { claim: [number, number]; evidence: [number, number] }[];
  /** Runs of the claim that trade places with others in the evidence (exchangedRuns, exchangedNames), as syllable ranges [from, to). */
  exchanges: { claim: [number, number]; evidence: [number, number] }[];
  /** The first word swap: the claim's run and the evidence's run it stands for, as syllable ranges [from, to). */
  firstWord?: { claim: [number, number]; evidence: [number, number] };
  /** The first name put for another name, as syllable ranges [from, to). */
  firstName?: { claim: [number, number]; evidence: [number, number] };
}

function swaps(
  c: readonly CasedSyllable[],
  e: readonly CasedSyllable[],
  evidenceSet: ReadonlySet<string>,
  claimText: string,
  evidenceText: string,
  /** The claim is typed without diacritics (ClaimAnalysis.plain). */
  plain: boolean,
): Swaps {
  const n = c.length;
  const m = e.length;
  const gaps: string[] = [];
  const contrasts: Swaps['contrasts'] = [];
  const runs: Swaps['runs'] = [];
  let firstWord: Swaps['firstWord'];
  let firstName: Swaps['firstName'];
  const written = (x: CasedSyllable, text: string): string => text.slice(x.start, x.end).toLowerCase();
  /** Two words of one class as written (SLOT_CONTRASTS: "đỏ" / "trắng", not "do" / "trắng"). */
  const writtenContrast = (x: CasedSyllable, y: CasedSyllable): boolean => {
    const classes = SLOT_CONTRAST_OF.get(written(x, claimText));
    return (
      classes !== undefined &&
      x.folded !== y.folded &&
      (SLOT_CONTRAST_OF.get(written(y, evidenceText))?.some((k) => classes.includes(k)) ?? false)
    );
  };
  if (n === 0 || m === 0) return { numbers: 0, words: 0, gaps, runs, contrasts, exchanges: [] };
  // lcs[i * (m + 1) + j]: longest common subsequence of c[i..] and e[j..].
  const w = m + 1;
  const lcs = new Uint16Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i -= 1) {
    const ci = (c[i] as CasedSyllable).folded;
    for (let j = m - 1; j >= 0; j -= 1) {
      lcs[i * w + j] =
        ci === (e[j] as CasedSyllable).folded
          ? (lcs[(i + 1) * w + j + 1] as number) + 1
          : Math.max(lcs[(i + 1) * w + j] as number, lcs[i * w + j + 1] as number);
    }
  }
  let numbers = 0;
  let words = 0;
  const gap = (claimRange: [number, number], evidenceRange: [number, number]): void => {
    const ours = c.slice(...claimRange);
    const theirs = e.slice(...evidenceRange);
    if (ours.length <= 3 && theirs.length <= 3) {
      const [claimRun, evidenceRun] = [ours.map(gapForm).join('_'), theirs.map(gapForm).join('_')];
      gaps.push(`${claimRun}>${evidenceRun}`);
      runs.push({ claim: claimRange, evidence: evidenceRange });
      const facing = ours.length === 1 && theirs.length === 1 && writtenContrast(ours[0] as CasedSyllable, theirs[0] as CasedSyllable);
      if (ours.length <= 2 && theirs.length <= 2 && (facing || contrasting(claimRun, evidenceRun)))
        contrasts.push({ claim: claimRange, evidence: evidenceRange });
    }
    // A name for a name: shown when nothing else is (the lexical gaps carry it to the model; as a feature it did not help).
    if (ours.some((x) => x.name && !evidenceSet.has(x.folded)) && theirs.some((x) => x.name)) {
      if (!sameNameWritten(ours, theirs)) firstName ??= { claim: claimRange, evidence: evidenceRange };
    } else if (ours.some((x) => x.number) && theirs.some((x) => x.number)) numbers += 1;
    else if (ours.some((x) => !STOP.has(x.folded) && !evidenceSet.has(x.folded))) {
      words += 1;
      firstWord ??= { claim: claimRange, evidence: evidenceRange };
    }
  };
  let i = 0;
  let j = 0;
  let lastI = -1;
  let lastJ = -1;
  while (i < n && j < m) {
    if ((c[i] as CasedSyllable).folded === (e[j] as CasedSyllable).folded) {
      if (lastI >= 0 && i - lastI - 1 > 0 && i - lastI - 1 <= 5 && j - lastJ - 1 > 0 && j - lastJ - 1 <= 5)
        gap([lastI + 1, i], [lastJ + 1, j]);
      lastI = i;
      lastJ = j;
      i += 1;
      j += 1;
    } else if ((lcs[(i + 1) * w + j] as number) >= (lcs[i * w + j + 1] as number)) i += 1;
    else j += 1;
  }
  // The claim's last words facing the last words of the evidence's clause: a swap with no aligned syllable after it.
  const clauseEndsAfter = (k: number): boolean =>
    k + 1 >= m || CLAUSE_END.test(evidenceText.slice((e[k] as CasedSyllable).end, (e[k + 1] as CasedSyllable).start));
  if (lastI >= 0 && n - lastI - 1 >= 1 && n - lastI - 1 <= 3 && lastJ + 1 < m && !clauseEndsAfter(lastJ)) {
    let end = lastJ + 1;
    while (end - lastJ <= 3 && !clauseEndsAfter(end)) end += 1;
    if (end - lastJ <= 3) gap([lastI + 1, n], [lastJ + 1, end + 1]);
  }
  // A word of a closed class the evidence lacks, after the word that the evidence's other word of that class follows ("miền Bắc" for
  // "miền Nam", "người mẹ" for "người bố", "Chiều 24/3" for "Sáng 24/3" at the sentence's start), where the alignment matched the
  // words around it elsewhere. Read as written: folded, "nam" is also "năm" (a year), so a claim typed without diacritics is left
  // to the alignment.
  if (!plain) {
    const claimSet = new Set(c.map((x) => x.folded));
    const follows = (xs: readonly CasedSyllable[], k: number): string => (k === 0 ? '^' : (xs[k - 1] as CasedSyllable).folded);
    for (let a = 0; a < n; a += 1) {
      const x = c[a] as CasedSyllable;
      if (
        !SLOT_CONTRAST_OF.has(written(x, claimText)) ||
        evidenceSet.has(x.folded) ||
        contrasts.some((r) => a >= r.claim[0] && a < r.claim[1])
      )
        continue;
      const before = follows(c, a);
      for (let b = 0; b < m; b += 1) {
        const y = e[b] as CasedSyllable;
        if (follows(e, b) !== before || claimSet.has(y.folded) || !writtenContrast(x, y)) continue;
        contrasts.push({ claim: [a, a + 1], evidence: [b, b + 1] });
        break;
      }
    }
  }
  // The two readings often find the same runs: each claim run counts once.
  const exchanges = [...exchangedRuns(c, e, runs), ...exchangedNames(c, e, claimText, evidenceText)].filter(
    (r, k, all) => all.findIndex((x) => x.claim[0] === r.claim[0]) === k,
  );
  return {
    numbers: Math.min(numbers, 2),
    words: Math.min(words, 3),
    gaps,
    runs,
    contrasts,
    exchanges,
    ...(firstWord ? { firstWord } : {}),
    ...(firstName ? { firstName } : {}),
  };
}

/**
 * Two runs that write one name differently: "Kì" / "Kỳ" (i for y), "You Tube" / "YouTube" (spaces),
 * "Infatino" / "Infantino" (one letter), "H" / "Hương" and "VN" / "Việt Nam" (initials). Not a
 * name put for another.
 */
function sameNameWritten(a: readonly CasedSyllable[], b: readonly CasedSyllable[]): boolean {
  const written = (xs: readonly CasedSyllable[]): string => xs.map((x) => x.folded.replace(/y/gu, 'i')).join('');
  const initials = (xs: readonly CasedSyllable[]): string => xs.map((x) => x.folded.charAt(0)).join('');
  const [x, y] = [written(a), written(b)];
  if (x === y || x === initials(b) || y === initials(a)) return true;
  if ((x.length === 1 && y.startsWith(x)) || (y.length === 1 && x.startsWith(y))) return true;
  return x.length >= 5 && y.length >= 5 && oneEditApart(x, y);
}

/** Whether one insertion, deletion or substitution turns `a` into `b`. */
function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  const rest = (k: number, l: number): boolean => a.slice(k) === b.slice(l);
  return rest(i + 1, i + 1) || rest(i + 1, i) || rest(i, i + 1);
}

/** Maximal runs of capitalised syllables (names) with only spaces between, as [from, to) with their folded text. */
function nameUnits(xs: readonly CasedSyllable[], text: string): { range: [number, number]; text: string }[] {
  const out: { range: [number, number]; text: string }[] = [];
  for (let i = 0; i < xs.length;) {
    if (!(xs[i] as CasedSyllable).name) {
      i += 1;
      continue;
    }
    let j = i + 1;
    while (
      j < xs.length &&
      (xs[j] as CasedSyllable).name &&
      /^\s*$/u.test(text.slice((xs[j - 1] as CasedSyllable).end, (xs[j] as CasedSyllable).start))
    )
      j += 1;
    out.push({
      range: [i, j],
      text: xs
        .slice(i, j)
        .map((x) => x.folded)
        .join(' '),
    });
    i = j;
  }
  return out;
}

/**
 * Names that trade places between the same words on both sides ("Công (Doãn Quốc Đam), Thành
 * (Quang Sự)" for "Công (Quang Sự), Thành (Doãn Quốc Đam)"), when the alignment matched one of
 * them far away instead of leaving the two runs face to face: a name of the claim whose
 * neighbours hold another name of the evidence, each name present on the other side too.
 */
function exchangedNames(c: readonly CasedSyllable[], e: readonly CasedSyllable[], claimText: string, evidenceText: string): Swaps['runs'] {
  const ours = nameUnits(c, claimText);
  const theirs = nameUnits(e, evidenceText);
  const claimNames = new Set(ours.map((u) => u.text));
  const evidenceNames = new Set(theirs.map((u) => u.text));
  // The sentence's start or end is a neighbour too ("từ tỉnh Nghệ An về tỉnh Tiền Giang" for "từ tỉnh Tiền Giang về tỉnh Nghệ An").
  const around = (xs: readonly CasedSyllable[], [from, to]: [number, number]): string | null =>
    from > 0 || to < xs.length
      ? `${from > 0 ? (xs[from - 1] as CasedSyllable).folded : '^'}|${to < xs.length ? (xs[to] as CasedSyllable).folded : '$'}`
      : null;
  const byContext = new Map<string, (typeof theirs)[number]>();
  for (const u of theirs) {
    const key = around(e, u.range);
    if (key !== null) byContext.set(key, u);
  }
  const out: Swaps['runs'] = [];
  for (const u of ours) {
    const key = around(c, u.range);
    const other = key === null ? undefined : byContext.get(key);
    if (other && other.text !== u.text && evidenceNames.has(u.text) && claimNames.has(other.text))
      out.push({ claim: u.range, evidence: other.range });
  }
  if (out.length < 2) return [];
  // As for the runs: names of a list ("Nga và Ukraine" for "Ukraine và Nga") trade places saying the same.
  const first = (out[0] as Swaps['runs'][number]).claim[1];
  const last = (out[out.length - 1] as Swaps['runs'][number]).claim[0];
  return contentBetween(c, first, last, out) ? out : [];
}

/**
 * Whether a content word of the claim stands in [from, to), outside the `exchanged` runs: what
 * tells roles reversed from a list given in another order ("A và B" for "B và A").
 */
function contentBetween(c: readonly CasedSyllable[], from: number, to: number, exchanged: Swaps['runs'] = []): boolean {
  for (let k = from; k < to; k += 1)
    if (!exchanged.some((r) => k >= r.claim[0] && k < r.claim[1]) && !STOP.has((c[k] as CasedSyllable).folded)) return true;
  return false;
}

/**
 * Two runs of the claim that stand in each other's place in the evidence ("… đơn của Thụy Điển …
 * đơn của Phần Lan" for "… đơn của Phần Lan … đơn của Thụy Điển"; "quân đội Ukraine … của Nga" for
 * "quân đội Nga … của Ukraine"): both sides hold both, so no word is missing and the other swaps
 * see nothing, yet who did what is reversed. A content word must stand between the two runs
 * (contentBetween).
 */
function exchangedRuns(c: readonly CasedSyllable[], e: readonly CasedSyllable[], runs: Swaps['runs']): Swaps['runs'] {
  const content = (xs: readonly CasedSyllable[]): string =>
    xs
      .filter((x) => !STOP.has(x.folded))
      .map((x) => x.folded)
      .join(' ');
  const forms = runs.map((r) => ({ claim: content(c.slice(...r.claim)), evidence: content(e.slice(...r.evidence)) }));
  const out: Swaps['runs'] = [];
  for (let a = 0; a < runs.length; a += 1) {
    const x = forms[a] as { claim: string; evidence: string };
    if (x.claim === '' || x.evidence === '' || x.claim === x.evidence) continue;
    for (let b = a + 1; b < runs.length; b += 1) {
      const y = forms[b] as { claim: string; evidence: string };
      if (y.claim !== x.evidence || y.evidence !== x.claim) continue;
      const [first, second] = [runs[a], runs[b]] as [Swaps['runs'][number], Swaps['runs'][number]];
      if (contentBetween(c, first.claim[1], second.claim[0])) out.push(first, second);
    }
  }
  return out;
}

const CLAUSE_END = /[.,;:!?()"“”]/u;

const gapForm = (x: CasedSyllable): string => (x.number ? '#' : x.folded);

/**
 * Words of one closed class that exclude each other in the same place (folded, with one i/y
 * spelling, "ti" for "tỷ", so a claim typed without diacritics reads the same): one of them put
 * where the evidence has another is a change of fact ("em gái" for "em trai", "chiều 12/4" for
 * "sáng 12/4", "tụt bốn bậc" for "tụt ba bậc").
 */
const CONTRAST_CLASSES: readonly (readonly string[])[] = [
  ['sang', 'trua', 'chieu', 'toi', 'dem', 'khuya'],
  ['trai', 'gai'],
  ['thac_si', 'tien_si', 'cu_nhan'],
  ['mot', 'hai', 'ba', 'bon', 'nam', 'sau', 'bay', 'tam', 'chin', 'muoi', 'tram', 'nghin', 'ngan', 'trieu', 'ti'],
  ['trong', 'ngoai'],
  ['tren', 'duoi'],
  ['truoc', 'sau'],
  ['dau', 'cuoi'],
  ['len', 'xuong'],
  ['vao', 'ra'],
  ['vang', 'bac', 'dong'],
  ['trang', 'troi'],
  ['bac', 'nam', 'dong', 'tay'],
  ['tang', 'giam'],
  ['cao', 'thap'],
  ['nhieu', 'it'],
  ['lon', 'nho'],
  ['thang', 'thua'],
  ['manh', 'yeu'],
  ['tot', 'xau'],
  ['nhanh', 'cham'],
  ['som', 'muon'],
  ['dung', 'sai'],
  ['giau', 'ngheo'],
  ['nong', 'lanh'],
  ['re', 'dat'],
  ['thua', 'thieu'],
  ['cu', 'moi'],
  ['gia', 'tre'],
  ['ong', 'ba'],
  ['anh', 'chi', 'em'],
  ['vo', 'chong'],
  // "cha" and "bố" are one father.
  ['cha', 'me'],
  ['bo', 'me'],
];
/**
 * Classes whose words tell a slot apart as written (not numbers: "năm" is also a year), for a word the alignment left out, and
 * colours, which folded are other words ("đỏ" / "do", "đen" / "đến"), for the alignment too.
 */
const SLOT_CONTRASTS: readonly (readonly string[])[] = [
  ['bắc', 'nam', 'đông', 'tây'],
  ['đỏ', 'trắng', 'đen', 'xanh', 'vàng', 'tím', 'hồng', 'nâu', 'xám'],
  ['trai', 'gái'],
  ['cha', 'mẹ'],
  ['bố', 'mẹ'],
  ['ông', 'bà'],
  ['vợ', 'chồng'],
  ['sáng', 'trưa', 'chiều', 'tối', 'đêm', 'khuya'],
  ['đầu', 'cuối'],
  ['cũ', 'mới'],
  ['trong', 'ngoài'],
  ['lớn', 'nhỏ'],
  ['cao', 'thấp'],
];
/** Each word of the classes with the classes (their indices) it belongs to. */
function classesOf(classes: readonly (readonly string[])[]): Map<string, number[]> {
  const of = new Map<string, number[]>();
  classes.forEach((words, k) => {
    for (const w of words) of.set(w, [...(of.get(w) ?? []), k]);
  });
  return of;
}
const SLOT_CONTRAST_OF = classesOf(SLOT_CONTRASTS);
const CONTRAST_OF = classesOf(CONTRAST_CLASSES);
const contrasting = (a: string, b: string): boolean => a !== b && (CONTRAST_OF.get(a) ?? []).some((k) => CONTRAST_OF.get(b)?.includes(k));

/** The syllables a span covers, `first` up to `last` (exclusive); null past the last syllable. */
function syllablesAt(cased: readonly CasedSyllable[], start: number, end: number): { first: number; last: number } | null {
  const first = cased.findIndex((x) => x.end > start);
  if (first < 0) return null;
  let last = first;
  while (last < cased.length && (cased[last] as CasedSyllable).start < end) last += 1;
  return { first, last };
}

/**
 * Whether two bare numbers (no unit) stand in the same slot: the syllable just before or just
 * after them is the same. "Điều 255" and "điều 331" do, so they can conflict; "Khoản 1" and
 * "điều 331", a score "thua 0 - 4" and an ordinal "thứ 2", or "2 giám đốc" and "nhiệm kỳ 2021"
 * are numbers of different things.
 */
function sameSlot(
  a: readonly CasedSyllable[],
  x: { start: number; end: number },
  b: readonly CasedSyllable[],
  y: { start: number; end: number },
): boolean {
  const around = (cased: readonly CasedSyllable[], at: { start: number; end: number }): [string | undefined, string | undefined] => {
    const range = syllablesAt(cased, at.start, at.end);
    return range ? [cased[range.first - 1]?.folded, cased[range.last]?.folded] : [undefined, undefined];
  };
  const [beforeA, afterA] = around(a, x);
  const [beforeB, afterB] = around(b, y);
  return (beforeA !== undefined && beforeA === beforeB) || (afterA !== undefined && afterA === afterB);
}

/**
 * A number of the claim that the evidence holds, but only in another slot, while the claim's slot
 * holds another number there: the figures were moved ("tại 21 địa điểm … ở 86 tỉnh" for "tại 86
 * địa điểm … ở 21 tỉnh"). The evidence's number in the claim's slot, or undefined.
 */
function movedNumber(
  q: Entity,
  claim: readonly CasedSyllable[],
  evidenceQuantities: readonly Entity[],
  evidence: readonly CasedSyllable[],
): Entity | undefined {
  if (q.kind !== 'number') return undefined;
  const same = evidenceQuantities.filter((x) => x.value === q.value);
  if (same.length === 0 || same.some((x) => sameSlot(claim, q, evidence, x))) return undefined;
  return evidenceQuantities.find((x) => x.kind === 'number' && x.value !== q.value && x.unit === q.unit && sameSlot(claim, q, evidence, x));
}

/** Syllables on either side of a name (three each), content words only: the slot the name fills. */
const SLOT = 3;
function slotContext(cased: readonly CasedSyllable[], start: number, end: number): string[] {
  const range = syllablesAt(cased, start, end);
  if (!range) return [];
  const { first, last } = range;
  return [...cased.slice(Math.max(0, first - SLOT), first), ...cased.slice(last, last + SLOT)]
    .map((x) => x.folded)
    .filter((w) => !STOP.has(w));
}

function namesMissing(c: readonly CasedSyllable[], passageSet: ReadonlySet<string>): number {
  let missing = 0;
  for (const x of c) if (x.name && !passageSet.has(x.folded)) missing += 1;
  return missing;
}

/**
 * Share of the content syllables in the last third of the claim that the evidence lacks. A
 * claim that copies a sentence and then changes its ending ("về tội trộm cắp" for "về tội lừa
 * đảo"), or appends a cause or a consequence the statement never gives, misses it there.
 */
function tailMissing(content: readonly string[], evidenceSet: ReadonlySet<string>): number {
  const from = Math.floor((content.length * 2) / 3);
  if (from >= content.length) return 0;
  let missing = 0;
  for (let i = from; i < content.length; i += 1) if (!evidenceSet.has(content[i] as string)) missing += 1;
  return missing / (content.length - from);
}

/**
 * Substitutions found locally, whatever the order of the rest of the sentence (the LCS of
 * `swaps` follows one order only, so a claim that moves a clause loses the swaps inside it):
 * a run of at most 4 claim syllables the evidence lacks, not only function words, whose left
 * and right neighbours occur in the evidence at most 6 syllables apart with a content syllable
 * the claim lacks between them ("tương đương 7% tổng" against "tương đương 2% tổng").
 */
function localSwaps(c: readonly string[], cSet: ReadonlySet<string>, e: readonly string[], eSet: ReadonlySet<string>): number {
  let found = 0;
  let i = 1;
  while (i < c.length && found < 3) {
    if (eSet.has(c[i] as string)) {
      i += 1;
      continue;
    }
    let k = i;
    while (k < c.length && !eSet.has(c[k] as string)) k += 1;
    if (k >= c.length || k - i > 4) {
      i = k + 1;
      continue;
    }
    let content = false;
    for (let x = i; x < k && !content; x += 1) content = !STOP.has(c[x] as string);
    if (content && hasGapBetween(e, c[i - 1] as string, c[k] as string, cSet)) found += 1;
    i = k;
  }
  return found;
}

/** Whether `left` … `right` occur in `e` 2–6 syllables apart with a content syllable outside `cSet` between. */
function hasGapBetween(e: readonly string[], left: string, right: string, cSet: ReadonlySet<string>): boolean {
  for (let a = 0; a < e.length; a += 1) {
    if (e[a] !== left) continue;
    for (let b = a + 2; b <= a + 6 && b < e.length; b += 1) {
      if (e[b] !== right) continue;
      for (let x = a + 1; x < b; x += 1) {
        const s = e[x] as string;
        if (!STOP.has(s) && !cSet.has(s)) return true;
      }
    }
  }
  return false;
}

/**
 * Contradicting claims usually swap words inside the sentence they copy; "nei" claims add words
 * around it. Within the evidence span between the first and last syllable the claim shares,
 * count the syllables the claim lacks, and pair them with the claim's own missing syllables.
 */
function substitution(c: readonly string[], cSet: ReadonlySet<string>, e: readonly string[], eSet: ReadonlySet<string>): number {
  let first = -1;
  let last = -1;
  e.forEach((s, i) => {
    if (!cSet.has(s)) return;
    if (first < 0) first = i;
    last = i;
  });
  if (first < 0 || c.length === 0) return 0;
  let gap = 0;
  for (let i = first; i <= last; i += 1) {
    const s = e[i] as string;
    if (!cSet.has(s) && !STOP.has(s)) gap += 1;
  }
  const missing = c.filter((s) => !eSet.has(s) && !STOP.has(s)).length;
  return Math.min(gap, missing) / c.length;
}

/** The same filtering over an already segmented (or folded) space-separated field of the index. */
export function indexedTokens(field: string): string[] {
  return fastFold(field)
    .split(/[^\p{L}\p{N}_]+/u)
    .filter((w) => w !== '' && !STOP.has(w));
}
