/**
 * "Newly answered": a statement matched to a claim after someone reviewed it or was assigned it
 * shows on that person's queue and in their navigation bar until they open the claim. The answer
 * arrives as the pipeline writes it: the statement in the statements index, then the claim's flag
 * overwritten with the new match (score-claims after index-statements re-sent it), through
 * index-flags' own writes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureStatementsIndex, indexStatements } from '../../classifiers/matching/statements-index.js';
import type { Flag, OfficialStatement, Stance } from '../../core/contracts.js';
import { sha256Hex } from '../../core/ids.js';
import { indexNames } from '../../core/names.js';
import { buildDashboardApp } from '../../dashboards/app.js';
import { appendReview, createUser, ensureDashboardIndices, listUsers } from '../../dashboards/store.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices, ensureIndices } from '../../platform/elasticsearch/indices.js';
import { isolatedConfig } from '../helpers.js';
import { flagReadsOf, indexFlags, signIn as signInAs, type SignedIn } from './fixtures.js';

const config = isolatedConfig('newly-answered');
const names = indexNames(config.namespace);
const es = createElasticsearchClient(config);
// Every request of the app's noted: the navigation's count must read no flag whole.
const recorded = flagReadsOf(es, names);
const app = buildDashboardApp({ es: recorded.client, names, loginRateLimit: { max: 50, timeWindowMs: 60_000 }, queueCacheMs: 0 });
const PASSWORD = 'mat-khau-rat-dai-7';

function statement(id: string, title: string): OfficialStatement {
  return {
    id,
    agency: 'Công an TP Hà Nội',
    title,
    text: `${title}. Thông tin lan truyền trên mạng là sai sự thật.`,
    url: `https://congan.hanoi.gov.vn/${id}`,
    publishedAt: '2025-03-22T02:00:00.000Z',
    fetchedAt: '2025-03-22T03:00:00.000Z',
    version: 1,
    contentHash: sha256Hex(id),
  };
}

function flag(id: string, answers: { statementId: string; stance: Stance }[] = [], createdAt = '2025-03-21T09:00:00.000Z'): Flag {
  return {
    id,
    claimId: `c-${id}`,
    claimText: `Tin đồn ${id}: công an sẽ thu hồi bằng lái của ${id.length * 1000} người trong tuần này.`,
    url: `https://trang-${id}.example.vn/bai`,
    sourceId: `trang-${id}`,
    sourceKind: 'social',
    publishedAt: '2025-03-21T08:30:00.000Z',
    score: 0.7,
    signals: [],
    matches: answers.map((a) => ({
      claimId: `c-${id}`,
      statementId: a.statementId,
      score: 0.8,
      stance: a.stance,
      evidence: 'Thông tin lan truyền trên mạng là sai sự thật.',
      conflicts: [],
      url: null,
    })),
    topics: ['traffic-safety'],
    createdAt,
  };
}

const who: Record<string, SignedIn> = {};
async function signIn(name: string): Promise<void> {
  who[name] = await signInAs(app, name, PASSWORD);
}
const page = async (name: string, url: string) => {
  const response = await app.inject({ method: 'GET', url, headers: { cookie: who[name]?.cookie ?? '' } });
  expect({ url, status: response.statusCode }).toEqual({ url, status: 200 });
  return response.body;
};
const act = async (name: string, id: string, payload: object) => {
  const response = await app.inject({
    method: 'POST',
    url: `/api/flags/${id}/actions`,
    payload,
    headers: { cookie: who[name]?.cookie ?? '', 'x-csrf-token': who[name]?.csrf ?? '' },
  });
  expect(response.statusCode).toBe(201);
};
/** The claims in the queue's "newly answered" section, with the statements new on each. */
const answeredOn = (html: string) =>
  [...(html.match(/<section id="newly-answered"[\s\S]*?<\/section>/)?.[0] ?? '').matchAll(/<li data-flag="([^"]+)">([\s\S]*?)<\/ul>/g)].map(
    ([, id, body]) =>
      `${id}: ${[...(body ?? '').matchAll(/<span class="stance[^"]*">([^<]+)<\/span> <strong><a href="\/statements\/([^"]+)"/g)].map((m) => `${m[2]} ${m[1]}`).join(', ')}`,
  );
/** The count beside "newly answered" in the navigation bar; 0 when it is not there. */
const navCount = (html: string) =>
  Number(/<a href="\/queue#newly-answered" id="nav-answered">[^<]*<span class="badge">(\d+)<\/span>/.exec(html)?.[1] ?? 0);

