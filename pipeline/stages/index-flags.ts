/**
 * Stage `index-flags`: `flags` → Elasticsearch; a withdrawal deletes the claim's flag.
 */
import { foldForSearch } from '../../classifiers/text/normalize.js';
import type { SentinelConfig } from '../../core/config.js';
import { FlagEvent } from '../../core/contracts.js';
import { indexNames, type IndexNames } from '../../core/names.js';
import { SentinelError } from '../../core/errors.js';
import {
  type Client,
  ensureIndices,
  indexReceived,
  type Received,
  type Rejected,
  type RunningStage,
  startStage,
  type WritesFor,
} from '../../platform/index.js';
import { folded } from '../../core/indices.js';

/**
 * When each of these flags was first raised, as stored: a re-score writes the flag anew, createdAt
 * included, and `firstFlaggedAt` keeps the first time (alerts count by it). A flag stored before
 * the field was kept gives its createdAt, the earliest time known for it. Read before the write
 * (the test stack's Elasticsearch has no scripting for an upsert); a flag's events share a
 * partition, so one indexer at a time writes it.
 */
export async function storedFirstFlagged(es: Client, index: string, ids: readonly string[]): Promise<Map<string, string>> {
  const known = new Map<string, string>();
  const unique = [...new Set(ids)];
  if (unique.length === 0) return known;
  const response = await es.mget<{ firstFlaggedAt?: string; createdAt?: string }>({
    index,
    ids: unique,
    _source_includes: ['firstFlaggedAt', 'createdAt'],
  });
  for (const doc of response.docs) {
    // Not knowing when it was first raised would make an old flag new: the batch is tried again.
    if ('error' in doc) {
      const why = `${doc.error.type}: ${doc.error.reason ?? ''}`;
      throw new SentinelError('item-failed', `could not read flag ${doc._id} before writing it (${why})`, { retriable: true });
    }
    const first = doc.found ? (doc._source?.firstFlaggedAt ?? doc._source?.createdAt) : undefined;
    if (first !== undefined) known.set(doc._id, first);
  }
  return known;
}

/**
 * The writes of flag events, in order: a flag keeps the earliest first-flagged time known for it
 * (`firstFlagged`, updated as the batch goes); a withdrawal deletes it, so a flag raised again
 * after one starts afresh.
 */
export function flagWrites(names: IndexNames, firstFlagged = new Map<string, string>()): WritesFor<FlagEvent> {
  return (event, origin) => {
    if ('withdrawn' in event) {
      firstFlagged.delete(event.id);
      return [{ index: names.flags, id: event.id, origin, document: {}, delete: true }];
    }
    const stored = firstFlagged.get(event.id);
    // The earlier of the two: a replay of older events must not move the time forward.
    const firstFlaggedAt = stored !== undefined && Date.parse(stored) <= Date.parse(event.createdAt) ? stored : event.createdAt;
    firstFlagged.set(event.id, firstFlaggedAt);
    return [
      {
        index: names.flags,
        id: event.id,
        origin,
        document: { ...event, [folded('claimText')]: foldForSearch(event.claimText), firstFlaggedAt },
      },
    ];
  };
}

/** Writes a batch of flag events, reading first when each flag was first raised. */
export async function indexFlagEvents(es: Client, names: IndexNames, items: Received<FlagEvent>[]): Promise<Rejected[]> {
  const firstFlagged = await storedFirstFlagged(
    es,
    names.flags,
    items.map((item) => item.value.id),
  );
  return indexReceived(es, items, flagWrites(names, firstFlagged));
}

export async function startFlagIndexer(config: SentinelConfig, es: Client): Promise<RunningStage> {
  const names = indexNames(config.namespace);
  await ensureIndices(es, names);
  return startStage(config, {
    stage: 'index-flags',
    topic: (t) => t.flags,
    schema: FlagEvent,
    handle: (items) => indexFlagEvents(es, names, items),
  });
}
