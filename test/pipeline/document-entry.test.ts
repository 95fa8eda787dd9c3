import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractTopicalClaims } from '../../classifiers/claims/topical-claims.js';
import { topicIds } from '../../classifiers/topics/index.js';
import type { SourceDocument } from '../../core/contracts.js';
import { documentIdFor, sha256Hex } from '../../core/ids.js';
import { indexNames } from '../../core/names.js';
import { extractArticle } from '../../crawlers/index.js';
import { prepareDocument, preparingPublisher, preparingSink } from '../../pipeline/document-entry.js';
import { documentWrites } from '../../pipeline/stages/index-documents.js';

const PAGES = join(import.meta.dirname, '../../crawlers/demo-site/pages/tin-tuc');
const names = indexNames('entry-test-');
const origin = { partition: 0, offset: '0' };

function demoDocument(file: string): SourceDocument {
  const url = `http://127.0.0.1:18081/tin-tuc/${file}`;
  const article = extractArticle(readFileSync(join(PAGES, file), 'utf8'), url);
  if (article === null) throw new Error(`no article in ${file}`);
  return {
    id: documentIdFor(url),
    url,
    canonicalUrl: url,
    sourceId: 'demo',
    sourceKind: 'news',
    outlet: 'Demo',
    title: article.title,
    text: article.text,
    publishedAt: article.publishedAt,
    fetchedAt: '2026-01-01T00:00:00.000Z',
    language: 'vi',
    contentHash: sha256Hex(article.text),
  };
}

describe('Pipeline > a document prepared once where it enters', () => {
  const files = ['canh-bao-lua-dao-gia-danh-cong-an.html', 'tin-don-nang-cap-vneid.html', 'tong-ket-ra-quan-xu-ly-vi-pham-giao-thong.html'];

  it('carries its sentences and topics, and both stages read the same from them as from the bare text', () => {
    for (const file of files) {
      const bare = demoDocument(file);
      const prepared = prepareDocument(bare);
      expect(prepared.sentences?.length).toBeGreaterThan(3);
      expect(prepared.topics).toEqual(topicIds(`${bare.title}\n${bare.text}`));
      expect(extractTopicalClaims(prepared)).toEqual(extractTopicalClaims(bare));
      expect(documentWrites(prepared, origin, names)).toEqual(documentWrites(bare, origin, names));
    }
  });

  it('uses the carried sentences (the split is not done again) and never indexes the offsets', () => {
    const prepared = prepareDocument(demoDocument(files[0] as string));
    // Drop the last sentence from the offsets: a stage that split afresh would still index it.
    const fewer = { ...prepared, sentences: prepared.sentences?.slice(0, -1) };
    const writes = documentWrites(fewer, origin, names);
    expect(writes.filter((w) => w.index === names.sentences)).toHaveLength((prepared.sentences?.length ?? 0) - 1);
    expect(writes.find((w) => w.index === names.documents)?.document).not.toHaveProperty('sentences');
  });

  it('prepares what the crawl sink and the tipline publisher send, and nothing else', async () => {
    const sent: SourceDocument[] = [];
    const statements: unknown[] = [];
    const sink = preparingSink({
      document: async (doc: SourceDocument) => void sent.push(doc),
      statement: async (s: unknown) => void statements.push(s),
    });
    const publisher = preparingPublisher({ publish: async (doc) => void sent.push(doc), close: async () => undefined });
    const bare = demoDocument(files[1] as string);
    await sink.document(bare);
    await publisher.publish(bare);
    expect(sent).toEqual([prepareDocument(bare), prepareDocument(bare)]);
    expect(sent[0]?.sentences).toEqual(prepareDocument(bare).sentences);
    expect(statements).toEqual([]);
  });
});
