import type { estypes } from '@elastic/elasticsearch';
import { ItemError } from '../../core/errors.js';
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
 * returned; overload and server errors (429, 5xx) throw a retriable ItemError naming the
 * origins of the writes refused, so the batch is tried again and nothing is committed before
 * it is stored.
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

/**
 * Writes through the client's bulk helper, which serialises once, flushes by bytes and retries
 * the documents Elasticsearch answers 429 for. Chunks also stop at `maxDocs`, and go one at a
 * time (concurrency 1): a withdrawal (delete) and a new flag of the same id in one batch must
 * reach Elasticsearch in order. A write that is still refused for overload or a server error
 * after the helper's retries fails the whole batch with a retriable ItemError that names the
 * origins of those writes, so the stage tries again, charges the tries to those messages and
 * commits nothing; a write refused for itself (4xx) is returned with its origin.
 */
export async function bulkIndex<Origin>(
  client: Client,
  docs: BulkDoc<Origin>[],
  refresh: estypes.Refresh = false,
  limits = DEFAULT_BULK_LIMITS,
): Promise<BulkRejection<Origin>[]> {
  const rejections: BulkRejection<Origin>[] = [];
  for (const chunk of chunkWrites(docs, limits)) rejections.push(...(await bulkChunk(client, chunk, refresh, limits)));
  return rejections;
}

const keyOf = (index: string, id: string): string => `${index}\u0000${id}`;

async function bulkChunk<Origin>(
  client: Client,
  docs: BulkDoc<Origin>[],
  refresh: estypes.Refresh,
  limits: BulkLimits,
): Promise<BulkRejection<Origin>[]> {
  if (docs.length === 0) return [];
  // The helper reports a dropped write by its action (index and id): that finds its origins again.
  const origins = new Map<string, Origin[]>();
  for (const d of docs) {
    const key = keyOf(d.index, d.id);
    origins.set(key, [...(origins.get(key) ?? []), d.origin]);
  }
  const rejections: BulkRejection<Origin>[] = [];
  const overloaded: { status: number; type: string; reason: string; origins: Origin[] }[] = [];
  await client.helpers.bulk<BulkDoc<Origin>>({
    datasource: docs,
    onDocument: (d) => (d.delete ? { delete: { _index: d.index, _id: d.id } } : [{ index: { _index: d.index, _id: d.id } }, d.document]),
    flushBytes: limits.maxBytes,
    concurrency: 1,
    retries: 3,
    wait: 1_000,
    refresh,
    onDrop: (dropped) => {
      const [kind, action = {}] =
        Object.entries(dropped.operation as unknown as Record<string, { _index?: string; _id?: string }>)[0] ?? [];
      // Deleting what is not there is done already (a withdrawal replayed, or of a flag never indexed).
      if (kind === 'delete' && dropped.status === 404) return;
      const from = origins.get(keyOf(action._index ?? '', action._id ?? '')) ?? [];
      if (dropped.status === 429 || dropped.status >= 500) {
        // After the helper's own retries of a 429 it reports no error body, only the status.
        overloaded.push({
          status: dropped.status,
          type: dropped.error?.type ?? (dropped.status === 429 ? 'too_many_requests' : 'server_error'),
          reason: dropped.error?.reason ?? '',
          origins: from,
        });
        return;
      }
      for (const origin of from) {
        rejections.push({ origin, status: dropped.status, reason: `${dropped.error?.type ?? 'error'}: ${dropped.error?.reason ?? ''}` });
      }
    },
  });
  const first = overloaded[0];
  if (first !== undefined) {
    throw new ItemError(
      `Elasticsearch could not take ${overloaded.length} of the batch's writes now (${first.status} ${first.type}${first.reason ? `: ${first.reason}` : ''}); they will be retried`,
      {
        status: first.status,
        type: first.type,
        items: overloaded.flatMap((o) => o.origins),
      },
    );
  }
  return rejections;
}
