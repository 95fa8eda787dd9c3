/**
 * `npm run eval:match`: retrieval and stance on ../shared/data/vi-factcheck-dev, against the real
 * Elasticsearch, with claims as given and with their diacritics stripped, beside a plain BM25
 * baseline and a majority-class stance baseline from the same run. The stance model is scored
 * only out of fold (5 folds grouped by statement): each claim is judged by a model trained
 * without its statement.
 */
import { randomBytes } from 'node:crypto';
import { loadLabelledSet, foldOf, type LabelledClaim } from '../classifiers/stance/dataset.js';
import { analysePair, alignEvidence, type FeatureVector } from '../classifiers/stance/features.js';
import { stanceScores, type StanceScores } from '../classifiers/stance/metrics.js';
import { gatedStance, MIN_CONTRADICTION_COVERAGE, MIN_STANCE_COVERAGE } from '../classifiers/stance/stance.js';
import { loadStanceModel, predictStance, trainStanceModel } from '../classifiers/stance/model.js';
import { FOLDS, featuresFor } from '../classifiers/stance/train.js';
import { foldDiacritics } from '../classifiers/text/normalize.js';
import { loadConfig } from '../core/config.js';
import { STANCES, type Stance } from '../core/contracts.js';
import { indexNames } from '../core/topics.js';
import { createElasticsearchClient } from '../pipeline/elasticsearch/client.js';
import { deleteIndices } from '../pipeline/elasticsearch/indices.js';
import { toOfficialStatement } from '../pipeline/matching/inputs.js';
import { matchClaimsDetailed, type DetailedMatch, type RetrievalMode } from '../pipeline/matching/matcher.js';
import { ensureStatementsIndex, indexStatements } from '../pipeline/matching/statements-index.js';
import { stackUp } from '../stack/index.js';

interface Retrieval {
  map5: number;
  mrr: number;
  r1: number;
  r5: number;
}

function retrievalScores(claims: LabelledClaim[], results: DetailedMatch[][]): Retrieval {
  let map5 = 0;
  let mrr = 0;
  let r1 = 0;
  let r5 = 0;
  claims.forEach((c, i) => {
    const rank = (results[i] ?? []).slice(0, 5).findIndex((m) => m.statementId === c.statementId) + 1;
    if (rank === 0) return;
    // One relevant statement per claim: AP@5 = precision at its rank = 1/rank, the same as RR.
    map5 += 1 / rank;
    mrr += 1 / rank;
    if (rank === 1) r1 += 1;
    r5 += 1;
  });
  const n = claims.length;
  return { map5: map5 / n, mrr: mrr / n, r1: r1 / n, r5: r5 / n };
}

const stripDiacritics = (text: string): string => {
  // Keep the case, drop every mark (and đ→d): what a user typing without accents writes.
  const folded = foldDiacritics(text);
  return [...text.normalize('NFC')].map((ch, i) => (ch === ch.toUpperCase() && ch !== ch.toLowerCase() ? (folded[i] ?? ch).toUpperCase() : (folded[i] ?? ch))).join('');
};

