/**
 * The topic taxonomy: one YAML file users edit (taxonomy.yaml next to this module), validated
 * on load so a bad entry is reported by position and id, never silently ignored.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { SentinelError } from '../../core/errors.js';
import { foldedSyllables } from './tokens.js';

export const DEFAULT_TAXONOMY_PATH = join(dirname(fileURLToPath(import.meta.url)), 'taxonomy.yaml');

const TermEntry = z.union([
  z.string().min(1, 'a term cannot be empty'),
  z.object({ term: z.string().min(1, 'a term cannot be empty'), weight: z.number().gt(0).max(1).default(0.6) }).strict(),
]);

const TopicEntry = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'id must be lowercase letters, digits and dashes, starting with a letter'),
    label: z.object({ vi: z.string().min(1, 'Vietnamese label is required'), en: z.string().min(1, 'English label is required') }).strict(),
    description: z.string().min(1, 'description is required'),
    catchAll: z.boolean().default(false),
    terms: z.array(TermEntry),
  })
  .strict();

const TaxonomyFile = z.object({ version: z.literal(1), topics: z.array(z.unknown()).min(1, 'at least one topic is required') }).strict();

export interface TaxonomyTerm {
  term: string;
  weight: number;
  /** The term's folded syllables, what the matcher compares. */
  folded: string[];
}

export interface Topic {
  id: string;
  label: { vi: string; en: string };
  description: string;
  catchAll: boolean;
  terms: TaxonomyTerm[];
}

export interface Taxonomy {
  topics: Topic[];
  /** The id of the one catch-all topic. */
  catchAll: string;
  source: string;
}

/** The taxonomy is unreadable or has invalid entries (code taxonomy-invalid). */
export class TaxonomyError extends SentinelError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('taxonomy-invalid', message, options);
    this.name = 'TaxonomyError';
  }
}

const DEFAULT_WEIGHT = 0.6;

function where(index: number, raw: unknown): string {
  const id =
    typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? ` "${(raw as { id: string }).id}"` : '';
  return `topic #${index + 1}${id}`;
}

/** Validates a parsed taxonomy document; every problem is listed, each with its entry. */
export function parseTaxonomy(document: unknown, source = '(inline)'): Taxonomy {
  const file = TaxonomyFile.safeParse(document);
  if (!file.success) {
    throw new TaxonomyError(`${source}: ${file.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  const problems: string[] = [];
  const topics: Topic[] = [];
  file.data.topics.forEach((raw, index) => {
    const entry = TopicEntry.safeParse(raw);
    if (!entry.success) {
      for (const issue of entry.error.issues) problems.push(`${where(index, raw)}: ${issue.path.join('.') || '(entry)'}: ${issue.message}`);
      return;
    }
    const terms: TaxonomyTerm[] = [];
    const seen = new Set<string>();
    entry.data.terms.forEach((t, termIndex) => {
      const term = typeof t === 'string' ? t : t.term;
      const folded = foldedSyllables(term);
      if (folded.length === 0) {
        problems.push(`${where(index, raw)}: terms.${termIndex}: "${term}" has no letters or digits`);
        return;
      }
      const key = folded.join(' ');
      if (seen.has(key)) {
        problems.push(`${where(index, raw)}: terms.${termIndex}: "${term}" repeats another term of this topic (same without diacritics)`);
        return;
      }
      seen.add(key);
      terms.push({ term, weight: typeof t === 'string' ? DEFAULT_WEIGHT : t.weight, folded });
    });
    if (!entry.data.catchAll && terms.length === 0)
      problems.push(`${where(index, raw)}: terms: a topic other than the catch-all needs at least one term`);
    topics.push({ ...entry.data, terms });
  });
  const ids = topics.map((t) => t.id);
  for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) problems.push(`topic "${id}": id is used more than once`);
  const catchAlls = topics.filter((t) => t.catchAll);
  if (problems.length === 0 && catchAlls.length !== 1)
    problems.push(`exactly one topic must have catchAll: true (found ${catchAlls.length})`);
  if (problems.length > 0) throw new TaxonomyError(`${source}: invalid taxonomy: ${problems.join('; ')}`);
  return { topics, catchAll: (catchAlls[0] as Topic).id, source };
}

/** Reads and validates a taxonomy YAML file (default: the shipped classifiers/topics/taxonomy.yaml). */
export function loadTaxonomy(path: string = DEFAULT_TAXONOMY_PATH): Taxonomy {
  let document: unknown;
  try {
    document = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new TaxonomyError(`${path}: cannot read taxonomy: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseTaxonomy(document, path);
}
