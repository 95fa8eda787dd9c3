/**
 * Bulk writes through the client's bulk helper, against the real Elasticsearch: rejections come
 * back with the origin of the write, deleting a missing document is not an error, writes of one
 * id keep their order, chunks stop at the count limit, and a write turned away for now throws a
 * retriable error that names its origin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { bulkIndex, type BulkDoc } from '../../platform/elasticsearch/bulk.js';
import { ItemError } from '../../core/errors.js';
import { isolatedConfig } from '../helpers.js';

const config = isolatedConfig('bulk');
const es = createElasticsearchClient(config);
const index = `${config.namespace}bulk-test`;
/** Under the flood-stage block, which Elasticsearch answers with a 429 for every write. */
const blocked = `${config.namespace}bulk-blocked`;
const write = (id: string, document: object, offset: number, del = false, to = index): BulkDoc<{ offset: number }> => ({
  index: to,
  id,
  document,
  origin: { offset },
  ...(del ? { delete: true } : {}),
});

async function ids(): Promise<string[]> {
  await es.indices.refresh({ index });
  return (await es.search({ index, size: 100, _source: false })).hits.hits.map((h) => h._id ?? '').sort();
}

describe('Pipeline > bulk writes', () => {
  beforeAll(async () => {
    await es.indices.create({
      index,
      settings: { number_of_shards: 1, number_of_replicas: 0 },
      mappings: { dynamic: 'strict', properties: { n: { type: 'integer' } } },
    });
    await es.indices.create({
      index: blocked,
      settings: { number_of_shards: 1, number_of_replicas: 0, 'index.blocks.read_only_allow_delete': true },
    });
  });
  afterAll(async () => {
    await es.indices.delete({ index: [index, blocked] }, { ignore: [404] });
    await es.close();
  });

  it('returns the writes Elasticsearch refuses, with their origin, and stores the rest', async () => {
    const rejected = await bulkIndex(es, [
      write('a', { n: 1 }, 10),
      write('b', { n: 'không phải số' }, 11),
      write('c', { unknown: true }, 12),
      write('missing', {}, 13, true),
    ]);
    expect(rejected.map((r) => [r.origin.offset, r.status])).toEqual([
      [11, 400],
      [12, 400],
    ]);
    expect(rejected[0]?.reason).toMatch(/document_parsing_exception|mapper_parsing_exception/);
    expect(await ids()).toEqual(['a']);
  });

  it('keeps the order of writes to one id, across chunks of two', async () => {
    const writes = [
      write('d', {}, 1, true),
      write('d', { n: 4 }, 2),
      write('e', { n: 5 }, 3),
      write('e', {}, 4, true),
      write('f', { n: 6 }, 5),
    ];
    expect(await bulkIndex(es, writes, false, { maxDocs: 2, maxBytes: 1024 * 1024 })).toEqual([]);
    expect(await ids()).toEqual(['a', 'd', 'f']);
    expect((await es.get<{ n: number }>({ index, id: 'd' }))._source?.n).toBe(4);
  });

  it('throws a retriable ItemError naming the origins of the writes turned away (429), after storing the others', async () => {
    const failed = await bulkIndex(es, [
      write('g', { n: 7 }, 20),
      write('h', { n: 8 }, 21, false, blocked),
      write('i', { n: 9 }, 22, false, blocked),
    ]).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failed).toBeInstanceOf(ItemError);
    expect(failed).toMatchObject({ status: 429, retriable: true, items: [{ offset: 21 }, { offset: 22 }] });
    expect(await ids()).toContain('g');
  });
});
