/**
 * A document's candidate claims: its sentences (the same split and positions the sentence index
 * uses), scored for check-worthiness by the trained model; sentences under the threshold
 * (greetings, captions, opinions, bare advice) are dropped. Claim ids are deterministic
 * (a hash of document id + sentence position), so a replay overwrites instead of adding.
 */
import type { Claim, Entity, ScamEvidence, SourceDocument } from '../../core/contracts.js';
import { sha256Hex } from '../../core/ids.js';
import { analyse, featuresOf, type SentenceAnalysis } from '../scoring/features.js';
import { predictLogistic } from '../scoring/logistic.js';
import { loadModel } from '../scoring/models.js';
import { assessScamMessage } from '../scoring/scam-message.js';
import { ruleSignals } from '../scoring/signals.js';
import { extractEntities } from '../text/entities.js';
import { normalizeText } from '../text/normalize.js';
import { documentSentences, type SentenceSpan } from '../text/sentences.js';
import { attributeDocument } from './attribution.js';

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

/** Where a message's own text is the thing judged: a post or a submitted message, never a news report quoting one. */
export function judgedAsMessage(kind: SourceDocument['sourceKind']): boolean {
  return kind === 'social' || kind === 'submission';
}

/**
 * A social post or submitted message that reads as a scam: its evidence, and the sentence that
 * carries it (the one holding most of the cues), which becomes a claim even when it is not
 * check-worthy ("Bấm vào link sau để nhận quà").
 */
function scamOf(doc: SourceDocument, sentences: readonly SentenceSpan[]): { position: number; evidence: ScamEvidence } | null {
  if (!judgedAsMessage(doc.sourceKind)) return null;
  const text = normalizeText(doc.text);
  const found = assessScamMessage(text);
  if (!found.isScam) return null;
  const hits = sentences.map((s) => found.cues.filter((c) => c.start >= s.start && c.start < s.end).length);
  const position = hits.indexOf(Math.max(...hits));
  return {
    position: Math.max(0, position),
    evidence: {
      score: Math.round(found.score * 1000) / 1000,
      cues: found.cues.map((c) => ({ id: c.id, vi: c.vi, en: c.en, text: text.slice(c.start, c.end) })),
      indicators: found.indicators,
      campaign: found.campaignKey,
    },
  };
}

/** A scam message up to this long is one claim, the whole message: the reviewer judges the message. */
export const SCAM_MESSAGE_MAX_CHARS = 1000;

/** The whole message as its one claim, at the position of the sentence that carries its request. */
function messageClaim(doc: SourceDocument, position: number, evidence: ScamEvidence): Claim {
  const text = normalizeText(doc.text).trim();
  const entities = extractEntities(text, { referenceDate: doc.publishedAt });
  return {
    id: claimIdFor(doc.id, position),
    documentId: doc.id,
    sentenceIndex: position,
    text,
    url: doc.url,
    sourceId: doc.sourceId,
    sourceKind: doc.sourceKind,
    outlet: doc.outlet,
    ...(doc.submission ? { submittedBy: doc.submission.by } : {}),
    publishedAt: doc.publishedAt,
    checkWorthiness: checkWorthiness(text, analyse(text, entities)),
    entities,
    topics: [],
    attribution: {
      frame: 'asserts',
      attributedTo: null,
      cue: null,
      proposition: { text, start: 0, end: text.length },
      rebuttedInDocument: false,
    },
    scam: evidence,
  };
}

export function extractClaims(doc: SourceDocument, options: ExtractOptions = {}): Claim[] {
  const threshold = options.threshold ?? CHECK_WORTHY_THRESHOLD;
  const claims: Claim[] = [];
  const sentences = documentSentences(doc);
  const scam = scamOf(doc, sentences);
  // A scam SMS or post is one item for review, not one per sentence.
  if (scam !== null && doc.text.length <= SCAM_MESSAGE_MAX_CHARS) return [messageClaim(doc, scam.position, scam.evidence)];
  const frames = attributeDocument(sentences.map((s) => s.text));
  sentences.forEach((sentence, position) => {
    const entities: Entity[] = extractEntities(sentence.text, { referenceDate: doc.publishedAt });
    const worth = checkWorthiness(sentence.text, analyse(sentence.text, entities));
    const carriesScam = scam !== null && scam.position === position;
    // In a post or a message, a sentence with the marks of a rumour ("chia sẻ gấp", "nghe nói")
    // is kept for scoring even when it states no checkable fact: spreading it is the harm.
    const rumourMarked = judgedAsMessage(doc.sourceKind) && ruleSignals(sentence.text).some((r) => r.id !== 'warning-context');
    if (worth < threshold && !carriesScam && !rumourMarked) return;
    claims.push({
      id: claimIdFor(doc.id, position),
      documentId: doc.id,
      sentenceIndex: position,
      text: sentence.text,
      url: doc.url,
      sourceId: doc.sourceId,
      sourceKind: doc.sourceKind,
      outlet: doc.outlet,
      ...(doc.submission ? { submittedBy: doc.submission.by } : {}),
      publishedAt: doc.publishedAt,
      checkWorthiness: worth,
      entities,
      topics: [],
      attribution: frames[position] as Claim['attribution'],
      ...(carriesScam ? { scam: scam.evidence } : {}),
    });
  });
  return claims;
}
