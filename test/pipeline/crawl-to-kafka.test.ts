import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicIds } from '../../classifiers/topics/index.js';
import { OfficialStatement, SourceDocument } from '../../core/contracts.js';
import { documentIdFor } from '../../core/ids.js';
import { topicNames } from '../../core/names.js';
import { crawlToKafka, watchToKafka } from '../../pipeline/crawl-to-kafka.js';
import { FIXTURE_REGISTRY_FILE, startFixtureSite, type FixtureSite } from '../../crawlers/fixture-site/server.js';
import type { CrawlStats } from '../../crawlers/site-crawler.js';
import { loadSourceRegistry, sourcesOf, type Source } from '../../crawlers/sources.js';
import { createKafka, type Consumer } from '../../platform/kafka.js';
import { eventually, isolatedConfig } from '../helpers.js';

const config = isolatedConfig('crawl');
const topics = topicNames(config.namespace);
const kafka = createKafka(config, 'crawl-test');
let site: FixtureSite;
let sources: Source[];
let consumer: Consumer;
const received: { topic: string; key: string; value: unknown }[] = [];

describe('Crawlers > crawl-to-kafka', () => {
  beforeAll(async () => {
    site = await startFixtureSite();
    sources = sourcesOf(await loadSourceRegistry(FIXTURE_REGISTRY_FILE, { FIXTURE_SITE: site.url }), [
      'tin-nhanh-viet',
      'tuoi-moi',
      'cong-an-tinh',
    ]);
  });
  afterAll(async () => {
    await consumer?.disconnect();
    await site?.close();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
    await admin.disconnect();
  });

  it('sends documents to documents.raw and statements to statements.raw, keyed by canonical-URL hash', async () => {
    const totals = await crawlToKafka(config, sources);
    expect(totals.sources.map((s) => [s.sourceId, s.documents, s.statements])).toEqual([
      ['tin-nhanh-viet', 1, 0],
      ['tuoi-moi', 1, 0], // its syndicated copy of tin-nhanh-viet's article is linked, not sent
      ['cong-an-tinh', 0, 1],
    ]);
    expect(totals).toMatchObject({ documents: 2, statements: 1, duplicates: { exact: 1, near: 1, sameCanonical: 0 } });

    consumer = kafka.consumer({ groupId: `${config.namespace}crawl-test` });
    await consumer.connect();
    await consumer.subscribe({ topics: [topics.documentsRaw, topics.statementsRaw], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        received.push({ topic, key: message.key?.toString() ?? '', value: JSON.parse(message.value?.toString() ?? 'null') });
      },
    });
    await eventually(async () => received.length >= 3, '3 messages on the crawl topics');

    const documents = received.filter((m) => m.topic === topics.documentsRaw);
    expect(documents).toHaveLength(2);
    for (const m of documents) {
      const doc = SourceDocument.parse(m.value);
      expect(m.key).toBe(documentIdFor(doc.canonicalUrl));
      // Tagged once on the way in: the indexer and the claim extractor read them from the message.
      expect(doc.topics).toEqual(topicIds(`${doc.title}\n${doc.text}`));
    }
    const statements = received.filter((m) => m.topic === topics.statementsRaw);
    expect(statements).toHaveLength(1);
    const statement = OfficialStatement.parse(statements[0]?.value);
    expect(statements[0]?.key).toBe(documentIdFor(statement.url ?? ''));
    expect(statement.agency).toBe('Công an tỉnh Thanh Hóa');
  });

  it('watch mode re-crawls each source on its interval, with conditional requests', async () => {
    const rounds: CrawlStats[] = [];
    const fast = sources.filter((s) => s.id === 'cong-an-tinh').map((s) => ({ ...s, intervalMinutes: 0.005 })); // every 0.3 s
    const watch = watchToKafka(config, fast, { onRound: (s) => rounds.push(s) });
    await eventually(async () => rounds.length >= 2, 'two watch rounds', 20_000);
    await watch.stop();
    expect(rounds[0]).toMatchObject({ statements: 1, notModified: 0 });
    // Second round: the sitemap index answers 304, so nothing below it is fetched or sent again.
    expect(rounds[1]).toMatchObject({ statements: 0, notModified: 1, pagesFetched: 0 });
  });
});
