/**
 * The press officers' statement search: official statements typed with or without diacritics,
 * filtered by agency and date, each with a ready citation; and "statements that answer this
 * claim" through the pipeline's own matcher. Until the statements index exists (it is built by
 * classifiers/matching), the search falls back to indexed sentences of official sources.
 */
import { type Client, type estypes } from '../platform/index.js';
import { highlightHtml } from '../classifiers/text/highlight.js';
import { foldDiacritics, foldForSearch, normalizeText } from '../classifiers/text/normalize.js';
import type { IndexNames } from '../core/names.js';
import { type DetailedMatch, matchClaimsDetailed, searchForms } from '../classifiers/matching/index.js';
import { FlagDoc, folded, readBack, SentenceDoc, StatementPassageDoc } from '../core/indices.js';
import type { Flag, SourceKind, Stance } from '../core/contracts.js';
import { answeringClause } from './filters.js';
import { TIME_ZONE } from './time.js';

export interface StatementQuery {
  q: string;
  agency?: string;
  /** ISO days, inclusive, in Viet Nam time. */
  from?: string;
  to?: string;
  size?: number;
}

export interface StatementHit {
  statementId: string;
  agency: string;
  title: string;
  url: string | null;
  publishedAt: string | null;
  text: string;
  /** Escaped text with the query's words in <mark>, diacritics or not. */
  highlight: string;
  citation: string;
}

const TEXT_FOLDED = folded('text');
/** The fallback's hits: sentences of official sources. */
const OfficialSentence = SentenceDoc.pick({ documentId: true, text: true, url: true, sourceId: true, publishedAt: true });
/** What a summary reads of a statement's first passage. */
const StatementSummaryDoc = StatementPassageDoc.pick({ statementId: true, title: true, agency: true, publishedAt: true, url: true });
/** What a statement page reads of each passage. */
const StatementPageDoc = StatementPassageDoc.pick({
  statementId: true,
  version: true,
  passage: true,
  title: true,
  agency: true,
  publishedAt: true,
  url: true,
  text: true,
});

