import { describe, expect, it } from 'vitest';
import { extractClaims } from '../../classifiers/claims/extract-claims.js';
import { flagFor, flagReasons, textOnlyThresholds } from '../../classifiers/scoring/flag-policy.js';
import { scoreClaim } from '../../classifiers/scoring/misinformation.js';
import { TEXT_ONLY_FLOOR } from '../../classifiers/train/suspicious.js';
import { Claim, FlagReason, type Match, type SourceDocument, type SourceKind } from '../../core/contracts.js';
import { sha256Hex } from '../../core/ids.js';

function doc(text: string, sourceKind: SourceKind): SourceDocument {
  return {
    id: `doc-${sha256Hex(text + sourceKind).slice(0, 8)}`,
    url: 'https://example.vn/bai/1.html',
    canonicalUrl: 'https://example.vn/bai/1.html',
    sourceId: 'test',
    sourceKind,
    outlet: 'Báo thử',
    title: '',
    text,
    publishedAt: '2025-06-06T01:00:00.000Z',
    fetchedAt: '2025-06-06T02:00:00.000Z',
    language: 'vi',
    contentHash: sha256Hex(text),
  };
}

/** The rebuttal's answer to "căn cước hết hiệu lực sau 30/6", as the matcher returns it for a restate-then-deny passage. */
function denial(claim: Claim): Match {
  return {
    claimId: claim.id,
    statementId: 'bca-bac-bo-30-6',
    score: 9.1,
    stance: 'contradicts',
    basis: 'denial',
    url: 'https://bocongan.gov.vn/thong-cao/bac-bo.html',
    evidence:
      'Thời gian qua, trên mạng xã hội lan truyền tin nhắn cho rằng sau ngày 30/6 căn cước công dân sẽ hết hiệu lực. Bộ Công an khẳng định đây là thông tin sai sự thật.',
    conflicts: [
      {
        kind: 'negation',
        claimSpan: { text: claim.text, start: 0, end: claim.text.length },
        evidenceSpan: { text: 'sai sự thật', start: 137, end: 148 },
      },
    ],
  };
}

const NEWS_REPORT = [
  'Những ngày qua, trên mạng xã hội lan truyền thông tin cho rằng sau ngày 30/6 căn cước công dân sẽ hết hiệu lực nếu người dân không nâng cấp tài khoản VNeID.',
  'Trao đổi với phóng viên, đại diện Bộ Công an khẳng định thông tin trên là không đúng sự thật.',
].join(' ');
const SOCIAL_POST =
  'Sau ngày 30/6, căn cước công dân sẽ hết hiệu lực nếu người dân không nâng cấp tài khoản định danh điện tử VNeID lên mức độ 2.';
const SCAM_SMS = 'Tai khoan VNeID cua ban se bi khoa trong 24h. Truy cap http://vneid-capnhat.xyz de xac thuc muc do 2 ngay.';

/** Typed without diacritics, capitals kept (as people type; the splitter needs the capitals). */
const withoutMarks = (t: string): string => t.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');

const reasonsOf = (claim: Claim, matches: Match[]): FlagReason[] =>
  flagReasons({ claim, matches, score: scoreClaim(claim, matches).score });

