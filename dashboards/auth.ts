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
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
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
    const session: Session = { id: randomBytes(32).toString('base64url'), user, role, csrfToken: randomBytes(32).toString('base64url'), expiresAt: Date.now() + this.ttlMs };
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

export function csrfMatches(session: Session, presented: string | undefined): boolean {
  if (!presented) return false;
  const a = Buffer.from(session.csrfToken);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
