/**
 * Claims → ranked official statements, each with the passage sentences that answer the claim,
 * a stance and the conflicting spans. One code path for the streaming stage, the CLI, the
 * eval and the bench:
 *   1. BM25 candidates in Elasticsearch over the analysed, folded and shingle fields, plus
 *      entity/time boosts, one `msearch` per chunk of claims (several chunks in flight),
 *      collapsed to one passage per statement;
 *   2. re-ranking in Node: TF-IDF on segmented words, entity and number overlap, name similarity;
 *   3. stance and conflicts on the best sentences of the passage (classifiers/stance).
 *
 * Where the time went (bench:match gives the figures): Elasticsearch scored every passage that
 * holds a common folded syllable ("co" is có, cơ, cỏ...) and then read stored `_source` for the
 * hits; Node spent most of its time in stance (each top passage re-split, re-folded,
 * re-segmented for every claim), the rest in a natural TfIdf rebuilt per claim over
 * re-tokenised candidates. Now:
 *   - the query leaves out function words and, for a claim typed with diacritics, the folded
 *     clause (less Elasticsearch CPU per claim, ranking quality unchanged or better);
 *   - the search reads doc values only (`stored_fields: _none_`); passage texts come from a
 *     bounded cache in front of one `mget` for the passages not seen yet;
 *   - the cache also keeps each passage's token counts (TF-IDF computed directly, same figures
 *     as natural's) and its stance analysis (sentences, syllable sets, segmented and
 *     entity-tagged evidence), so a passage is analysed once, not once per claim; each claim is
 *     analysed once for the query, the re-ranker and stance;
 *   - chunks of `batchSize` claims are searched `concurrency` at a time while earlier ones are
 *     re-ranked.
 * Cache keys carry the concrete index's UUID and the document's `_seq_no`/`_primary_term`: a
 * re-indexed passage or a rebuilt index is a new key, never a stale text.
 */
import { type Client, type estypes, msearchFailure } from '../../platform/index.js';
import '../text/quiet-natural.js'; // before natural: keeps stdout clean
import { runtimeConfig } from '../../core/config.js';
import natural from 'natural';
import { detectStancePrepared, gatedStance } from '../stance/stance.js';
import { anotherDaysFigure } from '../stance/running-figure.js';
import type { StanceModel } from '../stance/model.js';
import {
  analyseClaim,
  analysePassage,
  contentWords,
  hasDiacritics,
  indexedTokens,
  type ClaimAnalysis,
  type PassageAnalysis,
} from '../stance/features.js';
import { extractEntities } from '../text/entities.js';
import { foldDiacritics, foldForSearch, normalizeText, unifyIY } from '../text/normalize.js';
import type { Entity, Match } from '../../core/contracts.js';
import type { IndexNames } from '../../core/names.js';
import { passageDocId, syllableShingles } from './statements-index.js';
import { folded } from '../../core/indices.js';

export interface ClaimInput {
  id: string;
  text: string;
  /** When known, statements published near it rank higher (±30 days). */
  publishedAt?: string | null;
}

export interface Candidate {
  statementId: string;
  version: number;
  passageText: string;
  /** The indexed segmented words and folded text, reused by the re-ranker instead of re-segmenting. */
  passageWords: string;
  passageFolded: string;
  url: string | null;
  places: string[];
  organizations: string[];
  numbers: string[];
  dates: string[];
  esScore: number;
  score: number;
}

export type RetrievalMode = 'full' | 'plain-bm25';

export interface MatchOptions {
  /** Claims per msearch request. */
  batchSize?: number;
  /** Candidates (distinct statements) fetched per claim before re-ranking. */
  candidates?: number;
  stanceModel?: StanceModel;
  /** 'plain-bm25' is the baseline: one `match` on the analysed text, no re-ranking. */
  mode?: RetrievalMode;
  /** msearch requests kept in flight while Node re-ranks the chunks already answered (default 2). */
  concurrency?: number;
  /** Keep passages (text and analysis) between calls (default true); false analyses every passage afresh. */
  cache?: boolean;
}