describe('Classifiers > flag policy: evidence first, attribution-aware', () => {
  for (const [label, fold] of [
    ['with diacritics', (t: string) => t],
    ['without diacritics', withoutMarks],
  ] as const) {
    it(`a news sentence reporting a rumour its own article denies is not flagged; a post asserting it is (${label})`, () => {
      const reported = extractClaims(doc(fold(NEWS_REPORT), 'news')).find((c) => /30\/6/.test(c.text)) as Claim;
      expect(reported.attribution?.frame).toBe('reports');
      expect(reported.attribution?.rebuttedInDocument).toBe(true);
      expect(reasonsOf(reported, [denial(reported)])).toEqual([]);
      // Its score is lowered, not raised, by the rebuttal: the sentence agrees with it.
      const signals = scoreClaim(reported, [denial(reported)]).signals.map((s) => s.id);
      expect(signals).toContain('consistent-with-rebuttal');
      expect(signals).not.toContain('contradicts-official');

      const asserted = extractClaims(doc(fold(SOCIAL_POST), 'social'))[0] as Claim;
      expect(asserted.attribution?.frame).toBe('asserts');
      const reasons = reasonsOf(asserted, [denial(asserted)]);
      expect(reasons.map((r) => r.kind)).toEqual(['denied-by-official']);
      const [reason] = reasons as [FlagReason];
      expect(FlagReason.parse(reason)).toEqual(reason);
      expect(reason.statementId).toBe('bca-bac-bo-30-6');
      expect(reason.evidence).toContain('sai sự thật');
      expect(reason.evidenceSpan?.text).toBe('sai sự thật');
    });
  }

  it('a contradiction that names no conflict (only other wording, or none) stays on the match but flags nothing', () => {
    const text = 'Công an tỉnh Hà Tĩnh cho biết vụ tai nạn trên quốc lộ 1A khiến 2 người chết.';
    const claim = extractClaims(doc(text, 'news'))[0] as Claim;
    const base: Match = {
      claimId: claim.id,
      statementId: 'ca-ha-tinh-02',
      score: 6,
      stance: 'contradicts',
      basis: 'model',
      evidence: 'Vụ tai nạn trên quốc lộ 1A làm 2 người tử vong.',
      conflicts: [],
    };
    expect(reasonsOf(claim, [base])).toEqual([]);
    const at = text.indexOf('chết');
    const wording: Match = {
      ...base,
      conflicts: [
        { kind: 'wording', claimSpan: { text: 'chết', start: at, end: at + 4 }, evidenceSpan: { text: 'tử vong', start: 39, end: 46 } },
      ],
    };
    expect(reasonsOf(claim, [wording])).toEqual([]);
    const named: Match = {
      ...base,
      conflicts: [
        { kind: 'place', claimSpan: { text: 'Hà Tĩnh', start: 14, end: 21 }, evidenceSpan: { text: 'quốc lộ 1A', start: 16, end: 26 } },
      ],
    };
    expect(reasonsOf(claim, [named]).map((r) => r.kind)).toEqual(['contradicts-official']);
  });

  it('a contradiction that is no evidence does not carry the text over the text-only threshold either', () => {
    // A real photo caption from the news: ordinary text, set against a statement it differs from in wording only.
    const text = 'Tổng giám đốc IAEA Rafael Grossi tại nhà máy hạt nhân Zaporizhzhia ở Ukraine.';
    const claim = extractClaims(doc(text, 'news'))[0] as Claim;
    const at = text.indexOf('tại');
    const wording: Match = {
      claimId: claim.id,
      statementId: 'iaea-01',
      score: 5,
      stance: 'contradicts',
      basis: 'model',
      evidence: 'Ông Rafael Grossi đã tới thăm nhà máy điện hạt nhân Zaporizhzhia lần thứ hai.',
      conflicts: [
        { kind: 'wording', claimSpan: { text: 'tại', start: at, end: at + 3 }, evidenceSpan: { text: 'đã tới thăm', start: 16, end: 27 } },
      ],
    };
    // Two such statements, so that their signal clears the threshold with a margin whatever the retrained model's weights.
    const wordings = [wording, { ...wording, statementId: 'iaea-02' }];
    const alone = scoreClaim(claim, []);
    const scored = scoreClaim(claim, wordings);
    const { strict } = textOnlyThresholds();
    // The contradictions' signal lifts the claim's score over the threshold the text alone stays under.
    expect({ alone: alone.score < strict, withMatch: scored.score >= strict }).toEqual({ alone: true, withMatch: true });
    expect(scored.textScore).toBe(alone.score);
    expect(flagFor(claim, wordings, scored)).toBeNull();
    // A contradiction that names its conflict flags on its evidence, with the claim's whole score.
    const named: Match[] = wordings.map((w) => ({
      ...w,
      conflicts: [{ ...(w.conflicts[0] as Match['conflicts'][number]), kind: 'place' }],
    }));
    const flag = flagFor(claim, named, scoreClaim(claim, named));
    expect(flag?.reasons?.map((r) => r.kind)).toEqual(['contradicts-official', 'contradicts-official']);
    expect(flag?.score).toBe(scored.score);
  });

  it('a relayed claim nobody in the document denies is flagged when a statement contradicts it, and says it was relayed', () => {
    const text = 'Theo một số tài khoản mạng xã hội, vụ tai nạn trên quốc lộ 1A ở Hà Tĩnh khiến 12 người chết.';
    const claim = extractClaims(doc(text, 'news'))[0] as Claim;
    expect(claim.attribution?.frame).toBe('reports');
    expect(claim.attribution?.rebuttedInDocument).toBe(false);
    const start = claim.text.indexOf('12 người');
    const match: Match = {
      claimId: claim.id,
      statementId: 'ca-ha-tinh-01',
      score: 7,
      stance: 'contradicts',
      basis: 'model',
      evidence: 'Vụ tai nạn trên quốc lộ 1A làm 2 người tử vong.',
      conflicts: [
        { kind: 'number', claimSpan: { text: '12 người', start, end: start + 8 }, evidenceSpan: { text: '2 người', start: 32, end: 39 } },
      ],
    };
    const reasons = reasonsOf(claim, [match]);
    expect(reasons.map((r) => r.kind)).toEqual(['contradicts-official']);
    expect(reasons[0]?.claimSpan?.text).toBe('12 người');
    expect(reasons[0]?.descriptionEn).toMatch(/relayed/);
    // The same contradiction against a warning or a denial flags nothing.
    for (const frame of ['warns', 'denies'] as const) {
      const other = { ...claim, attribution: { ...(claim.attribution as NonNullable<Claim['attribution']>), frame } };
      expect(reasonsOf(other, [match])).toEqual([]);
    }
  });

  it('a scam message is flagged as one in a post or a submitted message, with its indicators and campaign, but not in the news', () => {
    for (const kind of ['social', 'submission'] as const) {
      const claims = extractClaims(doc(SCAM_SMS, kind));
      const carrier = claims.find((c) => c.scam !== undefined) as Claim;
      expect(carrier).toBeDefined();
      expect(carrier.scam?.campaign).toBe('domain:vneid-capnhat.xyz');
      const reasons = reasonsOf(carrier, []);
      expect(reasons.map((r) => r.kind)).toContain('scam-message');
      expect(reasons.find((r) => r.kind === 'scam-message')?.indicators?.map((e) => e.value)).toContain('vneid-capnhat.xyz');
    }
    const quoted = extractClaims(doc(`Tin nhắn có nội dung: "${SCAM_SMS}"`, 'news'));
    expect(quoted.some((c) => c.scam !== undefined)).toBe(false);
    expect(quoted.flatMap((c) => reasonsOf(c, [])).map((r) => r.kind)).not.toContain('scam-message');
  });

  it('a text-only score flags alone only from the calibrated threshold, and never a news report of a rumour', () => {
    const thresholds = textOnlyThresholds();
    const threshold = thresholds.posts;
    expect(threshold).toBeGreaterThanOrEqual(TEXT_ONLY_FLOOR);
    expect(thresholds.strict).toBeGreaterThanOrEqual(threshold);
    expect(threshold).toBeLessThan(1);
    const hearsay = extractClaims(
      doc('Nghe nói từ tháng sau công an sẽ phạt 5 triệu đồng tất cả người chưa đổi căn cước.', 'social'),
    )[0] as Claim;
    expect(hearsay.attribution?.frame).toBe('reports');
    expect(flagReasons({ claim: hearsay, matches: [], score: threshold }).map((r) => r.kind)).toEqual(['suspicious-text']);
    expect(flagReasons({ claim: hearsay, matches: [], score: threshold - 0.01 })).toEqual([]);
    expect(flagReasons({ claim: { ...hearsay, sourceKind: 'news' }, matches: [], score: 0.99 })).toEqual([]);
    // A submitted message needs the stricter bar: service messages share a scam's words.
    expect(thresholds.strict).toBeGreaterThan(threshold);
    expect(flagReasons({ claim: { ...hearsay, sourceKind: 'submission' }, matches: [], score: threshold })).toEqual([]);
    expect(
      flagReasons({ claim: { ...hearsay, sourceKind: 'submission' }, matches: [], score: thresholds.strict }).map((r) => r.kind),
    ).toEqual(['suspicious-text']);
    expect(flagReasons({ claim: { ...hearsay, sourceKind: 'official' }, matches: [], score: 0.99 })).toEqual([]);
  });
});
