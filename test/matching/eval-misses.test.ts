import { describe, expect, it } from 'vitest';
import { missCause } from '../../eval/match.js';

describe('Matching > where eval:match says a missed contradiction went', () => {
  it('names another statement first, then the subject gate when the model said contradicts, else the model’s own call', () => {
    expect(missCause('contradicts', 'nei', false)).toBe('other statement');
    expect(missCause('supports', 'supports', false)).toBe('other statement');
    expect(missCause('contradicts', 'nei', true)).toBe('subject gate');
    expect(missCause('supports', 'supports', true)).toBe('model: supports');
    expect(missCause('nei', 'nei', true)).toBe('model: nei');
  });
});
