/**
 * `npm run soak -- [--docs N] [--seed S] [--minutes M]`: the whole pipeline, as stage processes
 * (`sentinel run --stages claims|match|index`), on N generated documents and statements, on a
 * broker of its own (fresh dir, own ports) and the shared Elasticsearch reached through a TCP
 * proxy, while a seeded schedule restarts the broker, cuts Elasticsearch off and SIGKILLs stage
 * processes. Then it drains and checks: end and committed offsets with Kafka's own tools, every
 * topic read back for repeats and dead letters, and `_count` and ids of each index against an
 * oracle computed from the input with the pipeline's own functions. Exits 0 only when nothing
 * is lost, nothing is duplicated and every group committed through.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Command } from 'commander';
import { parseScriptArgs, positiveInt, positiveNumber, scriptHelp, wholeNumber } from '../core/script-cli.js';
import { extractTopicalClaims } from '../classifiers/claims/topical-claims.js';
import { ensureStatementsIndex, matchForClaims, statementMatcher } from '../classifiers/matching/index.js';
import { flagFor } from '../classifiers/scoring/flag-policy.js';
import { scoreClaim } from '../classifiers/scoring/misinformation.js';
import { loadConfig, type SentinelConfig } from '../core/config.js';
import { Claim, DeadLetter, type OfficialStatement, type SourceDocument } from '../core/contracts.js';
import { SentinelError, StackError } from '../core/errors.js';
import { createLogger } from '../core/logger.js';
import { indexNames, topicNames, type IndexNames, type TopicNames } from '../core/names.js';
import { prepareDocument } from '../pipeline/document-entry.js';
import { STAGE_INPUTS, waitUntilDrained } from '../pipeline/run-stages.js';
import { capClaims } from '../pipeline/stages/extract-claims.js';
import { sentencesOf } from '../pipeline/stages/index-documents.js';
import {
  type Admin,
  type Client,
  createElasticsearchClient,
  createKafka,
  createProducer,
  deleteIndices,
  ensureIndices,
  ensureTopics,
  type Kafka,
  type Producer,
  sendJson,
  stageGroupId,
} from '../platform/index.js';
import { stackDown, stackUp } from '../stack/index.js';
import { crashKafka, kafkaPaths, startKafka, stopKafka, type KafkaPaths } from '../stack/kafka.js';
import { REPO_ROOT, stackDir } from '../stack/layout.js';
import { TcpProxy } from '../test/pipeline/tcp-proxy.js';
import { generateDocuments, generateStatements } from './generate-documents.js';
import { describeGroups, getOffsetShell, installKafkaTools } from './kafka-tools.js';
import {
  checkIndex,
  describeFault,
  formatReport,
  lagByGroup,
  parseGroupDescribe,
  parseOffsetShell,
  repeatedMessages,
  soakSchedule,
  type SoakReport,
  STAGE_PROCESSES,
  type StageProcess,
  verdict,
} from './soak-plan.js';

interface SoakOptions {
  docs: number;
  seed: number;
  minutes: number;
  statements?: number;
  kafkaPort: number;
}

const program = new Command('soak')
  .description(
    'chaos soak: the pipeline as stage processes on generated documents while a seeded schedule restarts its own Kafka broker, ' +
      'cuts Elasticsearch off (TCP proxy) and SIGKILLs stage processes; then drains and checks offsets (Kafka tools) and ' +
      'Elasticsearch counts against an oracle. Exit 0 only when nothing is lost or duplicated.',
  )
  .option('--docs <n>', 'generated documents to send', positiveInt, 400)
  .option('--seed <s>', 'seed of the documents and of the fault schedule (same seed, same schedule)', wholeNumber, 1)
  .option('--minutes <m>', 'length of the fault window (documents are sent during its first 60%)', positiveNumber, 3.5)
  .option('--statements <n>', 'official statements indexed first (default: docs / 8, at least 20)', positiveInt)
  .option('--kafka-port <port>', "the soak broker's listener port (controller: +1; free ports are taken if busy)", positiveInt, 19592)
  .addHelpText(
    'after',
    scriptHelp({
      npm: 'soak',
      file: 'bench/soak.ts',
      notes: [
        "Runs a Kafka broker of its own (fresh dir, own ports) and reaches the project's Elasticsearch through a TCP proxy, " +
          'starting it when not running. Takes the fault window, then the drain and the checks.',
      ],
    }),
  )
  .showHelpAfterError();

const startedAt = Date.now();
const log = (line: string): void =>
  void process.stderr.write(`[soak ${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
/** The soak's own clients stay quiet through the outages it causes; the stages log to the run's log file. */
const quiet = createLogger('soak', 'fatal');

