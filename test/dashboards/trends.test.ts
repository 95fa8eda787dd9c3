import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flag } from '../../core/contracts.js';
import { indexNames } from '../../core/names.js';
import { foldDiacritics } from '../../classifiers/text/normalize.js';
import { buildDashboardApp } from '../../dashboards/app.js';
import { appendReview, createUser, ensureDashboardIndices } from '../../dashboards/store.js';
import { vietnamDay } from '../../dashboards/time.js';
import type { QueueItem } from '../../dashboards/queue.js';
import { SPIKE_RULE, spikeDays, type TrendsReport } from '../../dashboards/trends.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices, ensureIndices } from '../../platform/elasticsearch/indices.js';
import { isolatedConfig } from '../helpers.js';
import { sessionCookie } from './fixtures.js';

describe('Dashboards > spike rule (mean + 3σ of the previous 14 days, and at least 5)', () => {
  it('fires on a jump well above a noisy baseline', () => {
    const base = [1, 0, 2, 1, 1, 0, 2, 1, 0, 1, 2, 1, 1, 0];
    expect(spikeDays([...base, 9])).toEqual([14]);
  });
  it('does not fire under the floor of 5, however flat the baseline', () => {
    expect(spikeDays([...Array(14).fill(0), 4])).toEqual([]);
    expect(spikeDays([...Array(14).fill(0), 5])).toEqual([14]);
  });
  it('does not fire within the usual range of a busy narrative', () => {
    const busy = [6, 9, 7, 12, 8, 6, 10, 11, 7, 9, 8, 12, 6, 10];
    const mean = busy.reduce((a, b) => a + b, 0) / busy.length;
    const sd = Math.sqrt(busy.reduce((a, b) => a + (b - mean) ** 2, 0) / busy.length);
    const limit = mean + SPIKE_RULE.sigmas * sd;
    expect(spikeDays([...busy, Math.floor(limit)])).toEqual([]);
    expect(spikeDays([...busy, Math.floor(limit) + 1])).toEqual([14]);
  });
  it('judges only days with 14 days of history before them', () => {
    expect(spikeDays([0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])).toEqual([]);
  });
  it('uses only the 14 days before, so an old burst does not hide a new one', () => {
    const series = [50, 50, ...Array(14).fill(1), 8];
    expect(spikeDays(series)).toContain(16);
  });
});

const config = isolatedConfig('trends');
const names = indexNames(config.namespace);
const es = createElasticsearchClient(config);
const app = buildDashboardApp({ es, names });
const PASSWORD = 'mat-khau-rat-dai-1';
const DAY = 86_400_000;
const now = Date.now();

function flag(
  id: string,
  claimText: string,
  sourceId: string,
  daysAgo: number,
  topic: string,
  sourceKind: Flag['sourceKind'] = 'social',
): Flag {
  return {
    id,
    claimId: `c-${id}`,
    claimText,
    url: `https://${sourceId}.example.vn/${id}`,
    sourceId,
    sourceKind,
    publishedAt: null,
    score: 0.6,
    signals: [],
    matches: [],
    topics: [topic],
    createdAt: new Date(now - daysAgo * DAY).toISOString(),
  };
}

const SPIKING = 'Công an sẽ khóa tài khoản ngân hàng của người chưa cập nhật căn cước trước ngày 1/7.';
const STEADY = 'Camera phạt nguội đã được lắp trên toàn bộ quốc lộ 1A.';
const flags: Flag[] = [];
// Spiking narrative: one a day for 14 days, then 7 today from 7 sources.
for (let d = 14; d >= 1; d -= 1) flags.push(flag(`s${d}`, SPIKING, 'trang-1', d, 'ngan-hang'));
for (let k = 0; k < 7; k += 1) flags.push(flag(`s0-${k}`, k % 2 ? foldDiacritics(SPIKING) : SPIKING, `trang-${k + 2}`, 0, 'ngan-hang'));
// Steady narrative: 4 today, nothing before: under the floor of 5.
for (let k = 0; k < 4; k += 1) flags.push(flag(`t0-${k}`, STEADY, `bao-${k}`, 0, 'traffic-safety', 'news'));

