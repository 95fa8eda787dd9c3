import { describe, expect, it } from 'vitest';
import { HELDOUT_PATH, readExamples, TRAIN_PATH } from '../../classifiers/topics/data.js';
import {
  DEFAULT_RELEVANCE_THRESHOLD,
  loadModel,
  loadTaxonomy,
  parseTaxonomy,
  securityRelevance,
  tagTopics,
  TopicClassifier,
} from '../../classifiers/topics/index.js';
import { trainModel } from '../../classifiers/topics/train.js';

const train = readExamples(TRAIN_PATH);
const heldout = readExamples(HELDOUT_PATH);

/** Realistic sentences written for this test, none of them in the labelled data. */
const CASES: [topic: string, text: string][] = [
  ['public-order', 'Công an quận Cầu Giấy bắt giữ hai đối tượng trộm cắp xe máy tại bãi gửi xe bệnh viện.'],
  ['online-fraud', 'Cảnh báo thủ đoạn giả danh cán bộ thuế gọi điện yêu cầu chuyển tiền để hoàn thuế thu nhập cá nhân.'],
  ['drugs', 'Bắt quả tang đối tượng vận chuyển 5 kg ma túy đá giấu trong thùng loa.'],
  ['traffic-safety', 'Tài xế xe khách vi phạm nồng độ cồn bị cảnh sát giao thông tạm giữ phương tiện trên cao tốc.'],
  ['cybercrime', 'Nhóm tin tặc tấn công mạng vào hệ thống của một công ty bảo hiểm, cài mã độc để đánh cắp dữ liệu khách hàng.'],
  ['citizen-id', 'Từ tháng sau, người dân có thể đăng ký tạm trú trên ứng dụng VNeID mà không cần đến trụ sở công an.'],
  [
    'hostile-information',
    'Công an tỉnh khẳng định thông tin cán bộ công an đánh người tại trụ sở là bịa đặt, xuyên tạc nhằm bôi nhọ lực lượng.',
  ],
];
const OFF_TOPIC = [
  'Đội tuyển Việt Nam chuẩn bị cho trận giao hữu với Hàn Quốc vào cuối tuần này.',
  'Giảm giá 70% toàn bộ quần áo mùa hè tại trung tâm thương mại, khách xếp hàng từ sáng sớm.',
  'Nam ca sĩ phát hành album mới sau ba năm vắng bóng, người hâm mộ xếp hàng xin chữ ký.',
  'Dự báo thời tiết ngày mai: Hà Nội nắng nóng, nhiệt độ cao nhất 38 độ C.',
];

/** What a user types without accents: every mark dropped, đ→d. */
const unaccented = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');

describe('Topics > tagging realistic Vietnamese sentences', () => {
  it('the test sentences are not in the labelled data (no memorised answers)', () => {
    const seen = new Set([...train, ...heldout].map((e) => e.text));
    for (const text of [...CASES.map(([, t]) => t), ...OFF_TOPIC]) expect(seen.has(text)).toBe(false);
  });

  it.each(CASES)('tags %s, with the terms that fired', (topic, text) => {
    const tags = tagTopics(text);
    const tag = tags.find((t) => t.topic === topic);
    expect(tag, JSON.stringify(tags)).toBeDefined();
    expect(tag?.confidence).toBeGreaterThanOrEqual(0.5);
    expect(tag?.terms.length).toBeGreaterThan(0);
    // Every term is words of the text itself, as written.
    for (const term of tag?.terms ?? []) expect(text.toLowerCase()).toContain(term.toLowerCase());
    expect(tags.some((t) => t.topic === 'other')).toBe(false);
  });

  it.each(CASES)('tags %s the same when typed without diacritics', (topic, text) => {
    const plain = unaccented(text);
    expect(plain).not.toBe(text);
    const tag = tagTopics(plain).find((t) => t.topic === topic);
    expect(tag?.confidence).toBeGreaterThanOrEqual(0.5);
    expect(tag?.terms.every((term) => plain.toLowerCase().includes(term.toLowerCase()))).toBe(true);
  });

  it('gives several topics to a text about several things', () => {
    const text = 'Tài xế xe tải dương tính với ma túy gây tai nạn giao thông làm hai người chết trên quốc lộ 5.';
    const topics = tagTopics(text).map((t) => t.topic);
    expect(topics).toContain('drugs');
    expect(topics).toContain('traffic-safety');
    const rumour = tagTopics(
      'Bộ Công an bác bỏ tin đồn tài khoản VNeID mức độ 2 sẽ bị khóa nếu không cập nhật trước ngày 1/7, đây là thông tin sai sự thật.',
    );
    expect(rumour.map((t) => t.topic)).toEqual(expect.arrayContaining(['citizen-id', 'hostile-information']));
  });

  it('puts sport, shopping, entertainment and weather in the catch-all, with nothing fired', () => {
    for (const text of OFF_TOPIC) expect(tagTopics(text)).toEqual([{ topic: 'other', confidence: expect.any(Number), terms: [] }]);
    // A football club named after the police is sport, not policing.
    expect(tagTopics('CLB Công an Hà Nội giành chiến thắng 2-0 trước Hải Phòng ở vòng 10 V-League.')[0]?.topic).toBe('other');
  });
});

