/** The labelled examples under data/ (see data/README.md), validated line by line. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { SentinelError } from '../../core/errors.js';

export const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), 'data');
export const TRAIN_PATH = join(DATA_DIR, 'train.jsonl');
export const HELDOUT_PATH = join(DATA_DIR, 'heldout.jsonl');

export const LabelledExample = z
  .object({
    text: z.string().min(1),
    /** Topic ids; off-topic and security text no topic fits both carry the catch-all. */
    topics: z.array(z.string().min(1)).min(1),
    /** Whether an analyst would want this in the pipeline at all. */
    relevant: z.boolean(),
  })
  .strict();
export type LabelledExample = z.infer<typeof LabelledExample>;

export function readExamples(path: string): LabelledExample[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line, i) => [line, i + 1] as const)
    .filter(([line]) => line.trim().length > 0)
    .map(([line, number]) => {
      const parsed = LabelledExample.safeParse(JSON.parse(line));
      if (!parsed.success)
        throw new SentinelError(
          'training-data-invalid',
          `${path}:${number}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
      return parsed.data;
    });
}