describe('Dashboards > newly answered claims', () => {
  beforeAll(async () => {
    await ensureIndices(es, names);
    await ensureDashboardIndices(es, names);
    await ensureStatementsIndex(es, names);
    await indexStatements(es, names, [statement('tb-0', 'Thông báo cũ về bằng lái')]);
    // a3 already has an answer (tb-0) when it is reviewed.
    await indexFlags(es, names, [
      flag('a1'),
      flag('a2'),
      flag('a3', [{ statementId: 'tb-0', stance: 'contradicts' }]),
      flag('a4'),
      flag('a5'),
    ]);
    for (const [name, role] of [
      ['lan', 'analyst'],
      ['hoa', 'analyst'],
      ['minh', 'supervisor'],
      ['quan-tri', 'admin'],
    ] as const)
      await createUser(es, names, name, role, PASSWORD);
    for (const name of ['lan', 'hoa', 'minh', 'quan-tri']) await signIn(name);
  });
  afterAll(async () => {
    await app.close();
    await deleteIndices(es, names);
    await es.close();
  });

  it('shows each reviewer the claims answered after they reviewed them or were assigned them, until they open them', async () => {
    await act('lan', 'a1', { action: 'confirm', verdict: 'false' });
    await act('lan', 'a3', { action: 'note', note: 'Đã có thông báo cũ.' });
    await act('minh', 'a2', { action: 'assign', assignee: 'hoa' });
    // A review from before newly-answered existed: no record of what lan knew, until lan opens the claim.
    await appendReview(es, names, { flagId: 'a5', action: 'dismiss', by: 'lan' });
    await page('lan', '/claims/a5');
    // Nothing is new yet: tb-0 was on a3 when lan wrote the note. The records are not accounts.
    const before = await page('lan', '/queue');
    expect(before).not.toContain('id="newly-answered"');
    expect(navCount(before)).toBe(0);
    expect((await listUsers(es, names)).map((u) => u.name)).toEqual(['hoa', 'lan', 'minh', 'quan-tri']);

    // A statement arrives; the claims it answers are re-scored and their flags overwritten.
    await indexStatements(es, names, [statement('tb-1', 'Công an Hà Nội bác bỏ tin thu hồi bằng lái')]);
    await indexFlags(es, names, [
      flag('a1', [{ statementId: 'tb-1', stance: 'contradicts' }], '2025-03-22T04:00:00.000Z'),
      flag('a2', [{ statementId: 'tb-1', stance: 'supports' }], '2025-03-22T04:00:01.000Z'),
      // Another matter (nei) is not an answer; tb-0 lan knew of already.
      flag(
        'a3',
        [
          { statementId: 'tb-0', stance: 'contradicts' },
          { statementId: 'tb-1', stance: 'nei' },
        ],
        '2025-03-22T04:00:02.000Z',
      ),
      // Answered, but nobody reviewed it.
      flag('a4', [{ statementId: 'tb-1', stance: 'contradicts' }], '2025-03-22T04:00:03.000Z'),
      flag('a5', [{ statementId: 'tb-1', stance: 'contradicts' }], '2025-03-22T04:00:04.000Z'),
    ]);

    const lan = await page('lan', '/queue');
    expect(answeredOn(lan)).toEqual(['a5: tb-1 Mâu thuẫn', 'a1: tb-1 Mâu thuẫn']);
    expect(navCount(lan)).toBe(2);
    expect(lan).toContain('<h2 id="newly-answered-title">Mới có trả lời');
    expect(lan).toContain('Công an Hà Nội bác bỏ tin thu hồi bằng lái</a></strong> · Công an TP Hà Nội');
    // The count is on every page of theirs, in English too; a page that shows no claim counts them without reading one.
    recorded.reads.length = 0;
    expect(navCount(await page('lan', '/statements'))).toBe(2);
    expect(recorded.reads).toEqual([]);
    const english = await page('lan', '/queue?lang=en');
    expect(english).toContain('>Newly answered <span class="badge">2</span></a>');
    // The assignee sees theirs; whoever assigned it does not, nor a role that does not review.
    expect(answeredOn(await page('hoa', '/queue'))).toEqual(['a2: tb-1 Ủng hộ']);
    expect(navCount(await page('minh', '/queue'))).toBe(0);
    expect(navCount(await page('quan-tri', '/queue'))).toBe(0);

    // Opened, a claim is seen: it leaves the list, the count goes down.
    await page('lan', '/claims/a1');
    const after = await page('lan', '/queue');
    expect(answeredOn(after)).toEqual(['a5: tb-1 Mâu thuẫn']);
    expect(navCount(after)).toBe(1);
    await page('lan', '/claims/a5');
    expect(navCount(await page('lan', '/queue'))).toBe(0);

    // Assigned again before opening it, hoa still has it as new: an assignment marks nothing as seen.
    await act('minh', 'a2', { action: 'assign', assignee: 'hoa' });
    expect(answeredOn(await page('hoa', '/queue'))).toEqual(['a2: tb-1 Ủng hộ']);

    // A later denial named by a reason (no match) is an answer too.
    await indexStatements(es, names, [statement('tb-2', 'Cải chính tin sai về bằng lái')]);
    const denied = flag('a3', [{ statementId: 'tb-0', stance: 'contradicts' }], '2025-03-23T04:00:00.000Z');
    await indexFlags(es, names, [
      {
        ...denied,
        reasons: [{ kind: 'denied-by-official', description: 'Bị bác bỏ', descriptionEn: 'Denied', statementId: 'tb-2' }],
      },
    ]);
    expect(answeredOn(await page('lan', '/queue'))).toEqual(['a3: tb-2 Mâu thuẫn']);
    // Counted the same on a page without the list: the denial counts, tb-1 on a3 (nei) does not.
    expect(navCount(await page('lan', '/submit'))).toBe(1);
    expect(navCount(await page('hoa', '/statements'))).toBe(1);
  });
});
