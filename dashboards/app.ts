/**
 * The web application people open: the press officers' search (public, as in the first
 * version), and behind a login the analysts' review queue with its append-only audit trail.
 * The app is built apart from `listen` (fastify's testing guide), so tests use `inject()`.
 */
import { type Client, elasticsearchErrors as errors } from '../platform/index.js';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { highlightHtml } from '../classifiers/text/highlight.js';
import { describeIssues, type SourceDocument } from '../core/contracts.js';
import {
  FetchError,
  fetchPage,
  IMAGE_TYPES,
  inspect,
  MAX_IMAGE_BYTES,
  MAX_POST_CHARS,
  type OcrResult,
  prepareSubmission,
  type Submission,
  SubmissionError,
} from '../crawlers/index.js';
import type { IndexNames } from '../core/names.js';
import { searchSentences } from './sentence-search.js';
import {
  bearerToken,
  can,
  csrfMatches,
  homeFor,
  INTEGRATION_PERMISSIONS,
  LoginFailures,
  SESSION_COOKIE,
  SessionStore,
  type Permission,
  type Session,
} from './auth.js';
import {
  alertsPage,
  claimPage,
  errorPage,
  MAX_VIEW_NAME,
  loginPage,
  queuePage,
  searchPage,
  statementPage,
  statementsPage,
  submitPage,
  tokensPage,
  trendsPage,
  usersPage,
  viewsPage,
  type ActionRefusal,
  type Lang,
  type TokensPageOptions,
  type UserRefusal,
  type UsersPageOptions,
  type Viewer,
  type ViewRefusal,
  type ViewsPageOptions,
} from './pages.js';
import { canonicalSearch, checkAlert, countNewFlags, VIEW_PAGES, type AlertResult } from './views.js';
import { claimsAnswering, COPY_SCRIPT, loadStatement, searchStatements, statementsAnswering, statementSummaries } from './statements.js';
import {
  isoDay,
  parseQuery,
  QueueQuery,
  queueSearch,
  resolveOutlet,
  TrendsQuery,
  unknownFilterValue,
  type FlagFilters,
  type InvalidParameter,
} from './filters.js';
import {
  cachedQueueLoader,
  claimReviewJsonLd,
  loadFlag,
  loadNarrative,
  loadQueue,
  type QueueFilters,
  type QueueItem,
  type QueueLoader,
} from './queue.js';
import { loadTrends, TRENDS_SCRIPT, trendsRange } from './trends.js';
import { exportClaims, exportFileName } from './export.js';
import { outletChoices } from './outlets.js';
import { SHORTCUTS_SCRIPT } from './shortcuts.js';
import { answeringStatements, countNewlyAnswered, involves, newlyAnswered } from './answers.js';
import { vietnamDay } from './time.js';
import {
  appendReview,
  createApiToken,
  createUser,
  createView,
  currentState,
  deleteView,
  ensureDashboardIndices,
  findUser,
  findView,
  followClaim,
  INTEGRATION_ROLE,
  LastAdminError,
  listApiTokens,
  listUsers,
  listViews,
  MIN_PASSWORD_CHARS,
  revokeApiToken,
  reviewsFor,
  Role,
  setUserRole,
  TOKEN_NAME,
  TooManyViewsError,
  updateView,
  USER_NAME,
  UserExistsError,
  Verdict,
  verifyApiToken,
  verifyPassword,
  VIEW_ID,
  type ApiTokenView,
  type SavedView,
} from './store.js';

export interface DashboardOptions {
  es: Client;
  names: IndexNames;
  logger?: boolean;
  /** Set when served over https or behind a TLS-terminating proxy: cookies get `Secure`. */
  secureCookies?: boolean;
  /** Login attempts allowed per client address and window (default 10 per minute). */
  loginRateLimit?: { max: number; timeWindowMs: number };
  /** Failed logins allowed per user name, from any address, and window (default 10 per 15 minutes). */
  accountLoginRateLimit?: { max: number; timeWindowMs: number };
  /** Author of exported ClaimReviews. */
  organization?: string;
  sessions?: SessionStore;
  /** How long the queue's grouped flags are shared between requests (default 2,000 ms; 0 reads them on every request). */
  queueCacheMs?: number;
  /** The tipline (POST /api/submissions): where submissions go. Absent, the tipline answers 503. */
  tipline?: TiplineOptions;
  /** Flags read per Elasticsearch request by a CSV export (default 1,000). */
  exportPageSize?: number;
  /** The most answered claims a statement's page lists (default MAX_ANSWERED, 200); the page counts the rest. */
  statementClaimsLimit?: number;
}

export interface TiplineOptions {
  /** Sends a submission's document to `documents.raw`. */
  publish: (document: SourceDocument) => Promise<void>;
  /** Where submitted images are kept, by content hash. */
  imageDir: string;
  /** Submissions allowed per user and window (default 30 per minute). */
  rateLimit?: { max: number; timeWindowMs: number };
  /** Links are fetched from private addresses too (tests and local sites only). */
  allowPrivateNetwork?: boolean;
  ocr?: (bytes: Uint8Array) => Promise<OcrResult>;
}

const SubmissionBody = z.union([
  z.object({ text: z.string().trim().min(1).max(MAX_POST_CHARS) }).strict(),
  z.object({ url: z.string().url().max(2000) }).strict(),
]);

const MAX_QUERY_CHARS = 500;

const searchQuerySchema = {
  type: 'object',
  properties: {
    q: { type: 'string', maxLength: MAX_QUERY_CHARS, default: '' },
    size: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
  },
} as const;

interface SearchQuery {
  q: string;
  size: number;
}

const StatementsQuery = z.object({
  q: z.string().max(MAX_QUERY_CHARS).default(''),
  agency: z.string().max(200).optional(),
  from: isoDay.optional(),
  to: isoDay.optional(),
  size: z.coerce.number().int().min(1).max(100).default(20),
  claim: z.string().max(2000).optional(),
});

// Every verdict problem, a missing one included, says what to do about it.
const ChosenVerdict = z.enum(Verdict.options, {
  errorMap: () => ({ message: `choose a verdict (${Verdict.options.join(', ')}) before confirming` }),
});

/** One action; `by` and `at` are never read from the client. */
export const ActionBody = z.discriminatedUnion('action', [
  z.object({ action: z.literal('confirm'), verdict: ChosenVerdict }),
  z.object({ action: z.literal('dismiss') }),
  z.object({ action: z.literal('needs-more-work') }),
  z.object({ action: z.literal('note'), note: z.string().trim().min(1).max(2000) }),
  z.object({ action: z.literal('assign'), assignee: z.string().regex(/^[a-z0-9._-]{2,64}$/) }),
]);

