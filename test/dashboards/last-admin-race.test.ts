/**
 * The last admin keeps the role even when two admins are demoted at the same moment: in one
 * process the changes run one at a time; across two processes (here two instances of the store
 * module, each with its own queue) a demotion that finds no admin left once written is undone.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { indexNames } from '../../core/names.js';
import { createUser, ensureDashboardIndices, listUsers, setUserRole } from '../../dashboards/store.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices, ensureIndices } from '../../platform/elasticsearch/indices.js';
import { isolatedConfig } from '../helpers.js';

const config = isolatedConfig('last-admin-race');
const names = indexNames(config.namespace);
const es = createElasticsearchClient(config);
const admins = async (): Promise<string[]> => (await listUsers(es, names)).filter((u) => u.role === 'admin').map((u) => u.name);
const codeOf = (r: PromiseSettledResult<unknown>): string | undefined =>
  r.status === 'rejected' ? (r.reason as { code?: string }).code : undefined;

describe('Dashboards > the last admin, under concurrent demotions', () => {
  beforeAll(async () => {
    await ensureIndices(es, names);
    await ensureDashboardIndices(es, names);
    for (const name of ['an', 'binh', 'chi']) await createUser(es, names, name, name === 'chi' ? 'analyst' : 'admin', 'mat-khau-rat-dai-6');
  });
  afterAll(async () => {
    await deleteIndices(es, names);
    await es.close();
  });

  it('in one process: one demotion goes through, the other is refused, one admin is left', async () => {
    const results = await Promise.allSettled([setUserRole(es, names, 'an', 'analyst'), setUserRole(es, names, 'binh', 'analyst')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.map(codeOf).filter(Boolean)).toEqual(['last-admin']);
    expect(await admins()).toHaveLength(1);
  });

  it('across two processes: never without an admin, and at most one demotion goes through', async () => {
    const [left] = await admins();
    await setUserRole(es, names, 'chi', 'admin');
    vi.resetModules();
    const other = await import('../../dashboards/store.js');
    expect(other.setUserRole).not.toBe(setUserRole);
    const results = await Promise.allSettled([
      setUserRole(es, names, left as string, 'press'),
      other.setUserRole(es, names, 'chi', 'press'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeLessThanOrEqual(1);
    for (const r of results) if (r.status === 'rejected') expect(codeOf(r)).toBe('last-admin');
    expect((await admins()).length).toBeGreaterThanOrEqual(1);
  });
});
