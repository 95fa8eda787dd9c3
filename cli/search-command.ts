import type { Command } from 'commander';
import { loadConfig } from '../core/config.js';
import { indexNames } from '../core/names.js';
import { searchSentences } from '../dashboards/sentence-search.js';
import { createElasticsearchClient } from '../platform/index.js';

export function registerSearchCommand(program: Command): void {
  program
    .command('search')
    .description('search indexed sentences, with or without diacritics; prints JSON lines')
    .argument('<query...>', 'words to find')
    .option('--size <n>', 'how many hits', (v) => Number.parseInt(v, 10), 10)
    .action(async (words: string[], options: { size: number }) => {
      const config = loadConfig();
      const es = createElasticsearchClient(config);
      const result = await searchSentences(es, indexNames(config.namespace), words.join(' '), options.size);
      for (const hit of result.hits) process.stdout.write(`${JSON.stringify(hit)}\n`);
      process.stderr.write(`${result.total} hits\n`);
      await es.close();
    });
}
