/**
 * The pure parts of `npm run soak` (bench/soak.ts): the seeded fault schedule, the comparison
 * of what Elasticsearch holds with what the input should give, the parsers of Kafka's own tools'
 * output, and the report. No I/O here, so a test can pin each of them.
 */

/** broker-restart stops the broker with SIGTERM, broker-crash kills it with SIGKILL (no shutdown, logs recovered unclean). */
export type FaultKind = 'broker-restart' | 'broker-crash' | 'es-cut' | 'kill-stage';

/** The stage processes the soak runs, as production does: `sentinel run --stages <group>`. */
export const STAGE_PROCESSES = ['claims', 'match', 'index'] as const;
export type StageProcess = (typeof STAGE_PROCESSES)[number];

export interface Fault {
  /** When it starts, from the start of the fault window (a fault that comes late starts at once). */
  atMs: number;
  kind: FaultKind;
  /** broker-restart, broker-crash: how long the broker stays down; es-cut: how long the proxy refuses; kill-stage: the wait before the restart. */
  durationMs: number;
  /** kill-stage only. */
  stage?: StageProcess;
}

/** mulberry32: small, fast, and the same sequence for a seed on every platform. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const between = (rand: () => number, min: number, max: number): number => Math.round(min + rand() * (max - min));

/**
 * Faults one after another over `windowMs`, the same for the same seed. The first four are one
 * of each kind (in a seeded order), so even a short window exercises all four; after that,
 * SIGKILLs of a stage are as likely as the three outages together. Faults do not overlap: each starts a
 * seeded gap after the previous one is planned to end, and none is planned past the window.
 */
export function soakSchedule(seed: number, windowMs: number): Fault[] {
  const rand = seededRandom(seed ^ 0x5eed);
  const firsts: FaultKind[] = ['broker-restart', 'broker-crash', 'es-cut', 'kill-stage'];
  for (let i = firsts.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rand() * (i + 1));
    [firsts[i], firsts[j]] = [firsts[j] as FaultKind, firsts[i] as FaultKind];
  }
  const faults: Fault[] = [];
  let at = between(rand, 8_000, 15_000);
  for (;;) {
    const pick = rand();
    const kind: FaultKind =
      firsts[faults.length] ?? (pick < 0.5 ? 'kill-stage' : pick < 0.7 ? 'es-cut' : pick < 0.85 ? 'broker-restart' : 'broker-crash');
    const brokerDown = kind === 'broker-restart' || kind === 'broker-crash';
    const durationMs = brokerDown
      ? between(rand, 5_000, 20_000)
      : kind === 'es-cut'
        ? between(rand, 10_000, 40_000)
        : between(rand, 0, 5_000);
    const stage = STAGE_PROCESSES[Math.floor(rand() * STAGE_PROCESSES.length)] as StageProcess;
    // A broker restart also takes the JVM's start (~10 s here): planned for, so the window holds it.
    const planned = durationMs + (brokerDown ? 15_000 : kind === 'kill-stage' ? 5_000 : 0);
    if (at + planned > windowMs) break;
    faults.push(kind === 'kill-stage' ? { atMs: at, kind, durationMs, stage } : { atMs: at, kind, durationMs });
    at += planned + between(rand, 5_000, 20_000);
  }
  return faults;
}

export function describeFault(f: Fault): string {
  const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  if (f.kind === 'broker-restart') return `at ${s(f.atMs)}: broker stopped, down ${s(f.durationMs)}, started again`;
  if (f.kind === 'broker-crash') return `at ${s(f.atMs)}: SIGKILL to the broker, down ${s(f.durationMs)}, started again`;
  if (f.kind === 'es-cut') return `at ${s(f.atMs)}: Elasticsearch cut off for ${s(f.durationMs)}`;
  return `at ${s(f.atMs)}: SIGKILL to the ${f.stage ?? '?'} process, restarted ${s(f.durationMs)} later`;
}

/** One index checked: what the input should give (ids) against what `_count` and the ids found say. */
export interface IndexCheck {
  index: string;
  expected: number;
  /** `_count`. */
  found: number;
  /** Expected ids absent from the index. */
  lost: number;
  /** Everything counted beyond the expected ids that are there: repeats and ids the input does not give. */
  duplicated: number;
}

/**
 * `foundIds` are the index's `_id`s as read back (a repeat would show twice); `count` is its
 * `_count`. Lost counts expected ids missing; duplicated counts whatever `_count` holds beyond the
 * expected ids present, so an extra id and a second copy both count, and neither hides a loss.
 */
export function checkIndex(index: string, expected: ReadonlySet<string>, foundIds: readonly string[], count: number): IndexCheck {
  const present = new Set(foundIds.filter((id) => expected.has(id)));
  const lost = expected.size - present.size;
  const beyond = Math.max(count, foundIds.length) - present.size;
  return { index, expected: expected.size, found: count, lost, duplicated: Math.max(0, beyond) };
}

/** Messages on a topic beyond the first of each id: the repeats that at-least-once delivery sent. */
export function repeatedMessages(ids: readonly string[]): number {
  return ids.length - new Set(ids).size;
}

