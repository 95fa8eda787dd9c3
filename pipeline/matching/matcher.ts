/**
 * Claims → ranked official statements, each with the passage sentences that answer the claim,
 * a stance and the conflicting spans. One code path for the streaming stage, the CLI, the
 * eval and the bench:
 *   1. BM25 candidates in Elasticsearch over the analysed, folded, word and shingle fields,
 *      plus entity/time boosts, one `msearch` per batch, collapsed to one passage per statement;
 *   2. re-ranking in Node: TF-IDF on segmented words, entity and number overlap, name similarity;
 *   3. stance and conflicts on the best sentences of the passage (classifiers/stance).
 */
import type { estypes } from '@elastic/elasticsearch';
import './quiet-natural.js'; // before natural: keeps stdout clean
import natural from 'natural';
import { detectStance } from '../../classifiers/stance/stance.js';
import type { StanceModel } from '../../classifiers/stance/model.js';
import { contentWords, hasDiacritics, indexedTokens } from '../../classifiers/stance/features.js';
import { extractEntities } from '../../classifiers/text/entities.js';
import type { Match } from '../../core/contracts.js';
import type { IndexNames } from '../../core/topics.js';
import type { Client } from '../elasticsearch/client.js';
import { searchForms, type PassageDoc } from './statements-index.js';

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
}

function claimQuery(claim: ClaimInput, mode: RetrievalMode): estypes.QueryDslQueryContainer {
  const forms = searchForms(claim.text);
  if (mode === 'plain-bm25') return { match: { text: forms.text } };
  const entities = extractEntities(forms.text, { referenceDate: claim.publishedAt ?? null });
  const values = (kind: string): string[] => [...new Set(entities.filter((e) => e.kind === kind).map((e) => e.value))];
  const should: estypes.QueryDslQueryContainer[] = [
    { match: { text: { query: forms.text } } },
    { match: { text_folded: { query: forms.folded } } },
    { match: { shingles: { query: forms.shingles } } },
    // Segmented words are scored in Node (re-ranking): a fourth BM25 clause here cost a third of the query time for no MAP.
  ];
  const numbers = [...values('number'), ...values('date')];
  if (numbers.length > 0) should.push({ terms: { numbers: numbers, boost: 0.5 } }, { terms: { dates: numbers, boost: 0.5 } });
  const places = values('place');
  if (places.length > 0) should.push({ terms: { places, boost: 1 } });
  if (claim.publishedAt) should.push({ range: { publishedAt: { gte: `${claim.publishedAt}||-30d`, lte: `${claim.publishedAt}||+30d`, boost: 1 } } });
  return { bool: { should, minimum_should_match: 1 } };
}

/** Stage 1: one msearch for the batch; one best passage per statement (collapse). */
export async function retrieveCandidates(es: Client, names: IndexNames, claims: ClaimInput[], size: number, mode: RetrievalMode = 'full'): Promise<Candidate[][]> {
  if (claims.length === 0) return [];
  const searches: estypes.MsearchRequestItem[] = claims.flatMap((claim) => [
    { index: names.statements },
    {
      size,
      query: claimQuery(claim, mode),
      collapse: { field: 'statementId' },
      // No hit count: lets Lucene skip blocks that cannot reach the top (block-max WAND).
      track_total_hits: false,
      _source: ['statementId', 'version', 'text', 'text_folded', 'words', 'url', 'places', 'organizations', 'numbers', 'dates'],
    },
  ]);
  const response = await es.msearch<PassageDoc>({ searches });
  return response.responses.map((r, i) => {
    if ('error' in r) throw new Error(`search for claim ${claims[i]?.id ?? i} failed: ${r.error.type} ${r.error.reason ?? ''}`);
    return r.hits.hits.map((h) => {
      const src = h._source as PassageDoc;
      return {
        statementId: src.statementId,
        version: src.version,
        passageText: src.text,
        passageWords: src.words,
        passageFolded: src.text_folded,
        url: src.url ?? null,
        places: src.places ?? [],
        organizations: src.organizations ?? [],
        numbers: src.numbers ?? [],
        dates: src.dates ?? [],
        esScore: h._score ?? 0,
        score: h._score ?? 0,
      };
    });
  });
}

