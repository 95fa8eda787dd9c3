import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../classifiers/text/quiet-natural.js'; // before natural: keeps stdout clean
import natural from 'natural';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentWords } from '../../classifiers/stance/features.js';
import { fastFold } from '../../classifiers/text/normalize.js';
import { Match, type OfficialStatement } from '../../core/contracts.js';
import { indexNames } from '../../core/names.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices } from '../../platform/elasticsearch/indices.js';
import { toOfficialStatement } from '../../classifiers/matching/inputs.js';
import { matchClaims, matchClaimsDetailed, rerank, type Candidate } from '../../classifiers/matching/matcher.js';
import { ensureStatementsIndex, indexStatements } from '../../classifiers/matching/statements-index.js';
import { isolatedConfig } from '../helpers.js';

const config = isolatedConfig('matching');
const names = indexNames(config.namespace);
const es = createElasticsearchClient(config);

const LINES = [
  {
    id: 'bca-vneid',
    agency: 'Bộ Công an',
    publishedAt: '2024-03-01T08:00:00+07:00',
    url: 'https://bocongan.gov.vn/tin-tuc/vneid',
    text:
      'Bộ Công an khẳng định không gửi đường link yêu cầu người dân cập nhật thông tin căn cước công dân. ' +
      'Người dân chỉ thực hiện trên ứng dụng VNeID chính thức. Các tin nhắn chứa đường link lạ đều là lừa đảo. ' +
      'Người dân cần cảnh giác với các cuộc gọi giả danh cán bộ công an.',
  },
  {
    id: 'csgt-q1',
    agency: 'Cục Cảnh sát giao thông',
    text: 'Theo Cục Cảnh sát giao thông, trong quý I, số vụ tai nạn giao thông giảm 10% so với cùng kỳ năm trước. Số người chết cũng giảm mạnh.',
  },
  {
    id: 'ca-hcm-lua-dao',
    agency: 'Công an TP.HCM',
    text:
      'Ngày 12/3, Công an TP.HCM cho biết đã bắt giữ 15 đối tượng trong chuyên án lừa đảo chiếm đoạt tài sản qua mạng. ' +
      'Các đối tượng giả danh nhân viên ngân hàng để gọi điện cho người dân.',
  },
];
// A correction of the arrest figure: version 2 of the same statement; the original stays indexed.
const CORRECTION = { ...LINES[2], version: 2, text: (LINES[2]?.text ?? '').replace('15 đối tượng', '17 đối tượng') };

