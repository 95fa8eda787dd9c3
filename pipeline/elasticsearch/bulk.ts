import type { estypes } from '@elastic/elasticsearch';
import { SentinelError } from '../../core/errors.js';
import type { Client } from './client.js';

export interface BulkDoc<Origin> {
  index: string;
  id: string;
  document: object;
  /** Remove the document with this id instead of writing one (a missing one is not an error). */
  delete?: boolean;
  /** What produced this write (e.g. the Kafka offset), so a rejected write can be traced back. */
  origin: Origin;
}

export interface BulkRejection<Origin> {
  origin: Origin;
  status: number;
  reason: string;
}

/**
 * Writes by deterministic id (index = create or overwrite), so a replay writes the same
 * documents again instead of adding new ones. Rejections of the document itself (4xx) are
 * returned; overload and server errors (429, 5xx) throw a retriable error so the whole
 * batch is tried again and nothing is committed before it is stored.
 */
export interface BulkLimits {
  /** Documents per request (the bulk helper's habit: a few MB, a few thousand actions). */
  maxDocs: number;
  maxBytes: number;
}

export const DEFAULT_BULK_LIMITS: BulkLimits = { maxDocs: 2_000, maxBytes: 5 * 1024 * 1024 };

/** Splits writes into requests bounded by count and by serialized bytes. */
export function chunkWrites<T extends { document: object }>(docs: T[], limits: BulkLimits = DEFAULT_BULK_LIMITS): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const doc of docs) {
    const size = Buffer.byteLength(JSON.stringify(doc.document)) + 64;
    if (current.length > 0 && (current.length >= limits.maxDocs || bytes + size > limits.maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(doc);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export async function bulkIndex<Origin>(client: Client, docs: BulkDoc<Origin>[], refresh: estypes.Refresh = false, limits = DEFAULT_BULK_LIMITS): Promise<BulkRejection<Origin>[]> {
  const rejections: BulkRejection<Origin>[] = [];
  // Sequential on purpose: a retriable failure of one chunk retries the batch, and the chunks
  // already stored are simply overwritten with the same content.
  for (const chunk of chunkWrites(docs, limits)) rejections.push(...(await bulkChunk(client, chunk, refresh)));
  return rejections;
}

async function bulkChunk<Origin>(client: Client, docs: BulkDoc<Origin>[], refresh: estypes.Refresh): Promise<BulkRejection<Origin>[]> {
  if (docs.length === 0) return [];
  const operations = docs.flatMap((d) => (d.delete ? [{ delete: { _index: d.index, _id: d.id } }] : [{ index: { _index: d.index, _id: d.id } }, d.document]));
  const response = await client.bulk({ operations, refresh });
  if (!response.errors) return [];
  const rejections: BulkRejection<Origin>[] = [];
  response.items.forEach((item, i) => {
    const result = item.index ?? item.delete;
    const doc = docs[i];
    if (!result?.error || !doc) return;
    if (result.status === 429 || result.status >= 500) {
      throw new SentinelError(`Elasticsearch could not take the batch now (${result.status} ${result.error.type}); it will be retried`);
    }
    rejections.push({ origin: doc.origin, status: result.status, reason: `${result.error.type}: ${result.error.reason ?? ''}` });
  });
  return rejections;
}
