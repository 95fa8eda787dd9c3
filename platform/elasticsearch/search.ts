/**
 * What a multi-search answer says about its failed items.
 */
import type { estypes } from '@elastic/elasticsearch';
import { isRetriableItem, ItemError } from '../../core/errors.js';

/**
 * The failed searches of an msearch answer as one ItemError naming what each search was for
 * (`itemOf` its position), or null when all succeeded. A search Elasticsearch refused for itself
 * (4xx) is named first, alone with its kind: its messages are dead-lettered at once, and the
 * searches that were only turned away for now (429, 5xx) are tried again with the rest.
 */
export function msearchFailure(
  responses: readonly estypes.MsearchResponseItem<unknown>[],
  itemOf: (position: number) => unknown,
  what: string,
): ItemError | null {
  const failed = responses.flatMap((r, position) =>
    'error' in r ? [{ position, status: r.status, type: r.error.type, reason: r.error.reason ?? '' }] : [],
  );
  const refused = failed.filter((f) => !isRetriableItem(f.status, f.type));
  const named = refused.length > 0 ? refused : failed;
  const first = named[0];
  if (first === undefined) return null;
  return new ItemError(
    `${what} failed for ${named.length} of ${responses.length}: ${first.status} ${first.type}${first.reason ? ` ${first.reason}` : ''}`,
    {
      status: first.status,
      type: first.type,
      items: named.map((f) => itemOf(f.position)),
    },
  );
}
