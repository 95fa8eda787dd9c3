/**
 * `refold`: documents stored before the search's folding changed (one i/y spelling) get their
 * folded fields rewritten, so a search typed in the other spelling finds them; what the current
 * indexers wrote is left alone, and so is a document written again while the rewrite runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claim, Flag, OfficialStatement, SourceDocument } from '../../core/contracts.js';
import { documentIdFor, sha256Hex } from '../../core/ids.js';
import { folded, FOLDED_FIELDS } from '../../core/indices.js';
import { indexNames } from '../../core/names.js';
import { ensureStatementsIndex, indexStatements } from '../../classifiers/matching/index.js';
import { foldDiacritics } from '../../classifiers/text/normalize.js';
import { searchSentences } from '../../dashboards/sentence-search.js';
import { createElasticsearchClient, deleteIndices, ensureIndices, indexReceived } from '../../platform/index.js';
import { handleDocuments } from '../../pipeline/stages/index-documents.js';
import { claimWrites } from '../../pipeline/stages/index-claims.js';
import { flagWrites } from '../../pipeline/stages/index-flags.js';
import { DERIVED_FIELDS, REFOLD_FAMILIES, refoldIndices, type RefoldFamily } from '../../pipeline/refold.js';
import { isolatedConfig } from '../helpers.js';

const config = isolatedConfig('refold');
const names = indexNames(config.namespace);
const es = createElasticsearchClient(config);

const URL_ = 'https://bao.example.vn/an-ninh-ky-thi';
const TEXT =
  'Công an tỉnh bảo đảm an ninh kỳ thi tốt nghiệp năm nay. Hai chiến sỹ hy sinh khi truy bắt tội phạm. Thiệt hại ước tính 2 tỷ đồng.';
const DOC: SourceDocument = {
  id: documentIdFor(URL_),
  url: URL_,
  canonicalUrl: URL_,
  sourceId: 'bao',
  sourceKind: 'news',
  outlet: 'Báo',
  title: 'Bảo đảm an ninh kỳ thi',
  text: TEXT,
  publishedAt: '2025-06-25T08:30:00.000Z',
  fetchedAt: '2025-06-25T09:00:00.000Z',
  language: 'vi',
  contentHash: sha256Hex(TEXT),
};
/** Ranks first for "ki thi tot nghiep" while the "kỳ thi" sentence's folded form is "ky thi". */
const OTHER_TEXT = 'Kết quả thi tốt nghiệp được công bố sớm.';
const OTHER_DOC: SourceDocument = {
  ...DOC,
  id: documentIdFor(`${URL_}-ket-qua`),
  url: `${URL_}-ket-qua`,
  canonicalUrl: `${URL_}-ket-qua`,
  title: 'Kết quả thi',
  text: OTHER_TEXT,
  contentHash: sha256Hex(OTHER_TEXT),
};
const CLAIM: Claim = {
  id: 'claim-ky-thi',
  documentId: DOC.id,
  sentenceIndex: 0,
  text: 'Công an tỉnh bảo đảm an ninh kỳ thi tốt nghiệp năm nay.',
  url: URL_,
  sourceId: 'bao',
  sourceKind: 'news',
  outlet: 'Báo',
  publishedAt: DOC.publishedAt,
  checkWorthiness: 0.7,
  entities: [],
  topics: [],
};
const FLAG: Flag = {
  id: 'flag-ky-thi',
  claimId: CLAIM.id,
  claimText: 'Kỳ thi tốt nghiệp bị hoãn vì lý do an ninh.',
  url: URL_,
  sourceId: 'bao',
  sourceKind: 'news',
  publishedAt: DOC.publishedAt,
  score: 0.8,
  signals: [],
  matches: [],
  topics: [],
  createdAt: '2025-06-25T09:00:00.000Z',
};
const STATEMENT: OfficialStatement = {
  id: 'tb-ky-thi',
  agency: 'Công an tỉnh',
  title: 'Kỳ thi tốt nghiệp',
  text: 'Công an tỉnh bảo đảm an ninh cho kỳ thi tốt nghiệp trung học phổ thông.',
  url: 'https://congan.example.gov.vn/ky-thi',
  publishedAt: '2025-06-24T02:00:00.000Z',
  fetchedAt: '2025-06-24T03:00:00.000Z',
  version: 1,
  contentHash: sha256Hex('tb-ky-thi'),
};

const received = <T>(value: T, key: string) => [{ value, key, partition: 0, offset: '0' }];

/**
 * Every document of a family with its folded fields as an index written before 2026-12-04 holds
 * them (no i/y spelling); how many that changes.
 */
async function foldTheOldWay(family: RefoldFamily, fields: Record<string, string>): Promise<number> {
  const alias = names[family];
  const hits = (await es.search<Record<string, unknown>>({ index: alias, size: 100 })).hits.hits;
  let changed = 0;
  for (const hit of hits) {
    const doc = Object.fromEntries(
      Object.entries(fields).map(([field, from]) => [field, foldDiacritics(String(hit._source?.[from] ?? ''))]),
    );
    if (Object.entries(doc).some(([field, value]) => hit._source?.[field] !== value)) changed += 1;
    await es.update({ index: hit._index, id: hit._id as string, doc });
  }
  await es.indices.refresh({ index: alias });
  return changed;
}

