/**
 * Stage `score-claims`: `claims` → matched against official statements, scored, put to the flag
 * policy → one event per claim on `flags` (its flag, or the withdrawal of an earlier one).
 *
 * Matching and scoring are injected, so the stage is only Kafka plumbing around them.
 */
import {
  type ClaimMatcher,
  ensureStatementsIndex,
  matchForClaims,
  STAGE_MATCHING,
  statementMatcher,
} from '../../classifiers/matching/index.js';
import { flagFor } from '../../classifiers/scoring/flag-policy.js';
import { scoreClaim } from '../../classifiers/scoring/misinformation.js';
import type { SentinelConfig } from '../../core/config.js';
import { Claim, FlagWithdrawal, type FlagEvent, type Match, type Signal } from '../../core/contracts.js';
import { ItemError } from '../../core/errors.js';
import { indexNames, topicNames } from '../../core/names.js';
import { type Client, type RunningStage, startStage, withProducer } from '../../platform/index.js';

/** A claim's score, what its text earns alone (`textScore`, for text-only flags), and the signals behind them. */
export type ClaimScorer = (claim: Claim, matches: Match[]) => { score: number; textScore?: number; signals: Signal[] };

export async function startClaimScorer(
  config: SentinelConfig,
  deps: { match: ClaimMatcher; score: ClaimScorer },
  es?: Client,
): Promise<RunningStage> {
  const topics = topicNames(config.namespace);
  // Matching searches the statements index: it must exist before the first claim arrives.
  if (es) await ensureStatementsIndex(es, indexNames(config.namespace));
  return withProducer(config, 'sentinel-score-claims', (send) =>
    startStage(config, {
      stage: 'score-claims',
      topic: (t) => t.claims,
      // index-claims dead-letters what does not decode on claims.
      poison: 'skip',
      schema: Claim,
      // Matching is the heaviest step: small slices keep heartbeats flowing.
      maxItemsPerHandle: STAGE_MATCHING.sliceSize,
      handle: async (items) => {
        const claims = items.map((i) => i.value);
        const matches = await matchForClaims(deps.match, claims).catch((error: unknown) => {
          // A failed search names its claim; the stage charges the messages that carried it.
          throw error instanceof ItemError ? error.about(items.filter((i) => error.items.includes(i.value.id))) : error;
        });
        const now = new Date();
        // One event per claim: its flag, or the withdrawal of a flag an earlier score raised
        // (keyed by document, so both land on one partition, in order).
        const flags = claims.map((claim, i) => {
          const found = matches[i] ?? [];
          const scored = deps.score(claim, found);
          const flag = flagFor(claim, found, scored, now);
          const value: FlagEvent =
            flag ?? FlagWithdrawal.parse({ id: claim.id, claimId: claim.id, withdrawn: true, score: scored.score, at: now.toISOString() });
          return { key: claim.documentId, value };
        });
        await send(topics.flags, flags);
        return [];
      },
    }),
  );
}

export function startDefaultClaimScorer(config: SentinelConfig, es: Client): Promise<RunningStage> {
  return startClaimScorer(
    config,
    { match: statementMatcher(es, indexNames(config.namespace)), score: (claim, matches) => scoreClaim(claim, matches) },
    es,
  );
}
