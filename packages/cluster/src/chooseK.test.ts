import { describe, expect, it } from 'vitest';
import { agglomerative, agglomerativeClusterer, CHOOSE_K_DEFAULTS, chooseK, clusteringFromLabels, defineClusterer, kmeans, kmeansClusterer, withinClusterSS } from '@shopper-spectrum/cluster';
import type { Matrix } from '@shopper-spectrum/cluster';
import { FOUR } from '../test/fixtures/blobs.js';
import { codeOf, errorOf } from '../test/helpers.js';

describe('chooseK', () => {
  it('finds the elbow at 4 on four blobs with k-means, with the figures per k', () => {
    const choice = chooseK(FOUR, { kRange: [2, 9], seed: 1 });
    expect(choice.clusterer).toBe('kmeans');
    expect(choice.ks).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(choice.k).toBe(4);
    expect(choice.elbow.knee).toBe(4);
    expect(choice.reason).toMatch(/^elbow: knee at x = 4/);
    expect(choice.best.silhouette).toBe(4);
    expect(choice.best['davies-bouldin']).toBe(4);
    expect(choice.silhouette).toHaveLength(8);
    expect(choice.clusterings.map((c) => c.k)).toEqual(choice.ks);
  });

  it('computes the elbow curve from the labels: k-means inertia, and defined for any algorithm', () => {
    const choice = chooseK(FOUR, { kRange: [2, 6], seed: 1 });
    choice.ks.forEach((k, i) => {
      expect(choice.inertia[i]).toBe(withinClusterSS(FOUR, choice.labels[i]!));
      expect(choice.inertia[i]!).toBeCloseTo(kmeans(FOUR, { k, seed: 1 }).inertia, 9);
    });
    const ward = chooseK(FOUR, { kRange: [2, 6], clusterer: agglomerativeClusterer() });
    ward.ks.forEach((_, i) => expect(ward.inertia[i]).toBe(withinClusterSS(FOUR, ward.labels[i]!)));
  });

  it('runs the default clusterer as kmeansClusterer({ seed, nInit })', () => {
    const implicit = chooseK(FOUR, { kRange: [2, 6], seed: 5, nInit: 3 });
    const explicit = chooseK(FOUR, { kRange: [2, 6], clusterer: kmeansClusterer({ seed: 5, nInit: 3 }) });
    expect(explicit.inertia).toEqual(implicit.inertia);
    expect(explicit.k).toBe(implicit.k);
    expect(explicit.reason).toBe(implicit.reason);
  });

  it('finds the same elbow with agglomerative clustering, fitting the tree once through sweep', () => {
    let fits = 0;
    let sweeps = 0;
    const ward = agglomerativeClusterer();
    const counting = defineClusterer(
      (X: Matrix, k: number) => {
        fits++;
        return ward(X, k);
      },
      {
        name: 'counted ward',
        sweep: (X, ks) => {
          sweeps++;
          return ward.sweep!(X, ks);
        },
      },
    );
    const choice = chooseK(FOUR, { kRange: [2, 9], clusterer: counting });
    expect([fits, sweeps]).toEqual([0, 1]);
    expect(choice.clusterer).toBe('counted ward');
    expect(choice.k).toBe(4);
    const tree = agglomerative(FOUR);
    choice.ks.forEach((k, i) => expect([...choice.labels[i]!]).toEqual([...tree.cut({ k }).labels]));
  });

  it("takes a user's plain function as clusterer, once per k", () => {
    const calls: number[] = [];
    // clusters by the first coordinate's rank: k equal slices
    const slices = (X: Matrix, k: number) => {
      calls.push(k);
      const order = Array.from({ length: X.rows }, (_, i) => i).sort((a, b) => X.data[a * X.cols]! - X.data[b * X.cols]!);
      const labels = new Int32Array(X.rows);
      order.forEach((row, rank) => (labels[row] = Math.floor((rank * k) / X.rows)));
      return clusteringFromLabels(X, labels, { algorithm: 'slices' });
    };
    const choice = chooseK(FOUR, { kRange: [2, 5], clusterer: slices, criterion: 'silhouette' });
    expect(calls).toEqual([2, 3, 4, 5]);
    expect(choice.clusterer).toBe('slices');
    expect(choice.clusterings[0]!.algorithm).toBe('slices');
    expect(choice.reason).toMatch(/^highest silhouette/);
  });

  it('refuses what a broken clusterer returns, naming it', () => {
    const outOfRange = defineClusterer((X: Matrix) => clusteringFromLabels(X, Array.from({ length: X.rows }, (_, i) => i % 7)), { name: 'seven' });
    const e = errorOf(() => chooseK(FOUR, { kRange: [2, 3], clusterer: outOfRange }));
    expect(e.code).toBe('INVALID_LABELS');
    expect(e.parameter).toContain("clusterer 'seven' at k = 2");
    expect(codeOf(() => chooseK(FOUR, { kRange: [2, 3], clusterer: () => null as never }))).toBe('INVALID_MODEL');
    expect(codeOf(() => chooseK(FOUR, { kRange: [2, 3], clusterer: () => ({ labels: new Int32Array(3) }) as never }))).toBe('INVALID_LABELS');
    const shortSweep = defineClusterer(kmeansClusterer(), { sweep: () => [] });
    expect(codeOf(() => chooseK(FOUR, { kRange: [2, 3], clusterer: shortSweep }))).toBe('INVALID_MODEL');
    expect(codeOf(() => chooseK(FOUR, { clusterer: 'kmeans' as never }))).toBe('INVALID_OPTION');
  });

  it('refuses a clusterer that returns fewer than k clusters, or something that is not a Clustering', () => {
    const km = kmeansClusterer({ seed: 1 });
    const minusOne = defineClusterer((X: Matrix, k: number) => km(X, k - 1 || 1), { name: 'minus one' });
    const e = errorOf(() => chooseK(FOUR, { kRange: [2, 4], clusterer: minusOne }));
    expect([e.code, e.parameter, e.value]).toEqual(['INVALID_LABELS', "clusterer 'minus one' at k = 2: labels", 'no row in cluster 1 (1 of 2 clusters used)']);
    // labels in range, but cluster 2 never used
    const gap = defineClusterer((X: Matrix, k: number) => ({ ...km(X, k), labels: km(X, k).labels.map((l) => (l === 2 ? 0 : l)) }), { name: 'gap' });
    expect(errorOf(() => chooseK(FOUR, { kRange: [3, 4], clusterer: gap })).value).toBe('no row in cluster 2 (2 of 3 clusters used)');
    // the labels of k clusters, but k says otherwise
    const wrongK = defineClusterer((X: Matrix, k: number) => ({ ...km(X, k), k: k + 1 }), { name: 'wrong k' });
    expect(errorOf(() => chooseK(FOUR, { kRange: [2, 4], clusterer: wrongK })).parameter).toBe("clusterer 'wrong k' at k = 2: k");
    // { labels } only: no k, no centroids, nothing to predict with
    const labelsOnly = defineClusterer((X: Matrix, k: number) => ({ labels: km(X, k).labels }) as never, { name: 'labels only' });
    expect(errorOf(() => chooseK(FOUR, { kRange: [2, 4], clusterer: labelsOnly })).code).toBe('INVALID_MODEL');
    const noPredict = defineClusterer((X: Matrix, k: number) => ({ ...km(X, k), predict: undefined }) as never, { name: 'no predict' });
    const p = errorOf(() => chooseK(FOUR, { kRange: [2, 4], clusterer: noPredict }));
    expect([p.code, p.parameter]).toEqual(['INVALID_MODEL', "clusterer 'no predict' at k = 2: predict"]);
    const fewCentroids = defineClusterer((X: Matrix, k: number) => ({ ...km(X, k), centroids: km(X, k).centroids.slice(1) }), { name: 'few centroids' });
    expect(errorOf(() => chooseK(FOUR, { kRange: [2, 4], clusterer: fewCentroids })).parameter).toBe("clusterer 'few centroids' at k = 2: centroids");
  });

  it('refuses a seed or nInit next to a clusterer, which would be ignored', () => {
    expect(errorOf(() => chooseK(FOUR, { clusterer: kmeansClusterer(), seed: 3 })).parameter).toBe('seed');
    expect(errorOf(() => chooseK(FOUR, { clusterer: kmeansClusterer(), nInit: 3 })).parameter).toBe('nInit');
  });

  it('falls back to the best silhouette when there is no elbow, and says so', () => {
    const line = Array.from({ length: 40 }, (_, i) => [i]);
    const choice = chooseK(line, { kRange: [2, 6], seed: 1 });
    if (choice.elbow.knee === null) expect(choice.reason).toMatch(/^no elbow/);
    else expect(choice.reason).toMatch(/^elbow/);
    const two = chooseK(FOUR, { kRange: [2, 3] });
    expect(two.elbow.knee).toBeNull();
    expect(two.reason).toMatch(/^no elbow \(fewer than 3 values of k\)/);
  });

  it('chooses by silhouette, Calinski-Harabasz or Davies-Bouldin when asked', () => {
    expect(chooseK(FOUR, { kRange: [2, 6], criterion: 'silhouette' }).reason).toMatch(/^highest silhouette/);
    expect(chooseK(FOUR, { kRange: [2, 6], criterion: 'calinski-harabasz' }).k).toBe(4);
    expect(chooseK(FOUR, { kRange: [2, 6], criterion: 'davies-bouldin' }).reason).toMatch(/^lowest davies-bouldin/);
  });

  it('skips silhouettes when told, and still finds the elbow', () => {
    const choice = chooseK(FOUR, { kRange: [2, 8], silhouette: false });
    expect(choice.silhouette.every(Number.isNaN)).toBe(true);
    expect(choice.best.silhouette).toBeNull();
    expect(choice.k).toBe(4);
  });

  it('reads its defaults from CHOOSE_K_DEFAULTS, a frozen object', () => {
    expect(Object.isFrozen(CHOOSE_K_DEFAULTS)).toBe(true);
    expect(CHOOSE_K_DEFAULTS).toEqual({ kRange: [2, 10], criterion: 'elbow', silhouette: true });
    const implicit = chooseK(FOUR);
    expect(implicit.ks).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(chooseK(FOUR, { ...CHOOSE_K_DEFAULTS }).inertia).toEqual(implicit.inertia);
  });

  it('rejects a k range outside 2..n-1 and an unknown criterion', () => {
    expect(codeOf(() => chooseK(FOUR, { kRange: [1, 4] }))).toBe('INVALID_K');
    expect(codeOf(() => chooseK(FOUR, { kRange: [5, 4] }))).toBe('INVALID_K');
    expect(codeOf(() => chooseK(FOUR, { kRange: 4 as never }))).toBe('INVALID_K');
    expect(codeOf(() => chooseK([[1], [2], [3]], { kRange: [2, 3] }))).toBe('INVALID_K');
    expect(codeOf(() => chooseK(FOUR, { criterion: 'gap' as never }))).toBe('INVALID_OPTION');
  });
});
