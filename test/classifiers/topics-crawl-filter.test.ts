import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Counter, Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTopicClassifier, createRelevanceGate, SKIP_REASON } from '../../classifiers/topics/index.js';
import { topicNames } from '../../core/names.js';
import { crawlToKafka } from '../../pipeline/crawl-to-kafka.js';
import { startDemoSite, type RunningSite } from '../../crawlers/demo-site/server.js';
import { parseSourceRegistry, sourcesOf } from '../../crawlers/sources.js';
import { createKafka } from '../../platform/kafka.js';
import { REPO_ROOT } from '../../stack/layout.js';
import { isolatedConfig } from '../helpers.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'topics-fixtures');
const config = isolatedConfig('topics-gate');
const topics = topicNames(config.namespace);
let site: RunningSite;

async function messagesIn(topic: string): Promise<number> {
  const admin = createKafka(config, 'topics-gate-admin').admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

describe('Topics > the relevance filter at the crawl, end to end', () => {
  beforeAll(async () => {
    site = await startDemoSite({ root: FIXTURES });
  });
  afterAll(async () => {
    await site?.close();
    const admin = createKafka(config, 'topics-gate-cleanup').admin();
    await admin.connect();
    await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
    await admin.disconnect();
  });

  it('skips and counts an off-topic page, sends the security page, keeps the official page', async () => {
    const registry = new Registry();
    const counter = new Counter({
      name: 'sentinel_crawl_skipped_total',
      help: 'skipped',
      labelNames: ['source', 'reason'],
      registers: [registry],
    });
    const classifier = defaultTopicClassifier();
    const gate = createRelevanceGate({ classifier, counter });
    const sources = sourcesOf(
      parseSourceRegistry(
        {
          allowPrivateNetwork: true,
          sources: [
            {
              id: 'fixture-news',
              name: 'Tin tổng hợp',
              kind: 'news',
              startUrls: ['${SITE}/'],
              allowedHosts: ['127.0.0.1'],
              maxDepth: 1,
              politeness: { maxRequestsPerMinutePerHost: 6000 },
            },
            {
              id: 'fixture-official',
              name: 'Công an tỉnh',
              kind: 'official',
              startUrls: ['${SITE}/thong-bao/hoi-thao.html'],
              allowedHosts: ['127.0.0.1'],
              maxDepth: 0,
              politeness: { maxRequestsPerMinutePerHost: 6000 },
            },
          ],
        },
        'fixture registry',
        { SITE: site.url },
      ),
    );

    const stats = await crawlToKafka(config, sources, { filter: (item) => gate.filter(item) });

    // The sport page (about the "Công an Hà Nội" football club) is skipped, with its reason.
    expect(stats.filtered).toBe(1);
    expect(stats.filterReasons).toEqual({ [SKIP_REASON]: 1 });
    expect(gate.skipped).toHaveLength(1);
    expect(gate.skipped[0]?.url).toBe(`${site.url}/tin-tuc/cahn-thang-dam.html`);
    expect(gate.skipped[0]?.reason).toMatch(/^security score 0\.\d\d < 0\.3: no security topic found$/);
    expect((await counter.get()).values).toEqual([{ labels: { source: 'fixture-news', reason: SKIP_REASON }, value: 1 }]);

    // Only the fraud article went down the pipeline; the official page became a statement.
    expect(stats.documents).toBe(1);
    expect(stats.statements).toBe(1);
    expect(gate.stats).toEqual({ kept: 2, skipped: 1 });
    expect(await messagesIn(topics.documentsRaw)).toBe(1);
    expect(await messagesIn(topics.statementsRaw)).toBe(1);

    // The official page would have been skipped as news: it is kept because it is official.
    const officialText =
      'Khai mạc hội thao văn hóa, thể thao năm 2025 với sự tham gia của hơn 800 vận động viên. Các vận động viên tranh tài ở các môn bóng đá, bóng chuyền, điền kinh.';
    expect(classifier.relevance({ title: '', text: officialText, sourceKind: 'news' }).relevant).toBe(false);
    expect(classifier.relevance({ title: '', text: officialText, sourceKind: 'official' }).reason).toBe('official source');
  });

  it('`sentinel crawl` filters by default and sends everything with --no-relevance-filter', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sentinel-crawl-'));
    const file = join(dir, 'sources.yaml');
    writeFileSync(
      file,
      [
        'allowPrivateNetwork: true',
        'sources:',
        '  - { id: cli-news, name: Tin tổng hợp, kind: news, startUrls: ["${SITE}/"], allowedHosts: [127.0.0.1], maxDepth: 1, politeness: { maxRequestsPerMinutePerHost: 6000 } }',
      ].join('\n'),
    );
    // Asynchronous: the fixture site is served by this very process.
    const crawl = async (...extra: string[]): Promise<{ filtered: number; documents: number }> => {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', 'cli/main.ts', 'crawl', '--sources', file, '--var', `SITE=${site.url}`, ...extra],
        {
          cwd: REPO_ROOT,
          env: { ...process.env, SENTINEL_NAMESPACE: `${config.namespace}cli.`, SENTINEL_LOG_LEVEL: 'silent' },
          encoding: 'utf8',
        },
      );
      return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { filtered: number; documents: number };
    };
    try {
      expect(await crawl()).toMatchObject({ filtered: 1, documents: 1 });
      expect(await crawl('--no-relevance-filter')).toMatchObject({ filtered: 0, documents: 2 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
      const admin = createKafka(config, 'topics-gate-cli-cleanup').admin();
      await admin.connect();
      await admin.deleteTopics({ topics: Object.values(topicNames(`${config.namespace}cli.`)) }).catch(() => undefined);
      await admin.disconnect();
    }
  });
});
