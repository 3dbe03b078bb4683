import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusteringFromJSON, KMEANS_DEFAULTS, kmeans, kmeansClusterer, kmeansFromJSON, toMatrix, withinClusterSS } from '@shopper-spectrum/cluster';
import { FOUR } from '../test/fixtures/blobs.js';
import { codeOf, distinctRows, errorOf, gridPoints, points } from '../test/helpers.js';

describe('kmeans', () => {
  it('finds four well-separated blobs and predicts new points next to them', () => {
    const model = kmeans(FOUR, { k: 4, seed: 3 });
    expect(model.converged).toBe(true);
    expect(model.algorithm).toBe('kmeans');
    expect(new Set(model.labels).size).toBe(4);
    expect(model.sizes).toEqual([40, 40, 40, 40]);
    expect(model.predict([9.5, 0.3, 0.1])).toBe(model.labels[1]);
    expect([...model.predictMany([[0, 0, 0], [0, 9, 1]])]).toEqual([model.labels[0], model.labels[2]]);
  });

  it('gives the same result for the same seed', () => {
    const a = kmeans(FOUR, { k: 5, seed: 9 });
    const b = kmeans(FOUR, { k: 5, seed: 9 });
    expect([...a.labels]).toEqual([...b.labels]);
    expect(a.inertia).toBe(b.inertia);
  });

  it('keeps the best of nInit runs, so more runs never raise the inertia', () => {
    const ten = kmeans(FOUR, { k: 5, seed: 9 });
    const one = kmeans(FOUR, { k: 5, seed: 9, nInit: 1 });
    expect(ten.nInit).toBe(KMEANS_DEFAULTS.nInit);
    expect(one.nInit).toBe(1);
    expect(ten.inertia).toBeLessThanOrEqual(one.inertia);
  });

  it("starts from k distinct random rows with init: 'random'", () => {
    const model = kmeans(FOUR, { k: 4, init: 'random', seed: 1 });
    expect(new Set(model.labels).size).toBe(4);
    expect(model.inertia).toBeGreaterThan(0);
  });

  it('reports inertia equal to the within-cluster sum of squares of its labels at convergence', () => {
    const model = kmeans(FOUR, { k: 4, seed: 3 });
    expect(model.inertia).toBeCloseTo(withinClusterSS(FOUR, model.labels), 9);
  });

  it('moves an empty cluster to the row farthest from its centroid', () => {
    const model = kmeans([[0], [0.1], [10], [10.1], [20]], { k: 3, init: [[0], [100], [200]] });
    expect(new Set(model.labels).size).toBe(3);
  });

  it('stops at maxIterations and says it did not converge', () => {
    const model = kmeans(FOUR, { k: 4, init: [FOUR[0]!, FOUR[4]!, FOUR[8]!, FOUR[12]!], maxIterations: 1, tolerance: 0 });
    expect(model.iterations).toBe(1);
    expect(model.converged).toBe(false);
  });

  it('reads its defaults from KMEANS_DEFAULTS, a frozen object', () => {
    expect(Object.isFrozen(KMEANS_DEFAULTS)).toBe(true);
    expect(KMEANS_DEFAULTS).toEqual({ seed: 0, nInit: 10, init: 'kmeans++', maxIterations: 300, tolerance: 1e-4 });
    const implicit = kmeans(FOUR, { k: 3 });
    const explicit = kmeans(FOUR, { k: 3, ...KMEANS_DEFAULTS });
    expect([...implicit.labels]).toEqual([...explicit.labels]);
    expect(implicit.inertia).toBe(explicit.inertia);
  });

  it('never increases inertia from one iteration to the next (property)', () => {
    fc.assert(
      fc.property(points, fc.integer({ min: 1, max: 4 }), fc.integer(), (X, k, seed) => {
        const h = kmeans(X, { k, seed, nInit: 1, tolerance: 0 }).inertiaHistory;
        for (let i = 1; i < h.length; i++) expect(h[i]!).toBeLessThanOrEqual(h[i - 1]! * (1 + 1e-12) + 1e-12);
      }),
    );
  });

  it('predicts every training row into its own label (property)', () => {
    fc.assert(
      fc.property(points, fc.integer({ min: 1, max: 6 }), fc.integer(), (X, k, seed) => {
        fc.pre(k <= X.length);
        const model = kmeans(X, { k, seed, nInit: 2 });
        X.forEach((row, i) => expect(model.predict(row)).toBe(model.labels[i]));
        expect([...model.predictMany(X)]).toEqual([...model.labels]);
      }),
    );
  });

  it('rejects bad k, options and data with codes', () => {
    expect(codeOf(() => kmeans(FOUR, { k: 0 }))).toBe('INVALID_K');
    expect(codeOf(() => kmeans(FOUR, { k: 2.5 }))).toBe('INVALID_K');
    expect(codeOf(() => kmeans([[1], [2]], { k: 3 }))).toBe('INVALID_K');
    expect(codeOf(() => kmeans(FOUR, { k: 2, nInit: 0 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => kmeans(FOUR, { k: 2, maxIterations: 0 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => kmeans(FOUR, { k: 2, tolerance: -1 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => kmeans(FOUR, { k: 2, seed: 0.5 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => kmeans(FOUR, { k: 2, init: 'forgy' as never }))).toBe('INVALID_OPTION');
    expect(codeOf(() => kmeans(FOUR, { k: 2, init: [[1, 2, 3]] }))).toBe('DIMENSION_MISMATCH');
    expect(codeOf(() => kmeans([], { k: 1 }))).toBe('EMPTY_INPUT');
    expect(codeOf(() => kmeans([[1, 2], [3]], { k: 1 }))).toBe('RAGGED_MATRIX');
    expect(codeOf(() => kmeans([[1, Number.NaN]], { k: 1 }))).toBe('NON_FINITE');
    expect(codeOf(() => kmeans([[1, Infinity]], { k: 1 }))).toBe('NON_FINITE');
    expect(codeOf(() => kmeans(FOUR, { k: 4 }).predict([1, 2]))).toBe('DIMENSION_MISMATCH');
    expect(codeOf(() => kmeans(FOUR, { k: 4 }).predictMany([[1, 2]]))).toBe('DIMENSION_MISMATCH');
  });

  it('clusters one row and k = n', () => {
    expect([...kmeans([[3, 4]], { k: 1 }).labels]).toEqual([0]);
    const all = kmeans([[0], [5], [9]], { k: 3, seed: 2 });
    expect(new Set(all.labels).size).toBe(3);
    expect(all.inertia).toBe(0);
  });
});

describe('kmeans serialisation', () => {
  it('round-trips through JSON with identical predictions and figures', () => {
    const model = kmeans(FOUR, { k: 4, seed: 3 });
    const json = JSON.parse(JSON.stringify(model));
    expect(json).toMatchObject({ type: 'clustering', version: 1, algorithm: 'kmeans', sizes: model.sizes, nInit: 10, converged: true });
    const copy = kmeansFromJSON(json);
    expect(copy.labels).toHaveLength(0);
    expect([copy.inertia, copy.iterations, copy.converged, copy.nInit]).toEqual([model.inertia, model.iterations, model.converged, model.nInit]);
    expect([...copy.predictMany(FOUR)]).toEqual([...model.labels]);
    expect([...clusteringFromJSON(json).predictMany(FOUR)]).toEqual([...model.labels]);
  });

  it('reads the version-1 files of earlier releases', () => {
    const model = kmeans(FOUR, { k: 4, seed: 3 });
    const v1 = { type: 'kmeans', version: 1, centroids: model.centroids, inertia: model.inertia, iterations: model.iterations, converged: true };
    const copy = kmeansFromJSON(v1);
    expect([...copy.predictMany(FOUR)]).toEqual([...model.labels]);
    expect(copy.sizes.every(Number.isNaN)).toBe(true);
    expect(clusteringFromJSON(v1).algorithm).toBe('kmeans');
  });

  it('names what is wrong in a bad file', () => {
    const good = kmeans(FOUR, { k: 2, seed: 1 }).toJSON();
    expect(errorOf(() => kmeansFromJSON({ ...good, centroids: [[1, 2, 3], [1, 2]] })).parameter).toBe('json.centroids[1]');
    expect(errorOf(() => kmeansFromJSON({ ...good, inertia: -1 })).parameter).toBe('json.inertia');
    expect(errorOf(() => kmeansFromJSON({ ...good, converged: 'yes' })).parameter).toBe('json.converged');
    expect(errorOf(() => kmeansFromJSON({ ...good, algorithm: 'agglomerative (ward)' })).parameter).toBe('json.algorithm');
    expect(errorOf(() => kmeansFromJSON({ ...good, nInit: 0 })).code).toBe('INVALID_MODEL');
    expect(codeOf(() => kmeansFromJSON({ type: 'kmeans', version: 1, centroids: [[1], [1, 2]] }))).toBe('INVALID_MODEL');
  });
});

describe('kmeansClusterer', () => {
  it('is kmeans with the options fixed, named kmeans', () => {
    const clusterer = kmeansClusterer({ seed: 7, nInit: 3 });
    expect(clusterer.name).toBe('kmeans');
    const viaClusterer = clusterer(toMatrix(FOUR), 4);
    const direct = kmeans(FOUR, { k: 4, seed: 7, nInit: 3 });
    expect([...viaClusterer.labels]).toEqual([...direct.labels]);
    expect(viaClusterer.inertia).toBe(direct.inertia);
  });

  it('labels every row within 0..k-1 with k non-empty clusters on distinct rows (property)', () => {
    fc.assert(
      fc.property(gridPoints, fc.integer({ min: 1, max: 8 }), fc.integer(), (X, k, seed) => {
        fc.pre(k <= distinctRows(X));
        const c = kmeansClusterer({ seed, nInit: 1 })(toMatrix(X), k);
        expect(c.k).toBe(k);
        expect([...c.labels].every((l) => l >= 0 && l < k)).toBe(true);
        expect(new Set(c.labels).size).toBe(k);
      }),
    );
  });
});