/** Whether a search typed "ki thi tot nghiep" puts the stored "kỳ thi" sentence first. */
const foundInTheOtherSpelling = async (): Promise<boolean> =>
  (await searchSentences(es, names, 'ki thi tot nghiep', 3)).hits[0]?.text === 'Công an tỉnh bảo đảm an ninh kỳ thi tốt nghiệp năm nay.';

describe('Pipeline > refold: folded fields rewritten the way the current version folds', () => {
  beforeAll(async () => {
    await ensureIndices(es, names);
    await ensureStatementsIndex(es, names);
    expect(await handleDocuments(es, names, [...received(DOC, DOC.id), ...received(OTHER_DOC, OTHER_DOC.id)])).toEqual([]);
    expect(await indexReceived(es, received(CLAIM, CLAIM.id), claimWrites(names))).toEqual([]);
    expect(await indexReceived(es, received(FLAG, FLAG.id), flagWrites(names))).toEqual([]);
    expect((await indexStatements(es, names, [STATEMENT])).rejected).toEqual([]);
    await es.indices.refresh({ index: Object.values(names).filter((n) => n !== names.reviews && n !== names.users) });
  });
  afterAll(async () => {
    await deleteIndices(es, names);
    await es.close();
  });

  it('finds nothing to rewrite in what the current indexers wrote', async () => {
    const counts = await refoldIndices(es, names);
    expect(counts.map((c) => [c.family, c.exists, c.rewritten, c.changedMeanwhile])).toEqual(
      REFOLD_FAMILIES.map((family) => [family, true, 0, 0]),
    );
    expect(counts.every((c) => c.read > 0)).toBe(true);
    expect(await foundInTheOtherSpelling()).toBe(true);
  });

  it('rewrites documents folded the old way, a page at a time, so the other spelling finds them again; a second run rewrites nothing', async () => {
    const old = {
      documents: await foldTheOldWay('documents', { [folded('title')]: 'title', [folded('text')]: 'text' }),
      sentences: await foldTheOldWay('sentences', { [folded('text')]: 'text' }),
      claims: await foldTheOldWay('claims', { [folded('text')]: 'text' }),
      flags: await foldTheOldWay('flags', { [folded('claimText')]: 'claimText' }),
      statements: await foldTheOldWay('statements', { [folded('text')]: 'text' }),
    };
    expect(old.sentences).toBe(3);
    expect(await foundInTheOtherSpelling()).toBe(false);
    const pages: number[] = [];
    const counts = await refoldIndices(es, names, REFOLD_FAMILIES, {
      pageSize: 1,
      progress: (c) => {
        if (c.family === 'sentences') pages.push(c.read);
      },
    });
    expect(Object.fromEntries(counts.map((c) => [c.family, c.rewritten]))).toEqual(old);
    expect(pages).toEqual([1, 2, 3, 4]);
    expect(await foundInTheOtherSpelling()).toBe(true);
    expect((await refoldIndices(es, names)).map((c) => c.rewritten)).toEqual(REFOLD_FAMILIES.map(() => 0));
  });

  it('leaves a document written again while it runs as it was written', async () => {
    await foldTheOldWay('sentences', { [folded('text')]: 'text' });
    let rewrittenMeanwhile = false;
    const [counts] = await refoldIndices(es, names, ['sentences'], {
      pageSize: 1,
      progress: async () => {
        if (rewrittenMeanwhile) return;
        rewrittenMeanwhile = true;
        // The indexer writes the document again after the first page: its sentences change under the rewrite.
        expect(await handleDocuments(es, names, received(DOC, DOC.id))).toEqual([]);
      },
    });
    expect(counts?.read).toBe(4);
    // The three sentences in the old spelling: at most the first page's was rewritten before the indexer wrote them again.
    expect((counts?.rewritten ?? 0) + (counts?.changedMeanwhile ?? 0)).toBe(3);
    expect(counts?.changedMeanwhile).toBeGreaterThanOrEqual(2);
    expect(await foundInTheOtherSpelling()).toBe(true);
  });

  it('rewrites every folded field the indexers write, and only the families that have one', () => {
    const foldedOf = (fields: readonly { field: string }[]) => fields.map((f) => f.field).filter((f) => f.endsWith('_folded'));
    expect(Object.fromEntries(REFOLD_FAMILIES.map((family) => [family, foldedOf(DERIVED_FIELDS[family])]))).toEqual(
      Object.fromEntries(Object.entries(FOLDED_FIELDS).filter(([, fields]) => fields.length > 0)),
    );
  });

  it('says so for a family whose index does not exist', async () => {
    const [counts] = await refoldIndices(es, indexNames(`${config.namespace}none.`), ['statements']);
    expect(counts).toEqual({ family: 'statements', exists: false, read: 0, rewritten: 0, changedMeanwhile: 0 });
  });
});
