/**
 * The data contracts every stage imports: one zod schema per message kind, and the
 * TypeScript types derived from them. Every boundary (Kafka in, Kafka out, HTTP, files)
 * validates with these, so a malformed message is caught where it enters, with a reason.
 */
import { z } from 'zod';
import { DEAD_LETTER_CODES, type DeadLetterCode } from './errors.js';

/** `submission`: a message a member of the public sent in (tipline, SMS), not crawled. */
export const SOURCE_KINDS = ['news', 'social', 'official', 'submission'] as const;
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
  /** Security topics (classifiers/topics), tagged once where the document enters the pipeline; computed by the stages when a producer left them out. */
  topics: z.array(z.string()).optional(),
  /**
   * Where each sentence lies, `[start, end)` in the normalised text (classifiers/text/sentences.ts),
   * split once where the document enters the pipeline; the stages split the text themselves when a
   * producer left them out or they do not fit the text.
   */
  sentences: z.array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])).optional(),
  /** Tipline submissions (crawlers/tipline.ts): how it came in and the sender's role, never the name. */
  submission: z
    .object({
      by: z.string().min(1),
      via: z.enum(['text', 'link', 'image']),
      link: z.string().url().optional(),
      /** The image as kept, by content hash. */
      image: z
        .object({ sha256: sha256Hex, type: z.enum(['image/png', 'image/jpeg', 'image/webp']), bytes: z.number().int().positive() })
        .optional(),
      /** Tesseract's mean word confidence on the image, 0–1. */
      ocrConfidence: z.number().min(0).max(1).optional(),
    })
    .optional(),
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

/** The last four are a scam message's indicators (classifiers/scoring/scam-message.ts): they tie messages of one campaign together. */
export const ENTITY_KINDS = ['number', 'date', 'place', 'organization', 'person-title', 'phone', 'link', 'domain', 'bank-account'] as const;
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

export const Span = z.object({ text: z.string(), start: z.number().int(), end: z.number().int() });
export type Span = z.infer<typeof Span>;

/**
 * Who asserts what. `asserts`: the author states it; `reports`: the author relays what someone
 * (an official, "mạng xã hội", a victim) says; `warns`: a warning that describes a scheme;
 * `denies`: the sentence calls something false; `quotes`: a quoted message or speech. A sentence
 * that reports or warns about a rumour is not the rumour.
 */
export const FRAMES = ['asserts', 'reports', 'warns', 'denies', 'quotes'] as const;
export const Frame = z.enum(FRAMES);
export type Frame = z.infer<typeof Frame>;

export const Attribution = z.object({
  frame: Frame,
  /** Who the text attributes it to, as written ("mạng xã hội", "Đại tá Nguyễn Văn A", "Bộ Công an"), when it says. */
  attributedTo: z.string().nullable(),
  /** The words that set the frame ("lan truyền thông tin", "cảnh báo thủ đoạn", "không đúng sự thật"). */
  cue: Span.nullable(),
  /** The embedded proposition, the part matched against official statements (the whole sentence for `asserts`). */
  proposition: Span,
  /** The same document denies or warns against what this sentence relays (so it agrees with a rebuttal). */
  rebuttedInDocument: z.boolean(),
});
export type Attribution = z.infer<typeof Attribution>;

/** A social post or submitted message that reads as a scam itself: what fired, and its indicators. */
export const ScamEvidence = z.object({
  score: z.number().min(0).max(1),
  cues: z.array(z.object({ id: z.string().min(1), vi: z.string().min(1), en: z.string().min(1), text: z.string() })),
  /** Phone numbers, links, domains, bank accounts and the impersonated agency, as entities. */
  indicators: z.array(Entity),
  /** Messages sharing their strongest indicator share this key (one campaign in the queue). */
  campaign: z.string().nullable(),
});
export type ScamEvidence = z.infer<typeof ScamEvidence>;

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
  /** Optional only so claims produced before frames existed still parse; the extractor always sets it. */
  attribution: Attribution.optional(),
  /** Set on the sentence that carries a scam message's request (social posts and submissions only). */
  scam: ScamEvidence.optional(),
  /** Tipline submissions: the sender's role (never the name). */
  submittedBy: z.string().min(1).optional(),
  /**
   * Set when the document held more claims than the per-document cap (SENTINEL_MAX_CLAIMS_PER_DOCUMENT):
   * how many it held and how many (the most check-worthy) were kept; the rest are counted, not matched.
   */
  capped: z.object({ found: z.number().int().positive(), kept: z.number().int().nonnegative() }).optional(),
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

