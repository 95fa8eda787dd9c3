/**
 * Sentences per second through the language core on one core (Node runs this on one thread):
 * normalise → segment → extract entities → check-worthiness → misinformation score, with peak
 * memory. Sentences: the labelled set plus, when found, the ViFactCheck dev claims
 * (SENTINEL_VIFACTCHECK_DEV or ../shared/data/vi-factcheck-dev: real news sentences, some not in NFC).
 *   npx tsx bench/text.ts [seconds]        (npm run bench:text)
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import type { Claim } from '../core/contracts.js';
import { checkWorthiness } from '../classifiers/claims/extract-claims.js';
import { analyse } from '../classifiers/scoring/features.js';
import { scoreClaim } from '../classifiers/scoring/misinformation.js';
import { extractEntities } from '../classifiers/text/entities.js';
import { normalizeText } from '../classifiers/text/normalize.js';
import { locateData, VIFACTCHECK_DEV } from '../classifiers/train/data-source.js';
import { readSource } from '../classifiers/train/dataset.js';
import { parseScriptArgs, positiveNumber, scriptHelp } from '../core/script-cli.js';

const program = new Command('bench:text')
  .description(
    'sentences per second through the language core on one thread (normalise to score): prints throughput per wall-clock and CPU second against the 20,000/s target, and peak memory',
  )
  .argument('[seconds]', 'how long to time, after one warm-up pass over the sentences', positiveNumber, 5)
  .addHelpText(
    'after',
    scriptHelp({
      npm: 'bench:text',
      file: 'bench/text.ts',
      data: [VIFACTCHECK_DEV],
      notes: [
        'Sentences: classifiers/data/labelled/sentences.tsv, plus the claims of the ViFactCheck dev split when it is found ' +
          '(without it the bench runs on the labelled sentences alone and says so). No Kafka or Elasticsearch.',
      ],
    }),
  )
  .showHelpAfterError();
parseScriptArgs(program);
const seconds = program.processedArgs[0] as number;
const sentences = readSource().map((r) => r.text);
const dev = locateData(VIFACTCHECK_DEV);
// Read raw, not through loadLabelledSet: the claims not in NFC are part of what is timed.
if (dev.found)
  for (const line of readFileSync(resolve(dev.dir, 'claims.jsonl'), 'utf8').split('\n'))
    if (line.trim()) sentences.push((JSON.parse(line) as { text: string }).text);
const corpusOf = dev.found ? `the labelled sentences and the dev claims of ${dev.dir}` : `the labelled sentences only (${dev.message})`;

const claimOf = (text: string): Claim => ({
  id: 'b',
  documentId: 'b',
  sentenceIndex: 0,
  text,
  url: 'https://example.invalid/',
  sourceId: 'bench',
  sourceKind: 'news',
  outlet: 'bench',
  publishedAt: null,
  checkWorthiness: 1,
  entities: [],
  topics: [],
});

function one(raw: string): number {
  const text = normalizeText(raw);
  const entities = extractEntities(text);
  const analysis = analyse(text, entities); // segments the words once, for features and scoring
  const words = analysis.words;
  const worth = checkWorthiness(text, analysis);
  const { score } = scoreClaim(claimOf(text), [], { analysis });
  return words.length + worth + score;
}

// Warm up (JIT, dictionary and model loading) before timing.
for (const s of sentences) one(s);
let done = 0;
let chars = 0;
let sink = 0;
const cpuStart = process.cpuUsage();
const start = process.hrtime.bigint();
const deadline = start + BigInt(Math.round(seconds * 1e9));
while (process.hrtime.bigint() < deadline) {
  for (const s of sentences) {
    sink += one(s);
    chars += s.length;
  }
  done += sentences.length;
}
const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
const cpu = process.cpuUsage(cpuStart);
// CPU time of this process: on a machine busy with other work, wall time undercounts one core.
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const peakRss = process.resourceUsage().maxRSS / 1024;
console.log(`corpus: ${sentences.length} distinct sentences, mean ${Math.round(chars / done)} characters: ${corpusOf}`);
console.log(
  `throughput: ${Math.round(done / elapsed).toLocaleString('en')} sentences/s wall clock (${done} in ${elapsed.toFixed(2)} s, one thread)`,
);
console.log(
  `            ${Math.round(done / cpuSeconds).toLocaleString('en')} sentences per CPU-second (${cpuSeconds.toFixed(2)} s of CPU; the fair figure when other processes share the cores)`,
);
console.log(`peak memory: ${peakRss.toFixed(0)} MiB RSS, heap used now ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);
console.log(`target ≥ 20,000 sentences/s (per CPU-second): ${done / cpuSeconds >= 20_000 ? 'met' : 'NOT met'}${sink === 0 ? '' : ''}`);
