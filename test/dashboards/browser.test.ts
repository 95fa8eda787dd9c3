/**
 * The three roles in a real browser (Debian's Chromium driven by Playwright) on the running app:
 * log in, review a claim end to end, search without diacritics, see a chart render.
 * Controls are checked for a name as Chromium's accessibility tree computes it (what axe-core's
 * `label` and `select-name` rules ask: a screen reader must say what each field is).
 * Every role's pages at a phone's and a laptop's width: no horizontal scrolling, no serious or
 * critical axe-core violation, a screenshot each in test-artifacts/<role>-<page>-<width>.png.
 * Screenshots go to test-artifacts/ (git-ignored).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { AxeResults } from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flag, OfficialStatement } from '../../core/contracts.js';
import { sha256Hex } from '../../core/ids.js';
import { indexNames } from '../../core/names.js';
import { buildDashboardApp } from '../../dashboards/app.js';
import { createUser, ensureDashboardIndices, type Role } from '../../dashboards/store.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices, ensureIndices } from '../../platform/elasticsearch/indices.js';
import { ensureStatementsIndex, indexStatements } from '../../classifiers/matching/statements-index.js';
import { isolatedConfig } from '../helpers.js';
import { indexFlags } from './fixtures.js';

const ARTIFACTS = 'test-artifacts/dashboards';
const LAYOUT_ARTIFACTS = 'test-artifacts';
// axe-core's own build, injected into each page as the issue asks (not a wrapper library).
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PASSWORD = 'mat-khau-rat-dai-1';
const config = isolatedConfig('browser');
const names = indexNames(config.namespace);
const es = createElasticsearchClient(config);
// Every test signs in afresh from one address: more than the default per-address login limit.
const app = buildDashboardApp({ es, names, loginRateLimit: { max: 100, timeWindowMs: 60_000 } });
let base = '';
let browser: Browser;

const CLAIM = 'Công an yêu cầu người dân chuyển 5 triệu đồng để cập nhật tài khoản VNeID <script>window.pwned=1</script>';
const now = Date.now();
const flags: Flag[] = [0, 1, 2].map((d) => ({
  id: `f${d}`,
  claimId: `c${d}`,
  claimText: d === 0 ? CLAIM : `Tin đồn số ${d} về phạt nguội camera giao thông.`,
  url: `https://trang${d}.example.vn/bai`,
  sourceId: `trang${d}`,
  sourceKind: 'social',
  publishedAt: new Date(now - d * 86_400_000).toISOString(),
  score: 0.8 - d * 0.1,
  topics: d === 0 ? ['citizen-id', 'online-fraud'] : ['traffic-safety'],
  signals: [{ id: 'money-request', description: 'Yêu cầu chuyển tiền', weight: 0.5 }],
  // The first claim is answered by the statement below: its claim page and the statement's page link to each other.
  matches:
    d === 0
      ? [
          {
            claimId: 'c0',
            statementId: 'tb-1',
            score: 0.88,
            stance: 'contradicts' as const,
            evidence: 'Bộ Công an cảnh báo thủ đoạn lừa đảo qua mạng giả danh cán bộ công an.',
            conflicts: [],
            url: 'https://bocongan.gov.vn/tin/tb-1',
          },
        ]
      : [],
  createdAt: new Date(now - d * 86_400_000).toISOString(),
}));
const statement: OfficialStatement = {
  id: 'tb-1',
  agency: 'Bộ Công an',
  title: 'Cảnh báo lừa đảo qua mạng',
  text: 'Bộ Công an cảnh báo thủ đoạn lừa đảo qua mạng giả danh cán bộ công an.',
  url: 'https://bocongan.gov.vn/tin/tb-1',
  publishedAt: '2025-03-10T02:00:00.000Z',
  fetchedAt: '2025-03-10T03:00:00.000Z',
  version: 1,
  contentHash: sha256Hex('tb-1'),
};

/** Form controls a person fills in that Chromium gives no accessible name, as `tag name=…`. */
async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', {
      nodeId: root.nodeId,
      selector: 'input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset]):not([type=image]), select, textarea',
    });
    const unnamed: string[] = [];
    for (const nodeId of nodeIds) {
      const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false });
      // Not rendered at this width (the phone's menu checkbox on a laptop): nobody fills it in.
      if (nodes[0]?.ignored) continue;
      const name = String(nodes[0]?.name?.value ?? '').trim();
      if (name !== '') continue;
      const { node } = await cdp.send('DOM.describeNode', { nodeId });
      const attributes = node.attributes ?? [];
      unnamed.push(`${node.nodeName.toLowerCase()} name=${attributes[attributes.indexOf('name') + 1] ?? '?'}`);
    }
    return unnamed;
  } finally {
    await cdp.detach();
  }
}

/** Why the page scrolls sideways: its width against the viewport's, and the elements past the edge. */
async function horizontalOverflow(page: Page): Promise<string | undefined> {
  return page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    // clientWidth leaves out a vertical scrollbar, so content hidden under it counts as overflow too.
    const limit = Math.min(window.innerWidth, document.documentElement.clientWidth);
    if (root.scrollWidth <= limit) return undefined;
    const past = [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > limit + 0.5)
      .slice(-5)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${[...el.classList].join('.')}` : ''} right=${Math.round(el.getBoundingClientRect().right)}`,
      );
    return `scrollWidth ${root.scrollWidth} > ${limit}: ${past.join(', ')}`;
  });
}