// ── Everything started here is stopped by one idempotent cleanup, on every exit path ────────
const cleanups: (() => Promise<unknown>)[] = [];
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.reverse()) await step().catch((error: unknown) => log(`cleanup: ${String(error)}`));
  })();
  return cleaning;
}
process.once('SIGINT', () => {
  log('SIGINT: stopping everything the soak started…');
  process.once('SIGINT', () => process.exit(130)); // a second Ctrl-C does not wait
  void cleanup().finally(() => interrupted('SIGINT', 130));
});
process.once('SIGTERM', () => void cleanup().finally(() => interrupted('SIGTERM', 143)));

function interrupted(signal: string, code: number): never {
  process.stdout.write(`soak: FAIL interrupted by ${signal}: lost unknown duplicated unknown (everything it started is stopped)\n`);
  return process.exit(code);
}

async function portFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// ── Stage processes ─────────────────────────────────────────────────────────────────────────
class StageProcesses {
  readonly children = new Map<StageProcess, ChildProcess>();
  /** Exits nobody asked for (a crash): restarted, and reported. */
  readonly unplanned: string[] = [];
  private stopping = false;

  constructor(
    private readonly config: SentinelConfig,
    private readonly out: WriteStream,
  ) {}

  async start(group: StageProcess): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'run', '--stages', group], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        SENTINEL_NAMESPACE: this.config.namespace,
        SENTINEL_KAFKA_BROKERS: this.config.kafkaBrokers.join(','),
        SENTINEL_ES_URL: this.config.elasticsearchUrl,
        SENTINEL_LOG_LEVEL: process.env.SENTINEL_LOG_LEVEL ?? 'warn',
        // The stage stops when its parent (this soak) is gone, even after a SIGKILL of the soak.
        npm_lifecycle_event: 'soak',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.set(group, child);
    let seen = '';
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the ${group} process did not start within 120 s`)), 120_000);
      child.stderr?.on('data', (chunk: Buffer) => {
        seen = (seen + chunk.toString('utf8')).slice(-2000);
        if (seen.includes('stages running')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the ${group} process exited (${String(code ?? signal)}) while starting: ${seen.slice(-500)}`));
      });
    });
    ready.catch(() => undefined); // awaited below
    for (const stream of [child.stdout, child.stderr])
      stream?.on('data', (chunk: Buffer) => this.out.write(chunk.toString('utf8').replace(/^(?=.)/gmu, `[${group} ${child.pid}] `)));
    child.once('exit', (code, signal) => {
      if (this.stopping || this.children.get(group) !== child || signal === 'SIGKILL') return;
      this.unplanned.push(`unplanned: the ${group} process exited by itself (${String(code ?? signal)})`);
      log(`the ${group} process exited by itself (${String(code ?? signal)}): restarting it`);
      void this.start(group).catch((error: unknown) => log(`restarting ${group} failed: ${String(error)}`));
    });
    await ready;
  }

  async kill(group: StageProcess): Promise<void> {
    const child = this.children.get(group);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  async stopAll(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      [...this.children.values()].map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }),
    );
  }
}

