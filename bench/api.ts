/**
 * `npx tsx bench/api.ts [--claims 100000] [--rate 200] [--queue-rate 20] [--seconds 15]`: requests/s and latency
 * percentiles of the statement search and the review queue, under a fixed-rate (open-loop)
 * load from a second process on loopback, with N indexed flagged claims. Uses its own
 * namespace and deletes it afterwards. Needs the stack (`npm run stack:up`).
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Command, Option } from 'commander';
import { loadConfig } from '../core/config.js';
import type { Flag, OfficialStatement } from '../core/contracts.js';
import { sha256Hex } from '../core/ids.js';
import { indexNames } from '../core/names.js';
import { buildDashboardApp } from '../dashboards/app.js';
import { createUser, ensureDashboardIndices } from '../dashboards/store.js';
import { createElasticsearchClient, deleteIndices, ensureIndices } from '../platform/index.js';
import { ensureStatementsIndex, indexStatements } from '../classifiers/matching/index.js';
import { indexFlags, sessionCookie } from '../test/dashboards/fixtures.js';
import { parseScriptArgs, positiveNumber, scriptHelp, wholeNumber } from '../core/script-cli.js';

interface ApiBenchOptions {
  claims: number;
  rate: number;
  queueRate: number;
  seconds: number;
  worker?: boolean;
}

const program = new Command('bench:api')
  .description(
    'requests per second and latency of the statement search and the review queue under a fixed-rate load, with N indexed flags: prints achieved rates, errors and p50/p95/p99',
  )
  .option('--claims <n>', 'flagged claims indexed before the load', wholeNumber, 100_000)
  .option('--rate <n>', 'requests per second offered to the statement search', positiveNumber, 200)
  .option('--queue-rate <n>', 'requests per second offered to the review queue', positiveNumber, 20)
  .option('--seconds <s>', 'length of each measured run (after a 2 s warm-up at a quarter of the rate)', positiveNumber, 15)
  // The load generator: the bench forks itself with it (see load()); not for people.
  .addOption(new Option('--worker', 'run as the load generator, taking its task from the parent process').hideHelp())
  .addHelpText(
    'after',
    scriptHelp({
      npm: 'bench:api',
      file: 'bench/api.ts',
      notes: [
        'Generated flags and 2,000 statements, in a namespace of its own deleted afterwards.',
        'Needs Elasticsearch running (npm run stack:up): it does not start it.',
      ],
    }),
  )
  .showHelpAfterError();

interface WorkerTask {
  url: string;
  cookie: string;
  paths: string[];
  rate: number;
  seconds: number;
}
interface WorkerResult {
  sent: number;
  ok: number;
  errors: number;
  latenciesMs: number[];
  elapsedMs: number;
}

/** The load generator: runs in a child process so it does not share the server's event loop. */
async function runWorker(task: WorkerTask): Promise<WorkerResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const latenciesMs: number[] = [];
  let sent = 0,
    ok = 0,
    errors = 0;
  const total = task.rate * task.seconds;
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i += 1) {
    // Open loop: request i starts at i/rate seconds whatever the server does (no coordinated omission).
    const due = start + (i * 1000) / task.rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const path = task.paths[i % task.paths.length] as string;
    sent += 1;
    inFlight.push(
      new Promise<void>((resolve) => {
        const t0 = performance.now();
        const req = http.get(`${task.url}${path}`, { agent, headers: { cookie: task.cookie } }, (res) => {
          res.resume();
          res.on('end', () => {
            latenciesMs.push(performance.now() - due);
            if (res.statusCode === 200) ok += 1;
            else errors += 1;
            resolve();
          });
        });
        req.on('error', () => {
          errors += 1;
          latenciesMs.push(performance.now() - t0);
          resolve();
        });
      }),
    );
  }
  await Promise.all(inFlight);
  agent.destroy();
  return { sent, ok, errors, latenciesMs, elapsedMs: performance.now() - start };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function load(task: WorkerTask): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL(import.meta.url).pathname, ['--worker'], { stdio: 'inherit' });
    child.once('message', (m) => resolve(m as WorkerResult));
    child.once('error', reject);
    child.send(task);
  });
}

const TEMPLATES = [
  'Công an {p} yêu cầu người dân chuyển {n} triệu đồng để cập nhật tài khoản VNeID.',
  'Từ ngày {d}/7 người đi xe máy không bật đèn ban ngày ở {p} sẽ bị phạt {n} triệu đồng.',
  'Bộ Công an sẽ khóa tài khoản ngân hàng của {n} nghìn người chưa cập nhật căn cước tại {p}.',
  'Cảnh sát giao thông {p} được phép thu tiền phạt nguội {n} triệu đồng qua tin nhắn.',
  'Đối tượng giả danh công an {p} lừa {n} người đầu tư tiền ảo.',
];
const PLACES = ['Hà Nội', 'TP Hồ Chí Minh', 'Đà Nẵng', 'Nghệ An', 'Cần Thơ', 'Hải Phòng', 'Quảng Ninh', 'Bình Dương'];
const AGENCIES = ['Bộ Công an', 'Cục Cảnh sát giao thông', 'Công an TP Hà Nội', 'Công an TP Hồ Chí Minh'];

