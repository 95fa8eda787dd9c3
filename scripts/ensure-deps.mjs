#!/usr/bin/env node
// Runs before `npm start` and `npm test` (npm's pre-scripts): installs the npm dependencies
// from the lock file when they are missing or older than it, so a fresh clone needs no
// manual step. Plain Node on purpose: it runs before any dependency exists.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lock = join(root, 'package-lock.json');
const installed = join(root, 'node_modules', '.package-lock.json');

function fail(message) {
  process.stderr.write(`setup: ${message}\n`);
  process.exit(1);
}

const [major] = process.versions.node.split('.').map(Number);
if (major < 20) fail(`Node ${process.versions.node} is too old: Node 20 or newer is needed`);

if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  process.stderr.write('setup: installing npm dependencies (npm ci)…\n');
  // Browsers come from Debian (/usr/bin/chromium), never from Playwright's own download.
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
  });
  if (result.status !== 0) fail('npm ci failed; see the output above');
}

for (const [tool, args, hint] of [
  ['java', ['-version'], 'a Java 17 JDK (Debian: apt-get install openjdk-17-jdk-headless)'],
  ['mvn', ['--version'], 'Apache Maven (Debian: apt-get install maven)'],
]) {
  const probe = spawnSync(tool, args, { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) fail(`${tool} was not found: Kafka and Elasticsearch need ${hint}`);
}

// Sources marked `browser: true` are crawled with Debian's Chromium through playwright-core's
// executablePath; never Playwright's own browser download. Installed when missing and we can.
const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    process.stderr.write(`setup: ${CHROMIUM} is missing; installing Debian's chromium (apt-get update && apt-get install -y chromium)…\n`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env }) : update;
    if (install.status !== 0) fail('installing chromium failed; crawling sources marked `browser: true` needs /usr/bin/chromium (Debian: apt-get install chromium)');
  } else {
    // Not fatal: only `browser: true` sources need it, and the demo and most sources do not.
    process.stderr.write(`setup: ${CHROMIUM} is missing; sources marked \`browser: true\` will fail until it is installed (Debian: sudo apt-get install chromium)\n`);
  }
}
