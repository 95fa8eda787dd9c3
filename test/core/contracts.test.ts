import { describe, expect, it } from 'vitest';
import { Flag, SourceDocument } from '../../core/contracts.js';
import { PoisonMessageError } from '../../core/errors.js';
import { decodeMessage } from '../../platform/kafka.js';
import { loadConfig } from '../../core/config.js';
import { indexNames, topicNames } from '../../core/names.js';

/** The message kafkajs hands a stage, as platform's decodeMessage takes it (tests do not import kafkajs). */
type KafkaMessage = Parameters<typeof decodeMessage>[0];

const message = (value: Buffer | string | null): KafkaMessage =>
  ({
    key: null,
    value: typeof value === 'string' ? Buffer.from(value) : value,
    offset: '0',
    timestamp: '0',
    attributes: 0,
    headers: {},
  }) as KafkaMessage;

describe('Core > contracts at the Kafka boundary', () => {
  it('names the failing fields of a document', () => {
    expect(() => decodeMessage(message(JSON.stringify({ url: 'not a url' })), SourceDocument)).toThrow(
      /schema validation failed: .*url: Invalid url/,
    );
  });

  it('rejects invalid JSON, empty messages and broken UTF-8 as poison', () => {
    expect(() => decodeMessage(message('{"a":'), SourceDocument)).toThrow(PoisonMessageError);
    expect(() => decodeMessage(message(null), SourceDocument)).toThrow(/tombstone/);
    expect(() => decodeMessage(message(Buffer.from([0xff, 0xfe])), SourceDocument)).toThrow(/UTF-8/);
  });

  it('keeps stances honest: only supports, contradicts and nei', () => {
    const flag = {
      id: 'f',
      claimId: 'c',
      claimText: 'x',
      url: 'https://a.vn/',
      sourceId: 's',
      sourceKind: 'news',
      publishedAt: null,
      score: 0.7,
      signals: [],
      topics: [],
      createdAt: new Date().toISOString(),
      matches: [{ claimId: 'c', statementId: 's1', score: 1, stance: 'false', evidence: 'e', conflicts: [] }],
    };
    expect(Flag.safeParse(flag).success).toBe(false);
    flag.matches[0]!.stance = 'contradicts';
    expect(Flag.safeParse(flag).success).toBe(true);
  });
});

describe('Config > namespace', () => {
  it('separates a namespace from the names it prefixes', () => {
    expect(topicNames(loadConfig({ SENTINEL_NAMESPACE: 'team-a' }).namespace).documentsRaw).toBe('team-a.documents.raw');
    expect(indexNames(loadConfig({ SENTINEL_NAMESPACE: 'team-a' }).namespace).documents).toBe('team-a.sentinel-documents');
    expect(loadConfig({ SENTINEL_NAMESPACE: 't-x-1.' }).namespace).toBe('t-x-1.');
    expect(loadConfig({}).namespace).toBe('');
  });
});
