/**
 * The labelled Vietnamese sentences of classifiers/data/labelled/ (written for this project; see
 * its README). `sentences.tsv` is the hand-written source; `split.ts` deals it into
 * `train.jsonl` and `heldout.jsonl` once, and training reads only `train.jsonl`.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const LabelledSentence = z.object({
  text: z.string().min(1),
  checkWorthy: z.union([z.literal(0), z.literal(1)]),
  suspicious: z.union([z.literal(0), z.literal(1)]),
  category: z.string().min(1),
});
export type LabelledSentence = z.infer<typeof LabelledSentence>;

export const LABELLED_DIR = new URL('../data/labelled/', import.meta.url);

export function readSource(file = 'sentences.tsv'): LabelledSentence[] {
  const rows: LabelledSentence[] = [];
  for (const line of readFileSync(new URL(file, LABELLED_DIR), 'utf8').split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const [cw, sus, category, ...rest] = line.split('\t');
    rows.push(
      LabelledSentence.parse({ checkWorthy: Number(cw), suspicious: Number(sus), category, text: rest.join('\t').normalize('NFC') }),
    );
  }
  return rows;
}

/**
 * Written social-media sentences (rumours and ordinary posts), for training the suspicious model
 * only: never dealt into the held-out split, never evaluated on.
 */
export function readSocialTraining(): LabelledSentence[] {
  return readSource('social-train.tsv');
}

export function readSplit(split: 'train' | 'heldout'): LabelledSentence[] {
  return readFileSync(new URL(`${split}.jsonl`, LABELLED_DIR), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => LabelledSentence.parse(JSON.parse(l)));
}
