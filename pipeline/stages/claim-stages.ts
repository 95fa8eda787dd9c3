/**
 * The claim path: `documents.raw` → extract-claims → `claims` → score-and-match → `flags`,
 * and the indexers that put claims and flags into Elasticsearch.
 *
 * The language work (extraction, scoring) and the matching are injected, so each stage is
 * only Kafka plumbing around a pure function, and a stage can be tested with real ones.
 */
import { foldDiacritics } from '../../classifiers/text/normalize.js';
import type { SentinelConfig } from '../../core/config.js';
import { Claim, Flag, SourceDocument, type Match, type Signal } from '../../core/contracts.js';
import { indexNames, topicNames, type IndexNames } from '../../core/topics.js';
import type { Client } from '../elasticsearch/client.js';
import { ensureIndices } from '../elasticsearch/indices.js';
import { createKafka, createProducer, sendJson, type RunningStage } from '../kafka.js';
import { indexReceived, startStage } from './index-stage.js';

export type ClaimExtractor = (doc: SourceDocument) => Claim[];
export type ClaimScorer = (claim: Claim, matches: Match[]) => { score: number; signals: Signal[] };
export type ClaimMatcher = (claims: { id: string; text: string }[]) => Promise<Match[][]>;

/** A claim becomes a flag for review from this score up, or when an official statement contradicts it. */
export const FLAG_THRESHOLD = 0.5;

async function withProducer(config: SentinelConfig, clientId: string, start: (send: <T>(topic: string, messages: { key: string; value: T }[]) => Promise<void>) => Promise<RunningStage>): Promise<RunningStage> {
  const producer = createProducer(createKafka(config, clientId));
  await producer.connect();
  const stage = await start((topic, messages) => sendJson(producer, topic, messages));
  return {
    consumer: stage.consumer,
    stop: async () => {
      await stage.stop();
      await producer.disconnect();
    },
  };
}

export function startClaimExtractor(config: SentinelConfig, extract: ClaimExtractor): Promise<RunningStage> {
  const topics = topicNames(config.namespace);
  return withProducer(config, 'sentinel-extract-claims', (send) =>
    startStage(config, {
      stage: 'extract-claims',
      topic: (t) => t.documentsRaw,
      schema: SourceDocument,
      handle: async (items) => {
        // Keyed by document, so a document's claims stay in order on one partition.
        const claims = items.flatMap((item) => extract(item.value).map((claim) => ({ key: claim.documentId, value: Claim.parse(claim) })));
        await send(topics.claims, claims);
        return [];
      },
    }),
  );
}

export function flagFor(claim: Claim, matches: Match[], scored: { score: number; signals: Signal[] }, now = new Date()): Flag | null {
  const contradicted = matches.some((m) => m.stance === 'contradicts');
  if (scored.score < FLAG_THRESHOLD && !contradicted) return null;
  return Flag.parse({
    // One flag per claim: a re-score overwrites it instead of adding a second one.
    id: claim.id,
    claimId: claim.id,
    claimText: claim.text,
    url: claim.url,
    sourceId: claim.sourceId,
    sourceKind: claim.sourceKind,
    publishedAt: claim.publishedAt,
    score: scored.score,
    signals: scored.signals,
    matches,
    topics: claim.topics,
    createdAt: now.toISOString(),
  });
}

export function startClaimScorer(config: SentinelConfig, deps: { match: ClaimMatcher; score: ClaimScorer }): Promise<RunningStage> {
  const topics = topicNames(config.namespace);
  return withProducer(config, 'sentinel-score-claims', (send) =>
    startStage(config, {
      stage: 'score-claims',
      topic: (t) => t.claims,
      schema: Claim,
      handle: async (items) => {
        const claims = items.map((i) => i.value);
        const matches = await deps.match(claims.map((c) => ({ id: c.id, text: c.text })));
        const flags = claims.flatMap((claim, i) => {
          const found = matches[i] ?? [];
          const flag = flagFor(claim, found, deps.score(claim, found));
          return flag ? [{ key: claim.documentId, value: flag }] : [];
        });
        await send(topics.flags, flags);
        return [];
      },
    }),
  );
}

export function claimWrites(names: IndexNames) {
  return (claim: Claim, origin: { partition: number; offset: string }) => [
    { index: names.claims, id: claim.id, origin, document: { ...claim, text_folded: foldDiacritics(claim.text) } },
  ];
}

export function flagWrites(names: IndexNames) {
  return (flag: Flag, origin: { partition: number; offset: string }) => [
    { index: names.flags, id: flag.id, origin, document: { ...flag, claimText_folded: foldDiacritics(flag.claimText) } },
  ];
}

export async function startClaimIndexer(config: SentinelConfig, es: Client): Promise<RunningStage> {
  const names = indexNames(config.namespace);
  await ensureIndices(es, names);
  return startStage(config, { stage: 'index-claims', topic: (t) => t.claims, schema: Claim, handle: (items) => indexReceived(es, items, claimWrites(names)) });
}

export async function startFlagIndexer(config: SentinelConfig, es: Client): Promise<RunningStage> {
  const names = indexNames(config.namespace);
  await ensureIndices(es, names);
  return startStage(config, { stage: 'index-flags', topic: (t) => t.flags, schema: Flag, handle: (items) => indexReceived(es, items, flagWrites(names)) });
}