describe('Topics > security relevance', () => {
  it('keeps security news and says why, skips off-topic news with its score', () => {
    const kept = securityRelevance({ title: 'Cảnh báo lừa đảo', text: CASES[1]?.[1] ?? '', sourceKind: 'news' });
    expect(kept.relevant).toBe(true);
    expect(kept.score).toBeGreaterThanOrEqual(DEFAULT_RELEVANCE_THRESHOLD);
    expect(kept.reason).toMatch(/online-fraud \(.*giả danh/);
    for (const text of OFF_TOPIC) {
      const skipped = securityRelevance({ title: '', text, sourceKind: 'social' });
      expect(skipped.relevant).toBe(false);
      expect(skipped.score).toBeLessThan(DEFAULT_RELEVANCE_THRESHOLD);
      expect(skipped.reason).toBe(`security score ${skipped.score.toFixed(2)} < ${DEFAULT_RELEVANCE_THRESHOLD}: no security topic found`);
    }
  });

  it('counts general security words of the catch-all toward relevance without tagging a topic', () => {
    const text = 'Lực lượng PCCC và cứu nạn cứu hộ dập tắt đám cháy tại kho hàng lúc rạng sáng.';
    const decision = securityRelevance({ title: '', text, sourceKind: 'news' });
    expect(decision.relevant).toBe(true);
    expect(decision.reason).toContain('security terms (PCCC, cứu nạn cứu hộ)');
    expect(tagTopics(text).map((t) => t.topic)).toEqual(['other']);
  });

  it('never filters out an official source', () => {
    const text = OFF_TOPIC[3] as string;
    expect(securityRelevance({ title: 'Thời tiết', text, sourceKind: 'news' }).relevant).toBe(false);
    const official = securityRelevance({ title: 'Thời tiết', text, sourceKind: 'official' });
    expect(official).toEqual({ relevant: true, score: expect.any(Number), reason: 'official source' });
  });
});

describe('Topics > the model and the taxonomy together', () => {
  it('model.json is exactly what the training script builds from train.jsonl', () => {
    const shipped = loadModel();
    const rebuilt = trainModel(train, loadTaxonomy());
    // Fails when the data, the taxonomy or the language core's tokens changed since the last build.
    const stale = 'model.json is stale: rebuild it with `npx tsx classifiers/topics/train.ts`';
    expect(rebuilt.vocabulary, stale).toEqual(shipped.vocabulary);
    expect(rebuilt.heads, stale).toEqual(shipped.heads);
    expect(shipped.trainingExamples).toBe(train.length);
  });

  it('the held-out split shares no text with the training split', () => {
    const trainTexts = new Set(train.map((e) => e.text));
    expect(heldout.length).toBeGreaterThan(50);
    expect(heldout.filter((e) => trainTexts.has(e.text))).toEqual([]);
  });

  it('a topic added to the taxonomy tags by its phrases before any retraining', () => {
    const base = loadTaxonomy();
    const fire = {
      id: 'fire-safety',
      label: { vi: 'Phòng cháy chữa cháy', en: 'Fire safety' },
      description: 'Fires and fire prevention.',
      terms: [{ term: 'phòng cháy chữa cháy', weight: 0.8 }, 'cháy'],
    };
    const taxonomy = parseTaxonomy({
      version: 1,
      topics: [...base.topics.map((t) => ({ ...t, terms: t.terms.map(({ term, weight }) => ({ term, weight })) })), fire],
    });
    const classifier = new TopicClassifier(taxonomy, loadModel());
    const tag = classifier.tag('Cảnh sát phong chay chua chay dap tat dam chay tai kho hang.').find((t) => t.topic === 'fire-safety');
    expect(tag).toEqual({ topic: 'fire-safety', confidence: 0.92, terms: ['phong chay chua chay', 'chay'] });
  });

  it('the keyword-only baseline uses the phrases alone', () => {
    const keywords = new TopicClassifier(loadTaxonomy(), loadModel(), { keywordsOnly: true });
    // "chất cấm" (0.6) alone is a drugs phrase; without the model nothing else contributes.
    expect(keywords.tag('Phát hiện chất cấm trong lô hàng.').find((t) => t.topic === 'drugs')).toEqual({
      topic: 'drugs',
      confidence: 0.6,
      terms: ['chất cấm'],
    });
    expect(keywords.tag('Trời hôm nay đẹp.')).toEqual([{ topic: 'other', confidence: 1, terms: [] }]);
  });
});

describe('Topics > evaluation script', () => {
  it('scores every topic on the held-out split, model beside the keyword baseline', async () => {
    const { evaluateTopics, formatEvaluation } = await import('../../eval/topics.js');
    const evaluation = evaluateTopics({ crossValidate: false });
    expect(evaluation.examples).toBe(heldout.length);
    for (const topic of loadTaxonomy().topics) {
      const support = heldout.filter((e) => e.topics.includes(topic.id)).length;
      expect(evaluation.combined.topics[topic.id]?.support).toBe(support);
      expect(evaluation.keywords.topics[topic.id]?.support).toBe(support);
    }
    expect(evaluation.combined.relevance.support).toBe(heldout.filter((e) => e.relevant).length);
    const text = formatEvaluation(evaluation);
    expect(text).toMatch(/^hostile-information\s+\d+\s+\d\.\d\d \/ \d\.\d\d \/ \d\.\d\d\s+\d\.\d\d \/ \d\.\d\d \/ \d\.\d\d$/m);
    expect(text).toMatch(/relevance filter .*model\+phrases P \d\.\d\d R \d\.\d\d .*keywords only P \d\.\d\d R \d\.\d\d/);
  });
});
