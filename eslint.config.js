/**
 * Lint: typescript-eslint's recommended rules (not type-checked, for speed) and the folder
 * boundaries, kept with ESLint's own no-restricted-imports.
 *
 * The boundaries are composed here per folder and per file depth, because a later config block
 * replaces the rule's options instead of adding to them, and because a relative import names a
 * top-level folder only after exactly as many `../` as the importing file is deep: from
 * crawlers/feeds.ts the platform is `../platform/…`, from classifiers/matching/x.ts it is
 * `../../platform/…`; patterns anchored that way do not confuse a top-level folder with a
 * subfolder of the same name (test/platform, pipeline/matching). Patterns are gitignore-style:
 * a later `!pattern` lets back what an earlier one forbade.
 */
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const EXT = '{ts,mts,cts,js,mjs,cjs}';
/** Deep enough for every file in the tree (the deepest is 4 folders down); deeper files get only the client rule. */
const MAX_DEPTH = 10;

/** `../` as many times as a file at `depth` folders below the root needs to reach the root. */
const up = (depth) => (depth === 0 ? './' : '../'.repeat(depth));

// ── Kafka and Elasticsearch clients: platform/ only ─────────────────────────────────────────
const CLIENTS = ['kafkajs', '@elastic/elasticsearch'];
const clientMessage = {
  default: 'only platform/ talks to Kafka and Elasticsearch: take what you need from platform/index.js',
  crawlers: 'crawlers receive a DocumentSink; they do not talk to Kafka or Elasticsearch',
  classifiers: 'classifiers do language work; Kafka and Elasticsearch come through platform/index.js (classifiers/matching only)',
  core: 'core/ is the bottom layer: contracts, names and config, no Kafka or Elasticsearch client',
  test: 'tests take clients and types from platform/index.js; only the fault-injection tests named in eslint.config.js drive kafkajs or @elastic/elasticsearch themselves',
};
function clientRestrictions(message, clients = CLIENTS) {
  return {
    paths: clients.map((name) => ({ name, message })),
    patterns: clients.length > 0 ? [{ group: clients.map((name) => `${name}/*`), message }] : [],
  };
}

// ── Folders ────────────────────────────────────────────────────────────────────────────────
/** Public entries: outside these folders, import them only through their index.js. */
const ENTRIES = [
  { folder: 'platform', message: 'import the platform through platform/index.js, its public entry (no deep imports)' },
  { folder: 'crawlers', message: 'import crawlers through crawlers/index.js, their public entry (no deep imports)' },
  { folder: 'classifiers/matching', message: 'import matching through classifiers/matching/index.js, its public entry (no deep imports)' },
];

/**
 * What each folder may import. `only`: the top-level folders it may import (besides itself and npm
 * packages); `not`: the folders it must not import. Each with the message that says the boundary.
 */
const FOLDERS = {
  core: { only: [], message: 'core/ is the bottom layer: it imports only core/ and npm packages' },
  platform: { only: ['core'], message: 'platform/ stands on core/ alone: it imports only core/ and itself' },
  stack: {
    only: ['core', 'platform'],
    message: 'stack/ starts Kafka and Elasticsearch with core/ and platform/index.js alone: it imports only core/, platform/ and itself',
  },
  classifiers: {
    not: ['pipeline', 'crawlers', 'dashboards', 'cli', 'stack', 'bench', 'eval'],
    message:
      'classifiers/ is language work: it does not import the pipeline, crawlers, dashboards, cli, stack, bench or eval (the platform only via platform/index.js)',
  },
  crawlers: {
    not: ['pipeline', 'dashboards', 'cli', 'stack', 'bench', 'eval'],
    message:
      'crawlers/ fetch and extract pages into a DocumentSink: they do not import the pipeline, dashboards, cli, stack, bench or eval',
    extra: [{ folders: ['platform'], message: 'crawlers receive a DocumentSink; they do not import the platform' }],
  },
  pipeline: {
    not: ['dashboards', 'cli', 'bench', 'eval'],
    message: 'pipeline/ is stages over Kafka: it does not import dashboards, cli, bench or eval',
  },
  // stack added to the brief's list: the dashboards read the checkout's root from core/paths.js, they do not start the stack.
  dashboards: {
    not: ['pipeline', 'cli', 'stack', 'bench', 'eval'],
    message: 'dashboards/ is the web app over the indices: it does not import the pipeline, cli, stack, bench or eval',
  },
};

