/**
 * Stage `index-documents`: `documents.raw` → Elasticsearch (documents + their sentences).
 */
import { foldForSearch } from '../../classifiers/text/normalize.js';
import { documentSentences } from '../../classifiers/text/sentences.js';
import { documentTopics } from '../../classifiers/topics/index.js';
import type { SentinelConfig } from '../../core/config.js';
import { SourceDocument, type DocumentSentence } from '../../core/contracts.js';
import { sentenceIdFor } from '../../core/ids.js';
import { indexNames, type IndexNames } from '../../core/names.js';
import {
  type BulkDoc,
  type Client,
  ensureIndices,
  indexReceived,
  type Origin,
  type Received,
  type Rejected,
  type RunningStage,
  startStage,
} from '../../platform/index.js';
import { folded } from '../../core/indices.js';

export const STAGE = 'index-documents';

export function sentencesOf(doc: SourceDocument): DocumentSentence[] {
  return documentSentences(doc).map((s, position) => ({
    id: sentenceIdFor(doc.id, position),
    documentId: doc.id,
    position,
    text: s.text,
    url: doc.canonicalUrl,
    sourceId: doc.sourceId,
    sourceKind: doc.sourceKind,
    publishedAt: doc.publishedAt,
  }));
}

export function documentWrites(doc: SourceDocument, origin: Origin, names: IndexNames): BulkDoc<Origin>[] {
  // The sentence offsets serve the stages; the sentences are indexed as documents of their own.
  const { sentences: _offsets, ...stored } = doc;
  const writes: BulkDoc<Origin>[] = [
    // Topics at the document level too: the supervisors' charts and the search filter by them.
    {
      index: names.documents,
      id: doc.id,
      origin,
      document: {
        ...stored,
        topics: documentTopics(doc),
        [folded('title')]: foldForSearch(doc.title),
        [folded('text')]: foldForSearch(doc.text),
      },
    },
  ];
  for (const sentence of sentencesOf(doc)) {
    writes.push({
      index: names.sentences,
      id: sentence.id,
      origin,
      document: { ...sentence, [folded('text')]: foldForSearch(sentence.text) },
    });
  }
  return writes;
}

export function handleDocuments(es: Client, names: IndexNames, items: Received<SourceDocument>[]): Promise<Rejected[]> {
  return indexReceived(es, items, (doc, origin) => documentWrites(doc, origin, names));
}

export async function startDocumentIndexer(config: SentinelConfig, es: Client): Promise<RunningStage> {
  const names = indexNames(config.namespace);
  await ensureIndices(es, names);
  return startStage(config, {
    stage: STAGE,
    topic: (t) => t.documentsRaw,
    schema: SourceDocument,
    handle: (items) => handleDocuments(es, names, items),
  });
}
