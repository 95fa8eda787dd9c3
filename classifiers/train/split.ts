/**
 * Deals sentences.tsv into train.jsonl and heldout.jsonl: within each category, sentences are
 * ordered by a hash of their text and every fourth goes to the held-out split (25%, stratified,
 * deterministic). npm run train deals them first (writeSplit); alone: npx tsx classifiers/train/split.ts
 */
import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { SentinelError } from '../../core/errors.js';
import { sha256Hex } from '../../core/ids.js';
import { isEntryPoint, parseScriptArgs, scriptHelp } from '../../core/script-cli.js';
import { LABELLED_DIR, readSource, type LabelledSentence } from './dataset.js';

const program = new Command('classifiers/train/split.ts')
  .description(
    'deals classifiers/data/labelled/sentences.tsv into train.jsonl and heldout.jsonl (every fourth sentence of each category, by hash): prints the size of each',
  )
  .addHelpText(
    'after',
    scriptHelp({
      file: 'classifiers/train/split.ts',
      notes: ['Overwrites both files. npm run train (classifiers/train/train.ts) deals them too, before training.'],
    }),
  )
  .showHelpAfterError();
/** Deals sentences.tsv into train.jsonl and heldout.jsonl (same files for the same source); returns the size of each. */
export function writeSplit(): { train: number; heldout: number } {
  const rows = readSource();
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.text)) throw new SentinelError('training-data-invalid', `duplicate sentence: ${r.text}`);
    seen.add(r.text);
  }
  const train: LabelledSentence[] = [];
  const heldout: LabelledSentence[] = [];
  for (const category of [...new Set(rows.map((r) => r.category))].sort()) {
    const group = rows.filter((r) => r.category === category).sort((a, b) => (sha256Hex(a.text) < sha256Hex(b.text) ? -1 : 1));
    group.forEach((r, i) => (i % 4 === 3 ? heldout : train).push(r));
  }
  const jsonl = (xs: LabelledSentence[]): string => xs.map((x) => JSON.stringify(x)).join('\n') + '\n';
  writeFileSync(new URL('train.jsonl', LABELLED_DIR), jsonl(train));
  writeFileSync(new URL('heldout.jsonl', LABELLED_DIR), jsonl(heldout));
  return { train: train.length, heldout: heldout.length };
}

if (isEntryPoint(import.meta.url)) {
  parseScriptArgs(program);
  const split = writeSplit();
  console.log(`train ${split.train}, held-out ${split.heldout}`);
}
