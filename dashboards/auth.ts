/**
 * Sessions, CSRF and role checks. A session is a random 256-bit id in an HttpOnly,
 * SameSite=Strict cookie; its synchronizer CSRF token lives server-side with it and must come
 * back on every state-changing request (header `x-csrf-token` or form field `_csrf`).
 * Sessions are kept in memory: a restart logs everyone out, which is acceptable for one node.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role } from './store.js';

export interface Session {
  id: string;
  user: string;
  role: Role;
  csrfToken: string;
  expiresAt: number;
}

export const SESSION_COOKIE = 'sentinel_session';

/** What each role may do; every route names one of these permissions. */
export const PERMISSIONS = {
  'queue:read': ['analyst', 'supervisor', 'admin'],
  'review:write': ['analyst', 'supervisor'],
  'statements:search': ['press', 'analyst', 'supervisor', 'admin'],
  'trends:read': ['supervisor', 'admin'],
  'users:manage': ['admin'],
  'submissions:write': ['press', 'analyst', 'supervisor', 'admin'],
  // Saved views and alerts of the queue or the trends: whoever reads one of them.
  'views:own': ['analyst', 'supervisor', 'admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** An integration's API token may do this and nothing else. */
export const INTEGRATION_PERMISSIONS: readonly Permission[] = ['submissions:write'];

/**
 * The token of an `Authorization` header: a string for `Bearer <token>`, null for any other
 * scheme, undefined when there is no header (then the request may use its cookie session).
 */
export function bearerToken(header: string | undefined): string | null | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer +(\S+) *$/i.exec(header);
  return match?.[1] ?? null;
}

/** Where each role lands after logging in: the page its work starts from. */
export const HOME_PAGE = {
  analyst: '/queue',
  press: '/statements',
  supervisor: '/trends',
  admin: '/queue',
} as const satisfies Record<Role, string>;

export function homeFor(role: Role): string {
  return HOME_PAGE[role];
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly ttlMs = 8 * 60 * 60 * 1000) {}

  create(user: string, role: Role): Session {
    this.sweep();
    const session: Session = {
      id: randomBytes(32).toString('base64url'),
      user,
      role,
      csrfToken: randomBytes(32).toString('base64url'),
      expiresAt: Date.now() + this.ttlMs,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  get(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (session.expiresAt < Date.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    return session;
  }

  /** A changed role holds at once, not at the user's next login. */
  setRole(user: string, role: Role): void {
    for (const session of this.sessions.values()) if (session.user === user) session.role = role;
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, s] of this.sessions) if (s.expiresAt < now) this.sessions.delete(id);
  }
}

/**
 * Failed logins per account name, whatever the address they come from: guesses spread over many
 * addresses get past the per-address limit, not this one. A name is blocked once it has `max`
 * failures in a window that starts at its first failure; a successful login clears it. Names
 * that are no account count the same, so the answer does not tell which names exist.
 */
export class LoginFailures {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    /** Names remembered at most: random names must not grow the map without bound. */
    private readonly maxNames = 10_000,
  ) {}

  private static key(name: string): string {
    return name.normalize('NFC').trim().toLowerCase();
  }

  /** Whole seconds until `name` may try again; 0 when it may now. */
  blockedFor(name: string, now = Date.now()): number {
    const entry = this.failures.get(LoginFailures.key(name));
    if (!entry || entry.resetAt <= now || entry.count < this.max) return 0;
    return Math.max(1, Math.ceil((entry.resetAt - now) / 1000));
  }

  fail(name: string, now = Date.now()): void {
    const key = LoginFailures.key(name);
    const entry = this.failures.get(key);
    if (entry && entry.resetAt > now) {
      entry.count += 1;
      return;
    }
    this.failures.delete(key);
    if (this.failures.size >= this.maxNames) {
      for (const [k, e] of this.failures) if (e.resetAt <= now) this.failures.delete(k);
      // Still full: the oldest names go first (a Map keeps insertion order).
      for (const k of this.failures.keys()) {
        if (this.failures.size < this.maxNames) break;
        this.failures.delete(k);
      }
    }
    this.failures.set(key, { count: 1, resetAt: now + this.windowMs });
  }

  succeed(name: string): void {
    this.failures.delete(LoginFailures.key(name));
  }

  get size(): number {
    return this.failures.size;
  }
}

export function csrfMatches(session: Session, presented: string | undefined): boolean {
  if (!presented) return false;
  const a = Buffer.from(session.csrfToken);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
