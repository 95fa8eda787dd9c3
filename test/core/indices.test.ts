import { describe, expect, it } from 'vitest';
import type { Flag, OfficialStatement } from '../../core/contracts.js';
import { loadConfig } from '../../core/config.js';
import { SentinelError } from '../../core/errors.js';
import { FlagDoc, FOLDED_FIELDS, INDEX_MAPPINGS, readBack, ReviewDoc } from '../../core/indices.js';
import { indexNames, type IndexNames } from '../../core/names.js';
import { passageDocs } from '../../classifiers/matching/index.js';
import { flagWrites } from '../../pipeline/stages/index-flags.js';

const FAMILIES = Object.keys(indexNames('')) as (keyof IndexNames)[];

const flag: Flag = {
  id: 'f1',
  claimId: 'c1',
  claimText: 'Công an khóa tài khoản',
  url: 'https://a.vn/1',
  sourceId: 'a',
  sourceKind: 'social',
  publishedAt: null,
  score: 0.7,
  signals: [],
  matches: [],
  topics: ['ngan-hang'],
  createdAt: '2025-03-21T08:00:00.000Z',
};

describe('Core > index mappings and read-backs', () => {
  it('has a mapping and a list of folded fields for every index family core/names names', () => {
    expect(FAMILIES.length).toBeGreaterThan(0);
    for (const family of FAMILIES) {
      expect(INDEX_MAPPINGS[family]?.properties, family).toBeDefined();
      expect(FOLDED_FIELDS[family], family).toBeDefined();
    }
    expect(Object.keys(INDEX_MAPPINGS).sort()).toEqual([...FAMILIES].sort());
  });

  it('maps every folded field it names, as analysed text beside the field it folds', () => {
    for (const family of FAMILIES) {
      const { properties } = INDEX_MAPPINGS[family];
      for (const field of FOLDED_FIELDS[family]) {
        expect(properties[field], `${family}.${field}`).toMatchObject({ type: 'text', analyzer: 'standard' });
        expect(properties[field.replace(/_folded$/, '')], `${family}.${field} folds a mapped field`).toBeDefined();
      }
      // A *_folded field mapped but not declared would be a field no writer names through core/indices.
      const mappedFolded = Object.keys(properties).filter((f) => f.endsWith('_folded'));
      expect(mappedFolded.sort(), family).toEqual([...FOLDED_FIELDS[family]].sort());
    }
  });

  it('writes only mapped fields: passages into the strict statements index, folded text into flags', () => {
    const statement: OfficialStatement = {
      id: 's1',
      agency: 'Bộ Công an',
      title: 'Cải chính',
      text: 'Bộ Công an không khóa tài khoản ngân hàng. Thông tin này là sai sự thật.',
      url: 'https://bocongan.gov.vn/1',
      publishedAt: '2025-03-20T08:00:00.000Z',
      fetchedAt: '2025-03-20T09:00:00.000Z',
      version: 1,
      contentHash: 'a'.repeat(64),
    };
    const mapped = Object.keys(INDEX_MAPPINGS.statements.properties);
    for (const { doc } of passageDocs(statement)) expect(mapped).toEqual(expect.arrayContaining(Object.keys(doc)));
    const [write] = flagWrites(indexNames(''))(flag, { partition: 0, offset: '0' });
    for (const field of FOLDED_FIELDS.flags) expect(write?.document).toHaveProperty(field);
  });

  it('reads back a document whole, fields it does not know included', () => {
    const stored = { ...flag, claimText_folded: 'cong an khoa tai khoan', indexedAt: '2025-03-21T08:00:01.000Z', addedLater: { x: 1 } };
    expect(readBack(FlagDoc, { _index: 'sentinel-flags-v1', _id: 'f1', _source: stored })).toEqual(stored);
  });

  it('refuses a malformed document with an error naming the index, the id and the field', () => {
    const hit = { _index: 'sentinel-flags-v1', _id: 'f2', _source: { ...flag, score: 'high' } };
    expect(() => readBack(FlagDoc, hit)).toThrow(SentinelError);
    expect(() => readBack(FlagDoc, hit)).toThrow(/f2 of sentinel-flags-v1.*score/);
    expect(() =>
      readBack(ReviewDoc, { _id: 'r1', _source: { id: 'r1', flagId: 'f1', action: 'approve', by: 'lan', at: '2025-03-21T08:00:00Z' } }),
    ).toThrow(/action/);
  });
});

describe('Core > settings read from the environment in one place', () => {
  it('keeps the defaults the modules applied before', () => {
    const config = loadConfig({});
    expect(config.passageCacheSize).toBe(4096);
    expect(config.indexSettings).toEqual({ shards: 1, replicas: 0 });
    expect(config.logLevel).toBe('warn');
  });

  it('reads and validates the passage cache, shards and replicas', () => {
    const config = loadConfig({ SENTINEL_PASSAGE_CACHE: '0', SENTINEL_ES_SHARDS: '3', SENTINEL_ES_REPLICAS: '1' });
    expect(config.passageCacheSize).toBe(0);
    expect(config.indexSettings).toEqual({ shards: 3, replicas: 1 });
    expect(() => loadConfig({ SENTINEL_PASSAGE_CACHE: 'lots' })).toThrow(/SENTINEL_PASSAGE_CACHE/);
    expect(() => loadConfig({ SENTINEL_ES_SHARDS: '0' })).toThrow(/SENTINEL_ES_SHARDS/);
  });
});
