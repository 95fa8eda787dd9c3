/**
 * Stage `index-claims`: `claims` → Elasticsearch, with a diacritics-free copy of the text.
 */
import { foldForSearch } from '../../classifiers/text/normalize.js';
import type { SentinelConfig } from '../../core/config.js';
import { Claim } from '../../core/contracts.js';
import { indexNames, type IndexNames } from '../../core/names.js';
import { type Client, ensureIndices, indexReceived, type RunningStage, startStage } from '../../platform/index.js';
import { folded } from '../../core/indices.js';

export function claimWrites(names: IndexNames) {
  return (claim: Claim, origin: { partition: number; offset: string }) => [
    { index: names.claims, id: claim.id, origin, document: { ...claim, [folded('text')]: foldForSearch(claim.text) } },
  ];
}

export async function startClaimIndexer(config: SentinelConfig, es: Client): Promise<RunningStage> {
  const names = indexNames(config.namespace);
  await ensureIndices(es, names);
  return startStage(config, {
    stage: 'index-claims',
    topic: (t) => t.claims,
    schema: Claim,
    handle: (items) => indexReceived(es, items, claimWrites(names)),
  });
}
