import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adjustedRandIndex, calinskiHarabasz, daviesBouldin, silhouette } from '@shopper-spectrum/cluster';
import { codeOf } from '../test/helpers.js';

const PAIRS = [[0, 0], [0, 1], [5, 5], [5, 6]];

describe('calinskiHarabasz', () => {
  it('is 100 for two tight, far pairs (worked by hand)', () => {
    // B = 2 x 2 x (2.5^2 + 2.5^2) = 50, W = 4 x 0.25 = 1; (50 / 1) / (1 / 2) = 100
    expect(calinskiHarabasz(PAIRS, [0, 0, 1, 1])).toBeCloseTo(100, 12);
  });

  it('is 1 when every cluster is one repeated point', () => {
    expect(calinskiHarabasz([[0], [0], [3], [3]], [0, 0, 1, 1])).toBe(1);
  });

  it('rejects one cluster and n clusters', () => {
    expect(codeOf(() => calinskiHarabasz(PAIRS, [0, 0, 0, 0]))).toBe('INVALID_LABELS');
    expect(codeOf(() => calinskiHarabasz(PAIRS, [0, 1, 2, 3]))).toBe('INVALID_LABELS');
  });
});

describe('daviesBouldin', () => {
  it('is 0.1414 for two tight, far pairs (worked by hand)', () => {
    // s = 0.5 for both; centroid distance sqrt(50); (0.5 + 0.5) / sqrt(50)
    expect(daviesBouldin(PAIRS, [0, 0, 1, 1])).toBeCloseTo(1 / Math.sqrt(50), 12);
  });

  it('is 0 when every cluster is one repeated point', () => {
    expect(daviesBouldin([[0], [0], [3], [3]], [0, 0, 1, 1])).toBe(0);
  });

  it('is never negative (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: 0, max: 2 })), { minLength: 4, maxLength: 30 }), (rows) => {
        const labels = rows.map(([, l]) => l);
        fc.pre(new Set(labels).size >= 2 && new Set(labels).size <= rows.length - 1);
        expect(daviesBouldin(rows.map(([v]) => [v]), labels)).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('adjustedRandIndex', () => {
  it('is 1 for a partition with itself (renamed), and is symmetric (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 60 }), fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 60, maxLength: 60 }), (a, raw) => {
        expect(adjustedRandIndex(a, a.map((x) => 5 - x))).toBe(1);
        const b = a.map((_, i) => raw[i]!);
        expect(adjustedRandIndex(a, b)).toBeCloseTo(adjustedRandIndex(b, a), 12);
      }),
    );
  });

  it('is -0.5 for two crossed partitions, below chance, as scikit-learn says', () => {
    // contingency [[1, 1], [1, 1]]: no pair agrees; sklearn.metrics.adjusted_rand_score gives -0.5
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 12);
  });

  it('rejects labels of different lengths and negative labels', () => {
    expect(codeOf(() => adjustedRandIndex([0, 1], [0]))).toBe('INVALID_LABELS');
    expect(codeOf(() => adjustedRandIndex([0, -1], [0, 1]))).toBe('INVALID_LABELS');
  });
});

describe('labels of any size', () => {
  it('scores labels 2^31 and 2^40 as any other names, without sizing anything by them', () => {
    const big = [2 ** 31, 2 ** 31, 2 ** 40, 2 ** 40];
    expect(calinskiHarabasz(PAIRS, big)).toBe(calinskiHarabasz(PAIRS, [0, 0, 1, 1]));
    expect(daviesBouldin(PAIRS, big)).toBe(daviesBouldin(PAIRS, [0, 0, 1, 1]));
    expect(silhouette(PAIRS, big).score).toBe(silhouette(PAIRS, [0, 0, 1, 1]).score);
    expect(adjustedRandIndex(big, [0, 0, 1, 1])).toBe(1);
    expect(adjustedRandIndex([0, 0, 2 ** 32, 2 ** 32], [1, 0, 1, 0])).toBe(adjustedRandIndex([0, 0, 1, 1], [1, 0, 1, 0]));
  });

  it('counts the adjusted Rand index of one row per cluster without an n x n table', () => {
    // 60,000 singletons against 60,000 singletons: a dense contingency table would be 3.6e9 cells
    const n = 60_000;
    const ids = Array.from({ length: n }, (_, i) => i * 7919);
    expect(adjustedRandIndex(ids, ids)).toBe(1);
    expect(adjustedRandIndex(ids, ids.map((_, i) => Math.floor(i / 2)))).toBeCloseTo(0, 3);
  });
});
