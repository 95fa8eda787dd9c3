import type { estypes } from '@elastic/elasticsearch';
import { SentinelError } from '../../core/errors.js';
import type { Client } from './client.js';

export interface BulkDoc<Origin> {
  index: string;
  id: string;
  document: object;
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
export async function bulkIndex<Origin>(client: Client, docs: BulkDoc<Origin>[], refresh: estypes.Refresh = false): Promise<BulkRejection<Origin>[]> {
  if (docs.length === 0) return [];
  const operations = docs.flatMap((d) => [{ index: { _index: d.index, _id: d.id } }, d.document]);
  const response = await client.bulk({ operations, refresh });
  if (!response.errors) return [];
  const rejections: BulkRejection<Origin>[] = [];
  response.items.forEach((item, i) => {
    const result = item.index;
    const doc = docs[i];
    if (!result?.error || !doc) return;
    if (result.status === 429 || result.status >= 500) {
      throw new SentinelError(`Elasticsearch could not take the batch now (${result.status} ${result.error.type}); it will be retried`);
    }
    rejections.push({ origin: doc.origin, status: result.status, reason: `${result.error.type}: ${result.error.reason ?? ''}` });
  });
  return rejections;
}
