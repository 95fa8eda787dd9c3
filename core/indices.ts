/**
 * What crosses the Elasticsearch boundary: the mapping of every index family (core/names.ts
 * names them) and the shape of every document read back. Plain objects, no client types: the
 * platform casts a mapping to the client's type where it creates the index.
 *
 * Vietnamese folding and segmentation happen in our code (classifiers/text), and the derived
 * forms are indexed as their own fields, analysed by the standard analyzer: `text` keeps the
 * diacritics, `text_folded` holds the folded form ("cong an" for "Công an"), `.exact` is a
 * keyword. This works the same on the stripped Maven distribution (no analysis-common, so no
 * asciifolding) and on a full Elasticsearch, and it folds đ→d, which generic folding misses.
 */
import { z } from 'zod';
import { Claim, describeIssues, DocumentSentence, Flag, SourceDocument } from './contracts.js';
import { SentinelError } from './errors.js';
import type { IndexNames } from './names.js';

/** The part of Elasticsearch's field mapping this project uses. */
export interface FieldMapping {
  type: 'keyword' | 'date' | 'text' | 'integer' | 'float' | 'boolean' | 'object';
  analyzer?: 'standard';
  index?: boolean;
  ignore_above?: number;
  fields?: Record<string, FieldMapping>;
  properties?: Record<string, FieldMapping>;
}

export interface IndexMapping {
  /** false: a new field is kept in _source without a mapping change; 'strict': an unknown field is refused. */
  dynamic: false | 'strict';
  properties: Record<string, FieldMapping>;
}

/** The name of the folded form of a field ("text" → "text_folded"): one spelling for the writers and the queries. */
export function folded<F extends string>(field: F): `${F}_folded` {
  return `${field}_folded`;
}

/** The folded fields of each index family, written by the pipeline (and the statements indexer) and queried by the dashboards. */
export const FOLDED_FIELDS = {
  documents: [folded('title'), folded('text')],
  sentences: [folded('text')],
  claims: [folded('text')],
  flags: [folded('claimText')],
  statements: [folded('text')],
  reviews: [],
  users: [],
} as const satisfies Record<keyof IndexNames, readonly string[]>;

const keyword: FieldMapping = { type: 'keyword' };
const date: FieldMapping = { type: 'date' };
const analysed: FieldMapping = { type: 'text', analyzer: 'standard' };
const analysedWithExact = (ignoreAbove: number): FieldMapping => ({
  type: 'text',
  analyzer: 'standard',
  fields: { exact: { type: 'keyword', ignore_above: ignoreAbove } },
});
const foldedField: FieldMapping = { type: 'text', analyzer: 'standard' };

// dynamic: false — contracts grow by adding fields; a new field is kept in _source (and so in
// the API) without a mapping change, and never turns a whole message into a dead letter.
export const DOCUMENT_MAPPINGS: IndexMapping = {
  dynamic: false,
  properties: {
    id: keyword,
    url: keyword,
    canonicalUrl: keyword,
    sourceId: keyword,
    sourceKind: keyword,
    outlet: keyword,
    title: analysedWithExact(512),
    [folded('title')]: foldedField,
    text: { type: 'text', analyzer: 'standard' },
    [folded('text')]: foldedField,
    publishedAt: date,
    indexedAt: date,
    fetchedAt: date,
    language: keyword,
    contentHash: keyword,
    topics: keyword,
  },
};

export const SENTENCE_MAPPINGS: IndexMapping = {
  dynamic: false,
  properties: {
    id: keyword,
    documentId: keyword,
    position: { type: 'integer' },
    text: analysedWithExact(1024),
    [folded('text')]: foldedField,
    url: keyword,
    sourceId: keyword,
    sourceKind: keyword,
    publishedAt: date,
    indexedAt: date,
  },
};

const entityFields: FieldMapping = {
  type: 'object',
  properties: { kind: keyword, text: keyword, value: keyword },
};

export const CLAIM_MAPPINGS: IndexMapping = {
  dynamic: false,
  properties: {
    id: keyword,
    documentId: keyword,
    sentenceIndex: { type: 'integer' },
    text: analysedWithExact(1024),
    [folded('text')]: foldedField,
    url: keyword,
    sourceId: keyword,
    sourceKind: keyword,
    outlet: keyword,
    publishedAt: date,
    indexedAt: date,
    checkWorthiness: { type: 'float' },
    entities: entityFields,
    topics: keyword,
    attribution: { type: 'object', properties: { frame: keyword, rebuttedInDocument: { type: 'boolean' } } },
    scam: { type: 'object', properties: { campaign: keyword, score: { type: 'float' } } },
  },
};

