import { describe, expect, it } from 'vitest';
import { FIXTURE_REGISTRY_FILE } from '../../crawlers/fixture-site/server.js';
import {
  DEMO_REGISTRY_FILE,
  loadSourceRegistry,
  parseSourceRegistry,
  PRODUCTION_REGISTRY_FILE,
  SourceRegistryError,
  sourcesOf,
} from '../../crawlers/sources.js';

describe('Crawlers > sources', () => {
  it('validates the production registry of real Vietnamese sources', async () => {
    const registry = await loadSourceRegistry(PRODUCTION_REGISTRY_FILE);
    expect(registry.allowPrivateNetwork).toBe(false);
    const byId = new Map(registry.sources.map((s) => [s.id, s]));
    // Official: the Ministry portal, the government news portal, the anti-fake-news centre, provincial police.
    for (const id of ['bo-cong-an', 'bao-chinh-phu', 'tingia-vafc', 'cong-an-ha-noi', 'cong-an-tphcm', 'cong-an-nghe-an'])
      expect(byId.get(id)?.kind, id).toBe('official');
    // News outlets, discovered through their RSS feeds (CAND through its sitemap).
    for (const id of ['vnexpress', 'tuoi-tre', 'thanh-nien', 'dan-tri', 'vietnamnet']) {
      expect(byId.get(id)?.kind, id).toBe('news');
      expect(byId.get(id)?.feeds.length, id).toBeGreaterThan(0);
    }
    expect(byId.get('cand')?.sitemaps).toEqual(['https://cand.com.vn/sitemap.xml']);
    expect(registry.sources.filter((s) => s.browser).map((s) => s.id)).toEqual(['cong-an-tphcm']);
    for (const source of registry.sources) {
      expect(
        source.allowedHosts.every((h) => !/^(127\.|10\.|192\.168\.|localhost)/.test(h)),
        source.id,
      ).toBe(true);
      expect(source.politeness.maxRequestsPerMinutePerHost, source.id).toBeLessThanOrEqual(30);
    }
  });

  it('validates the demo and fixture registries, which alone may use loopback', async () => {
    const demo = await loadSourceRegistry(DEMO_REGISTRY_FILE, { DEMO_SITE: 'http://127.0.0.1:5000' });
    expect(demo.allowPrivateNetwork).toBe(true);
    expect(demo.sources[0]?.startUrls).toEqual(['http://127.0.0.1:5000/']);
    const fixture = await loadSourceRegistry(FIXTURE_REGISTRY_FILE, { FIXTURE_SITE: 'http://127.0.0.1:5000' });
    expect(fixture.sources.map((s) => `${s.id}:${s.kind}`)).toEqual([
      'tin-nhanh-viet:news',
      'tuoi-moi:news',
      'dan-viet-online:news',
      'cong-an-tinh:official',
      'trang-cong-an-phuong:social',
      'cong-tin-js:news',
      'truong-hop-kho:news',
    ]);
    expect(sourcesOf(fixture, ['cong-an-tinh']).map((s) => [s.id, s.allowPrivateNetwork])).toEqual([['cong-an-tinh', true]]);
    expect(() => sourcesOf(fixture, ['khong-co'])).toThrow(/unknown source id\(s\): khong-co/);
  });

  it('applies defaults for interval, politeness, depth and browser', () => {
    const registry = parseSourceRegistry({
      sources: [{ id: 'a', name: 'A', kind: 'news', feeds: ['https://a.vn/rss'], allowedHosts: ['a.vn'] }],
    });
    expect(registry.sources[0]).toMatchObject({
      intervalMinutes: 60,
      politeness: { maxRequestsPerMinutePerHost: 30 },
      maxDepth: 1,
      browser: false,
      startUrls: [],
      sitemaps: [],
    });
  });

  it('names every bad entry, its field and the reason, all at once', () => {
    const bad = {
      sources: [
        { id: 'ok', name: 'Đúng', kind: 'news', feeds: ['https://a.vn/rss'], allowedHosts: ['a.vn'] },
        { id: 'Sai Id', name: 'X', kind: 'blog', startUrls: ['ftp://a.vn/'], allowedHosts: ['a.vn'] },
        {
          id: 'ngoai-host',
          name: 'Y',
          kind: 'official',
          startUrls: ['https://b.vn/'],
          allowedHosts: ['a.vn'],
          politeness: { maxRequestsPerMinutePerHost: 0 },
        },
        { name: 'Không id', kind: 'news', allowedHosts: [] },
        { id: 'ok', name: 'Trùng', kind: 'news', feeds: ['https://a.vn/rss'], allowedHosts: ['a.vn'], typo: 1 },
      ],
    };
    let error: unknown;
    try {
      parseSourceRegistry(bad, 'sources.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SourceRegistryError);
    const problems = (error as SourceRegistryError).problems;
    expect(problems).toContain('sources[1] (id "Sai Id") id: lowercase letters, digits and dashes');
    expect(problems.some((p) => p.startsWith('sources[1] (id "Sai Id") kind: Invalid enum value'))).toBe(true);
    expect(problems).toContain('sources[1] (id "Sai Id") startUrls.0: must be an http(s) URL');
    expect(problems).toContain('sources[2] (id "ngoai-host") startUrls.0: host b.vn is not in allowedHosts');
    expect(problems).toContain('sources[2] (id "ngoai-host") politeness.maxRequestsPerMinutePerHost: Number must be greater than 0');
    expect(problems).toContain('sources[3] id: Required');
    expect(problems).toContain('sources[3] allowedHosts: Array must contain at least 1 element(s)');
    expect(problems.some((p) => p.startsWith('sources[4] (id "ok") (entry): Unrecognized key(s) in object: \'typo\''))).toBe(true);
    expect((error as Error).message).toMatch(/^invalid source registry sources\.yaml:/);
  });
});