async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  await stackUp({ config, progress: (l) => process.stderr.write(`${l}\n`) });
  const { statements, claims } = loadLabelledSet();
  const names = indexNames(`${config.namespace}eval-match-${randomBytes(4).toString('hex')}.`);
  const es = createElasticsearchClient(config);
  try {
    await ensureStatementsIndex(es, names);
    const now = new Date().toISOString();
    const official = statements.map((s) => toOfficialStatement({ id: s.id, text: s.text, agency: s.source?.split(' | ')[0] ?? 'unknown' }, now));
    const indexed = await indexStatements(es, names, official);
    process.stdout.write(`vi-factcheck-dev: ${statements.length} statements → ${indexed.passages} passages, ${claims.length} claims\n\n`);

    const variants: [string, LabelledClaim[]][] = [
      ['as given', claims],
      ['no diacritics', claims.map((c) => ({ ...c, text: stripDiacritics(c.text) }))],
    ];
    const byId = new Map(statements.map((s) => [s.id, s.text]));
    const folds = claims.map((c) => foldOf(c.statementId, FOLDS));
    // Training features: claim against its whole statement (the labelled pairing).
    const trainFeatures = claims.map((c) => featuresFor(c.text, byId.get(c.statementId) ?? ''));
    const gold = claims.map((c) => c.label);

    process.stdout.write('retrieval (top 5)             MAP@5   MRR     R@1     R@5\n');
    const stanceRows: [string, StanceScores][] = [];
    let unrelated: { stance: Stance; ungated: Stance }[] = [];
    for (const [label, set] of variants) {
      const input = set.map((c) => ({ id: c.id, text: c.text }));
      for (const mode of ['plain-bm25', 'full'] as RetrievalMode[]) {
        const t0 = Date.now();
        const results = await matchClaimsDetailed(es, names, input, 5, { mode });
        const r = retrievalScores(set, results);
        const name = `${mode === 'full' ? 'sentinel' : 'plain BM25'}, ${label}`;
        process.stdout.write(`${name.padEnd(30)}${[r.map5, r.mrr, r.r1, r.r5].map((v) => v.toFixed(3).padEnd(8)).join('')}(${Date.now() - t0} ms)\n`);
        if (mode !== 'full') continue;
        // Stance, out of fold, on the evidence the system itself retrieved (top-1 passage).
        const testFeatures: FeatureVector[] = set.map((c, i) => {
          const passage = results[i]?.[0]?.passage ?? '';
          return analysePair(c.text, alignEvidence(c.text, passage).text, passage).features;
        });
        const predicted = new Array<Stance>(set.length);
        const majority = new Array<Stance>(set.length);
        for (let f = 0; f < FOLDS; f += 1) {
          const train = claims.map((_, i) => i).filter((i) => folds[i] !== f);
          const model = trainStanceModel(train.map((i) => trainFeatures[i] as FeatureVector), train.map((i) => gold[i] as Stance));
          const counts = STANCES.map((s) => train.filter((i) => gold[i] === s).length);
          const top = STANCES[counts.indexOf(Math.max(...counts))] as Stance;
          set.forEach((_, i) => {
            if (folds[i] !== f) return;
            // Gated as the matcher does: a passage that shares too little with the claim is `nei`.
            const features = testFeatures[i] as FeatureVector;
            predicted[i] = gatedStance({ stance: predictStance(model, features), conflicts: [], features }).stance;
            majority[i] = top;
          });
        }
        stanceRows.push([`stance model (CV), ${label}`, stanceScores(gold, predicted)]);
        if (label === 'as given') {
          // Each claim against the best-ranked passage of another statement: mostly on another
          // subject (the set has one article per claim), sometimes on the same news.
          unrelated = set.flatMap((c, i) => {
            const other = (results[i] ?? []).find((m) => m.statementId !== c.statementId);
            return other ? [{ stance: other.stance, ungated: predictStance(loadStanceModel(), analysePair(c.text, alignEvidence(c.text, other.passage).text, other.passage).features) }] : [];
          });
        }
        stanceRows.push([`majority class, ${label}`, stanceScores(gold, majority)]);
      }
    }
    process.stdout.write(`\nstance (${FOLDS}-fold CV grouped by statement)  accuracy  macro-F1  F1 supports/contradicts/nei\n`);
    for (const [name, s] of stanceRows) {
      process.stdout.write(`${name.padEnd(40)}${s.accuracy.toFixed(3).padEnd(10)}${s.macroF1.toFixed(3).padEnd(10)}${STANCES.map((k) => s.f1[k].toFixed(3)).join(' / ')}\n`);
    }
    const share = (n: number): string => `${((100 * n) / Math.max(1, unrelated.length)).toFixed(1)}%`;
    process.stdout.write(
      `\nclaims against the best-ranked other statement (${unrelated.length} pairs, shipped model): contradicts ${share(unrelated.filter((u) => u.stance === 'contradicts').length)}, ` +
        `supports ${share(unrelated.filter((u) => u.stance === 'supports').length)}; without the coverage gates (nei under ${MIN_STANCE_COVERAGE} of the claim, contradicts from ${MIN_CONTRADICTION_COVERAGE}) contradicts ${share(unrelated.filter((u) => u.ungated === 'contradicts').length)}\n`,
    );
    process.stdout.write(`\ntotal ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  } finally {
    await deleteIndices(es, names);
    await es.close();
  }
}

await main();