// ── Producing through the faults ────────────────────────────────────────────────────────────
/** Sends a chunk until the broker takes it, across restarts (a retry may repeat it: the ids make that harmless). */
async function sendPatiently<T>(
  kafka: Kafka,
  holder: { producer?: Producer },
  topic: string,
  messages: { key: string; value: T }[],
): Promise<void> {
  const deadline = Date.now() + 300_000;
  for (let attempt = 1; ; attempt += 1) {
    try {
      if (!holder.producer) {
        const producer = createProducer(kafka);
        await producer.connect();
        holder.producer = producer;
      }
      await sendJson(holder.producer, topic, messages);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await holder.producer?.disconnect().catch(() => undefined);
      holder.producer = undefined;
      if (attempt === 1) log(`producer: ${error instanceof Error ? error.message : String(error)}; retrying`);
      await sleep(1_000);
    }
  }
}

/** Which group of a stage process shows that it has work in hand, and on which input. */
const KILL_PROBES: Record<StageProcess, [stage: string, input: keyof TopicNames]> = {
  claims: ['extract-claims', 'documentsRaw'],
  match: ['score-claims', 'claims'],
  index: ['index-documents', 'documentsRaw'],
};

/** What the group has committed of its input, and what it still owes (end offsets minus commits). */
async function progressOf(admin: Admin, groupId: string, topic: string): Promise<{ committed: number; owed: number }> {
  const [ends, commits] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
  const done = new Map((commits[0]?.partitions ?? []).map((p) => [p.partition, Math.max(0, Number(p.offset))]));
  const committed = [...done.values()].reduce((n, c) => n + c, 0);
  return { committed, owed: ends.reduce((n, e) => n + Math.max(0, Number(e.high) - (done.get(e.partition) ?? 0)), 0) };
}

/**
 * Waits (up to 20 s) until the group is part-way through the work sent after `before`: it has
 * committed some of it and still owes some, so a SIGKILL interrupts work in hand. Returns what
 * it owed at that moment (at the deadline: whatever it owes then).
 */
async function untilMidWork(admin: Admin, groupId: string, topic: string, before: number): Promise<number> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { committed, owed } = await progressOf(admin, groupId, topic);
    if ((committed > before && owed > 0) || Date.now() > deadline) return owed;
    await sleep(50);
  }
}

// ── The oracle: what the input must give, from the pipeline's own functions ─────────────────
interface Oracle {
  documents: Set<string>;
  sentences: Set<string>;
  claims: Set<string>;
  flags: Set<string>;
}

async function computeOracle(config: SentinelConfig, es: Client, names: IndexNames, docs: SourceDocument[]): Promise<Oracle> {
  const claims = docs.flatMap((doc) => capClaims(extractTopicalClaims(doc), config.maxClaimsPerDocument).map((c) => Claim.parse(c)));
  // Flags need the statements index (matching searches it): read directly, not through the proxy.
  const matcher = statementMatcher(es, names);
  const flags = new Set<string>();
  for (let i = 0; i < claims.length; i += 100) {
    const slice = claims.slice(i, i + 100);
    const matches = await matchForClaims(matcher, slice);
    slice.forEach((claim, j) => {
      const found = matches[j] ?? [];
      if (flagFor(claim, found, scoreClaim(claim, found))) flags.add(claim.id);
    });
  }
  return {
    documents: new Set(docs.map((d) => d.id)),
    sentences: new Set(docs.flatMap((d) => sentencesOf(d).map((s) => s.id))),
    claims: new Set(claims.map((c) => c.id)),
    flags,
  };
}

async function idsOf(es: Client, index: string): Promise<string[]> {
  const ids: string[] = [];
  let page = await es.search({ index, scroll: '1m', size: 5_000, _source: false, sort: ['_doc'] });
  while (page.hits.hits.length > 0) {
    ids.push(...page.hits.hits.map((h) => h._id ?? ''));
    if (!page._scroll_id) break;
    page = await es.scroll({ scroll_id: page._scroll_id, scroll: '1m' });
  }
  if (page._scroll_id) await es.clearScroll({ scroll_id: page._scroll_id }).catch(() => undefined);
  return ids;
}

