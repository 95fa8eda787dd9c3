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

/**
 * `es` as the app sees it, noting each request that reads whole flag documents (a search of the
 * flags, alone or in a multi-search, with hits and their source; an mget of them without a source
 * filter): what a page's
 * navigation counts must not do.
 */
export function flagReadsOf(es: Client, names: IndexNames): { client: Client; reads: string[] } {
  const reads: string[] = [];
  const onFlags = (index: unknown) => [index].flat().includes(names.flags);
  const client = new Proxy(es, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (key === 'search')
        return (params: estypes.SearchRequest, ...rest: unknown[]) => {
          if (onFlags(params.index) && (params.size ?? 10) > 0 && params._source !== false)
            reads.push(`search ${JSON.stringify(params.query)}`);
          return (value as (...args: unknown[]) => unknown).call(target, params, ...rest);
        };
      if (key === 'msearch')
        return (params: estypes.MsearchRequest, ...rest: unknown[]) => {
          const searches = params.searches as Record<string, unknown>[];
          for (let i = 0; i + 1 < searches.length; i += 2) {
            const body = searches[i + 1] as estypes.SearchRequest;
            if (onFlags(searches[i]?.index ?? params.index) && (body.size ?? 10) > 0 && body._source !== false)
              reads.push(`msearch ${JSON.stringify(body.query)}`);
          }
          return (value as (...args: unknown[]) => unknown).call(target, params, ...rest);
        };
      if (key === 'mget')
        return (params: estypes.MgetRequest, ...rest: unknown[]) => {
          if (onFlags(params.index) && params._source_includes === undefined) reads.push(`mget ${JSON.stringify(params.ids)}`);
          return (value as (...args: unknown[]) => unknown).call(target, params, ...rest);
        };
      return value;
    },
  });
  return { client, reads };
}
