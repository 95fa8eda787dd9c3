import { describe, expect, it } from 'vitest';
import { CHECK_WORTHY_THRESHOLD, checkWorthiness, claimIdFor, extractClaims } from '../../classifiers/claims/extract-claims.js';
import { CONTRADICTION_WEIGHT, scoreClaim, type ScoreResult } from '../../classifiers/scoring/misinformation.js';
import { ruleSignals } from '../../classifiers/scoring/signals.js';
import { Claim, Signal, type Match, type SourceDocument } from '../../core/contracts.js';
import { sha256Hex } from '../../core/ids.js';
import { locateData, VIFACTCHECK_DEV, VIFACTCHECK_PAIRS } from '../../classifiers/train/data-source.js';
import { readSocialTraining, readSplit } from '../../classifiers/train/dataset.js';
import { readRealNews } from '../../classifiers/train/real-news.js';
import { fastFold } from '../../classifiers/text/normalize.js';

/**
 * The sentences these tests put to the trained models (check-worthiness decides what
 * extractClaims keeps, the suspicious model leads scoreClaim). A model scored on its own training
 * sentences passes even when it has learned nothing, so every one of them is unseen in training:
 * HELD_OUT ones come from classifiers/data/labelled/heldout.jsonl, which training never reads;
 * WRITTEN ones were written for this file. The last describe block fails if any of them is, or
 * nearly is, a training sentence.
 */
const HELD_OUT = {
  report: 'Hôm qua, Công an huyện Gia Lâm đã khởi tố 2 bị can về tội gây rối trật tự công cộng.',
  caption: 'Lực lượng chức năng tại hiện trường.',
  greeting: 'Chúc quý vị buổi tối vui vẻ.',
  figures: 'Theo Ngân hàng Nhà nước, năm 2024 đã có hơn 1,3 triệu tài khoản bị tạm khóa vì nghi ngờ liên quan lừa đảo.',
  opinion: 'Tôi thấy cách làm này khá hay.',
  scam: 'Thẻ căn cước cũ sẽ không còn giá trị, hãy cập nhật thông tin tại đường link sau để tránh bị phạt.',
  news: 'Công an tỉnh Hòa Bình bắt 2 đối tượng vận chuyển 400 kg pháo nổ.',
  lure: 'Em là nhân viên ngân hàng, chị đọc giúp em mã OTP để em cập nhật sinh trắc học cho tài khoản.',
} as const;
const WRITTEN = {
  rumour: 'Thẻ căn cước công dân hết hiệu lực từ ngày 1/7/2024.',
  warning:
    'Công an tỉnh Nghệ An cảnh báo thủ đoạn giả danh nhân viên ngân hàng gọi điện yêu cầu người dân đọc mã OTP để cập nhật sinh trắc học.',
} as const;

const doc: SourceDocument = {
  id: 'doc-1',
  url: 'https://example.vn/tin/1.html',
  canonicalUrl: 'https://example.vn/tin/1.html',
  sourceId: 'demo-news',
  sourceKind: 'news',
  outlet: 'Tin An Ninh Trật Tự',
  title: 'Cảnh báo lừa đảo',
  text: [`(Dân trí) - ${HELD_OUT.report}`, HELD_OUT.caption, `${HELD_OUT.greeting} ${HELD_OUT.figures}`, HELD_OUT.opinion].join('\n'),
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
    expect(claims.map((c) => c.text)).toEqual([HELD_OUT.report, HELD_OUT.figures]);
    for (const c of claims) {
      expect(Claim.parse(c)).toEqual(c);
      expect(c.checkWorthiness).toBeGreaterThanOrEqual(CHECK_WORTHY_THRESHOLD);
      expect(c.topics).toEqual([]);
    }
    for (const text of [HELD_OUT.caption, HELD_OUT.greeting, HELD_OUT.opinion]) {
      expect(checkWorthiness(text)).toBeLessThan(CHECK_WORTHY_THRESHOLD);
    }
  });

  it('gives deterministic ids from the document id and the sentence position', () => {
    // 0 report, 1 caption, 2 greeting, 3 figures, 4 opinion.
    expect(claims.map((c) => c.sentenceIndex)).toEqual([0, 3]);
    expect(claims[0]?.id).toBe(claimIdFor('doc-1', 0));
    expect(claimIdFor('doc-1', 0)).not.toBe(claimIdFor('doc-1', 1));
    expect(extractClaims(doc).map((c) => c.id)).toEqual(claims.map((c) => c.id));
  });

  it('attaches entities, resolving dates against the publication time', () => {
    // 'Hôm qua' (yesterday) of a report published at 09:00 on 22/3 (Vietnam time) is 21/3.
    expect(claims[0]?.entities.map((e) => [e.kind, e.value, e.unit])).toEqual([
      ['date', '2025-03-21', undefined],
      ['organization', 'cong-an-huyen-gia-lam', undefined],
      ['number', '2', 'bị can'],
    ]);
    expect(claims[1]?.entities.map((e) => [e.kind, e.value, e.unit])).toEqual([
      ['organization', 'ngan-hang-nha-nuoc', undefined],
      ['date', '2024', undefined],
      ['number', '1300000', 'tài khoản'],
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
    const [scam] = extractClaims(post(HELD_OUT.scam));
    const [report] = extractClaims({ ...doc, text: HELD_OUT.news });
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
    const text = WRITTEN.rumour;
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
    const [warning] = extractClaims(post(WRITTEN.warning));
    const [lure] = extractClaims(post(HELD_OUT.lure));
    expect(warning?.attribution?.frame).toBe('warns');
    expect(warning?.scam).toBeUndefined();
    expect(lure?.scam).toBeDefined();
    const warningScore = scoreClaim(warning as Claim, []);
    const lureScore = scoreClaim(lure as Claim, []);
    expect(lureScore.score).toBeGreaterThan(warningScore.score);
    // The scam rule's +3 alone orders the two even with the model's weights negated, so the
    // model is checked on its own: its words and learnt rules put the lure above the warning,
    // and the warning reads as unsuspicious.
    const withoutScamRule = (r: ScoreResult): number => r.signals.filter((x) => x.id !== 'scam-message').reduce((z, x) => z + x.weight, 0);
    expect(withoutScamRule(lureScore)).toBeGreaterThan(withoutScamRule(warningScore));
    expect(warningScore.score).toBeLessThan(0.5);
  });
});

