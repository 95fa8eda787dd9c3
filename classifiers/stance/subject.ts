/**
 * Whether a claim and the evidence aligned with it are about the same thing (who/what, where,
 * when) before their numbers or negations may conflict. Shown a statement on another subject,
 * the stance model reads any different number, place or "không" as a contradiction; what tells
 * the subjects apart is *which* words the two share: a rare name, place or term
 * ("Zaporizhzhia", "sông băng") is the subject, a common one ("báo cáo", "công an") is not.
 *
 * So the gate reads the claim's syllables weighted by their rarity (inverse document frequency
 * over sentences of published news, counted from training text only), the named words, and the
 * dates: a claim dated on another day than the evidence, whose numbers also differ, is a
 * measurement of another day ("ngày 21-3 có 4.878 liều" against "ngày 26-3 có 18.240 liều"),
 * not a contradiction. A logistic regression over these few named features is learnt from the
 * labelled pairs (about their article) against claims beside the closest sentences of other
 * articles, and its threshold is the probability that only `rate` of those unrelated pairs reach.
 */
import { z } from 'zod';
import type { Entity } from '../../core/contracts.js';

export const SUBJECT_FEATURES = [
  'idf_coverage', // rarity-weighted share of the claim's content syllables in the evidence
  'idf_bigram_coverage', // the same for the claim's syllable pairs (phrases, not loose words)
  'shared_mass', // how much the shared syllables say at all (their summed rarity, scaled): a vague claim shares little
  'rare_shared', // rare syllables of the claim the evidence holds
  'rare_missing', // rare syllables of the claim the evidence lacks
  'names_shared', // share of the claim's capitalised words in the evidence (0.5 without any)
  'names_missing', // capitalised words of the claim absent from the whole passage
  'time_clash', // both are dated, on days that cannot be the same
] as const;

export const SubjectGate = z.object({
  features: z.array(z.string()),
  /** Sentences the document frequencies were counted over, and the frequency of each folded syllable seen in ≥ 2. */
  sentences: z.number().int().positive(),
  df: z.record(z.number()),
  /** What the training text writes as names (namesFromCasing), sorted; absent in gates trained before it. */
  names: z.array(z.string()).optional(),
  weights: z.array(z.number()),
  bias: z.number(),
  /** Probability from which a pair shares its subject. */
  threshold: z.number(),
  /**
   * The stricter threshold a contradiction must reach when no conflict can be named (no number,
   * date, place, name, negation or outcome differs): it lets STRICT_SHARE of `rate` through.
   */
  strictThreshold: z.number().optional(),
  /** Share of the training's unrelated pairs allowed through, and of its labelled contradictions that came through. */
  rate: z.number(),
  keptContradictions: z.number(),
});
export type SubjectGate = z.infer<typeof SubjectGate>;

/** What the gate needs of one claim–evidence pair, independent of the frequencies (so a fold can bring its own). */
export interface SubjectPair {
  /** Distinct content syllables of the claim (folded) and whether the evidence holds each. */
  syllables: readonly string[];
  syllableShared: readonly boolean[];
  /** Distinct pairs of neighbouring syllables of the claim (not both function words), as "a b", and whether the evidence holds each. */
  bigrams: readonly string[];
  bigramShared: readonly boolean[];
  names: number;
  namesShared: number;
  namesMissing: number;
  timeClash: boolean;
  /** A number of the claim the evidence lacks, where the evidence gives another of the same unit. */
  numberClash: boolean;
  /** The claim has no capital letter at all (typed in lower case): its names are read from the gate's casing counts. */
  caseless: boolean;
  /** The claim's subject points back to its article ("Trận đấu này …"): a contradiction needs the closer subject (features.ts needsCloserSubject). */
  anaphoric: boolean;
  /** Whether the whole passage holds each of `syllables`; filled only for a caseless claim (empty otherwise). */
  syllableInPassage: readonly boolean[];
}

/** Per folded syllable or pair of syllables ("ha noi"): [times written with capitals, times seen], counted past a sentence's first word. */
export type CasingCounts = Map<string, [number, number]>;

/** Syllables and pairs seen at least twice, written with capitals at least half the time: names ("ha noi", "biden"), not words ("nam" is mostly "năm"). */
export function namesFromCasing(counts: CasingCounts): Set<string> {
  const names = new Set<string>();
  for (const [key, [capitalised, seen]] of counts) if (seen >= 2 && capitalised * 2 >= seen) names.add(key);
  return names;
}

/** A document frequency table: sentences counted and the count of each folded syllable. */
export interface Frequencies {
  sentences: number;
  df: ReadonlyMap<string, number>;
  /** Syllables and pairs the training text writes as names (namesFromCasing), for claims typed in lower case. */
  names?: ReadonlySet<string>;
}

/** Counts, over sentences given as their folded syllables, how many hold each syllable. */
export function documentFrequencies(sentences: Iterable<readonly string[]>): Frequencies {
  const df = new Map<string, number>();
  let n = 0;
  for (const s of sentences) {
    n += 1;
    for (const w of new Set(s)) df.set(w, (df.get(w) ?? 0) + 1);
  }
  return { sentences: n, df };
}

