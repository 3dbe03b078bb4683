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

  it('takes labels of any size as names, in O(n) memory: 2^31, 2^32 and 2^40 are clusters like 1', () => {
    const X = [[0, 0], [0, 1], [5, 5], [5, 7]];
    const small = withinClusterSS(X, [0, 0, 1, 1]);
    expect(small).toBe(2.5);
    // 2^31 overflowed an Int32 label buffer, 2^32 wrapped to 0 there, 2^40 sized an array by itself
    for (const big of [2 ** 31, 2 ** 32, 2 ** 40, Number.MAX_SAFE_INTEGER]) expect(withinClusterSS(X, [0, 0, big, big])).toBe(small);
    expect(withinClusterSS(X, [2 ** 40, 2 ** 40, 3, 3])).toBe(small);
  });

  it('gives the same sum for any increasing renaming of the labels, however large (property)', () => {
    fc.assert(
      fc.property(points, fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 40, maxLength: 40 }), fc.integer({ min: 1, max: 2 ** 20 }), (X, raw, step) => {
        const labels = X.map((_, i) => raw[i]!);
        expect(withinClusterSS(X, labels.map((l) => 2 ** 40 + l * step))).toBe(withinClusterSS(X, labels));
      }),
    );
  });
});