const citeDate = new Intl.DateTimeFormat('vi-VN', { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric' });

/** "Title", Agency, dd/mm/yyyy, URL — the parts that exist, in that order. */
export function citation(hit: Pick<StatementHit, 'title' | 'agency' | 'publishedAt' | 'url'>): string {
  return [hit.title ? `“${hit.title}”` : '', hit.agency, hit.publishedAt ? citeDate.format(new Date(hit.publishedAt)) : '', hit.url ?? '']
    .filter((p) => p !== '')
    .join(', ');
}

function dateRange(field: string, query: StatementQuery): estypes.QueryDslQueryContainer[] {
  if (!query.from && !query.to) return [];
  return [{ range: { [field]: { gte: query.from, lte: query.to, time_zone: '+07:00' } } }];
}

/**
 * Syllables too common to tell statements apart (function words: "không", "tại", "của", ...),
 * with their diacritics; a syllable typed without any is compared folded ("khong", "tai").
 */
const FUNCTION_SYLLABLES = new Set(
  (
    'không có là của và các những được cho với tại trong về này đã sẽ đang bị để từ theo khi thì mà nhưng hay hoặc ' +
    'một cũng vẫn rằng nếu vì do nên ra vào lên đến ở còn đó kia nào gì ai sau trước rất lại chỉ'
  ).split(' '),
);
const FOLDED_FUNCTION_SYLLABLES = new Set([...FUNCTION_SYLLABLES].map((w) => foldDiacritics(w)));

/** The syllables of a query that carry its content: not function words (as typed, or folded when typed without diacritics). */
export function contentSyllables(q: string): string[] {
  return normalizeText(q)
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '' && !FUNCTION_SYLLABLES.has(w) && !(foldDiacritics(w) === w && FOLDED_FUNCTION_SYLLABLES.has(w)));
}

/** Most of `query`'s words (all of them up to two), as typed or without diacritics. */
function mostWords(query: string): estypes.QueryDslQueryContainer {
  return {
    bool: {
      should: [
        { match: { text: { query, boost: 2, minimum_should_match: '2<75%' } } },
        { match: { [TEXT_FOLDED]: { query: foldForSearch(query), minimum_should_match: '2<75%' } } },
      ],
      minimum_should_match: 1,
    },
  };
}

/**
 * What a hit must hold of the query: most of its words (one shared word, "tai" of "xyzzy khong
 * ton tai", is not a hit), and most of its content words, so that nonsense beside common
 * syllables ("xyzzy không tại") is not a hit on "không ... tại" either. A query of function
 * words only is held to its words.
 */
export function relevanceFloor(q: string): estypes.QueryDslQueryContainer[] {
  const content = contentSyllables(q);
  const all = normalizeText(q)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
  return content.length === 0 || content.length === all.length ? [mostWords(q)] : [mostWords(q), mostWords(content.join(' '))];
}

// Only "exists" is remembered (for a minute): a missing index is checked again on every request,
// so the search moves to the statements index as soon as classifiers/matching creates it.
const knownIndices = new Map<string, number>();

export async function statementsIndexExists(es: Client, names: IndexNames): Promise<boolean> {
  if ((knownIndices.get(names.statements) ?? 0) > Date.now()) return true;
  const exists = await es.indices.existsAlias({ name: names.statements });
  if (exists) knownIndices.set(names.statements, Date.now() + 60_000);
  return exists;
}

export async function searchStatements(
  es: Client,
  names: IndexNames,
  query: StatementQuery,
): Promise<{ source: 'statements' | 'sentences'; hits: StatementHit[] }> {
  const size = query.size ?? 20;
  const q = normalizeText(query.q);
  if (q === '') return { source: 'statements', hits: [] };
  if (await statementsIndexExists(es, names)) {
    const forms = searchForms(q);
    const agencies = query.agency ? await agenciesLike(es, names, query.agency) : undefined;
    if (agencies?.length === 0) return { source: 'statements', hits: [] };
    const response = await es.search({
      index: names.statements,
      size,
      query: {
        bool: {
          // The relevance floor (see `relevanceFloor`); shared phrases only rank.
          must: relevanceFloor(forms.text),
          should: [{ match: { shingles: { query: forms.shingles } } }],
          filter: [...(agencies ? [{ terms: { agency: agencies } }] : []), ...dateRange('publishedAt', query)],
        },
      },
      // One passage per statement (the best); the others are the same statement.
      collapse: { field: 'statementId' },
    });
    return {
      source: 'statements',
      hits: response.hits.hits.flatMap((h) => {
        if (!h._source) return [];
        const d = readBack(StatementPassageDoc, h);
        const hit = { statementId: d.statementId, agency: d.agency, title: d.title, url: d.url, publishedAt: d.publishedAt, text: d.text };
        return [{ ...hit, highlight: highlightHtml(d.text, q), citation: citation(hit) }];
      }),
    };
  }
  const response = await es.search({
    index: names.sentences,
    size,
    query: {
      bool: {
        must: relevanceFloor(q),
        filter: [
          { term: { sourceKind: 'official' } },
          ...(query.agency ? [{ term: { sourceId: query.agency } }] : []),
          ...dateRange('publishedAt', query),
        ],
      },
    },
  });
  return {
    source: 'sentences',
    hits: response.hits.hits.flatMap((h) => {
      if (!h._source) return [];
      const d = readBack(OfficialSentence, h);
      const hit = { statementId: d.documentId, agency: d.sourceId, title: '', url: d.url, publishedAt: d.publishedAt, text: d.text };
      return [{ ...hit, highlight: highlightHtml(d.text, q), citation: citation(hit) }];
    }),
  };
}

/** What a reviewer needs to recognise an official statement: its title, agency, date and link. */
export interface StatementSummary {
  statementId: string;
  title: string;
  agency: string;
  publishedAt: string | null;
  url: string | null;
}

/** Summaries of the statements `ids` (as matches name them), from their first passage; unknown ids are left out. */
export async function statementSummaries(es: Client, names: IndexNames, ids: readonly string[]): Promise<Map<string, StatementSummary>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0 || !(await statementsIndexExists(es, names))) return new Map();
  const response = await es.search({
    index: names.statements,
    size: wanted.length,
    query: { terms: { statementId: wanted } },
    collapse: { field: 'statementId' },
    _source: ['statementId', 'title', 'agency', 'publishedAt', 'url'],
  });
  return new Map(
    response.hits.hits.flatMap((h) => {
      const d = h._source ? readBack(StatementSummaryDoc, h) : undefined;
      return d
        ? [
            [
              d.statementId,
              { statementId: d.statementId, title: d.title, agency: d.agency, publishedAt: d.publishedAt, url: d.url },
            ] as const,
          ]
        : [];
    }),
  );
}

