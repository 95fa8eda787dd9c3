/**
 * The crawl's default filter: documents that are not about public security (sport, weather,
 * entertainment on a news outlet's feed) are not sent down the pipeline. Each skip is counted
 * (`sentinel_crawl_skipped_total{source,reason="off-topic"}`) and logged with its score and
 * reason, so an analyst can audit what was left out. Official statements always pass.
 */
import { createRelevanceGate, defaultTopicClassifier, type RelevanceGate } from '../classifiers/topics/index.js';
import { createLogger } from '../core/logger.js';
import { stageMetrics } from '../pipeline/metrics.js';

export function securityRelevanceGate(): RelevanceGate {
  const logger = createLogger('crawl-relevance');
  return createRelevanceGate({
    classifier: defaultTopicClassifier(),
    counter: stageMetrics.crawlSkipped,
    onSkip: (skipped) => logger.info(skipped, 'off-topic document not sent to the pipeline'),
  });
}
