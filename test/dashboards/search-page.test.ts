import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceDocument } from '../../core/contracts.js';
import { documentIdFor, sha256Hex } from '../../core/ids.js';
import { indexNames } from '../../core/names.js';
import { buildDashboardApp } from '../../dashboards/app.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices, ensureIndices } from '../../platform/elasticsearch/indices.js';
import { handleDocuments } from '../../pipeline/stages/index-documents.js';
import { isolatedConfig } from '../helpers.js';

const config = isolatedConfig('dash');
const names = indexNames(config.namespace);
const es = createElasticsearchClient(config);
const app = buildDashboardApp({ es, names });

function doc(path: string, text: string): SourceDocument {
  const url = `https://bao.example.vn/${path}`;
  return {
    id: documentIdFor(url),
    url,
    canonicalUrl: url,
    sourceId: 'bao',
    sourceKind: 'news',
    outlet: 'Báo',
    title: path,
    text,
    publishedAt: '2025-03-21T08:30:00.000Z',
    fetchedAt: new Date().toISOString(),
    language: 'vi',
    contentHash: sha256Hex(text),
  };
}

describe('Dashboards > statement search page and API', () => {
  beforeAll(async () => {
    await ensureIndices(es, names);
    const docs = [
      doc('a', 'Công an tỉnh Nghệ An cảnh báo thủ đoạn lừa đảo qua điện thoại.'),
      doc('b', 'Kẻ gian gửi đường link <script>alert("x")</script> giả mạo công an.'),
      doc('c', 'Giải bóng đá phong trào khai mạc tại sân vận động.'),
      doc('d', 'Công an bảo đảm an ninh kỳ thi tốt nghiệp năm nay.'),
      doc('e', 'Kết quả thi tốt nghiệp được công bố sớm.'),
    ];
    expect(
      await handleDocuments(
        es,
        names,
        docs.map((value, i) => ({ value, key: value.id, partition: 0, offset: String(i) })),
      ),
    ).toEqual([]);
    await es.indices.refresh({ index: names.sentences });
  });
  afterAll(async () => {
    await app.close();
    await deleteIndices(es, names);
    await es.close();
  });

  it('answers a query typed without diacritics, with highlights in the original text', async () => {
    const response = await app.inject({ method: 'GET', url: `/api/search?q=${encodeURIComponent('lua dao')}` });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ total: number; hits: { text: string; highlight: string }[] }>();
    expect(body.total).toBe(1);
    expect(body.hits[0]?.highlight).toBe('Công an tỉnh Nghệ An cảnh báo thủ đoạn <mark>lừa</mark> <mark>đảo</mark> qua điện thoại.');
  });

  it('finds a sentence written in the other i/y spelling', async () => {
    for (const q of ['ki thi tot nghiep', 'kì thi tốt nghiệp']) {
      const response = await app.inject({ method: 'GET', url: `/api/search?q=${encodeURIComponent(q)}` });
      const [first] = response.json<{ hits: { text: string; highlight: string }[] }>().hits;
      expect(first?.text, q).toBe('Công an bảo đảm an ninh kỳ thi tốt nghiệp năm nay.');
      expect(first?.highlight, q).toContain('<mark>kỳ</mark> <mark>thi</mark>');
    }
  });

  it('renders crawled text as text, never as markup', async () => {
    const response = await app.inject({ method: 'GET', url: `/?q=${encodeURIComponent('gia mao <b>cong an</b>')}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).not.toContain('<script>alert');
    expect(response.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(response.body).not.toContain('<b>cong an</b>');
    expect(response.body).toContain('<mark>giả</mark> <mark>mạo</mark> <mark>công</mark> <mark>an</mark>');
  });

  it('rejects an oversized query with a 400', async () => {
    const response = await app.inject({ method: 'GET', url: `/api/search?q=${'a'.repeat(600)}` });
    expect(response.statusCode).toBe(400);
  });
});
