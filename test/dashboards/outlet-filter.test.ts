/**
 * The outlet filter of the queue and the trends (beside topic and source): the outlet is the
 * claim's (claims index), not the flag's source, so one import's pages are told apart; typed with
 * or without diacritics and in any case, an outlet whose name holds the text matches; a flag whose
 * claim is not indexed counts under its source id; an outlet no flag comes from is refused; the
 * drill-down links, the claim page's queue and the CSV export keep it. Real Elasticsearch.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flag } from '../../core/contracts.js';
import { indexNames } from '../../core/names.js';
import { buildDashboardApp } from '../../dashboards/app.js';
import type { QueueItem } from '../../dashboards/queue.js';
import { createUser, ensureDashboardIndices } from '../../dashboards/store.js';
import type { TrendsReport } from '../../dashboards/trends.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices, ensureIndices } from '../../platform/elasticsearch/indices.js';
import { isolatedConfig } from '../helpers.js';
import { indexFlags, sessionCookie } from './fixtures.js';

const config = isolatedConfig('outlet-filter');
const names = indexNames(config.namespace);
const es = createElasticsearchClient(config);
const app = buildDashboardApp({ es, names, queueCacheMs: 0 });
const PASSWORD = 'mat-khau-rat-dai-8';
const DAY = 86_400_000;
const now = Date.now();

/** A flag, and the outlet its claim has in the claims index (none: the claim is not indexed). */
const CASES: { id: string; sourceId: string; outlet?: string; topic: string; text: string }[] = [
  { id: 'tt1', sourceId: 'tuoitre', outlet: 'Báo Tuổi Trẻ', topic: 'online-fraud', text: 'Giả danh công an gọi điện đòi chuyển tiền.' },
  { id: 'tt2', sourceId: 'tuoitre', outlet: 'Báo Tuổi Trẻ', topic: 'traffic-safety', text: 'Xe máy không bật đèn bị phạt hai triệu.' },
  { id: 'ttd', sourceId: 'ttd', outlet: 'Tuổi Trẻ Thủ Đô', topic: 'online-fraud', text: 'Tin nhắn mạo danh ngân hàng đòi mã OTP.' },
  { id: 'fb1', sourceId: 'fb-import', outlet: 'Hội Yêu Hà Nội', topic: 'online-fraud', text: 'Nhóm kín rủ góp vốn lãi mỗi ngày.' },
  { id: 'fb2', sourceId: 'fb-import', outlet: 'Hội Yêu Hà Nội', topic: 'traffic-safety', text: 'Camera phạt nguội gửi tin nhắn nộp phạt.' },
  { id: 'fb3', sourceId: 'fb-import', outlet: 'Chợ Đồ Cũ', topic: 'online-fraud', text: 'Bán vé máy bay giá rẻ yêu cầu đặt cọc.' },
  { id: 'x1', sourceId: 'trang-x', topic: 'online-fraud', text: 'Trang giả cổng dịch vụ công lấy mật khẩu.' },
];
const FLAGS: Flag[] = CASES.map((c, i) => ({
  id: c.id,
  claimId: `c-${c.id}`,
  claimText: c.text,
  url: `https://${c.sourceId}.example.vn/${c.id}`,
  sourceId: c.sourceId,
  sourceKind: c.sourceId === 'fb-import' ? 'social' : 'news',
  publishedAt: new Date(now - (i % 3) * DAY).toISOString(),
  score: 0.7,
  signals: [],
  matches: [],
  topics: [c.topic],
  createdAt: new Date(now).toISOString(),
}));

