/**
 * The outlet filter of the queue and the trends. A flag names its source (a site, a channel, an
 * import), not its outlet: the outlet ("Báo Tuổi Trẻ", a Facebook page's name) is on its claim in
 * the claims index, and one import can carry many pages. So the filter is resolved here, before
 * the flags are searched: the claim ids of the flags (under the other filters) are read, their
 * outlets looked up (and remembered: a claim's outlet does not change), and the claims whose outlet
 * holds what was typed, with or without diacritics and in any case, become a claim-id filter.
 * A flag whose claim the claims index does not hold counts under its source id.
 */
import { foldDiacritics, normalizeText } from '../classifiers/text/normalize.js';
import { ClaimDoc, readBack } from '../core/indices.js';
import type { IndexNames } from '../core/names.js';
import { scanPages, type Client, type estypes } from '../platform/index.js';

const SCAN_PAGE = 10_000;
const LOOKUP_CHUNK = 1_000;
const TERMS_CHUNK = 10_000;
const MAX_REMEMBERED = 200_000;

/** Claims index and claim id → outlet ('' when the claims index does not have the claim). */
const remembered = new Map<string, string>();

const OutletOnly = ClaimDoc.pick({ outlet: true });

/** The folded form an outlet is compared in ("Báo Tuổi Trẻ" → "bao tuoi tre"). */
export function foldOutlet(text: string): string {
  return foldDiacritics(normalizeText(text)).toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The outlet of each claim id the claims index holds, read once per claim. */
export async function outletsOfClaims(es: Client, names: IndexNames, claimIds: readonly string[]): Promise<Map<string, string>> {
  const key = (id: string) => `${names.claims}\u0000${id}`;
  const missing = [...new Set(claimIds)].filter((id) => !remembered.has(key(id)));
  for (let i = 0; i < missing.length; i += LOOKUP_CHUNK) {
    const chunk = missing.slice(i, i + LOOKUP_CHUNK);
    const response = await es.search({
      index: names.claims,
      size: chunk.length,
      ignore_unavailable: true,
      query: { ids: { values: chunk } },
      _source: ['outlet'],
    });
    const found = new Map(
      response.hits.hits.flatMap((h) => (h._id && h._source ? [[h._id, readBack(OutletOnly, h).outlet] as const] : [])),
    );
    if (remembered.size + chunk.length > MAX_REMEMBERED) remembered.clear();
    // A claim not indexed yet is looked for again next time; one that is keeps its outlet.
    for (const [id, outlet] of found) remembered.set(key(id), outlet);
  }
  const out = new Map<string, string>();
  for (const id of claimIds) {
    const outlet = remembered.get(key(id));
    if (outlet) out.set(id, outlet);
  }
  return out;
}

/** Scans shared by the requests of the next few seconds (and those in flight), as the queue's narratives are. */
const scans = new Map<string, { at: number; result: Promise<Map<string, string>> }>();
const SCAN_MS = 5_000;

/**
 * Each flag the filter keeps, as its claim id and the outlet it counts under. Reading the claim
 * ids of every flag is the costly part (about half a second per 20,000 flags here), so a scan is
 * shared for SCAN_MS: a new flag shows under an outlet filter at most that much later.
 */
function flaggedOutlets(es: Client, names: IndexNames, filter: estypes.QueryDslQueryContainer[]): Promise<Map<string, string>> {
  const key = JSON.stringify([names.flags, names.claims, filter]);
  const now = Date.now();
  const shared = scans.get(key);
  if (shared && now - shared.at <= SCAN_MS) return shared.result;
  for (const [k, e] of scans) if (now - e.at > SCAN_MS) scans.delete(k);
  const result = scanFlaggedOutlets(es, names, filter);
  scans.set(key, { at: now, result });
  // A failed scan is not kept: the next request tries again.
  result.catch(() => scans.delete(key));
  return result;
}

async function scanFlaggedOutlets(es: Client, names: IndexNames, filter: estypes.QueryDslQueryContainer[]): Promise<Map<string, string>> {
  const flags: { claimId: string; sourceId: string }[] = [];
  const pages = scanPages(es, names.flags, '1m', {
    size: SCAN_PAGE,
    query: { bool: { filter } },
    // Doc values, not the source: two keywords of each flag, without reading its whole document.
    _source: false,
    docvalue_fields: ['claimId', 'sourceId'],
    sort: [{ id: 'asc' }],
  });
  for await (const hits of pages) {
    for (const h of hits) {
      const claimId = h.fields?.claimId?.[0];
      const sourceId = h.fields?.sourceId?.[0];
      if (typeof claimId === 'string' && typeof sourceId === 'string') flags.push({ claimId, sourceId });
    }
  }
  const outlets = await outletsOfClaims(
    es,
    names,
    flags.map((f) => f.claimId),
  );
  return new Map(flags.map((f) => [f.claimId, outlets.get(f.claimId) ?? f.sourceId]));
}

/** The outlets of the flags the filter keeps, busiest first (the outlet filter's suggestions). */
export async function outletChoices(es: Client, names: IndexNames, filter: estypes.QueryDslQueryContainer[], max = 300): Promise<string[]> {
  const counts = new Map<string, number>();
  for (const outlet of (await flaggedOutlets(es, names, filter)).values()) counts.set(outlet, (counts.get(outlet) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'vi'))
    .slice(0, max)
    .map(([outlet]) => outlet);
}

/**
 * The claim ids of the flags (among those `filter` keeps) whose outlet holds `typed` once both are
 * folded; undefined when no flag at all comes from such an outlet (a typo, said so to the user).
 */
export async function claimsOfOutlet(
  es: Client,
  names: IndexNames,
  typed: string,
  filter: estypes.QueryDslQueryContainer[],
): Promise<string[] | undefined> {
  const wanted = foldOutlet(typed);
  const matching = (outlets: Map<string, string>) =>
    [...outlets.entries()].filter(([, outlet]) => foldOutlet(outlet).includes(wanted)).map(([claimId]) => claimId);
  const ids = matching(await flaggedOutlets(es, names, filter));
  if (ids.length > 0 || filter.length === 0) return ids.length > 0 ? ids : undefined;
  // None under the other filters: an empty list if some flag elsewhere has the outlet, else unknown.
  return matching(await flaggedOutlets(es, names, [])).length > 0 ? [] : undefined;
}

/** The flags filter for a resolved outlet: its claims (in chunks under Elasticsearch's terms limit), or nothing. */
export function outletClause(claimIds: readonly string[]): estypes.QueryDslQueryContainer {
  if (claimIds.length === 0) return { bool: { must_not: [{ match_all: {} }] } };
  const should: estypes.QueryDslQueryContainer[] = [];
  for (let i = 0; i < claimIds.length; i += TERMS_CHUNK) should.push({ terms: { claimId: claimIds.slice(i, i + TERMS_CHUNK) } });
  return { bool: { should, minimum_should_match: 1 } };
}
