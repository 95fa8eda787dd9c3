/**
 * The press search's relevance floor: a query needs most of its words (as typed or without
 * diacritics), so nonsense sharing one common syllable ("tai", "không") finds nothing and the page
 * says so, while a real query still finds its statement typed either way. Both backends: the
 * statements index, and the official sentences searched before that index exists. Real
 * Elasticsearch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfficialStatement, SourceDocument } from '../../core/contracts.js';
import { documentIdFor, sha256Hex } from '../../core/ids.js';
import { indexNames } from '../../core/names.js';
import { buildDashboardApp } from '../../dashboards/app.js';
import type { StatementHit } from '../../dashboards/statements.js';
import { createUser, ensureDashboardIndices } from '../../dashboards/store.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices, ensureIndices } from '../../platform/elasticsearch/indices.js';
import { ensureStatementsIndex, indexStatements } from '../../classifiers/matching/statements-index.js';
import { handleDocuments } from '../../pipeline/stages/index-documents.js';
import { isolatedConfig } from '../helpers.js';
import { sessionCookie } from './fixtures.js';

const PASSWORD = 'mat-khau-rat-dai-6';
// Common syllables everywhere: "không", "tại", "tài", "công", "an".
const TEXTS = [
  'Người dân không cài ứng dụng lạ tại nhà; thủ đoạn giả mạo dịch vụ công để chiếm đoạt tài khoản ngân hàng.',
  'Công an tỉnh không yêu cầu người dân chuyển tiền qua điện thoại tại bất kỳ trường hợp nào.',
  'Tài xế không đội mũ bảo hiểm bị xử phạt tại chỗ theo quy định.',
];
const NONSENSE = ['xyzzy khong ton tai', 'xyzzy không tồn tại', 'xyzzy khong tai', 'xyzzy không tại', 'plugh của không tại'];
// Function words in a real query do not hold it back.
const REAL = [
  { typed: 'tài khoản ngân hàng', folded: 'tai khoan ngan hang', index: 0 },
  { typed: 'không đội mũ bảo hiểm tại chỗ', folded: 'khong doi mu bao hiem tai cho', index: 2 },
  { typed: 'giả mạo dịch vụ công', folded: 'gia mao dich vu cong', index: 0 },
  { typed: 'chuyển tiền qua điện thoại', folded: 'chuyen tien qua dien thoai', index: 1 },
  { typed: 'đội mũ bảo hiểm', folded: 'doi mu bao hiem', index: 2 },
];

async function signedIn(
  app: ReturnType<typeof buildDashboardApp>,
  es: ReturnType<typeof createElasticsearchClient>,
  names: ReturnType<typeof indexNames>,
) {
  await createUser(es, names, 'bao-chi', 'press', PASSWORD);
  return sessionCookie(app, 'bao-chi', PASSWORD);
}

for (const backend of ['statements', 'sentences'] as const) {
  describe(`Dashboards > statement search relevance floor (${backend})`, () => {
    const config = isolatedConfig(`stmt-rel-${backend}`);
    const names = indexNames(config.namespace);
    const es = createElasticsearchClient(config);
    const app = buildDashboardApp({ es, names });
    const urls = TEXTS.map((_, i) => `https://chinhphu.example.vn/tin-${i}`);
    let press = '';
    beforeAll(async () => {
      await ensureIndices(es, names);
      await ensureDashboardIndices(es, names);
      if (backend === 'statements') {
        await ensureStatementsIndex(es, names);
        const statements: OfficialStatement[] = TEXTS.map((text, i) => ({
          id: `tb-${i}`,
          agency: 'Bộ Công an',
          title: `Thông báo ${i}`,
          text,
          url: urls[i] ?? null,
          publishedAt: '2025-05-01T02:00:00.000Z',
          fetchedAt: '2025-05-01T02:00:00.000Z',
          version: 1,
          contentHash: sha256Hex(text),
        }));
        expect((await indexStatements(es, names, statements)).rejected).toEqual([]);
        await es.indices.refresh({ index: names.statements });
      } else {
        const docs: SourceDocument[] = TEXTS.map((text, i) => {
          const url = urls[i] ?? '';
          return {
            id: documentIdFor(url),
            url,
            canonicalUrl: url,
            sourceId: 'chinhphu',
            sourceKind: 'official',
            outlet: 'Cổng thông tin',
            title: `Thông báo ${i}`,
            text,
            publishedAt: '2025-05-01T02:00:00.000Z',
            fetchedAt: '2025-05-01T03:00:00.000Z',
            language: 'vi',
            contentHash: sha256Hex(text),
          };
        });
        expect(
          await handleDocuments(
            es,
            names,
            docs.map((value, i) => ({ value, key: value.id, partition: 0, offset: String(i) })),
          ),
        ).toEqual([]);
        await es.indices.refresh({ index: names.sentences });
      }
      press = await signedIn(app, es, names);
    });
    afterAll(async () => {
      await app.close();
      await deleteIndices(es, names);
      await es.close();
    });

    const search = async (q: string) => {
      const response = await app.inject({ method: 'GET', url: `/api/statements?q=${encodeURIComponent(q)}`, headers: { cookie: press } });
      expect(response.statusCode).toBe(200);
      const body = response.json<{ source: string; hits: StatementHit[] }>();
      expect(body.source).toBe(backend);
      return body.hits.map((h) => h.url);
    };

    it('finds nothing for nonsense that shares a common syllable, and the page shows the empty state', async () => {
      for (const q of NONSENSE) expect({ q, hits: await search(q) }).toEqual({ q, hits: [] });
      const page = await app.inject({
        method: 'GET',
        url: `/statements?q=${encodeURIComponent('xyzzy khong ton tai')}`,
        headers: { cookie: press },
      });
      expect(page.body).toContain('id="no-results"');
      expect(page.body).not.toContain('id="results"');
    });

    it('still finds a real query, typed with diacritics or without', async () => {
      for (const { typed, folded, index } of REAL) {
        for (const q of [typed, folded]) expect({ q, hits: (await search(q)).slice(0, 1) }).toEqual({ q, hits: [urls[index]] });
      }
    });
  });
}