describe('Dashboards > outlet filter on the queue and the trends', () => {
  let analyst = '';
  let supervisor = '';
  const get = (url: string, cookie = analyst) => app.inject({ method: 'GET', url, headers: { cookie } });
  const queueIds = async (query: string) => {
    const response = await get(`/api/queue?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response
      .json<{ items: QueueItem[] }>()
      .items.map((i) => i.flag.id)
      .sort();
  };

  beforeAll(async () => {
    await ensureIndices(es, names);
    await ensureDashboardIndices(es, names);
    await indexFlags(es, names, FLAGS);
    for (const c of CASES) {
      if (c.outlet)
        await es.index({ index: names.claims, id: `c-${c.id}`, document: { id: `c-${c.id}`, outlet: c.outlet, sourceId: c.sourceId } });
    }
    await es.indices.refresh({ index: names.claims });
    await createUser(es, names, 'phan-tich', 'analyst', PASSWORD);
    await createUser(es, names, 'giam-sat', 'supervisor', PASSWORD);
    analyst = await sessionCookie(app, 'phan-tich', PASSWORD);
    supervisor = await sessionCookie(app, 'giam-sat', PASSWORD);
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await deleteIndices(es, names);
    await es.close();
  });

  it("keeps the claims of an outlet, told apart from its import's other pages, typed with or without diacritics", async () => {
    for (const typed of ['Hội Yêu Hà Nội', 'hoi yeu ha noi', 'HỘI YÊU', '  hoi   yeu ha noi ']) {
      expect({ typed, ids: await queueIds(`outlet=${encodeURIComponent(typed)}`) }).toEqual({ typed, ids: ['fb1', 'fb2'] });
    }
    // The name holds the text: "tuoi tre" is both papers, "bao tuoi tre" one of them.
    expect(await queueIds('outlet=tuoi+tre')).toEqual(['tt1', 'tt2', 'ttd']);
    expect(await queueIds('outlet=bao+tuoi+tre')).toEqual(['tt1', 'tt2']);
    // Beside the other filters: topic, source.
    expect(await queueIds('outlet=tuoi+tre&topic=online-fraud')).toEqual(['tt1', 'ttd']);
    expect(await queueIds('outlet=cho+do+cu&source=fb-import')).toEqual(['fb3']);
    // A flag whose claim the claims index does not hold counts under its source.
    expect(await queueIds('outlet=trang-x')).toEqual(['x1']);
    // An outlet that has flags, none of them under the other filters: nothing, not an error.
    expect(await queueIds('outlet=cho+do+cu&topic=traffic-safety')).toEqual([]);
  });

  it('refuses an outlet no flag comes from, by name, on the API and on the page', async () => {
    const api = await get('/api/queue?outlet=bao+khong+co');
    expect(api.statusCode).toBe(400);
    expect(api.json()).toMatchObject({ parameter: 'outlet', value: 'bao khong co' });
    const page = await get('/queue?outlet=bao+khong+co&lang=en');
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('no flagged claim comes from an outlet or page of that name');
  });

  it('narrows every trend by outlet and suggests the outlets with flags, busiest first', async () => {
    const response = await get('/api/trends?outlet=hoi+yeu+ha+noi', supervisor);
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json<TrendsReport>();
    expect(report.flags).toBe(2);
    expect(report.filters).toEqual({ outlet: 'hoi yeu ha noi' });
    expect(report.byTopic.map((s) => [s.name, s.counts.reduce((a, b) => a + b, 0)]).sort()).toEqual([
      ['online-fraud', 1],
      ['traffic-safety', 1],
    ]);
    expect(report.outlets.slice(0, 2).sort()).toEqual(['Báo Tuổi Trẻ', 'Hội Yêu Hà Nội']);
    expect([...report.outlets].sort()).toEqual(['Báo Tuổi Trẻ', 'Chợ Đồ Cũ', 'Hội Yêu Hà Nội', 'trang-x', 'Tuổi Trẻ Thủ Đô'].sort());
    // The page: the field with its suggestions, and drill-down links that keep the outlet.
    const page = await get('/trends?outlet=hoi+yeu+ha+noi', supervisor);
    expect(page.body).toContain('<input name="outlet" size="16" list="outlet-choices" value="hoi yeu ha noi">');
    expect(page.body).toContain('<option value="Chợ Đồ Cũ"></option>');
    expect(page.body).toMatch(/href="\/queue\?topic=online-fraud&amp;outlet=hoi\+yeu\+ha\+noi&amp;from=\d{4}-\d{2}-\d{2}&amp;to=/);
    expect(page.body).toContain('href="/trends.csv?days=28&amp;outlet=hoi+yeu+ha+noi"');
  });

  it('keeps the outlet on the queue page, its claim links and its CSV export', async () => {
    const page = await get('/queue?outlet=hoi+yeu+ha+noi');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('href="/claims/fb1?outlet=hoi+yeu+ha+noi"');
    expect(page.body).not.toContain('data-flag="fb3"');
    expect(page.body).toContain('href="/queue.csv?outlet=hoi+yeu+ha+noi"');
    const csv = await get('/queue.csv?outlet=hoi+yeu+ha+noi');
    const rows = parse(csv.rawPayload.subarray(3).toString('utf8')) as string[][];
    expect(rows.slice(1).map((r) => [r[0], r[2]])).toEqual(
      expect.arrayContaining([
        ['fb1', 'Hội Yêu Hà Nội'],
        ['fb2', 'Hội Yêu Hà Nội'],
      ]),
    );
    expect(rows).toHaveLength(3);
    // The claim page's "next item" walks the same outlet's queue.
    const claim = await get('/claims/fb1?outlet=hoi+yeu+ha+noi');
    expect(claim.body).toMatch(/href="\/claims\/fb2\?outlet=hoi\+yeu\+ha\+noi" id="next-item"/);
  });
});
