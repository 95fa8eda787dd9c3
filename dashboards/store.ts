/**
 * The dashboards' own indices: accounts and the review audit trail. Both follow the pipeline's
 * pattern (a template, a versioned index `<alias>-v1` behind an alias) so `deleteIndices` and a
 * future rebuild treat them like the others. Reviews are append-only: every action is a new
 * document created with `op_type: create`, and no code path updates or deletes one.
 */
import { createHash, randomBytes, randomUUID, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { type Client, ensureIndexFamilies } from '../platform/index.js';
import { type IndexSettings, runtimeConfig } from '../core/config.js';
import { ApiTokenDoc, FollowedClaimDoc, readBack, ReviewAction, ReviewDoc, Role, SavedViewDoc, UserDoc, Verdict } from '../core/indices.js';
import type { IndexNames } from '../core/names.js';
import { SentinelError } from '../core/errors.js';

export { REVIEW_ACTIONS, ReviewAction, Role, ROLES, Verdict, VERDICTS } from '../core/indices.js';

export const REVIEW_STATUSES = ['open', 'confirmed', 'dismissed', 'needs-more-work'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** One entry of the audit trail. `by`/`at` are set by the server, never taken from the client. */
export interface ReviewEntry {
  id: string;
  flagId: string;
  action: ReviewAction;
  verdict?: Verdict;
  note?: string;
  assignee?: string;
  by: string;
  at: string;
}

export interface UserRecord {
  name: string;
  role: Role;
  passwordHash: string;
  createdAt: string;
}

export async function ensureDashboardIndices(
  client: Client,
  names: IndexNames,
  settings: IndexSettings = runtimeConfig().indexSettings,
): Promise<void> {
  await ensureIndexFamilies(client, names, ['users', 'reviews'], settings);
}

// scrypt (RFC 7914) from Node's crypto: memory-hard, no native module. N=2^15 costs ~32 MiB, ~50 ms.
const SCRYPT = { N: 32768, r: 8, p: 1, keylen: 64 } as const;

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(password.normalize('NFC'), salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** `scrypt$N$r$p$salt$hash` (base64), so the parameters can be raised later without breaking old hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: 128 * SCRYPT.N * SCRYPT.r * 2 });
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const N = Number(n);
  const R = Number(r);
  const key = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N, r: R, p: Number(p), maxmem: 128 * N * R * 2 });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

export const MIN_PASSWORD_CHARS = 10;
export const USER_NAME = /^[a-z0-9._-]{2,64}$/;

export class UserExistsError extends SentinelError {
  constructor(message: string) {
    super('user-exists', message);
    this.name = 'UserExistsError';
  }
}

/** Creates an account; refuses an existing name (the id is the name, created with op_type create). */
export async function createUser(
  client: Client,
  names: IndexNames,
  name: string,
  role: Role,
  password: string,
): Promise<Omit<UserRecord, 'passwordHash'>> {
  if (!USER_NAME.test(name)) throw new SentinelError('account-invalid', 'user name: 2–64 characters among a-z 0-9 . _ -');
  if (password.length < MIN_PASSWORD_CHARS)
    throw new SentinelError('account-invalid', `password: at least ${MIN_PASSWORD_CHARS} characters`);
  const record: UserRecord = {
    name,
    role: Role.parse(role),
    passwordHash: await hashPassword(password),
    createdAt: new Date().toISOString(),
  };
  const response = await client.index(
    { index: names.users, id: name, op_type: 'create', document: record, refresh: 'wait_for' },
    { ignore: [409] },
  );
  if (response.result !== 'created') throw new UserExistsError(`user ${name} already exists`);
  return { name: record.name, role: record.role, createdAt: record.createdAt };
}

export async function findUser(client: Client, names: IndexNames, name: string): Promise<UserRecord | undefined> {
  if (!USER_NAME.test(name)) return undefined;
  const response = await client.get({ index: names.users, id: name }, { ignore: [404] });
  return response.found ? readBack(UserDoc, response) : undefined;
}

/** What the account list reads of an account: never its password hash. */
const UserListed = UserDoc.pick({ name: true, role: true, createdAt: true });

export async function listUsers(client: Client, names: IndexNames): Promise<Omit<UserRecord, 'passwordHash'>[]> {
  const response = await client.search({
    index: names.users,
    size: 1000,
    // Tokens, followed claims and saved views live beside the accounts, each with a `kind`; an account has none.
    query: { bool: { must_not: { exists: { field: 'kind' } } } },
    sort: [{ name: 'asc' }],
    _source: ['name', 'role', 'createdAt'],
  });
  return response.hits.hits.flatMap((h) => (h._source ? [readBack(UserListed, h)] : []));
}