const LoginBody = z.object({ name: z.string().max(64), password: z.string().max(1024) });
const NewUserBody = z.object({
  name: z.string().regex(USER_NAME, '2–64 characters among a-z 0-9 . _ -'),
  role: Role,
  password: z.string().min(MIN_PASSWORD_CHARS, `at least ${MIN_PASSWORD_CHARS} characters`).max(1024),
});
const RoleBody = z.object({ role: Role });
const NewTokenBody = z.object({ name: z.string().regex(TOKEN_NAME, '2–64 characters among a-z 0-9 . _ -') });
const TokensDone = z.object({
  revoked: z
    .string()
    .regex(/^[0-9a-f]{16}$/)
    .optional(),
});
/** The routes an API token may call, with the permission each needs. */
const TOKEN_ROUTES: Readonly<Record<string, Permission>> = { 'POST /api/submissions': 'submissions:write' };

const ViewBody = z.object({
  name: z.string().trim().min(1).max(MAX_VIEW_NAME),
  page: z.enum(VIEW_PAGES),
  search: z.string().max(2000).default(''),
});
const AlertBody = z.object({ alert: z.enum(['on', 'off']) });
const CheckedBody = z.object({ through: z.string().datetime() });
/** What the views and alerts pages say after a form's redirect. */
const ViewsDone = z.object({ saved: z.string().regex(VIEW_ID).optional(), deleted: z.string().max(MAX_VIEW_NAME).optional() });
const AlertsDone = z.object({ checked: z.string().regex(VIEW_ID).optional() });

/** What the admin page says after its forms' redirect; anything else in the query is ignored. */
const UsersDone = z.object({ created: z.string().regex(USER_NAME).optional(), updated: z.string().regex(USER_NAME).optional() });

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function isForm(request: FastifyRequest): boolean {
  return (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
}

/**
 * Defence in depth against injected markup: scripts only from our own origin, no framing. On
 * every response: no type sniffing; no referrer (a link out to a source must not tell it which
 * claim an analyst was reviewing); nothing cached unless a route says so (after logout, Back
 * must not show the queue from the browser's cache).
 */
function protect(reply: FastifyReply, html: boolean): void {
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'no-referrer');
  if (reply.getHeader('cache-control') === undefined) reply.header('cache-control', 'no-store');
  if (html)
    reply.header(
      'content-security-policy',
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'",
    );
}

