/**
 * Accounts for the bundled demo (`npm start`), so each role can sign in right away. Created only
 * when the deployment has no account at all (a real deployment's users are never touched), with
 * one random password kept in the ignored `.cache/` folder (mode 0600) and shown on the console.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { IndexNames } from '../core/names.js';
import { REPO_ROOT } from '../core/paths.js';
import { type Client } from '../platform/index.js';
import { createUser, ensureDashboardIndices, listUsers, ROLES, type Role } from './store.js';

export const DEMO_ACCOUNTS_FILE = join(REPO_ROOT, '.cache', 'demo-accounts.json');

export interface DemoAccounts {
  password: string;
  users: { name: string; role: Role }[];
}

/** The demo accounts to show, or undefined when this deployment has accounts of its own. */
export async function ensureDemoAccounts(es: Client, names: IndexNames, file = DEMO_ACCOUNTS_FILE): Promise<DemoAccounts | undefined> {
  await ensureDashboardIndices(es, names);
  const existing = await listUsers(es, names);
  const saved = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DemoAccounts) : undefined;
  if (existing.length > 0) {
    // Shown again only while they are the very accounts this file describes.
    const same = saved && saved.users.every((u) => existing.some((e) => e.name === u.name && e.role === u.role));
    return same ? saved : undefined;
  }
  const accounts: DemoAccounts = {
    password: randomBytes(12).toString('base64url'),
    users: ROLES.map((role) => ({ name: `demo-${role}`, role })),
  };
  for (const user of accounts.users) await createUser(es, names, user.name, user.role, accounts.password);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(accounts, null, 2)}\n`, { mode: 0o600 });
  return accounts;
}
