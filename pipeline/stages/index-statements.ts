/**
 * Stage `index-statements`: `statements.raw` → the statements index (one document per passage,
 * by deterministic id), then a second look at the claims already indexed.
 *
 * A rumour usually spreads before its rebuttal is published, so the claims that a new
 * statement may answer were scored without it. After the passages are searchable, the claims
 * that share its words are sent to `claims` again; `score-claims` matches them anew and
 * overwrites their flags (same ids), so the order in which sources are crawled does not
 * change the result.
 *
 * A claim scored before the statement was searchable but not yet in the claims index (index-claims
 * lagging behind score-claims) would be missed by that second look. So the stage first waits
 * until index-claims has stored every claim produced before the statement became searchable
 * (its committed offsets reach the ends of `claims` taken at that moment); a claim produced
 * later is scored later, with the statement already there.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type Admin,
  type Client,
  committedThrough,
  createKafka,
  ensureIndices,
  type estypes,
  indexReceived,
  msearchFailure,
  type Origin,
  type Received,
  type RunningStage,
  stageGroupId,
  StageStoppedError,
  startStage,
  withProducer,
} from '../../platform/index.js';
import { foldForSearch } from '../../classifiers/text/normalize.js';
import type { SentinelConfig } from '../../core/config.js';
import { Claim, OfficialStatement } from '../../core/contracts.js';
import { indexNames, topicNames, type IndexNames } from '../../core/names.js';
import { createLogger } from '../../core/logger.js';
import { ensureStatementsIndex, passageDocs } from '../../classifiers/matching/index.js';
import { ItemError } from '../../core/errors.js';
import { folded } from '../../core/indices.js';

export const STAGE = 'index-statements';

/** Claims re-scored per statement at most, the most similar first (a search page, under ES's 10,000 window). */
export const RESCORE_LIMIT = 2_000;

/** How long the stage waits for index-claims to catch up before it looks for claims to re-score anyway. */
export const CLAIMS_CATCH_UP_MS = 120_000;

export type CatchUp = 'caught-up' | 'no-claims-indexer' | 'timed-out';

/**
 * Resolves once the index-claims group has committed up to the current end of `claims` on every
 * partition, so each claim produced until now is in the claims index. Gives up (and says why)
 * when no index-claims member is running, or after `timeoutMs`.
 */
export async function untilClaimsIndexed(
  admin: Admin,
  config: SentinelConfig,
  timeoutMs = CLAIMS_CATCH_UP_MS,
  pollMs = 250,
  stopping: () => boolean = () => false,
): Promise<CatchUp> {
  const topic = topicNames(config.namespace).claims;
  const groupId = stageGroupId(config, 'index-claims');
  const ends = await admin.fetchTopicOffsets(topic);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await committedThrough(admin, groupId, topic, ends)) return 'caught-up';
    const { groups } = await admin.describeGroups([groupId]);
    if ((groups[0]?.members.length ?? 0) === 0) return 'no-claims-indexer';
    if (Date.now() > deadline) return 'timed-out';
    // Not committed: the next owner of the partition indexes the statements again (same ids) and waits in its turn.
    if (stopping()) throw new StageStoppedError();
    await sleep(pollMs);
  }
}

export function statementWrites(names: IndexNames) {
  return (statement: OfficialStatement, origin: Origin) =>
    passageDocs(statement).map(({ id, doc }) => ({ index: names.statements, id, origin, document: doc }));
}

/**
 * Claims the matcher could now pair with one of these statements, found the way the matcher
 * finds statements for a claim, in reverse: a shared word of the statement (more-like-this on
 * the folded text, so a claim typed without diacritics is found too), or a publish date within
 * the matcher's ±30-day window. Precision is the matcher's job; this only has to not miss.
 */
export async function claimsToRescore(
  es: Client,
  names: IndexNames,
  statements: OfficialStatement[],
  limit = RESCORE_LIMIT,
): Promise<Claim[]> {
  if (statements.length === 0) return [];
  const searches: estypes.MsearchRequestItem[] = statements.flatMap((s) => {
    const should: estypes.QueryDslQueryContainer[] = [
      {
        more_like_this: {
          fields: [folded('text')],
          like: foldForSearch(`${s.title}\n${s.text}`),
          min_term_freq: 1,
          min_doc_freq: 1,
          max_query_terms: 60,
          minimum_should_match: '1',
        },
      },
    ];
    if (s.publishedAt) should.push({ range: { publishedAt: { gte: `${s.publishedAt}||-30d`, lte: `${s.publishedAt}||+30d` } } });
    return [{ index: names.claims }, { size: limit, track_total_hits: false, query: { bool: { should, minimum_should_match: 1 } } }];
  });
  const response = await es.msearch<Record<string, unknown>>({ searches });
  const failed = msearchFailure(response.responses, (i) => statements[i]?.id, 'claims search for statements');
  if (failed !== null) throw failed;
  const found = new Map<string, Claim>();
  for (const r of response.responses) {
    if ('error' in r) continue; // thrown above
    for (const hit of r.hits.hits) {
      // Index-only fields (text_folded, indexedAt) are dropped by the schema.
      const claim = Claim.safeParse(hit._source);
      if (claim.success) found.set(claim.data.id, claim.data);
    }
  }
  return [...found.values()];
}

export async function startStatementIndexer(
  config: SentinelConfig,
  es: Client,
  options: { catchUpMs?: number } = {},
): Promise<RunningStage> {
  const names = indexNames(config.namespace);
  const topics = topicNames(config.namespace);
  const logger = createLogger(STAGE);
  await Promise.all([ensureStatementsIndex(es, names), ensureIndices(es, names)]);
  const writes = statementWrites(names);
  const admin = createKafka(config, `sentinel-${STAGE}-admin`, logger).admin();
  await admin.connect();
  let stopping = false;
  const stage = await withProducer(config, `sentinel-${STAGE}`, (send) =>
    startStage(config, {
      stage: STAGE,
      topic: (t) => t.statementsRaw,
      schema: OfficialStatement,
      handle: async (items: Received<OfficialStatement>[]) => {
        const rejected = await indexReceived(es, items, writes);
        const stored = items.filter((i) => !rejected.some((r) => r.partition === i.partition && r.offset === i.offset));
        if (stored.length === 0) return rejected;
        // Searchable now, so the re-scored claims will find these passages.
        await es.indices.refresh({ index: names.statements });
        const caughtUp = await untilClaimsIndexed(admin, config, options.catchUpMs, 250, () => stopping);
        if (caughtUp !== 'caught-up')
          logger.warn(
            { reason: caughtUp },
            'claims produced before these statements may not be indexed yet: they are re-scored only if index-claims stored them',
          );
        await es.indices.refresh({ index: names.claims });
        const claims = await claimsToRescore(
          es,
          names,
          stored.map((i) => i.value),
        ).catch((error: unknown) => {
          // A failed search names its statement; the stage charges the messages that carried it.
          throw error instanceof ItemError ? error.about(stored.filter((i) => error.items.includes(i.value.id))) : error;
        });
        await send(
          topics.claims,
          claims.map((claim) => ({ key: claim.documentId, value: claim })),
        );
        return rejected;
      },
    }),
  );
  return {
    consumer: stage.consumer,
    stop: async () => {
      stopping = true; // a batch waiting for index-claims gives way (SIGTERM drains in seconds)
      await stage.stop();
      await admin.disconnect();
    },
  };
}