/** Everything the retrieval, the re-ranker and stance need of a claim, computed once. */
interface PreparedClaim {
  input: ClaimInput;
  norm: string;
  syllablesOnly: boolean;
  /** Entities of the claim as given (re-ranking), and as queried (with its publish date as reference). */
  entities: Entity[];
  queryEntities: Entity[];
  analysis: ClaimAnalysis;
}

function prepareClaim(claim: ClaimInput, mode: RetrievalMode): PreparedClaim {
  const norm = normalizeText(claim.text);
  const analysis = analyseClaim(claim.text);
  if (mode === 'plain-bm25') return { input: claim, norm, syllablesOnly: false, entities: [], queryEntities: [], analysis };
  // analyseClaim extracts the entities of the normalised claim; the same text without a reference date is the same call.
  const entities = claim.text === analysis.text ? analysis.side.entities : extractEntities(claim.text);
  const queryEntities = claim.publishedAt
    ? extractEntities(norm, { referenceDate: claim.publishedAt })
    : norm === analysis.text
      ? analysis.side.entities
      : extractEntities(norm);
  return { input: claim, norm, syllablesOnly: !hasDiacritics(claim.text), entities, queryEntities, analysis };
}

/**
 * Function words left out of the BM25 clauses: they are in most passages, so they cost most of
 * the query time (every passage holding one is scored) for almost no score. They stay in the
 * shingles ("của_bộ"), and in the text the re-ranker and stance read. The folded spellings
 * are left out of a claim typed without diacritics.
 */
const QUERY_STOP =
  'và là của có các những một được cho trong với để đến từ này đó thì mà khi đã đang sẽ bị tại về như trên dưới sau trước cũng còn nên nếu vì hay hoặc theo người việc nhiều rất ít lại ra vào lên xuống ở qua năm ngày tháng'.split(
    ' ',
  );
const QUERY_STOP_MARKED = new Set(QUERY_STOP);
const QUERY_STOP_FOLDED = new Set(QUERY_STOP.map(foldDiacritics));

function withoutFunctionWords(text: string, stop: ReadonlySet<string>): string {
  const kept = text.split(/\s+/u).filter((w) => !stop.has(w.toLowerCase().replace(/[^\p{L}\p{M}\p{N}]/gu, '')));
  return kept.length > 0 ? kept.join(' ') : text;
}

function claimQuery(c: PreparedClaim, mode: RetrievalMode): estypes.QueryDslQueryContainer {
  if (mode === 'plain-bm25') return { match: { text: c.norm } };
  const values = (kind: string): string[] => [...new Set(c.queryEntities.filter((e) => e.kind === kind).map((e) => e.value))];
  const should: estypes.QueryDslQueryContainer[] = c.syllablesOnly
    ? [
        { match: { text: { query: withoutFunctionWords(c.norm, QUERY_STOP_FOLDED) } } },
        { match: { [folded('text')]: { query: withoutFunctionWords(foldForSearch(c.norm), QUERY_STOP_FOLDED) } } },
      ]
    : // The folded field is for claims typed without diacritics. A claim with them meets its words in
      // `text` and its folded bigrams in `shingles`; the folded clause, whose merged syllables
      // ("co" = có, cơ, cỏ, cô...) are in most passages, costs much of the query time and does not
      // improve the ranking on vi-factcheck-dev (eval:match).
      [{ match: { text: { query: withoutFunctionWords(c.norm, QUERY_STOP_MARKED) } } }];
  // Segmented words are scored in Node (re-ranking): a BM25 clause on them cost a third of the query time for no MAP.
  should.push({ match: { shingles: { query: syllableShingles(c.norm) } } });
  const numbers = [...values('number'), ...values('date')];
  if (numbers.length > 0) should.push({ terms: { numbers: numbers, boost: 0.5 } }, { terms: { dates: numbers, boost: 0.5 } });
  const places = values('place');
  if (places.length > 0) should.push({ terms: { places, boost: 1 } });
  const publishedAt = c.input.publishedAt;
  if (publishedAt) should.push({ range: { publishedAt: { gte: `${publishedAt}||-30d`, lte: `${publishedAt}||+30d`, boost: 1 } } });
  return { bool: { should, minimum_should_match: 1 } };
}

