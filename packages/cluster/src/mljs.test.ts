import fc from 'fast-check';
import { Matrix as MlMatrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { adjustedRandIndex, agglomerative, chooseK, clusteringFromJSON, kmeans, toMatrix } from '@shopper-spectrum/cluster';
import type { DistanceFn } from '@shopper-spectrum/cluster';
import { ML_HCLUST_DEFAULTS, ML_KMEANS_DEFAULTS, mlHclustClusterer, mljsReady, mlKmeansClusterer } from '@shopper-spectrum/cluster/mljs';
import { blobLabels, blobs, FOUR, THREE } from '../test/fixtures/blobs.js';
import { codeOf, distinctDistances, distinctRows, errorOf, gridPoints, spread } from '../test/helpers.js';

const SMALL_FOUR = FOUR.slice(0, 80);

describe('mlKmeansClusterer', () => {
  it('gives the same partition as the built-in k-means on well-separated blobs', () => {
    for (const [X, k, seed] of [[FOUR, 4, 1], [THREE, 3, 2], [blobs([[0, 0, 0, 0], [8, 8, 0, 0], [0, 8, 8, 0], [0, 0, 8, 8], [8, 0, 0, 8]], 25, 1, 3), 5, 4]] as const) {
      const ml = mlKmeansClusterer({ seed, nInit: 5 })(toMatrix(X), k);
      expect(ml.algorithm).toBe('ml-kmeans');
      expect(adjustedRandIndex(ml.labels, kmeans(X, { k, seed }).labels)).toBe(1);
      expect(adjustedRandIndex(ml.labels, blobLabels(k, X.length / k))).toBe(1);
    }
  });

  it('passes the seed through: the same seed gives the same clustering', () => {
    const X = toMatrix(blobs([[0, 0], [3, 0], [0, 3]], 30, 1.5, 8));
    const a = mlKmeansClusterer({ seed: 11 })(X, 3);
    const b = mlKmeansClusterer({ seed: 11 })(X, 3);
    expect([...a.labels]).toEqual([...b.labels]);
    expect(a.centroids).toEqual(b.centroids);
  });

  it('keeps the best of nInit runs (seeds seed, seed + 1, ...)', () => {
    const X = toMatrix(blobs([[0, 0], [3, 0], [0, 3], [3, 3]], 20, 1.2, 9));
    const wss = (c: { centroids: number[][]; labels: Int32Array }) => {
      let s = 0;
      for (let i = 0; i < X.rows; i++) for (let j = 0; j < X.cols; j++) s += (X.data[i * X.cols + j]! - c.centroids[c.labels[i]!]![j]!) ** 2;
      return s;
    };
    const best = wss(mlKmeansClusterer({ seed: 0, nInit: 6 })(X, 4));
    for (let r = 0; r < 6; r++) expect(best).toBeLessThanOrEqual(wss(mlKmeansClusterer({ seed: r })(X, 4)) + 1e-9);
  });

  it('serialises and predicts through Clustering like the built-ins', () => {
    const model = mlKmeansClusterer({ seed: 3 })(toMatrix(FOUR), 4);
    expect(model.sizes).toEqual([40, 40, 40, 40]);
    expect([...model.predictMany(FOUR)]).toEqual([...model.labels]);
    const copy = clusteringFromJSON(JSON.parse(JSON.stringify(model)));
    expect(copy.algorithm).toBe('ml-kmeans');
    expect([...copy.predictMany(FOUR)]).toEqual([...model.labels]);
    expect(copy.predict([10, 0.5, 0])).toBe(model.predict([10, 0.5, 0]));
  });

  it('plugs into chooseK and takes an ml-matrix Matrix', () => {
    const choice = chooseK(new MlMatrix(FOUR), { kRange: [2, 8], clusterer: mlKmeansClusterer({ seed: 1, nInit: 5 }) });
    expect(choice.clusterer).toBe('ml-kmeans');
    expect(choice.k).toBe(4);
  });

  it('labels every row within 0..k-1 with k non-empty clusters on distinct rows (property)', () => {
    fc.assert(
      fc.property(gridPoints, fc.integer({ min: 1, max: 6 }), fc.nat(1000), (X, k, seed) => {
        fc.pre(k <= distinctRows(X));
        const c = mlKmeansClusterer({ seed })(toMatrix(X), k);
        expect([...c.labels].every((l) => l >= 0 && l < k)).toBe(true);
        expect(new Set(c.labels).size).toBe(k);
      }),
      { numRuns: 60 },
    );
  });

  it('reads its defaults from ML_KMEANS_DEFAULTS, ml-kmeans own', () => {
    expect(Object.isFrozen(ML_KMEANS_DEFAULTS)).toBe(true);
    expect(ML_KMEANS_DEFAULTS).toEqual({ seed: 0, nInit: 1, maxIterations: 100, tolerance: 1e-6, initialization: 'kmeans++' });
    const X = toMatrix(THREE);
    expect([...mlKmeansClusterer()(X, 3).labels]).toEqual([...mlKmeansClusterer({ ...ML_KMEANS_DEFAULTS })(X, 3).labels]);
  });

  it('rejects bad options when made and a bad k when called', () => {
    expect(codeOf(() => mlKmeansClusterer({ nInit: 0 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => mlKmeansClusterer({ seed: 1.5 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => mlKmeansClusterer({ maxIterations: 0 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => mlKmeansClusterer({ tolerance: -1 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => mlKmeansClusterer({ initialization: 'forgy' as never }))).toBe('INVALID_OPTION');
    expect(codeOf(() => mlKmeansClusterer()(toMatrix([[1], [2]]), 3))).toBe('INVALID_K');
  });
});

describe('mlHclustClusterer', () => {
  it("gives the same partition as the built-in ward (agnes 'ward2') on well-separated blobs", () => {
    for (const [X, k] of [[SMALL_FOUR, 4], [THREE, 3]] as const) {
      const ml = mlHclustClusterer()(toMatrix(X), k);
      expect(ml.algorithm).toBe('ml-hclust (ward2)');
      expect(adjustedRandIndex(ml.labels, agglomerative(X).cut({ k }).labels)).toBe(1);
      expect(adjustedRandIndex(ml.labels, blobLabels(k, X.length / k))).toBe(1);
    }
  });

  it('cuts the same partitions as the built-in for the linkages both define alike (property)', () => {
    const same = [['single', 'single'], ['complete', 'complete'], ['average', 'average'], ['wpgma', 'weighted'], ['ward2', 'ward']] as const;
    fc.assert(
      fc.property(spread, fc.constantFrom(...same), fc.integer({ min: 1, max: 6 }), (X, [method, linkage], k) => {
        // ties make partitions ambiguous: ask for clearly distinct pairwise distances
        fc.pre(k <= X.length && distinctDistances(X));
        const ml = mlHclustClusterer({ method })(toMatrix(X), k);
        expect(adjustedRandIndex(ml.labels, agglomerative(X, { linkage }).cut({ k }).labels)).toBe(1);
      }),
      { numRuns: 40 },
    );
  });

  it('takes a distance by name and numbers clusters by first appearance in the rows', () => {
    const ml = mlHclustClusterer({ method: 'average', distance: 'manhattan' });
    expect(ml.name).toBe('ml-hclust (average, manhattan)');
    const c = ml(toMatrix(THREE), 3);
    expect(c.labels[0]).toBe(0);
    expect(adjustedRandIndex(c.labels, agglomerative(THREE, { linkage: 'average', distance: 'manhattan' }).cut({ k: 3 }).labels)).toBe(1);
  });

  it('builds the tree once in its sweep, with the same cuts as one call per k', () => {
    const ml = mlHclustClusterer();
    const X = toMatrix(THREE);
    const swept = ml.sweep!(X, [2, 3, 4]);
    [2, 3, 4].forEach((k, i) => expect([...swept[i]!.labels]).toEqual([...ml(X, k).labels]));
  });

  it('serialises and predicts through Clustering, and plugs into chooseK', () => {
    const model = mlHclustClusterer()(toMatrix(SMALL_FOUR), 4);
    const copy = clusteringFromJSON(JSON.parse(JSON.stringify(model)));
    expect([...copy.predictMany(SMALL_FOUR)]).toEqual([...model.predictMany(SMALL_FOUR)]);
    expect(chooseK(SMALL_FOUR, { kRange: [2, 7], clusterer: mlHclustClusterer() }).k).toBe(4);
  });

  it('keeps every row when heights tie at 0 (duplicate rows), unlike ml-hclust group()', () => {
    const X = toMatrix([[0, 0], [0, 0], [0, 0], [5, 5], [5, 5]]);
    const c = mlHclustClusterer({ method: 'single' })(X, 4);
    expect(c.labels).toHaveLength(5);
    expect(c.k).toBe(4);
  });

  it('labels every row within 0..k-1 with k non-empty clusters on distinct rows (property)', () => {
    fc.assert(
      fc.property(gridPoints, fc.integer({ min: 1, max: 6 }), fc.constantFrom<'ward2' | 'complete' | 'single'>('ward2', 'complete', 'single'), (X, k, method) => {
        fc.pre(k <= distinctRows(X));
        const c = mlHclustClusterer({ method })(toMatrix(X), k);
        expect([...c.labels].every((l) => l >= 0 && l < k)).toBe(true);
        expect(new Set(c.labels).size).toBe(k);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a NaN, infinite or negative distance with the codes of the built-in agglomerative', () => {
    const X = [[1, 0], [0, 1], [2, 2], [3, 1]];
    const cases: [DistanceFn, string][] = [
      [() => Number.NaN, 'NON_FINITE'],
      [(a, b) => (a[0] === 3 || b[0] === 3 ? Infinity : 1), 'NON_FINITE'],
      [() => -1, 'INVALID_OPTION'],
    ];
    for (const [distance, code] of cases) {
      const ours = errorOf(() => mlHclustClusterer({ method: 'average', distance })(toMatrix(X), 2));
      const builtIn = errorOf(() => agglomerative(X, { linkage: 'average', distance }));
      expect([ours.code, ours.parameter]).toEqual([code, 'distance']);
      expect([builtIn.code, builtIn.parameter]).toEqual([code, 'distance']);
      expect(ours.value).toMatch(/between rows \d and \d$/);
    }
    // cosine on a row of zeros is NaN: refused, not "row 1 is in no cluster"
    expect(codeOf(() => mlHclustClusterer({ method: 'average', distance: 'cosine' })(toMatrix([[0, 0], [1, 0], [0, 1]]), 2))).toBe('NON_FINITE');
  });

  it('reads its defaults from ML_HCLUST_DEFAULTS and rejects unknown names', () => {
    expect(ML_HCLUST_DEFAULTS).toEqual({ method: 'ward2', distance: 'euclidean' });
    expect(codeOf(() => mlHclustClusterer({ method: 'ward.D2' as never }))).toBe('INVALID_OPTION');
    expect(codeOf(() => mlHclustClusterer({ distance: 'chebyshev' as never }))).toBe('INVALID_OPTION');
    expect(codeOf(() => mlHclustClusterer()(toMatrix([[1], [2]]), 3))).toBe('INVALID_K');
  });
});

describe('mljsReady', () => {
  it('resolves at once in Node with both peers available, and the adapters were usable before it', async () => {
    const early = mlKmeansClusterer({ seed: 1 });
    expect(await mljsReady()).toEqual({ 'ml-kmeans': true, 'ml-hclust': true });
    expect(early(toMatrix(THREE), 3).k).toBe(3);
  });
});
