/**
 * Which stages a process runs (`sentinel run --stages …`). Each stage is a consumer group, so
 * starting the same stage in more processes (up to the partition count) shares the work.
 *
 *   claims: documents.raw → extract-claims → claims
 *   match:  claims → score-claims (statements index, stance, score) → flags
 *   index:  documents.raw, statements.raw, claims, flags → Elasticsearch
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { SentinelConfig } from '../core/config.js';
import { SentinelError } from '../core/errors.js';
import { topicNames, type TopicNames } from '../core/names.js';
import { type Client, committedThrough, createKafka, type RunningStage, stageGroupId } from '../platform/index.js';
import { startClaimIndexer } from './stages/index-claims.js';
import { startDefaultClaimExtractor } from './stages/extract-claims.js';
import { startDefaultClaimScorer } from './stages/score-claims.js';
import { startFlagIndexer } from './stages/index-flags.js';
import { startDocumentIndexer } from './stages/index-documents.js';
import { startStatementIndexer } from './stages/index-statements.js';

export const STAGE_GROUPS = {
  claims: ['extract-claims'],
  match: ['score-claims'],
  index: ['index-documents', 'index-statements', 'index-claims', 'index-flags'],
} as const;

export type StageGroup = keyof typeof STAGE_GROUPS | 'all';

const STARTERS: Record<
  (typeof STAGE_GROUPS)[keyof typeof STAGE_GROUPS][number],
  (config: SentinelConfig, es: Client) => Promise<RunningStage>
> = {
  'extract-claims': (config) => startDefaultClaimExtractor(config),
  'score-claims': startDefaultClaimScorer,
  'index-documents': startDocumentIndexer,
  'index-statements': startStatementIndexer,
  'index-claims': startClaimIndexer,
  'index-flags': startFlagIndexer,
};

export function parseStageGroups(value: string): StageGroup[] {
  const known = ['all', ...Object.keys(STAGE_GROUPS)];
  const groups = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (groups.length === 0) throw new SentinelError('stage-group-unknown', `no stage group given (known: ${known.join(', ')})`);
  for (const g of groups)
    if (!known.includes(g)) throw new SentinelError('stage-group-unknown', `unknown stage group "${g}" (known: ${known.join(', ')})`);
  return groups as StageGroup[];
}

export function stagesOf(groups: StageGroup[]): string[] {
  const wanted = groups.includes('all')
    ? (Object.keys(STAGE_GROUPS) as (keyof typeof STAGE_GROUPS)[])
    : (groups as (keyof typeof STAGE_GROUPS)[]);
  return [...new Set(wanted.flatMap((g) => STAGE_GROUPS[g]))];
}

export async function startStages(config: SentinelConfig, es: Client, groups: StageGroup[]): Promise<RunningStage[]> {
  const running: RunningStage[] = [];
  try {
    for (const stage of stagesOf(groups)) running.push(await STARTERS[stage as keyof typeof STARTERS](config, es));
  } catch (error) {
    await stopStages(running);
    throw error;
  }
  return running;
}

export async function stopStages(stages: RunningStage[]): Promise<void> {
  await Promise.all(stages.map((s) => s.stop()));
}

/** What each stage reads, upstream stages first (index-statements feeds `claims` when it re-scores). */
export const STAGE_INPUTS: [stage: string, topic: keyof TopicNames][] = [
  ['index-documents', 'documentsRaw'],
  ['extract-claims', 'documentsRaw'],
  ['index-statements', 'statementsRaw'],
  ['index-claims', 'claims'],
  ['score-claims', 'claims'],
  ['index-flags', 'flags'],
];

/**
 * Resolves when every stage's consumer group has committed the end of its input topic, in
 * topological order, so nothing produced upstream is still on its way. Commits come after the
 * effects are stored: after this, Elasticsearch holds everything (once refreshed).
 */
export async function waitUntilDrained(
  config: SentinelConfig,
  options: { timeoutMs?: number; pollMs?: number; stages?: readonly string[] } = {},
): Promise<void> {
  const { timeoutMs = 120_000, pollMs = 250, stages = STAGE_INPUTS.map(([stage]) => stage) } = options;
  const topics = topicNames(config.namespace);
  const admin = createKafka(config, 'sentinel-drain-probe').admin();
  await admin.connect();
  const deadline = Date.now() + timeoutMs;
  try {
    for (const [stage, input] of STAGE_INPUTS.filter(([name]) => stages.includes(name))) {
      const topic = topics[input];
      const groupId = stageGroupId(config, stage);
      for (;;) {
        if (await committedThrough(admin, groupId, topic)) break;
        if (Date.now() > deadline)
          throw new SentinelError(
            'stage-not-caught-up',
            `stage ${stage} has not caught up on ${topic} after ${Math.round(timeoutMs / 1000)} s (is it running?)`,
            { stage },
          );
        await sleep(pollMs);
      }
    }
  } finally {
    await admin.disconnect();
  }
}
