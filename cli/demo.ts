/**
 * The main job on its default (`npm start`): start the stack, serve the bundled demo source,
 * crawl it into Kafka, index it through the pipeline, then serve the dashboards. Needs no
 * server installed by hand.
 */
import { crawlToKafka, securityRelevanceGate } from '../pipeline/crawl-to-kafka.js';
import { DEMO_REGISTRY_FILE, DEMO_SITE_PORT, loadSourceRegistry, sourcesOf, startDemoSite } from '../crawlers/index.js';
import { loadConfig } from '../core/config.js';
import type { Flag } from '../core/contracts.js';
import { indexNames, type IndexNames } from '../core/names.js';
import { buildDashboardApp } from '../dashboards/app.js';
import { preparingPublisher } from '../pipeline/document-entry.js';
import { type Client, connectTiplinePublisher, createElasticsearchClient } from '../platform/index.js';
import { DEMO_ACCOUNTS_FILE, ensureDemoAccounts } from '../dashboards/demo-accounts.js';
import { relative } from 'node:path';
import { searchSentences } from '../dashboards/sentence-search.js';
import { startStages, stopStages, waitUntilDrained } from '../pipeline/run-stages.js';
import { stackDown, stackUp } from '../stack/index.js';
import { untilSignal } from './signals.js';

export interface DemoOptions {
  serve: boolean;
  port: number;
  host: string;
  keepStack: boolean;
}

const say = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** This run's documents, claims and flags (a previous run's are the same ids, overwritten). */
async function countsOf(es: Client, names: IndexNames, siteUrl: string): Promise<{ documents: number; claims: number; flags: number }> {
  await es.indices.refresh({ index: [names.documents, names.claims, names.flags] });
  const ours = (field: string) => ({ prefix: { [field]: siteUrl } });
  const [documents, claims, flags] = await Promise.all([
    es.count({ index: names.documents, query: ours('canonicalUrl') }),
    es.count({ index: names.claims, query: ours('url') }),
    es.count({ index: names.flags, query: ours('url') }),
  ]);
  return { documents: documents.count, claims: claims.count, flags: flags.count };
}

export async function runDemo(options: DemoOptions): Promise<void> {
  const config = loadConfig();
  const names = indexNames(config.namespace);
  say('1/5 starting Kafka and Elasticsearch…');
  const stack = await stackUp({ config, progress: (line) => say(`    ${line}`) });
  say(`    ready in ${(stack.elapsedMs / 1000).toFixed(1)} s`);
  const es = createElasticsearchClient(config);
  const site = await startDemoSite({ port: DEMO_SITE_PORT });
  say(`2/5 demo source served at ${site.url}/ (production sources need the internet)`);
  const stages = await startStages(config, es, ['all']);
  say('3/5 crawling (news and official statements)…');
  const registry = await loadSourceRegistry(DEMO_REGISTRY_FILE, { DEMO_SITE: site.url });
  let lastProgress = '';
  const onProgress = (s: { sourceId: string; pagesFetched: number; documents: number; statements: number }): void => {
    const line = `    ${s.sourceId}: pages ${s.pagesFetched}, articles ${s.documents}, statements ${s.statements}`;
    if (line !== lastProgress) say(line);
    lastProgress = line;
  };
  const stats = await crawlToKafka(config, sourcesOf(registry), { filter: securityRelevanceGate().filter, onProgress });
  say(
    `    ${stats.documents} articles and ${stats.statements} official statements sent to Kafka (${stats.pagesFetched} pages, ${stats.skippedNotArticle} not articles, ${stats.filtered} off-topic, ${stats.failed} failed)`,
  );
  say('4/5 extracting claims, matching them to official statements, scoring, indexing…');
  await waitUntilDrained(config);
  const progress = await countsOf(es, names, site.url);
  say(`    ${progress.documents} documents searchable, ${progress.claims} claims, ${progress.flags} flagged for review`);
  const top = await es.search<Flag>({ index: names.flags, size: 10, sort: [{ score: 'desc' }], query: { prefix: { url: site.url } } });
  const flags = top.hits.hits.flatMap((h) => (h._source ? [h._source] : []));
  // Shown first: the best flag that rests on an official statement, else the best by score.
  const onEvidence = (f: Flag): boolean =>
    (f.reasons ?? []).some((r) => r.kind === 'contradicts-official' || r.kind === 'denied-by-official');
  const flag = flags.find(onEvidence) ?? flags[0];
  if (flag) {
    say(`    flag (${flag.score}, ${flag.sourceKind}, frame ${flag.attribution?.frame ?? 'asserts'}): «${flag.claimText}»`);
    for (const reason of flag.reasons ?? []) {
      say(`      ${reason.kind}: ${reason.descriptionEn}`);
      if (reason.evidence) say(`      evidence${reason.url ? ` (${reason.url})` : ''}: «${reason.evidence}»`);
    }
  }
  const sample = await searchSentences(es, names, 'gia danh cong an', 3);
  say(`5/5 search "gia danh cong an" (typed without diacritics): ${sample.total} sentences, best: «${sample.hits[0]?.text ?? '—'}»`);
  await site.close();

  const shutdown = async (): Promise<void> => {
    await stopStages(stages);
    await es.close();
    if (!options.keepStack && stack.started.length > 0) {
      say('stopping the stack this run started…');
      await stackDown({ only: stack.started });
    }
  };
  if (!options.serve) {
    await shutdown();
    return;
  }
  const publisher = preparingPublisher(await connectTiplinePublisher(config));
  const app = buildDashboardApp({ es, names, tipline: { publish: publisher.publish, imageDir: config.submissionsDir } });
  await app.listen({ port: options.port, host: options.host });
  say(
    `\nDashboards: http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${options.port}/?q=cong+an   (Ctrl-C stops the app${options.keepStack ? '' : ' and the stack'})`,
  );
  const accounts = await ensureDemoAccounts(es, names);
  if (accounts) {
    say(
      `Demo accounts (password ${accounts.password}, kept in ${relative(process.cwd(), DEMO_ACCOUNTS_FILE)}): ${accounts.users.map((u) => u.name).join(', ')}`,
    );
  } else {
    say(
      'Sign in with your account; an admin adds one per person, e.g.:\n  printf \'%s\' "mat-khau-du-dai" | npx sentinel users add --name analyst1 --role analyst   (roles: analyst, press, supervisor, admin)',
    );
  }
  await untilSignal();
  await app.close();
  await publisher.close();
  await shutdown();
}
