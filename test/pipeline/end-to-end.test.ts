import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitSentences } from '../../classifiers/text/sentences.js';
import { crawlToKafka } from '../../pipeline/crawl-to-kafka.js';
import { startDemoSite, type RunningSite } from '../../crawlers/demo-site/server.js';
import { DEMO_REGISTRY_FILE, loadSourceRegistry, sourcesOf, type Source } from '../../crawlers/sources.js';
import { indexNames } from '../../core/names.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices } from '../../platform/elasticsearch/indices.js';
import { searchSentences } from '../../dashboards/sentence-search.js';
import { startDocumentIndexer } from '../../pipeline/stages/index-documents.js';
import { createKafka, type RunningStage } from '../../platform/kafka.js';
import { eventually, isolatedConfig } from '../helpers.js';

const config = isolatedConfig('e2e');
const names = indexNames(config.namespace);
const es = createElasticsearchClient(config);
let site: RunningSite;
let indexer: RunningStage;
const demoSources = async (): Promise<Source[]> => sourcesOf(await loadSourceRegistry(DEMO_REGISTRY_FILE, { DEMO_SITE: site.url }));

describe('Pipeline > a Vietnamese article from a web page, through Kafka, into Elasticsearch', () => {
  beforeAll(async () => {
    site = await startDemoSite();
    indexer = await startDocumentIndexer(config, es);
  });
  afterAll(async () => {
    await indexer?.stop();
    await site?.close();
    await deleteIndices(es, names);
    await es.close();
  });

  it('crawls the fixture site and indexes every article with its sentences', async () => {
    const stats = await crawlToKafka(config, await demoSources());
    expect(stats.documents).toBe(5); // four news articles and one public post
    expect(stats.skippedNotArticle).toBeGreaterThanOrEqual(2); // home page, section page, contact page

    const docs = await eventually(async () => {
      await es.indices.refresh({ index: [names.documents, names.sentences] });
      const { count } = await es.count({ index: names.documents });
      return count === 5 ? count : undefined;
    }, '5 documents in Elasticsearch');
    expect(docs).toBe(5);

    const scam = await es.search<{ canonicalUrl: string; title: string; publishedAt: string; text: string; language: string }>({
      index: names.documents,
      query: { term: { 'title.exact': 'Cảnh báo thủ đoạn giả danh công an gọi điện yêu cầu chuyển tiền' } },
    });
    const doc = scam.hits.hits[0]?._source;
    expect(doc?.canonicalUrl).toBe(`${site.url}/tin-tuc/canh-bao-lua-dao-gia-danh-cong-an.html`); // utm_source dropped
    expect(doc?.publishedAt).toBe('2025-03-21T08:30:00.000Z');
    expect(doc?.language).toBe('vi');
    expect(doc?.text).not.toMatch(/Ảnh:/); // photo captions are not article text

    // Every sentence of every document, no more and no less.
    const all = await es.search<{ text: string }>({ index: names.documents, size: 10 });
    const expected = all.hits.hits.reduce((sum, h) => sum + splitSentences(h._source?.text ?? '').length, 0);
    expect(expected).toBeGreaterThan(12);
    expect((await es.count({ index: names.sentences })).count).toBe(expected);
  });

  it('finds the same sentences with and without diacritics', async () => {
    const withMarks = await searchSentences(es, names, 'giả danh công an');
    const without = await searchSentences(es, names, 'gia danh cong an');
    expect(withMarks.total).toBeGreaterThan(0);
    expect(without.hits.map((h) => h.id).sort()).toEqual(withMarks.hits.map((h) => h.id).sort());
    expect(without.hits[0]?.text).toContain('giả danh');

    const folded = await searchSentences(es, names, 'can cuoc cong dan het hieu luc');
    expect(folded.hits[0]?.text).toContain('căn cước công dân hết hiệu lực');
    // đ folds to d: "lừa đảo"-style words typed as "dieu tra" still match "điều tra".
    const dd = await searchSentences(es, names, 'phuc vu dieu tra');
    expect(dd.hits[0]?.text).toContain('phục vụ điều tra');
  });

  it('writes idempotently: the same documents produced again leave the counts unchanged', async () => {
    const before = await es.count({ index: names.sentences });
    const news = (await demoSources()).filter((s) => s.id === 'demo-news');
    const stats = await crawlToKafka(
      config,
      news.map((s) => ({ ...s, startUrls: [`${site.url}/tin-tuc/`] })),
    );
    expect(stats.documents).toBe(4);
    // Wait until the indexer has consumed the duplicates (its committed offsets reach the end).
    const kafkaTopic = `${config.namespace}documents.raw`;
    const admin = createKafka(config, 'e2e-admin').admin();
    await admin.connect();
    await eventually(async () => {
      const [latest, committed] = await Promise.all([
        admin.fetchTopicOffsets(kafkaTopic),
        admin.fetchOffsets({ groupId: `${config.namespace}sentinel-index-documents`, topics: [kafkaTopic] }),
      ]);
      const end = latest.reduce((sum, p) => sum + Number(p.high), 0);
      const done = (committed[0]?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
      return end === 9 && done === end;
    }, 'the indexer to consume the re-crawl');
    await admin.disconnect();
    await es.indices.refresh({ index: [names.documents, names.sentences] });
    expect((await es.count({ index: names.documents })).count).toBe(5);
    expect((await es.count({ index: names.sentences })).count).toBe(before.count);
  });
});
