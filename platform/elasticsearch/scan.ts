/**
 * Every hit of one search, a page at a time, over a point in time (search_after on the request's
 * sort): each hit once, however the index changes meanwhile. The point in time is opened on the
 * first page and closed when the pages end, fail, or the caller stops reading.
 */
import type { estypes } from '@elastic/elasticsearch';
import type { Client } from './client.js';

export interface ScanRequest extends Omit<estypes.SearchRequest, 'index' | 'pit' | 'search_after' | 'size' | 'sort'> {
  size: number;
  sort: estypes.Sort;
}

export async function* scanPages<T>(
  es: Client,
  index: string,
  keepAlive: string,
  request: ScanRequest,
): AsyncGenerator<estypes.SearchHit<T>[], void, undefined> {
  const pit = await es.openPointInTime({ index, keep_alive: keepAlive });
  let pitId = pit.id;
  try {
    let after: estypes.SortResults | undefined;
    for (;;) {
      const response = await es.search<T>({
        ...request,
        pit: { id: pitId, keep_alive: keepAlive },
        track_total_hits: false,
        ...(after ? { search_after: after } : {}),
      });
      pitId = response.pit_id ?? pitId;
      const hits = response.hits.hits;
      if (hits.length > 0) yield hits;
      if (hits.length < request.size) return;
      after = hits.at(-1)?.sort;
      if (!after) return;
    }
  } finally {
    await es.closePointInTime({ id: pitId }).catch(() => undefined);
  }
}