/** A passage as the matcher keeps it: its text from `_source`, and what was computed from it. */
interface PassageEntry {
  text: string;
  words: string;
  folded?: string;
  /** Folded token → count, for the TF-IDF of the re-ranker: segmented words, and plain syllables. */
  wordCounts?: Map<string, number>;
  syllableCounts?: Map<string, number>;
  analysis?: PassageAnalysis;
}

/** Least recently used passages; a Map iterates in insertion order, so the first key is the oldest. */
class PassageCache {
  private readonly entries = new Map<string, PassageEntry>();
  hits = 0;
  misses = 0;
  #capacity: number | undefined;
  /** Without a capacity, the configured one (SENTINEL_PASSAGE_CACHE), read on first use rather than at import. */
  constructor(capacity?: number) {
    this.#capacity = capacity;
  }
  get capacity(): number {
    this.#capacity ??= runtimeConfig().passageCacheSize;
    return this.#capacity;
  }
  set capacity(value: number) {
    this.#capacity = value;
  }
  get(key: string): PassageEntry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }
  set(key: string, entry: PassageEntry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
  get size(): number {
    return this.entries.size;
  }
}

/**
 * Shared by every call in the process: the statements a stream of claims keeps meeting (the
 * news of the week) are read and analysed once. A passage with its analysis takes tens of kB
 * (bench:match reports the memory); SENTINEL_PASSAGE_CACHE (core/config.ts) sets the number of
 * passages kept (0 keeps nothing between calls).
 */
export const passageCache = new PassageCache();

/** What the search reads of a passage from doc values; the candidate adds its text. */
type PassageFields = Pick<Candidate, 'statementId' | 'version' | 'url' | 'places' | 'organizations' | 'numbers' | 'dates' | 'esScore'>;

interface PassageHit extends PassageFields {
  /** The statement's publish time, when it has one. */
  publishedAt: string | null;
  /** Concrete index, its UUID, document id and revision: what identifies this text. */
  key: string;
  index: string;
  id: string;
  seqNo: number | undefined;
  primaryTerm: number | undefined;
  entry?: PassageEntry;
}

/** The keyword and number fields come from doc values; `_source` (stored fields) is not read by the search. */
const DOC_VALUE_FIELDS = ['statementId', 'version', 'passage', 'url', 'publishedAt', 'numbers', 'dates', 'places', 'organizations'];

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** Concrete index name → UUID, asked once per call so that cache keys change when an index is rebuilt. */
async function indexUuids(es: Client, alias: string): Promise<Map<string, string>> {
  const settings = await es.indices.getSettings({ index: alias, name: 'index.uuid' });
  return new Map(Object.entries(settings).map(([name, s]) => [name, String(s.settings?.index?.uuid ?? '')]));
}

/** One msearch for the claims; one best passage per statement (collapse), passages without their text yet. */
async function searchPassages(
  es: Client,
  names: IndexNames,
  claims: PreparedClaim[],
  size: number,
  mode: RetrievalMode,
  uuids: Promise<Map<string, string>>,
): Promise<PassageHit[][]> {
  if (claims.length === 0) return [];
  const searches: estypes.MsearchRequestItem[] = claims.flatMap((claim) => [
    { index: names.statements },
    {
      size,
      query: claimQuery(claim, mode),
      collapse: { field: 'statementId' },
      // No hit count: lets Lucene skip blocks that cannot reach the top (block-max WAND).
      track_total_hits: false,
      _source: false,
      stored_fields: '_none_',
      docvalue_fields: DOC_VALUE_FIELDS,
      seq_no_primary_term: true,
    },
  ]);
  const [response, uuid] = await Promise.all([es.msearch({ searches }), uuids]);
  const failed = msearchFailure(response.responses, (i) => claims[i]?.input.id, 'search for claims');
  if (failed !== null) throw failed;
  return response.responses.map((r) => {
    if ('error' in r) return []; // thrown above
    return r.hits.hits.map((h) => {
      const f = (h.fields ?? {}) as Record<string, unknown[] | undefined>;
      const statementId = String(f.statementId?.[0] ?? '');
      const version = Number(f.version?.[0] ?? 1);
      const id = passageDocId(statementId, version, Number(f.passage?.[0] ?? 0));
      return {
        key: JSON.stringify([h._index, uuid.get(h._index) ?? '', id, h._seq_no, h._primary_term]),
        index: h._index,
        id,
        seqNo: h._seq_no,
        primaryTerm: h._primary_term,
        statementId,
        version,
        url: f.url?.[0] === undefined ? null : String(f.url[0]),
        publishedAt: f.publishedAt?.[0] === undefined ? null : String(f.publishedAt[0]),
        places: strings(f.places),
        organizations: strings(f.organizations),
        numbers: strings(f.numbers),
        dates: strings(f.dates),
        esScore: h._score ?? 0,
      };
    });
  });
}

