import { describe, expect, it } from 'vitest';
import { loadModel, MODEL_NAMES, modelInputsDigest } from '../../classifiers/scoring/models.js';

describe('Classifiers > the shipped scoring models', () => {
  // A dictionary word or a labelled sentence changed without `npm run train` leaves models that
  // read other features than the code computes, and no other test notices.
  it.each(MODEL_NAMES)('%s was built from the dictionary, gazetteers and labelled sentences in the repository', (name) => {
    expect(loadModel(name).meta.inputs, `${name} is stale: rebuild it with npm run train`).toBe(modelInputsDigest());
  });
});
