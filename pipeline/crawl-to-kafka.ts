/**
 * The crawl as the pipeline runs it: registry sources crawled into Kafka (`documents.raw`,
 * `statements.raw`) through the platform's document sink, topics created first.
 */
import { createRelevanceGate, defaultTopicClassifier, type RelevanceGate } from '../classifiers/topics/index.js';
import {
  crawlInto,
  watchInto,
  type CrawlRunOptions,
  type CrawlTotals,
  type Source,
  type WatchHandle,
  type WatchOptions,
} from '../crawlers/index.js';
import type { SentinelConfig } from '../core/config.js';
import { createLogger } from '../core/logger.js';
import { openKafkaDocumentSink, stageMetrics, type KafkaDocumentSink } from '../platform/index.js';
import { preparingSink } from './document-entry.js';

const CLIENT_ID = 'sentinel-crawler';

/**
 * The crawl's default filter: documents that are not about public security (sport, weather,
 * entertainment on a news outlet's feed) are not sent down the pipeline. Each skip is counted
 * (`sentinel_crawl_skipped_total{source,reason="off-topic"}`) and logged with its score and
 * reason, so an analyst can audit what was left out. Official statements always pass.
 */
export function securityRelevanceGate(): RelevanceGate {
  const logger = createLogger('crawl-relevance');
  return createRelevanceGate({
    classifier: defaultTopicClassifier(),
    counter: stageMetrics.crawlSkipped,
    onSkip: (skipped) => logger.info(skipped, 'off-topic document not sent to the pipeline'),
  });
}

/** The crawl's way into Kafka: topics created, every document prepared on its way in. */
async function openCrawlSink(config: SentinelConfig, options: CrawlRunOptions): Promise<KafkaDocumentSink> {
  return preparingSink(
    await openKafkaDocumentSink(config, CLIENT_ID, { logger: options.logger ?? createLogger('crawl'), ensureTopics: true }),
  );
}

/** Crawls each source once, in order, and produces what it finds to Kafka. */
export async function crawlToKafka(config: SentinelConfig, sources: Source[], options: CrawlRunOptions = {}): Promise<CrawlTotals> {
  const sink = await openCrawlSink(config, options);
  try {
    return await crawlInto(sink, sources, options);
  } finally {
    await sink.close();
  }
}

/** Watch mode into Kafka (crawlers/crawl-runner.ts `watchInto`); the producer closes when the loop ends. */
export function watchToKafka(config: SentinelConfig, sources: Source[], options: WatchOptions = {}): WatchHandle {
  const opened = openCrawlSink(config, options);
  let watch: WatchHandle | undefined;
  let stopped = false;
  const done = (async () => {
    const sink = await opened;
    try {
      if (stopped) return;
      watch = watchInto(sink, sources, options);
      await watch.done;
    } finally {
      await sink.close();
    }
  })();
  return {
    done,
    stop: async () => {
      stopped = true;
      await watch?.stop();
      await done;
    },
  };
}
