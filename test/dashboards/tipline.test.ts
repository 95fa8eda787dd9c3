/**
 * The tipline on the real broker, node and Tesseract: a screenshot of a Vietnamese scam message,
 * rendered by Chromium in the test, is sent to POST /api/submissions, read by OCR, published on
 * documents.raw, and its claim reaches the review queue through every stage, marked as sent to
 * the tipline by the sender's role. Bad images are refused with a clear error and leave nothing.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexNames, topicNames } from '../../core/names.js';
import { ocrImage } from '../../crawlers/tipline.js';
import { buildDashboardApp } from '../../dashboards/app.js';
import type { QueueItem } from '../../dashboards/queue.js';
import { createUser, ensureDashboardIndices } from '../../dashboards/store.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices, ensureIndices } from '../../platform/elasticsearch/indices.js';
import { createKafka, ensureTopics, type RunningStage } from '../../platform/kafka.js';
import { startStages, stopStages } from '../../pipeline/run-stages.js';
import { connectTiplinePublisher, type TiplinePublisher } from '../../platform/document-sink.js';
import { eventually, isolatedConfig, rawDocuments } from '../helpers.js';

const config = isolatedConfig('tipline');
const names = indexNames(config.namespace);
const topics = topicNames(config.namespace);
const es = createElasticsearchClient(config);
const PASSWORD = 'mat-khau-rat-dai-1';

/** The message as a phone shows it; the test compares what OCR reads with it. */
const SCAM_LINES = [
  '[Bộ Công an] Thông báo: Hồ sơ định danh của bạn',
  'chưa được xác thực. Vui lòng cài đặt ứng dụng',
  'VNeID tại bit.ly/vneid-cap2 trước 17h hôm nay.',
];

let imageDir: string;
let publisher: TiplinePublisher;
let stages: RunningStage[] = [];
let app: ReturnType<typeof buildDashboardApp>;
let screenshot: Buffer;
let site: Server;
let siteUrl: string;
const login = { cookie: '', csrf: '' };

async function render(lines: readonly string[]): Promise<Buffer> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 260 } });
    await page.setContent(
      `<html><body style="margin:0;background:#fff"><div style="margin:24px;padding:20px;background:#e9e9eb;border-radius:18px;font:30px 'DejaVu Sans',sans-serif;color:#000;line-height:1.4">${lines.join('<br>')}</div></body></html>`,
    );
    return await page.screenshot({ type: 'png' });
  } finally {
    await browser.close();
  }
}