/** axe-core's serious and critical violations on the page, one line each with where they are. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const results = await page.evaluate(() =>
    (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe.run(document, {
      resultTypes: ['violations'],
    }),
  );
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id} (${v.help}): ${v.nodes
          .slice(0, 5)
          .map((n) => `${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`)
          .join(' | ')}`,
    );
}

async function loginAs(role: Role, options: { bypassCSP?: boolean; javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const page = await browser.newPage({ locale: 'vi-VN', ...options });
  await page.goto(`${base}/login`);
  await page.fill('input[name=name]', `nguoi-${role}`);
  await page.fill('input[name=password]', PASSWORD);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.click('button[type=submit]')]);
  await page.screenshot({ path: `${ARTIFACTS}/home-${role}.png` });
  return page;
}

describe('Dashboards > in the browser', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    mkdirSync(LAYOUT_ARTIFACTS, { recursive: true });
    await ensureIndices(es, names);
    await ensureDashboardIndices(es, names);
    await ensureStatementsIndex(es, names);
    await indexStatements(es, names, [statement]);
    await indexFlags(es, names, flags);
    // The first claim's outlet, as the claims index holds it (the others count under their source).
    await es.index({ index: names.claims, id: 'c0', document: { id: 'c0', outlet: 'Báo Công an Nhân dân' }, refresh: true });
    for (const role of ['analyst', 'press', 'supervisor', 'admin'] as const) await createUser(es, names, `nguoi-${role}`, role, PASSWORD);
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app.close();
    await deleteIndices(es, names);
    await es.close();
  });

  it('logs each role in and lands on its page, with the navigation bar everywhere', async () => {
    const landing: Record<Role, string> = { analyst: '/queue', supervisor: '/trends', admin: '/queue', press: '/statements' };
    for (const role of ['analyst', 'press', 'supervisor', 'admin'] as const) {
      const page = await loginAs(role);
      expect(new URL(page.url()).pathname).toBe(landing[role]);
      expect(await page.locator('nav form[action="/logout"] button').count()).toBe(1);
      await page.close();
    }
    const press = await loginAs('press');
    await press.goto(`${base}/?q=cong+an`);
    expect(await press.locator('nav').innerText()).toContain('Cán bộ báo chí');
    await press.screenshot({ path: `${ARTIFACTS}/search-logged-in.png`, fullPage: true });
    await press.close();
  }, 60_000);

  it('shows topics and source kinds by name, and offers the taxonomy as the topic filter', async () => {
    const page = await loginAs('analyst');
    expect(await page.locator('tr[data-flag=f0] .meta').innerText()).toBe(
      'trang0 · Mạng xã hội · Định danh và dịch vụ công số, Lừa đảo trực tuyến',
    );
    await page.selectOption('select[name=topic]', { label: 'An toàn giao thông' });
    await Promise.all([page.waitForURL(/topic=traffic-safety/), page.click('form[action="/queue"] button')]);
    expect(await page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-flag')))).toEqual(['f1', 'f2']);
    await page.screenshot({ path: `${ARTIFACTS}/queue-filtered.png`, fullPage: true });
    await page.close();
  }, 60_000);

  it('filters the queue by an outlet typed without diacritics, suggesting the outlets that have flags', async () => {
    const page = await loginAs('analyst');
    expect(
      await page.locator('#outlet-choices option').evaluateAll((options) => options.map((o) => o.getAttribute('value')).sort()),
    ).toEqual(['Báo Công an Nhân dân', 'trang1', 'trang2']);
    await page.fill('input[name=outlet]', 'bao cong an');
    await Promise.all([page.waitForURL(/outlet=bao\+cong\+an/), page.click('form[action="/queue"] button')]);
    expect(await page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-flag')))).toEqual(['f0']);
    expect(await page.locator('input[name=outlet]').inputValue()).toBe('bao cong an');
    await page.screenshot({ path: `${ARTIFACTS}/queue-outlet.png`, fullPage: true });
    await page.close();
  }, 60_000);

  it('lets an analyst review a claim end to end; the claim shows as text', async () => {
    const page = await loginAs('analyst');
    expect(await page.locator('tbody tr').first().getAttribute('data-flag')).toBe('f0');
    await page.click('a[href="/claims/f0"]');
    await page.waitForURL(`${base}/claims/f0`);
    expect(await page.locator('blockquote.claim').innerText()).toContain('<script>window.pwned=1</script>');
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('#history-empty').innerText()).toBe('Chưa có thao tác rà soát nào cho mục này.');
    // No verdict is chosen in advance, and the browser will not send a confirm without one.
    expect(await page.locator('select[name=verdict]').inputValue()).toBe('');
    await page.click('form:has(input[value=confirm]) button');
    expect(await page.locator('select[name=verdict]').evaluate((el) => (el as HTMLSelectElement).validity.valueMissing)).toBe(true);
    expect(await page.locator('strong.status').innerText()).toBe('Chưa xử lý');
    await page.selectOption('select[name=verdict]', 'scam');
    await Promise.all([page.waitForURL(`${base}/claims/f0`), page.click('form:has(input[value=confirm]) button')]);
    expect(await page.locator('strong.status').innerText()).toBe('Đã xác nhận');
    await page.fill('input[name=note]', 'Đã đối chiếu với thông cáo của Bộ Công an.');
    await Promise.all([page.waitForURL(`${base}/claims/f0`), page.click('form:has(input[value=note]) button')]);
    // The assignee is picked among the accounts that review.
    expect(await page.locator('select[name=assignee] option').allInnerTexts()).toEqual([
      '— Chọn người phụ trách —',
      'nguoi-analyst (Phân tích viên)',
      'nguoi-supervisor (Giám sát viên)',
    ]);
    await page.selectOption('select[name=assignee]', 'nguoi-supervisor');
    await Promise.all([page.waitForURL(`${base}/claims/f0`), page.click('form:has(input[value=assign]) button')]);
    expect(await page.locator('#history li').allInnerTexts()).toEqual([
      expect.stringContaining('nguoi-analyst · Xác nhận (Lừa đảo)'),
      expect.stringContaining('Đã đối chiếu'),
      expect.stringContaining('nguoi-analyst · Giao việc → nguoi-supervisor'),
    ]);
    await page.screenshot({ path: `${ARTIFACTS}/claim-reviewed.png`, fullPage: true });
    const exported = await page.request.get(`${base}/api/flags/f0/claimreview`);
    expect((await exported.json()) as Record<string, unknown>).toMatchObject({ '@type': 'ClaimReview', claimReviewed: CLAIM });
    await page.close();
  }, 60_000);

  it('names every control of the review and admin pages, in both languages', async () => {
    const page = await loginAs('analyst');
    for (const url of ['/claims/f1', '/claims/f1?lang=en', '/queue', '/queue?lang=vi']) {
      await page.goto(`${base}${url}`);
      expect({ url, unnamed: await unnamedControls(page) }).toEqual({ url, unnamed: [] });
    }
    await page.close();
    const admin = await loginAs('admin');
    for (const url of ['/admin/users', '/admin/users?lang=en']) {
      await admin.goto(`${base}${url}`);
      expect({ url, unnamed: await unnamedControls(admin) }).toEqual({ url, unnamed: [] });
    }
    await admin.screenshot({ path: `${ARTIFACTS}/admin-users.png`, fullPage: true });
    await admin.close();
  }, 60_000);

  it('goes from a filtered queue to its claims one after another', async () => {
    const page = await loginAs('supervisor');
    await page.goto(`${base}/queue?topic=traffic-safety`);
    await Promise.all([page.waitForURL(/\/claims\/f1/), page.click('tbody tr:first-child a')]);
    expect(new URL(page.url()).search).toBe('?topic=traffic-safety');
    await Promise.all([page.waitForURL(/\/claims\/f2/), page.click('#next-item')]);
    expect(new URL(page.url()).search).toBe('?topic=traffic-safety');
    expect(await page.locator('#end-of-queue').count()).toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}/claim-end-of-queue.png`, fullPage: true });
    await Promise.all([page.waitForURL(/\/queue\?topic=traffic-safety$/), page.click('#back-to-queue')]);
    await page.close();
  }, 60_000);

  it('moves through the queue and reviews a claim from the keyboard, never while typing, the keys listed in a dialog', async () => {
    const page = await loginAs('analyst');
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    });
    const selectedRow = () => page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-flag') ?? null);
    expect(new URL(page.url()).pathname).toBe('/queue');
    await page.keyboard.press('j');
    expect(await selectedRow()).toBe('f0');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    expect(await selectedRow()).toBe('f2');
    await page.keyboard.press('k');
    expect(await selectedRow()).toBe('f1');
    // Typed into a field, the keys are the field's.
    await page.focus('input[name=source]');
    await page.keyboard.type('jko?');
    expect(await page.locator('input[name=source]').inputValue()).toBe('jko?');
    expect(await page.locator('#shortcuts-help').evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);
    expect(new URL(page.url()).pathname).toBe('/queue');
    await page.locator('input[name=source]').fill('');
    // "?" opens the help: a modal dialog named by its heading, listing the keys; while open, j does nothing; Esc closes it.
    await page.locator('h1').click();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Phím tắt' });
    await expect.poll(() => help.isVisible()).toBe(true);
    expect((await help.locator('dl.keys > div').allInnerTexts()).map((row) => row.replace(/\s+/g, ' '))).toEqual([
      'j Chọn mục tiếp theo',
      'k Chọn mục trước',
      'o hoặc Enter Mở mục đang chọn',
      '/ Đến bộ lọc',
      '? Hiện bảng phím tắt này',
    ]);
    await page.keyboard.press('j');
    expect(await selectedRow()).toBe(null);
    await page.keyboard.press('Escape');
    await expect.poll(() => help.isVisible()).toBe(false);
    await page.locator('h1').click();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await Promise.all([page.waitForURL(`${base}/claims/f1`), page.keyboard.press('o')]);
    // c without a verdict is refused by the browser, as the button is; 2 picks «Sai sự thật» and moves to Confirm.
    await page.keyboard.press('c');
    expect(await page.locator('select[name=verdict]').evaluate((el) => (el as HTMLSelectElement).validity.valueMissing)).toBe(true);
    await page.locator('h1').click();
    await page.keyboard.press('2');
    expect(await page.locator('select[name=verdict]').inputValue()).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('review-confirm');
    await Promise.all([page.waitForURL(`${base}/claims/f1`), page.waitForEvent('load'), page.keyboard.press('c')]);
    expect(await page.locator('strong.status').innerText()).toBe('Đã xác nhận');
    expect(await page.locator('#history li').allInnerTexts()).toEqual([expect.stringContaining('nguoi-analyst · Xác nhận (Sai sự thật)')]);
    // n goes to the note; what follows is typed there.
    await page.keyboard.press('n');
    await page.keyboard.type('jk');
    expect(await page.locator('#review-note').inputValue()).toBe('jk');
    expect(new URL(page.url()).pathname).toBe('/claims/f1');
    await page.locator('h1').click();
    await Promise.all([page.waitForURL(`${base}/claims/f2`), page.keyboard.press('j')]);
    await Promise.all([page.waitForURL(`${base}/claims/f1`), page.keyboard.press('k')]);
    await Promise.all([page.waitForURL(`${base}/queue`), page.keyboard.press('u')]);
    expect(refused).toEqual([]);
    await page.close();
    // The help in English, open, at a phone's width: no serious axe-core violation, no sideways scrolling.
    const checked = await loginAs('analyst', { bypassCSP: true });
    await checked.setViewportSize({ width: 390, height: 844 });
    await checked.goto(`${base}/claims/f2?lang=en`);
    await checked.click('#shortcuts-open');
    const english = checked.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect.poll(() => english.isVisible()).toBe(true);
    expect(await english.locator('dl.keys > div').count()).toBe(12);
    expect(await seriousViolations(checked)).toEqual([]);
    expect(await horizontalOverflow(checked)).toBeUndefined();
    await checked.screenshot({ path: `${LAYOUT_ARTIFACTS}/analyst-shortcuts-390.png`, fullPage: true });
    await checked.click('#shortcuts-close');
    await expect.poll(() => english.isVisible()).toBe(false);
    await checked.close();
  }, 60_000);

  it('shows the analyst a claim answered since their review, counted in the navigation bar, until they open it', async () => {
    // f1 was confirmed by the analyst above; a statement on it arrives and its flag is re-scored with the match.
    await indexStatements(es, names, [
      {
        ...statement,
        id: 'tb-2',
        title: 'Cải chính tin đồn phạt nguội',
        text: 'Công an tỉnh cải chính tin đồn về phạt nguội camera giao thông.',
        url: 'https://congan.example.vn/tb-2',
        contentHash: sha256Hex('tb-2'),
      },
    ]);
    const f1 = flags[1] as Flag;
    await indexFlags(es, names, [
      {
        ...f1,
        matches: [
          {
            claimId: f1.claimId,
            statementId: 'tb-2',
            score: 0.9,
            stance: 'contradicts',
            evidence: 'Công an tỉnh cải chính tin đồn về phạt nguội camera giao thông.',
            conflicts: [],
            url: 'https://congan.example.vn/tb-2',
          },
        ],
      },
    ]);
    const page = await loginAs('analyst', { bypassCSP: true });
    expect(await page.locator('#nav-answered').innerText()).toBe('Mới có trả lời 1');
    const section = page.getByRole('region', { name: /Mới có trả lời/ });
    expect(await section.locator('li[data-flag]').evaluateAll((items) => items.map((li) => li.getAttribute('data-flag')))).toEqual(['f1']);
    expect(await section.locator('.answers li').innerText()).toMatch(/^Mâu thuẫn Cải chính tin đồn phạt nguội · Bộ Công an/);
    const problems: string[] = [];
    for (const width of [390, 1366]) {
      await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
      const overflow = await horizontalOverflow(page);
      if (overflow) problems.push(`at ${width} px: ${overflow}`);
      for (const violation of await seriousViolations(page)) problems.push(`at ${width} px: ${violation}`);
      await page.screenshot({ path: `${LAYOUT_ARTIFACTS}/analyst-queue-answered-${width}.png`, fullPage: true });
    }
    expect(problems).toEqual([]);
    // The first item j selects is the answered claim; opened, it is seen.
    await page.locator('h1').click();
    await page.keyboard.press('j');
    await Promise.all([page.waitForURL(`${base}/claims/f1`), page.keyboard.press('o')]);
    expect(await page.locator('#nav-answered').count()).toBe(0);
    await page.goto(`${base}/queue`);
    expect(await page.locator('#newly-answered').count()).toBe(0);
    await page.close();
  }, 60_000);

  it('downloads what a filtered queue and the trends show as CSV, from their link', async () => {
    const download = async (page: Page) => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
      const bytes = readFileSync(await file.path());
      // UTF-8 with a byte-order mark (Excel), one header row then a row per flag.
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      return { name: file.suggestedFilename(), lines: bytes.subarray(3).toString('utf8').split('\r\n').filter(Boolean) };
    };
    const analyst = await loginAs('analyst');
    await analyst.goto(`${base}/queue?topic=traffic-safety`);
    const queue = await download(analyst);
    expect(queue.name).toMatch(/^sentinel-queue-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(queue.lines[0]).toMatch(/^Mã tin,Nội dung,/);
    expect(queue.lines.slice(1).map((line) => line.split(',')[0])).toEqual(['f1', 'f2']);
    await analyst.close();
    const supervisor = await loginAs('supervisor');
    await supervisor.goto(`${base}/trends?days=7&source=trang0`);
    const trends = await download(supervisor);
    expect(trends.name).toMatch(/^sentinel-trends-/);
    expect(trends.lines.slice(1).map((line) => line.split(',')[0])).toEqual(['f0']);
    await supervisor.close();
  }, 60_000);

  it('lets a press officer search statements without diacritics', async () => {
    const page = await loginAs('press');
    await page.goto(`${base}/statements`);
    await page.fill('input[name=q]', 'lua dao qua mang');
    await Promise.all([page.waitForURL(/q=lua/), page.click('form[role=search] button')]);
    expect(await page.locator('#results mark').allInnerTexts()).toEqual(expect.arrayContaining(['lừa', 'đảo', 'qua', 'mạng']));
    expect(await page.locator('button[data-citation]').first().getAttribute('data-citation')).toMatch(/Bộ Công an, 10\/03\/2025/);
    await page.screenshot({ path: `${ARTIFACTS}/statements-search.png`, fullPage: true });
    expect((await page.goto(`${base}/queue`))?.status()).toBe(403);
    await page.close();
  }, 60_000);

  it("opens a statement's page from the search and from a claim, each linking to the other", async () => {
    const press = await loginAs('press');
    await press.setViewportSize({ width: 390, height: 844 });
    await press.goto(`${base}/statements?q=lua+dao+qua+mang`);
    await Promise.all([press.waitForURL(`${base}/statements/tb-1`), press.click('#results a.statement-link')]);
    expect(await press.locator('h1').innerText()).toBe('Cảnh báo lừa đảo qua mạng');
    expect(await press.locator('.statement-meta').innerText()).toBe('Bộ Công an · Ngày đăng: 09:00 10/03/2025');
    expect(await press.locator('#source-url').getAttribute('href')).toBe('https://bocongan.gov.vn/tin/tb-1');
    expect(await press.locator('.statement-text').innerText()).toContain('giả danh cán bộ công an');
    expect(await press.locator('#answered-claims li').evaluateAll((items) => items.map((li) => li.getAttribute('data-flag')))).toEqual([
      'f0',
    ]);
    expect(await press.locator('#answered-claims .stance').innerText()).toBe('Mâu thuẫn');
    // The claim's text, as text; a press officer is not sent to a review page they may not open.
    expect(await press.locator('#answered-claims li').innerText()).toContain('<script>window.pwned=1</script>');
    expect(await press.locator('#answered-claims a[href^="/claims/"]').count()).toBe(0);
    await press.screenshot({ path: `${ARTIFACTS}/statement-page-press-390.png`, fullPage: true });
    await press.close();
    const analyst = await loginAs('analyst');
    await analyst.goto(`${base}/claims/f0`);
    await Promise.all([analyst.waitForURL(`${base}/statements/tb-1`), analyst.click('.side a.statement-link')]);
    await Promise.all([analyst.waitForURL(`${base}/claims/f0`), analyst.click('#answered-claims li a[href="/claims/f0"] >> nth=0')]);
    expect(await analyst.locator('blockquote.claim').innerText()).toContain('Công an yêu cầu người dân chuyển 5 triệu đồng');
    await analyst.close();
  }, 60_000);

  it("draws the supervisors' charts with ECharts", async () => {
    const page = await loginAs('supervisor');
    await page.goto(`${base}/trends`);
    await page.waitForSelector('#chart-topic[data-rendered=true] canvas', { timeout: 15_000 });
    expect(await page.locator('canvas').count()).toBeGreaterThanOrEqual(3);
    // Each chart ends with the previous period's total, dashed, and says the change per series below it.
    const lastSeries = await page.evaluate(() =>
      ['chart-topic', 'chart-kind', 'chart-decisions'].map((id) => {
        const chart = (
          window as unknown as {
            echarts: { getInstanceByDom(e: HTMLElement): { getOption(): { series: { name: string; lineStyle?: { type?: string } }[] } } };
          }
        ).echarts.getInstanceByDom(document.getElementById(id) as HTMLElement);
        const last = chart.getOption().series.at(-1);
        return `${last?.name ?? ''} ${last?.lineStyle?.type ?? ''}`;
      }),
    );
    expect(lastSeries).toEqual(['Kỳ trước (tổng) dashed', 'Kỳ trước (tổng) dashed', 'Kỳ trước (tổng) dashed']);
    expect(await page.locator('#compare-total').innerText()).toMatch(/^Tin bị gắn cờ: 3 \(kỳ trước: 0; \+3, mới\)$/);
    await page.screenshot({ path: `${ARTIFACTS}/trends.png`, fullPage: true });
    // A click on yesterday's traffic-safety point opens the queue of that day and topic.
    const point = await page.evaluate(() => {
      const el = document.getElementById('chart-topic') as HTMLElement;
      const chart = (
        window as unknown as {
          echarts: {
            getInstanceByDom(e: HTMLElement): {
              getOption(): { series: { name: string }[] };
              convertToPixel(finder: object, value: number[]): number[];
            };
          };
        }
      ).echarts.getInstanceByDom(el);
      const days = (JSON.parse(document.getElementById('trends-data')?.textContent ?? '{}') as { days: string[] }).days;
      const series = chart.getOption().series.findIndex((s) => s.name === 'An toàn giao thông');
      const [x, y] = chart.convertToPixel({ seriesIndex: series }, [days.length - 2, 1]);
      const box = el.getBoundingClientRect();
      return { x: box.left + (x ?? 0), y: box.top + (y ?? 0), day: days[days.length - 2] };
    });
    await page.mouse.move(point.x, point.y);
    await Promise.all([page.waitForURL(/\/queue\?/), page.mouse.click(point.x, point.y)]);
    expect(new URL(page.url()).search).toBe(`?topic=traffic-safety&from=${point.day}&to=${point.day}`);
    expect(await page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-flag')))).toEqual(['f1']);
    await page.close();
  }, 60_000);

  it("stacks a table's cells on a phone, each after its column's name, and keeps the table on a laptop", async () => {
    /** The first body row's cells: where each is, and the name shown before it. */
    const cells = (page: Page) =>
      page
        .locator('table tbody tr')
        .first()
        .locator('td')
        .evaluateAll((tds) =>
          tds.map((td) => {
            const box = td.getBoundingClientRect();
            return {
              left: Math.round(box.left),
              top: Math.round(box.top),
              bottom: Math.round(box.bottom),
              label: getComputedStyle(td, '::before').content,
            };
          }),
        );
    const stacked = (boxes: { top: number; bottom: number }[]) =>
      boxes.every((b, i) => i === 0 || b.top >= (boxes[i - 1]?.bottom ?? 0) - 1);
    for (const { role, path, ready, labels } of [
      {
        role: 'supervisor' as const,
        path: '/trends',
        ready: '#chart-topic[data-rendered=true] canvas',
        labels: ['none', '"Số nguồn: "', '"Tổng: "', '"Xuất hiện lần đầu: "'],
      },
      {
        role: 'analyst' as const,
        path: '/queue',
        ready: undefined,
        labels: ['none', '"Điểm: "', '"Số nguồn: "', '"Xuất hiện lần đầu: "', '"Trạng thái: "'],
      },
    ]) {
      const page = await loginAs(role);
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${base}${path}`);
      if (ready) await page.waitForSelector(ready, { timeout: 15_000 });
      const phone = await cells(page);
      expect({ path, labels: phone.map((c) => c.label) }).toEqual({ path, labels });
      expect({ path, stacked: stacked(phone), aligned: new Set(phone.map((c) => c.left)).size }).toEqual({
        path,
        stacked: true,
        aligned: 1,
      });
      // The header row is not shown on a phone, but stays for screen readers.
      expect(await page.locator('table thead').evaluate((el) => el.getBoundingClientRect().height <= 1)).toBe(true);
      await page
        .locator('table')
        .first()
        .screenshot({ path: `${LAYOUT_ARTIFACTS}/${role}${path.replace('/', '-')}-table-390.png` });
      await page.setViewportSize({ width: 1366, height: 900 });
      const laptop = await cells(page);
      expect({ path, rows: new Set(laptop.map((c) => c.top)).size, labels: laptop.every((c) => c.label === 'none') }).toEqual({
        path,
        rows: 1,
        labels: true,
      });
      await page.close();
    }
  }, 60_000);

  it('folds the navigation bar behind a menu on a phone, opened without a script, and shows it whole on a laptop', async () => {
    /** How far apart, in px, the middles of the language link, the user's name and the logout button sit. */
    const accountSpread = async (page: Page): Promise<number> => {
      const middles = await page
        .locator('nav a[href^="?lang="], nav .meta, nav form[action="/logout"] button')
        .evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().top + el.getBoundingClientRect().height / 2)));
      expect(middles).toHaveLength(3);
      return Math.max(...middles) - Math.min(...middles);
    };
    /** The nav's height, and the links and buttons in it a person can see (the menu's own label left out). */
    const navState = (page: Page) =>
      page.locator('nav').evaluate((nav) => ({
        height: Math.round(nav.getBoundingClientRect().height),
        shown: [...nav.querySelectorAll('a, button')]
          .filter((el) => el.getClientRects().length > 0)
          .map((el) => el.getAttribute('href') ?? el.textContent ?? ''),
      }));
    const everything = [
      '/queue',
      '/statements',
      '/trends',
      '/views',
      '/alerts',
      '/submit',
      '/admin/users',
      '/admin/tokens',
      '/',
      '?lang=en',
      'Đăng xuất',
    ];
    // The admin has the longest bar. No script runs in this page: the menu is a checkbox and its label.
    const page = await loginAs('admin', { javaScriptEnabled: false });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/admin/users`);
    const menu = page.getByRole('checkbox', { name: 'Trình đơn' });
    const closed = await navState(page);
    // One line: the name and the menu's button (the whole bar wrapped to five or six).
    expect({ closed: closed.shown, short: closed.height < 50 }).toEqual({ closed: [], short: true });
    expect({ checked: await menu.isChecked(), unnamed: await unnamedControls(page) }).toEqual({ checked: false, unnamed: [] });
    await page.screenshot({ path: `${LAYOUT_ARTIFACTS}/admin-nav-closed-390.png` });
    await page.click('label[for=nav-menu]');
    const open = await navState(page);
    expect({ open: open.shown, checked: await menu.isChecked() }).toEqual({ open: everything, checked: true });
    expect(open.height).toBeGreaterThan(closed.height * 4);
    expect(await horizontalOverflow(page)).toBeUndefined();
    await page.screenshot({ path: `${LAYOUT_ARTIFACTS}/admin-nav-open-390.png`, fullPage: true });
    // From the keyboard: the checkbox takes the focus and Space closes it again.
    await menu.focus();
    await page.keyboard.press('Space');
    expect((await navState(page)).shown).toEqual([]);
    // On a laptop the whole bar shows at once and the menu's button does not.
    await page.setViewportSize({ width: 1366, height: 900 });
    const laptop = await navState(page);
    expect({ shown: laptop.shown, button: await page.locator('label[for=nav-menu]').isVisible() }).toEqual({
      shown: everything,
      button: false,
    });
    await page.screenshot({ path: `${LAYOUT_ARTIFACTS}/admin-nav-1366.png` });
    // The admin's bar, the longest, takes two lines there, as before; the account's part (language,
    // user, logout) wraps as one, so the logout never stands alone on a line.
    expect(laptop.height).toBeLessThan(70);
    expect(await accountSpread(page)).toBeLessThanOrEqual(4);
    await page.close();
    // The analyst's bar is shorter, and its account's part still stays on one line.
    const analyst = await loginAs('analyst');
    await analyst.setViewportSize({ width: 1366, height: 900 });
    await analyst.goto(`${base}/queue`);
    expect(await accountSpread(analyst)).toBeLessThanOrEqual(4);
    await analyst.close();
    // Opened, in English, with axe-core (which needs a script): no serious violation, no sideways scrolling.
    const checked = await loginAs('analyst', { bypassCSP: true });
    await checked.setViewportSize({ width: 390, height: 844 });
    await checked.goto(`${base}/queue?lang=en`);
    await checked.getByRole('checkbox', { name: 'Menu' }).check();
    expect((await navState(checked)).shown).toContain('/alerts');
    expect(await seriousViolations(checked)).toEqual([]);
    expect(await horizontalOverflow(checked)).toBeUndefined();
    await checked.screenshot({ path: `${LAYOUT_ARTIFACTS}/analyst-nav-open-390.png`, fullPage: true });
    await checked.close();
  }, 60_000);

  it('sets a readable Vietnamese type scale: 16 px body, generous line-height, h1 > h2 > body, a measure of ~70ch', async () => {
    /**
     * The computed type scale: body, h1 and h2 sizes in px, the line-height of the body and of h1 as a
     * ratio of their size, and, for a long text block, its width and the width of 75ch in its font.
     * A page without an h2 (the queue with nothing newly answered) is measured with one added and removed.
     */
    const typeScale = (page: Page, block: string | undefined) =>
      page.evaluate((selector) => {
        const px = (value: string) => Number.parseFloat(value);
        const measure = (el: Element) => {
          const style = getComputedStyle(el);
          return { size: px(style.fontSize), ratio: px(style.lineHeight) / px(style.fontSize) };
        };
        let h2 = document.querySelector('h2');
        const probe = h2 ? undefined : document.body.appendChild(document.createElement('h2'));
        h2 ??= probe ?? null;
        const body = measure(document.body);
        const h1 = measure(document.querySelector('h1') as Element);
        const second = measure(h2 as Element);
        probe?.remove();
        let text: { width: number; limit: number } | undefined;
        const el = selector ? document.querySelector(selector) : null;
        if (el) {
          const ruler = el.appendChild(document.createElement('span'));
          ruler.style.cssText = 'display:block;width:75ch;position:absolute;visibility:hidden';
          text = { width: Math.round(el.getBoundingClientRect().width), limit: Math.round(ruler.getBoundingClientRect().width) };
          ruler.remove();
        }
        return { body: body.size, bodyRatio: body.ratio, h1: h1.size, h1Ratio: h1.ratio, h2: second.size, text };
      }, block);
    const page = await loginAs('analyst');
    const problems: string[] = [];
    for (const width of [390, 1366]) {
      await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
      for (const { path, block } of [
        { path: '/claims/f0', block: 'blockquote.claim' },
        { path: '/queue', block: undefined },
      ]) {
        await page.goto(`${base}${path}`);
        const scale = await typeScale(page, block);
        const at = `${path} at ${width} px`;
        if (!(scale.body >= 16)) problems.push(`${at}: body ${scale.body}px < 16px`);
        if (!(scale.bodyRatio >= 1.5)) problems.push(`${at}: body line-height ${scale.bodyRatio.toFixed(2)} < 1.5`);
        // Headings are set tighter than text, but not so tight that stacked diacritics (Ệ, Ỹ) touch.
        if (!(scale.h1Ratio >= 1.2)) problems.push(`${at}: h1 line-height ${scale.h1Ratio.toFixed(2)} < 1.2`);
        if (!(scale.h1 > scale.h2 && scale.h2 > scale.body))
          problems.push(`${at}: h1 ${scale.h1}px, h2 ${scale.h2}px, body ${scale.body}px`);
        if (block && !scale.text) problems.push(`${at}: no ${block}`);
        if (width === 1366 && scale.text && scale.text.width > scale.text.limit) {
          problems.push(`${at}: ${block} is ${scale.text.width}px wide, more than 75ch (${scale.text.limit}px)`);
        }
      }
    }
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  // Each role's pages, as the issue lists them; a page that draws charts is checked once they are drawn.
  // Error pages are pages too (the status they answer with given).
  const rolePages: { role: Role; pages: { name: string; path: string; ready?: string; status?: number }[] }[] = [
    {
      role: 'analyst',
      pages: [
        { name: 'queue', path: '/queue' },
        { name: 'claim', path: '/claims/f0' },
        { name: 'search', path: '/?q=cong+an' },
        { name: 'statements', path: '/statements?q=lua+dao' },
        { name: 'statement', path: '/statements/tb-1' },
        { name: 'views', path: '/views' },
        { name: 'alerts', path: '/alerts' },
      ],
    },
    {
      role: 'press',
      pages: [
        { name: 'statements', path: '/statements?q=lua+dao+qua+mang' },
        { name: 'statements-empty', path: '/statements?q=xyzzy+khong+ton+tai' },
        { name: 'statement', path: '/statements/tb-1' },
        { name: 'submit', path: '/submit' },
        { name: 'search', path: '/?q=cong+an' },
        { name: 'forbidden', path: '/queue', status: 403 },
      ],
    },
    {
      role: 'supervisor',
      pages: [
        { name: 'trends', path: '/trends', ready: '#chart-topic[data-rendered=true] canvas' },
        { name: 'views', path: '/views' },
        { name: 'alerts', path: '/alerts' },
      ],
    },
    {
      role: 'admin',
      pages: [
        { name: 'users', path: '/admin/users' },
        { name: 'tokens', path: '/admin/tokens' },
        { name: 'not-found', path: '/khong-co-trang-nay', status: 404 },
        { name: 'bad-filter', path: '/trends?days=abc', status: 400 },
      ],
    },
  ];
  for (const { role, pages } of rolePages) {
    it(`lays out the ${role}'s pages at 390 and 1366 px without sideways scrolling or serious axe-core violations`, async () => {
      // axe-core goes in as an inline script, which the app's CSP (script-src 'self') rightly refuses.
      const page = await loginAs(role, { bypassCSP: true });
      const problems: string[] = [];
      for (const width of [390, 1366]) {
        await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
        for (const { name, path, ready, status = 200 } of pages) {
          const response = await page.goto(`${base}${path}`);
          expect({ path, status: response?.status() }).toEqual({ path, status });
          if (ready) await page.waitForSelector(ready, { timeout: 15_000 });
          const overflow = await horizontalOverflow(page);
          if (overflow) problems.push(`${path} at ${width} px overflows: ${overflow}`);
          for (const violation of await seriousViolations(page)) problems.push(`${path} at ${width} px: ${violation}`);
          await page.screenshot({ path: `${LAYOUT_ARTIFACTS}/${role}-${name}-${width}.png`, fullPage: true });
        }
      }
      // All pages and both widths are gathered first so one run lists every problem.
      expect(problems).toEqual([]);
      await page.close();
    }, 90_000);
  }
  it('lays out the login page, and the form again after a wrong password, at 390 and 1366 px', async () => {
    const page = await browser.newPage({ locale: 'vi-VN', bypassCSP: true });
    const problems: string[] = [];
    for (const width of [390, 1366]) {
      await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
      await page.goto(`${base}/login`);
      for (const state of ['empty', 'refused']) {
        if (state === 'refused') {
          await page.fill('input[name=name]', 'nguoi-press');
          await page.fill('input[name=password]', 'sai-mat-khau-dai');
          await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
          expect(await page.inputValue('input[name=name]')).toBe('nguoi-press');
        }
        const overflow = await horizontalOverflow(page);
        if (overflow) problems.push(`login (${state}) at ${width} px overflows: ${overflow}`);
        for (const violation of await seriousViolations(page)) problems.push(`login (${state}) at ${width} px: ${violation}`);
        await page.screenshot({
          path: `${LAYOUT_ARTIFACTS}/signed-out-login${state === 'refused' ? '-refused' : ''}-${width}.png`,
          fullPage: true,
        });
      }
    }
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  // Last: it adds a flag, which the counts of the tests above do not expect.
  it('saves a filtered queue as a view, makes it an alert, sees a new flag on it and marks it checked', async () => {
    const page = await loginAs('analyst', { bypassCSP: true });
    await page.goto(`${base}/queue?topic=traffic-safety`);
    await page.fill('#view-name', 'Phạt nguội');
    await Promise.all([page.waitForURL(/\/views\?saved=/), page.click('form.save-view button')]);
    expect(await page.locator('#views-done').innerText()).toBe('Đã lưu bộ lọc «Phạt nguội».');
    expect(await page.locator('#views li .meta').innerText()).toBe('Hàng đợi rà soát · Chủ đề: An toàn giao thông');
    await Promise.all([page.waitForURL(`${base}/views`), page.getByRole('button', { name: 'Bật cảnh báo: Phạt nguội' }).click()]);
    expect(await page.locator('#views li .alert-on').count()).toBe(1);
    const f2 = flags[2] as Flag;
    await indexFlags(es, names, [
      { ...f2, id: 'f9', claimId: 'c9', claimText: 'Tin đồn mới: phạt nguội cả xe đạp.', createdAt: new Date().toISOString() },
    ]);
    await page.goto(`${base}/queue`);
    expect(await page.locator('#nav-alerts').innerText()).toBe('Cảnh báo 1');
    // On a phone the links are folded away; the menu's button carries their count.
    expect(await page.locator('label[for=nav-menu] .badge').textContent()).toBe('1');
    await Promise.all([page.waitForURL(`${base}/alerts`), page.click('#nav-alerts')]);
    const alert = page.getByRole('region', { name: /Phạt nguội/ });
    expect(await alert.locator('li[data-flag]').evaluateAll((items) => items.map((li) => li.getAttribute('data-flag')))).toEqual(['f9']);
    const problems: string[] = [];
    for (const width of [390, 1366]) {
      await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
      for (const path of ['/alerts', '/views', '/alerts?lang=en']) {
        await page.goto(`${base}${path}`);
        const overflow = await horizontalOverflow(page);
        if (overflow) problems.push(`${path} at ${width} px overflows: ${overflow}`);
        for (const violation of await seriousViolations(page)) problems.push(`${path} at ${width} px: ${violation}`);
        expect({ path, unnamed: await unnamedControls(page) }).toEqual({ path, unnamed: [] });
        await page.screenshot({ path: `${LAYOUT_ARTIFACTS}/analyst${path.replace(/[/?=]/g, '-')}-${width}.png`, fullPage: true });
      }
    }
    expect(problems).toEqual([]);
    await page.goto(`${base}/alerts?lang=vi`);
    await Promise.all([page.waitForURL(/\/alerts\?checked=/), page.getByRole('button', { name: 'Đánh dấu đã xem: Phạt nguội' }).click()]);
    expect(await page.locator('#alerts-done').innerText()).toBe('Đã đánh dấu đã xem «Phạt nguội».');
    expect(await page.locator('#nav-alerts .badge').count()).toBe(0);
    await page.close();
  }, 90_000);
});
