/**
 * A CPU-heavy stage (matching costs milliseconds of CPU a claim) works through a fetched
 * batch in slices, committing and heartbeating after each (platform/kafka.ts). Handled
 * whole, a large batch blocked the event loop past the session timeout in bench:pipeline,
 * the member was thrown out and the batch started over. Here: every message of a backlog
 * that arrives as one batch is handled exactly once across the slices.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { topicNames } from '../../core/names.js';
import {
  createKafka,
  createProducer,
  ensureTopics,
  runStage,
  sendJson,
  SESSION_TIMEOUT_MS,
  type RunningStage,
} from '../../platform/kafka.js';
import { eventually, isolatedConfig } from '../helpers.js';

const config = isolatedConfig('heavy');
const topics = topicNames(config.namespace);
const kafka = createKafka(config, 'heavy-test');
const MESSAGES = 3_000;
/**
 * Blocking CPU per message, as re-ranking and stance are: the backlog as a whole takes longer
 * than the session timeout, so handled in one piece it would cost the member its partitions
 * and the batch would be handled again.
 */
const CPU_MS_PER_MESSAGE = Math.ceil((1.5 * SESSION_TIMEOUT_MS) / MESSAGES);
let stage: RunningStage | undefined;

function burn(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    /* CPU-bound work, as the matcher's re-ranking and stance are */
  }
}

describe('Pipeline > a CPU-heavy stage keeps its place in the group through a large backlog', () => {
  afterAll(async () => {
    await stage?.stop();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
    await admin.disconnect();
  });

  it('handles every message exactly once across the slices, and commits the end', async () => {
    expect(MESSAGES * CPU_MS_PER_MESSAGE).toBeGreaterThan(SESSION_TIMEOUT_MS);
    await ensureTopics(kafka, topics);
    const producer = createProducer(kafka);
    await producer.connect();
    // One key and one send: one partition, one record batch, so one fetch returns them all.
    await sendJson(
      producer,
      topics.claims,
      Array.from({ length: MESSAGES }, (_, n) => ({ key: 'one', value: { n } })),
    );
    await producer.disconnect();

    const seen = new Map<number, number>();
    stage = await runStage({
      kafka,
      stage: 'heavy',
      groupId: `${config.namespace}heavy`,
      topic: topics.claims,
      topics,
      schema: z.object({ n: z.number() }),
      handle: async (items) => {
        for (const item of items) {
          burn(CPU_MS_PER_MESSAGE);
          seen.set(item.value.n, (seen.get(item.value.n) ?? 0) + 1);
        }
        return [];
      },
    });
    await eventually(async () => seen.size === MESSAGES, `${MESSAGES} messages handled`, 120_000);
    expect(Math.max(...seen.values())).toBe(1);
    const admin = kafka.admin();
    await admin.connect();
    const committed = await eventually(async () => {
      const [offsets] = await admin.fetchOffsets({ groupId: `${config.namespace}heavy`, topics: [topics.claims] });
      const total = (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
      return total === MESSAGES ? total : undefined;
    }, 'the whole backlog committed');
    await admin.disconnect();
    expect(committed).toBe(MESSAGES);
  });
});
