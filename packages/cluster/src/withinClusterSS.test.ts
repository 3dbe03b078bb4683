import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withinClusterSS } from '@shopper-spectrum/cluster';
import { codeOf, points } from '../test/helpers.js';

describe('withinClusterSS', () => {
  it('sums the squared distances to each cluster mean (worked by hand)', () => {
    expect(withinClusterSS([[0, 0], [0, 2], [9, 9]], [0, 0, 1])).toBe(2);
    expect(withinClusterSS([[1], [2], [3]], [0, 1, 2])).toBe(0);
  });

  it('is the total sum of squares with one cluster, and never more with any split (property)', () => {
    fc.assert(
      fc.property(points, fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 40, maxLength: 40 }), (X, raw) => {
        const total = withinClusterSS(X, X.map(() => 0));
        const split = withinClusterSS(X, X.map((_, i) => raw[i]!));
        expect(split).toBeLessThanOrEqual(total * (1 + 1e-12) + 1e-9);
        expect(split).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('does not change when labels are renamed or rows are permuted (property)', () => {
    fc.assert(
      fc.property(points, fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 40, maxLength: 40 }), (X, raw) => {
        const labels = X.map((_, i) => raw[i]!);
        const w = withinClusterSS(X, labels);
        expect(withinClusterSS(X, labels.map((l) => 7 - l))).toBeCloseTo(w, 9);
        expect(withinClusterSS([...X].reverse(), [...labels].reverse())).toBeCloseTo(w, 9);
      }),
    );
  });

  it('rejects labels that do not fit the rows', () => {
    expect(codeOf(() => withinClusterSS([[0], [1]], [0]))).toBe('INVALID_LABELS');
    expect(codeOf(() => withinClusterSS([[0], [1]], [0, 0.5]))).toBe('INVALID_LABELS');
  });
});
