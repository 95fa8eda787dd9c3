/**
 * The filters the queue and the trends share: read from the query string with zod, checked
 * against what exists, and turned into one Elasticsearch filter, so a drill-down from a chart
 * lists the flags the chart counted. A value that does not parse, or names a topic or source no
 * flag carries, is refused with the parameter named: never ignored, never sent to Elasticsearch.
 */
import { type Client, type estypes } from '../platform/index.js';
import { z } from 'zod';
import { SourceKind } from '../core/contracts.js';
import type { IndexNames } from '../core/names.js';
import { dashboardTaxonomy } from './labels.js';
import { REVIEW_STATUSES } from './store.js';
import { TIME_ZONE } from './time.js';
import { claimsOfOutlet, outletClause } from './outlets.js';

/** A calendar day written YYYY-MM-DD that exists (no thirtieth of February). */
export const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a day written YYYY-MM-DD')
  .refine((day) => {
    const at = new Date(`${day}T00:00:00Z`);
    return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === day;
  }, 'no such day in the calendar');

/** Bounds of the trends' time range, in days ending today. */
export const TREND_DAYS = { min: 1, max: 90, default: 28 } as const;

const filterShape = {
  topic: z.string().min(1).max(100).optional(),
  sourceKind: SourceKind.optional(),
  /** A source id (`sourceId` of the flags): one site, channel or import. */
  source: z.string().min(1).max(200).optional(),
  /** An outlet's name, or part of it, with or without diacritics (outlets.ts). */
  outlet: z.string().trim().min(1).max(200).optional(),
  /** An official statement's id: the flagged claims it answers. */
  statement: z.string().trim().min(1).max(200).optional(),
};

export interface FlagFilters {
  topic?: string;
  sourceKind?: SourceKind;
  source?: string;
  /** What was typed in the outlet filter: outlets whose folded name holds it. */
  outlet?: string;
  /** The claim ids `outlet` stands for, set by `resolveOutlet`; an outlet not resolved keeps no flag. */
  outletClaims?: readonly string[];
  /** An official statement's id: the flags whose matches or reasons name it (`answeringClause`). */
  statement?: string;
  /** Viet Nam days (inclusive) of the claim's publish time, or of its ingestion when it has none. */
  from?: string;
  to?: string;
}

export const QueueQuery = z
  .object({
    ...filterShape,
    from: isoDay.optional(),
    to: isoDay.optional(),
    status: z.enum(REVIEW_STATUSES).optional(),
    size: z.coerce.number().int().min(1).max(500).default(100),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    path: ['to'],
    message: 'the end day is before the start day',
    params: { reason: 'order' },
  });
export type QueueQuery = z.infer<typeof QueueQuery>;

export const TrendsQuery = z.object({
  ...filterShape,
  days: z.coerce.number().int().min(TREND_DAYS.min).max(TREND_DAYS.max).default(TREND_DAYS.default),
});
export type TrendsQuery = z.infer<typeof TrendsQuery>;

/** Which query parameter was refused, and why (in English, for programs; pages word it themselves). */
export interface InvalidParameter {
  parameter: string;
  /** The value given, when it was one string. */
  value?: string;
  message: string;
  /** What the page says about it. */
  reason: 'day' | 'order' | 'days' | 'choice' | 'unknown-topic' | 'unknown-source' | 'unknown-outlet' | 'unknown-statement' | 'other';
}

function reasonOf(parameter: string, issue: z.ZodIssue): InvalidParameter['reason'] {
  if (issue.code === 'custom' && (issue.params as { reason?: unknown } | undefined)?.reason === 'order') return 'order';
  if (parameter === 'from' || parameter === 'to') return 'day';
  if (parameter === 'days') return 'days';
  if (issue.code === 'invalid_enum_value') return 'choice';
  return 'other';
}

// An empty field of a GET form means "any", not an invalid value.
function dropEmpty(query: unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries((query ?? {}) as Record<string, unknown>).filter(([, v]) => v !== ''));
}

/** The query string through `schema`; the first refused parameter when it does not parse. */
export function parseQuery<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  query: unknown,
): { ok: true; value: T } | { ok: false; invalid: InvalidParameter } {
  const given = dropEmpty(query);
  const parsed = schema.safeParse(given);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0] as z.ZodIssue;
  const parameter = String(issue.path[0] ?? 'query');
  const value = given[parameter];
  return {
    ok: false,
    invalid: {
      parameter,
      ...(typeof value === 'string' ? { value } : {}),
      message: `${parameter}: ${issue.message}`,
      reason: reasonOf(parameter, issue),
    },
  };
}

// Values seen on a flag are remembered a minute, so a filtered queue does not pay a count per request.
const known = new Map<string, number>();
const KNOWN_MS = 60_000;

/** The flags a statement answers: a match or a reason of theirs names it. */
export function answeringClause(statementId: string): estypes.QueryDslQueryContainer {
  return {
    bool: {
      should: [{ term: { 'matches.statementId': statementId } }, { term: { 'reasons.statementId': statementId } }],
      minimum_should_match: 1,
    },
  };
}

