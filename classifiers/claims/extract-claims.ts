/**
 * A document's candidate claims: its sentences (the same split and positions the sentence index
 * uses), scored for check-worthiness by the trained model; sentences under the threshold
 * (greetings, captions, opinions, bare advice) are dropped. Claim ids are deterministic
 * (a hash of document id + sentence position), so a replay overwrites instead of adding.
 */
import type { Claim, Entity, SourceDocument } from '../../core/contracts.js';
import { sha256Hex } from '../../core/ids.js';
import { analyse, featuresOf, type SentenceAnalysis } from '../scoring/features.js';
import { predictLogistic } from '../scoring/logistic.js';
import { loadModel } from '../scoring/models.js';
import { extractEntities } from '../text/entities.js';
import { splitSentences } from '../text/sentences.js';

/** Sentences whose check-worthiness is below this are not claims. */
export const CHECK_WORTHY_THRESHOLD = 0.5;

/** Probability that a sentence asserts something worth checking (a fact, number, date, event, attribution or accusation). */
export function checkWorthiness(text: string, analysis?: SentenceAnalysis): number {
  const a = analysis ?? analyse(text);
  return Math.round(predictLogistic(loadModel('check-worthiness'), featuresOf(a)) * 1000) / 1000;
}

/** Deterministic: a hash of the document id and the sentence position. */
export function claimIdFor(documentId: string, sentenceIndex: number): string {
  return sha256Hex(`claim:${documentId}:${sentenceIndex}`).slice(0, 32);
}

export interface ExtractOptions {
  threshold?: number;
}

export function extractClaims(doc: SourceDocument, options: ExtractOptions = {}): Claim[] {
  const threshold = options.threshold ?? CHECK_WORTHY_THRESHOLD;
  const claims: Claim[] = [];
  splitSentences(doc.text).forEach((sentence, position) => {
    const entities: Entity[] = extractEntities(sentence.text, { referenceDate: doc.publishedAt });
    const worth = checkWorthiness(sentence.text, analyse(sentence.text, entities));
    if (worth < threshold) return;
    claims.push({
      id: claimIdFor(doc.id, position),
      documentId: doc.id,
      sentenceIndex: position,
      text: sentence.text,
      url: doc.url,
      sourceId: doc.sourceId,
      sourceKind: doc.sourceKind,
      outlet: doc.outlet,
      publishedAt: doc.publishedAt,
      checkWorthiness: worth,
      entities,
      topics: [],
    });
  });
  return claims;
}
