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
  // --include=dev: `npm test` lints (eslint, prettier) and type-checks, which are devDependencies,
  // and npm ci leaves those out when NODE_ENV=production (the Dockerfile sets it).
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--include=dev'], {
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

// Debian packages the product uses, installed when missing and we can (root with apt-get):
// Chromium for sources marked `browser: true` (playwright-core's executablePath; never
// Playwright's own browser download), Tesseract with its Vietnamese model for tipline images.
const DEBIAN = [
  { file: '/usr/bin/chromium', packages: ['chromium'], needed: 'crawling sources marked `browser: true`' },
  { file: '/usr/bin/tesseract', packages: ['tesseract-ocr'], needed: 'reading images sent to the tipline' },
  {
    file: '/usr/share/tesseract-ocr/5/tessdata/vie.traineddata',
    packages: ['tesseract-ocr-vie'],
    needed: 'reading Vietnamese in tipline images',
  },
];
const missing = DEBIAN.filter((d) => !existsSync(d.file));
if (missing.length > 0) {
  const packages = missing.flatMap((d) => d.packages);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    process.stderr.write(`setup: installing Debian packages ${packages.join(', ')} (apt-get update && apt-get install -y)…\n`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    const install =
      update.status === 0
        ? spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { stdio: 'inherit', env })
        : update;
    if (install.status !== 0)
      fail(
        `installing ${packages.join(', ')} failed; needed for ${missing.map((d) => d.needed).join(' and ')} (Debian: apt-get install ${packages.join(' ')})`,
      );
  } else {
    // Not fatal: only those features need them, and the demo and most sources do not.
    for (const d of missing)
      process.stderr.write(
        `setup: ${d.file} is missing; ${d.needed} will fail until it is installed (Debian: sudo apt-get install ${d.packages.join(' ')})\n`,
      );
  }
}
