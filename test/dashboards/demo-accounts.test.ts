import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { indexNames } from '../../core/names.js';
import { ensureDemoAccounts } from '../../dashboards/demo-accounts.js';
import { createUser, ensureDashboardIndices, findUser, listUsers, verifyPassword } from '../../dashboards/store.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices } from '../../platform/elasticsearch/indices.js';
import { isolatedConfig } from '../helpers.js';

const es = createElasticsearchClient(isolatedConfig('demo-accounts'));
const dir = mkdtempSync(join(tmpdir(), 'sentinel-demo-accounts-'));
const empty = indexNames(isolatedConfig('demo-accounts-empty').namespace);
const owned = indexNames(isolatedConfig('demo-accounts-owned').namespace);

describe('Dashboards > demo accounts after `npm start`', () => {
  afterAll(async () => {
    await deleteIndices(es, empty);
    await deleteIndices(es, owned);
    await es.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates one account per role on an empty deployment, once, with a password only the owner can read', async () => {
    const file = join(dir, 'accounts.json');
    const first = await ensureDemoAccounts(es, empty, file);
    expect(first?.users.map((u) => u.role)).toEqual(['analyst', 'press', 'supervisor', 'admin']);
    expect(first?.password.length).toBeGreaterThanOrEqual(16);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const analyst = await findUser(es, empty, 'demo-analyst');
    expect(analyst?.role).toBe('analyst');
    expect(await verifyPassword(first?.password ?? '', analyst?.passwordHash ?? '')).toBe(true);

    const again = await ensureDemoAccounts(es, empty, file);
    expect(again?.password).toBe(first?.password);
    expect((await listUsers(es, empty)).length).toBe(4);
  });

  it('never adds accounts to a deployment that has its own', async () => {
    await ensureDashboardIndices(es, owned);
    await createUser(es, owned, 'chi-huy', 'admin', 'mat-khau-rat-dai');
    expect(await ensureDemoAccounts(es, owned, join(dir, 'other.json'))).toBeUndefined();
    expect((await listUsers(es, owned)).map((u) => u.name)).toEqual(['chi-huy']);
  });
});
