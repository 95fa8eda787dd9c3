/**
 * Stage `index-flags`: `flags` → Elasticsearch; a withdrawal deletes the claim's flag.
 */
import { foldDiacritics } from '../../classifiers/text/normalize.js';
import type { SentinelConfig } from '../../core/config.js';
import { FlagEvent } from '../../core/contracts.js';
import { indexNames, type IndexNames } from '../../core/names.js';
import { type Client, ensureIndices, indexReceived, type RunningStage, startStage, type WritesFor } from '../../platform/index.js';
import { folded } from '../../core/indices.js';

export function flagWrites(names: IndexNames): WritesFor<FlagEvent> {
  return (event, origin) =>
    'withdrawn' in event
      ? [{ index: names.flags, id: event.id, origin, document: {}, delete: true }]
      : [{ index: names.flags, id: event.id, origin, document: { ...event, [folded('claimText')]: foldDiacritics(event.claimText) } }];
}

export async function startFlagIndexer(config: SentinelConfig, es: Client): Promise<RunningStage> {
  const names = indexNames(config.namespace);
  await ensureIndices(es, names);
  return startStage(config, {
    stage: 'index-flags',
    topic: (t) => t.flags,
    schema: FlagEvent,
    handle: (items) => indexReceived(es, items, flagWrites(names)),
  });
}
