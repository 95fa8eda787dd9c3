/**
 * `sentinel users add --name lan --role analyst [--password-file f]`: creates a dashboard
 * account. The password is read from the file or from stdin (never from argv, which other
 * local users can see in the process list).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../core/config.js';
import { indexNames } from '../core/names.js';
import { createUser, ensureDashboardIndices, listUsers, Role, ROLES } from '../dashboards/store.js';
import { createElasticsearchClient } from '../platform/index.js';
import { EXIT } from './exit-codes.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** The first line only: `echo pw | sentinel users add` must not hash the newline. */
function firstLine(text: string): string {
  return text.split(/\r?\n/)[0] ?? '';
}

export function registerUsersCommand(program: Command): void {
  const users = program.command('users').description('dashboard accounts (analyst, press, supervisor, admin)');
  users
    .command('add')
    .description('create an account; the password comes from --password-file or stdin')
    .requiredOption('--name <name>', 'login name (a-z 0-9 . _ -)')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--password-file <file>', 'file whose first line is the password')
    .action(async (options: { name: string; role: string; passwordFile?: string }) => {
      const role = Role.safeParse(options.role);
      if (!role.success) {
        process.stderr.write(`sentinel users add: --role must be one of ${ROLES.join(', ')}\n`);
        process.exit(EXIT.USAGE);
      }
      const password = firstLine(options.passwordFile ? readFileSync(options.passwordFile, 'utf8') : await readStdin());
      const config = loadConfig();
      const es = createElasticsearchClient(config);
      try {
        const names = indexNames(config.namespace);
        await ensureDashboardIndices(es, names);
        const user = await createUser(es, names, options.name, role.data, password);
        process.stderr.write(`created ${user.name} (${user.role})\n`);
      } finally {
        await es.close();
      }
    });
  users
    .command('list')
    .description('list accounts (name, role, created)')
    .action(async () => {
      const config = loadConfig();
      const es = createElasticsearchClient(config);
      try {
        const names = indexNames(config.namespace);
        await ensureDashboardIndices(es, names);
        for (const u of await listUsers(es, names)) process.stdout.write(`${u.name}\t${u.role}\t${u.createdAt}\n`);
      } finally {
        await es.close();
      }
    });
}
