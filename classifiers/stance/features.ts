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
import { extractEntities } from '../text/entities.js';
import { foldDiacritics, normalizeText } from '../text/normalize.js';
import { splitSentences, type SentenceSpan } from '../text/sentences.js';
import { segmentWords, syllableTokens, wordTokens, type Token } from '../text/tokenize.js';

/** Function words that say nothing about which event a sentence is about (folded). */
const STOP = new Set(
  ('va la cua co cac nhung mot duoc cho trong voi de den tu nay do thi ma khi da dang se bi tai ve nhu tren duoi sau truoc ' +
    'cung con nen neu vi hay hoac theo nguoi viec nhieu rat it lai ra vao len xuong o qua nam ngay thang')
    .split(' '),
);

// Negation as whole segmented words: "không" alone, never inside "không_khí" / "hàng_không".
const NEGATIONS = new Set(['không', 'chưa', 'chẳng', 'chả', 'chớ', 'đừng', 'không_hề', 'chưa_hề', 'chưa_từng', 'không_phải', 'phủ_nhận', 'bác_bỏ', 'ngừng', 'thôi']);

/** Outcome words that flip a claim when the evidence says the opposite one (either direction). */
const OPPOSITES: [string, string][] = [
  ['tăng', 'giảm'], ['cao', 'thấp'], ['nhiều', 'ít'], ['lớn', 'nhỏ'], ['trước', 'sau'], ['đầu_tiên', 'cuối_cùng'],
  ['thắng', 'thua'], ['ủng_hộ', 'phản_đối'], ['cho_phép', 'cấm'], ['tích_cực', 'tiêu_cực'], ['mở', 'đóng'], ['hơn', 'kém'],
  ['tốt', 'xấu'], ['dễ', 'khó'], ['nhanh', 'chậm'], ['sớm', 'muộn'], ['mạnh', 'yếu'], ['thành_công', 'thất_bại'], ['đúng', 'sai'],
  ['an_toàn', 'nguy_hiểm'], ['hợp_pháp', 'bất_hợp_pháp'], ['giàu', 'nghèo'], ['nóng', 'lạnh'], ['rẻ', 'đắt'], ['nam', 'nữ'],
  ['tăng_trưởng', 'suy_giảm'], ['thừa', 'thiếu'], ['đồng_ý', 'từ_chối'], ['chấp_nhận', 'từ_chối'], ['hoàn_thành', 'chậm_trễ'],
  ['trong_nước', 'nước_ngoài'], ['bắt_buộc', 'tự_nguyện'], ['lên', 'xuống'], ['vượt', 'chưa_đạt'], ['miễn_phí', 'thu_phí'],
];
const OPPOSITE_OF = new Map<string, string[]>();
for (const [a, b] of OPPOSITES) {
  OPPOSITE_OF.set(a, [...(OPPOSITE_OF.get(a) ?? []), b]);
  OPPOSITE_OF.set(b, [...(OPPOSITE_OF.get(b) ?? []), a]);
}

/** Absolute words: a claim that adds one the evidence lacks overstates it ("duy nhất", "tất cả"). */
const ABSOLUTES = new Set(['duy_nhất', 'tất_cả', 'toàn_bộ', 'luôn_luôn', 'luôn', 'hoàn_toàn', 'chỉ', 'mọi', 'lần_đầu', 'đầu_tiên', 'nhất', 'hầu_hết']);

export interface AlignedEvidence {
  /** The sentences of the passage that best answer the claim, joined by a space. */
  text: string;
  /** Offsets of `text` in the normalised passage. */
  start: number;
  end: number;
  /** Share of the claim's content syllables that the aligned sentences contain. */
  coverage: number;
}

// Folding the whole string once is several times cheaper than folding syllable by syllable.
const foldedSyllables = (text: string): string[] => syllableTokens(foldDiacritics(text)).map((t) => t.text);
const contentSyllables = (text: string): string[] => foldedSyllables(text).filter((s) => !STOP.has(s));

function bigrams(syl: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 1; i < syl.length; i += 1) out.add(`${syl[i - 1]}_${syl[i]}`);
  return out;
}

function share(needles: readonly string[] | Set<string>, hay: Set<string>): number {
  const list = [...needles];
  if (list.length === 0) return 0;
  return list.filter((n) => hay.has(n)).length / list.length;
}

/**
 * The one or two consecutive sentences of `passage` that cover most of the claim, scored by
 * syllable and syllable-bigram overlap (bigrams keep "công an" apart from "an ... công").
 */
