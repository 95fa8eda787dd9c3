import type { SentinelConfig } from '../core/config.js';
import { createLogger } from '../core/logger.js';
import { topicNames } from '../core/topics.js';
import { createKafka, createProducer, ensureTopics, sendJson } from '../pipeline/kafka.js';
import { crawlSite, type CrawlStats, type CrawlTarget } from './site-crawler.js';

/** Crawls the targets and produces every document to `documents.raw`, keyed by document id. */
export async function crawlToKafka(config: SentinelConfig, targets: CrawlTarget[], onProgress?: (stats: CrawlStats) => void): Promise<CrawlStats> {
  const logger = createLogger('crawl');
  const topics = topicNames(config.namespace);
  const kafka = createKafka(config, 'sentinel-crawler', logger);
  await ensureTopics(kafka, topics);
  const producer = createProducer(kafka);
  await producer.connect();
  const total: CrawlStats = { pagesFetched: 0, documents: 0, skippedNotArticle: 0, failed: 0 };
  try {
    for (const target of targets) {
      const stats = await crawlSite(target, (doc) => sendJson(producer, topics.documentsRaw, [{ key: doc.id, value: doc }]), onProgress);
      total.pagesFetched += stats.pagesFetched;
      total.documents += stats.documents;
      total.skippedNotArticle += stats.skippedNotArticle;
      total.failed += stats.failed;
      logger.info({ source: target.sourceId, ...stats }, 'source crawled');
    }
  } finally {
    await producer.disconnect();
  }
  return total;
}