async function main({ claims, rate, seconds, queueRate }: ApiBenchOptions): Promise<void> {
  const config = { ...loadConfig(), namespace: `bench-api-${randomBytes(3).toString('hex')}.` };
  const names = indexNames(config.namespace);
  const es = createElasticsearchClient(config);
  const app = buildDashboardApp({ es, names, loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
  try {
    await ensureIndices(es, names);
    await ensureDashboardIndices(es, names);
    await ensureStatementsIndex(es, names);
    const t0 = performance.now();
    const now = Date.now();
    for (let start = 0; start < claims; start += 5000) {
      const batch: Flag[] = [];
      for (let i = start; i < Math.min(claims, start + 5000); i += 1) {
        const text = (TEMPLATES[i % TEMPLATES.length] as string)
          .replace('{p}', PLACES[(i >> 3) % PLACES.length] as string)
          .replace('{n}', String((i % 50) + 1))
          .replace('{d}', String((i % 28) + 1));
        const created = new Date(now - (i % 30) * 86_400_000 - (i % 1000) * 1000).toISOString();
        batch.push({
          id: `f${i}`,
          claimId: `c${i}`,
          claimText: text,
          url: `https://nguon${i % 400}.example.vn/bai/${i}`,
          sourceId: `nguon${i % 400}`,
          sourceKind: i % 3 === 0 ? 'news' : 'social',
          publishedAt: created,
          score: ((i * 7919) % 1000) / 1000,
          signals: [{ id: 'money-request', description: 'Yêu cầu chuyển tiền', weight: 0.4 }],
          matches: [],
          topics: [i % 2 ? 'lua-dao' : 'giao-thong'],
          createdAt: created,
        });
      }
      await indexFlags(es, names, batch, false);
    }
    const statements: OfficialStatement[] = Array.from({ length: 2000 }, (_, i) => {
      const text = `${AGENCIES[i % AGENCIES.length]} cảnh báo thủ đoạn lừa đảo qua mạng tại ${PLACES[i % PLACES.length]}, số ${i}. Công an không yêu cầu người dân chuyển tiền qua điện thoại.`;
      return {
        id: `tb-${i}`,
        agency: AGENCIES[i % AGENCIES.length] as string,
        title: `Thông cáo ${i}`,
        text,
        url: `https://bocongan.gov.vn/tin/${i}`,
        publishedAt: new Date(now - i * 3_600_000).toISOString(),
        fetchedAt: new Date(now).toISOString(),
        version: 1,
        contentHash: sha256Hex(text),
      };
    });
    await indexStatements(es, names, statements);
    await es.indices.refresh({ index: [names.flags, names.statements] });
    process.stderr.write(
      `indexed ${claims} flags and ${statements.length} statements in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
    );
    process.stdout.write(
      'the app as shipped: the queue shares its grouped flags for 2 s between requests (review states are read on every request)\n',
    );

    await createUser(es, names, 'bench', 'analyst', 'bench-password-1');
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const cookie = await sessionCookie(app, 'bench', 'bench-password-1');
    const queries = ['lua dao qua mang', 'chuyển tiền qua điện thoại', 'canh bao thu doan', 'công an Hà Nội', 'lua dao tai Da Nang'];
    const runs: [string, string[], number][] = [
      ['statements search', queries.map((q) => `/api/statements?q=${encodeURIComponent(q)}`), rate],
      ['review queue', ['/api/queue', '/api/queue?topic=lua-dao', '/api/queue?sourceKind=news'], queueRate],
    ];
    for (const [label, paths, r] of runs) {
      await load({ url, cookie, paths, rate: Math.max(1, Math.floor(r / 4)), seconds: 2 }); // warm-up
      const result = await load({ url, cookie, paths, rate: r, seconds });
      const sorted = [...result.latenciesMs].sort((a, b) => a - b);
      process.stdout.write(
        `${label}: offered ${r} req/s for ${seconds} s, achieved ${(result.ok / (result.elapsedMs / 1000)).toFixed(1)} req/s, ` +
          `${result.errors} errors, p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms\n`,
      );
    }
  } finally {
    await app.close();
    await deleteIndices(es, names);
    await es.close();
  }
}

// Last, so every constant above is initialised before main runs.
const options = parseScriptArgs<ApiBenchOptions>(program);
if (options.worker) {
  process.once('message', (task: WorkerTask) => {
    void runWorker(task).then((result) => {
      process.send?.(result);
      process.exit(0);
    });
  });
} else {
  await main(options);
}
