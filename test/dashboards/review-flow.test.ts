/**
 * The review flow on the claim page: labelled controls, no verdict chosen for the reviewer (and
 * a confirm without one refused, by the page and by the API), an assignee picked among the
 * accounts that review, "next item" through the filtered queue the claim was opened from, and an
 * empty history said in words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flag } from '../../core/contracts.js';
import { indexNames } from '../../core/names.js';
import { buildDashboardApp } from '../../dashboards/app.js';
import { createUser, ensureDashboardIndices, type ReviewEntry } from '../../dashboards/store.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices, ensureIndices } from '../../platform/elasticsearch/indices.js';
import { isolatedConfig } from '../helpers.js';
import { indexFlags, signIn as signInAs, type SignedIn } from './fixtures.js';

const config = isolatedConfig('review-flow');
const names = indexNames(config.namespace);
const es = createElasticsearchClient(config);
const app = buildDashboardApp({ es, names, loginRateLimit: { max: 50, timeWindowMs: 60_000 }, queueCacheMs: 0 });
const PASSWORD = 'mat-khau-rat-dai-5';

function flag(id: string, score: number, topic: string): Flag {
  return {
    id,
    claimId: `c-${id}`,
    claimText: `Tin đồn ${id}: công an sẽ xử phạt ${id.length * 1000 + score * 100} trường hợp trong tuần này.`,
    url: `https://trang-${id}.example.vn/bai`,
    sourceId: `trang-${id}`,
    sourceKind: 'social',
    publishedAt: '2025-03-21T08:30:00.000Z',
    score,
    signals: [],
    matches: [],
    topics: [topic],
    createdAt: '2025-03-21T09:00:00.000Z',
  };
}

// Queue order (score × one source each): n1, n2, n3, n4, n5; traffic-safety alone: n1, n3, n4.
const FLAGS = [
  flag('n1', 0.9, 'traffic-safety'),
  flag('n2', 0.8, 'citizen-id'),
  flag('n3', 0.7, 'traffic-safety'),
  flag('n4', 0.6, 'traffic-safety'),
  flag('n5', 0.5, 'citizen-id'),
];

const who: Record<string, SignedIn> = {};

async function signIn(name: string): Promise<void> {
  who[name] = await signInAs(app, name, PASSWORD);
}

const page = (url: string, name = 'lan') => app.inject({ method: 'GET', url, headers: { cookie: who[name]?.cookie ?? '' } });
const act = (id: string, payload: object, query = '') =>
  app.inject({
    method: 'POST',
    url: `/api/flags/${id}/actions${query}`,
    payload,
    headers: { cookie: who.lan?.cookie ?? '', 'x-csrf-token': who.lan?.csrf ?? '' },
  });
const form = (id: string, fields: Record<string, string>, query = '', lang = 'vi') =>
  app.inject({
    method: 'POST',
    url: `/api/flags/${id}/actions${query}`,
    payload: new URLSearchParams({ _csrf: who.lan?.csrf ?? '', ...fields }).toString(),
    headers: { cookie: `${who.lan?.cookie ?? ''}; lang=${lang}`, 'content-type': 'application/x-www-form-urlencoded' },
  });
const history = async (id: string) =>
  (await app.inject({ method: 'GET', url: `/api/flags/${id}`, headers: { cookie: who.lan?.cookie ?? '' } })).json<{
    history: ReviewEntry[];
  }>().history;
const attr = (html: string, selector: RegExp) => html.match(selector)?.[1];

describe('Dashboards > the review flow on the claim page', () => {
  beforeAll(async () => {
    await ensureIndices(es, names);
    await ensureDashboardIndices(es, names);
    await indexFlags(es, names, FLAGS);
    await createUser(es, names, 'lan', 'analyst', PASSWORD);
    await createUser(es, names, 'minh', 'supervisor', PASSWORD);
    await createUser(es, names, 'hoa', 'press', PASSWORD);
    await createUser(es, names, 'quan-tri', 'admin', PASSWORD);
    await signIn('lan');
  });
  afterAll(async () => {
    await app.close();
    await deleteIndices(es, names);
    await es.close();
  });

  it('labels every control, chooses no verdict for the reviewer and says when nobody has reviewed yet', async () => {
    const html = (await page('/claims/n2')).body;
    // Each visible control has an id that a <label for> names.
    const controls = [...html.matchAll(/<(input|select|textarea)\b(?![^>]*type="hidden")[^>]*>/g)].map((m) => m[0]);
    expect(controls.length).toBeGreaterThanOrEqual(3);
    for (const control of controls) {
      const id = attr(control, /\bid="([^"]+)"/);
      expect({ control, labelled: id !== undefined && html.includes(`<label for="${id}">`) }).toEqual({ control, labelled: true });
    }
    const verdict = html.match(/<select id="review-verdict"[^>]*>[\s\S]*?<\/select>/)?.[0] ?? '';
    expect(verdict).toContain('required');
    expect(verdict.match(/<option[^>]*>/g)?.[0]).toBe('<option value="" selected>');
    expect(verdict.match(/<option value="[a-z]+"[^>]*>/g)?.every((o) => !o.includes('selected'))).toBe(true);
    expect(html).toContain('<p class="empty" id="history-empty">Chưa có thao tác rà soát nào cho mục này.</p>');
    expect(html).not.toContain('<ol id="history">');
    const en = await page('/claims/n2?lang=en');
    expect(en.body).toContain('Nobody has reviewed this item yet.');
    expect(en.body).toContain('— Choose a verdict —');
  });

  it('refuses a confirm without a verdict, from the API and from the form, and stores nothing', async () => {
    const before = (await history('n5')).length;
    const api = await act('n5', { action: 'confirm' });
    expect(api.statusCode).toBe(400);
    expect(api.json()).toMatchObject({ parameter: 'verdict', error: expect.stringContaining('choose a verdict') });
    expect((await act('n5', { action: 'confirm', verdict: '' })).json()).toMatchObject({ parameter: 'verdict' });
    const sent = await form('n5', { action: 'confirm', verdict: '' });
    expect(sent.statusCode).toBe(400);
    expect(sent.headers['content-type']).toMatch(/^text\/html/);
    expect(sent.body).toMatch(
      /<p role="alert" id="action-refused">.*Hãy chọn một kết luận \(Gây hiểu lầm, Sai sự thật, Lừa đảo\) trước khi xác nhận\./,
    );
    expect(sent.body).toContain('<blockquote class="claim">Tin đồn n5');
    const english = await form('n5', { action: 'confirm' }, '', 'en');
    expect(english.body).toContain('Choose a verdict (Misleading, False, Scam) before confirming.');
    expect((await history('n5')).length).toBe(before);
    // With a verdict, it is stored.
    expect((await act('n5', { action: 'confirm', verdict: 'false' })).statusCode).toBe(201);
    expect((await history('n5')).map((e) => [e.action, e.verdict])).toEqual([['confirm', 'false']]);
  });

  it('offers the accounts that review as assignees and refuses anyone else, naming the parameter', async () => {
    const html = (await page('/claims/n4')).body;
    const picker = html.match(/<select id="review-assignee"[^>]*>([\s\S]*?)<\/select>/)?.[1] ?? '';
    expect([...picker.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1])).toEqual(['', 'lan', 'minh']);
    expect(picker).toContain('minh (Giám sát viên)');

    const unknown = await act('n4', { action: 'assign', assignee: 'khong-co-ai' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toEqual({ error: 'assignee: no user "khong-co-ai"', parameter: 'assignee', value: 'khong-co-ai' });
    const press = await act('n4', { action: 'assign', assignee: 'hoa' });
    expect(press.statusCode).toBe(400);
    expect(press.json()).toMatchObject({ parameter: 'assignee', value: 'hoa' });
    const fromForm = await form('n4', { action: 'assign', assignee: 'khong-co-ai' });
    expect(fromForm.statusCode).toBe(400);
    expect(fromForm.body).toContain('Không có người dùng «khong-co-ai» để giao việc.');
    expect(await history('n4')).toEqual([]);

    const ok = await form('n4', { action: 'assign', assignee: 'minh' });
    expect(ok.statusCode).toBe(303);
    expect((await history('n4')).map((e) => [e.action, e.assignee])).toEqual([['assign', 'minh']]);
    expect((await page('/claims/n4')).body).toContain('<ol id="history">');
  });

  it('goes to the next claim of the same filtered queue, and keeps the queue through an action', async () => {
    const queue = (await page('/queue?topic=traffic-safety')).body;
    expect(queue).toContain('href="/claims/n1?topic=traffic-safety"');
    const first = (await page('/claims/n1?topic=traffic-safety')).body;
    expect(attr(first, /<a href="([^"]+)" id="next-item"/)).toBe('/claims/n3?topic=traffic-safety');
    expect(attr(first, /<a href="([^"]+)" id="back-to-queue"/)).toBe('/queue?topic=traffic-safety');
    const middle = (await page('/claims/n3?topic=traffic-safety')).body;
    expect(attr(middle, /<a href="([^"]+)" id="next-item"/)).toBe('/claims/n4?topic=traffic-safety');
    // The previous item (the keyboard's k), and none before the first.
    expect(attr(middle, /<a href="([^"]+)" id="previous-item"/)).toBe('/claims/n1?topic=traffic-safety');
    expect(first).not.toContain('id="previous-item"');
    const last = (await page('/claims/n4?topic=traffic-safety')).body;
    expect(attr(last, /<a href="([^"]+)" id="previous-item"/)).toBe('/claims/n3?topic=traffic-safety');
    expect(last).not.toContain('id="next-item"');
    expect(last).toContain('id="end-of-queue"');
    // Without filters, the whole queue.
    expect(attr((await page('/claims/n1')).body, /<a href="([^"]+)" id="next-item"/)).toBe('/claims/n2');

    // Confirmed from the open queue, the claim leaves it; its next is still the one after it, not the queue's first.
    const open = '?topic=traffic-safety&status=open';
    const inPage = `${open.replace(/&/g, '&amp;')}`;
    const done = await form('n3', { action: 'confirm', verdict: 'misleading' }, open);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/claims/n3${open}`);
    expect(attr((await page(`/claims/n3${open}`)).body, /<a href="([^"]+)" id="next-item"/)).toBe(`/claims/n4${inPage}`);
    // A claim the filter leaves out is skipped.
    expect(attr((await page(`/claims/n1${open}`)).body, /<a href="([^"]+)" id="next-item"/)).toBe(`/claims/n4${inPage}`);
    // Back from n4, the confirmed n3 is skipped too: the previous open claim is n1.
    expect(attr((await page(`/claims/n4${open}`)).body, /<a href="([^"]+)" id="previous-item"/)).toBe(`/claims/n1${inPage}`);
    expect((await form('n4', { action: 'dismiss' }, open)).statusCode).toBe(303);
    expect((await page(`/claims/n1${open}`)).body).toContain('id="end-of-queue"');

    // A carried filter that does not parse is not echoed into the redirect.
    const odd = await form('n2', { action: 'note', note: 'ghi chú' }, '?status=xong&topic=%3Cscript%3E');
    expect(odd.headers.location).toBe('/claims/n2');
    // On the page, it is refused with the parameter named.
    const refused = await page('/claims/n1?status=xong');
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('<code class="parameter">status</code>');
  });
});
