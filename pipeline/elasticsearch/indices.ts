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
import type { IndexNames } from '../../core/topics.js';
import type { Client } from './client.js';

const keyword: estypes.MappingProperty = { type: 'keyword' };
const date: estypes.MappingProperty = { type: 'date' };
const analyzedWithExact = (ignoreAbove: number): estypes.MappingProperty => ({
  type: 'text',
  analyzer: 'standard',
  fields: { exact: { type: 'keyword', ignore_above: ignoreAbove } },
});
const folded: estypes.MappingProperty = { type: 'text', analyzer: 'standard' };

export const DOCUMENT_MAPPINGS: estypes.MappingTypeMapping = {
  dynamic: 'strict',
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
    fetchedAt: date,
    language: keyword,
    contentHash: keyword,
  },
};

export const SENTENCE_MAPPINGS: estypes.MappingTypeMapping = {
  dynamic: 'strict',
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
  },
};

export interface IndexSettings {
  shards: number;
  replicas: number;
}

const DEFAULT_SETTINGS: IndexSettings = { shards: 1, replicas: 0 };

function concreteIndex(alias: string, version = 1): string {
  return `${alias}-v${version}`;
}

/** Installs the templates and, where missing, the first concrete index with its alias (idempotent). */
export async function ensureIndices(client: Client, names: IndexNames, settings: IndexSettings = DEFAULT_SETTINGS): Promise<void> {
  const specs: [string, estypes.MappingTypeMapping][] = [
    [names.documents, DOCUMENT_MAPPINGS],
    [names.sentences, SENTENCE_MAPPINGS],
  ];
  for (const [alias, mappings] of specs) {
    await client.indices.putIndexTemplate({
      name: alias,
      index_patterns: [`${alias}-v*`],
      priority: 100,
      template: {
        settings: { number_of_shards: settings.shards, number_of_replicas: settings.replicas, refresh_interval: '1s' },
        mappings,
      },
    });
    if (!(await client.indices.existsAlias({ name: alias }))) {
      await client.indices.create(
        { index: concreteIndex(alias), aliases: { [alias]: { is_write_index: true } } },
        { ignore: [400] }, // created meanwhile by another process: resource_already_exists
      );
    }
  }
}

export async function deleteIndices(client: Client, names: IndexNames): Promise<void> {
  for (const alias of Object.values(names)) {
    // Wildcard deletes are refused (action.destructive_requires_name): resolve the names first.
    const concrete = Object.keys(await client.indices.get({ index: `${alias}-v*`, allow_no_indices: true, ignore_unavailable: true }));
    if (concrete.length > 0) await client.indices.delete({ index: concrete });
    await client.indices.deleteIndexTemplate({ name: alias }, { ignore: [404] });
  }
}