export const FLAG_MAPPINGS: IndexMapping = {
  dynamic: false,
  properties: {
    id: keyword,
    claimId: keyword,
    documentId: keyword,
    claimText: analysedWithExact(1024),
    [folded('claimText')]: foldedField,
    url: keyword,
    sourceId: keyword,
    sourceKind: keyword,
    publishedAt: date,
    indexedAt: date,
    score: { type: 'float' },
    signals: {
      type: 'object',
      properties: { id: keyword, description: { type: 'text', analyzer: 'standard' }, weight: { type: 'float' } },
    },
    // What fired (filter the queue by reason), who asserts it, and the scam campaign it belongs to.
    reasons: { type: 'object', properties: { kind: keyword, statementId: keyword } },
    attribution: { type: 'object', properties: { frame: keyword } },
    campaign: keyword,
    matches: {
      type: 'object',
      properties: {
        statementId: keyword,
        stance: keyword,
        score: { type: 'float' },
        evidence: { type: 'text', analyzer: 'standard' },
        conflicts: { type: 'object', properties: { kind: keyword } },
      },
    },
    topics: keyword,
    createdAt: date,
    // When the claim was first flagged: index-flags keeps it when a re-score rewrites createdAt.
    firstFlaggedAt: date,
  },
};

/**
 * Passages of official statements (classifiers/matching indexes them). The folded text, the
 * segmented words and the syllable shingles are computed in code, all analysed by `standard`.
 */
export const STATEMENT_MAPPINGS: IndexMapping = {
  dynamic: 'strict',
  properties: {
    statementId: keyword,
    version: { type: 'integer' },
    passage: { type: 'integer' },
    agency: keyword,
    title: analysed,
    url: keyword,
    publishedAt: { type: 'date' },
    // Set by the pipeline's indexer (freshness); absent when `sentinel match` indexes directly.
    indexedAt: { type: 'date' },
    text: analysed,
    [folded('text')]: analysed,
    words: analysed,
    shingles: analysed,
    numbers: keyword,
    dates: keyword,
    places: keyword,
    organizations: keyword,
  },
};

/** Dashboard accounts; API tokens live beside them, told apart by `kind`. */
export const USER_MAPPINGS: IndexMapping = {
  dynamic: false,
  properties: {
    name: keyword,
    role: keyword,
    passwordHash: { type: 'keyword', index: false },
    createdAt: { type: 'date' },
    // API tokens live beside the accounts, told apart by `kind`.
    kind: keyword,
    tokenHash: { type: 'keyword', index: false },
    creator: keyword,
    lastUsedAt: { type: 'date' },
    revoked: { type: 'boolean' },
    // The claims a reviewer follows (kind 'answers'): whose they are, which claim, the answers already known.
    owner: keyword,
    flagId: keyword,
    statements: keyword,
    updatedAt: { type: 'date' },
    // Saved views (kind 'view'): the page they filter, and whether they are an alert and when it was last checked.
    page: keyword,
    search: { type: 'keyword', index: false },
    alert: { type: 'boolean' },
    checkedAt: { type: 'date' },
  },
};

/** The append-only review audit trail. */
export const REVIEW_MAPPINGS: IndexMapping = {
  dynamic: false,
  properties: {
    id: keyword,
    flagId: keyword,
    action: keyword,
    verdict: keyword,
    note: { type: 'text', analyzer: 'standard' },
    assignee: keyword,
    by: keyword,
    at: { type: 'date' },
  },
};

/** Every index family's mapping, by its name in core/names.ts. */
export const INDEX_MAPPINGS: Readonly<Record<keyof IndexNames, IndexMapping>> = {
  documents: DOCUMENT_MAPPINGS,
  sentences: SENTENCE_MAPPINGS,
  claims: CLAIM_MAPPINGS,
  statements: STATEMENT_MAPPINGS,
  flags: FLAG_MAPPINGS,
  reviews: REVIEW_MAPPINGS,
  users: USER_MAPPINGS,
};

// Read-back shapes. Each is the contract a writer indexed, plus the index-only fields, with
// passthrough: a field added later is kept, not dropped, by a reader built before it.

const indexOnly = { indexedAt: z.string().optional() };
const foldedText = z.string().optional();

export const DocumentDoc = SourceDocument.extend({ ...indexOnly, title_folded: foldedText, text_folded: foldedText }).passthrough();
export type DocumentDoc = z.infer<typeof DocumentDoc>;

export const SentenceDoc = DocumentSentence.extend({ ...indexOnly, text_folded: foldedText }).passthrough();
export type SentenceDoc = z.infer<typeof SentenceDoc>;

export const ClaimDoc = Claim.extend({ ...indexOnly, text_folded: foldedText }).passthrough();
export type ClaimDoc = z.infer<typeof ClaimDoc>;