/** The no-restricted-imports options for a file `depth` folders down in `folder` (a top-level folder, or classifiers/matching). */
function restrictionsFor(folder, depth) {
  const top = folder.split('/')[0];
  const u = up(depth);
  const clients = top === 'platform' ? { paths: [], patterns: [] } : clientRestrictions(clientMessage[top] ?? clientMessage.default);
  const patterns = [...clients.patterns];
  const rule = FOLDERS[top];
  if (rule?.only) {
    // Forbid every root-level name (folder or file, and anything above the root), then let back the allowed folders.
    patterns.push({ group: [`${u}*`, ...[top, ...rule.only].map((f) => `!${u}${f}`)], message: rule.message });
  }
  if (rule?.not) patterns.push({ group: rule.not.map((f) => `${u}${f}/**`), message: rule.message });
  for (const extra of rule?.extra ?? []) patterns.push({ group: extra.folders.map((f) => `${u}${f}/**`), message: extra.message });
  for (const entry of ENTRIES) {
    if (folder === entry.folder || folder.startsWith(`${entry.folder}/`) || top === entry.folder) continue;
    // A folder that may import only some folders already forbids the others whole.
    if (rule?.only && !rule.only.includes(entry.folder.split('/')[0])) continue;
    patterns.push({ group: [`${u}${entry.folder}/*`, `!${u}${entry.folder}/index.js`], message: entry.message });
    // From elsewhere in classifiers/, matching is a sibling: ./matching/… or ../matching/….
    if (entry.folder === 'classifiers/matching' && top === 'classifiers') {
      const sibling = depth === 1 ? './' : '../'.repeat(depth - 1);
      patterns.push({ group: [`${sibling}matching/*`, `!${sibling}matching/index.js`], message: entry.message });
    }
  }
  return ['error', { paths: clients.paths, patterns }];
}

/** One block per depth: `folder`'s files exactly `depth` folders below the root. */
function boundaryBlocks(folder, ignores = []) {
  const base = folder.split('/').length;
  const blocks = [];
  for (let depth = base; depth <= MAX_DEPTH; depth++) {
    blocks.push({
      name: `boundaries/${folder}/depth-${depth}`,
      files: [`${folder}/${'*/'.repeat(depth - base)}*.${EXT}`],
      ignores,
      rules: { 'no-restricted-imports': restrictionsFor(folder, depth) },
    });
  }
  return blocks;
}

const TOP_FOLDERS = [
  'core',
  'platform',
  'stack',
  'classifiers',
  'crawlers',
  'pipeline',
  'dashboards',
  'cli',
  'bench',
  'eval',
  'scripts',
  'bin',
];

export default defineConfig(
  {
    name: 'ignores',
    ignores: ['node_modules/', '.cache/', 'test-artifacts/', 'storage/', '.data/', 'stack/target/', 'coverage/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    name: 'sentinel/node',
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      // Plain .js/.mjs files (bin/, scripts/) run on Node; TypeScript files are checked by tsc, where no-undef is off.
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      // `_`-prefixed names are kept on purpose (positional parameters, destructured leftovers).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  // Files outside every folder below (vitest.config.ts, eslint.config.js): the client rule and the public entries.
  { name: 'boundaries/root', files: [`*.${EXT}`], rules: { 'no-restricted-imports': restrictionsFor('.', 0) } },
  ...TOP_FOLDERS.flatMap((folder) => boundaryBlocks(folder, folder === 'classifiers' ? ['classifiers/matching/**'] : [])),
  ...boundaryBlocks('classifiers/matching'),
  // Tests: the client rule only; they may import any module directly (deep imports allowed).
  {
    name: 'boundaries/test',
    files: [`test/**/*.${EXT}`],
    rules: { 'no-restricted-imports': ['error', clientRestrictions(clientMessage.test)] },
  },
  {
    // Fault injection: these tests build their own kafkajs client (a closed port, their own retry
    // settings to outlast a broker restart) or kafkajs log entries, which platform/ does not export.
    name: 'boundaries/test/kafkajs-fault-injection',
    files: ['test/pipeline/faults.test.ts', 'test/platform/kafka-log.test.ts'],
    rules: { 'no-restricted-imports': ['error', clientRestrictions(clientMessage.test, ['@elastic/elasticsearch'])] },
  },
  {
    // Fault injection: a kafkajs client and an Elasticsearch client pointed at a closed port with
    // their retries cut, to check what the stage runner counts as an outage.
    name: 'boundaries/test/clients-fault-injection',
    files: ['test/platform/retries.test.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