/** The frequencies a gate was trained with (only syllables seen in ≥ 2 sentences are kept). */
const tables = new WeakMap<SubjectGate, Frequencies>();
export function frequenciesOf(gate: SubjectGate): Frequencies {
  let t = tables.get(gate);
  if (!t)
    tables.set(
      gate,
      (t = { sentences: gate.sentences, df: new Map(Object.entries(gate.df)), ...(gate.names ? { names: new Set(gate.names) } : {}) }),
    );
  return t;
}

const idfOf = (f: Frequencies, w: string): number => Math.log((f.sentences + 1) / ((f.df.get(w) ?? 0) + 1));
/** A syllable in at most 1 in 200 sentences is rare: a name, a place, a specific term. */
const isRare = (f: Frequencies, w: string): boolean => (f.df.get(w) ?? 0) <= f.sentences / 200;

export function subjectFeatures(pair: SubjectPair, f: Frequencies): number[] {
  let total = 0;
  let shared = 0;
  let rareShared = 0;
  let rareMissing = 0;
  pair.syllables.forEach((w, i) => {
    const idf = idfOf(f, w);
    total += idf;
    if (pair.syllableShared[i]) shared += idf;
    if (isRare(f, w)) {
      if (pair.syllableShared[i]) rareShared += 1;
      else rareMissing += 1;
    }
  });
  let bigramTotal = 0;
  let bigramShared = 0;
  pair.bigrams.forEach((b, i) => {
    const cut = b.indexOf(' ');
    const weight = idfOf(f, b.slice(0, cut)) + idfOf(f, b.slice(cut + 1));
    bigramTotal += weight;
    if (pair.bigramShared[i]) bigramShared += weight;
  });
  const { names, namesShared, namesMissing } = pair.caseless && f.names ? namesRead(pair, f.names) : pair;
  return [
    total > 0 ? shared / total : 0,
    bigramTotal > 0 ? bigramShared / bigramTotal : 0,
    Math.min(shared / 30, 1.5),
    Math.min(rareShared, 4),
    Math.min(rareMissing, 4),
    names > 0 ? namesShared / names : 0.5,
    Math.min(namesMissing, 3),
    pair.timeClash ? 1 : 0,
  ];
}

