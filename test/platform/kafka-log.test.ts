/**
 * kafkajs logs every try of a state it retries by itself at ERROR: a group rebalancing, a
 * coordinator not there yet, a topic not served yet. Those are expected at start-up and go to
 * debug; what kafkajs gives up on, and a real outage, stay errors.
 */
import { Writable } from 'node:stream';
import { logLevel, type LogEntry } from 'kafkajs';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { topicNames } from '../../core/names.js';
import { createKafka, ensureTopics, kafkaLogLevel, runStage, type RunningStage } from '../../platform/kafka.js';
import { eventually, isolatedConfig } from '../helpers.js';

const entry = (level: logLevel, message: string, extra: Record<string, unknown> = {}): Pick<LogEntry, 'level' | 'log'> => ({
  level,
  log: { timestamp: new Date().toISOString(), logger: 'kafkajs', message, ...extra },
});

describe('Pipeline > kafkajs log levels', () => {
  it('puts the expected transient states at debug and keeps real errors at error', () => {
    // As kafkajs's Connection, producer, broker pool and runner write them.
    expect(
      kafkaLogLevel(
        entry(logLevel.ERROR, 'Response Heartbeat(key: 12, version: 3)', {
          error: 'The group is rebalancing, so a rejoin is needed',
          correlationId: 9,
        }),
      ),
    ).toBe('debug');
    expect(
      kafkaLogLevel(
        entry(logLevel.ERROR, 'Response FindCoordinator(key: 10, version: 2)', { error: 'The group coordinator is not available' }),
      ),
    ).toBe('debug');
    expect(
      kafkaLogLevel(
        entry(logLevel.ERROR, 'Response Metadata(key: 3, version: 6)', { error: 'This server does not host this topic-partition' }),
      ),
    ).toBe('debug');
    expect(
      kafkaLogLevel(entry(logLevel.ERROR, 'Failed to send messages: This server does not host this topic-partition', { retryCount: 1 })),
    ).toBe('debug');
    expect(kafkaLogLevel(entry(logLevel.ERROR, "The coordinator is loading and hence can't process requests for this group"))).toBe(
      'debug',
    );
    expect(
      kafkaLogLevel(
        entry(logLevel.WARN, 'The group is rebalancing, re-joining', { error: 'The group is rebalancing, so a rejoin is needed' }),
      ),
    ).toBe('debug');
    // A member the group forgot: its session ran out, worth seeing.
    expect(
      kafkaLogLevel(
        entry(logLevel.ERROR, 'The coordinator is not aware of this member, re-joining the group', {
          error: 'The coordinator is not aware of this member',
        }),
      ),
    ).toBe('warn');
    // kafkajs giving up, whatever the cause, and an outage stay errors.
    expect(
      kafkaLogLevel(entry(logLevel.ERROR, 'Crash: KafkaJSNumberOfRetriesExceeded: This server does not host this topic-partition')),
    ).toBe('error');
    expect(kafkaLogLevel(entry(logLevel.ERROR, 'Connection error: connect ECONNREFUSED 127.0.0.1:19092'))).toBe('error');
    expect(
      kafkaLogLevel(
        entry(logLevel.ERROR, 'Response Produce(key: 0, version: 7)', {
          error: 'The request included a message larger than the max message size the server will accept',
        }),
      ),
    ).toBe('error');
    expect(kafkaLogLevel(entry(logLevel.WARN, 'KafkaJS v2.0.0 switched default partitioner'))).toBe('warn');
    expect(kafkaLogLevel(entry(logLevel.INFO, 'Consumer has joined the group'))).toBe('info');
  });

  describe('on the real broker', () => {
    const config = isolatedConfig('kafka-log');
    const topics = topicNames(config.namespace);
    const lines: { level: number; msg: string; error?: string }[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as (typeof lines)[number]);
        done();
      },
    });
    const kafka = createKafka(config, 'kafka-log-test', pino({ level: 'debug' }, sink));
    const stages: RunningStage[] = [];

    afterAll(async () => {
      await Promise.all(stages.map((s) => s.stop()));
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
      await admin.disconnect();
    });

    it('logs the rebalance a second member causes at debug, not as an error', async () => {
      await ensureTopics(kafka, topics);
      const start = (): Promise<RunningStage> =>
        runStage({
          kafka,
          stage: 'log-test',
          groupId: `${config.namespace}log-test`,
          topic: topics.claims,
          topics,
          schema: z.unknown(),
          handle: async () => [],
        });
      stages.push(await start());
      // Only a member that has joined hears of a rebalance (from its next heartbeat's answer): a
      // second member starting while the first still joins makes one join, and nothing to log.
      const admin = kafka.admin();
      await admin.connect();
      try {
        await eventually(
          async () => {
            const { groups } = await admin.describeGroups([`${config.namespace}log-test`]);
            return groups[0]?.state === 'Stable' && groups[0].members.length === 1 ? true : undefined;
          },
          'the first member to join',
          30_000,
        );
      } finally {
        await admin.disconnect();
      }
      stages.push(await start());
      const rebalance = await eventually(
        async () => lines.find((l) => `${l.msg} ${l.error ?? ''}`.includes('rebalancing')),
        'kafkajs to log the rebalance',
        30_000,
      );
      expect(rebalance.level).toBe(20); // pino's debug
      expect(lines.filter((l) => l.level >= 40)).toEqual([]);
    });
  });
});
