/**
 * Index templates and versioned indices behind read/write aliases.
 *
 * Vietnamese folding and segmentation happen in our code (classifiers/text), and the derived
 * forms are indexed as their own fields, analysed by the standard analyzer: `text` keeps the
 * diacritics, `text_folded` holds the folded form ("cong an" for "Công an"), `.exact` is a
 * keyword. This works the same on the stripped Maven distribution (no analysis-common, so no
 * asciifolding) and on a full Elasticsearch, and it folds đ→d, which generic folding misses.
 */
import type { estypes } from '@elastic/elasticsearch';
import type { IndexNames } from '../../core/names.js';
import type { Client } from './client.js';

const keyword: estypes.MappingProperty = { type: 'keyword' };
const date: estypes.MappingProperty = { type: 'date' };
const analyzedWithExact = (ignoreAbove: number): estypes.MappingProperty => ({
  type: 'text',
  analyzer: 'standard',
  fields: { exact: { type: 'keyword', ignore_above: ignoreAbove } },
});
const folded: estypes.MappingProperty = { type: 'text', analyzer: 'standard' };

// dynamic: false — contracts grow by adding fields; a new field is kept in _source (and so in
// the API) without a mapping change, and never turns a whole message into a dead letter.
export const DOCUMENT_MAPPINGS: estypes.MappingTypeMapping = {
  dynamic: false,
  properties: {
    id: keyword,
    url: keyword,
    canonicalUrl: keyword,
    sourceId: keyword,
    sourceKind: keyword,
    outlet: keyword,
    title: analyzedWithExact(512),
    title_folded: folded,
    text: { type: 'text', analyzer: 'standard' },
    text_folded: folded,
    publishedAt: date,
    indexedAt: date,
    fetchedAt: date,
    language: keyword,
    contentHash: keyword,
    topics: keyword,
  },
};

export const SENTENCE_MAPPINGS: estypes.MappingTypeMapping = {
  dynamic: false,
  properties: {
    id: keyword,
    documentId: keyword,
    position: { type: 'integer' },
    text: analyzedWithExact(1024),
    text_folded: folded,
    url: keyword,
    sourceId: keyword,
    sourceKind: keyword,
    publishedAt: date,
    indexedAt: date,
  },
};

const entityFields: estypes.MappingProperty = {
  type: 'object',
  properties: { kind: keyword, text: keyword, value: keyword },
};

export const CLAIM_MAPPINGS: estypes.MappingTypeMapping = {
  dynamic: false,
  properties: {
    id: keyword,
    documentId: keyword,
    sentenceIndex: { type: 'integer' },
    text: analyzedWithExact(1024),
    text_folded: folded,
    url: keyword,
    sourceId: keyword,
    sourceKind: keyword,
    outlet: keyword,
    publishedAt: date,
    indexedAt: date,
    checkWorthiness: { type: 'float' },
    entities: entityFields,
    topics: keyword,
    attribution: { type: 'object', properties: { frame: keyword, rebuttedInDocument: { type: 'boolean' } } },
    scam: { type: 'object', properties: { campaign: keyword, score: { type: 'float' } } },
  },
};

export const FLAG_MAPPINGS: estypes.MappingTypeMapping = {
  dynamic: false,
  properties: {
    id: keyword,
    claimId: keyword,
    documentId: keyword,
    claimText: analyzedWithExact(1024),
    claimText_folded: folded,
    url: keyword,
    sourceId: keyword,
    sourceKind: keyword,
    publishedAt: date,
    indexedAt: date,
    score: { type: 'float' },
    signals: { type: 'object', properties: { id: keyword, description: { type: 'text', analyzer: 'standard' }, weight: { type: 'float' } } },
    // What fired (filter the queue by reason), who asserts it, and the scam campaign it belongs to.
    reasons: { type: 'object', properties: { kind: keyword, statementId: keyword } },
    attribution: { type: 'object', properties: { frame: keyword } },
    campaign: keyword,
    matches: {
      type: 'object',
      properties: {
        statementId: keyword,
        stance: keyword,
        score: { type: 'float' },
        evidence: { type: 'text', analyzer: 'standard' },
        conflicts: { type: 'object', properties: { kind: keyword } },
      },
    },
    topics: keyword,
    createdAt: date,
  },
};

export interface IndexSettings {
  shards: number;
  replicas: number;
}

/** One shard and no replica fit one node; a cluster sets SENTINEL_ES_SHARDS / SENTINEL_ES_REPLICAS. */
export function indexSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): IndexSettings {
  return { shards: Number(env.SENTINEL_ES_SHARDS ?? 1), replicas: Number(env.SENTINEL_ES_REPLICAS ?? 0) };
}

function concreteIndex(alias: string, version = 1): string {
  return `${alias}-v${version}`;
}

/**
 * One index family: a template for `<alias>-v*` and, where missing, the first concrete index
 * `<alias>-v1` behind the alias; an existing one gets any new fields (idempotent). Every index
 * of the project is made this way.
 */
export async function ensureAliasedIndex(client: Client, alias: string, mappings: estypes.MappingTypeMapping, settings: IndexSettings = indexSettingsFromEnv()): Promise<void> {
  const exists = await client.indices.existsAlias({ name: alias });
  // An index made by an earlier version gets the fields added since. A changed field is refused
  // with a clear 400 (a bug to fix, not to hide), before the template is touched.
  if (exists) await client.indices.putMapping({ index: alias, properties: mappings.properties ?? {} });
  await client.indices.putIndexTemplate({
    name: alias,
    index_patterns: [`${alias}-v*`],
    priority: 100,
    template: {
      settings: { number_of_shards: settings.shards, number_of_replicas: settings.replicas, refresh_interval: '1s' },
      mappings,
    },
  });
  if (!exists) {
    await client.indices.create(
      { index: concreteIndex(alias), aliases: { [alias]: { is_write_index: true } } },
      { ignore: [400] }, // created meanwhile by another process: resource_already_exists
    );
  }
}

/** The pipeline's indices. The statements index is created by classifiers/matching (its fields serve retrieval). */
export async function ensureIndices(client: Client, names: IndexNames, settings: IndexSettings = indexSettingsFromEnv()): Promise<void> {
  const specs: [string, estypes.MappingTypeMapping][] = [
    [names.documents, DOCUMENT_MAPPINGS],
    [names.sentences, SENTENCE_MAPPINGS],
    [names.claims, CLAIM_MAPPINGS],
    [names.flags, FLAG_MAPPINGS],
  ];
  for (const [alias, mappings] of specs) await ensureAliasedIndex(client, alias, mappings, settings);
}

export async function deleteIndices(client: Client, names: IndexNames): Promise<void> {
  for (const alias of Object.values(names)) {
    // Wildcard deletes are refused (action.destructive_requires_name): resolve the names first.
    const concrete = Object.keys(await client.indices.get({ index: `${alias}-v*`, allow_no_indices: true, ignore_unavailable: true }));
    if (concrete.length > 0) await client.indices.delete({ index: concrete });
    await client.indices.deleteIndexTemplate({ name: alias }, { ignore: [404] });
  }
}
