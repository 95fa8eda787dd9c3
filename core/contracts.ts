/**
 * The data contracts every stage imports: one zod schema per message kind, and the
 * TypeScript types derived from them. Every boundary (Kafka in, Kafka out, HTTP, files)
 * validates with these, so a malformed message is caught where it enters, with a reason.
 */
import { z } from 'zod';

export const SOURCE_KINDS = ['news', 'social', 'official'] as const;
export const SourceKind = z.enum(SOURCE_KINDS);
export type SourceKind = z.infer<typeof SourceKind>;

const isoDateTime = z.string().datetime({ offset: true });
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex SHA-256');

/** A public page as crawled. Claims, not people: the outlet and URL, never an author profile. */
export const SourceDocument = z.object({
  id: z.string().min(1),
  url: z.string().url(),
  canonicalUrl: z.string().url(),
  sourceId: z.string().min(1),
  sourceKind: SourceKind,
  /** Public outlet or page name, e.g. "Báo Công an Nhân dân". */
  outlet: z.string().min(1),
  title: z.string(),
  text: z.string().min(1, 'document has no text'),
  publishedAt: isoDateTime.nullable(),
  fetchedAt: isoDateTime,
  /** ISO 639-1 code of the detected language ("vi" for the pipeline's main path). */
  language: z.string().min(2).max(8),
  contentHash: sha256Hex,
  /** Social posts: the public counts shown on the page, when shown (never who liked or shared). */
  engagement: z
    .object({ likes: z.number().int().nonnegative(), shares: z.number().int().nonnegative(), comments: z.number().int().nonnegative() })
    .partial()
    .optional(),
  /** Security topics (classifiers/topics); filled by the document indexer when the crawler left them out. */
  topics: z.array(z.string()).optional(),
});
export type SourceDocument = z.infer<typeof SourceDocument>;

/** A sentence of a document, as indexed for search; `position` is its order in the document. */
export const DocumentSentence = z.object({
  id: z.string().min(1),
  documentId: z.string().min(1),
  position: z.number().int().nonnegative(),
  text: z.string().min(1),
  url: z.string().url(),
  sourceId: z.string().min(1),
  sourceKind: SourceKind,
  publishedAt: isoDateTime.nullable(),
});
export type DocumentSentence = z.infer<typeof DocumentSentence>;

export const ENTITY_KINDS = ['number', 'date', 'place', 'organization', 'person-title'] as const;
export const Entity = z.object({
  kind: z.enum(ENTITY_KINDS),
  text: z.string().min(1),
  /** Normalised value: a number as a decimal string, a date as ISO, a place by gazetteer id. */
  value: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  /** For numbers: the unit that followed ("lượt", "vụ", "đối tượng", "đồng", "%"). */
  unit: z.string().optional(),
});
export type Entity = z.infer<typeof Entity>;

/** A check-worthy assertion taken out of a `SourceDocument`. */
export const Claim = z.object({
  id: z.string().min(1),
  documentId: z.string().min(1),
  sentenceIndex: z.number().int().nonnegative(),
  text: z.string().min(1),
  url: z.string().url(),
  sourceId: z.string().min(1),
  sourceKind: SourceKind,
  outlet: z.string().min(1),
  publishedAt: isoDateTime.nullable(),
  checkWorthiness: z.number().min(0).max(1),
  entities: z.array(Entity),
  topics: z.array(z.string()),
});
export type Claim = z.infer<typeof Claim>;

/** A statement published by an official source (ministry, police, government portal). */
export const OfficialStatement = z.object({
  id: z.string().min(1),
  agency: z.string().min(1),
  title: z.string(),
  text: z.string().min(1),
  url: z.string().url().nullable(),
  publishedAt: isoDateTime.nullable(),
  fetchedAt: isoDateTime,
  /** Versions are kept: a correction is a new version, the original stays. */
  version: z.number().int().positive(),
  contentHash: sha256Hex,
});
export type OfficialStatement = z.infer<typeof OfficialStatement>;

/** How an official passage relates to a claim. `contradicts` is not the same as "false". */
export const STANCES = ['supports', 'contradicts', 'nei'] as const;
export const Stance = z.enum(STANCES);
export type Stance = z.infer<typeof Stance>;

export const Span = z.object({ text: z.string(), start: z.number().int(), end: z.number().int() });
export type Span = z.infer<typeof Span>;

export const CONFLICT_KINDS = ['number', 'date', 'place', 'negation', 'outcome', 'organization'] as const;
export const Conflict = z.object({
  kind: z.enum(CONFLICT_KINDS),
  claimSpan: Span,
  evidenceSpan: Span,
});
export type Conflict = z.infer<typeof Conflict>;

export const Match = z.object({
  claimId: z.string().min(1),
  statementId: z.string().min(1),
  score: z.number(),
  stance: Stance,
  evidence: z.string(),
  conflicts: z.array(Conflict),
  /** Which version of the statement answered (a correction is a new version). */
  version: z.number().int().positive().optional(),
  url: z.string().nullable().optional(),
});
export type Match = z.infer<typeof Match>;

/** One reason a flag fired, with the span of the claim that triggered it when there is one. */
export const Signal = z.object({
  id: z.string().min(1),
  /** Vietnamese first; `descriptionEn` carries the English gloss when there is one. */
  description: z.string().min(1),
  descriptionEn: z.string().optional(),
  weight: z.number(),
  span: Span.optional(),
});
export type Signal = z.infer<typeof Signal>;

/** Advice to a human reviewer, never an action: the score, and every reason behind it. */
export const Flag = z.object({
  id: z.string().min(1),
  claimId: z.string().min(1),
  /** The document the claim was taken from (optional: flags written before it was recorded lack it). */
  documentId: z.string().min(1).optional(),
  claimText: z.string().min(1),
  url: z.string().url(),
  sourceId: z.string().min(1),
  sourceKind: SourceKind,
  publishedAt: isoDateTime.nullable(),
  score: z.number().min(0).max(1),
  signals: z.array(Signal),
  matches: z.array(Match),
  topics: z.array(z.string()),
  createdAt: isoDateTime,
});
export type Flag = z.infer<typeof Flag>;

/**
 * A claim that no longer meets the flag rule after a re-score (an official statement now
 * supports it, say): its flag leaves the review queue. Same id as the flag it withdraws.
 */
export const FlagWithdrawal = z.object({
  id: z.string().min(1),
  claimId: z.string().min(1),
  withdrawn: z.literal(true),
  score: z.number().min(0).max(1),
  at: isoDateTime,
});
export type FlagWithdrawal = z.infer<typeof FlagWithdrawal>;

/** What the `flags` topic carries, in order per document: a flag, or the withdrawal of one. */
export const FlagEvent = z.union([FlagWithdrawal, Flag]);
export type FlagEvent = z.infer<typeof FlagEvent>;

/** What the dead-letter topic holds: the stage that gave up, why, and the payload untouched. */
export const DeadLetter = z.object({
  stage: z.string().min(1),
  topic: z.string().min(1),
  partition: z.number().int(),
  offset: z.string(),
  reason: z.string().min(1),
  /** The original message value, as received (UTF-8; invalid bytes are kept as base64 below). */
  payload: z.string(),
  payloadBase64: z.string().optional(),
  failedAt: isoDateTime,
});
export type DeadLetter = z.infer<typeof DeadLetter>;

/** Turns a zod error into one readable line: "field.path: why; other.field: why". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