export function buildDashboardApp(options: DashboardOptions): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: options.secureCookies ?? false,
    // An address that does not decode is refused before routing, where the app's hooks do not run:
    // without this, fastify answers it bare, without the headers every other response has.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      const page = !request.url.startsWith('/api/');
      protect(reply, page);
      if (page) return reply.code(400).type('text/html; charset=utf-8').send(errorPage('vi', 400));
      return reply.code(400).send({ error: 'bad request', message: error.message });
    },
  });
  const sessions = options.sessions ?? new SessionStore();
  const { es, names } = options;
  const limit = options.loginRateLimit ?? { max: 10, timeWindowMs: 60_000 };
  const accountLimit = options.accountLoginRateLimit ?? { max: 10, timeWindowMs: 15 * 60_000 };
  const loginFailures = new LoginFailures(accountLimit.max, accountLimit.timeWindowMs);
  const cacheMs = options.queueCacheMs ?? 2_000;
  const queue: QueueLoader = cacheMs > 0 ? cachedQueueLoader(es, names, cacheMs) : (filters, size) => loadQueue(es, names, filters, size);

  // The accounts and audit indices exist before the first request (idempotent).
  app.addHook('onReady', async () => {
    await ensureDashboardIndices(es, names);
  });

  app.register(cookie);
  app.register(formbody);
  app.register(rateLimit, { global: false });

  // A request that names a token is that token's or nobody's: its cookies never make it a session.
  const sessionOf = (request: FastifyRequest): Session | undefined =>
    request.headers.authorization === undefined ? sessions.get(request.cookies[SESSION_COOKIE]) : undefined;
  /** The integration behind each request authenticated by its API token. */
  const integrations = new WeakMap<FastifyRequest, ApiTokenView>();
  const langOf = (request: FastifyRequest, reply: FastifyReply): Lang => {
    const asked = (request.query as Record<string, unknown> | undefined)?.lang;
    if (asked === 'en' || asked === 'vi') {
      reply.setCookie('lang', asked, { path: '/', sameSite: 'strict', httpOnly: true, secure: options.secureCookies ?? false });
      return asked;
    }
    return request.cookies.lang === 'en' ? 'en' : 'vi';
  };

  /** Answers 401/403 (or redirects a page to the login) and returns undefined when not allowed. */
  const guard = (request: FastifyRequest, reply: FastifyReply, permission: Permission, page = false): Session | undefined => {
    const session = sessionOf(request);
    if (!session) {
      if (page) void reply.redirect('/login', 303);
      else void reply.code(401).send({ error: 'login required' });
      return undefined;
    }
    if (!can(session.role, permission)) {
      if (page)
        void reply
          .code(403)
          .type('text/html; charset=utf-8')
          .send(errorPage(langOf(request, reply), 403, session));
      else void reply.code(403).send({ error: `role ${session.role} may not ${permission}` });
      return undefined;
    }
    return session;
  };

  /** The query string through `schema`, then its topic and source checked against the flags. */
  const readFilters = async <T extends FlagFilters>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, query: unknown) => {
    const parsed = parseQuery(schema, query);
    if (!parsed.ok) return parsed;
    const unknown = await unknownFilterValue(es, names, parsed.value);
    return unknown ? { ok: false as const, invalid: unknown } : resolveOutlet(es, names, parsed.value);
  };
  const refuseApi = (reply: FastifyReply, invalid: InvalidParameter) =>
    reply
      .code(400)
      .send({ error: invalid.message, parameter: invalid.parameter, ...(invalid.value === undefined ? {} : { value: invalid.value }) });
  const refusePage = (reply: FastifyReply, lang: Lang, session: Session, invalid: InvalidParameter, page: string) =>
    reply
      .code(400)
      .type('text/html; charset=utf-8')
      .send(errorPage(lang, 400, session, { invalid, page }));
  const notFoundPage = (reply: FastifyReply, lang: Lang, session: Session) =>
    reply
      .code(404)
      .type('text/html; charset=utf-8')
      .send(errorPage(lang, 404, session));

  /**
   * The session with what the navigation bar counts for it: claims newly answered (for those who
   * review) and new flags on their alerts, both counted lean (`answered` / `alerts` when the route
   * has read them in full already).
   */
  const viewerOf = async (session: Session, counted: { answered?: number; alerts?: number } = {}): Promise<Viewer> => {
    const [answered, alerts] = await Promise.all([
      counted.answered ?? (can(session.role, 'review:write') ? countNewlyAnswered(es, names, session.user) : 0),
      counted.alerts ?? (can(session.role, 'views:own') ? countNewFlags(es, names, session.user) : 0),
    ]);
    return { ...session, nav: { answered, alerts } };
  };
  /** A user's alerts, each checked: the new flags its filter keeps. */
  const alertsOf = async (user: string) =>
    Promise.all((await listViews(es, names, user)).filter((v) => v.alert).map((v) => checkAlert(es, names, v)));
  const newFlags = (results: readonly AlertResult[]) => results.reduce((total, r) => total + r.total, 0);

  // The protective headers on every response (see `protect`).
  app.addHook('onSend', async (request, reply, payload) => {
    // Over a rate limit, a person at a form or a page gets a page that says so; a program keeps the plugin's JSON.
    if (reply.statusCode === 429 && (isForm(request) || (request.method === 'GET' && !request.url.startsWith('/api/')))) {
      reply.type('text/html; charset=utf-8');
      const retryAfter = Number(reply.getHeader('retry-after'));
      payload = errorPage(
        request.cookies.lang === 'en' ? 'en' : 'vi',
        429,
        sessionOf(request),
        undefined,
        Number.isFinite(retryAfter) ? retryAfter : undefined,
      );
    }
    protect(reply, String(reply.getHeader('content-type') ?? '').startsWith('text/html'));
    return payload;
  });

  // A failure behind a request (Elasticsearch down, a refused query) is logged, never shown: its
  // text names indices and internals. A person gets a page, a program a short JSON error.
  app.setErrorHandler(async (error: Error & { statusCode?: number }, request, reply) => {
    // A client's error (a body too large, a query the route's schema refuses) keeps fastify's own
    // answer; Elasticsearch's errors carry its own status (not found, for a missing index), which is not the client's.
    const fromBackend = error instanceof errors.ElasticsearchClientError;
    if (!fromBackend && error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) throw error;
    request.log.error({ err: error }, 'request failed');
    if (request.method === 'GET' && !request.url.startsWith('/api/')) {
      return reply
        .code(500)
        .type('text/html; charset=utf-8')
        .send(errorPage(langOf(request, reply), 500, sessionOf(request)));
    }
    return reply.code(500).send({ error: 'internal error' });
  });

  // An unknown address: a page for a person, JSON for a program.
  app.setNotFoundHandler(async (request, reply) => {
    if (request.url.startsWith('/api/')) return reply.code(404).send({ error: 'not found' });
    return reply
      .code(404)
      .type('text/html; charset=utf-8')
      .send(errorPage(langOf(request, reply), 404, sessionOf(request)));
  });

  app.register(async (routes) => {
    // API tokens: checked before anything else, and allowed only on the routes that name their permission.
    routes.addHook('preHandler', async (request, reply) => {
      const presented = bearerToken(request.headers.authorization);
      if (presented === undefined) return;
      if (presented === null) return reply.code(401).send({ error: 'unsupported authorization: send "Authorization: Bearer <API token>"' });
      const token = await verifyApiToken(es, names, presented);
      if (!token) return reply.code(401).send({ error: 'invalid or revoked API token' });
      const permission = TOKEN_ROUTES[`${request.method} ${request.routeOptions.url ?? ''}`];
      if (!permission || !INTEGRATION_PERMISSIONS.includes(permission)) {
        return reply.code(403).send({ error: `an API token may only ${INTEGRATION_PERMISSIONS.join(', ')} (POST /api/submissions)` });
      }
      integrations.set(request, token);
    });

    // CSRF: every state-changing request except the login itself carries the session's token.
    // A bearer token is not sent by the browser on its own, so it needs none.
    routes.addHook('preHandler', async (request, reply) => {
      if (!STATE_CHANGING.has(request.method) || request.routeOptions.url === '/login' || integrations.has(request)) return;
      const session = sessionOf(request);
      const body = request.body as Record<string, unknown> | undefined;
      const header = request.headers['x-csrf-token'];
      const presented = typeof header === 'string' ? header : typeof body?._csrf === 'string' ? body._csrf : undefined;
      if (!session || !csrfMatches(session, presented)) return reply.code(403).send({ error: 'missing or invalid CSRF token' });
    });

    routes.get('/api/health', async () => {
      const health = await es.cluster.health();
      return { status: 'ok', elasticsearch: health.status };
    });

    routes.get<{ Querystring: SearchQuery }>('/api/search', { schema: { querystring: searchQuerySchema } }, async (request) => {
      const { q, size } = request.query;
      if (q.trim() === '') return { query: q, total: 0, hits: [] };
      const result = await searchSentences(es, names, q, size);
      return { query: q, ...result, hits: result.hits.map((h) => ({ ...h, highlight: highlightHtml(h.text, q) })) };
    });

    routes.get<{ Querystring: SearchQuery }>('/', { schema: { querystring: searchQuerySchema } }, async (request, reply) => {
      const lang = langOf(request, reply);
      const { q, size } = request.query;
      const result = q.trim() === '' ? undefined : await searchSentences(es, names, q, size);
      reply.type('text/html; charset=utf-8');
      const session = sessionOf(request);
      return searchPage(lang, session && (await viewerOf(session)), q, result);
    });

    routes.get('/login', async (request, reply) => {
      reply.type('text/html; charset=utf-8');
      return loginPage(langOf(request, reply), false);
    });

    routes.post('/login', { config: { rateLimit: { max: limit.max, timeWindow: limit.timeWindowMs } } }, async (request, reply) => {
      const parsed = LoginBody.safeParse(request.body);
      // Checked before the password: while blocked, even the right one is not tried.
      const wait = parsed.success ? loginFailures.blockedFor(parsed.data.name) : 0;
      if (wait > 0) {
        return reply
          .code(429)
          .header('retry-after', String(wait))
          .send({
            statusCode: 429,
            error: 'Too Many Requests',
            message: `too many failed logins for this user name, retry in ${wait} seconds`,
          });
      }
      const user = parsed.success ? await findUser(es, names, parsed.data.name) : undefined;
      // A missing user still costs a hash, so timing does not tell which names exist.
      const ok = parsed.success && (await verifyPassword(parsed.data.password, user?.passwordHash ?? DUMMY_HASH)) && user !== undefined;
      if (!ok || !user) {
        if (parsed.success) loginFailures.fail(parsed.data.name);
        // The form again, with the name kept: a redirect would lose it (and put it in a URL).
        if (isForm(request))
          return reply
            .code(401)
            .type('text/html; charset=utf-8')
            .send(loginPage(langOf(request, reply), true, parsed.success ? parsed.data.name : ''));
        return reply.code(401).send({ error: 'wrong user name or password' });
      }
      loginFailures.succeed(user.name);
      const old = sessionOf(request);
      if (old) sessions.delete(old.id); // a fresh id on login: no session fixation
      const session = sessions.create(user.name, user.role);
      reply.setCookie(SESSION_COOKIE, session.id, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: options.secureCookies ?? false,
      });
      if (isForm(request)) return reply.redirect(homeFor(user.role), 303);
      return { user: user.name, role: user.role, csrfToken: session.csrfToken, home: homeFor(user.role) };
    });

    routes.post('/logout', async (request, reply) => {
      const session = sessionOf(request);
      if (session) sessions.delete(session.id);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return isForm(request) ? reply.redirect('/login', 303) : { ok: true };
    });

    routes.get('/api/session', async (request, reply) => {
      const session = sessionOf(request);
      if (!session) return reply.code(401).send({ error: 'login required' });
      return { user: session.user, role: session.role, csrfToken: session.csrfToken };
    });

    routes.get('/api/queue', async (request, reply) => {
      if (!guard(request, reply, 'queue:read')) return reply;
      const parsed = await readFilters(QueueQuery, request.query);
      if (!parsed.ok) return refuseApi(reply, parsed.invalid);
      const { size, ...filters } = parsed.value;
      return { items: await queue(filters, size) };
    });

    routes.get('/queue', async (request, reply) => {
      const lang = langOf(request, reply);
      const session = guard(request, reply, 'queue:read', true);
      if (!session) return reply;
      const parsed = await readFilters(QueueQuery, request.query);
      if (!parsed.ok) return refusePage(reply, lang, session, parsed.invalid, '/queue');
      const { size, ...filters } = parsed.value;
      const [items, outlets, answered] = await Promise.all([
        queue(filters, size),
        outletChoices(es, names, []),
        can(session.role, 'review:write') ? newlyAnswered(es, names, session.user) : Promise.resolve([]),
      ]);
      // The statements the answered claims name, and the one the queue is filtered by (its title).
      const statements = await statementSummaries(es, names, [
        ...answered.flatMap((a) => a.statements),
        ...(filters.statement ? [filters.statement] : []),
      ]);
      reply.type('text/html; charset=utf-8');
      return queuePage(lang, await viewerOf(session, { answered: answered.length }), filters, items, outlets, { answered, statements });
    });

    /** Every flag the filters keep as a CSV download, streamed page by page. */
    const sendCsv = async (reply: FastifyReply, lang: Lang, filters: QueueFilters, kind: 'queue' | 'trends') => {
      const csv = await exportClaims(es, names, filters, { lang, ...(options.exportPageSize ? { pageSize: options.exportPageSize } : {}) });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${exportFileName(kind, vietnamDay(new Date()))}"`)
        .send(csv);
    };

    // What the queue's filters show, every flag of it (not the page's narratives): for whoever may read the queue.
    routes.get('/queue.csv', async (request, reply) => {
      const lang = langOf(request, reply);
      const session = guard(request, reply, 'queue:read', true);
      if (!session) return reply;
      const parsed = await readFilters(QueueQuery, request.query);
      if (!parsed.ok) return refusePage(reply, lang, session, parsed.invalid, '/queue');
      const { size: _size, ...filters } = parsed.value;
      return sendCsv(reply, lang, filters, 'queue');
    });

    const flagWithState = async (id: string) => {
      const flag = await loadFlag(es, names, id);
      if (!flag) return undefined;
      const history = await reviewsFor(es, names, [id]);
      return { flag, history, state: currentState(history) };
    };

    /**
     * The claims after and before `id` in the queue these filters give. A claim that has just left
     * a status filter (confirmed from the open queue) still has its place: the order is read
     * without the status, and the next claim is the first after it that has the status (the
     * previous one the last before it).
     */
    const neighboursInQueue = async (filters: QueueFilters, id: string): Promise<{ next?: string; previous?: string }> => {
      const { status, ...rest } = filters;
      const items = await queue(rest, 500);
      const holds = (item: QueueItem) => item.flag.id === id || item.relatedFlagIds.includes(id);
      const kept = (item: QueueItem) => !holds(item) && (!status || item.state.status === status);
      const at = items.findIndex(holds);
      const next = items.slice(at + 1).find(kept)?.flag.id;
      const previous = at < 0 ? undefined : items.slice(0, at).findLast(kept)?.flag.id;
      return { ...(next ? { next } : {}), ...(previous ? { previous } : {}) };
    };

    const claimView = async (
      lang: Lang,
      session: Session,
      found: NonNullable<Awaited<ReturnType<typeof flagWithState>>>,
      filters: QueueFilters,
      refusal?: ActionRefusal,
    ) => {
      const statementIds = [
        ...found.flag.matches.map((m) => m.statementId),
        ...(found.flag.reasons ?? []).flatMap((r) => (r.statementId ? [r.statementId] : [])),
      ];
      const [narrative, statements, neighbours, assignees] = await Promise.all([
        loadNarrative(es, names, found.flag),
        statementSummaries(es, names, statementIds),
        neighboursInQueue(filters, found.flag.id),
        // Only accounts that may review can be assigned a claim.
        can(session.role, 'review:write')
          ? listUsers(es, names).then((users) => users.filter((u) => can(u.role, 'review:write')))
          : Promise.resolve([]),
      ]);
      return claimPage(lang, session, found.flag, found.state, found.history, narrative, statements, {
        assignees,
        queue: { search: queueSearch(filters), ...neighbours },
        refusal,
      });
    };

    routes.get<{ Params: { id: string } }>('/api/flags/:id', async (request, reply) => {
      if (!guard(request, reply, 'queue:read')) return reply;
      const found = await flagWithState(request.params.id);
      return found ?? reply.code(404).send({ error: 'no such flag' });
    });

    routes.get<{ Params: { id: string } }>('/api/flags/:id/narrative', async (request, reply) => {
      if (!guard(request, reply, 'queue:read')) return reply;
      const flag = await loadFlag(es, names, request.params.id);
      return flag ? loadNarrative(es, names, flag) : reply.code(404).send({ error: 'no such flag' });
    });

    routes.get<{ Params: { id: string } }>('/claims/:id', async (request, reply) => {
      const lang = langOf(request, reply);
      const session = guard(request, reply, 'queue:read', true);
      if (!session) return reply;
      // The filters of the queue the claim was opened from.
      const parsed = await readFilters(QueueQuery, request.query);
      if (!parsed.ok) return refusePage(reply, lang, session, parsed.invalid, `/claims/${encodeURIComponent(request.params.id)}`);
      const { size, ...filters } = parsed.value;
      const found = await flagWithState(request.params.id);
      if (!found) return notFoundPage(reply, lang, session);
      // Opened by someone who reviewed it or was assigned it: its answers are seen now.
      if (involves(found.history, session.user))
        await followClaim(es, names, session.user, found.flag.id, answeringStatements(found.flag), 'seen');
      reply.type('text/html; charset=utf-8');
      return claimView(lang, await viewerOf(session), found, filters);
    });

    /** What is wrong with an action's body, for the page and for the API alike. */
    const actionRefusal = async (
      body: unknown,
    ): Promise<{ action: z.infer<typeof ActionBody> } | { refusal: ActionRefusal; message: string }> => {
      const parsed = ActionBody.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0] as z.ZodIssue;
        const field = String(issue.path[0] ?? 'action');
        const parameter = field === 'verdict' || field === 'note' || field === 'assignee' ? field : 'action';
        const given = (body as Record<string, unknown> | undefined)?.[parameter];
        const value = typeof given === 'string' ? given : undefined;
        return {
          refusal: { parameter, reason: value === undefined || value.trim() === '' ? 'missing' : 'invalid', ...(value ? { value } : {}) },
          message: describeIssues(parsed.error),
        };
      }
      if (parsed.data.action === 'assign') {
        const name = parsed.data.assignee;
        const user = await findUser(es, names, name);
        if (!user)
          return { refusal: { parameter: 'assignee', reason: 'unknown-user', value: name }, message: `assignee: no user "${name}"` };
        if (!can(user.role, 'review:write'))
          return {
            refusal: { parameter: 'assignee', reason: 'not-reviewer', value: name },
            message: `assignee: user "${name}" (role ${user.role}) does not review claims`,
          };
      }
      return { action: parsed.data };
    };

    routes.post<{ Params: { id: string } }>('/api/flags/:id/actions', async (request, reply) => {
      const session = guard(request, reply, 'review:write');
      if (!session) return reply;
      const { id } = request.params;
      const checked = await actionRefusal(request.body);
      // A form comes back to the queue it was sent from; a filter that does not parse is dropped, never echoed.
      const carried = parseQuery(QueueQuery, request.query);
      const filters: QueueFilters = carried.ok ? (({ size, ...rest }) => rest)(carried.value) : {};
      if ('refusal' in checked) {
        if (!isForm(request))
          return reply.code(400).send({
            error: checked.message,
            parameter: checked.refusal.parameter,
            ...(checked.refusal.value === undefined ? {} : { value: checked.refusal.value }),
          });
        // The claim page again, the refusal beside the controls.
        const found = await flagWithState(id);
        const lang = langOf(request, reply);
        if (!found) return notFoundPage(reply, lang, session);
        return reply
          .code(400)
          .type('text/html; charset=utf-8')
          .send(await claimView(lang, session, found, filters, checked.refusal));
      }
      const flag = await loadFlag(es, names, id);
      if (!flag) return reply.code(404).send({ error: 'no such flag' });
      // The reviewer (or the assignee) follows the claim from now: a statement answering it later is newly answered to them.
      const { action } = checked;
      const [entry] = await Promise.all([
        appendReview(es, names, { ...action, flagId: id, by: session.user }),
        action.action === 'assign'
          ? followClaim(es, names, action.assignee, id, answeringStatements(flag), 'keep')
          : followClaim(es, names, session.user, id, answeringStatements(flag), 'seen'),
      ]);
      const search = queueSearch(filters);
      if (isForm(request)) return reply.redirect(`/claims/${encodeURIComponent(id)}${search ? `?${search}` : ''}`, 303);
      return reply.code(201).send(entry);
    });

    routes.get<{ Params: { id: string } }>('/api/flags/:id/claimreview', async (request, reply) => {
      if (!guard(request, reply, 'queue:read')) return reply;
      const found = await flagWithState(request.params.id);
      if (!found) return reply.code(404).send({ error: 'no such flag' });
      const { state } = found;
      if (state.status !== 'confirmed' || !state.verdict || !state.decidedAt)
        return reply.code(409).send({ error: 'only a confirmed verdict can be exported' });
      reply.type('application/ld+json; charset=utf-8');
      return claimReviewJsonLd(
        found.flag,
        { ...state, verdict: state.verdict, decidedAt: state.decidedAt },
        { organization: options.organization ?? 'Sentinel' },
      );
    });

    routes.get('/api/statements', async (request, reply) => {
      if (!guard(request, reply, 'statements:search')) return reply;
      const parsed = parseQuery(StatementsQuery, request.query);
      if (!parsed.ok) return refuseApi(reply, parsed.invalid);
      const { claim, ...query } = parsed.value;
      const result = await searchStatements(es, names, query);
      return claim ? { ...result, answers: await statementsAnswering(es, names, claim) } : result;
    });

    routes.get('/statements', async (request, reply) => {
      const lang = langOf(request, reply);
      const session = guard(request, reply, 'statements:search', true);
      if (!session) return reply;
      const parsed = parseQuery(StatementsQuery, request.query);
      if (!parsed.ok) return refusePage(reply, lang, session, parsed.invalid, '/statements');
      const { claim, ...query } = parsed.value;
      const result = query.q.trim() === '' ? undefined : await searchStatements(es, names, query);
      const answers = claim ? await statementsAnswering(es, names, claim) : undefined;
      reply.type('text/html; charset=utf-8');
      return statementsPage(lang, await viewerOf(session), query, result, claim ?? '', answers);
    });

    /** A statement at its latest version, the newest flagged claims it answers and how many it answers in all; undefined when the index has no such statement. */
    const statementWithClaims = async (id: string) => {
      const statement = await loadStatement(es, names, id);
      return statement
        ? { statement, ...(await claimsAnswering(es, names, statement.statementId, options.statementClaimsLimit)) }
        : undefined;
    };

    routes.get<{ Params: { id: string } }>('/api/statements/:id', async (request, reply) => {
      if (!guard(request, reply, 'statements:search')) return reply;
      const found = await statementWithClaims(request.params.id);
      return found ?? reply.code(404).send({ error: 'no such statement', parameter: 'id', value: request.params.id });
    });

    routes.get<{ Params: { id: string } }>('/statements/:id', async (request, reply) => {
      const lang = langOf(request, reply);
      const session = guard(request, reply, 'statements:search', true);
      if (!session) return reply;
      const found = await statementWithClaims(request.params.id);
      if (!found) return notFoundPage(reply, lang, session);
      reply.type('text/html; charset=utf-8');
      return statementPage(lang, await viewerOf(session), found.statement, found.claims, found.total);
    });

    routes.get('/assets/shortcuts.js', async (_request, reply) => {
      reply.type('text/javascript; charset=utf-8');
      return SHORTCUTS_SCRIPT;
    });

    routes.get('/assets/copy.js', async (_request, reply) => {
      reply.type('text/javascript; charset=utf-8');
      return COPY_SCRIPT;
    });

    routes.get('/api/trends', async (request, reply) => {
      if (!guard(request, reply, 'trends:read')) return reply;
      const parsed = await readFilters(TrendsQuery, request.query);
      if (!parsed.ok) return refuseApi(reply, parsed.invalid);
      return loadTrends(es, names, parsed.value);
    });

    routes.get('/trends', async (request, reply) => {
      const lang = langOf(request, reply);
      const session = guard(request, reply, 'trends:read', true);
      if (!session) return reply;
      const parsed = await readFilters(TrendsQuery, request.query);
      if (!parsed.ok) return refusePage(reply, lang, session, parsed.invalid, '/trends');
      const { statement } = parsed.value;
      const [report, titled] = await Promise.all([
        loadTrends(es, names, parsed.value),
        statement ? statementSummaries(es, names, [statement]) : Promise.resolve(undefined),
      ]);
      reply.type('text/html; charset=utf-8');
      return trendsPage(lang, await viewerOf(session), report, statement ? titled?.get(statement)?.title : undefined);
    });

    // What the trends count over their range and filters, every flag of it: for whoever may read the trends.
    routes.get('/trends.csv', async (request, reply) => {
      const lang = langOf(request, reply);
      const session = guard(request, reply, 'trends:read', true);
      if (!session) return reply;
      const parsed = await readFilters(TrendsQuery, request.query);
      if (!parsed.ok) return refusePage(reply, lang, session, parsed.invalid, '/trends');
      const { days, ...filters } = parsed.value;
      return sendCsv(reply, lang, { ...filters, ...trendsRange(days) }, 'trends');
    });

    // ECharts from the installed package (no CDN: the machines may have no internet).
    routes.get('/assets/echarts.min.js', async (_request, reply) => {
      echartsSource ??= readFileSync(createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js'), 'utf8');
      reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=86400');
      return echartsSource;
    });
    routes.get('/assets/trends.js', async (_request, reply) => {
      reply.type('text/javascript; charset=utf-8');
      return TRENDS_SCRIPT;
    });

    // Images arrive as the raw body, typed by the client and checked by their magic bytes.
    routes.addContentTypeParser([...IMAGE_TYPES], { parseAs: 'buffer', bodyLimit: MAX_IMAGE_BYTES }, (_request, body, done) =>
      done(null, body),
    );
    const tipline = options.tipline;
    // Per user or per token: the limit runs before the cookie plugin and the token check, so both are read here.
    const submitterKey = (request: FastifyRequest): string => {
      const presented = bearerToken(request.headers.authorization);
      if (presented !== undefined) return `token:${presented?.split('.')[0] ?? ''}`;
      return sessions.get(app.parseCookie(request.headers.cookie ?? '')[SESSION_COOKIE])?.user ?? request.ip;
    };
    const submissionLimit = tipline?.rateLimit ?? { max: 30, timeWindowMs: 60_000 };
    routes.post(
      '/api/submissions',
      {
        bodyLimit: MAX_IMAGE_BYTES,
        config: {
          rateLimit: {
            max: submissionLimit.max,
            timeWindow: submissionLimit.timeWindowMs,
            keyGenerator: (request: FastifyRequest) => `submit:${submitterKey(request)}`,
          },
        },
      },
      async (request, reply) => {
        // The sender is recorded by role: an integration as such, never by the token's name.
        const by = integrations.has(request) ? INTEGRATION_ROLE : guard(request, reply, 'submissions:write')?.role;
        if (!by) return reply;
        if (!tipline) return reply.code(503).send({ error: 'the tipline is not connected to the pipeline here' });
        try {
          const submission = await submissionOf(request, tipline);
          const { document, storedImage } = await prepareSubmission(submission, { by, imageDir: tipline.imageDir, ocr: tipline.ocr });
          try {
            await tipline.publish(document);
          } catch (error) {
            // Nothing half-stored: the image this submission brought goes again.
            if (storedImage) await rm(storedImage, { force: true });
            request.log.error({ err: error }, 'tipline: publishing failed');
            return reply.code(503).send({ error: 'the pipeline is not reachable; nothing was stored, try again' });
          }
          return reply.code(202).send({
            id: document.id,
            via: document.submission?.via,
            title: document.title,
            characters: document.text.length,
            ...(document.submission?.ocrConfidence !== undefined ? { ocrConfidence: document.submission.ocrConfidence } : {}),
          });
        } catch (error) {
          if (error instanceof SubmissionError) return reply.code(error.status).send({ error: error.message });
          throw error;
        }
      },
    );

    routes.get('/submit', async (request, reply) => {
      const lang = langOf(request, reply);
      const session = guard(request, reply, 'submissions:write', true);
      if (!session) return reply;
      reply.type('text/html; charset=utf-8');
      return submitPage(lang, await viewerOf(session));
    });
    routes.get('/assets/submit.js', async (_request, reply) => {
      reply.type('text/javascript; charset=utf-8');
      return SUBMIT_SCRIPT;
    });

    routes.get('/api/users', async (request, reply) => {
      if (!guard(request, reply, 'users:manage')) return reply;
      return { users: await listUsers(es, names) };
    });

    /** The admin page, with what the last form did or why it was refused. */
    const usersView = async (request: FastifyRequest, reply: FastifyReply, session: Session, status: number, options: UsersPageOptions) =>
      reply
        .code(status)
        .type('text/html; charset=utf-8')
        .send(usersPage(langOf(request, reply), await viewerOf(session), await listUsers(es, names), options));

    routes.get('/admin/users', async (request, reply) => {
      const session = guard(request, reply, 'users:manage', true);
      if (!session) return reply;
      const done = UsersDone.safeParse(request.query);
      const said = done.success
        ? done.data.created
          ? { kind: 'created' as const, name: done.data.created }
          : done.data.updated
            ? { kind: 'updated' as const, name: done.data.updated }
            : undefined
        : undefined;
      return usersView(request, reply, session, 200, said ? { done: said } : {});
    });

    routes.post('/api/users', async (request, reply) => {
      const session = guard(request, reply, 'users:manage');
      if (!session) return reply;
      const body = (request.body ?? {}) as Record<string, unknown>;
      // A refused form comes back with the name and role kept, never the password.
      const draft = { name: typeof body.name === 'string' ? body.name : '', role: typeof body.role === 'string' ? body.role : '' };
      const refuse = (status: number, message: string, refusal: UserRefusal) =>
        isForm(request)
          ? usersView(request, reply, session, status, { refusal, draft })
          : reply
              .code(status)
              .send({ error: message, parameter: refusal.parameter, ...(refusal.value === undefined ? {} : { value: refusal.value }) });
      const parsed = NewUserBody.safeParse(body);
      if (!parsed.success) {
        const field = String(parsed.error.issues[0]?.path[0] ?? 'name');
        const parameter = field === 'role' || field === 'password' ? field : 'name';
        return refuse(400, describeIssues(parsed.error), {
          parameter,
          reason: 'invalid',
          ...(parameter !== 'password' && draft[parameter] ? { value: draft[parameter] } : {}),
        });
      }
      try {
        const created = await createUser(es, names, parsed.data.name, parsed.data.role, parsed.data.password);
        if (isForm(request)) return reply.redirect(`/admin/users?created=${encodeURIComponent(created.name)}`, 303);
        return reply.code(201).send(created);
      } catch (error) {
        if (error instanceof UserExistsError)
          return refuse(409, error.message, { parameter: 'name', reason: 'exists', value: parsed.data.name });
        throw error;
      }
    });

    routes.post<{ Params: { name: string } }>('/api/users/:name/role', async (request, reply) => {
      const session = guard(request, reply, 'users:manage');
      if (!session) return reply;
      const { name } = request.params;
      const refuse = (status: number, message: string, refusal: UserRefusal) =>
        isForm(request)
          ? usersView(request, reply, session, status, { refusal })
          : reply
              .code(status)
              .send({ error: message, parameter: refusal.parameter, ...(refusal.value === undefined ? {} : { value: refusal.value }) });
      const parsed = RoleBody.safeParse(request.body);
      if (!parsed.success) return refuse(400, describeIssues(parsed.error), { parameter: 'role', reason: 'invalid' });
      try {
        const updated = await setUserRole(es, names, name, parsed.data.role);
        if (!updated) return refuse(404, `no user "${name}"`, { parameter: 'name', reason: 'unknown-user', value: name });
        sessions.setRole(updated.name, updated.role);
        if (isForm(request)) return reply.redirect(`/admin/users?updated=${encodeURIComponent(updated.name)}`, 303);
        return updated;
      } catch (error) {
        if (error instanceof LastAdminError) return refuse(409, error.message, { parameter: 'role', reason: 'last-admin', value: name });
        throw error;
      }
    });

    /** The saved views page, with what the last form did or why it was refused. */
    const viewsView = async (request: FastifyRequest, reply: FastifyReply, session: Session, status: number, options: ViewsPageOptions) =>
      reply
        .code(status)
        .type('text/html; charset=utf-8')
        .send(viewsPage(langOf(request, reply), await viewerOf(session), await listViews(es, names, session.user), options));

    routes.get('/views', async (request, reply) => {
      const session = guard(request, reply, 'views:own', true);
      if (!session) return reply;
      const done = ViewsDone.safeParse(request.query);
      const saved = done.success && done.data.saved ? await findView(es, names, session.user, done.data.saved) : undefined;
      const said = saved
        ? { kind: 'viewSaved' as const, name: saved.name }
        : done.success && done.data.deleted
          ? { kind: 'viewDeleted' as const, name: done.data.deleted }
          : undefined;
      return viewsView(request, reply, session, 200, said ? { done: said } : {});
    });

    routes.get('/api/views', async (request, reply) => {
      const session = guard(request, reply, 'views:own');
      if (!session) return reply;
      return { views: await listViews(es, names, session.user) };
    });

    // A view is saved from the queue's or the trends' own form: its filters are checked as that page checks them.
    routes.post('/api/views', async (request, reply) => {
      const session = guard(request, reply, 'views:own');
      if (!session) return reply;
      const refuse = (refusal: ViewRefusal, message: string, status = 400) =>
        isForm(request)
          ? viewsView(request, reply, session, status, { refusal })
          : reply.code(status).send({
              error: message,
              parameter: refusal.parameter === 'search' ? refusal.invalid.parameter : refusal.parameter,
              ...(refusal.parameter === 'search' && refusal.invalid.value !== undefined ? { value: refusal.invalid.value } : {}),
            });
      const parsed = ViewBody.safeParse(request.body ?? {});
      if (!parsed.success) {
        const field = String(parsed.error.issues[0]?.path[0] ?? 'name');
        return refuse(field === 'page' ? { parameter: 'page' } : { parameter: 'name' }, describeIssues(parsed.error));
      }
      const { name, page, search } = parsed.data;
      if (!can(session.role, page === 'queue' ? 'queue:read' : 'trends:read'))
        return refuse({ parameter: 'page' }, `role ${session.role} may not open the ${page}`, 403);
      const query = Object.fromEntries(new URLSearchParams(search));
      const checked = page === 'queue' ? await readFilters(QueueQuery, query) : await readFilters(TrendsQuery, query);
      const canonical = canonicalSearch(page, query);
      if (!checked.ok) return refuse({ parameter: 'search', invalid: checked.invalid }, checked.invalid.message);
      if (!canonical.ok) return refuse({ parameter: 'search', invalid: canonical.invalid }, canonical.invalid.message);
      try {
        const view = await createView(es, names, { owner: session.user, name, page, search: canonical.search });
        if (isForm(request)) return reply.redirect(`/views?saved=${view.id}`, 303);
        return reply.code(201).send(view);
      } catch (error) {
        if (error instanceof TooManyViewsError) return refuse({ parameter: 'count' }, error.message, 409);
        throw error;
      }
    });

    /** A change to one of the user's views; another user's view answers 404, as a missing one. */
    const changeView = async (
      request: FastifyRequest<{ Params: { id: string } }>,
      reply: FastifyReply,
      change: (session: Session) => Promise<SavedView | undefined>,
      done: (view: SavedView) => string,
    ) => {
      const session = guard(request, reply, 'views:own');
      if (!session) return reply;
      const view = await change(session);
      if (!view) {
        if (isForm(request)) return notFoundPage(reply, langOf(request, reply), session);
        return reply.code(404).send({ error: `no saved view "${request.params.id}"`, parameter: 'id', value: request.params.id });
      }
      return isForm(request) ? reply.redirect(done(view), 303) : view;
    };

    routes.post<{ Params: { id: string } }>('/api/views/:id/delete', async (request, reply) =>
      changeView(
        request,
        reply,
        (session) => deleteView(es, names, session.user, request.params.id),
        (view) => `/views?deleted=${encodeURIComponent(view.name)}`,
      ),
    );

    routes.post<{ Params: { id: string } }>('/api/views/:id/alert', async (request, reply) => {
      const parsed = AlertBody.safeParse(request.body ?? {});
      if (!parsed.success) return reply.code(400).send({ error: describeIssues(parsed.error), parameter: 'alert' });
      return changeView(
        request,
        reply,
        (session) => updateView(es, names, session.user, request.params.id, { alert: parsed.data.alert === 'on' }),
        () => '/views',
      );
    });

    // Marks an alert checked through the moment its page was drawn: a flag scored after that stays new.
    routes.post<{ Params: { id: string } }>('/api/views/:id/checked', async (request, reply) => {
      const parsed = CheckedBody.safeParse(request.body ?? {});
      if (!parsed.success) return reply.code(400).send({ error: describeIssues(parsed.error), parameter: 'through' });
      const now = new Date().toISOString();
      const through = parsed.data.through < now ? parsed.data.through : now;
      return changeView(
        request,
        reply,
        (session) => updateView(es, names, session.user, request.params.id, { checkedAt: through }),
        (view) => `/alerts?checked=${encodeURIComponent(view.id)}`,
      );
    });

    routes.get('/api/alerts', async (request, reply) => {
      const session = guard(request, reply, 'views:own');
      if (!session) return reply;
      return { alerts: await alertsOf(session.user) };
    });

    routes.get('/alerts', async (request, reply) => {
      const session = guard(request, reply, 'views:own', true);
      if (!session) return reply;
      // Drawn now: "mark as checked" covers what this page shows, not what arrives while it is read.
      const through = new Date().toISOString();
      const results = await alertsOf(session.user);
      const checked = AlertsDone.safeParse(request.query);
      const name = checked.success && checked.data.checked ? results.find((r) => r.view.id === checked.data.checked)?.view.name : undefined;
      reply.type('text/html; charset=utf-8');
      return alertsPage(langOf(request, reply), await viewerOf(session, { alerts: newFlags(results) }), results, through, name);
    });

    routes.get('/api/tokens', async (request, reply) => {
      if (!guard(request, reply, 'users:manage')) return reply;
      return { tokens: await listApiTokens(es, names) };
    });

    const tokensView = async (request: FastifyRequest, reply: FastifyReply, session: Session, status: number, options: TokensPageOptions) =>
      reply
        .code(status)
        .type('text/html; charset=utf-8')
        .send(tokensPage(langOf(request, reply), await viewerOf(session), await listApiTokens(es, names), options));

    routes.get('/admin/tokens', async (request, reply) => {
      const session = guard(request, reply, 'users:manage', true);
      if (!session) return reply;
      const done = TokensDone.safeParse(request.query);
      return tokensView(request, reply, session, 200, done.success && done.data.revoked ? { revoked: done.data.revoked } : {});
    });

    routes.post('/api/tokens', async (request, reply) => {
      const session = guard(request, reply, 'users:manage');
      if (!session) return reply;
      const parsed = NewTokenBody.safeParse(request.body ?? {});
      if (!parsed.success) {
        const given = (request.body as Record<string, unknown> | undefined)?.name;
        const draft = typeof given === 'string' ? given : '';
        if (isForm(request)) return tokensView(request, reply, session, 400, { refusal: { name: draft } });
        return reply.code(400).send({ error: describeIssues(parsed.error), parameter: 'name', ...(draft ? { value: draft } : {}) });
      }
      const { token, secret } = await createApiToken(es, names, parsed.data.name, session.user);
      // The secret is shown in this answer only: a redirect would put it in a URL.
      if (isForm(request)) return tokensView(request, reply, session, 201, { created: { token, secret } });
      return reply.code(201).send({ ...token, token: secret });
    });

    routes.post<{ Params: { id: string } }>('/api/tokens/:id/revoke', async (request, reply) => {
      const session = guard(request, reply, 'users:manage');
      if (!session) return reply;
      const revoked = await revokeApiToken(es, names, request.params.id);
      if (!revoked) {
        if (isForm(request))
          return reply
            .code(404)
            .type('text/html; charset=utf-8')
            .send(errorPage(langOf(request, reply), 404, session));
        return reply.code(404).send({ error: `no API token "${request.params.id}"`, parameter: 'id', value: request.params.id });
      }
      if (isForm(request)) return reply.redirect(`/admin/tokens?revoked=${encodeURIComponent(revoked.id)}`, 303);
      return revoked;
    });
  });

  return app;
}