/** Every message of a topic up to the end offsets Kafka's tool gave: each one's id (and dead letters' codes). */
async function readTopic(kafka: Kafka, topic: string, ends: Map<number, number>, idOf: (value: string) => string): Promise<string[]> {
  const total = [...ends.values()].reduce((n, e) => n + e, 0);
  if (total === 0) return [];
  const consumer = kafka.consumer({ groupId: `soak-reader-${topic}-${Date.now()}` });
  await consumer.connect();
  const ids: string[] = [];
  const reached = new Set<number>();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        if (Number(message.offset) >= (ends.get(partition) ?? 0)) return;
        ids.push(idOf(message.value?.toString('utf8') ?? ''));
        if (Number(message.offset) + 1 >= (ends.get(partition) ?? 0)) reached.add(partition);
      },
    });
    const partitions = [...ends].filter(([, end]) => end > 0).map(([p]) => p);
    const deadline = Date.now() + 120_000;
    while (!partitions.every((p) => reached.has(p))) {
      if (Date.now() > deadline)
        throw new SentinelError('stage-not-caught-up', `reading ${topic}: ${ids.length} of ${total} messages after 120 s`);
      await sleep(200);
    }
  } finally {
    await consumer.disconnect();
  }
  return ids;
}

const idField = (value: string): string => {
  try {
    const parsed = JSON.parse(value) as { id?: unknown };
    return typeof parsed.id === 'string' ? parsed.id : `unparsable:${value.slice(0, 40)}`;
  } catch {
    return `unparsable:${value.slice(0, 40)}`;
  }
};

const deadLetterCode = (value: string): string => {
  try {
    return DeadLetter.parse(JSON.parse(value)).code;
  } catch {
    return 'unreadable';
  }
};

