/**
 * API tokens for integrations, on the real node and broker: an admin creates a named token (the
 * secret shown once, stored only as its hash), an integration sends a text to the tipline with
 * `Authorization: Bearer <token>` and it reaches documents.raw as a submission by the integration
 * role; the token opens nothing else (403), a wrong or revoked one nothing at all (401), a bearer
 * request is never a cookie session, and the tipline's limit counts per token.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flag } from '../../core/contracts.js';
import { indexNames, topicNames } from '../../core/names.js';
import { buildDashboardApp } from '../../dashboards/app.js';
import { createUser, ensureDashboardIndices, INTEGRATION_ROLE } from '../../dashboards/store.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices, ensureIndices } from '../../platform/elasticsearch/indices.js';
import { createKafka, ensureTopics } from '../../platform/kafka.js';
import { connectTiplinePublisher, type TiplinePublisher } from '../../platform/document-sink.js';
import { isolatedConfig, rawDocuments } from '../helpers.js';
import { indexFlags, signIn as signInAs, type SignedIn } from './fixtures.js';

const config = isolatedConfig('api-tokens');
const names = indexNames(config.namespace);
const topics = topicNames(config.namespace);
const es = createElasticsearchClient(config);
const PASSWORD = 'mat-khau-rat-dai-7';
const SUBMISSIONS_PER_MINUTE = 3;

let imageDir: string;
let publisher: TiplinePublisher;
let app: ReturnType<typeof buildDashboardApp>;
const who: Record<string, SignedIn> = {};

interface CreatedToken {
  id: string;
  name: string;
  creator: string;
  createdAt: string;
  revoked: boolean;
  token: string;
}

const signIn = (name: string): Promise<SignedIn> => signInAs(app, name, PASSWORD);

/** A JSON call as a signed-in user makes it (session cookie and CSRF header). */
const asUser = (method: 'GET' | 'POST', url: string, name: string, payload?: object) =>
  app.inject({
    method,
    url,
    headers: { cookie: who[name]?.cookie ?? '', 'x-csrf-token': who[name]?.csrf ?? '' },
    ...(payload ? { payload } : {}),
  });

/** A call as an integration makes it: the token, no cookie, no CSRF token. */
const withToken = (method: 'GET' | 'POST', url: string, token: string, payload?: object, extra: Record<string, string> = {}) =>
  app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json' } : {}), ...extra },
    ...(payload ? { payload: JSON.stringify(payload) } : {}),
  });

async function createToken(name: string): Promise<CreatedToken> {
  const response = await asUser('POST', '/api/tokens', 'quan-tri', { name });
  expect(response.statusCode).toBe(201);
  return response.json<CreatedToken>();
}

/** The stored token documents, as Elasticsearch holds them. */
async function storedTokens(): Promise<Record<string, unknown>[]> {
  await es.indices.refresh({ index: names.users });
  const response = await es.search<Record<string, unknown>>({ index: names.users, size: 100, query: { term: { kind: 'token' } } });
  return response.hits.hits.flatMap((h) => (h._source ? [h._source] : []));
}