export class LastAdminError extends SentinelError {
  constructor(message: string) {
    super('last-admin', message);
    this.name = 'LastAdminError';
  }
}

/** Role changes of one accounts index, one at a time in this process: two demotions must not both count the other admin. */
const roleChanges = new Map<string, Promise<unknown>>();
function oneAtATime<T>(key: string, task: () => Promise<T>): Promise<T> {
  const run = (roleChanges.get(key) ?? Promise.resolve()).then(task, task);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  roleChanges.set(key, settled);
  void settled.then(() => {
    if (roleChanges.get(key) === settled) roleChanges.delete(key);
  });
  return run;
}

const countAdmins = async (client: Client, names: IndexNames): Promise<number> =>
  (await client.count({ index: names.users, query: { term: { role: 'admin' } } })).count;

/**
 * Gives an account another role; undefined when there is no such account. The last admin keeps
 * the role: without one, nobody could manage accounts from the dashboards again. Changes in this
 * process run one at a time; against another process demoting the other admin at the same moment,
 * a demotion that finds no admin left once written puts the role back and is refused.
 */
export function setUserRole(
  client: Client,
  names: IndexNames,
  name: string,
  role: Role,
): Promise<Omit<UserRecord, 'passwordHash'> | undefined> {
  return oneAtATime(names.users, async () => {
    const user = await findUser(client, names, name);
    if (!user) return undefined;
    const demotion = user.role === 'admin' && role !== 'admin';
    if (demotion && (await countAdmins(client, names)) <= 1) throw new LastAdminError(`user ${name} is the last admin`);
    await client.update({ index: names.users, id: name, doc: { role: Role.parse(role) }, refresh: 'wait_for' });
    if (demotion && (await countAdmins(client, names)) === 0) {
      await client.update({ index: names.users, id: name, doc: { role: 'admin' }, refresh: 'wait_for' });
      throw new LastAdminError(`user ${name} is the last admin (another admin was demoted at the same time)`);
    }
    return { name: user.name, role, createdAt: user.createdAt };
  });
}

/** The role a request made with an API token acts as: it may only submit to the tipline. */
export const INTEGRATION_ROLE = 'integration';

/** An API token as stored: its secret only as a SHA-256 hash. */
export interface ApiTokenRecord {
  kind: 'token';
  id: string;
  name: string;
  tokenHash: string;
  creator: string;
  createdAt: string;
  lastUsedAt?: string;
  revoked: boolean;
}
export type ApiTokenView = Omit<ApiTokenRecord, 'kind' | 'tokenHash'>;

export const TOKEN_NAME = USER_NAME;
// The id says which document to read, the secret proves the holder; the prefix lets secret scanners spot a leaked token.
const TOKEN_FORMAT = /^snt_([0-9a-f]{16})\.([A-Za-z0-9_-]{43})$/;

const tokenDocId = (id: string) => `token:${id}`;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const viewOf = ({ kind: _kind, tokenHash: _hash, ...view }: ApiTokenRecord): ApiTokenView => view;

/** Creates a token; the secret is returned here once and never stored. */
export async function createApiToken(
  client: Client,
  names: IndexNames,
  name: string,
  creator: string,
): Promise<{ token: ApiTokenView; secret: string }> {
  if (!TOKEN_NAME.test(name)) throw new SentinelError('account-invalid', 'token name: 2–64 characters among a-z 0-9 . _ -');
  const id = randomBytes(8).toString('hex');
  const secret = `snt_${id}.${randomBytes(32).toString('base64url')}`;
  const record: ApiTokenRecord = {
    kind: 'token',
    id,
    name,
    tokenHash: sha256(secret),
    creator,
    createdAt: new Date().toISOString(),
    revoked: false,
  };
  await client.index({ index: names.users, id: tokenDocId(id), op_type: 'create', document: record, refresh: 'wait_for' });
  return { token: viewOf(record), secret };
}

export async function listApiTokens(client: Client, names: IndexNames): Promise<ApiTokenView[]> {
  const response = await client.search({
    index: names.users,
    size: 1000,
    query: { term: { kind: 'token' } },
    sort: [{ createdAt: 'desc' }],
    _source: false,
  });
  const ids = response.hits.hits.flatMap((h) => (h._id ? [h._id] : []));
  if (ids.length === 0) return [];
  // Search finds the tokens (creation is refreshed); a realtime get reads their state, since a use is recorded without a refresh.
  const current = await client.mget({ index: names.users, ids });
  return current.docs.flatMap((doc) => ('found' in doc && doc.found ? [viewOf(readBack(ApiTokenDoc, doc))] : []));
}

async function readApiToken(client: Client, names: IndexNames, id: string): Promise<ApiTokenRecord | undefined> {
  if (!/^[0-9a-f]{16}$/.test(id)) return undefined;
  const response = await client.get<{ kind?: unknown }>({ index: names.users, id: tokenDocId(id) }, { ignore: [404] });
  return response.found && response._source?.kind === 'token' ? readBack(ApiTokenDoc, response) : undefined;
}