/** `wording`: no typed difference, only the words the claim puts in place of the evidence's. */
export const CONFLICT_KINDS = ['number', 'date', 'place', 'negation', 'outcome', 'organization', 'wording'] as const;
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
  /** `denial`: the passage restates this proposition and calls it false; `model`: the stance model decided. */
  basis: z.enum(['model', 'denial']).optional(),
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

/**
 * Why a claim is in the review queue; each names what fired and its evidence.
 * `contradicts-official`: an official statement contradicts what the claim asserts or relays;
 * `denied-by-official`: an official statement restated this proposition and called it false;
 * `scam-message`: the text is itself a scam or impersonation message (not a report of one);
 * `suspicious-text`: the text-only score alone, above a threshold calibrated on real news.
 */
export const FLAG_REASONS = ['contradicts-official', 'denied-by-official', 'scam-message', 'suspicious-text'] as const;
export const FlagReasonKind = z.enum(FLAG_REASONS);
export type FlagReasonKind = z.infer<typeof FlagReasonKind>;

export const FlagReason = z.object({
  kind: FlagReasonKind,
  description: z.string().min(1),
  descriptionEn: z.string().min(1),
  statementId: z.string().optional(),
  url: z.string().nullable().optional(),
  /** The passage of the official statement that answers the claim. */
  evidence: z.string().optional(),
  /** What conflicts: the span in the claim and the span in `evidence`. */
  claimSpan: Span.optional(),
  evidenceSpan: Span.optional(),
  /** For `scam-message`: the phone numbers, links, domains, accounts and impersonated agency. */
  indicators: z.array(Entity).optional(),
});
export type FlagReason = z.infer<typeof FlagReason>;

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
  /** What fired (optional only so flags written before reasons existed still parse). */
  reasons: z.array(FlagReason).optional(),
  attribution: Attribution.optional(),
  /** Scam messages sharing an indicator (phone, domain, account) share this key: one campaign in the queue. */
  campaign: z.string().optional(),
  /** Tipline submissions: the sender's role (never the name). */
  submittedBy: z.string().min(1).optional(),
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

const DeadLetterError = z.object({ message: z.string().min(1), at: isoDateTime });

/** What the dead-letter topic holds: the stage that gave up, why, and the payload untouched. */
export const DeadLetter = z.object({
  stage: z.string().min(1),
  topic: z.string().min(1),
  partition: z.number().int(),
  offset: z.string(),
  reason: z.string().min(1),
  /** The kind of failure, from the catalogue in core/errors.ts. */
  code: z.enum(Object.keys(DEAD_LETTER_CODES) as [DeadLetterCode, ...DeadLetterCode[]]),
  /** Whether the failure may pass on a later try: a replay of this letter can succeed. */
  retriable: z.boolean(),
  /** How often the stage tried the message, decoding included; outages between tries count too. */
  attempts: z.number().int().positive(),
  /** The first and the last error met while trying it. */
  firstError: DeadLetterError,
  lastError: DeadLetterError,
  /** The original message value, as received (UTF-8; invalid bytes are kept as base64 below). */
  payload: z.string(),
  payloadBase64: z.string().optional(),
  /** The whole message's size and hash: the payload above is cut when the message is large. */
  payloadBytes: z.number().int().nonnegative().optional(),
  payloadSha256: sha256Hex.optional(),
  truncated: z.boolean().optional(),
  failedAt: isoDateTime,
});
export type DeadLetter = z.infer<typeof DeadLetter>;

/** Turns a zod error into one readable line: "field.path: why; other.field: why". */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`).join('; ');
}

/**
 * Where crawled and submitted documents go (Kafka in production): the crawler and the tipline
 * receive one instead of a producer, so they know nothing of the broker.
 */
export interface DocumentSink {
  document: (doc: SourceDocument) => Promise<void>;
  statement: (statement: OfficialStatement) => Promise<void>;
}
