import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CrawlState } from '../../crawlers/crawl-state.js';

const dir = await mkdtemp(join(tmpdir(), 'sentinel-crawl-state-'));

describe('Crawlers > crawl-state', () => {
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps a statement version while its text is unchanged, and counts up on a correction', () => {
    const state = new CrawlState();
    expect(state.versionFor('doc', 'h1')).toEqual({ version: 1, changed: true });
    state.versions.set('doc', { contentHash: 'h1', version: 1 });
    expect(state.versionFor('doc', 'h1')).toEqual({ version: 1, changed: false });
    expect(state.versionFor('doc', 'h2')).toEqual({ version: 2, changed: true });
  });

  it('survives a restart through its file: validators, versions and duplicate links', async () => {
    const file = join(dir, 'state.json');
    const first = await CrawlState.open(file);
    first.validators.set('https://vnexpress.net/a.html', { etag: '"abc"', lastModified: 'Thu, 06 Nov 2025 01:00:00 GMT' });
    first.versions.set('doc', { contentHash: 'h2', version: 2 });
    first.links.push({ documentId: 'b', url: 'https://tuoitre.vn/b.htm', duplicateOf: 'a', kind: 'near' });
    await first.save();
    const second = await CrawlState.open(file);
    expect(second.validators.get('https://vnexpress.net/a.html')).toEqual({ etag: '"abc"', lastModified: 'Thu, 06 Nov 2025 01:00:00 GMT' });
    expect(second.versionFor('doc', 'h3')).toEqual({ version: 3, changed: true });
    expect(second.links).toEqual([{ documentId: 'b', url: 'https://tuoitre.vn/b.htm', duplicateOf: 'a', kind: 'near' }]);
    expect((await CrawlState.open(join(dir, 'missing.json'))).validators.size).toBe(0);
  });
});
