import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { createKafka } from '../../platform/kafka.js';
import { kafkaPaths, startKafka } from '../../stack/kafka.js';
import { ELASTICSEARCH_VERSION } from '../../stack/layout.js';
import { stackStatus } from '../../stack/index.js';
import { isolatedConfig } from '../helpers.js';

const config = isolatedConfig('stack');

describe('Stack > real services', () => {
  const kafka = createKafka(config, 'stack-test');
  const admin = kafka.admin();
  afterAll(() => admin.disconnect());

  it('creates a topic with 3 partitions through the kafkajs admin API and reads its metadata back', async () => {
    const topic = `${config.namespace}three-partitions`;
    await admin.connect();
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true })).toBe(true);
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics).toHaveLength(1);
    expect(metadata.topics[0]?.name).toBe(topic);
    expect(metadata.topics[0]?.partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2]);
    expect(metadata.topics[0]?.partitions.every((p) => p.leader === 1)).toBe(true);
  });

  it('talks to an Elasticsearch that reports the pinned 8.x version', async () => {
    const es = createElasticsearchClient(config);
    const info = await es.nodes.info({ node_id: '_local', metric: 'jvm' });
    const versions = Object.values(info.nodes).map((n) => n.version);
    expect(versions).toEqual([ELASTICSEARCH_VERSION]);
    const health = await es.cluster.health();
    expect(['green', 'yellow']).toContain(health.status);
    await es.close();
  });

  it('reports both services up', async () => {
    const status = await stackStatus({ config });
    expect(status.kafka.running).toBe(true);
    expect(status.elasticsearch.running).toBe(true);
  });

  it('refuses to start Kafka on a port another program holds, naming the port and the setting', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const port = (squatter.address() as { port: number }).port;
    const paths = kafkaPaths(mkdtempSync(join(tmpdir(), 'sentinel-stack-')));
    try {
      const startedAt = Date.now();
      await expect(startKafka(paths, { ...config, kafkaPort: port, kafkaBrokers: [`127.0.0.1:${port}`] }, () => undefined)).rejects.toThrow(
        new RegExp(`port ${port} is in use.*SENTINEL_KAFKA_PORT`),
      );
      // The readiness probe gives up on a socket that never speaks Kafka within a few seconds.
      expect(Date.now() - startedAt).toBeLessThan(10_000);
    } finally {
      squatter.close();
    }
  });
});