/** Revokes a token for good; undefined when there is no such token. */
export async function revokeApiToken(client: Client, names: IndexNames, id: string): Promise<ApiTokenView | undefined> {
  const record = await readApiToken(client, names, id);
  if (!record) return undefined;
  await client.update({ index: names.users, id: tokenDocId(id), doc: { revoked: true }, refresh: 'wait_for' });
  return viewOf({ ...record, revoked: true });
}

/** The token a presented secret belongs to, when it exists and is not revoked; its use is recorded. */
export async function verifyApiToken(client: Client, names: IndexNames, presented: string): Promise<ApiTokenView | undefined> {
  const match = TOKEN_FORMAT.exec(presented);
  if (!match?.[1]) return undefined;
  const record = await readApiToken(client, names, match[1]);
  if (!record || record.revoked) return undefined;
  const a = Buffer.from(record.tokenHash, 'hex');
  const b = Buffer.from(sha256(presented), 'hex');
  if (a.length !== b.length || !timingSafeEqual(a, b)) return undefined;
  const lastUsedAt = new Date().toISOString();
  await client.update({ index: names.users, id: tokenDocId(record.id), doc: { lastUsedAt } });
  return viewOf({ ...record, lastUsedAt });
}

/** Appends one action to the audit trail; visible to the next search (so other reviewers see it). */
export async function appendReview(client: Client, names: IndexNames, entry: Omit<ReviewEntry, 'id' | 'at'>): Promise<ReviewEntry> {
  const full: ReviewEntry = { ...entry, id: randomUUID(), at: new Date().toISOString() };
  await client.index({ index: names.reviews, id: full.id, op_type: 'create', document: full, refresh: 'wait_for' });
  return full;
}

export async function reviewsFor(client: Client, names: IndexNames, flagIds: string[]): Promise<ReviewEntry[]> {
  if (flagIds.length === 0) return [];
  const response = await client.search({
    index: names.reviews,
    size: 10_000,
    query: { terms: { flagId: flagIds } },
    sort: [{ at: 'asc' }, { id: 'asc' }],
  });
  return response.hits.hits.flatMap((h) => (h._source ? [readBack(ReviewDoc, h)] : []));
}

export interface ReviewState {
  status: ReviewStatus;
  verdict?: Verdict;
  assignee?: string;
  decidedBy?: string;
  decidedAt?: string;
}

/** The current state is the latest status-changing action (notes do not change it); entries in time order. */
export function currentState(entries: readonly ReviewEntry[]): ReviewState {
  const state: ReviewState = { status: 'open' };
  for (const e of entries) {
    if (e.action === 'assign') state.assignee = e.assignee;
    else if (e.action === 'confirm') Object.assign(state, { status: 'confirmed', verdict: e.verdict, decidedBy: e.by, decidedAt: e.at });
    else if (e.action === 'dismiss') Object.assign(state, { status: 'dismissed', verdict: undefined, decidedBy: e.by, decidedAt: e.at });
    else if (e.action === 'needs-more-work')
      Object.assign(state, { status: 'needs-more-work', verdict: undefined, decidedBy: e.by, decidedAt: e.at });
  }
  return state;
}

/** A claim a reviewer follows, and the answering statements they already know of. */
export interface FollowedClaim {
  owner: string;
  flagId: string;
  statements: string[];
  updatedAt: string;
}

const followDocId = (user: string, flagId: string) => `answers:${user}:${flagId}`;

/**
 * `user` follows the claim `flagId`, knowing of the answering `statements`. `seen` records them as
 * known (the reviewer acted on the claim or opened it); otherwise an existing record is kept, so an
 * assignment does not mark as seen an answer its assignee has not opened yet. Written only when it
 * changes, and searchable on return (the next page's count reads it).
 */
export async function followClaim(
  client: Client,
  names: IndexNames,
  user: string,
  flagId: string,
  statements: readonly string[],
  mode: 'seen' | 'keep',
): Promise<void> {
  const id = followDocId(user, flagId);
  const known = [...new Set(statements)].sort();
  const existing = await client.get<unknown>({ index: names.users, id }, { ignore: [404] });
  if (existing.found) {
    const record = readBack(FollowedClaimDoc, existing);
    if (mode === 'keep' || record.statements.join('\n') === known.join('\n')) return;
  }
  const record: FollowedClaimDoc = { kind: 'answers', owner: user, flagId, statements: known, updatedAt: new Date().toISOString() };
  await client.index({ index: names.users, id, document: record, refresh: 'wait_for' });
}