/** Lowercase syllables without diacritics or punctuation: a copy retyped or repunctuated is still a copy. */
const syllables = (text: string): string[] =>
  fastFold(text.normalize('NFC'))
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

interface Folded {
  text: string;
  /** The syllables joined, with a space at either end. */
  joined: string;
  count: number;
  set: Set<string>;
}
const folded = (text: string): Folded => {
  const x = syllables(text);
  return { text, joined: ` ${x.join(' ')} `, count: x.length, set: new Set(x) };
};

/** `a` is `b`, holds it or is held by it word for word, or shares most of its words with it. */
function nearCopy(a: Folded, b: Folded): boolean {
  if (a.joined === b.joined || (b.count >= 3 && a.joined.includes(b.joined)) || (a.count >= 3 && b.joined.includes(a.joined))) return true;
  let shared = 0;
  for (const w of a.set) if (b.set.has(w)) shared += 1;
  return shared / (a.set.size + b.set.size - shared) >= 0.6;
}

describe('Classifiers > models > the sentences these tests put to them', () => {
  const tested = [...Object.values(HELD_OUT), ...Object.values(WRITTEN)];
  const copiesIn = (training: readonly string[], texts: readonly string[] = tested) => {
    const seen = training.map(folded);
    return texts.map(folded).flatMap((x) => seen.filter((t) => nearCopy(x, t)).map((t) => `${x.text}  ~  ${t.text}`));
  };

  it('take the held-out ones from heldout.jsonl', () => {
    const heldOut = readSplit('heldout').map((r) => r.text);
    for (const text of Object.values(HELD_OUT)) expect(heldOut).toContain(text);
  });

  it('were never trained on: none is, or nearly is, a sentence of train.jsonl or social-train.tsv', () => {
    const training = [...readSplit('train'), ...readSocialTraining()].map((r) => r.text);
    expect(training.length).toBeGreaterThan(600);
    // The check itself catches a training sentence copied in whole, retyped without diacritics,
    // after a greeting on one line, or with two words dropped (as this file once had it).
    const seen = 'Chiều 21/3, Công an tỉnh Nghệ An cho biết đã triệt phá đường dây lừa đảo qua mạng, bắt giữ 12 đối tượng.';
    const copies = [
      seen,
      fastFold(seen),
      `Xin chào quý độc giả. ${seen}`,
      'Chiều 21/3, Công an tỉnh Nghệ An cho biết đã triệt phá đường dây lừa đảo, bắt giữ 12 đối tượng.',
      'Xin chào quý độc giả.',
    ];
    for (const copy of copies) expect(copiesIn(training, [copy]), copy).not.toEqual([]);
    expect(copiesIn(training)).toEqual([]);
  });

  it.runIf(locateData(VIFACTCHECK_DEV).found && locateData(VIFACTCHECK_PAIRS).found)(
    'nor a real news sentence the suspicious model learned as legitimate (ViFactCheck, when it is here)',
    () => {
      expect(copiesIn(readRealNews().flatMap((a) => a.sentences))).toEqual([]);
    },
    60_000,
  );
});
