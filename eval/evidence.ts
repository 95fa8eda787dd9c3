/**
 * `npx tsx eval/evidence.ts`: evidence selection on its own. For each ViFactCheck pair whose
 * article is a vi-factcheck-dev statement and whose gold evidence sentence is found in that
 * article (after NFC), the alignment (alignPrepared, the matcher's step) ranks the sentences of
 * the whole article and picks one sentence or two neighbours; recall@2 is the share of pairs whose
 * gold evidence overlaps the pick, recall@1 the share whose pick holds nothing but gold evidence. Pairs are grouped by URL only in
 * that each article is analysed once; nothing here is trained, so no fold is needed.
 */
import { Command } from 'commander';
import { loadLabelledPairs, loadLabelledSet, statementUrl } from '../classifiers/stance/dataset.js';
import { alignPrepared, analyseClaim, analysePassage } from '../classifiers/stance/features.js';
import { stripDiacritics } from '../classifiers/stance/strip.js';
import { normalizeText } from '../classifiers/text/normalize.js';
import { requireData, VIFACTCHECK_DEV, VIFACTCHECK_PAIRS } from '../classifiers/train/data-source.js';
import { isEntryPoint, parseScriptArgs, scriptHelp } from '../core/script-cli.js';

const program = new Command('eval:evidence')
  .description(
    "evidence selection alone: prints recall@1 and recall@2 of the picked sentences against the ViFactCheck pairs' gold evidence, as given and without diacritics",
  )
  .addHelpText(
    'after',
    scriptHelp({
      npm: 'eval:evidence',
      file: 'eval/evidence.ts',
      data: [VIFACTCHECK_DEV, VIFACTCHECK_PAIRS],
      notes: ['Nothing is trained; no Kafka or Elasticsearch.'],
    }),
  )
  .showHelpAfterError();

export interface EvidenceRecall {
  n: number;
  at1: number;
  at2: number;
}

/** Recall of the gold sentence among the aligned span's sentences (first: the best-scoring one). */
export function evidenceRecall(items: readonly { claim: string; evidence: string; article: string }[]): EvidenceRecall {
  let n = 0;
  let at1 = 0;
  let at2 = 0;
  const analysed = new Map<string, ReturnType<typeof analysePassage>>();
  for (const { claim, evidence, article } of items) {
    let p = analysed.get(article);
    if (!p) analysed.set(article, (p = analysePassage(article)));
    const gold = normalizeText(evidence);
    const goldAt = p.text.indexOf(gold);
    if (goldAt < 0) continue;
    n += 1;
    const { evidence: picked } = alignPrepared(analyseClaim(claim), p);
    const overlaps = (start: number, end: number): boolean => start < goldAt + gold.length && goldAt < end;
    const parts = picked.parts ?? [picked];
    const sentences = p.sentences.filter((s) => parts.some((part) => s.span.start >= part.start && s.span.end <= part.end));
    const hit = sentences.map((s) => overlaps(s.span.start, s.span.end));
    // @2: the gold sentence is among the (at most two) picked; @1: every picked sentence is gold.
    if (hit.some(Boolean)) at2 += 1;
    if (hit.length > 0 && hit.every(Boolean)) at1 += 1;
  }
  return { n, at1: at1 / Math.max(1, n), at2: at2 / Math.max(1, n) };
}

async function main(): Promise<void> {
  parseScriptArgs(program);
  requireData(VIFACTCHECK_DEV, 'eval:evidence');
  requireData(VIFACTCHECK_PAIRS, 'eval:evidence');
  const { statements } = loadLabelledSet();
  const articles = new Map(statements.map((s) => [statementUrl(s), s.text]));
  const items = loadLabelledPairs().flatMap((p) => {
    const article = articles.get(p.url);
    return article === undefined ? [] : [{ claim: p.claim, evidence: p.evidence, article }];
  });
  for (const [label, set] of [
    ['as given', items],
    ['no diacritics', items.map((x) => ({ ...x, claim: stripDiacritics(x.claim) }))],
  ] as const) {
    const r = evidenceRecall(set);
    process.stdout.write(
      `evidence selection, ${label}: ${r.n} pairs with their gold sentence in a dev article; recall@1 ${r.at1.toFixed(3)}, recall@2 ${r.at2.toFixed(3)}\n`,
    );
  }
}

if (isEntryPoint(import.meta.url)) await main();