export function alignEvidence(claim: string, passage: string): AlignedEvidence {
  const text = normalizeText(passage);
  const sentences: SentenceSpan[] = splitSentences(text);
  if (sentences.length === 0) return { text, start: 0, end: text.length, coverage: 0 };
  const claimSyl = contentSyllables(claim);
  const claimSet = new Set(claimSyl);
  const claimBi = bigrams(foldedSyllables(claim));
  const stats = sentences.map((s) => {
    const syl = foldedSyllables(s.text);
    return { set: new Set(syl), bi: bigrams(syl) };
  });
  const scoreOf = (set: Set<string>, bi: Set<string>): number => share(claimSet, set) + share(claimBi, bi);
  let best = { from: 0, to: 0, score: -1 };
  stats.forEach((s, i) => {
    const score = scoreOf(s.set, s.bi);
    if (score > best.score) best = { from: i, to: i, score };
  });
  // A claim often merges two neighbouring sentences; take the neighbour when it adds real coverage.
  for (const j of [best.from - 1, best.to + 1]) {
    const a = stats[Math.min(j, best.from)];
    const b = stats[Math.max(j, best.to)];
    if (!a || !b) continue;
    const score = scoreOf(new Set([...a.set, ...b.set]), new Set([...a.bi, ...b.bi]));
    if (score > best.score + 0.15) best = { from: Math.min(j, best.from), to: Math.max(j, best.to), score };
  }
  const first = sentences[best.from] as SentenceSpan;
  const last = sentences[best.to] as SentenceSpan;
  const evidence = text.slice(first.start, last.end);
  return { text: evidence, start: first.start, end: last.end, coverage: share(claimSyl, new Set(contentSyllables(evidence))) };
}

interface WordSide {
  words: Token[];
  set: Set<string>;
  entities: Entity[];
}

function wordSide(text: string): WordSide {
  const words = wordTokens(text);
  return { words, set: new Set(words.map((w) => w.text)), entities: extractEntities(text) };
}

// The matcher compares one claim with several passages in a row: keep its analysis.
let lastClaim: { text: string; side: WordSide } | undefined;
function claimSide(text: string): WordSide {
  if (lastClaim?.text !== text) lastClaim = { text, side: wordSide(text) };
  return lastClaim.side;
}

const span = (text: string, from: number, to: number): Span => ({ text: text.slice(from, to), start: from, end: to });

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
] as const;
export type FeatureVector = number[];

export interface PairAnalysis {
  features: FeatureVector;
  conflicts: Conflict[];
}

/** Features and conflict spans for `claim` against its aligned `evidence`, within `passage`. */
export function analysePair(claim: string, evidence: string, passage: string = evidence, passageQuantities?: ReadonlySet<string>): PairAnalysis {
  const claimText = normalizeText(claim);
  const c = claimSide(claimText);
  const e = wordSide(evidence);
  const conflicts: Conflict[] = [];

  const claimSyl = contentSyllables(claimText);
  const evSyl = new Set(contentSyllables(evidence));
  const passageSyl = new Set(contentSyllables(passage));
  const claimBi = bigrams(foldedSyllables(claimText));
  const evBi = bigrams(foldedSyllables(evidence));
  const novel = new Set(claimSyl.filter((s) => !passageSyl.has(s))).size;

  // Numbers and dates: compare normalised values, pair a missing one with the evidence's value of the same kind/unit.
  const quantities = (side: WordSide): Entity[] => side.entities.filter((x) => x.kind === 'number' || x.kind === 'date');
  const evValues = new Set(quantities(e).map((x) => x.value));
  // The index stores each passage's number/date values, so the matcher passes them instead of re-extracting.
  const passageValues = passageQuantities ?? (passage === evidence ? evValues : new Set(extractEntities(passage).filter((x) => x.kind === 'number' || x.kind === 'date').map((x) => x.value)));
  let missing = 0;
  let conflicting = 0;
  let matched = 0;
  for (const q of quantities(c)) {
    if (evValues.has(q.value) || passageValues.has(q.value)) {
      matched += 1;
      continue;
    }
    missing += 1;
    const unit = q.unit;
    const other =
      quantities(e).find((x) => x.kind === q.kind && x.unit === unit && !claimValueSet(c).has(x.value)) ??
      (q.kind === 'date' ? quantities(e).find((x) => x.kind === 'date' && !claimValueSet(c).has(x.value)) : undefined);
    if (other) {
      conflicting += 1;
      conflicts.push({ kind: q.kind === 'date' ? 'date' : 'number', claimSpan: span(claimText, q.start, q.end), evidenceSpan: span(evidence, other.start, other.end) });
    }
  }

  // Places and organisations: a claim naming one the evidence does not, while the evidence names another.
  let placeConflicts = 0;
  for (const kind of ['place', 'organization'] as const) {
    const evOfKind = e.entities.filter((x) => x.kind === kind);
    const claimValues = new Set(c.entities.filter((x) => x.kind === kind).map((x) => x.value));
    for (const x of c.entities.filter((y) => y.kind === kind)) {
      if (evOfKind.some((y) => y.value === x.value)) continue;
      const other = evOfKind.find((y) => !claimValues.has(y.value));
      if (!other) continue;
      if (kind === 'place') placeConflicts += 1;
      conflicts.push({ kind, claimSpan: span(claimText, x.start, x.end), evidenceSpan: span(evidence, other.start, other.end) });
    }
  }

  // Negation flip: count negations on each side; an odd difference flips the meaning.
  const negC = c.words.filter((w) => NEGATIONS.has(w.text));
  const negE = e.words.filter((w) => NEGATIONS.has(w.text));
  const flip = (negC.length > 0) !== (negE.length > 0);
  if (flip) {
    const neg = negC[0] ?? negE[0];
    const other = negC[0] ? e : c;
    // Point at the word the negation governs on the other side, so the UI shows "không tăng" ↔ "tăng".
    const side = negC[0] ? c : e;
    const idx = side.words.indexOf(neg as Token);
    const governed = side.words.slice(idx + 1).find((w) => other.set.has(w.text) && !STOP.has(foldDiacritics(w.text)));
    const counterpart = governed ? other.words.find((w) => w.text === governed.text) : undefined;
    const claimTok = negC[0] ?? (counterpart as Token | undefined);
    const evTok = negE[0] ?? (counterpart as Token | undefined);
    if (claimTok && evTok) conflicts.push({ kind: 'negation', claimSpan: span(claimText, claimTok.start, claimTok.end), evidenceSpan: span(evidence, evTok.start, evTok.end) });
  }

  // Outcome flip: "tăng" in the claim, "giảm" (and no "tăng") in the evidence.
  let outcome = 0;
  for (const w of c.words) {
    const opposite = OPPOSITE_OF.get(w.text);
    if (!opposite || e.set.has(w.text)) continue;
    const hit = e.words.find((x) => opposite.includes(x.text) && !c.set.has(x.text));
    if (!hit) continue;
    outcome += 1;
    conflicts.push({ kind: 'outcome', claimSpan: span(claimText, w.start, w.end), evidenceSpan: span(evidence, hit.start, hit.end) });
  }

  const absolutes = c.words.filter((w) => ABSOLUTES.has(w.text) && !e.set.has(w.text)).length;
  const claimLen = Math.max(1, c.words.length);
  const evLen = Math.max(1, e.words.length);

  const features = [
    share(claimSyl, evSyl),
    share(claimBi, evBi),
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
    Math.min(digitsMissing(claimText, passage), 3),
    substitution(claimText, evidence),
  ];
  return { features, conflicts };
}

