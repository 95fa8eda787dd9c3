import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTaxonomy, parseTaxonomy, TaxonomyError } from '../../classifiers/topics/index.js';

const topic = (over: Record<string, unknown> = {}) => ({
  id: 'drugs',
  label: { vi: 'Ma túy', en: 'Drugs' },
  description: 'Drug trafficking and use.',
  terms: ['ma túy', { term: 'heroin', weight: 0.9 }],
  ...over,
});
const catchAll = { id: 'other', catchAll: true, label: { vi: 'Khác', en: 'Other' }, description: 'The rest.', terms: [] };

function errorOf(document: unknown): string {
  try {
    parseTaxonomy(document, 'test.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(TaxonomyError);
    return (error as Error).message;
  }
  throw new Error('expected the taxonomy to be rejected');
}

const dir = mkdtempSync(join(tmpdir(), 'sentinel-taxonomy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Topics > taxonomy file', () => {
  it('ships every security topic of the product and one catch-all, each with labels and terms', () => {
    const taxonomy = loadTaxonomy();
    expect(taxonomy.topics.map((t) => t.id).sort()).toEqual(
      ['citizen-id', 'cybercrime', 'drugs', 'hostile-information', 'online-fraud', 'other', 'public-order', 'traffic-safety'].sort(),
    );
    expect(taxonomy.catchAll).toBe('other');
    for (const t of taxonomy.topics.filter((x) => !x.catchAll)) {
      expect(t.label.vi.length).toBeGreaterThan(0);
      expect(t.label.en.length).toBeGreaterThan(0);
      expect(t.terms.length).toBeGreaterThan(5);
    }
    // Terms are stored folded for matching: "Đề án 06" → de an 06.
    const project06 = taxonomy.topics.find((t) => t.id === 'citizen-id')?.terms.find((t) => t.term === 'Đề án 06');
    expect(project06?.folded).toEqual(['de', 'an', '06']);
  });

  it('accepts plain-string terms with the default weight', () => {
    const taxonomy = parseTaxonomy({ version: 1, topics: [topic(), catchAll] });
    expect(taxonomy.topics[0]?.terms.map((t) => [t.term, t.weight])).toEqual([
      ['ma túy', 0.6],
      ['heroin', 0.9],
    ]);
  });

  it('names the entry and the field of a bad entry', () => {
    const message = errorOf({ version: 1, topics: [topic({ id: 'fraud', label: { vi: 'Lừa đảo' } }), topic(), catchAll] });
    expect(message).toContain('test.yaml');
    expect(message).toContain('topic #1 "fraud": label.en');
    expect(message).not.toContain('topic #2');
  });

  it('rejects a bad id, a weight out of range, an unknown field and an empty topic, listing each', () => {
    const message = errorOf({
      version: 1,
      topics: [
        topic({ id: 'Ma Tuy' }),
        topic({ id: 'traffic', terms: [{ term: 'nồng độ cồn', weight: 3 }] }),
        topic({ id: 'x', colour: 'red' }),
        topic({ id: 'empty', terms: [] }),
        catchAll,
      ],
    });
    expect(message).toMatch(/topic #1 "Ma Tuy": id: id must be lowercase/);
    expect(message).toMatch(/topic #2 "traffic": terms\.0\.weight/);
    expect(message).toMatch(/topic #3 "x": .*colour/);
    expect(message).toContain('topic #4 "empty": terms: a topic other than the catch-all needs at least one term');
  });

  it('rejects a term that repeats another once diacritics are folded, and a duplicate id', () => {
    expect(errorOf({ version: 1, topics: [topic({ terms: ['lừa đảo', 'lua dao'] }), catchAll] })).toContain(
      '"lua dao" repeats another term',
    );
    expect(errorOf({ version: 1, topics: [topic(), topic(), catchAll] })).toContain('topic "drugs": id is used more than once');
  });

  it('requires exactly one catch-all', () => {
    expect(errorOf({ version: 1, topics: [topic()] })).toContain('exactly one topic must have catchAll: true (found 0)');
    expect(errorOf({ version: 1, topics: [topic(), catchAll, { ...catchAll, id: 'misc' }] })).toContain('(found 2)');
  });

  it('reports a broken YAML file and a wrong version with the file path', () => {
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'version: 1\ntopics:\n  - id: [unclosed\n');
    expect(() => loadTaxonomy(broken)).toThrow(new RegExp(`${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot read taxonomy`));
    const v2 = join(dir, 'v2.yaml');
    writeFileSync(v2, 'version: 2\ntopics: []\n');
    expect(() => loadTaxonomy(v2)).toThrow(/version: Invalid literal value/);
  });
});