let echartsSource: string | undefined;

/** The tipline form's script: an image goes as the body with its type, a text or a link as JSON; the answer is shown. */
const SUBMIT_SCRIPT = `document.getElementById('submission').addEventListener('submit', function (event) {
  event.preventDefault();
  var form = event.target;
  var result = document.getElementById('submission-result');
  var file = form.image.files[0];
  var headers = { 'x-csrf-token': form.getAttribute('data-csrf') };
  var body;
  if (file) { headers['content-type'] = file.type || 'application/octet-stream'; body = file; }
  else if (form.url.value.trim() !== '') { headers['content-type'] = 'application/json'; body = JSON.stringify({ url: form.url.value.trim() }); }
  else { headers['content-type'] = 'application/json'; body = JSON.stringify({ text: form.text.value }); }
  result.textContent = form.getAttribute('data-sending');
  fetch('/api/submissions', { method: 'POST', headers: headers, body: body, credentials: 'same-origin' })
    .then(function (response) { return response.json().then(function (json) { return { ok: response.ok, json: json }; }); })
    .then(function (answer) {
      result.textContent = answer.ok ? form.getAttribute('data-sent') + ': ' + answer.json.title : (answer.json.message || answer.json.error);
      result.setAttribute('data-state', answer.ok ? 'sent' : 'refused');
      if (answer.ok) form.reset();
    }, function (error) { result.textContent = String(error); result.setAttribute('data-state', 'refused'); });
});`;

