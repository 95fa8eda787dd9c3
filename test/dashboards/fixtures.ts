/** Shared moves of the dashboards' tests (and bench:api): flags indexed as the pipeline indexes them, a signed-in session. */
import type { estypes } from '../../platform/index.js';
import type { FastifyInstance } from 'fastify';
import type { Flag } from '../../core/contracts.js';
import type { IndexNames } from '../../core/names.js';
import { bulkIndex } from '../../platform/elasticsearch/bulk.js';
import type { Client } from '../../platform/elasticsearch/client.js';
import { flagWrites, storedFirstFlagged } from '../../pipeline/stages/index-flags.js';

/** Writes the flags as index-flags does (same document, folded claim text and first-flagged time included); fails on any rejection. */
export async function indexFlags(es: Client, names: IndexNames, flags: readonly Flag[], refresh: estypes.Refresh = true): Promise<void> {
  const writes = flagWrites(
    names,
    await storedFirstFlagged(
      es,
      names.flags,
      flags.map((f) => f.id),
    ),
  );
  const rejected = await bulkIndex(
    es,
    flags.flatMap((flag, i) => writes(flag, { partition: 0, offset: String(i) })),
    refresh,
  );
  if (rejected.length > 0) throw new Error(`Elasticsearch refused ${rejected.length} flags: ${rejected[0]?.reason ?? ''}`);
}

/** A signed-in session as a test sends it back: the cookie, and the CSRF token its forms and JSON writes carry. */
export interface SignedIn {
  cookie: string;
  csrf: string;
}

/** Signs in through the JSON login (from `remoteAddress`, for tests of per-address limits); fails unless it answers 200. */
export async function signIn(app: FastifyInstance, name: string, password: string, remoteAddress?: string): Promise<SignedIn> {
  const response = await app.inject({
    method: 'POST',
    url: '/login',
    payload: { name, password },
    ...(remoteAddress ? { remoteAddress } : {}),
  });
  if (response.statusCode !== 200) throw new Error(`login of ${name} answered ${response.statusCode}`);
  return {
    cookie: `sentinel_session=${response.cookies.find((c) => c.name === 'sentinel_session')?.value}`,
    csrf: response.json<{ csrfToken: string }>().csrfToken,
  };
}

/** Signs in through the JSON login and returns the session cookie to send back. */
export async function sessionCookie(app: FastifyInstance, name: string, password: string): Promise<string> {
  return (await signIn(app, name, password)).cookie;
}
