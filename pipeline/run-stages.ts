/**
 * Which stages a process runs (`sentinel run --stages …`). Each stage is a consumer group, so
 * starting the same stage in more processes (up to the partition count) shares the work.
 */
import type { SentinelConfig } from '../core/config.js';
import type { Client } from './elasticsearch/client.js';
import type { RunningStage } from './kafka.js';
import { startClaimIndexer, startFlagIndexer } from './stages/claim-stages.js';
import { startDocumentIndexer } from './stages/document-indexer.js';

export const STAGE_GROUPS = {
  index: ['index-documents', 'index-claims', 'index-flags'],
} as const;

export type StageGroup = keyof typeof STAGE_GROUPS | 'all';

export function parseStageGroups(value: string): StageGroup[] {
  const known = ['all', ...Object.keys(STAGE_GROUPS)];
  const groups = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const g of groups) if (!known.includes(g)) throw new Error(`unknown stage group "${g}" (known: ${known.join(', ')})`);
  return groups as StageGroup[];
}

export async function startStages(config: SentinelConfig, es: Client, groups: StageGroup[]): Promise<RunningStage[]> {
  const wanted = new Set(groups.includes('all') ? (Object.keys(STAGE_GROUPS) as (keyof typeof STAGE_GROUPS)[]) : (groups as (keyof typeof STAGE_GROUPS)[]));
  const running: RunningStage[] = [];
  try {
    if (wanted.has('index')) {
      running.push(await startDocumentIndexer(config, es));
      running.push(await startClaimIndexer(config, es));
      running.push(await startFlagIndexer(config, es));
    }
  } catch (error) {
    await stopStages(running);
    throw error;
  }
  return running;
}

export async function stopStages(stages: RunningStage[]): Promise<void> {
  await Promise.all(stages.map((s) => s.stop()));
}