const valueCache = new WeakMap<WordSide, Set<string>>();
function claimValueSet(side: WordSide): Set<string> {
  let set = valueCache.get(side);
  if (!set) {
    set = new Set(side.entities.map((x) => x.value));
    valueCache.set(side, set);
  }
  return set;
}

/**
 * Folded content tokens for re-ranking: segmented words when the text carries diacritics (the
 * dictionary needs them), folded syllables when `syllablesOnly` (a claim typed without accents
 * cannot be segmented, so both sides fall back to syllables to stay comparable).
 */
export function contentWords(text: string, syllablesOnly = false): string[] {
  const tokens = syllablesOnly ? syllableTokens(text).map((t) => t.text) : segmentWords(text);
  return tokens.map(foldDiacritics).filter((w) => !STOP.has(w) && /\p{L}|\d/u.test(w));
}

const MARKED = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/iu;
/** True when the text carries Vietnamese diacritics (else it was typed without accents). */
export function hasDiacritics(text: string): boolean {
  return MARKED.test(text.normalize('NFC'));
}

const DIGITS = /\d+/g;
function digitsMissing(claim: string, passage: string): number {
  const have = new Set(passage.match(DIGITS) ?? []);
  return new Set((claim.match(DIGITS) ?? []).filter((d) => !have.has(d))).size;
}

/**
 * Contradicting claims usually swap words inside the sentence they copy; "nei" claims add words
 * around it. Within the evidence span between the first and last syllable the claim shares,
 * count the syllables the claim lacks, and pair them with the claim's own missing syllables.
 */
function substitution(claim: string, evidence: string): number {
  const c = foldedSyllables(claim);
  const e = foldedSyllables(evidence);
  const cSet = new Set(c);
  const eSet = new Set(e);
  const shared = e.map((s, i) => (cSet.has(s) ? i : -1)).filter((i) => i >= 0);
  if (shared.length === 0 || c.length === 0) return 0;
  const inside = e.slice(shared[0], (shared[shared.length - 1] as number) + 1);
  const gap = inside.filter((s) => !cSet.has(s) && !STOP.has(s)).length;
  const missing = c.filter((s) => !eSet.has(s) && !STOP.has(s)).length;
  return Math.min(gap, missing) / c.length;
}

/** The same filtering over an already segmented (or folded) space-separated field of the index. */
export function indexedTokens(field: string): string[] {
  return foldDiacritics(field)
    .split(/[^\p{L}\p{N}_]+/u)
    .filter((w) => w !== '' && !STOP.has(w));
}
