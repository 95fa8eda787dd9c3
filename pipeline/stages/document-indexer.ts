/**
 * Stage `index-documents`: `documents.raw` → Elasticsearch (documents + their sentences).
 * Every write is keyed by a deterministic id, so replays and duplicate messages are harmless.
 */
import { splitSentences } from '../../classifiers/text/sentences.js';
import { foldDiacritics } from '../../classifiers/text/normalize.js';
import type { SentinelConfig } from '../../core/config.js';
import { SourceDocument, type DocumentSentence } from '../../core/contracts.js';
import { sentenceIdFor } from '../../core/ids.js';
import { createLogger } from '../../core/logger.js';
import { indexNames, topicNames } from '../../core/topics.js';
import { bulkIndex, type BulkDoc } from '../elasticsearch/bulk.js';
import type { Client } from '../elasticsearch/client.js';
import { ensureIndices } from '../elasticsearch/indices.js';
import { createKafka, ensureTopics, runStage, type Received, type Rejected, type RunningStage } from '../kafka.js';

export const STAGE = 'index-documents';

export function sentencesOf(doc: SourceDocument): DocumentSentence[] {
  return splitSentences(doc.text).map((s, position) => ({
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

interface Origin {
  partition: number;
  offset: string;
}

export function documentWrites(doc: SourceDocument, origin: Origin, names: ReturnType<typeof indexNames>): BulkDoc<Origin>[] {
  const writes: BulkDoc<Origin>[] = [
    { index: names.documents, id: doc.id, origin, document: { ...doc, title_folded: foldDiacritics(doc.title), text_folded: foldDiacritics(doc.text) } },
  ];
  for (const sentence of sentencesOf(doc)) {
    writes.push({ index: names.sentences, id: sentence.id, origin, document: { ...sentence, text_folded: foldDiacritics(sentence.text) } });
  }
  return writes;
}

export async function handleDocuments(es: Client, names: ReturnType<typeof indexNames>, items: Received<SourceDocument>[]): Promise<Rejected[]> {
  const writes = items.flatMap((item) => documentWrites(item.value, { partition: item.partition, offset: item.offset }, names));
  const rejections = await bulkIndex(es, writes);
  // One rejected write rejects its whole message: the dead letter keeps the original payload.
  const byOffset = new Map<string, Rejected>();
  for (const r of rejections) {
    const key = `${r.origin.partition}:${r.origin.offset}`;
    if (!byOffset.has(key)) byOffset.set(key, { partition: r.origin.partition, offset: r.origin.offset, reason: `Elasticsearch rejected the document (${r.status}): ${r.reason}`, raw: null });
  }
  return [...byOffset.values()];
}

export async function startDocumentIndexer(config: SentinelConfig, es: Client): Promise<RunningStage> {
  const logger = createLogger(STAGE);
  const topics = topicNames(config.namespace);
  const names = indexNames(config.namespace);
  const kafka = createKafka(config, `sentinel-${STAGE}`, logger);
  await ensureTopics(kafka, topics);
  await ensureIndices(es, names);
  return runStage({
    kafka,
    stage: STAGE,
    groupId: `${config.namespace}sentinel-${STAGE}`,
    topic: topics.documentsRaw,
    topics,
    schema: SourceDocument,
    logger,
    handle: (items) => handleDocuments(es, names, items),
  });
}