/** Attaches each hit's text: from the cache, or from one mget for the passages not seen yet. */
async function attachTexts(es: Client, hits: PassageHit[][], cache: PassageCache | undefined): Promise<void> {
  const missing = new Map<string, PassageHit>();
  const local = new Map<string, PassageEntry>();
  for (const row of hits) {
    for (const h of row) {
      const entry = local.get(h.key) ?? cache?.get(h.key);
      if (entry) {
        h.entry = entry;
        local.set(h.key, entry);
        if (cache) cache.hits += 1;
      } else missing.set(h.key, h);
    }
  }
  if (missing.size > 0) {
    if (cache) cache.misses += missing.size;
    const wanted = [...missing.values()];
    const response = await es.mget<{ text?: string; words?: string }>({
      docs: wanted.map((h) => ({ _index: h.index, _id: h.id, _source: ['text', 'words'] })),
    });
    response.docs.forEach((d, i) => {
      const h = wanted[i] as PassageHit;
      if (!('found' in d) || !d.found || !d._source) return;
      const entry: PassageEntry = { text: d._source.text ?? '', words: d._source.words ?? '' };
      local.set(h.key, entry);
      // A passage re-indexed between the search and the mget is used this once, not kept under the old revision.
      if (cache && h.seqNo !== undefined && d._seq_no === h.seqNo && d._primary_term === h.primaryTerm) cache.set(h.key, entry);
    });
    for (const row of hits) for (const h of row) h.entry ??= local.get(h.key);
  }
}

const toCandidate = (h: PassageHit): Candidate => {
  const entry = h.entry as PassageEntry;
  return {
    statementId: h.statementId,
    version: h.version,
    passageText: entry.text,
    passageWords: entry.words,
    // What the index holds as text_folded: the normalised text, folded, one i/y spelling.
    passageFolded: (entry.folded ??= foldForSearch(entry.text)),
    url: h.url,
    places: h.places,
    organizations: h.organizations,
    numbers: h.numbers,
    dates: h.dates,
    esScore: h.esScore,
    score: h.esScore,
  };
};

async function retrieve(
  es: Client,
  names: IndexNames,
  claims: PreparedClaim[],
  size: number,
  mode: RetrievalMode,
  cache: PassageCache | undefined,
  uuids: Promise<Map<string, string>>,
): Promise<PassageHit[][]> {
  const hits = await searchPassages(es, names, claims, size, mode, uuids);
  await attachTexts(es, hits, cache);
  // A passage deleted between the search and the mget is dropped.
  return hits.map((row) => row.filter((h) => h.entry !== undefined));
}

function counts(tokens: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of tokens) out.set(t, (out.get(t) ?? 0) + 1);
  return out;
}

/**
 * TF-IDF of the claim's words in each candidate, over the candidates as the collection: the
 * sum over the claim's words (repeats count) of count × (1 + ln(N / (1 + df))), which is
 * natural's TfIdf.tfidf, computed from token counts kept with each passage instead of a
 * TfIdf object built for every claim.
 */
function lexicalScores(claimWords: readonly string[], docs: readonly Map<string, number>[]): number[] {
  const n = docs.length;
  const idf = new Map<string, number>();
  for (const w of claimWords) {
    if (idf.has(w)) continue;
    let df = 0;
    for (const d of docs) if ((d.get(w) ?? 0) > 0) df += 1;
    idf.set(w, 1 + Math.log(n / (1 + df)));
  }
  return docs.map((d) => {
    let score = 0;
    for (const w of claimWords) score += (d.get(w) ?? 0) * (idf.get(w) as number);
    return score;
  });
}

