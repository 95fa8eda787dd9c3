/**
 * The folder boundaries in eslint.config.js, checked import by import: each case lints one
 * `import` line as if it were in the named file (no file is written) and says whether
 * no-restricted-imports must refuse it. A pattern that stops matching fails here, not silently.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

const CASES: [file: string, source: string, refused: boolean][] = [
  ['core/x.ts', 'zod', false],
  ['core/x.ts', './names.js', false],
  ['core/x.ts', '../platform/index.js', true],
  ['core/x.ts', 'kafkajs', true],
  ['platform/elasticsearch/x.ts', '@elastic/elasticsearch', false],
  ['platform/elasticsearch/x.ts', '../../core/names.js', false],
  ['platform/x.ts', '../stack/index.js', true],
  ['stack/x.ts', '../platform/index.js', false],
  ['stack/x.ts', '../platform/kafka.js', true],
  ['stack/x.ts', '../crawlers/index.js', true],
  ['classifiers/matching/x.ts', '../../platform/index.js', false],
  ['classifiers/matching/x.ts', '../../platform/kafka.js', true],
  ['classifiers/matching/x.ts', './matcher.js', false],
  ['classifiers/stance/x.ts', '../matching/matcher.js', true],
  ['classifiers/stance/x.ts', '../matching/index.js', false],
  ['classifiers/stance/x.ts', '../../stack/layout.js', true],
  ['crawlers/x.ts', '../platform/index.js', true],
  ['crawlers/fixture-site/x.ts', '../../platform/index.js', true],
  ['crawlers/x.ts', '../pipeline/run-stages.js', true],
  ['crawlers/x.ts', 'kafkajs', true],
  ['crawlers/x.ts', '../classifiers/text/normalize.js', false],
  ['pipeline/stages/x.ts', '../../platform/index.js', false],
  ['pipeline/stages/x.ts', '../../platform/kafka.js', true],
  ['pipeline/x.ts', '../crawlers/sources.js', true],
  ['pipeline/x.ts', '../dashboards/app.js', true],
  ['dashboards/x.ts', '../pipeline/run-stages.js', true],
  ['dashboards/x.ts', '../stack/layout.js', true],
  ['dashboards/x.ts', '../core/paths.js', false],
  ['cli/x.ts', '../pipeline/run-stages.js', false],
  ['cli/x.ts', '../platform/kafka.js', true],
  ['bench/x.ts', '../test/pipeline/stage-harness.js', false],
  ['test/x/y.test.ts', '../../platform/kafka.js', false],
  ['test/x/y.test.ts', 'kafkajs', true],
  ['test/pipeline/faults.test.ts', 'kafkajs', false],
  ['test/pipeline/faults.test.ts', '@elastic/elasticsearch', true],
];

describe('Lint > folder boundaries', () => {
  it.each(CASES)('%s importing %s: refused %s', async (file, source, refused) => {
    const [result] = await eslint.lintText(`import '${source}';\n`, { filePath: new URL(`../../${file}`, import.meta.url).pathname });
    const messages = (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports');
    expect(messages.length > 0).toBe(refused);
  });
});
