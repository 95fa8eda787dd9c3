/** The soak's pure parts: its schedule is a function of the seed, and its verdict counts what it is named for. */
import { describe, expect, it } from 'vitest';
import {
  checkIndex,
  formatReport,
  lagByGroup,
  parseGroupDescribe,
  parseOffsetShell,
  repeatedMessages,
  soakSchedule,
  type SoakReport,
  verdict,
} from '../../bench/soak-plan.js';

const WINDOW = 210_000;

describe('soak > schedule', () => {
  it('is the same for the same seed and differs between seeds', () => {
    expect(soakSchedule(7, WINDOW)).toEqual(soakSchedule(7, WINDOW));
    expect(soakSchedule(7, WINDOW)).not.toEqual(soakSchedule(8, WINDOW));
  });

  it('injects every kind of fault, in order, without overlap, inside the window', () => {
    for (let seed = 1; seed <= 50; seed += 1) {
      const faults = soakSchedule(seed, WINDOW);
      expect(new Set(faults.slice(0, 4).map((f) => f.kind))).toEqual(new Set(['broker-restart', 'broker-crash', 'es-cut', 'kill-stage']));
      for (const [i, f] of faults.entries()) {
        expect(f.atMs).toBeGreaterThan(0);
        expect(f.atMs + f.durationMs).toBeLessThanOrEqual(WINDOW);
        if (f.kind === 'kill-stage') expect(['claims', 'match', 'index']).toContain(f.stage);
        const next = faults[i + 1];
        if (next) expect(next.atMs).toBeGreaterThan(f.atMs + f.durationMs);
      }
    }
  });
});

describe('soak > oracle comparison', () => {
  const expected = new Set(['a', 'b', 'c', 'd']);

  it('passes an index that holds exactly the expected ids', () => {
    expect(checkIndex('x', expected, ['d', 'c', 'b', 'a'], 4)).toEqual({ index: 'x', expected: 4, found: 4, lost: 0, duplicated: 0 });
  });

  it('counts a missing id as lost, even when an extra id makes the count match', () => {
    expect(checkIndex('x', expected, ['a', 'b', 'c'], 3)).toMatchObject({ lost: 1, duplicated: 0 });
    expect(checkIndex('x', expected, ['a', 'b', 'c', 'zz'], 4)).toMatchObject({ found: 4, lost: 1, duplicated: 1 });
  });

  it('counts a repeated id and a count beyond the ids read as duplicated', () => {
    expect(checkIndex('x', expected, ['a', 'a', 'b', 'c', 'd'], 5)).toMatchObject({ lost: 0, duplicated: 1 });
    expect(checkIndex('x', expected, ['a', 'b', 'c', 'd'], 6)).toMatchObject({ lost: 0, duplicated: 2 });
  });

  it('counts repeated messages on a topic', () => {
    expect(repeatedMessages(['a', 'b', 'a', 'a', 'c'])).toBe(2);
    expect(repeatedMessages([])).toBe(0);
  });

  const report = (indices: SoakReport['indices'], lag = new Map([['g', 0]])): SoakReport => ({
    seed: 1,
    documents: 4,
    statements: 1,
    faults: [{ fault: { atMs: 1_000, kind: 'es-cut', durationMs: 2_000 } }],
    notes: [],
    indices,
    topics: [['t', 5, 1]],
    deadLetters: new Map(),
    lag,
    offsetsBy: 'test',
    seconds: 1,
  });

  it('passes only when nothing is lost, duplicated or left uncommitted, and says so on the last line', () => {
    const clean = report([checkIndex('x', expected, ['a', 'b', 'c', 'd'], 4)]);
    expect(verdict(clean).ok).toBe(true);
    expect(formatReport(clean).split('\n').at(-1)).toMatch(/^soak: PASS .*lost 0 duplicated 0 /u);

    const lossy = report([checkIndex('x', expected, ['a', 'b', 'zz'], 3)]);
    expect(verdict(lossy)).toMatchObject({ ok: false, lost: 2, duplicated: 1 });
    expect(formatReport(lossy).split('\n').at(-1)).toMatch(/^soak: FAIL .*lost 2 duplicated 1 /u);

    expect(verdict(report([checkIndex('x', expected, ['a', 'b', 'c', 'd'], 4)], new Map([['g', 3]]))).ok).toBe(false);
    expect(verdict(report([checkIndex('x', expected, ['a', 'b', 'c', 'd'], 4)], new Map([['g', Number.NaN]]))).ok).toBe(false);
  });
});

describe("soak > Kafka tools' output", () => {
  it('reads end offsets from GetOffsetShell', () => {
    const ends = parseOffsetShell('ns.claims:0:12\nns.claims:1:7\nns.flags:0:0\nsome warning line\n');
    expect([...(ends.get('ns.claims') ?? [])]).toEqual([
      [0, 12],
      [1, 7],
    ]);
    expect(ends.get('ns.flags')?.get(0)).toBe(0);
  });

  it('reads committed offsets and lag from ConsumerGroupCommand --describe', () => {
    const text = [
      '',
      "Consumer group 'g1' has no active members.",
      '',
      'GROUP  TOPIC      PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG  CONSUMER-ID  HOST  CLIENT-ID',
      'g1     ns.claims  0          12              12              0    -            -     -',
      'g1     ns.claims  1          5               7               2    -            -     -',
      'g2     ns.flags   0          -               4               -    -            -     -',
    ].join('\n');
    const rows = parseGroupDescribe(text);
    expect(rows).toHaveLength(3);
    expect(rows[2]).toEqual({ group: 'g2', topic: 'ns.flags', partition: 0, committed: null, end: 4 });
    expect([...lagByGroup(rows)]).toEqual([
      ['g1', 2],
      ['g2', 4],
    ]);
  });
});
