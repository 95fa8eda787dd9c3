/**
 * Official statements, split into passages of a few sentences (with one sentence of overlap,
 * so an answer straddling a cut is whole in one passage), indexed with every form the
 * retrieval needs. The Maven Elasticsearch has no asciifolding, shingle or language analyzer,
 * so the folded text, the segmented words and the syllable shingles are computed here and
 * indexed as their own fields, all analysed by `standard` (which keeps "công_an" as one token).
 */
import { bulkIndex, type Client, ensureAliasedIndex } from '../../platform/index.js';
import { extractEntities } from '../text/entities.js';
import { foldForSearch, normalizeText } from '../text/normalize.js';
import { splitPassages } from '../stance/passages.js';
import { segmentWords, syllables } from '../text/tokenize.js';
import type { OfficialStatement } from '../../core/contracts.js';
import type { IndexNames } from '../../core/names.js';
import { folded, STATEMENT_MAPPINGS, type StatementPassage } from '../../core/indices.js';

export { STATEMENT_MAPPINGS };

/** A passage as indexed (without `indexedAt`, which the pipeline's indexer adds). */
export type PassageDoc = StatementPassage;

export { PASSAGE_OVERLAP, PASSAGE_SENTENCES, splitPassages } from '../stance/passages.js';

/** Folded syllable bigrams as single tokens ("cong_an"): phrase-like matching without a shingle filter. */
export function syllableShingles(text: string): string {
  const syl = syllables(text).map(foldForSearch);
  const out: string[] = [];
  for (let i = 1; i < syl.length; i += 1) out.push(`${syl[i - 1]}_${syl[i]}`);
  return out.join(' ');
}

/** The fields both sides share: a passage is indexed with them, a claim is queried with them. */
export function searchForms(text: string): { text: string; folded: string; words: string; shingles: string } {
  const norm = normalizeText(text);
  return { text: norm, folded: foldForSearch(norm), words: segmentWords(norm).join(' '), shingles: syllableShingles(norm) };
}

/** The document id of a passage: statement, version, position (deterministic, so re-indexing is a no-op). */
export function passageDocId(statementId: string, version: number, passage: number): string {
  return `${statementId}:v${version}:p${passage}`;
}

export function passageDocs(statement: OfficialStatement): { id: string; doc: PassageDoc }[] {
  return splitPassages(statement.text).map((text, passage) => {
    const forms = searchForms(text);
    const entities = extractEntities(text, { referenceDate: statement.publishedAt });
    const values = (kind: string): string[] => [...new Set(entities.filter((e) => e.kind === kind).map((e) => e.value))];
    return {
      id: passageDocId(statement.id, statement.version, passage),
      doc: {
        statementId: statement.id,
        version: statement.version,
        passage,
        agency: statement.agency,
        title: statement.title,
        url: statement.url,
        publishedAt: statement.publishedAt,
        text: forms.text,
        [folded('text')]: forms.folded,
        words: forms.words,
        shingles: forms.shingles,
        numbers: values('number'),
        dates: values('date'),
        places: values('place'),
        organizations: values('organization'),
      },
    };
  });
}

/** Template + `<alias>-v1` behind the alias, like every other index (idempotent). */
export async function ensureStatementsIndex(es: Client, names: IndexNames): Promise<void> {
  await ensureAliasedIndex(es, names.statements, STATEMENT_MAPPINGS);
}

export interface IndexStatementsResult {
  passages: number;
  rejected: { id: string; reason: string }[];
}

/**
 * Writes every passage by deterministic id (statement, version, position): re-indexing is a
 * no-op, and a correction (version 2) sits beside the original instead of replacing it.
 */
export async function indexStatements(
  es: Client,
  names: IndexNames,
  statements: OfficialStatement[],
  options: { refresh?: boolean; batchSize?: number } = {},
): Promise<IndexStatementsResult> {
  const { refresh = true, batchSize = 500 } = options;
  const docs = statements.flatMap((s) => passageDocs(s).map(({ id, doc }) => ({ index: names.statements, id, document: doc, origin: id })));
  const rejected: { id: string; reason: string }[] = [];
  for (let i = 0; i < docs.length; i += batchSize) {
    for (const r of await bulkIndex(es, docs.slice(i, i + batchSize))) rejected.push({ id: r.origin, reason: r.reason });
  }
  if (refresh) await es.indices.refresh({ index: names.statements });
  return { passages: docs.length - rejected.length, rejected };
}