describe('Matching > claims against official statements in the real Elasticsearch', () => {
  beforeAll(async () => {
    await ensureStatementsIndex(es, names);
    const statements: OfficialStatement[] = [...LINES, CORRECTION].map((l) =>
      toOfficialStatement(l as Parameters<typeof toOfficialStatement>[0]),
    );
    const result = await indexStatements(es, names, statements);
    expect(result.rejected).toEqual([]);
  });
  afterAll(async () => {
    await deleteIndices(es, names);
    await es.close();
  });

  it('keeps every version of a statement, and re-indexing writes nothing new', async () => {
    const count = async (version: number): Promise<number> =>
      (
        await es.count({
          index: names.statements,
          query: { bool: { filter: [{ term: { statementId: 'ca-hcm-lua-dao' } }, { term: { version } }] } },
        })
      ).count;
    expect(await count(1)).toBe(1);
    expect(await count(2)).toBe(1);
    const before = (await es.count({ index: names.statements })).count;
    await indexStatements(
      es,
      names,
      LINES.map((l) => toOfficialStatement(l)),
    );
    expect((await es.count({ index: names.statements })).count).toBe(before);
  });

  it('ranks the answering statement first, in input order, with evidence and stance, with or without diacritics', async () => {
    const claims = [
      { id: 'k1', text: 'Số vụ tai nạn giao thông trong quý I tăng 10% so với cùng kỳ năm trước.' },
      { id: 'k2', text: 'Bo Cong an gui duong link yeu cau nguoi dan cap nhat thong tin can cuoc cong dan' },
      { id: 'k3', text: 'Bộ Công an gửi đường link yêu cầu người dân cập nhật thông tin căn cước công dân.' },
      { id: 'k4', text: 'Các đối tượng giả danh nhân viên ngân hàng để gọi điện cho người dân.' },
    ];
    const results = await matchClaims(es, names, claims, 2);
    expect(results).toHaveLength(4);
    results.forEach((row, i) => {
      expect(row.length).toBeGreaterThan(0);
      for (const m of row) expect(Match.safeParse(m).success).toBe(true);
      expect(row.every((m) => m.claimId === claims[i]?.id)).toBe(true);
      expect(row.map((m) => m.score)).toEqual([...row.map((m) => m.score)].sort((a, b) => b - a));
    });
    const [traffic, typedPlain, vneid, impostors] = results.map((row) => row[0]);
    expect(traffic?.statementId).toBe('csgt-q1');
    expect(traffic?.stance).toBe('contradicts');
    expect(traffic?.conflicts.map((c) => [c.kind, c.claimSpan.text, c.evidenceSpan.text])).toContainEqual(['outcome', 'tăng', 'giảm']);
    expect(typedPlain?.statementId).toBe('bca-vneid');
    expect(typedPlain?.evidence).toMatch(/^Bộ Công an khẳng định không gửi đường link/);
    expect(vneid?.statementId).toBe('bca-vneid');
    expect(vneid?.stance).toBe('contradicts');
    expect(vneid?.conflicts.some((c) => c.kind === 'negation')).toBe(true);
    expect(impostors?.statementId).toBe('ca-hcm-lua-dao');
    expect(impostors?.stance).toBe('supports');
    expect(impostors?.evidence).toBe('Các đối tượng giả danh nhân viên ngân hàng để gọi điện cho người dân.');
  });

  it('never answers from a kept passage that was re-indexed or whose index was rebuilt', async () => {
    // The matcher keeps passage texts between calls, keyed by index UUID, id and _seq_no.
    const own = indexNames(`${config.namespace}cache.`);
    const statement = (text: string): OfficialStatement => toOfficialStatement({ id: 'ca-ha-noi', agency: 'Công an Hà Nội', text });
    const claim = [{ id: 'q', text: 'Công an Hà Nội bắt giữ 12 đối tượng đánh bạc qua mạng.' }];
    const evidence = async (): Promise<string | undefined> => (await matchClaimsDetailed(es, own, claim, 1))[0]?.[0]?.evidence;
    try {
      await ensureStatementsIndex(es, own);
      await indexStatements(es, own, [statement('Công an Hà Nội bắt giữ 12 đối tượng đánh bạc qua mạng.')]);
      expect(await evidence()).toBe('Công an Hà Nội bắt giữ 12 đối tượng đánh bạc qua mạng.');
      // Same statement, same version, so the same document id: a new revision of it.
      await indexStatements(es, own, [statement('Công an Hà Nội bắt giữ 21 đối tượng đánh bạc qua mạng.')]);
      expect(await evidence()).toBe('Công an Hà Nội bắt giữ 21 đối tượng đánh bạc qua mạng.');
      // The index deleted and created again under the same name: document revisions start over.
      await deleteIndices(es, own);
      await ensureStatementsIndex(es, own);
      await indexStatements(es, own, [statement('Công an Hà Nội bắt giữ 30 đối tượng đánh bạc qua mạng.')]);
      expect(await evidence()).toBe('Công an Hà Nội bắt giữ 30 đối tượng đánh bạc qua mạng.');
    } finally {
      await deleteIndices(es, own);
    }
  });

  it('gives the same matches with the passage cache off', async () => {
    const claims = [
      { id: 'k1', text: 'Số vụ tai nạn giao thông trong quý I tăng 10% so với cùng kỳ năm trước.' },
      { id: 'k2', text: 'Bo Cong an gui duong link yeu cau nguoi dan cap nhat thong tin can cuoc cong dan' },
    ];
    const kept = await matchClaims(es, names, claims, 3);
    expect(await matchClaims(es, names, claims, 3, { cache: false })).toEqual(kept);
    expect(await matchClaims(es, names, claims, 3, { batchSize: 1, concurrency: 2 })).toEqual(kept);
  });

  it('the match command prints one line per claim, in input order, and leaves no index behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sentinel-match-'));
    writeFileSync(join(dir, 'statements.jsonl'), `${LINES.map((l) => JSON.stringify(l)).join('\n')}\n`);
    writeFileSync(
      join(dir, 'claims.jsonl'),
      `${JSON.stringify({ id: 'x2', text: 'Công an TP.HCM bắt giữ 25 đối tượng lừa đảo qua mạng.', label: 'ignored' })}\n${JSON.stringify({ id: 'x1', text: 'VNeID là ứng dụng chính thức.' })}\n`,
    );
    const run = spawnSync(
      'npx',
      ['tsx', 'cli/main.ts', 'match', '--statements', join(dir, 'statements.jsonl'), '--claims', join(dir, 'claims.jsonl'), '--top', '1'],
      {
        encoding: 'utf8',
        env: { ...process.env, SENTINEL_NAMESPACE: config.namespace, SENTINEL_LOG_LEVEL: 'warn' },
        timeout: 90_000,
      },
    );
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { claimId: string; matches: { statementId: string; stance: string; conflicts: { kind: string }[] }[] });
    expect(lines.map((l) => l.claimId)).toEqual(['x2', 'x1']);
    expect(lines[0]?.matches[0]?.statementId).toBe('ca-hcm-lua-dao');
    expect(lines[0]?.matches[0]?.conflicts.map((c) => c.kind)).toContain('number');
    expect(lines[1]?.matches[0]?.statementId).toBe('bca-vneid');
    expect(Object.keys(lines[1]?.matches[0] ?? {}).sort()).toEqual(['conflicts', 'evidence', 'score', 'stance', 'statementId']);
    const left = await es.indices.get({ index: `${config.namespace}match-*`, allow_no_indices: true, ignore_unavailable: true });
    expect(Object.keys(left)).toEqual([]);
  });

  it('rejects a malformed input line with exit code 4 and the line number', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sentinel-match-'));
    writeFileSync(join(dir, 's.jsonl'), '{"id":"a","text":"Bộ Công an thông báo."}\n{"id":"b"}\n');
    writeFileSync(join(dir, 'c.jsonl'), '{"id":"c","text":"x"}\n');
    const run = spawnSync('npx', ['tsx', 'cli/main.ts', 'match', '--statements', join(dir, 's.jsonl'), '--claims', join(dir, 'c.jsonl')], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(4);
    expect(run.stderr).toMatch(/s\.jsonl:2: text/);
  });
});

