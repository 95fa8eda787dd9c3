import { describe, expect, it } from 'vitest';
import { CHECK_WORTHY_THRESHOLD, checkWorthiness, claimIdFor, extractClaims } from '../../classifiers/claims/extract-claims.js';
import { CONTRADICTION_WEIGHT, scoreClaim } from '../../classifiers/scoring/misinformation.js';
import { ruleSignals } from '../../classifiers/scoring/signals.js';
import { Claim, Signal, type Match, type SourceDocument } from '../../core/contracts.js';
import { sha256Hex } from '../../core/ids.js';

const doc: SourceDocument = {
  id: 'doc-1',
  url: 'https://example.vn/tin/1.html',
  canonicalUrl: 'https://example.vn/tin/1.html',
  sourceId: 'demo-news',
  sourceKind: 'news',
  outlet: 'Tin An Ninh Trật Tự',
  title: 'Cảnh báo lừa đảo',
  text: [
    '(Dân trí) - Chiều 21/3, Công an tỉnh Nghệ An cho biết đã triệt phá đường dây lừa đảo, bắt giữ 12 đối tượng.',
    'Ảnh: Công an cung cấp',
    'Xin chào quý độc giả. Theo cơ quan điều tra, nhóm này đã chiếm đoạt 1,5 tỷ đồng của 47 bị hại.',
    'Thật đáng buồn khi những chuyện như thế này vẫn xảy ra.',
  ].join('\n'),
  publishedAt: '2025-03-22T02:00:00.000Z',
  fetchedAt: '2025-03-22T03:00:00.000Z',
  language: 'vi',
  contentHash: sha256Hex('x'),
};

/** A public post: where a message's own text is judged. */
function post(text: string): SourceDocument {
  return { ...doc, id: `post-${sha256Hex(text).slice(0, 8)}`, sourceKind: 'social', text };
}

function claim(text: string): Claim {
  return {
    id: 'c1',
    documentId: 'd',
    sentenceIndex: 0,
    text,
    url: 'https://example.vn/x',
    sourceId: 's',
    sourceKind: 'social',
    outlet: 'o',
    publishedAt: null,
    checkWorthiness: 1,
    entities: [],
    topics: [],
  };
}

describe('Classifiers > claims > extractClaims', () => {
  const claims = extractClaims(doc);

  it('keeps the factual sentences and drops the greeting, the caption and the opinion', () => {
    expect(claims.map((c) => c.text)).toEqual([
      'Chiều 21/3, Công an tỉnh Nghệ An cho biết đã triệt phá đường dây lừa đảo, bắt giữ 12 đối tượng.',
      'Theo cơ quan điều tra, nhóm này đã chiếm đoạt 1,5 tỷ đồng của 47 bị hại.',
    ]);
    for (const c of claims) {
      expect(Claim.parse(c)).toEqual(c);
      expect(c.checkWorthiness).toBeGreaterThanOrEqual(CHECK_WORTHY_THRESHOLD);
      expect(c.topics).toEqual([]);
    }
    expect(checkWorthiness('Xin chào quý độc giả.')).toBeLessThan(CHECK_WORTHY_THRESHOLD);
  });

  it('gives deterministic ids from the document id and the sentence position', () => {
    expect(claims.map((c) => c.sentenceIndex)).toEqual([0, 2]);
    expect(claims[0]?.id).toBe(claimIdFor('doc-1', 0));
    expect(claimIdFor('doc-1', 0)).not.toBe(claimIdFor('doc-1', 1));
    expect(extractClaims(doc).map((c) => c.id)).toEqual(claims.map((c) => c.id));
  });

  it('attaches entities, resolving dates against the publication time', () => {
    const first = claims[0]?.entities.map((e) => [e.kind, e.value]);
    expect(first).toEqual([
      ['date', '2025-03-21'],
      ['organization', 'cong-an:nghe-an'],
      ['place', 'nghe-an'],
      ['number', '12'],
    ]);
    expect(claims[1]?.entities.filter((e) => e.kind === 'number').map((e) => [e.value, e.unit])).toEqual([
      ['1500000000', 'đồng'],
      ['47', 'bị hại'],
    ]);
  });
});

