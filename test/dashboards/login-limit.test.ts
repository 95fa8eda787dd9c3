/**
 * Failed logins are limited per user name as well as per address: guesses at one account spread
 * over many addresses are refused (429, a page for the form, JSON for a program, both with
 * retry-after), even with the right password, until the window has passed; other accounts and a
 * successful login are not held back; names that are no account are limited the same.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexNames } from '../../core/names.js';
import { buildDashboardApp } from '../../dashboards/app.js';
import { LoginFailures } from '../../dashboards/auth.js';
import { errorPage } from '../../dashboards/pages.js';
import { createUser, ensureDashboardIndices } from '../../dashboards/store.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices, ensureIndices } from '../../platform/elasticsearch/indices.js';
import { isolatedConfig } from '../helpers.js';

const config = isolatedConfig('login-limit');
const names = indexNames(config.namespace);
const es = createElasticsearchClient(config);
const WINDOW_MS = 2_000;
// The per-address limit is out of the way: only the per-account one is at work here.
const app = buildDashboardApp({
  es,
  names,
  loginRateLimit: { max: 1_000, timeWindowMs: 60_000 },
  accountLoginRateLimit: { max: 3, timeWindowMs: WINDOW_MS },
});
const PASSWORD = 'mat-khau-rat-dai-7';

let address = 0;
/** Each attempt from a new address, as a guesser with many machines would. */
const attempt = (name: string, password: string) =>
  app.inject({ method: 'POST', url: '/login', payload: { name, password }, remoteAddress: `10.1.0.${(address += 1)}` });
const formAttempt = (name: string, password: string, lang = 'vi') =>
  app.inject({
    method: 'POST',
    url: '/login',
    payload: new URLSearchParams({ name, password }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `lang=${lang}` },
    remoteAddress: `10.2.0.${(address += 1)}`,
  });

describe('Dashboards > the login limit per account', () => {
  beforeAll(async () => {
    await ensureIndices(es, names);
    await ensureDashboardIndices(es, names);
    await createUser(es, names, 'lan', 'analyst', PASSWORD);
    await createUser(es, names, 'minh', 'supervisor', PASSWORD);
  });
  afterAll(async () => {
    await app.close();
    await deleteIndices(es, names);
    await es.close();
  });

  it('refuses an account after repeated failures from many addresses, even with the right password, then lets it in again', async () => {
    const codes = [];
    for (let i = 0; i < 3; i += 1) codes.push((await attempt('lan', `sai-mat-khau-${i}`)).statusCode);
    // The window runs from the first failure, which was counted before its answer came back.
    const windowEnds = Date.now() + WINDOW_MS;
    expect(codes).toEqual([401, 401, 401]);
    const blocked = await attempt('lan', PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['content-type']).toMatch(/^application\/json/);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(blocked.cookies.find((c) => c.name === 'sentinel_session')).toBeUndefined();

    // The form gets the 429 page, in the reader's language.
    const page = await formAttempt('lan', PASSWORD, 'en');
    expect(page.statusCode).toBe(429);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['retry-after']).toBeDefined();
    expect(page.body).toContain('Too many attempts in a short time. Please try again in a minute.');

    // Another account from the same kind of addresses is not held back.
    expect((await attempt('minh', PASSWORD)).statusCode).toBe(200);

    await sleep(Math.max(0, windowEnds + 100 - Date.now()));
    expect((await attempt('lan', PASSWORD)).statusCode).toBe(200);
  });

  it('counts a name that is no account the same way, and a success clears the count', async () => {
    for (let i = 0; i < 3; i += 1) expect((await attempt('khong-co-ai', 'bat-ky')).statusCode).toBe(401);
    expect((await attempt('khong-co-ai', 'bat-ky')).statusCode).toBe(429);

    expect((await attempt('minh', 'sai-1')).statusCode).toBe(401);
    expect((await attempt('minh', 'sai-2')).statusCode).toBe(401);
    expect((await attempt('minh', PASSWORD)).statusCode).toBe(200);
    expect((await attempt('minh', 'sai-3')).statusCode).toBe(401);
    expect((await attempt('minh', 'sai-4')).statusCode).toBe(401);
    expect((await attempt('minh', PASSWORD)).statusCode).toBe(200);
  });

  it('keeps the typed name in the form after a failed login', async () => {
    const failed = await formAttempt('minh', 'sai-mat-khau');
    expect(failed.statusCode).toBe(401);
    expect(failed.body).toContain('name="name" autocomplete="username" required value="minh"');
    expect(failed.body).not.toContain('sai-mat-khau');
  });

  it('says how long to wait when the window is longer than a minute', () => {
    expect(errorPage('en', 429, undefined, undefined, 15 * 60)).toContain('Please try again in 15 minutes.');
    expect(errorPage('vi', 429, undefined, undefined, 61)).toContain('Vui lòng thử lại sau 2 phút.');
    expect(errorPage('vi', 429)).toContain('Vui lòng thử lại sau một phút.');
  });

  it('remembers a bounded number of names', () => {
    const failures = new LoginFailures(2, 60_000, 100);
    for (let i = 0; i < 1_000; i += 1) failures.fail(`ten-${i}`, 1_000);
    expect(failures.size).toBe(100);
    failures.fail('ten-999', 1_000);
    expect(failures.blockedFor('ten-999', 1_000)).toBe(60);
    expect(failures.blockedFor('TEN-999', 1_000)).toBe(60);
    expect(failures.blockedFor('ten-999', 61_000)).toBe(0);
  });
});