/** What a request to the tipline carries: an image body, or JSON with a text or a link (fetched and extracted as the crawler would). */
async function submissionOf(request: FastifyRequest, tipline: TiplineOptions): Promise<Submission> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if ((IMAGE_TYPES as readonly string[]).includes(type)) {
    if (!Buffer.isBuffer(request.body) || request.body.length === 0) throw new SubmissionError(400, 'the image is empty');
    return { via: 'image', bytes: request.body, declaredType: type };
  }
  const parsed = SubmissionBody.safeParse(request.body);
  if (!parsed.success) throw new SubmissionError(400, 'send JSON with a "text" or a "url", or an image (PNG, JPEG or WebP) as the body');
  if ('text' in parsed.data) return { via: 'text', text: parsed.data.text };
  const { url } = parsed.data;
  try {
    const page = await fetchPage(url, { allowPrivateNetwork: tipline.allowPrivateNetwork ?? false });
    const seen = inspect(page.bytes, page.contentType, page.url);
    if (seen.kind !== 'page')
      throw new SubmissionError(422, `no article could be read at ${url}${seen.kind === 'none' ? `: ${seen.reason}` : ' (a feed)'}`);
    return { via: 'link', url: page.url, title: seen.page.title, text: seen.page.text, publishedAt: seen.page.publishedAt };
  } catch (error) {
    if (error instanceof FetchError) throw new SubmissionError(422, error.message);
    throw error;
  }
}

// A valid hash of a random password, verified against when the user does not exist.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$' + Buffer.alloc(64).toString('base64');
