import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agglomerativeClusterer, clusteringFromJSON, clusteringFromLabels, defineClusterer, kmeansClusterer, toMatrix } from '@shopper-spectrum/cluster';
import type { Clusterer } from '@shopper-spectrum/cluster';
import { FOUR } from '../test/fixtures/blobs.js';
import { codeOf, distinctRows, errorOf, gridPoints, points } from '../test/helpers.js';

describe('clusteringFromLabels', () => {
  it('makes centroids the means of the labelled rows, and predicts by the nearest one', () => {
    const c = clusteringFromLabels([[0, 0], [0, 2], [9, 9]], [0, 0, 1], { algorithm: 'by hand' });
    expect(c.k).toBe(2);
    expect(c.algorithm).toBe('by hand');
    expect(c.centroids).toEqual([[0, 1], [9, 9]]);
    expect(c.sizes).toEqual([2, 1]);
    expect([...c.labels]).toEqual([0, 0, 1]);
    expect(c.predict([8, 8])).toBe(1);
    expect([...c.predictMany([[0, 0], [5, 5.1]])]).toEqual([0, 1]);
  });

  it('sends a point exactly between two centroids to the lower cluster', () => {
    const c = clusteringFromLabels([[0], [2]], [0, 1]);
    expect(c.predict([1])).toBe(0);
    expect(clusteringFromLabels([[2], [0]], [0, 1]).predict([1])).toBe(0);
  });

  it('refuses labels that leave a cluster empty or do not fit the rows', () => {
    expect(errorOf(() => clusteringFromLabels([[0], [1]], [0, 2])).value).toBe('no row in cluster 1');
    expect(codeOf(() => clusteringFromLabels([[0], [1]], [0]))).toBe('INVALID_LABELS');
    expect(codeOf(() => clusteringFromLabels([[0], [1]], [0, -1]))).toBe('INVALID_LABELS');
    expect(codeOf(() => clusteringFromLabels([[0], [1]], [0, 1], { k: 3 }))).toBe('INVALID_K');
    expect(codeOf(() => clusteringFromLabels([[0], [1], [2]], [0, 1, 1], { k: 3 }))).toBe('INVALID_LABELS');
    expect(codeOf(() => clusteringFromLabels([[0], [1]], [0, 1]).predict([1, 2]))).toBe('DIMENSION_MISMATCH');
  });

  it('refuses a label of n or more at once, naming the first empty cluster, whatever its size', () => {
    // 2^40 used to size the centroid buffer (RangeError), 2^31 - 1 an array of sizes (out of memory)
    for (const big of [3, 2 ** 31 - 1, 2 ** 32, 2 ** 40]) {
      const e = errorOf(() => clusteringFromLabels([[0], [1], [2]], [0, 1, big]));
      expect(e.code).toBe('INVALID_LABELS');
      expect(e.value).toBe('no row in cluster 2');
    }
    expect(errorOf(() => clusteringFromLabels([[0], [1], [2]], [0, 2 ** 40, 2 ** 40])).value).toBe('no row in cluster 1');
    expect(errorOf(() => clusteringFromLabels([[0], [1], [2]], [0, 1, 2 ** 40], { k: 2 })).parameter).toBe('labels[2]');
  });
});

describe('clusteringFromJSON', () => {
  it('predicts exactly as the original for every built-in clusterer (property)', () => {
    const clusterers: Clusterer[] = [kmeansClusterer({ nInit: 1 }), agglomerativeClusterer(), agglomerativeClusterer({ linkage: 'average', distance: 'manhattan' }), agglomerativeClusterer({ linkage: 'median' })];
    fc.assert(
      fc.property(gridPoints, fc.integer({ min: 1, max: 5 }), fc.constantFrom(...clusterers), points, (X, k, clusterer, probes) => {
        fc.pre(k <= distinctRows(X));
        const model = clusterer(toMatrix(X), k);
        const copy = clusteringFromJSON(JSON.parse(JSON.stringify(model.toJSON())));
        expect(copy.algorithm).toBe(model.algorithm);
        expect(copy.sizes).toEqual(model.sizes);
        expect(copy.labels).toHaveLength(0);
        expect([...copy.predictMany(probes)]).toEqual([...model.predictMany(probes)]);
        expect([...copy.predictMany(X)]).toEqual([...model.predictMany(X)]);
      }),
      { numRuns: 60 },
    );
  });

  it('names the field that is wrong', () => {
    const good = clusteringFromLabels([[0, 0], [5, 5]], [0, 1]).toJSON();
    const field = (json: unknown) => errorOf(() => clusteringFromJSON(json)).parameter;
    expect(field(null)).toBe('json');
    expect(field([1])).toBe('json');
    expect(field({ ...good, type: 'tree' })).toBe('json.type');
    expect(field({ ...good, version: 2 })).toBe('json.version');
    expect(field({ ...good, centroids: [] })).toBe('json.centroids');
    expect(field({ ...good, centroids: [[], []] })).toBe('json.centroids[0]');
    expect(field({ ...good, centroids: [[0, 0], [5]] })).toBe('json.centroids[1]');
    expect(field({ ...good, centroids: [[0, 0], [5, 'x']] })).toBe('json.centroids[1][1]');
    expect(field({ ...good, centroids: [[0, 0], [5, null]] })).toBe('json.centroids[1][1]');
    expect(field({ ...good, sizes: [1] })).toBe('json.sizes');
    expect(field({ ...good, sizes: [1, -1] })).toBe('json.sizes[1]');
    expect(field({ ...good, algorithm: 3 })).toBe('json.algorithm');
    expect(field({ type: 'nearest-centroid', version: 1, centroids: [[1]], sizes: [1] })).toBe('json.linkage');
    expect(errorOf(() => clusteringFromJSON({ ...good, sizes: [1] })).code).toBe('INVALID_MODEL');
  });
});

describe('defineClusterer', () => {
  it('gives a function a name and a sweep', () => {
    const halves = (X: { rows: number }, k: number) => clusteringFromLabels(FOUR, Array.from({ length: X.rows }, (_, i) => Math.floor((i * k) / X.rows)));
    const named = defineClusterer(halves, { name: 'halves', sweep: (X, ks) => ks.map((k) => halves(X, k)) });
    expect(named.name).toBe('halves');
    expect(named.sweep!(toMatrix(FOUR), [2, 3]).map((c) => c.k)).toEqual([2, 3]);
    expect(named(toMatrix(FOUR), 4).k).toBe(4);
    expect(defineClusterer(halves).name).toBe('halves');
    expect(defineClusterer((X, k) => halves(X, k)).name).toBe('custom');
  });

  it('refuses what is not a function', () => {
    expect(codeOf(() => defineClusterer(42 as never))).toBe('INVALID_OPTION');
    expect(codeOf(() => defineClusterer(() => clusteringFromLabels([[0]], [0]), { sweep: 'all' as never }))).toBe('INVALID_OPTION');
  });
});