/** Jaro-Winkler between entity values, memoised: the same place and organisation names recur all day. */
const similarityMemo = new Map<string, number>();
function nameSimilarity(a: string, b: string): number {
  const key = `${a}\u0000${b}`;
  let v = similarityMemo.get(key);
  if (v === undefined) {
    v = natural.JaroWinklerDistance(a, b);
    if (similarityMemo.size >= 50_000) similarityMemo.clear();
    similarityMemo.set(key, v);
  }
  return v;
}

/**
 * Scores of the candidates: 0.75 Elasticsearch BM25 (normalised by the best), 0.15 TF-IDF of the
 * claim's words, 0.05 share of the claim's numbers/dates the passage has, 0.05 name similarity.
 */
function rerankScores(
  claimWords: readonly string[],
  entities: readonly Entity[],
  candidates: readonly Candidate[],
  tokenCounts: readonly Map<string, number>[],
): number[] {
  // Folded, one i/y spelling on both sides ("kỳ họp" meets "kì họp"), as in the index.
  const lexical = lexicalScores(claimWords.map(unifyIY), tokenCounts);
  const quantity = new Set(entities.filter((e) => e.kind === 'number' || e.kind === 'date').map((e) => e.value));
  const names = entities.filter((e) => e.kind === 'place' || e.kind === 'organization').map((e) => e.value);
  const esMax = Math.max(...candidates.map((c) => c.esScore), 1e-9);
  const lexMax = Math.max(...lexical, 1e-9);
  return candidates.map((c, i) => {
    let numberOverlap = 0;
    if (quantity.size > 0) {
      let found = 0;
      for (const v of quantity) if (c.numbers.includes(v) || c.dates.includes(v)) found += 1;
      numberOverlap = found / quantity.size;
    }
    let similarity = 0;
    if (names.length > 0) {
      const theirs = [...c.places, ...c.organizations];
      similarity = names.reduce((sum, n) => sum + Math.max(0, ...theirs.map((v) => nameSimilarity(n, v))), 0) / names.length;
    }
    return 0.75 * (c.esScore / esMax) + 0.15 * ((lexical[i] ?? 0) / lexMax) + 0.05 * numberOverlap + 0.05 * similarity;
  });
}

/** A passage's words or syllables as the re-ranker counts them: folded, one i/y spelling. */
const rerankTokens = (field: string): string[] => indexedTokens(field).map(unifyIY);

/** Indices of `scores`, best first; ties keep Elasticsearch's order (the sort is stable). */
const byScore = (scores: readonly number[]): number[] =>
  scores.map((_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number));

/**
 * Stage 2: re-rank one claim's candidates. Elasticsearch's BM25 leads (it has the collection
 * statistics); TF-IDF over segmented words adds word-level agreement, entity overlap rewards
 * the same numbers/dates/places, and Jaro-Winkler lets "Công an TP HCM" meet "Công an TP.HCM".
 */
export function rerank(claimText: string, candidates: Candidate[]): Candidate[] {
  if (candidates.length === 0) return [];
  const syllablesOnly = !hasDiacritics(claimText);
  const tokenCounts = candidates.map((c) => counts(rerankTokens(syllablesOnly ? c.passageFolded : c.passageWords)));
  const scores = rerankScores(contentWords(claimText, syllablesOnly), extractEntities(claimText), candidates, tokenCounts);
  return byScore(scores).map((i) => ({ ...(candidates[i] as Candidate), score: scores[i] as number }));
}

/** Token counts of a kept passage: of its segmented words, or of its syllables for a claim typed without diacritics. */
function passageCounts(entry: PassageEntry, syllablesOnly: boolean): Map<string, number> {
  if (syllablesOnly) return (entry.syllableCounts ??= counts(rerankTokens((entry.folded ??= foldForSearch(entry.text)))));
  return (entry.wordCounts ??= counts(rerankTokens(entry.words)));
}

export interface DetailedMatch extends Match {
  /** The whole passage the evidence was taken from (for the eval and the UI). */
  passage: string;
}

