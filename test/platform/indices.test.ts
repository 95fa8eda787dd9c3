import { afterAll, describe, expect, it } from 'vitest';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { ensureAliasedIndex } from '../../platform/elasticsearch/indices.js';
import { isolatedConfig } from '../helpers.js';

const config = isolatedConfig('indices');
const es = createElasticsearchClient(config);
const alias = `${config.namespace}sentinel-upgrade`;

describe('Elasticsearch > index families behind aliases', () => {
  afterAll(async () => {
    await es.indices.delete({ index: `${alias}-v1` }, { ignore: [404] });
    await es.indices.deleteIndexTemplate({ name: alias }, { ignore: [404] });
    await es.close();
  });

  it('adds the fields a newer version maps to an index an older version created, keeping its documents', async () => {
    await ensureAliasedIndex(es, alias, { dynamic: false, properties: { id: { type: 'keyword' } } });
    await es.index({ index: alias, id: 'a', document: { id: 'a', topics: ['traffic-safety'] }, refresh: true });
    // Unmapped under dynamic:false: kept in _source, not searchable.
    expect((await es.count({ index: alias, query: { term: { topics: 'traffic-safety' } } })).count).toBe(0);

    await ensureAliasedIndex(es, alias, { dynamic: false, properties: { id: { type: 'keyword' }, topics: { type: 'keyword' } } });
    const mapping = await es.indices.getMapping({ index: alias });
    expect(Object.keys(mapping[`${alias}-v1`]?.mappings.properties ?? {}).sort()).toEqual(['id', 'topics']);
    await es.index({ index: alias, id: 'b', document: { id: 'b', topics: ['traffic-safety'] }, refresh: true });
    expect((await es.count({ index: alias, query: { term: { topics: 'traffic-safety' } } })).count).toBe(1);
    expect((await es.count({ index: alias })).count).toBe(2);

    // A changed field type is refused loudly, not ignored.
    await expect(ensureAliasedIndex(es, alias, { dynamic: false, properties: { id: { type: 'integer' } } })).rejects.toThrow(
      /mapper|cannot be changed|illegal_argument/,
    );
    const template = await es.indices.getIndexTemplate({ name: alias });
    expect(template.index_templates[0]?.index_template.template?.mappings?.properties?.id).toEqual({ type: 'keyword' });
  });
});
