import { describe, expect, it } from 'vitest';
import { predictLogistic, topPositive, trainLogistic } from '../../classifiers/scoring/logistic.js';
import { loadModel } from '../../classifiers/scoring/models.js';
import { readSocialTraining, readSplit } from '../../classifiers/train/dataset.js';

describe('Classifiers > scoring > logistic regression and the shipped models', () => {
  it('learns which features mark the positive class, deterministically', () => {
    const data = [
      { features: ['w:nghe_noi', 'w:phat'], label: 1 as const },
      { features: ['w:ro_tin', 'w:bat_coc'], label: 1 as const },
      { features: ['w:nghe_noi', 'w:bat_coc'], label: 1 as const },
      { features: ['w:cong_an', 'w:bat_giu'], label: 0 as const },
      { features: ['w:cong_an', 'w:phat'], label: 0 as const },
      { features: ['w:toa_an', 'w:xet_xu'], label: 0 as const },
    ];
    const model = trainLogistic('toy', data, { epochs: 300, learningRate: 0.5, l2: 1e-3 });
    expect(predictLogistic(model, ['w:nghe_noi'])).toBeGreaterThan(0.7);
    expect(predictLogistic(model, ['w:cong_an'])).toBeLessThan(0.3);
    // A repeated feature counts once.
    expect(predictLogistic(model, ['w:nghe_noi', 'w:nghe_noi'])).toBe(predictLogistic(model, ['w:nghe_noi']));
    expect(topPositive(model, ['w:cong_an', 'w:nghe_noi', 'w:ro_tin'], 1)[0]?.[0]).toBe('w:nghe_noi');
    expect(trainLogistic('toy', data, { epochs: 300, learningRate: 0.5, l2: 1e-3 })).toEqual(model);
  });

  it('weighs an example as if it were repeated (class balancing without copies)', () => {
    const base = [
      { features: ['w:nghe_noi', 'w:phat'], label: 1 as const },
      { features: ['w:cong_an', 'w:bat_giu'], label: 0 as const },
      { features: ['w:cong_an', 'w:phat'], label: 0 as const },
    ];
    const options = { epochs: 200, learningRate: 0.5, l2: 1e-3 };
    const weighted = trainLogistic('w', [{ ...(base[0] as (typeof base)[number]), weight: 3 }, ...base.slice(1)], options);
    const repeated = trainLogistic('w', [base[0], base[0], base[0], ...base.slice(1)] as typeof base, options);
    expect(weighted.bias).toBeCloseTo(repeated.bias, 4);
    for (const [f, w] of Object.entries(repeated.weights)) expect(weighted.weights[f]).toBeCloseTo(w, 4);
    expect(predictLogistic(weighted, ['w:phat'])).toBeGreaterThan(predictLogistic(trainLogistic('w', base, options), ['w:phat']));
  });

  it('ships models trained on the training split only, which is disjoint from the held-out split', () => {
    const train = readSplit('train');
    const heldout = readSplit('heldout');
    const trainTexts = new Set(train.map((r) => r.text));
    expect(heldout.length).toBeGreaterThanOrEqual(100);
    expect(heldout.filter((r) => trainTexts.has(r.text))).toEqual([]);
    const checkWorthiness = loadModel('check-worthiness');
    expect(checkWorthiness.meta.examples).toBe(train.length);
    expect(checkWorthiness.meta.data).toBe('classifiers/data/labelled/train.jsonl');
    // The suspicious model adds real published news as legitimate text, never held-out sentences.
    const suspicious = loadModel('suspicious');
    expect(suspicious.meta.examples).toBe(train.length + Number(suspicious.meta.socialSentences) + Number(suspicious.meta.realSentences));
    const social = readSocialTraining();
    expect(social.filter((r) => heldout.some((h) => h.text === r.text))).toEqual([]);
    expect(Number(suspicious.meta.realSentences)).toBeGreaterThan(5000);
    expect(String(suspicious.meta.data)).toMatch(/^classifiers\/data\/labelled\/train\.jsonl \+ social-train\.tsv \+ real news/);
  });
});