/** Levenshtein distance over characters, for the character accuracy the closing note reports. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1)
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = current;
  }
  return previous[b.length] as number;
}

const submit = (payload: Buffer | string | object, contentType: string) =>
  app.inject({
    method: 'POST',
    url: '/api/submissions',
    headers: { cookie: login.cookie, 'x-csrf-token': login.csrf, 'content-type': contentType },
    payload: typeof payload === 'object' && !Buffer.isBuffer(payload) ? JSON.stringify(payload) : payload,
  });

describe('Tipline > submissions through the API, OCR and the pipeline', () => {
  beforeAll(async () => {
    imageDir = await mkdtemp(join(tmpdir(), 'sentinel-tipline-'));
    await ensureIndices(es, names);
    await ensureDashboardIndices(es, names);
    await ensureTopics(createKafka(config, 'tipline-test-admin'), topics);
    await createUser(es, names, 'press1', 'press', PASSWORD);
    await createUser(es, names, 'analyst1', 'analyst', PASSWORD);
    publisher = await connectTiplinePublisher(config);
    app = buildDashboardApp({
      es,
      names,
      queueCacheMs: 0,
      tipline: { publish: publisher.publish, imageDir, allowPrivateNetwork: true, rateLimit: { max: 10, timeWindowMs: 60_000 } },
    });
    const response = await app.inject({ method: 'POST', url: '/login', payload: { name: 'press1', password: PASSWORD } });
    login.cookie = String(response.headers['set-cookie']).split(';')[0] as string;
    login.csrf = (response.json() as { csrfToken: string }).csrfToken;
    screenshot = await render(SCAM_LINES);
    site = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<html><head><title>Tin đồn</title></head><body><article><h1>Lan truyền tin nhắn giả danh công an</h1><p>${'Trên mạng xã hội lan truyền tin nhắn yêu cầu người dân chuyển tiền để cập nhật VNeID. '.repeat(4)}</p></article></body></html>`,
      );
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/tin-don`;
    stages = await startStages(config, es, ['all']);
  }, 120_000);

  afterAll(async () => {
    await stopStages(stages);
    await app?.close();
    await publisher?.close();
    await new Promise<void>((resolve) => (site ? site.close(() => resolve()) : resolve()));
    await deleteIndices(es, names);
    await es.close();
    if (imageDir) await rm(imageDir, { recursive: true, force: true });
  });

  it('reads the Vietnamese text of a screenshot with Tesseract, diacritics included', async () => {
    const ocr = await ocrImage(screenshot);
    const expected = SCAM_LINES.join(' ');
    const accuracy = 1 - editDistance(ocr.text, expected) / expected.length;
    process.stderr.write(
      `tipline OCR: character accuracy ${(100 * accuracy).toFixed(1)}% on a ${screenshot.length}-byte PNG, mean confidence ${ocr.confidence.toFixed(2)}\n`,
    );
    expect(accuracy).toBeGreaterThan(0.9);
    expect(ocr.text).toContain('định danh');
    expect(ocr.confidence).toBeGreaterThan(0.5);
  });

  it('a screenshot sent by a press officer becomes a submission whose scam claim reaches the queue, marked as sent by that role', async () => {
    const response = await submit(screenshot, 'image/png');
    expect(response.statusCode, response.body).toBe(202);
    const accepted = response.json() as { id: string; via: string; ocrConfidence: number };
    expect(accepted.via).toBe('image');
    // The image is kept by content hash, the document goes to documents.raw with the OCR text.
    expect((await readdir(imageDir)).filter((f) => f.endsWith('.png'))).toHaveLength(1);
    const document = (await rawDocuments(config, 'tipline-test')).find((d) => d.id === accepted.id);
    expect(document?.sourceKind).toBe('submission');
    expect(document?.submission).toMatchObject({ by: 'press', via: 'image', image: { type: 'image/png', bytes: screenshot.length } });
    expect(document?.text).toContain('bit.ly/vneid-cap2');
    // Through extract, score and flag: the analyst's queue shows it, with who (which role) sent it.
    const analyst = await app.inject({ method: 'POST', url: '/login', payload: { name: 'analyst1', password: PASSWORD } });
    const cookie = String(analyst.headers['set-cookie']).split(';')[0] as string;
    const item = await eventually(
      async () => {
        const queue = await app.inject({ method: 'GET', url: '/api/queue?sourceKind=submission', headers: { cookie } });
        return (queue.json() as { items: QueueItem[] }).items.find((i) => i.flag.documentId === accepted.id);
      },
      'the submission in the review queue',
      90_000,
    );
    expect(item.flag.submittedBy).toBe('press');
    expect((item.flag.reasons ?? []).map((r) => r.kind)).toContain('scam-message');
    const page = await app.inject({ method: 'GET', url: '/queue?lang=en', headers: { cookie } });
    expect(page.body).toContain('sent to the tipline by Press officer');
  }, 150_000);

  it('a pasted text and a link (fetched as the crawler fetches) are submissions too', async () => {
    const text = await submit(
      { text: 'Tài khoản VNeID của bạn sẽ bị khóa trong 24h. Truy cập http://vneid-capnhat.xyz để xác thực mức độ 2' },
      'application/json',
    );
    expect(text.statusCode, text.body).toBe(202);
    const link = await submit({ url: siteUrl }, 'application/json');
    expect(link.statusCode, link.body).toBe(202);
    expect((link.json() as { title: string }).title).toBe('Lan truyền tin nhắn giả danh công an');
    const documents = await rawDocuments(config, 'tipline-test');
    expect(documents.find((d) => d.id === (link.json() as { id: string }).id)?.submission).toMatchObject({
      via: 'link',
      link: siteUrl,
      by: 'press',
    });
  });

  it('refuses a damaged image, an oversized file and a wrong type with clear errors, and stores nothing', async () => {
    const before = await readdir(imageDir);
    const damaged = Buffer.concat([screenshot.subarray(0, 64), Buffer.alloc(4096, 7)]);
    const bad = await submit(damaged, 'image/png');
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toEqual({ error: expect.stringMatching(/could not be decoded/) });
    const huge = await submit(Buffer.concat([screenshot, Buffer.alloc(20 * 1024 * 1024)]), 'image/png');
    expect(huge.statusCode).toBe(413);
    const pdf = await submit(Buffer.from('%PDF-1.7\n1 0 obj\n'), 'application/pdf');
    expect(pdf.statusCode).toBe(415);
    // Declared as a PNG, but the bytes are a GIF: the magic bytes decide.
    const gif = await submit(Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), 'image/png');
    expect(gif.statusCode).toBe(415);
    expect(gif.json()).toEqual({ error: 'not a PNG, JPEG or WebP image (sent as image/png)' });
    const empty = await submit({ text: '   ' }, 'application/json');
    expect(empty.statusCode).toBe(400);
    expect(await readdir(imageDir)).toEqual(before);
  });

  it('needs a signed-in user with the CSRF token, and limits submissions per user', async () => {
    await createUser(es, names, 'press2', 'press', PASSWORD);
    const response = await app.inject({ method: 'POST', url: '/login', payload: { name: 'press2', password: PASSWORD } });
    const other = {
      cookie: String(response.headers['set-cookie']).split(';')[0] as string,
      csrf: (response.json() as { csrfToken: string }).csrfToken,
    };
    const anonymous = await app.inject({
      method: 'POST',
      url: '/api/submissions',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ text: 'Tin nhắn lạ' }),
    });
    expect(anonymous.statusCode).toBe(403);
    const noToken = await app.inject({
      method: 'POST',
      url: '/api/submissions',
      headers: { cookie: other.cookie, 'content-type': 'application/json' },
      payload: JSON.stringify({ text: 'Tin nhắn lạ' }),
    });
    expect(noToken.statusCode).toBe(403);
    // 10 requests per minute and user (the one without a token counted): 9 more go in, then 429.
    const statuses: number[] = [];
    for (let i = 0; i < 11; i += 1) {
      const sent = await app.inject({
        method: 'POST',
        url: '/api/submissions',
        headers: { cookie: other.cookie, 'x-csrf-token': other.csrf, 'content-type': 'application/json' },
        payload: JSON.stringify({ text: `Tin nhắn lạ số ${i} yêu cầu chuyển tiền vào tài khoản 0123456789` }),
      });
      statuses.push(sent.statusCode);
    }
    expect(statuses).toEqual([...new Array<number>(9).fill(202), 429, 429]);
    // Another user's limit is their own.
    expect((await submit({ text: 'Một tin nhắn khác yêu cầu chuyển tiền' }, 'application/json')).statusCode).toBe(202);
  });

  it('when the pipeline cannot take a submission, answers 503 and keeps no image of it', async () => {
    const down = buildDashboardApp({ es, names, tipline: { publish: () => Promise.reject(new Error('broker down')), imageDir } });
    try {
      const response = await down.inject({ method: 'POST', url: '/login', payload: { name: 'press1', password: PASSWORD } });
      const headers = {
        cookie: String(response.headers['set-cookie']).split(';')[0] as string,
        'x-csrf-token': (response.json() as { csrfToken: string }).csrfToken,
        'content-type': 'image/png',
      };
      const before = await readdir(imageDir);
      const sent = await down.inject({ method: 'POST', url: '/api/submissions', headers, payload: await render(SCAM_LINES.slice(0, 2)) });
      expect(sent.statusCode).toBe(503);
      expect(sent.json()).toEqual({ error: 'the pipeline is not reachable; nothing was stored, try again' });
      expect(await readdir(imageDir)).toEqual(before);
    } finally {
      await down.close();
    }
  });

  it('the tipline page sends a screenshot from the browser and says what happened', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
    try {
      // A user of its own: the others have used their submissions of the minute.
      await createUser(es, names, 'press3', 'press', PASSWORD);
      const signedIn = await app.inject({ method: 'POST', url: '/login', payload: { name: 'press3', password: PASSWORD } });
      const context = await browser.newContext();
      await context.addCookies([
        { name: 'sentinel_session', value: String(signedIn.headers['set-cookie']).split(';')[0]?.split('=')[1] as string, url: base },
      ]);
      const page = await context.newPage();
      await page.goto(`${base}/submit?lang=en`);
      await page.getByLabel('Or a screenshot').setInputFiles({ name: 'tin-nhan.png', mimeType: 'image/png', buffer: screenshot });
      await page.getByRole('button', { name: 'Send' }).click();
      await page.locator('#submission-result[data-state="sent"]').waitFor({ timeout: 30_000 });
      expect(await page.locator('#submission-result').textContent()).toMatch(/^Received: \[Bộ Công an\]/u);
      await page
        .getByLabel('Or a screenshot')
        .setInputFiles({ name: 'not-an-image.png', mimeType: 'image/png', buffer: Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1') });
      await page.getByRole('button', { name: 'Send' }).click();
      await page.locator('#submission-result[data-state="refused"]').waitFor({ timeout: 30_000 });
      expect(await page.locator('#submission-result').textContent()).toBe('not a PNG, JPEG or WebP image (sent as image/png)');
    } finally {
      await browser.close();
    }
  });
});
