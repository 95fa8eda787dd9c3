import { describe, expect, it } from 'vitest';
import { predictLogistic, topPositive, trainLogistic } from '../../classifiers/scoring/logistic.js';
import { loadModel } from '../../classifiers/scoring/models.js';
import { readSplit } from '../../classifiers/train/dataset.js';

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

  it('ships models trained on the training split only, which is disjoint from the held-out split', () => {
    const train = readSplit('train');
    const heldout = readSplit('heldout');
    const trainTexts = new Set(train.map((r) => r.text));
    expect(heldout.length).toBeGreaterThanOrEqual(100);
    expect(heldout.filter((r) => trainTexts.has(r.text))).toEqual([]);
    for (const name of ['check-worthiness', 'suspicious'] as const) {
      const model = loadModel(name);
      expect(model.meta.examples).toBe(train.length);
      expect(model.meta.data).toBe('classifiers/data/labelled/train.jsonl');
    }
  });
});