/** The names of a claim typed in lower case: its syllables, or pairs of them, that the training text writes with capitals. */
function namesRead(pair: SubjectPair, table: ReadonlySet<string>): { names: number; namesShared: number; namesMissing: number } {
  const named = new Set<string>();
  for (const b of pair.bigrams) if (table.has(b)) for (const w of b.split(' ')) named.add(w);
  let names = 0;
  let namesShared = 0;
  let namesMissing = 0;
  pair.syllables.forEach((w, i) => {
    if (!named.has(w) && !table.has(w)) return;
    names += 1;
    if (pair.syllableShared[i]) namesShared += 1;
    if (!pair.syllableInPassage[i]) namesMissing += 1;
  });
  return { names, namesShared, namesMissing };
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Probability that the pair is about the claim's subject. */
export function subjectProbability(gate: SubjectGate, pair: SubjectPair): number {
  const x = subjectFeatures(pair, frequenciesOf(gate));
  return sigmoid(x.reduce((z, v, j) => z + v * (gate.weights[j] ?? 0), gate.bias));
}

/**
 * Whether a stance may be reported for the pair: the gate's probability reaches its threshold,
 * and the pair is not dated on different days with different numbers (another day's figures).
 */
export function sharesSubject(gate: SubjectGate | undefined, pair: SubjectPair | undefined, strict = false): boolean {
  if (!pair) return true;
  if (pair.timeClash && pair.numberClash) return false;
  if (!gate) return true;
  return subjectProbability(gate, pair) >= (strict ? (gate.strictThreshold ?? gate.threshold) : gate.threshold);
}

/**
 * Share of the gate's rate a contradiction with no named conflict may use: such a contradiction
 * rests on the model alone, and on unrelated text half of the contradictions are of this kind.
 */
export const STRICT_SHARE = 0.2;

/**
 * Learns the gate: `related` are labelled pairs about their article (supports or contradicts;
 * `contradicts` marks which are contradictions), `unrelated` claims beside other articles'
 * closest sentences; the threshold lets `rate` of the unrelated through.
 */
export function trainSubjectGate(
  f: Frequencies,
  related: readonly SubjectPair[],
  contradicts: readonly boolean[],
  unrelated: readonly SubjectPair[],
  rate: number,
): SubjectGate {
  const x = [...related, ...unrelated].map((p) => subjectFeatures(p, f));
  const y = [...related.map(() => 1), ...unrelated.map(() => 0)];
  const d = SUBJECT_FEATURES.length;
  const w = new Array<number>(d).fill(0);
  let bias = 0;
  const positives = related.length;
  const weightOf = [y.length / (2 * Math.max(1, unrelated.length)), y.length / (2 * Math.max(1, positives))];
  // Full-batch gradient descent: seven features, a few thousand rows, a convex loss.
  for (let it = 0; it < 1500; it += 1) {
    const g = new Array<number>(d).fill(0);
    let gb = 0;
    x.forEach((xi, i) => {
      const yi = y[i] as number;
      const e = (sigmoid(xi.reduce((z, v, j) => z + v * (w[j] as number), bias)) - yi) * (weightOf[yi] as number);
      xi.forEach((v, j) => (g[j] = (g[j] as number) + e * v));
      gb += e;
    });
    for (let j = 0; j < d; j += 1) w[j] = (w[j] as number) - (0.5 * (g[j] as number)) / x.length - 1e-4 * (w[j] as number);
    bias -= (0.5 * gb) / x.length;
  }
  const p = (xi: number[]): number => sigmoid(xi.reduce((z, v, j) => z + v * (w[j] as number), bias));
  const negatives = x
    .slice(positives)
    .map(p)
    .sort((a, b) => b - a);
  const threshold = negatives.length === 0 ? 0 : (negatives[Math.floor(rate * negatives.length)] as number) + 1e-9;
  const strictThreshold = negatives.length === 0 ? 0 : (negatives[Math.floor(STRICT_SHARE * rate * negatives.length)] as number) + 1e-9;
  const contra = x.slice(0, positives).filter((_, i) => contradicts[i]);
  const kept = contra.filter((xi) => p(xi) >= threshold).length / Math.max(1, contra.length);
  const df: Record<string, number> = {};
  for (const [k, v] of f.df) if (v >= 2) df[k] = v;
  return {
    features: [...SUBJECT_FEATURES],
    sentences: f.sentences,
    df,
    ...(f.names ? { names: [...f.names].sort() } : {}),
    weights: w.map((v) => Number(v.toFixed(4))),
    bias: Number(bias.toFixed(4)),
    threshold,
    strictThreshold,
    rate,
    keptContradictions: Number(kept.toFixed(4)),
  };
}

/** A date as the parts it states: year, month, day ("--03-21" states no year). */
function dateParts(value: string): [string | null, string | null, string | null] {
  const m = /^(\d{4}|-)-?(\d{2})?-?(\d{2})?/.exec(value);
  if (!m) return [null, null, null];
  return [m[1] === '-' ? null : (m[1] ?? null), m[2] ?? null, m[3] ?? null];
}

/** Two dates can be the same day when every part both state agrees ("2023" and "2023-03-21" can). */
export function datesCompatible(a: string, b: string): boolean {
  const x = dateParts(a);
  const y = dateParts(b);
  return x.every((v, i) => v === null || y[i] === null || v === y[i]);
}

/**
 * Whether two date/time values can name the same moment: "--03-26" and "--03-26T00:30", "2023-05-20"
 * and "--05-20", "2023-03" and "--03" can; a time alone ("T24:00") only meets another time, and
 * a relative day ("rel:day+0") only another relative day (which day it is depends on when each
 * text was written).
 */
export function whenCompatible(a: string, b: string): boolean {
  const relative = (v: string): boolean => v.startsWith('rel:');
  if (relative(a) || relative(b)) return !(relative(a) && relative(b)) || a === b;
  const [dateA = '', timeA] = a.split('T');
  const [dateB = '', timeB] = b.split('T');
  if (dateA !== '' && dateB !== '' && !datesCompatible(dateA, dateB)) return false;
  return timeA === undefined || timeB === undefined || timeA === timeB;
}

/** A number of the claim the evidence lacks while it gives another of the same unit. */
export function numberClash(claim: readonly Entity[], evidence: readonly Entity[]): boolean {
  const theirs = evidence.filter((e) => e.kind === 'number');
  const values = new Set(theirs.map((e) => e.value));
  const ours = new Set(claim.filter((e) => e.kind === 'number').map((e) => e.value));
  return claim.some((a) => a.kind === 'number' && !values.has(a.value) && theirs.some((b) => b.unit === a.unit && !ours.has(b.value)));
}

/** A date that names a calendar day, month or year ("--03-21", "2023"); "hôm nay" (rel:day+0) names none. */
const CALENDAR_DATE = /^(?:\d{4}|--\d{2})/u;
const isCalendarDate = (e: Entity): boolean => e.kind === 'date' && CALENDAR_DATE.test(e.value);

/**
 * Both sides are dated, and no date of the claim can be one of the evidence's. Only calendar
 * dates count: a relative one ("hôm nay" on both sides) says nothing about which day.
 */
export function timeClash(claim: readonly Entity[], evidence: readonly Entity[]): boolean {
  const c = claim.filter(isCalendarDate);
  const e = evidence.filter(isCalendarDate);
  if (c.length === 0 || e.length === 0) return false;
  return !c.some((a) => e.some((b) => datesCompatible(a.value, b.value)));
}