describe("Dashboards > supervisors' trends", () => {
  let cookie = '';
  beforeAll(async () => {
    await ensureIndices(es, names);
    await ensureDashboardIndices(es, names);
    await es.bulk({ refresh: true, operations: flags.flatMap((f) => [{ index: { _index: names.flags, _id: f.id } }, f]) });
    await createUser(es, names, 'giam-sat', 'supervisor', PASSWORD);
    await createUser(es, names, 'phan-tich', 'analyst', PASSWORD);
    await appendReview(es, names, { flagId: 't0-0', action: 'dismiss', by: 'phan-tich' });
    cookie = await sessionCookie(app, 'giam-sat', PASSWORD);
  });
  afterAll(async () => {
    await app.close();
    await deleteIndices(es, names);
    await es.close();
  });

  it('counts flagged claims per Viet Nam day by topic and source kind, and raises the stated spike', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/trends', headers: { cookie } });
    expect(response.statusCode).toBe(200);
    const report = response.json<TrendsReport>();
    const today = vietnamDay(new Date(now));
    expect(report.days.at(-1)).toBe(today);
    const bank = report.byTopic.find((s) => s.name === 'ngan-hang');
    expect(bank?.counts.at(-1)).toBe(7);
    expect(bank?.counts.reduce((a, b) => a + b, 0)).toBe(21);
    expect(report.bySourceKind.find((s) => s.name === 'news')?.counts.at(-1)).toBe(4);
    expect(report.byTopic.map((s) => s.name).sort()).toEqual(['ngan-hang', 'traffic-safety']); // the API keeps ids
    expect(report.spikes.map((s) => [s.day, s.count, s.example])).toEqual([[today, 7, SPIKING]]);
    const top = report.narratives[0];
    expect([top?.example, top?.sources, top?.total]).toEqual([SPIKING, 8, 21]);
    expect(report.decisions.dismissed.at(-1)).toBe(1);
    expect(report.backlog).toBe(1); // two narratives, one dismissed
  });

  it('raises the same spike over a week: the rule still looks at the 14 days before the range', async () => {
    const week = (await app.inject({ method: 'GET', url: '/api/trends?days=7', headers: { cookie } })).json<TrendsReport>();
    expect(week.days).toHaveLength(7);
    expect(week.byTopic.find((s) => s.name === 'ngan-hang')?.counts).toEqual([1, 1, 1, 1, 1, 1, 7]);
    expect(week.spikes.map((s) => [s.day, s.count, s.example])).toEqual([[vietnamDay(new Date(now)), 7, SPIKING]]);
  });

  it('renders the charts page with the rule stated and ECharts served locally; analysts may not see it', async () => {
    const page = await app.inject({ method: 'GET', url: '/trends', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('trung bình + 3·độ lệch chuẩn của 14 ngày trước đó và đạt ít nhất 5');
    expect(page.body).toContain('<script src="/assets/echarts.min.js"></script>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    // The chart legends name topics and source kinds; an id the taxonomy lacks stays as is.
    const shown = JSON.parse(
      /<script type="application\/json" id="trends-data">([^<]*)<\/script>/.exec(page.body)?.[1] ?? '{}',
    ) as TrendsReport;
    expect(shown.byTopic.map((s) => s.name).sort()).toEqual(['An toàn giao thông', 'ngan-hang']);
    expect(shown.bySourceKind.map((s) => s.name).sort()).toEqual(['Báo chí', 'Mạng xã hội']);
    const en = await app.inject({ method: 'GET', url: '/trends?lang=en', headers: { cookie } });
    expect(en.body).toContain('"name":"Traffic safety"');
    expect(en.body).toContain('"name":"News"');
    const asset = await app.inject({ method: 'GET', url: '/assets/echarts.min.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.body.length).toBeGreaterThan(500_000);
    const analystCookie = await sessionCookie(app, 'phan-tich', PASSWORD);
    expect((await app.inject({ method: 'GET', url: '/api/trends', headers: { cookie: analystCookie } })).statusCode).toBe(403);
  });

  it("drills down from a spike to the claims it counted: its day's queue and its narrative's claim page", async () => {
    const page = await app.inject({ method: 'GET', url: '/trends', headers: { cookie } });
    const spike = /<ul id="spikes">([\s\S]*?)<\/ul>/.exec(page.body)?.[1] ?? '';
    const [dayHref, claimHref] = [...spike.matchAll(/<a href="([^"]+)">/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&'));
    const today = vietnamDay(new Date(now));
    expect(dayHref).toBe(`/queue?from=${today}&to=${today}`);
    // The day's queue holds the spiking narrative with exactly the 7 flags the spike counted, and the day's other narrative.
    const queue = await app.inject({ method: 'GET', url: `/api${dayHref}`, headers: { cookie } });
    const items = queue.json<{ items: QueueItem[] }>().items;
    const spiking = items.find((i) => i.flag.claimText === SPIKING || i.flag.claimText === foldDiacritics(SPIKING));
    expect([spiking?.flag.id, ...(spiking?.relatedFlagIds ?? [])].sort()).toEqual(
      flags.filter((f) => f.id.startsWith('s0-')).map((f) => f.id),
    );
    expect(
      items
        .flatMap((i) => [i.flag.id, ...i.relatedFlagIds])
        .filter((id) => !id.startsWith('s0-'))
        .sort(),
    ).toEqual(['t0-0', 't0-1', 't0-2', 't0-3']);
    // Its example opens the narrative's claim page, which lists every appearance.
    expect(claimHref).toMatch(/^\/claims\/s0-\d$/);
    const claim = await app.inject({ method: 'GET', url: claimHref ?? '', headers: { cookie } });
    expect(claim.statusCode).toBe(200);
    expect(claim.body).toContain(SPIKING);
  });
});