describe('Dashboards > API tokens for integrations', () => {
  beforeAll(async () => {
    imageDir = await mkdtemp(join(tmpdir(), 'sentinel-api-tokens-'));
    await ensureIndices(es, names);
    await ensureDashboardIndices(es, names);
    await ensureTopics(createKafka(config, 'api-tokens-test-admin'), topics);
    await createUser(es, names, 'quan-tri', 'admin', PASSWORD);
    await createUser(es, names, 'hoa', 'press', PASSWORD);
    await createUser(es, names, 'lan', 'analyst', PASSWORD);
    publisher = await connectTiplinePublisher(config);
    app = buildDashboardApp({
      es,
      names,
      queueCacheMs: 0,
      tipline: { publish: publisher.publish, imageDir, rateLimit: { max: SUBMISSIONS_PER_MINUTE, timeWindowMs: 60_000 } },
    });
    for (const name of ['quan-tri', 'hoa', 'lan']) who[name] = await signIn(name);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await publisher?.close();
    await deleteIndices(es, names);
    await es.close();
    if (imageDir) await rm(imageDir, { recursive: true, force: true });
  });

  it('only an admin creates a token, with the CSRF token; the secret is stored as its SHA-256 hash only', async () => {
    expect((await asUser('POST', '/api/tokens', 'hoa', { name: 'zalo-bot' })).statusCode).toBe(403);
    const noCsrf = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { cookie: who['quan-tri']?.cookie ?? '' },
      payload: { name: 'zalo-bot' },
    });
    expect(noCsrf.statusCode).toBe(403);
    const badName = await asUser('POST', '/api/tokens', 'quan-tri', { name: 'Zalo Bot!' });
    expect(badName.statusCode).toBe(400);
    expect(badName.json()).toMatchObject({ parameter: 'name' });

    const created = await createToken('zalo-bot');
    expect(created).toMatchObject({ name: 'zalo-bot', creator: 'quan-tri', revoked: false });
    expect(created.token).toMatch(/^snt_[0-9a-f]{16}\.[A-Za-z0-9_-]{43}$/);

    const stored = await storedTokens();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      name: 'zalo-bot',
      creator: 'quan-tri',
      revoked: false,
      tokenHash: createHash('sha256').update(created.token).digest('hex'),
    });
    // Neither the secret nor its random part is anywhere in the stored document.
    const secretPart = created.token.split('.')[1] as string;
    expect(JSON.stringify(stored[0])).not.toContain(secretPart);

    // The list shows the token without its secret or hash; accounts stay accounts.
    const list = await asUser('GET', '/api/tokens', 'quan-tri');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(secretPart);
    expect(list.json<{ tokens: Record<string, unknown>[] }>().tokens.find((t) => t.id === created.id)).not.toHaveProperty('tokenHash');
    const users = (await asUser('GET', '/api/users', 'quan-tri')).json<{ users: { name: string }[] }>().users.map((u) => u.name);
    expect(users).toEqual(['hoa', 'lan', 'quan-tri']);
  });

  it('a text sent with the token is accepted without cookie or CSRF and reaches documents.raw as a submission by the integration role', async () => {
    const { token, id } = await createToken('sms-gateway');
    const text = 'Tin nhắn: Công an phường yêu cầu chuyển 5 triệu đồng để xác minh tài khoản VNeID trước 17h.';
    // No periodic refresh while the token is used and listed: the list must show the use at once, not after the next refresh.
    await es.indices.putSettings({ index: names.users, settings: { index: { refresh_interval: '-1' } } });
    try {
      const accepted = await withToken('POST', '/api/submissions', token, { text });
      expect(accepted.statusCode).toBe(202);

      // Its use is recorded.
      const listed = (await asUser('GET', '/api/tokens', 'quan-tri'))
        .json<{ tokens: { id: string; lastUsedAt?: string }[] }>()
        .tokens.find((t) => t.id === id);
      expect(Date.parse(listed?.lastUsedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);

      const document = (await rawDocuments(config, 'api-tokens-test')).find((d) => d.id === accepted.json<{ id: string }>().id);
      expect(document?.sourceKind).toBe('submission');
      expect(document?.text).toBe(text);
      expect(document?.submission).toMatchObject({ by: INTEGRATION_ROLE, via: 'text' });
    } finally {
      await es.indices.putSettings({ index: names.users, settings: { index: { refresh_interval: '1s' } } });
    }
  });

  it('a token opens nothing but the tipline (403), and a bearer request is never a cookie session', async () => {
    const { token } = await createToken('crm-export');
    for (const [method, url] of [
      ['GET', '/api/queue'],
      ['GET', '/api/tokens'],
      ['GET', '/api/users'],
      ['GET', '/api/session'],
      ['GET', '/queue'],
    ] as const) {
      const refused = await withToken(method, url, token);
      expect(refused.statusCode, `${method} ${url}`).toBe(403);
      expect(refused.json<{ error: string }>().error).toMatch(/API token may only submissions:write/);
    }
    const creating = await withToken('POST', '/api/tokens', token, { name: 'escalated' });
    expect(creating.statusCode).toBe(403);
    expect((await storedTokens()).map((t) => t.name)).not.toContain('escalated');

    // An admin's cookie beside the token does not lend the admin's rights to the request.
    const withCookie = await withToken('GET', '/api/users', token, undefined, { cookie: who['quan-tri']?.cookie ?? '' });
    expect(withCookie.statusCode).toBe(403);
    // Not even for the pages outside the routes: an unknown address answers as to nobody signed in.
    const missing = await withToken('GET', '/khong-co-trang-nay', token, undefined, { cookie: who['quan-tri']?.cookie ?? '' });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).not.toContain('quan-tri');
    // And a press officer's session beside it: the submission is still the integration's.
    const sent = await withToken(
      'POST',
      '/api/submissions',
      token,
      { text: 'Cảnh báo: đối tượng giả danh cán bộ công an gọi điện yêu cầu cài ứng dụng lạ.' },
      { cookie: who.hoa?.cookie ?? '', 'x-csrf-token': who.hoa?.csrf ?? '' },
    );
    expect(sent.statusCode).toBe(202);
    const document = (await rawDocuments(config, 'api-tokens-test')).find((d) => d.id === sent.json<{ id: string }>().id);
    expect(document?.submission?.by).toBe(INTEGRATION_ROLE);
  });

  it('a wrong, malformed or revoked token gets 401 with a clear error, even beside a valid session', async () => {
    const { token, id } = await createToken('old-bot');
    const payload = { text: 'Thông báo giả mạo về việc khóa căn cước công dân gắn chip trong hôm nay.' };
    // A real token's id with another secret (of another token: attempts count against the id's limit).
    const target = await createToken('forge-target');
    const forged = `${target.token.slice(0, -4)}${target.token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    for (const wrong of [forged, 'snt_0123456789abcdef.' + 'A'.repeat(43), 'not-a-token']) {
      const refused = await withToken('POST', '/api/submissions', wrong, payload);
      expect(refused.statusCode, wrong).toBe(401);
      expect(refused.json()).toEqual({ error: 'invalid or revoked API token' });
    }
    const basic = await app.inject({
      method: 'POST',
      url: '/api/submissions',
      headers: { authorization: 'Basic cXVhbi10cmk6eA==', 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    });
    expect(basic.statusCode).toBe(401);
    expect(basic.json<{ error: string }>().error).toMatch(/Bearer/);

    expect((await withToken('POST', '/api/submissions', token, payload)).statusCode).toBe(202);
    expect((await asUser('POST', `/api/tokens/${id}/revoke`, 'hoa')).statusCode).toBe(403);
    const revoked = await asUser('POST', `/api/tokens/${id}/revoke`, 'quan-tri');
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ id, name: 'old-bot', revoked: true });
    expect((await asUser('POST', '/api/tokens/0123456789abcdef/revoke', 'quan-tri')).statusCode).toBe(404);

    const after = await withToken('POST', '/api/submissions', token, payload);
    expect(after.statusCode).toBe(401);
    expect(after.json()).toEqual({ error: 'invalid or revoked API token' });
    // A signed-in user's cookie and CSRF token beside the revoked token do not get it through.
    const beside = await withToken('POST', '/api/submissions', token, payload, {
      cookie: who.hoa?.cookie ?? '',
      'x-csrf-token': who.hoa?.csrf ?? '',
    });
    expect(beside.statusCode).toBe(401);
    expect((await storedTokens()).find((t) => t.id === id)).toMatchObject({ revoked: true });
  });

  it('limits submissions per token, apart from other tokens and users', async () => {
    const busy = await createToken('busy-bot');
    const quiet = await createToken('quiet-bot');
    const text = (n: number) => ({ text: `Tin nhắn lừa đảo số ${n}: giả danh công an yêu cầu chuyển tiền vào tài khoản lạ.` });
    for (let n = 0; n < SUBMISSIONS_PER_MINUTE; n += 1)
      expect((await withToken('POST', '/api/submissions', busy.token, text(n))).statusCode).toBe(202);
    const over = await withToken('POST', '/api/submissions', busy.token, text(99));
    expect(over.statusCode).toBe(429);
    expect(over.headers['retry-after']).toBeDefined();
    expect((await withToken('POST', '/api/submissions', quiet.token, text(100))).statusCode).toBe(202);
    expect((await asUser('POST', '/api/submissions', 'hoa', text(101))).statusCode).toBe(202);
  });

  it('the admin page creates a token, shows its secret once, and revokes it, in Vietnamese and English', async () => {
    const form = (url: string, fields: Record<string, string>, lang = 'vi') =>
      app.inject({
        method: 'POST',
        url,
        payload: new URLSearchParams({ _csrf: who['quan-tri']?.csrf ?? '', ...fields }).toString(),
        headers: { cookie: `${who['quan-tri']?.cookie ?? ''}; lang=${lang}`, 'content-type': 'application/x-www-form-urlencoded' },
      });
    expect((await app.inject({ method: 'GET', url: '/admin/tokens', headers: { cookie: who.hoa?.cookie ?? '' } })).statusCode).toBe(403);

    const created = await form('/api/tokens', { name: 'web-form-bot' });
    expect(created.statusCode).toBe(201);
    expect(created.body).toContain('Khóa chỉ hiện một lần');
    const secret = /id="new-token-secret" readonly size="70" value="([^"]+)"/.exec(created.body)?.[1] ?? '';
    expect(secret).toMatch(/^snt_[0-9a-f]{16}\./);
    expect(
      (
        await withToken('POST', '/api/submissions', secret, {
          text: 'Cảnh giác với cuộc gọi giả danh công an quận yêu cầu cung cấp mã OTP ngân hàng.',
        })
      ).statusCode,
    ).toBe(202);

    const page = await app.inject({ method: 'GET', url: '/admin/tokens?lang=en', headers: { cookie: who['quan-tri']?.cookie ?? '' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('API tokens for integrations');
    expect(page.body).not.toContain(secret);
    const id = secret.slice(4, 20);
    expect(page.body).toMatch(new RegExp(`data-token="${id}"><td>web-form-bot</td>[\\s\\S]*?<td class="state"[^>]*>Active</td>`));

    const refused = await form('/api/tokens', { name: 'Tên có dấu' }, 'en');
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('id="tokens-refused"');
    expect(refused.body).toContain('value="Tên có dấu"');

    const revoked = await form(`/api/tokens/${id}/revoke`, {});
    expect(revoked.statusCode).toBe(303);
    expect(revoked.headers.location).toBe(`/admin/tokens?revoked=${id}`);
    const after = await app.inject({
      method: 'GET',
      url: String(revoked.headers.location),
      headers: { cookie: `${who['quan-tri']?.cookie ?? ''}; lang=vi` },
    });
    expect(after.body).toContain('Đã thu hồi khóa web-form-bot');
    expect(after.body).toMatch(new RegExp(`data-token="${id}"><td>web-form-bot</td>[\\s\\S]*?<td class="state"[^>]*>Đã thu hồi</td>`));
    expect(
      (await withToken('POST', '/api/submissions', secret, { text: 'Một tin khác gửi sau khi khóa đã bị thu hồi, không được nhận.' }))
        .statusCode,
    ).toBe(401);
  });

  it('the queue and the claim page say a submission came from an integration, in both languages', async () => {
    const flag: Flag = {
      id: 'tk1',
      claimId: 'c-tk1',
      claimText: 'Công an yêu cầu người dân chuyển tiền để giữ tài khoản định danh điện tử.',
      url: 'https://tipline.sentinel.invalid/text/tk1',
      sourceId: 'tipline',
      sourceKind: 'submission',
      publishedAt: null,
      score: 0.8,
      signals: [],
      matches: [],
      topics: ['citizen-id'],
      createdAt: '2026-03-22T09:00:00.000Z',
      submittedBy: INTEGRATION_ROLE,
    };
    await indexFlags(es, names, [flag]);
    const open = (url: string, lang: string) =>
      app.inject({ method: 'GET', url, headers: { cookie: `${who.lan?.cookie ?? ''}; lang=${lang}` } });
    expect((await open('/queue', 'en')).body).toContain('sent to the tipline by Integration (API token)');
    expect((await open('/queue', 'vi')).body).toContain('gửi qua đường dây nóng bởi Hệ thống tích hợp (khóa API)');
    expect((await open('/claims/tk1', 'en')).body).toContain('sent to the tipline by Integration (API token)');
  });
});