/** `GetOffsetShell` prints `topic:partition:offset` per line: end offsets by topic and partition. */
export function parseOffsetShell(text: string): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  for (const line of text.split('\n')) {
    const m = /^(\S+):(\d+):(\d+)\s*$/u.exec(line.trim());
    if (!m) continue;
    const [, topic = '', partition = '0', offset = '0'] = m;
    const partitions = out.get(topic) ?? new Map<number, number>();
    partitions.set(Number(partition), Number(offset));
    out.set(topic, partitions);
  }
  return out;
}

export interface GroupOffset {
  group: string;
  topic: string;
  partition: number;
  /** Committed offset; null when the group has committed nothing on the partition ('-'). */
  committed: number | null;
  end: number;
}

/** The table of `ConsumerGroupCommand --describe` (GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG …). */
export function parseGroupDescribe(text: string): GroupOffset[] {
  const rows: GroupOffset[] = [];
  for (const line of text.split('\n')) {
    const cols = line.trim().split(/\s+/u);
    if (cols.length < 6 || cols[0] === 'GROUP') continue;
    const [group = '', topic = '', partition = '', current = '', end = ''] = cols;
    if (!/^\d+$/u.test(partition) || !/^\d+$/u.test(end)) continue;
    rows.push({ group, topic, partition: Number(partition), committed: /^\d+$/u.test(current) ? Number(current) : null, end: Number(end) });
  }
  return rows;
}

/** Messages a group has not committed, per group (a group with no commit on a partition owes all of it). */
export function lagByGroup(rows: readonly GroupOffset[]): Map<string, number> {
  const lag = new Map<string, number>();
  for (const r of rows) lag.set(r.group, (lag.get(r.group) ?? 0) + Math.max(0, r.end - (r.committed ?? 0)));
  return lag;
}

export interface SoakReport {
  seed: number;
  documents: number;
  statements: number;
  faults: { fault: Fault; note?: string }[];
  /** What happened besides the schedule (a stage process that exited by itself, a drain that timed out). */
  notes: string[];
  indices: IndexCheck[];
  /** Topic → [messages, repeated]. */
  topics: [topic: string, messages: number, repeated: number][];
  /** Dead letters by code. */
  deadLetters: Map<string, number>;
  /** Group → uncommitted messages, from ConsumerGroupCommand. */
  lag: Map<string, number>;
  /** Which tool read the offsets (Kafka's own, or the fallback). */
  offsetsBy: string;
  seconds: number;
}

export interface Verdict {
  lost: number;
  duplicated: number;
  lag: number;
  deadLetters: number;
  ok: boolean;
}

/** Passes only with nothing lost, nothing duplicated in the indices and every group committed through. */
export function verdict(report: SoakReport): Verdict {
  const lost = report.indices.reduce((n, c) => n + c.lost, 0);
  const duplicated = report.indices.reduce((n, c) => n + c.duplicated, 0);
  const lag = [...report.lag.values()].reduce((n, l) => n + l, 0);
  const deadLetters = [...report.deadLetters.values()].reduce((n, l) => n + l, 0);
  return { lost, duplicated, lag, deadLetters, ok: lost === 0 && duplicated === 0 && lag === 0 };
}

/** The table and the last line, `soak: … lost L duplicated D …`. */
export function formatReport(report: SoakReport): string {
  const v = verdict(report);
  const lines: string[] = [];
  const row = (a: string, ...rest: (string | number)[]): void => {
    lines.push([a.padEnd(34), ...rest.map((x) => String(x).padStart(10))].join(' '));
  };
  lines.push(`faults injected (seed ${report.seed}): ${report.faults.length}`);
  for (const { fault, note } of report.faults) lines.push(`  ${describeFault(fault)}${note ? ` (${note})` : ''}`);
  for (const note of report.notes) lines.push(`  ${note}`);
  lines.push('');
  row('documents in', report.documents);
  row('statements in', report.statements);
  lines.push('');
  row('index', 'expected', 'found', 'lost', 'duplicated');
  for (const c of report.indices) row(c.index, c.expected, c.found, c.lost, c.duplicated);
  lines.push('');
  row('topic', 'messages', 'repeated');
  for (const [topic, messages, repeated] of report.topics) row(topic, messages, repeated);
  lines.push('');
  lines.push(
    `dead letters by code: ${report.deadLetters.size === 0 ? 'none' : [...report.deadLetters].map(([c, n]) => `${c} ${n}`).join(', ')}`,
  );
  lines.push(`uncommitted messages by group (${report.offsetsBy}):`);
  for (const [group, lag] of report.lag) lines.push(`  ${group.padEnd(40)} ${lag}`);
  lines.push(
    `soak: ${v.ok ? 'PASS' : 'FAIL'} seed ${report.seed}, ${report.documents} documents, ${report.faults.length} faults, ` +
      `lost ${v.lost} duplicated ${v.duplicated} uncommitted ${v.lag} dead letters ${v.deadLetters} in ${report.seconds.toFixed(0)} s`,
  );
  return lines.join('\n');
}