/** An official statement as its page shows it: the latest version's passages, in order. */
export interface StatementView extends StatementSummary {
  version: number;
  passages: string[];
  citation: string;
}

/** The most passages a statement page reads (a long statement is a few dozen). */
const MAX_PASSAGES = 1000;

/**
 * Passages in order with the sentence each shares with the one before (the index's windows
 * overlap, so an answer straddling a cut is whole in one) left out of the second: read one after
 * the other, they are the statement's text once. Of the previous passage's word-aligned endings,
 * the longest that the next one starts with (followed by a space) is dropped from the next.
 */
export function withoutOverlap(passages: readonly string[]): string[] {
  return passages.flatMap((text, i) => {
    const previous = i > 0 ? passages[i - 1] : undefined;
    if (!previous) return [text];
    for (let at = 0; at >= 0;) {
      const ending = previous.slice(at);
      if (text === ending) return [];
      if (text.startsWith(`${ending} `)) {
        const rest = text.slice(ending.length + 1).trim();
        return rest === '' ? [] : [rest];
      }
      const space = previous.indexOf(' ', at);
      at = space < 0 ? -1 : space + 1;
    }
    return [text];
  });
}

/** The statement `id` at its latest version, or undefined when the index has no passage of it. */
export async function loadStatement(es: Client, names: IndexNames, id: string): Promise<StatementView | undefined> {
  if (!(await statementsIndexExists(es, names))) return undefined;
  const response = await es.search({
    index: names.statements,
    size: MAX_PASSAGES,
    query: { term: { statementId: id } },
    sort: [{ version: 'desc' }, { passage: 'asc' }],
    _source: ['statementId', 'version', 'passage', 'title', 'agency', 'publishedAt', 'url', 'text'],
  });
  const passages = response.hits.hits.flatMap((h) => (h._source ? [readBack(StatementPageDoc, h)] : []));
  const latest = passages[0];
  if (!latest) return undefined;
  const summary = {
    statementId: latest.statementId,
    title: latest.title,
    agency: latest.agency,
    publishedAt: latest.publishedAt,
    url: latest.url,
  };
  return {
    ...summary,
    version: latest.version,
    passages: withoutOverlap(passages.filter((p) => p.version === latest.version).map((p) => p.text)),
    citation: citation(summary),
  };
}

/** A flagged claim that a statement answers, with the stance the statement takes on it. */
export interface AnsweredClaim {
  flagId: string;
  claimText: string;
  stance: Stance;
  sourceId: string;
  sourceKind: SourceKind;
  publishedAt: string | null;
  url: string;
}

/** The most claims a statement page lists, newest first (the page says how many there are in all). */
export const MAX_ANSWERED = 200;

/** The claims a statement answers, newest first and at most a page's worth, and how many there are in all. */
export interface ClaimsAnswering {
  claims: AnsweredClaim[];
  total: number;
}

const STANCE_ORDER: readonly Stance[] = ['contradicts', 'supports', 'nei'];