// ── The run ─────────────────────────────────────────────────────────────────────────────────
async function main(options: SoakOptions): Promise<number> {
  const statementsCount = options.statements ?? Math.max(20, Math.round(options.docs / 8));
  const windowMs = Math.round(options.minutes * 60_000);
  const schedule = soakSchedule(options.seed, windowMs);
  log(
    `seed ${options.seed}: ${options.docs} documents, ${statementsCount} statements, ${schedule.length} faults over ${options.minutes} min`,
  );
  for (const f of schedule) log(`  planned ${describeFault(f)}`);

  const stack = await stackUp({ progress: (l) => log(`[stack] ${l}`) });
  if (stack.started.length > 0) cleanups.push(() => stackDown({ only: stack.started }));
  const toolsDir = installKafkaTools(stackDir(), log);

  // The soak's own broker: jars of the main cache, a fresh dir, its own ports.
  const root = mkdtempSync(join(tmpdir(), 'sentinel-soak-'));
  cleanups.push(async () => rmSync(root, { recursive: true, force: true }));
  const paths: KafkaPaths = kafkaPaths(root, stackDir());
  const base = loadConfig();
  const [kafkaPort, kafkaControllerPort] =
    (await portFree(options.kafkaPort)) && (await portFree(options.kafkaPort + 1))
      ? [options.kafkaPort, options.kafkaPort + 1]
      : [await freePort(), await freePort()];
  const proxy = new TcpProxy(base.elasticsearchPort);
  await proxy.open();
  cleanups.push(() => proxy.cut());
  const config: SentinelConfig = {
    ...base,
    namespace: `soak-${options.seed}-${Date.now().toString(36)}.`,
    kafkaPort,
    kafkaControllerPort,
    kafkaBrokers: [`127.0.0.1:${kafkaPort}`],
    elasticsearchUrl: `http://127.0.0.1:${proxy.port}`,
  };
  const bootstrap = config.kafkaBrokers.join(',');
  const logPath = join(tmpdir(), `sentinel-soak-${config.namespace.slice(0, -1)}.log`);
  const out = createWriteStream(logPath);
  cleanups.push(() => new Promise((resolve) => out.end(resolve)));
  log(`stage logs: ${logPath}`);

  cleanups.push(() => stopKafka(paths));
  if (!(await startKafka(paths, config, (l) => log(`[kafka] ${l}`))))
    throw new StackError(`a broker already answers on ${bootstrap}: the soak needs its own`, { code: 'stack-port-in-use' });

  const es = createElasticsearchClient(base); // direct: checks and the oracle never go through the proxy
  const names = indexNames(config.namespace);
  const topics: TopicNames = topicNames(config.namespace);
  cleanups.push(async () => {
    await deleteIndices(es, names);
    await es.close();
  });
  const kafka = createKafka(config, 'soak', quiet);
  await ensureTopics(kafka, topics);
  await ensureIndices(es, names);
  await ensureStatementsIndex(es, names);

  const stages = new StageProcesses(config, out);
  cleanups.push(() => stages.stopAll());
  log('starting the stage processes (claims, match, index)…');
  await Promise.all(STAGE_PROCESSES.map((g) => stages.start(g)));

  // Statements first, indexed before any claim exists: the flags then do not depend on timing.
  const holder: { producer?: Producer } = {};
  cleanups.push(async () => holder.producer?.disconnect());
  const statements: OfficialStatement[] = generateStatements(statementsCount, options.seed);
  await sendPatiently(
    kafka,
    holder,
    topics.statementsRaw,
    statements.map((s) => ({ key: s.id, value: s })),
  );
  await waitUntilDrained(config, { stages: ['index-statements'], timeoutMs: 180_000 });
  log(`${statements.length} statements indexed; fault window starts`);

  // Documents, prepared as they enter the pipeline in production: 60% sent steadily over the
  // window's first 90%, the rest in one burst before each SIGKILL, so a kill lands on work in flight.
  const docs = generateDocuments(options.docs, options.seed).map(prepareDocument);
  const kills = schedule.filter((f) => f.kind === 'kill-stage').length;
  const steady = kills === 0 ? docs.length : Math.ceil(docs.length * 0.6);
  const burstSize = kills === 0 ? 0 : Math.ceil((docs.length - steady) / kills);
  let nextBurst = steady;
  const send = (part: SourceDocument[]): Promise<void> =>
    sendPatiently(
      kafka,
      holder,
      topics.documentsRaw,
      part.map((d) => ({ key: d.id, value: d })),
    );
  const chunk = 20;
  const chunks = Math.ceil(steady / chunk);
  const windowStart = Date.now();
  const producing = (async () => {
    for (let i = 0; i < chunks; i += 1) {
      await sleep(Math.max(0, windowStart + Math.round((i * windowMs * 0.9) / chunks) - Date.now()));
      await send(docs.slice(i * chunk, Math.min(steady, (i + 1) * chunk)));
    }
  })();
  const admin = kafka.admin();
  await admin.connect();
  cleanups.push(() => admin.disconnect());

  const injected: SoakReport['faults'] = [];
  for (const fault of schedule) {
    await sleep(Math.max(0, windowStart + fault.atMs - Date.now()));
    const late = Date.now() - windowStart - fault.atMs;
    log(`fault: ${describeFault(fault)}${late > 1000 ? ` (${(late / 1000).toFixed(0)} s late)` : ''}`);
    const began = Date.now();
    let note = '';
    if (fault.kind === 'broker-restart' || fault.kind === 'broker-crash') {
      await (fault.kind === 'broker-crash' ? crashKafka(paths) : stopKafka(paths));
      await sleep(fault.durationMs);
      const ours = await startKafka(paths, config, (l) => log(`[kafka] ${l}`));
      if (!ours) throw new StackError('after the restart another broker answered on the soak broker port', { code: 'stack-port-in-use' });
    } else if (fault.kind === 'es-cut') {
      await proxy.cut();
      await sleep(fault.durationMs);
      await proxy.open();
    } else {
      const group = fault.stage ?? 'index';
      const [stage, input] = KILL_PROBES[group];
      const { committed } = await progressOf(admin, stageGroupId(config, stage), topics[input]);
      await send(docs.slice(nextBurst, nextBurst + burstSize));
      nextBurst += burstSize;
      const owed = await untilMidWork(admin, stageGroupId(config, stage), topics[input], committed);
      note = `killed owing ${owed} messages of ${topics[input].slice(config.namespace.length)}; `;
      await stages.kill(group);
      await sleep(fault.durationMs);
      await stages.start(group);
    }
    injected.push({ fault, note: `${note}${((Date.now() - began) / 1000).toFixed(0)} s in all` });
  }
  await producing;
  if (nextBurst < docs.length) await send(docs.slice(nextBurst));
  log(`all ${docs.length} documents sent`);
  await sleep(Math.max(0, windowStart + windowMs - Date.now()));

  log('fault window over: draining…');
  const notes = [...stages.unplanned];
  try {
    await waitUntilDrained(config, { timeoutMs: 240_000 });
    log('drained; checking');
  } catch (error) {
    // A stage that never catches up is a finding, not a reason to skip the checks: they show what it cost.
    const message = error instanceof Error ? error.message : String(error);
    notes.push(`not drained: ${message}`);
    log(`not drained (${message}); checking anyway`);
  }

  // Offsets with Kafka's own tools: end offsets of every topic, committed offsets of every stage group.
  const topicRegex = `${config.namespace.replace(/[.\\^$*+?()[\]{}|-]/gu, '\\$&')}.*`;
  const ends = parseOffsetShell(await getOffsetShell(toolsDir, bootstrap, topicRegex));
  const groups = [...new Set(STAGE_INPUTS.map(([stage]) => stageGroupId(config, stage)))];
  const lag = lagByGroup(parseGroupDescribe(await describeGroups(toolsDir, bootstrap, groups)));
  for (const g of groups) if (!lag.has(g)) lag.set(g, Number.NaN); // a group the tool did not show: a failure, not a pass

  // Every topic read back to those ends: repeats per topic, dead letters by code.
  const topicRows: SoakReport['topics'] = [];
  const deadLetters = new Map<string, number>();
  for (const topic of [topics.statementsRaw, topics.documentsRaw, topics.claims, topics.flags, topics.deadLetter]) {
    const isDead = topic === topics.deadLetter;
    const ids = await readTopic(kafka, topic, ends.get(topic) ?? new Map(), isDead ? deadLetterCode : idField);
    if (isDead) for (const code of ids) deadLetters.set(code, (deadLetters.get(code) ?? 0) + 1);
    topicRows.push([topic, ids.length, isDead ? 0 : repeatedMessages(ids)]);
  }

  log('computing the oracle (the pipeline’s own extraction, matching and flag policy on the input)…');
  const oracle = await computeOracle(config, es, names, docs);
  await es.indices.refresh({ index: [names.documents, names.sentences, names.claims, names.flags] });
  const indices = [];
  for (const [index, expected] of [
    [names.documents, oracle.documents],
    [names.sentences, oracle.sentences],
    [names.claims, oracle.claims],
    [names.flags, oracle.flags],
  ] as const) {
    const count = (await es.count({ index })).count;
    indices.push(checkIndex(index, expected, await idsOf(es, index), count));
  }

  const report: SoakReport = {
    seed: options.seed,
    documents: docs.length,
    statements: statements.length,
    faults: injected,
    notes,
    indices,
    topics: topicRows,
    deadLetters,
    lag,
    offsetsBy: 'kafka-tools ConsumerGroupCommand + GetOffsetShell',
    seconds: (Date.now() - startedAt) / 1000,
  };
  process.stdout.write(`${formatReport(report)}\n`);
  return verdict(report).ok ? 0 : 1;
}

const options = parseScriptArgs<SoakOptions>(program);
let code = 2;
try {
  code = await main(options);
} catch (error) {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.stdout.write(
    `soak: FAIL seed ${options.seed}: lost unknown duplicated unknown (did not finish: ${error instanceof Error ? error.message : String(error)})\n`,
  );
} finally {
  await cleanup();
}
process.exit(code);
