/**
 * Security topics: the public API the crawler and the pipeline call.
 *
 *   tagTopics(text)            → multi-label TopicTag[] (topic, confidence, terms that fired)
 *   securityRelevance(doc)     → { relevant, score, reason } (official sources always relevant)
 *   createRelevanceGate(...)   → the crawl filter hook: skips and counts off-topic documents
 *
 * The default classifier is built once, on first use, from taxonomy.yaml and model.json.
 */
import {
  DEFAULT_MODEL_PATH,
  loadModel,
  TopicClassifier,
  type ClassifierOptions,
  type RelevanceDecision,
  type RelevanceInput,
  type TopicTag,
} from './classifier.js';
import { loadTaxonomy } from './taxonomy.js';

export {
  loadTaxonomy,
  parseTaxonomy,
  TaxonomyError,
  DEFAULT_TAXONOMY_PATH,
  type Taxonomy,
  type Topic,
  type TaxonomyTerm,
} from './taxonomy.js';
export { TopicClassifier, loadModel, DEFAULT_MODEL_PATH, DEFAULT_RELEVANCE_THRESHOLD, DEFAULT_TAG_THRESHOLD } from './classifier.js';
export type { TopicTag, RelevanceDecision, RelevanceInput, ClassifierOptions } from './classifier.js';
export {
  createRelevanceGate,
  SKIP_REASON,
  type RelevanceGate,
  type SkippedDocument,
  type GateOptions,
  type GateItem,
  type SkipCounter,
} from './gate.js';

let shared: TopicClassifier | undefined;

/** The classifier with the shipped taxonomy and model (or the paths given), built once. */
export function defaultTopicClassifier(
  paths: { taxonomy?: string; model?: string } = {},
  options: ClassifierOptions = {},
): TopicClassifier {
  if (paths.taxonomy !== undefined || paths.model !== undefined || Object.keys(options).length > 0) {
    return new TopicClassifier(loadTaxonomy(paths.taxonomy), loadModel(paths.model ?? DEFAULT_MODEL_PATH), options);
  }
  shared ??= new TopicClassifier(loadTaxonomy(), loadModel());
  return shared;
}

export function tagTopics(text: string): TopicTag[] {
  return defaultTopicClassifier().tag(text);
}

/** The ids of `tagTopics`, for the `topics` field of claims, flags and documents. */
export function topicIds(text: string): string[] {
  return tagTopics(text).map((t) => t.topic);
}

export function securityRelevance(doc: RelevanceInput): RelevanceDecision {
  return defaultTopicClassifier().relevance(doc);
}

/** A document's own topics (title and text), as the documents index and its claims carry them. */
export function documentTopics(doc: { title: string; text: string; topics?: string[] | undefined }): string[] {
  return doc.topics ?? topicIds(`${doc.title}\n${doc.text}`);
}
