/**
 * The protective headers on every kind of response the app gives: pages signed in or not, JSON
 * answers and refusals, assets, redirects, errors raised before a route runs (a bad address, a
 * body that does not parse, a rate limit) and a failure behind the request. Every one is
 * `nosniff` and sends no referrer; nothing but a static asset may be cached, so after logging out
 * Back does not show a signed-in page from the browser's cache.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flag } from '../../core/contracts.js';
import { indexNames } from '../../core/names.js';
import { buildDashboardApp } from '../../dashboards/app.js';
import { createUser, ensureDashboardIndices } from '../../dashboards/store.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices, ensureIndices } from '../../platform/elasticsearch/indices.js';
import { isolatedConfig } from '../helpers.js';
import { indexFlags, signIn as signInAs, type SignedIn } from './fixtures.js';

const config = isolatedConfig('headers');
const names = indexNames(config.namespace);
const es = createElasticsearchClient(config);
const app = buildDashboardApp({ es, names, loginRateLimit: { max: 3, timeWindowMs: 60_000 } });
// The same app on indices that were never created: every flag search fails in Elasticsearch.
const brokenNames = indexNames(`${config.namespace}khong-co.`);
const broken = buildDashboardApp({ es, names: brokenNames, loginRateLimit: { max: 100, timeWindowMs: 60_000 } });
const PASSWORD = 'mat-khau-rat-dai-8';
const who: Record<string, SignedIn> = {};

const FLAG: Flag = {
  id: 'h1',
  claimId: 'c-h1',
  claimText: 'Công an sẽ khóa tài khoản VNeID của người chưa cập nhật trong tuần này.',
  url: 'https://trang-h.example.vn/h1',
  sourceId: 'trang-h',
  sourceKind: 'social',
  publishedAt: '2025-03-21T08:30:00.000Z',
  score: 0.7,
  signals: [],
  matches: [],
  topics: ['citizen-id'],
  createdAt: '2025-03-22T09:00:00.000Z',
};

const signIn = (target: typeof app, name: string): Promise<SignedIn> => signInAs(target, name, PASSWORD, '10.3.0.1');

type Case = [label: string, response: () => Promise<LightMyRequestResponse>, status: number];

describe('Dashboards > headers on every response', () => {
  beforeAll(async () => {
    await ensureIndices(es, names);
    await ensureDashboardIndices(es, names);
    await indexFlags(es, names, [FLAG]);
    await createUser(es, names, 'lan', 'analyst', PASSWORD);
    await createUser(es, names, 'quan-tri', 'admin', PASSWORD);
    who.lan = await signIn(app, 'lan');
    who.admin = await signIn(app, 'quan-tri');
    await ensureDashboardIndices(es, brokenNames);
    await createUser(es, brokenNames, 'lan', 'analyst', PASSWORD);
    who.broken = await signIn(broken, 'lan');
  });
  afterAll(async () => {
    await app.close();
    await broken.close();
    await deleteIndices(es, brokenNames);
    await deleteIndices(es, names);
    await es.close();
  });

  it('sends nosniff, no referrer and no-store on pages, JSON, redirects and errors', async () => {
    const as = (name: string) => ({ cookie: who[name]?.cookie ?? '' });
    const withToken = (name: string) => ({ ...as(name), 'x-csrf-token': who[name]?.csrf ?? '' });
    const cases: Case[] = [
      ['public search page', () => app.inject({ method: 'GET', url: '/?q=cong+an' }), 200],
      ['login page', () => app.inject({ method: 'GET', url: '/login' }), 200],
      ['signed-in queue page', () => app.inject({ method: 'GET', url: '/queue', headers: as('lan') }), 200],
      ['signed-in claim page', () => app.inject({ method: 'GET', url: '/claims/h1', headers: as('lan') }), 200],
      ['admin page', () => app.inject({ method: 'GET', url: '/admin/users', headers: as('admin') }), 200],
      ['HEAD of a signed-in page', () => app.inject({ method: 'HEAD', url: '/queue', headers: as('lan') }), 200],
      ['page for a signed-out visitor (redirect)', () => app.inject({ method: 'GET', url: '/queue' }), 303],
      ['403 page', () => app.inject({ method: 'GET', url: '/admin/users', headers: as('lan') }), 403],
      ['404 page', () => app.inject({ method: 'GET', url: '/khong-co-trang', headers: as('lan') }), 404],
      ['400 page (filter)', () => app.inject({ method: 'GET', url: '/queue?from=2025-02-30', headers: as('lan') }), 400],
      ['session JSON', () => app.inject({ method: 'GET', url: '/api/session', headers: as('lan') }), 200],
      ['queue JSON', () => app.inject({ method: 'GET', url: '/api/queue', headers: as('lan') }), 200],
      ['search JSON', () => app.inject({ method: 'GET', url: '/api/search?q=cong+an' }), 200],
      [
        'JSON login',
        () => app.inject({ method: 'POST', url: '/login', payload: { name: 'lan', password: PASSWORD }, remoteAddress: '10.3.0.2' }),
        200,
      ],
      [
        'form login (redirect)',
        () =>
          app.inject({
            method: 'POST',
            url: '/login',
            payload: `name=lan&password=${PASSWORD}`,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            remoteAddress: '10.3.0.3',
          }),
        303,
      ],
      [
        'failed form login',
        () =>
          app.inject({
            method: 'POST',
            url: '/login',
            payload: 'name=lan&password=sai',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            remoteAddress: '10.3.0.4',
          }),
        401,
      ],
      [
        'review action',
        () =>
          app.inject({
            method: 'POST',
            url: '/api/flags/h1/actions',
            payload: { action: 'note', note: 'đã xem' },
            headers: withToken('lan'),
          }),
        201,
      ],
      ['401 JSON', () => app.inject({ method: 'GET', url: '/api/queue' }), 401],
      ['403 JSON (role)', () => app.inject({ method: 'GET', url: '/api/users', headers: as('lan') }), 403],
      [
        '403 JSON (CSRF)',
        () => app.inject({ method: 'POST', url: '/api/flags/h1/actions', payload: { action: 'dismiss' }, headers: as('lan') }),
        403,
      ],
      ['404 JSON', () => app.inject({ method: 'GET', url: '/api/khong-co', headers: as('lan') }), 404],
      ['400 JSON (schema)', () => app.inject({ method: 'GET', url: '/api/search?size=nhieu' }), 400],
      [
        '400 JSON (body that does not parse)',
        () =>
          app.inject({
            method: 'POST',
            url: '/api/flags/h1/actions',
            payload: '{"action":',
            headers: { ...withToken('lan'), 'content-type': 'application/json' },
          }),
        400,
      ],
      [
        '415 (unknown body type)',
        () =>
          app.inject({
            method: 'POST',
            url: '/api/flags/h1/actions',
            payload: 'x',
            headers: { ...withToken('lan'), 'content-type': 'application/x-khong-biet' },
          }),
        415,
      ],
      ['400 page (address that does not decode)', () => app.inject({ method: 'GET', url: '/claims/%E0%A4%A', headers: as('lan') }), 400],
      ['400 JSON (address that does not decode)', () => app.inject({ method: 'GET', url: '/api/flags/%E0%A4%A', headers: as('lan') }), 400],
      ['500 page', () => broken.inject({ method: 'GET', url: '/queue', headers: as('broken') }), 500],
      ['500 JSON', () => broken.inject({ method: 'GET', url: '/api/queue', headers: as('broken') }), 500],
      ['script asset', () => app.inject({ method: 'GET', url: '/assets/copy.js' }), 200],
    ];
    const seen = [];
    for (const [label, response] of cases) {
      const r = await response();
      seen.push({
        label,
        status: r.statusCode,
        nosniff: r.headers['x-content-type-options'],
        referrer: r.headers['referrer-policy'],
        cache: r.headers['cache-control'],
      });
    }
    expect(seen).toEqual(
      cases.map(([label, , status]) => ({ label, status, nosniff: 'nosniff', referrer: 'no-referrer', cache: 'no-store' })),
    );
  });

  it('answers an address that does not decode with a page for a person and JSON for a program', async () => {
    const page = await app.inject({ method: 'GET', url: '/claims/%E0%A4%A' });
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.body).toContain('<p role="alert">');
    const json = await app.inject({ method: 'GET', url: '/api/flags/%E0%A4%A' });
    expect(json.json()).toMatchObject({ error: 'bad request' });
  });

  it('keeps them on a response over the rate limit, as a page and as JSON', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i += 1)
      statuses.push(
        (await app.inject({ method: 'POST', url: '/login', payload: { name: 'x', password: 'y' }, remoteAddress: '10.3.9.9' })).statusCode,
      );
    expect(statuses.at(-1)).toBe(429);
    const json = await app.inject({ method: 'POST', url: '/login', payload: { name: 'x', password: 'y' }, remoteAddress: '10.3.9.9' });
    const page = await app.inject({
      method: 'POST',
      url: '/login',
      payload: 'name=x&password=y',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      remoteAddress: '10.3.9.9',
    });
    for (const r of [json, page]) {
      expect(r.statusCode).toBe(429);
      expect(r.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      });
    }
  });

  it('lets only the library asset be cached, and still marks it nosniff', async () => {
    const echarts = await app.inject({ method: 'GET', url: '/assets/echarts.min.js' });
    expect(echarts.statusCode).toBe(200);
    expect(echarts.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'public, max-age=86400',
    });
    expect(echarts.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('gives every page a content security policy that forbids framing', async () => {
    for (const url of ['/login', '/queue', '/khong-co-trang']) {
      const r = await app.inject({ method: 'GET', url, headers: { cookie: who.lan?.cookie ?? '' } });
      expect({ url, csp: r.headers['content-security-policy'] }).toEqual({ url, csp: expect.stringContaining("frame-ancestors 'none'") });
    }
  });
});