function matchOne(c: PreparedClaim, hits: PassageHit[], top: number, mode: RetrievalMode, model: StanceModel | undefined): DetailedMatch[] {
  const candidates = hits.map(toCandidate);
  let order = candidates.map((_, i) => i);
  if (mode === 'full' && candidates.length > 0) {
    const tokenCounts = hits.map((h) => passageCounts(h.entry as PassageEntry, c.syllablesOnly));
    const scores = rerankScores(contentWords(c.input.text, c.syllablesOnly), c.entities, candidates, tokenCounts);
    scores.forEach((s, i) => ((candidates[i] as Candidate).score = s));
    order = byScore(scores);
  }
  return order.slice(0, top).map((i) => {
    const m = candidates[i] as Candidate;
    const entry = (hits[i] as PassageHit).entry as PassageEntry;
    // The index stores each passage's number/date values: stance takes them instead of re-extracting.
    entry.analysis ??= analysePassage(m.passageText, new Set([...m.numbers, ...m.dates]));
    const result = detectStancePrepared(c.analysis, entry.analysis, model);
    let s = { ...result, ...gatedStance(result) };
    if (
      s.stance === 'contradicts' &&
      s.basis === 'model' &&
      anotherDaysFigure({
        claim: c.input.text,
        claimEntities: c.queryEntities,
        claimPublishedAt: c.input.publishedAt,
        evidence: s.evidence,
        statementPublishedAt: (hits[i] as PassageHit).publishedAt,
        conflicts: s.conflicts,
      })
    )
      s = { ...s, stance: 'nei', conflicts: [] };
    return {
      claimId: c.input.id,
      statementId: m.statementId,
      version: m.version,
      url: m.url,
      score: Number(m.score.toFixed(4)),
      stance: s.stance,
      evidence: s.evidence,
      conflicts: s.conflicts,
      basis: s.basis,
      passage: m.passageText,
    };
  });
}

/** Matches for each claim, in input order, best first. */
export async function matchClaimsDetailed(
  es: Client,
  names: IndexNames,
  claims: ClaimInput[],
  top: number,
  options: MatchOptions = {},
): Promise<DetailedMatch[][]> {
  const { batchSize = 100, candidates = Math.max(10, top * 2), mode = 'full', concurrency = 2, cache = true } = options;
  if (claims.length === 0) return [];
  const store = cache ? passageCache : undefined;
  const size = mode === 'full' ? candidates : top;
  const uuids = indexUuids(es, names.statements);
  // Chunks of claims, each one msearch; up to `concurrency` are searched while earlier ones are re-ranked.
  const chunks: ClaimInput[][] = [];
  for (let i = 0; i < claims.length; i += batchSize) chunks.push(claims.slice(i, i + batchSize));
  const out: DetailedMatch[][] = [];
  const pending: Promise<{ prepared: PreparedClaim[]; hits: PassageHit[][] }>[] = [];
  let next = 0;
  const launch = (): void => {
    const chunk = chunks[next++] as ClaimInput[];
    const prepared = chunk.map((c) => prepareClaim(c, mode));
    const request = retrieve(es, names, prepared, size, mode, store, uuids).then((hits) => ({ prepared, hits }));
    request.catch(() => undefined); // awaited in order below; this only keeps an early failure from being reported as unhandled
    pending.push(request);
  };
  while (next < chunks.length && pending.length < Math.max(1, concurrency)) launch();
  while (pending.length > 0) {
    const { prepared, hits } = await (pending.shift() as (typeof pending)[number]);
    if (next < chunks.length) launch();
    prepared.forEach((c, j) => out.push(matchOne(c, hits[j] ?? [], top, mode, options.stanceModel)));
  }
  return out;
}

/** The pipeline's entry point: ranked matches per claim, same order as `claims`. */
export async function matchClaims(
  es: Client,
  names: IndexNames,
  claims: ClaimInput[],
  top: number,
  options: MatchOptions = {},
): Promise<Match[][]> {
  const detailed = await matchClaimsDetailed(es, names, claims, top, options);
  return detailed.map((row) => row.map(({ passage: _passage, ...match }) => match));
}