/** The claims `user` follows (at most 10,000, the most recently updated first). */
export async function followedClaims(client: Client, names: IndexNames, user: string): Promise<FollowedClaim[]> {
  const response = await client.search({
    index: names.users,
    size: 10_000,
    query: { bool: { filter: [{ term: { kind: 'answers' } }, { term: { owner: user } }] } },
    sort: [{ updatedAt: 'desc' }],
  });
  return response.hits.hits.flatMap((h) => {
    if (!h._source) return [];
    const { owner, flagId, statements, updatedAt } = readBack(FollowedClaimDoc, h);
    return [{ owner, flagId, statements, updatedAt }];
  });
}

/** A saved view as its owner sees it. */
export interface SavedView {
  id: string;
  owner: string;
  name: string;
  page: 'queue' | 'trends';
  search: string;
  createdAt: string;
  alert: boolean;
  checkedAt?: string;
}

/** The most views one user keeps. */
export const MAX_VIEWS = 100;
export const VIEW_ID = /^[0-9a-f]{16}$/;
const viewDocId = (id: string) => `view:${id}`;
const savedViewOf = (doc: SavedViewDoc): SavedView => ({
  id: doc.id,
  owner: doc.owner,
  name: doc.name,
  page: doc.page,
  search: doc.search,
  createdAt: doc.createdAt,
  alert: doc.alert,
  ...(doc.checkedAt ? { checkedAt: doc.checkedAt } : {}),
});

/** `owner`'s views, the newest first. */
export async function listViews(client: Client, names: IndexNames, owner: string): Promise<SavedView[]> {
  const response = await client.search({
    index: names.users,
    size: MAX_VIEWS,
    query: { bool: { filter: [{ term: { kind: 'view' } }, { term: { owner } }] } },
    sort: [{ createdAt: 'desc' }],
  });
  return response.hits.hits.flatMap((h) => (h._source ? [savedViewOf(readBack(SavedViewDoc, h))] : []));
}

export class TooManyViewsError extends SentinelError {
  constructor(message: string) {
    super('saved-views-full', message);
    this.name = 'TooManyViewsError';
  }
}

/** Saves a view for `owner` (searchable on return, so the list shows it). */
export async function createView(
  client: Client,
  names: IndexNames,
  view: Pick<SavedView, 'owner' | 'name' | 'page' | 'search'>,
): Promise<SavedView> {
  const { count } = await client.count({
    index: names.users,
    query: { bool: { filter: [{ term: { kind: 'view' } }, { term: { owner: view.owner } }] } },
  });
  if (count >= MAX_VIEWS) throw new TooManyViewsError(`at most ${MAX_VIEWS} saved views per user`);
  const doc: SavedViewDoc = {
    kind: 'view',
    id: randomBytes(8).toString('hex'),
    ...view,
    createdAt: new Date().toISOString(),
    alert: false,
  };
  await client.index({ index: names.users, id: viewDocId(doc.id), op_type: 'create', document: doc, refresh: 'wait_for' });
  return savedViewOf(doc);
}

/** The view `id` when it is `owner`'s; another user's view is as absent as a missing one. */
export async function findView(client: Client, names: IndexNames, owner: string, id: string): Promise<SavedView | undefined> {
  if (!VIEW_ID.test(id)) return undefined;
  const response = await client.get<{ kind?: unknown }>({ index: names.users, id: viewDocId(id) }, { ignore: [404] });
  if (!response.found || response._source?.kind !== 'view') return undefined;
  const view = savedViewOf(readBack(SavedViewDoc, response));
  return view.owner === owner ? view : undefined;
}

export async function deleteView(client: Client, names: IndexNames, owner: string, id: string): Promise<SavedView | undefined> {
  const view = await findView(client, names, owner, id);
  if (!view) return undefined;
  await client.delete({ index: names.users, id: viewDocId(id), refresh: 'wait_for' });
  return view;
}

/**
 * Makes `owner`'s view an alert or not. An alert starts now: the flags already there are not new.
 * `checkedAt` moves an alert's mark (flags scored after it are new), never backwards.
 */
export async function updateView(
  client: Client,
  names: IndexNames,
  owner: string,
  id: string,
  change: { alert: boolean } | { checkedAt: string },
): Promise<SavedView | undefined> {
  const view = await findView(client, names, owner, id);
  if (!view) return undefined;
  let doc: Partial<SavedViewDoc>;
  if ('alert' in change) doc = change.alert && !view.alert ? { alert: true, checkedAt: new Date().toISOString() } : { alert: change.alert };
  else doc = { checkedAt: view.checkedAt && view.checkedAt > change.checkedAt ? view.checkedAt : change.checkedAt };
  await client.update({ index: names.users, id: viewDocId(id), doc, refresh: 'wait_for' });
  return { ...view, ...doc } as SavedView;
}
