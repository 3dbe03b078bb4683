import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kmeans, SeededRandom, silhouette, silhouettes } from '@shopper-spectrum/cluster';
import { blobs, FOUR } from '../test/fixtures/blobs.js';
import { codeOf, points } from '../test/helpers.js';

/** One row's silhouette straight from the definition (a plain loop, no tiles). */
function naive(X: number[][], labels: ArrayLike<number>, p: number): number {
  const sums = new Map<number, number>();
  const counts = new Map<number, number>();
  X.forEach((row, j) => {
    counts.set(labels[j]!, (counts.get(labels[j]!) ?? 0) + 1);
    if (j !== p) sums.set(labels[j]!, (sums.get(labels[j]!) ?? 0) + Math.hypot(...row.map((v, t) => v - X[p]![t]!)));
  });
  const own = labels[p]!;
  if (counts.get(own)! === 1) return 0;
  const a = sums.get(own)! / (counts.get(own)! - 1);
  const b = Math.min(...[...counts.keys()].filter((c) => c !== own).map((c) => sums.get(c)! / counts.get(c)!));
  return (b - a) / Math.max(a, b);
}

describe('silhouette', () => {
  it('matches the definition row by row past one tile of 8,192 rows (three blocks in 3-d, two in 2-d)', () => {
    const random = new SeededRandom(4);
    for (const X of [blobs([[0, 0, 0], [3, 1, 0], [0, 3, 2]], 5700, 1, 6), blobs([[0, 0], [4, 4]], 4300, 1.5, 8)]) {
      const labels = kmeans(X, { k: 3, nInit: 1, seed: 0 }).labels;
      const s = silhouette(X, labels);
      for (let t = 0; t < 40; t++) {
        const p = random.int(X.length);
        expect(Math.abs(s.samples[p]! - naive(X, labels, p))).toBeLessThan(1e-12);
      }
      for (const p of [0, 8191, 8192, Math.min(16384, X.length - 1), X.length - 1]) expect(Math.abs(s.samples[p]! - naive(X, labels, p))).toBeLessThan(1e-12);
    }
  }, 60_000);

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
