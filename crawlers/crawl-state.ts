/**
 * What a crawler remembers between runs: each URL's validators (ETag, Last-Modified) for
 * conditional re-fetches, each document's last content hash and version (a changed official
 * statement is a new version, the old one stays), and the duplicate index. Kept in memory, and
 * optionally in a JSON file so watch mode and restarts fetch only what changed.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DedupIndex } from './dedup.js';

export interface UrlValidators {
  etag?: string;
  lastModified?: string;
}

export interface DocumentVersion {
  contentHash: string;
  version: number;
}

/** A duplicate found and linked to its original instead of being processed again. */
export interface DuplicateLink {
  documentId: string;
  url: string;
  duplicateOf: string;
  kind: 'exact' | 'near';
}

interface Persisted {
  validators: Record<string, UrlValidators>;
  versions: Record<string, DocumentVersion>;
  links: DuplicateLink[];
}

export class CrawlState {
  readonly validators = new Map<string, UrlValidators>();
  readonly versions = new Map<string, DocumentVersion>();
  readonly links: DuplicateLink[] = [];
  /** Rebuilt from each run's documents; duplicates are judged against what this process saw. */
  readonly dedup = new DedupIndex();
  readonly #file: string | null;

  constructor(file: string | null = null) {
    this.#file = file;
  }

  /** Loads the state file when there is one; a missing file is a first run. */
  static async open(file: string | null): Promise<CrawlState> {
    const state = new CrawlState(file);
    if (file === null) return state;
    try {
      const saved = JSON.parse(await readFile(file, 'utf8')) as Persisted;
      for (const [url, v] of Object.entries(saved.validators ?? {})) state.validators.set(url, v);
      for (const [id, v] of Object.entries(saved.versions ?? {})) state.versions.set(id, v);
      state.links.push(...(saved.links ?? []));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    return state;
  }

  /** The version number a document with this content gets: unchanged → same, changed → next. */
  versionFor(documentId: string, contentHash: string): { version: number; changed: boolean } {
    const previous = this.versions.get(documentId);
    if (previous === undefined) return { version: 1, changed: true };
    if (previous.contentHash === contentHash) return { version: previous.version, changed: false };
    return { version: previous.version + 1, changed: true };
  }

  async save(): Promise<void> {
    if (this.#file === null) return;
    const data: Persisted = {
      validators: Object.fromEntries(this.validators),
      versions: Object.fromEntries(this.versions),
      links: this.links,
    };
    await mkdir(dirname(this.#file), { recursive: true });
    // Write then rename: a crash mid-write never leaves a truncated state file.
    await writeFile(`${this.#file}.tmp`, JSON.stringify(data));
    await rename(`${this.#file}.tmp`, this.#file);
  }
}