describe('Classifiers > scoring > misinformation', () => {
  it('names each scam pattern with its span', () => {
    const text = 'Công an gọi điện yêu cầu chuyển tiền vào tài khoản an toàn, đọc mã OTP để xác minh.';
    const ids = ruleSignals(text).map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['impersonation-call', 'money-transfer', 'otp-request']));
    const otp = ruleSignals(text).find((s) => s.id === 'otp-request');
    expect(otp?.span).toEqual({ text: 'OTP', start: text.indexOf('OTP'), end: text.indexOf('OTP') + 3 });
  });

  it('spots hearsay, fake VNeID upgrades, prize lures and share calls, typed with or without diacritics', () => {
    expect(ruleSignals('Nghe nói từ tháng sau sẽ phạt người chưa đổi căn cước.').map((s) => s.id)).toContain('hearsay');
    expect(ruleSignals('nghe noi tu thang sau se phat nguoi chua doi can cuoc').map((s) => s.id)).toContain('hearsay');
    expect(ruleSignals('Rộ tin có nhóm bắt cóc trẻ em.').map((s) => s.id)).toContain('hearsay');
    expect(ruleSignals('Theo nguồn tin riêng, giám đốc đã bị bắt.').map((s) => s.id)).toContain('hearsay');
    expect(ruleSignals('Bấm vào link để nâng cấp VNeID mức độ 2: http://vneid-capnhat.com').map((s) => s.id)).toEqual(
      expect.arrayContaining(['fake-id-upgrade', 'suspicious-link']),
    );
    expect(ruleSignals('Chúc mừng bạn đã trúng thưởng xe SH.').map((s) => s.id)).toContain('prize-lure');
    expect(ruleSignals('Hãy chia sẻ ngay trước khi bị xóa!').map((s) => s.id)).toContain('share-urgently');
    expect(ruleSignals('SỐC: sự thật bị che giấu').map((s) => s.id)).toContain('sensational');
    // "Sóc Trăng" folds like "sốc" but is a province, not sensational wording.
    expect(ruleSignals('Công an tỉnh Sóc Trăng họp báo.').map((s) => s.id)).not.toContain('sensational');
    // An official link is not suspicious.
    expect(ruleSignals('Xem tại https://dichvucong.gov.vn/p/home').map((s) => s.id)).not.toContain('suspicious-link');
  });

  it('scores a scam post far above a news report, each signal valid and explained', () => {
    const [scam] = extractClaims(
      post('Tài khoản VNeID của bạn sẽ bị khóa, bấm vào link sau để kích hoạt mức độ 2: http://vneid-kichhoat.xyz'),
    );
    const [report] = extractClaims({ ...doc, text: 'Chiều 21/3, Công an tỉnh Nghệ An bắt giữ 12 đối tượng lừa đảo.' });
    const scamScore = scoreClaim(scam as Claim, []);
    const reportScore = scoreClaim(report as Claim, []);
    expect(reportScore.score).toBeLessThan(0.2);
    expect(scamScore.score).toBeGreaterThan(0.8);
    for (const s of [...scamScore.signals, ...reportScore.signals]) {
      expect(Signal.parse(s)).toEqual(s);
      expect(s.descriptionEn).toBeTruthy();
    }
    expect(scamScore.signals[0]?.id).toBe('model-suspicious');
    expect(scamScore.signals.map((s) => s.id)).toContain('scam-message');
    // The score is exactly the logistic of the signals' weights: nothing hidden.
    const z = scamScore.signals.reduce((sum, s) => sum + s.weight, 0);
    expect(scamScore.score).toBeCloseTo(1 / (1 + Math.exp(-z)), 3);
  });

  it('raises the score when an official statement contradicts the claim, with the conflicting span', () => {
    const text = 'Thẻ căn cước công dân hết hiệu lực từ ngày 1/7/2024.';
    const c = claim(text);
    const start = text.indexOf('hết hiệu lực');
    const match: Match = {
      claimId: c.id,
      statementId: 'bca-2024-06',
      score: 12.5,
      stance: 'contradicts',
      evidence: 'Thẻ căn cước công dân còn thời hạn vẫn được tiếp tục sử dụng.',
      conflicts: [
        {
          kind: 'negation',
          claimSpan: { text: 'hết hiệu lực', start, end: start + 12 },
          evidenceSpan: { text: 'vẫn được tiếp tục sử dụng', start: 32, end: 57 },
        },
      ],
    };
    const without = scoreClaim(c, []);
    const withMatch = scoreClaim(c, [match]);
    expect(withMatch.score).toBeGreaterThan(without.score);
    const conflict = withMatch.signals.find((s) => s.id === 'contradicts-official');
    expect(conflict?.weight).toBe(CONTRADICTION_WEIGHT);
    expect(conflict?.span).toEqual({ text: 'hết hiệu lực', start, end: start + 12 });
    expect(conflict?.description).toContain('bca-2024-06');
    const supported = scoreClaim(c, [{ ...match, stance: 'supports', conflicts: [] }]);
    expect(supported.score).toBeLessThan(without.score);
  });

  it('tells a warning about a scam from the scam itself', () => {
    const [warning] = extractClaims(
      post('Công an tỉnh Nghệ An cảnh báo thủ đoạn giả danh nhân viên ngân hàng gọi điện yêu cầu người dân đọc mã OTP để hủy giao dịch.'),
    );
    const [lure] = extractClaims(post('Em là nhân viên ngân hàng, chị đọc giúp em mã OTP để em hủy giao dịch.'));
    expect(warning?.attribution?.frame).toBe('warns');
    expect(warning?.scam).toBeUndefined();
    expect(lure?.scam).toBeDefined();
    expect(scoreClaim(lure as Claim, []).score).toBeGreaterThan(scoreClaim(warning as Claim, []).score);
  });
});