describe('Matching > re-ranking', () => {
  it("scores words as natural's TfIdf over the candidates did", () => {
    const candidate = (statementId: string, words: string, esScore: number): Candidate => ({
      statementId,
      version: 1,
      passageText: words.replace(/_/g, ' '),
      passageWords: words,
      passageFolded: words,
      url: null,
      places: [],
      organizations: [],
      numbers: [],
      dates: [],
      esScore,
      score: esScore,
    });
    const candidates = [
      candidate('a', 'công_an thành_phố bắt_giữ đối_tượng lừa_đảo', 1),
      candidate('b', 'người_dân cảnh_giác lừa_đảo qua mạng lừa_đảo', 1),
      candidate('c', 'tai_nạn giao_thông giảm', 1),
    ];
    const claim = 'Công an bắt giữ đối tượng lừa đảo qua mạng';
    const tfidf = new natural.TfIdf();
    for (const c of candidates)
      tfidf.addDocument(c.passageWords.split(' ').map((w) => w.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd')));
    const claimWords = contentWords(claim);
    expect(claimWords).toContain('lua_dao');
    const lexical = candidates.map((_, i) => tfidf.tfidf(claimWords, i));
    const lexMax = Math.max(...lexical);
    const ranked = rerank(claim, candidates);
    // Equal BM25, no entities: the order and the scores are those of the TF-IDF term.
    for (const r of ranked) {
      const i = candidates.findIndex((c) => c.statementId === r.statementId);
      expect(r.score).toBeCloseTo(0.75 + (0.15 * (lexical[i] ?? 0)) / lexMax, 10);
    }
    expect(ranked.map((r) => r.statementId)).toEqual(['a', 'b', 'c']);
  });

  it('meets a word in its other i/y spelling, with diacritics and without', () => {
    const candidate = (statementId: string, words: string): Candidate => ({
      statementId,
      version: 1,
      passageText: words.replace(/_/g, ' '),
      passageWords: words,
      passageFolded: fastFold(words.replace(/_/g, ' ')),
      url: null,
      places: [],
      organizations: [],
      numbers: [],
      dates: [],
      esScore: 1,
      score: 1,
    });
    // Equal BM25: only the TF-IDF term orders them, and only the i/y spelling tells them apart.
    const candidates = [candidate('other', 'phiên họp thường_niên'), candidate('same', 'kỳ họp thường_niên')];
    for (const claim of ['Kì họp thường niên', 'ki hop thuong nien']) {
      const ranked = rerank(claim, candidates);
      expect(ranked.map((r) => r.statementId)).toEqual(['same', 'other']);
      expect(ranked[0]?.score).toBeGreaterThan(ranked[1]?.score ?? 1);
    }
  });
});