async function carriedByAFlag(es: Client, names: IndexNames, field: 'topics' | 'sourceId' | 'statement', value: string): Promise<boolean> {
  const key = JSON.stringify([names.flags, field, value]);
  if ((known.get(key) ?? 0) > Date.now()) return true;
  const query = field === 'statement' ? answeringClause(value) : { term: { [field]: value } };
  const { count } = await es.count({ index: names.flags, query });
  if (count === 0) return false;
  if (known.size > 5_000) known.clear();
  known.set(key, Date.now() + KNOWN_MS);
  return true;
}

/** Whether the statements index holds a statement of this id (no index yet: none). */
async function statementExists(es: Client, names: IndexNames, statementId: string): Promise<boolean> {
  const { count } = await es.count({ index: names.statements, ignore_unavailable: true, query: { term: { statementId } } });
  return count > 0;
}

/**
 * A topic neither the taxonomy nor any flag knows, a source no flag comes from, or a statement
 * neither indexed nor named by a flag, is a typo or a broken link: said so, instead of an empty
 * page that looks like "nothing to review". A topic the taxonomy has dropped still filters while
 * flags carry it; a statement that answers no claim yet filters to an empty queue.
 */
export async function unknownFilterValue(
  es: Client,
  names: IndexNames,
  filters: Pick<FlagFilters, 'topic' | 'source' | 'statement'>,
): Promise<InvalidParameter | undefined> {
  const { topic, source, statement } = filters;
  if (
    topic !== undefined &&
    !dashboardTaxonomy().topics.some((t) => t.id === topic) &&
    !(await carriedByAFlag(es, names, 'topics', topic))
  ) {
    return {
      parameter: 'topic',
      value: topic,
      message: `topic: no topic "${topic}" in the taxonomy or on any flag`,
      reason: 'unknown-topic',
    };
  }
  if (source !== undefined && !(await carriedByAFlag(es, names, 'sourceId', source))) {
    return { parameter: 'source', value: source, message: `source: no flag comes from a source "${source}"`, reason: 'unknown-source' };
  }
  if (
    statement !== undefined &&
    !(await carriedByAFlag(es, names, 'statement', statement)) &&
    !(await statementExists(es, names, statement))
  ) {
    return {
      parameter: 'statement',
      value: statement,
      message: `statement: no official statement "${statement}" is indexed or answers a flag`,
      reason: 'unknown-statement',
    };
  }
  return undefined;
}

/**
 * The outlet filter made a claim-id filter (the flags do not carry their outlet): the claims of the
 * flags the other filters keep whose outlet holds what was typed. An outlet no flag comes from is
 * refused like an unknown source.
 */
export async function resolveOutlet<T extends FlagFilters>(
  es: Client,
  names: IndexNames,
  filters: T,
): Promise<{ ok: true; value: T } | { ok: false; invalid: InvalidParameter }> {
  const { outlet } = filters;
  if (outlet === undefined) return { ok: true, value: filters };
  const claims = await claimsOfOutlet(es, names, outlet, flagFilter({ ...filters, outlet: undefined }));
  if (!claims) {
    return {
      ok: false,
      invalid: {
        parameter: 'outlet',
        value: outlet,
        message: `outlet: no flag comes from an outlet "${outlet}"`,
        reason: 'unknown-outlet',
      },
    };
  }
  return { ok: true, value: { ...filters, outletClaims: claims } };
}

/**
 * When a claim counts: its publish time, or its ingestion time for a flag without one, on Viet Nam
 * days. Both bounds inclusive; a missing bound is open.
 */
export function claimTimeRange(from: string | undefined, to: string | undefined): estypes.QueryDslQueryContainer {
  const range = (field: string): estypes.QueryDslQueryContainer => ({
    range: { [field]: { ...(from ? { gte: `${from}||/d` } : {}), ...(to ? { lte: `${to}||/d` } : {}), time_zone: TIME_ZONE } },
  });
  return {
    bool: {
      should: [range('publishedAt'), { bool: { must_not: [{ exists: { field: 'publishedAt' } }], filter: [range('createdAt')] } }],
      minimum_should_match: 1,
    },
  };
}

/** The flags index filter for a set of filters (an empty list: every flag). */
export function flagFilter(filters: FlagFilters): estypes.QueryDslQueryContainer[] {
  const filter: estypes.QueryDslQueryContainer[] = [];
  if (filters.topic) filter.push({ term: { topics: filters.topic } });
  if (filters.sourceKind) filter.push({ term: { sourceKind: filters.sourceKind } });
  if (filters.source) filter.push({ term: { sourceId: filters.source } });
  if (filters.outlet !== undefined) filter.push(outletClause(filters.outletClaims ?? []));
  if (filters.statement) filter.push(answeringClause(filters.statement));
  if (filters.from || filters.to) filter.push(claimTimeRange(filters.from, filters.to));
  return filter;
}

/** The query string (without `?`) of the queue for these filters, status included; empty for none. */
export function queueSearch(filters: FlagFilters & { status?: string }): string {
  const params = new URLSearchParams();
  for (const key of ['topic', 'sourceKind', 'source', 'outlet', 'statement', 'status', 'from', 'to'] as const) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  return params.toString();
}

/** The queue for these filters (drill-down links). */
export function queueHref(filters: FlagFilters & { status?: string }): string {
  const query = queueSearch(filters);
  return query ? `/queue?${query}` : '/queue';
}
