/**
 * The source registry users edit (`crawlers/sources.yaml`): one entry per outlet, portal or
 * public page. Validated on load; every bad entry is reported with its id (or position), the
 * field and the reason, all at once, so a user fixes the file in one pass.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { SourceKind } from '../core/contracts.js';
import { SentinelError } from '../core/errors.js';

const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL');

export const SourceSelectors = z
  .object({
    title: z.string().min(1),
    body: z.string().min(1),
    publishedAt: z.string().min(1),
    remove: z.string().min(1),
  })
  .partial()
  .strict();

export const SourceEntry = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
    name: z.string().min(1),
    kind: SourceKind,
    /** For official sources: the agency recorded on each statement (defaults to `name`). */
    agency: z.string().min(1).optional(),
    startUrls: z.array(httpUrl).default([]),
    feeds: z.array(httpUrl).default([]),
    sitemaps: z.array(httpUrl).default([]),
    allowedHosts: z.array(z.string().regex(/^[a-z0-9.-]+$/i, 'a host name, no scheme or port')).min(1),
    /** URL path prefixes the crawl keeps to (a section of a large site). */
    includePaths: z.array(z.string().startsWith('/')).optional(),
    selectors: SourceSelectors.optional(),
    /** Minutes between two crawls in watch mode. */
    intervalMinutes: z.number().positive().default(60),
    politeness: z
      .object({ maxRequestsPerMinutePerHost: z.number().int().positive().default(30) })
      .strict()
      .default({}),
    /** Pages that only render their text with JavaScript: crawled with headless Chromium. */
    browser: z.boolean().default(false),
    /** How deep links are followed from start pages (feeds and sitemaps list pages directly). */
    maxDepth: z.number().int().nonnegative().default(1),
    maxPages: z.number().int().positive().default(200),
  })
  .strict()
  .superRefine((entry, ctx) => {
    if (entry.startUrls.length + entry.feeds.length + entry.sitemaps.length === 0) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['startUrls'], message: 'a source needs at least one start URL, feed or sitemap' });
    }
    const hosts = new Set(entry.allowedHosts.map((h) => h.toLowerCase()));
    for (const field of ['startUrls', 'feeds', 'sitemaps'] as const) {
      entry[field].forEach((u, i) => {
        const host = new URL(u).hostname.toLowerCase();
        if (!hosts.has(host))
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: [field, i], message: `host ${host} is not in allowedHosts` });
      });
    }
  });
export type SourceEntry = z.infer<typeof SourceEntry>;
export type SourceEntryInput = z.input<typeof SourceEntry>;

export interface SourceRegistry {
  /** Loopback and private addresses are refused unless a registry (test, demo) sets this. */
  allowPrivateNetwork: boolean;
  sources: SourceEntry[];
}

/** A crawlable source: a registry entry plus the registry-wide network rule. */
export type Source = SourceEntry & { allowPrivateNetwork: boolean };

/** The registry is unreadable or has invalid entries (code source-registry-invalid). */
export class SourceRegistryError extends SentinelError {
  /** One line per problem: `sources[2] (id "vnexpress") feeds.0: Invalid url`. */
  readonly problems: string[];
  constructor(file: string, problems: string[], options: { cause?: unknown } = {}) {
    super('source-registry-invalid', `invalid source registry ${file}:\n  ${problems.join('\n  ')}`, options);
    this.name = 'SourceRegistryError';
    this.problems = problems;
  }
}

/**
 * Validates a parsed registry document. `variables` replace `${NAME}` in every string, so a
 * fixture registry can point at a server whose port is only known at run time.
 */
export function parseSourceRegistry(document: unknown, file = '(registry)', variables: Record<string, string> = {}): SourceRegistry {
  const substituted = substitute(document, variables);
  const problems: string[] = [];
  if (substituted === null || typeof substituted !== 'object' || Array.isArray(substituted))
    throw new SourceRegistryError(file, ['(root): expected a mapping with a "sources" list']);
  const root = substituted as Record<string, unknown>;
  const allowPrivateNetwork = root.allowPrivateNetwork ?? false;
  if (typeof allowPrivateNetwork !== 'boolean') problems.push('allowPrivateNetwork: expected true or false');
  const unknownKeys = Object.keys(root).filter((k) => k !== 'sources' && k !== 'allowPrivateNetwork');
  if (unknownKeys.length > 0) problems.push(`(root): unknown keys ${unknownKeys.join(', ')}`);
  if (!Array.isArray(root.sources)) throw new SourceRegistryError(file, [...problems, 'sources: expected a list of sources']);
  const sources: SourceEntry[] = [];
  const seen = new Set<string>();
  root.sources.forEach((raw: unknown, index: number) => {
    const id =
      raw !== null && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : null;
    const where = `sources[${index}]${id ? ` (id "${id}")` : ''}`;
    const parsed = SourceEntry.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push(`${where} ${issue.path.length > 0 ? issue.path.join('.') : '(entry)'}: ${issue.message}`);
      return;
    }
    if (seen.has(parsed.data.id)) problems.push(`${where} id: duplicate id "${parsed.data.id}"`);
    seen.add(parsed.data.id);
    sources.push(parsed.data);
  });
  if (problems.length > 0) throw new SourceRegistryError(file, problems);
  return { allowPrivateNetwork: allowPrivateNetwork === true, sources };
}

function substitute(value: unknown, variables: Record<string, string>): unknown {
  if (typeof value === 'string') return value.replace(/\$\{([A-Z0-9_]+)\}/g, (whole, name: string) => variables[name] ?? whole);
  if (Array.isArray(value)) return value.map((v) => substitute(v, variables));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, variables)]));
  return value;
}

/** Reads and validates a YAML registry file. Throws `SourceRegistryError` listing every problem. */
export async function loadSourceRegistry(file: string, variables: Record<string, string> = {}): Promise<SourceRegistry> {
  let document: unknown;
  try {
    document = parseYaml(await readFile(file, 'utf8'));
  } catch (error) {
    throw new SourceRegistryError(file, [`cannot read: ${(error as Error).message}`]);
  }
  return parseSourceRegistry(document, file, variables);
}

/** The registry's sources, ready to crawl, optionally only those with the given ids. */
export function sourcesOf(registry: SourceRegistry, ids: string[] = []): Source[] {
  const unknown = ids.filter((id) => !registry.sources.some((s) => s.id === id));
  if (unknown.length > 0) throw new SourceRegistryError('(selection)', [`unknown source id(s): ${unknown.join(', ')}`]);
  return registry.sources
    .filter((s) => ids.length === 0 || ids.includes(s.id))
    .map((s) => ({ ...s, allowPrivateNetwork: registry.allowPrivateNetwork }));
}

const CRAWLERS_DIR = dirname(fileURLToPath(import.meta.url));
/** The production registry (real Vietnamese sources; needs the internet). */
export const PRODUCTION_REGISTRY_FILE = join(CRAWLERS_DIR, 'sources.yaml');
/** The bundled demo registry; `${DEMO_SITE}` is the demo site's address. */
export const DEMO_REGISTRY_FILE = join(CRAWLERS_DIR, 'demo-sources.yaml');