// firstFlaggedAt is index-flags' (absent from flags indexed before it was kept).
export const FlagDoc = Flag.extend({ ...indexOnly, claimText_folded: foldedText, firstFlaggedAt: z.string().optional() }).passthrough();
export type FlagDoc = z.infer<typeof FlagDoc>;

/** One passage of an official statement, as classifiers/matching writes it. */
export const StatementPassage = z.object({
  statementId: z.string(),
  version: z.number().int(),
  passage: z.number().int(),
  agency: z.string(),
  title: z.string(),
  url: z.string().nullable(),
  publishedAt: z.string().nullable(),
  text: z.string(),
  text_folded: z.string(),
  words: z.string(),
  shingles: z.string(),
  numbers: z.array(z.string()),
  dates: z.array(z.string()),
  places: z.array(z.string()),
  organizations: z.array(z.string()),
});
export type StatementPassage = z.infer<typeof StatementPassage>;
/** A passage read back: the pipeline's indexer adds `indexedAt`. */
export const StatementPassageDoc = StatementPassage.extend(indexOnly).passthrough();
export type StatementPassageDoc = z.infer<typeof StatementPassageDoc>;

export const ROLES = ['analyst', 'press', 'supervisor', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const VERDICTS = ['misleading', 'false', 'scam'] as const;
export const Verdict = z.enum(VERDICTS);
export type Verdict = z.infer<typeof Verdict>;

export const REVIEW_ACTIONS = ['confirm', 'dismiss', 'needs-more-work', 'note', 'assign'] as const;
export const ReviewAction = z.enum(REVIEW_ACTIONS);
export type ReviewAction = z.infer<typeof ReviewAction>;

/** One entry of the audit trail. `by`/`at` are set by the server, never taken from the client. */
export const ReviewDoc = z
  .object({
    id: z.string(),
    flagId: z.string(),
    action: ReviewAction,
    verdict: Verdict.optional(),
    note: z.string().optional(),
    assignee: z.string().optional(),
    by: z.string(),
    at: z.string(),
  })
  .passthrough();
export type ReviewDoc = z.infer<typeof ReviewDoc>;

/** A dashboard account as stored. */
export const UserDoc = z.object({ name: z.string(), role: Role, passwordHash: z.string(), createdAt: z.string() }).passthrough();
export type UserDoc = z.infer<typeof UserDoc>;

/** An API token as stored: its secret only as a SHA-256 hash. */
export const ApiTokenDoc = z
  .object({
    kind: z.literal('token'),
    id: z.string(),
    name: z.string(),
    tokenHash: z.string(),
    creator: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().optional(),
    revoked: z.boolean(),
  })
  .passthrough();
export type ApiTokenDoc = z.infer<typeof ApiTokenDoc>;

/**
 * A claim a reviewer follows, beside the accounts: the official statements answering it that the
 * reviewer already knows of (those it had when they reviewed it, were assigned it or last opened it).
 */
export const FollowedClaimDoc = z
  .object({
    kind: z.literal('answers'),
    owner: z.string(),
    flagId: z.string(),
    statements: z.array(z.string()),
    updatedAt: z.string(),
  })
  .passthrough();
export type FollowedClaimDoc = z.infer<typeof FollowedClaimDoc>;

/** A user's saved filter of the queue or the trends, beside the accounts; an alert when `alert` is set. */
export const SavedViewDoc = z
  .object({
    kind: z.literal('view'),
    id: z.string(),
    owner: z.string(),
    name: z.string(),
    page: z.enum(['queue', 'trends']),
    /** The filters as a query string without `?`, as the page reads them. */
    search: z.string(),
    createdAt: z.string(),
    alert: z.boolean(),
    /** Flags scored after this are new to the alert. */
    checkedAt: z.string().optional(),
  })
  .passthrough();
export type SavedViewDoc = z.infer<typeof SavedViewDoc>;

/**
 * A document read back from an index, checked against its shape. A document that does not fit
 * is a bug or a foreign write: it stops the request with an error naming the index, the id and
 * what is wrong (logged, and shown as an error page), rather than a page built on a wrong guess.
 */
export function readBack<S extends z.ZodTypeAny>(schema: S, hit: { _index?: string; _id?: string | null; _source?: unknown }): z.output<S> {
  const parsed = schema.safeParse(hit._source);
  if (parsed.success) return parsed.data;
  throw new SentinelError(
    'document-invalid',
    `document ${hit._id ?? '(no id)'} of ${hit._index ?? 'an index'} does not fit its shape: ${describeIssues(parsed.error)}`,
    { retriable: false },
  );
}
