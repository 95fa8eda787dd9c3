/**
 * Rewrites the fields the indexers derive from a document's own text (its `_folded` forms, and a
 * statement passage's folded shingles) where they differ from what the current code derives: the
 * search's folding changes now and then (one i/y spelling, 2026-12-04), and documents stored
 * before keep the old form until rewritten. Read with a point in time, a page at a time; each
 * rewrite is a partial update guarded by the document's sequence number, so a document written
 * again meanwhile (by the current code, already right) is left as it is, never overwritten with
 * a form derived from its older text.
 */
import { foldForSearch } from '../classifiers/text/normalize.js';
import { syllableShingles } from '../classifiers/matching/index.js';
import { ItemError } from '../core/errors.js';
import { folded } from '../core/indices.js';
import type { IndexNames } from '../core/names.js';
import { scanPages, type Client, type estypes } from '../platform/index.js';

/** A derived field and how the indexers compute it from the document's source. */
interface DerivedField {
  field: string;
  from: string;
  derive: (text: string) => string;
}

const foldedForm = (from: string): DerivedField => ({ field: folded(from), from, derive: foldForSearch });

/** Every derived field of every index family the indexers write (core/indices.ts FOLDED_FIELDS names the folded ones). */
export const DERIVED_FIELDS = {
  documents: [foldedForm('title'), foldedForm('text')],
  sentences: [foldedForm('text')],
  claims: [foldedForm('text')],
  flags: [foldedForm('claimText')],
  statements: [foldedForm('text'), { field: 'shingles', from: 'text', derive: syllableShingles }],
} as const satisfies Partial<Record<keyof IndexNames, readonly DerivedField[]>>;

export type RefoldFamily = keyof typeof DERIVED_FIELDS;
export const REFOLD_FAMILIES = Object.keys(DERIVED_FIELDS) as RefoldFamily[];

export interface RefoldCounts {
  family: RefoldFamily;
  /** Whether the family's index exists (a deployment without statements has none). */
  exists: boolean;
  read: number;
  rewritten: number;
  /** Written again while this ran (a sequence-number conflict): left as the current code wrote it. */
  changedMeanwhile: number;
}

export interface RefoldOptions {
  pageSize?: number;
  /** Called after each page (awaited). */
  progress?: (counts: RefoldCounts) => void | Promise<void>;
}

const KEEP_ALIVE = '2m';

export async function refoldFamily(
  es: Client,
  names: IndexNames,
  family: RefoldFamily,
  options: RefoldOptions = {},
): Promise<RefoldCounts> {
  const alias = names[family];
  const fields: readonly DerivedField[] = DERIVED_FIELDS[family];
  const counts: RefoldCounts = { family, exists: false, read: 0, rewritten: 0, changedMeanwhile: 0 };
  if (!(await es.indices.exists({ index: alias }))) return counts;
  counts.exists = true;
  const size = options.pageSize ?? 1000;
  const pages = scanPages<Record<string, unknown>>(es, alias, KEEP_ALIVE, {
    size,
    sort: ['_shard_doc'],
    _source: [...new Set(fields.flatMap((f) => [f.from, f.field]))],
    seq_no_primary_term: true,
  });
  for await (const hits of pages) {
    const operations: (estypes.BulkOperationContainer | estypes.BulkUpdateAction)[] = [];
    for (const hit of hits) {
      counts.read += 1;
      const source = hit._source ?? {};
      const changes: Record<string, string> = {};
      for (const f of fields) {
        const text = source[f.from];
        if (typeof text !== 'string') continue;
        const want = f.derive(text);
        if (source[f.field] !== want) changes[f.field] = want;
      }
      if (Object.keys(changes).length === 0 || hit._seq_no === undefined || hit._primary_term === undefined) continue;
      operations.push(
        { update: { _index: hit._index, _id: hit._id, if_seq_no: hit._seq_no, if_primary_term: hit._primary_term } },
        { doc: changes },
      );
    }
    if (operations.length > 0) {
      const result = await es.bulk({ operations, refresh: false });
      for (const item of result.items) {
        const outcome = item.update;
        if (!outcome?.error) counts.rewritten += 1;
        else if (outcome.status === 409) counts.changedMeanwhile += 1;
        else
          throw new ItemError(`refold ${alias}: ${outcome._id ?? ''}: ${outcome.error.type}: ${outcome.error.reason ?? ''}`, {
            status: outcome.status,
            type: outcome.error.type,
            items: [outcome._id],
          });
      }
    }
    await options.progress?.({ ...counts });
  }
  await es.indices.refresh({ index: alias });
  return counts;
}

/** `refoldFamily` for each family, in order. */
export async function refoldIndices(
  es: Client,
  names: IndexNames,
  families: readonly RefoldFamily[] = REFOLD_FAMILIES,
  options: RefoldOptions = {},
): Promise<RefoldCounts[]> {
  const out: RefoldCounts[] = [];
  for (const family of families) out.push(await refoldFamily(es, names, family, options));
  return out;
}
