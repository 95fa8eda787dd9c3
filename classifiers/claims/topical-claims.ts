/**
 * The shipped extractor: the claims of a document, each tagged with security topics.
 */
import type { Claim, SourceDocument } from '../../core/contracts.js';
import { documentTopics, topicIds } from '../topics/index.js';
import { extractClaims } from './extract-claims.js';

/** What the topic classifier answers when no security topic fits. */
const OTHER_TOPIC = 'other';

/**
 * The shipped extractor: check-worthy sentences, each tagged with its own topics, or with its
 * document's when the sentence alone names none ("Nghe nói hàng nghìn người đã mất tiền").
 */
export function extractTopicalClaims(doc: SourceDocument): Claim[] {
  const claims = extractClaims(doc);
  if (claims.length === 0) return claims;
  let ofDocument: string[] | undefined;
  return claims.map((claim) => {
    const own = topicIds(claim.text).filter((t) => t !== OTHER_TOPIC);
    if (own.length > 0) return { ...claim, topics: own };
    // Tagged once where the document entered the pipeline; computed here only when it was not.
    ofDocument ??= documentTopics(doc);
    return { ...claim, topics: ofDocument };
  });
}
