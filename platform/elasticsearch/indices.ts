/**
 * Index templates and versioned indices behind read/write aliases. The mappings themselves
 * (and why the folded fields exist) are in core/indices.ts.
 */
import type { estypes } from '@elastic/elasticsearch';
import { type IndexSettings, loadConfig, runtimeConfig } from '../../core/config.js';
import {
  CLAIM_MAPPINGS,
  DOCUMENT_MAPPINGS,
  FLAG_MAPPINGS,
  INDEX_MAPPINGS,
  type IndexMapping,
  SENTENCE_MAPPINGS,
} from '../../core/indices.js';
import type { IndexNames } from '../../core/names.js';
import type { Client } from './client.js';

export { CLAIM_MAPPINGS, DOCUMENT_MAPPINGS, FLAG_MAPPINGS, SENTENCE_MAPPINGS };
export type { IndexSettings };

/**
 * The configured shards and replicas (SENTINEL_ES_SHARDS / SENTINEL_ES_REPLICAS, parsed by
 * core/config.ts): this process's, or those of the environment given.
 */
export function indexSettingsFromEnv(env?: NodeJS.ProcessEnv): IndexSettings {
  return (env ? loadConfig(env) : runtimeConfig()).indexSettings;
}

/** core/indices.ts keeps mappings as plain objects (the subset of Elasticsearch's mapping this project uses). */
const asMapping = (mappings: IndexMapping | estypes.MappingTypeMapping): estypes.MappingTypeMapping =>
  mappings as estypes.MappingTypeMapping;

function concreteIndex(alias: string, version = 1): string {
  return `${alias}-v${version}`;
}

/**
 * One index family: a template for `<alias>-v*` and, where missing, the first concrete index
 * `<alias>-v1` behind the alias; an existing one gets any new fields (idempotent). Every index
 * of the project is made this way.
 */
export async function ensureAliasedIndex(
  client: Client,
  alias: string,
  indexMappings: IndexMapping | estypes.MappingTypeMapping,
  settings: IndexSettings = runtimeConfig().indexSettings,
): Promise<void> {
  const mappings = asMapping(indexMappings);
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

/** Index families by name, each behind its alias with the mapping core/indices.ts gives it. */
export async function ensureIndexFamilies(
  client: Client,
  names: IndexNames,
  families: readonly (keyof IndexNames)[],
  settings: IndexSettings = runtimeConfig().indexSettings,
): Promise<void> {
  for (const family of families) await ensureAliasedIndex(client, names[family], INDEX_MAPPINGS[family], settings);
}

/** The pipeline's indices. The statements index is created by classifiers/matching (its fields serve retrieval). */
export async function ensureIndices(
  client: Client,
  names: IndexNames,
  settings: IndexSettings = runtimeConfig().indexSettings,
): Promise<void> {
  await ensureIndexFamilies(client, names, ['documents', 'sentences', 'claims', 'flags'], settings);
}

export async function deleteIndices(client: Client, names: IndexNames): Promise<void> {
  for (const alias of Object.values(names)) {
    // Wildcard deletes are refused (action.destructive_requires_name): resolve the names first.
    const concrete = Object.keys(await client.indices.get({ index: `${alias}-v*`, allow_no_indices: true, ignore_unavailable: true }));
    if (concrete.length > 0) await client.indices.delete({ index: concrete });
    await client.indices.deleteIndexTemplate({ name: alias }, { ignore: [404] });
  }
}