/**
 * Stage 2: re-rank one claim's candidates. Elasticsearch's BM25 leads (it has the collection
 * statistics); TF-IDF over segmented words adds word-level agreement, entity overlap rewards
 * the same numbers/dates/places, and Jaro-Winkler lets "Công an TP HCM" meet "Công an TP.HCM".
 */
export function rerank(claimText: string, candidates: Candidate[]): Candidate[] {
  if (candidates.length === 0) return [];
  const syllablesOnly = !hasDiacritics(claimText);
  const claimWords = contentWords(claimText, syllablesOnly);
  const tfidf = new natural.TfIdf();
  for (const c of candidates) tfidf.addDocument(indexedTokens(syllablesOnly ? c.passageFolded : c.passageWords));
  const lexical = candidates.map((_, i) => tfidf.tfidf(claimWords, i));
  const entities = extractEntities(claimText);
  const quantity = new Set(entities.filter((e) => e.kind === 'number' || e.kind === 'date').map((e) => e.value));
  const names = entities.filter((e) => e.kind === 'place' || e.kind === 'organization').map((e) => e.value);
  const esMax = Math.max(...candidates.map((c) => c.esScore), 1e-9);
  const lexMax = Math.max(...lexical, 1e-9);
  return candidates
    .map((c, i) => {
      const have = new Set([...c.numbers, ...c.dates]);
      const numberOverlap = quantity.size === 0 ? 0 : [...quantity].filter((v) => have.has(v)).length / quantity.size;
      const nameSimilarity =
        names.length === 0
          ? 0
          : names.reduce((sum, n) => sum + Math.max(0, ...[...c.places, ...c.organizations].map((v) => natural.JaroWinklerDistance(n, v))), 0) / names.length;
      const score = 0.75 * (c.esScore / esMax) + 0.15 * ((lexical[i] ?? 0) / lexMax) + 0.05 * numberOverlap + 0.05 * nameSimilarity;
      return { ...c, score };
    })
    .sort((a, b) => b.score - a.score);
}

export interface DetailedMatch extends Match {
  /** The whole passage the evidence was taken from (for the eval and the UI). */
  passage: string;
}

/** Matches for each claim, in input order, best first. */
export async function matchClaimsDetailed(es: Client, names: IndexNames, claims: ClaimInput[], top: number, options: MatchOptions = {}): Promise<DetailedMatch[][]> {
  const { batchSize = 100, candidates = Math.max(10, top * 2), mode = 'full' } = options;
  const out: DetailedMatch[][] = [];
  for (let i = 0; i < claims.length; i += batchSize) {
    const batch = claims.slice(i, i + batchSize);
    const retrieved = await retrieveCandidates(es, names, batch, mode === 'full' ? candidates : top, mode);
    batch.forEach((claim, j) => {
      const ranked = mode === 'full' ? rerank(claim.text, retrieved[j] ?? []) : (retrieved[j] ?? []);
      out.push(
        ranked.slice(0, top).map((c) => {
          const s = detectStance(claim.text, c.passageText, options.stanceModel, new Set([...c.numbers, ...c.dates]));
          return {
            claimId: claim.id,
            statementId: c.statementId,
            version: c.version,
            url: c.url,
            score: Number(c.score.toFixed(4)),
            stance: s.stance,
            evidence: s.evidence,
            conflicts: s.conflicts,
            passage: c.passageText,
          };
        }),
      );
    });
  }
  return out;
}

/** The pipeline's entry point: ranked matches per claim, same order as `claims`. */
export async function matchClaims(es: Client, names: IndexNames, claims: ClaimInput[], top: number, options: MatchOptions = {}): Promise<Match[][]> {
  const detailed = await matchClaimsDetailed(es, names, claims, top, options);
  return detailed.map((row) => row.map(({ passage: _passage, ...match }) => match));
}
