import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kmeans, SAMPLED_SILHOUETTE_DEFAULTS, sampledSilhouette, silhouette, toMatrix } from '@shopper-spectrum/cluster';
import { blobs } from '../test/fixtures/blobs.js';
import { codeOf } from '../test/helpers.js';

// Overlapping blobs of unequal sizes, so silhouettes spread widely within every cluster.
const X = toMatrix([...blobs([[0, 0], [2.5, 0], [0, 3]], 500, 1, 7), ...blobs([[6, 6]], 300, 2, 8)]);
const labels = kmeans(X, { k: 4, nInit: 1, seed: 0 }).labels;
const exact = silhouette(X, labels);

describe('sampledSilhouette', () => {
  it('scores each sampled row exactly as silhouette does, against all rows', () => {
    const est = sampledSilhouette(X, labels, { sampleSize: 100, seed: 3 });
    expect(est.sampleSize).toBe(100);
    est.rows.forEach((row, t) => expect(Math.abs(est.samples[t]! - exact.samples[row]!)).toBeLessThan(1e-12));
    expect([...est.rows]).toEqual([...est.rows].sort((a, b) => a - b));
    expect(new Set(est.rows).size).toBe(100);
  });

  it('spreads the sample over the clusters in proportion to their sizes', () => {
    const est = sampledSilhouette(X, labels, { sampleSize: 180, seed: 1 });
    const n = X.rows;
    for (let c = 0; c < 4; c++) {
      const size = labels.filter((l) => l === c).length;
      const taken = [...est.rows].filter((r) => labels[r] === c).length;
      expect(Math.abs(taken - (180 * size) / n)).toBeLessThanOrEqual(1);
    }
  });

  it('covers the exact score at about the stated confidence over 300 seeded samples', () => {
    for (const confidence of [0.9, 0.5]) {
      let covered = 0;
      const runs = 300;
      for (let seed = 0; seed < runs; seed++) {
        const est = sampledSilhouette(X, labels, { sampleSize: 120, seed, confidence });
        if (est.lower <= exact.score && exact.score <= est.upper) covered++;
      }
      // binomial: 3 standard deviations of the coverage over 300 runs
      const sd = Math.sqrt((confidence * (1 - confidence)) / runs);
      expect(Math.abs(covered / runs - confidence)).toBeLessThan(3 * sd);
    }
  });

  it('narrows its interval as the sample grows', () => {
    const small = sampledSilhouette(X, labels, { sampleSize: 100, seed: 5 });
    const large = sampledSilhouette(X, labels, { sampleSize: 1000, seed: 5 });
    expect(large.upper - large.lower).toBeLessThan(small.upper - small.lower);
    expect(large.standardError).toBeLessThan(small.standardError / 2);
  });

  it('gives the same figures for the same seed and another sample for another seed', () => {
    const a = sampledSilhouette(X, labels, { sampleSize: 50, seed: 9 });
    expect(sampledSilhouette(X, labels, { sampleSize: 50, seed: 9 })).toEqual(a);
    expect([...sampledSilhouette(X, labels, { sampleSize: 50, seed: 10 }).rows]).not.toEqual([...a.rows]);
  });

  it('is the exact silhouette, with a point interval, when the sample covers every row', () => {
    const small = [[0, 0], [0, 1], [5, 5], [5, 6]];
    const est = sampledSilhouette(small, [0, 0, 1, 1], { sampleSize: 4 });
    expect(est.exact).toBe(true);
    expect([est.score, est.lower, est.upper, est.standardError]).toEqual([silhouette(small, [0, 0, 1, 1]).score, est.score, est.score, 0]);
  });

  it('keeps its interval in [-1, 1] around the estimate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 60 }), fc.integer(), fc.double({ min: 0.01, max: 0.999, noNaN: true }), (sampleSize, seed, confidence) => {
        const est = sampledSilhouette(X, labels, { sampleSize, seed, confidence });
        expect(est.lower).toBeGreaterThanOrEqual(-1);
        expect(est.upper).toBeLessThanOrEqual(1);
        expect(est.lower).toBeLessThanOrEqual(est.score);
        expect(est.score).toBeLessThanOrEqual(est.upper);
      }),
      { numRuns: 40, seed: 19 },
    );
  });

  it('takes at least two rows of every cluster, even a tiny one', () => {
    const rows = [...blobs([[0, 0]], 200, 1, 2), [40, 40], [40, 41]];
    const l = rows.map((_, i) => (i >= 200 ? 1 : 0));
    const est = sampledSilhouette(rows, l, { sampleSize: 10, seed: 0 });
    expect([...est.rows].filter((r) => r >= 200)).toEqual([200, 201]);
  });

  it('refuses bad options and labels with ClusterError codes', () => {
    expect(codeOf(() => sampledSilhouette(X, labels, { sampleSize: 1 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => sampledSilhouette(X, labels, { sampleSize: 2.5 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => sampledSilhouette(X, labels, { seed: 0.5 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => sampledSilhouette(X, labels, { confidence: 1 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => sampledSilhouette(X, labels, { confidence: Number.NaN }))).toBe('INVALID_OPTION');
    expect(codeOf(() => sampledSilhouette([[0], [1], [2]], [0, 0, 0]))).toBe('INVALID_LABELS');
    expect(codeOf(() => sampledSilhouette([[0], [1]], [0, 0, 1]))).toBe('INVALID_LABELS');
    expect(codeOf(() => sampledSilhouette([], []))).toBe('EMPTY_INPUT');
  });

  it('has its defaults in SAMPLED_SILHOUETTE_DEFAULTS', () => {
    expect(SAMPLED_SILHOUETTE_DEFAULTS).toEqual({ sampleSize: 1000, seed: 0, confidence: 0.95 });
  });
});