/** What a flag says of the statements that answer it: its matches' statements and stances, and the statements its reasons name. */
export interface FlagAnswers {
  matches: readonly Pick<Flag['matches'][number], 'statementId' | 'stance'>[];
  reasons?: readonly { statementId?: string | undefined }[] | undefined;
}

/**
 * The stance of `statementId` on the flag's claim: the strongest of its matches (contradicts, then
 * supports, then nei); a reason that names it without a match (a denial) contradicts the claim.
 */
export function stanceOn(flag: FlagAnswers, statementId: string): Stance {
  const stances = new Set(flag.matches.filter((m) => m.statementId === statementId).map((m) => m.stance));
  const found = STANCE_ORDER.find((s) => stances.has(s));
  if (found) return found;
  return (flag.reasons ?? []).some((r) => r.statementId === statementId) ? 'contradicts' : 'nei';
}

/**
 * The flagged claims whose matches or reasons name the statement, newest publication first: the
 * first `limit` of them, and the exact count of all of them.
 */
export async function claimsAnswering(
  es: Client,
  names: IndexNames,
  statementId: string,
  limit: number = MAX_ANSWERED,
): Promise<ClaimsAnswering> {
  const response = await es.search({
    index: names.flags,
    size: limit,
    track_total_hits: true,
    ignore_unavailable: true,
    query: answeringClause(statementId),
    sort: [{ publishedAt: { order: 'desc', missing: '_last', unmapped_type: 'date' } }, { id: 'asc' }],
  });
  const claims = response.hits.hits.flatMap((h) => {
    if (!h._source) return [];
    const flag = readBack(FlagDoc, h);
    return [
      {
        flagId: flag.id,
        claimText: flag.claimText,
        stance: stanceOn(flag, statementId),
        sourceId: flag.sourceId,
        sourceKind: flag.sourceKind,
        publishedAt: flag.publishedAt,
        url: flag.url,
      },
    ];
  });
  const total = response.hits.total;
  // Without an index of flags there is no total; never fewer than the claims listed.
  return { claims, total: Math.max(claims.length, typeof total === 'number' ? total : (total?.value ?? 0)) };
}

/**
 * The agencies whose name holds what was typed, with or without diacritics and in any case
 * ("bo cong an" finds "Bộ Công an"): the agency field is an exact keyword, so the names are
 * read from the index (a few hundred at most) and compared folded.
 */
async function agenciesLike(es: Client, names: IndexNames, typed: string): Promise<string[]> {
  const wanted = foldDiacritics(normalizeText(typed)).toLowerCase();
  if (wanted === '') return [];
  const response = await es.search<unknown, { agencies: estypes.AggregationsStringTermsAggregate }>({
    index: names.statements,
    size: 0,
    aggs: { agencies: { terms: { field: 'agency', size: 1000 } } },
  });
  const buckets = response.aggregations?.agencies.buckets;
  return (Array.isArray(buckets) ? buckets : []).map((b) => String(b.key)).filter((a) => foldDiacritics(a).toLowerCase().includes(wanted));
}

/** Statements that answer a pasted claim: the pipeline's matcher (retrieval, re-ranking, stance). */
export async function statementsAnswering(es: Client, names: IndexNames, claimText: string, top = 5): Promise<DetailedMatch[]> {
  const text = normalizeText(claimText);
  if (text === '' || !(await statementsIndexExists(es, names))) return [];
  const [matches] = await matchClaimsDetailed(es, names, [{ id: 'pasted', text }], top);
  return matches ?? [];
}

/** Copies a citation on click (CSP allows scripts from our origin only, so it is a file). */
export const COPY_SCRIPT = `document.addEventListener('click', function (event) {
  var button = event.target.closest && event.target.closest('button[data-citation]');
  if (!button) return;
  var text = button.getAttribute('data-citation');
  var done = function () { button.textContent = button.getAttribute('data-done'); };
  if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, function () {});
});`;
