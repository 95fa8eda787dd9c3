/**
 * Two days' values of a running figure are not a contradiction; a different figure for the same
 * event is. Sentences in the style of the daily reports the dev articles hold (a COVID bulletin
 * restated on two days) and of the demo's traffic report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anotherDaysFigure, publishDay, wordsRunningFigure } from '../../classifiers/stance/running-figure.js';
import { toOfficialStatement } from '../../classifiers/matching/inputs.js';
import { matchClaims } from '../../classifiers/matching/matcher.js';
import { ensureStatementsIndex, indexStatements } from '../../classifiers/matching/statements-index.js';
import { stripDiacritics } from '../../classifiers/stance/strip.js';
import { extractEntities } from '../../classifiers/text/entities.js';
import type { Conflict } from '../../core/contracts.js';
import { indexNames } from '../../core/names.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices } from '../../platform/elasticsearch/indices.js';
import { isolatedConfig } from '../helpers.js';

const BULLETIN_22 = 'Kể từ đầu dịch đến nay, Việt Nam có 11.527.220 ca nhiễm, đứng thứ 13/230 quốc gia và vùng lãnh thổ.';
const BULLETIN_27 = 'Kể từ đầu dịch đến nay Việt Nam có 11.527.175 ca nhiễm, đứng thứ 13/230 quốc gia và vùng lãnh thổ.';
const TRAFFIC_POLICE =
  'Sau 30 ngày ra quân cao điểm bảo đảm trật tự an toàn giao thông dịp cuối năm, Phòng Cảnh sát giao thông Công an TP Hà Nội đã xử lý 18.600 lượt phương tiện vi phạm.';
const TRAFFIC_NEWS = 'Sau 30 ngày ra quân cao điểm, Phòng Cảnh sát giao thông Công an TP Hà Nội đã xử lý 21.300 lượt phương tiện vi phạm.';

const numberConflict = (claim: string, evidence: string): Conflict => ({
  kind: 'number',
  claimSpan: { text: claim, start: 0, end: claim.length },
  evidenceSpan: { text: evidence, start: 0, end: evidence.length },
});

const pair = (
  claim: string,
  evidence: string,
  claimPublishedAt: string | null,
  statementPublishedAt: string | null,
  conflicts?: Conflict[],
) => ({
  claim,
  claimEntities: extractEntities(claim, claimPublishedAt ? { referenceDate: claimPublishedAt } : {}),
  claimPublishedAt,
  evidence,
  statementPublishedAt,
  conflicts: conflicts ?? [numberConflict('11.527.175', '11.527.220')],
});

describe('Matching > a running figure read on another day', () => {
  it('reads the day in Viet Nam, whatever the offset the time was written with', () => {
    expect(publishDay('2023-03-21T18:30:00Z')).toBe('2023-03-22');
    expect(publishDay('2023-03-22T00:30:00+07:00')).toBe('2023-03-22');
    expect(publishDay('not a date')).toBeNull();
  });

  it('knows the wording of a figure that moves from day to day, with or without diacritics', () => {
    expect(wordsRunningFigure(BULLETIN_22)).toBe(true);
    expect(wordsRunningFigure(stripDiacritics(BULLETIN_22))).toBe(true);
    expect(wordsRunningFigure('Trong ngày, có thêm 44 bệnh nhân được công bố khỏi bệnh.')).toBe(true);
    expect(wordsRunningFigure(TRAFFIC_POLICE)).toBe(false);
  });

  it('two days of a bulletin are two days, not a contradiction', () => {
    expect(anotherDaysFigure(pair(BULLETIN_27, BULLETIN_22, '2023-03-27T12:00:00+07:00', '2023-03-22T12:00:00+07:00'))).toBe(true);
    expect(
      anotherDaysFigure(pair(stripDiacritics(BULLETIN_27), BULLETIN_22, '2023-03-27T12:00:00+07:00', '2023-03-22T12:00:00+07:00')),
    ).toBe(true);
  });

  it('the same day, an unknown day, or a day both state keeps the contradiction', () => {
    expect(anotherDaysFigure(pair(BULLETIN_27, BULLETIN_22, '2023-03-22T20:00:00+07:00', '2023-03-22T08:00:00+07:00'))).toBe(false);
    expect(anotherDaysFigure(pair(BULLETIN_27, BULLETIN_22, null, '2023-03-22T08:00:00+07:00'))).toBe(false);
    expect(anotherDaysFigure(pair(BULLETIN_27, BULLETIN_22, '2023-03-27T12:00:00+07:00', null))).toBe(false);
    const stated = (n: string) => `Tính đến ngày 20/3, Việt Nam có ${n} ca nhiễm.`;
    expect(
      anotherDaysFigure(pair(stated('11.527.175'), stated('11.527.220'), '2023-03-27T12:00:00+07:00', '2023-03-22T12:00:00+07:00')),
    ).toBe(false);
  });

  it('a different figure without running wording, or a conflict beyond numbers, stays a contradiction', () => {
    const traffic = pair(TRAFFIC_NEWS, TRAFFIC_POLICE, '2025-01-14T09:00:00+07:00', '2025-01-13T09:00:00+07:00', [
      numberConflict('21.300', '18.600'),
    ]);
    expect(anotherDaysFigure(traffic)).toBe(false);
    const place: Conflict = { ...numberConflict('Hà Nội', 'Hải Phòng'), kind: 'place' };
    expect(
      anotherDaysFigure(
        pair(BULLETIN_27, BULLETIN_22, '2023-03-27T12:00:00+07:00', '2023-03-22T12:00:00+07:00', [numberConflict('1', '2'), place]),
      ),
    ).toBe(false);
  });
});

describe('Matching > the matcher reads the publish days of claim and statement', () => {
  const config = isolatedConfig('running-figure');
  const names = indexNames(config.namespace);
  const es = createElasticsearchClient(config);
  beforeAll(async () => {
    await ensureStatementsIndex(es, names);
    const statements = [
      { id: 'bulletin', agency: 'Bộ Y tế', publishedAt: '2023-03-22T17:00:00+07:00', text: BULLETIN_22 },
      { id: 'traffic', agency: 'Công an TP Hà Nội', publishedAt: '2025-01-13T09:00:00+07:00', text: TRAFFIC_POLICE },
    ].map((s) => toOfficialStatement(s));
    expect((await indexStatements(es, names, statements)).rejected).toEqual([]);
  });
  afterAll(async () => {
    await deleteIndices(es, names);
    await es.close();
  });

  const stanceOf = async (id: string, text: string, publishedAt: string | null, statementId: string) => {
    const [matches] = await matchClaims(es, names, [{ id, text, publishedAt }], 3);
    return matches?.find((m) => m.statementId === statementId);
  };

  it("a later day's bulletin is nei, the same day's different figure a contradiction, the traffic report's another day a contradiction", async () => {
    const sameDay = await stanceOf('same-day', BULLETIN_27, '2023-03-22T20:00:00+07:00', 'bulletin');
    expect(sameDay?.stance).toBe('contradicts');
    expect(sameDay?.conflicts.map((c) => c.kind)).toEqual(['number']);
    const later = await stanceOf('later', BULLETIN_27, '2023-03-27T12:00:00+07:00', 'bulletin');
    expect(later?.stance).toBe('nei');
    expect(later?.conflicts).toEqual([]);
    const traffic = await stanceOf('traffic-news', TRAFFIC_NEWS, '2025-01-14T09:00:00+07:00', 'traffic');
    expect(traffic?.stance).toBe('contradicts');
  });
});
