import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kmeans, silhouette, silhouettes } from '@shopper-spectrum/cluster';
import { FOUR } from '../test/fixtures/blobs.js';
import { codeOf, points } from '../test/helpers.js';

describe('silhouette', () => {
  it('is 0.8586 for two tight, far pairs, as scikit-learn', () => {
    // row 0: a = 1, b = mean(sqrt(50), sqrt(61)); s = 1 - 1 / b. sklearn's silhouette_score: 0.8585856960087929
    const s = silhouette([[0, 0], [0, 1], [5, 5], [5, 6]], [0, 0, 1, 1]);
    expect(s.samples[0]).toBeCloseTo(1 - 1 / ((Math.sqrt(50) + Math.sqrt(61)) / 2), 12);
    expect(s.score).toBeCloseTo(0.8585856960087929, 12);
  });

  it('gives 0 to a row alone in its cluster', () => {
    expect(silhouette([[0], [1], [10]], [0, 0, 1]).samples[2]).toBe(0);
  });

  it('ignores unused label numbers', () => {
    expect(silhouette([[0], [1], [10], [11]], [0, 0, 5, 5]).score).toBeCloseTo(silhouette([[0], [1], [10], [11]], [0, 0, 1, 1]).score, 15);
  });

  it('stays in [-1, 1] (property)', () => {
    fc.assert(
      fc.property(points, fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 40, maxLength: 40 }), (X, raw) => {
        const labels = X.map((_, i) => raw[i]!);
        fc.pre(new Set(labels).size >= 2 && new Set(labels).size <= X.length - 1);
        const s = silhouette(X, labels);
        for (const v of s.samples) expect(v >= -1 - 1e-12 && v <= 1 + 1e-12).toBe(true);
        expect(s.score >= -1 && s.score <= 1).toBe(true);
      }),
    );
  });

  it('scores several labellings in one pass exactly as one by one', () => {
    const ls = [2, 3, 4].map((k) => kmeans(FOUR, { k, seed: 1 }).labels);
    const together = silhouettes(FOUR, ls);
    ls.forEach((l, i) => expect(together[i]!.score).toBeCloseTo(silhouette(FOUR, l).score, 12));
  });

  it('rejects one cluster, n clusters and mismatched labels', () => {
    expect(codeOf(() => silhouette([[0], [1], [2]], [0, 0, 0]))).toBe('INVALID_LABELS');
    expect(codeOf(() => silhouette([[0], [1], [2]], [0, 1, 2]))).toBe('INVALID_LABELS');
    expect(codeOf(() => silhouette([[0], [1]], [0]))).toBe('INVALID_LABELS');
    expect(codeOf(() => silhouette([[0], [1], [2]], [0, -1, 1]))).toBe('INVALID_LABELS');
    expect(codeOf(() => silhouettes([[0], [1], [2]], [[0, 0, 1], [0, 0, 0]]))).toBe('INVALID_LABELS');
  });
});
