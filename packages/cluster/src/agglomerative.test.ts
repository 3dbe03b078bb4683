import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adjustedRandIndex,
  AGGLOMERATIVE_DEFAULTS,
  agglomerative,
  agglomerativeClusterer,
  clusteringFromJSON,
  DISTANCES,
  LINKAGES,
  nearestCentroidFromJSON,
  toMatrix,
} from '@shopper-spectrum/cluster';
import type { LanceWilliams, LinkageName } from '@shopper-spectrum/cluster';
import { FOUR } from '../test/fixtures/blobs.js';
import { codeOf, distinctDistances, distinctRows, errorOf, gridPoints, points, spread } from '../test/helpers.js';

const ALL = Object.keys(LINKAGES) as LinkageName[];
const MONOTONE: LinkageName[] = ['ward', 'complete', 'average', 'single', 'weighted'];

describe('agglomerative', () => {
  it('cuts at k or at a height, with centroids and predictions', () => {
    const tree = agglomerative([[0, 0], [0, 1], [5, 5], [5, 6], [20, 20]]);
    expect(tree.linkage).toBe('ward');
    expect(tree.distance).toBe('euclidean');
    expect([...tree.cut({ k: 3 }).labels]).toEqual([0, 0, 1, 1, 2]);
    expect([...tree.cut({ height: 1 }).labels]).toEqual([0, 0, 1, 1, 2]);
    expect(tree.cut({ height: 0.5 }).k).toBe(5);
    const cut = tree.cut({ k: 2 });
    expect(cut.algorithm).toBe('agglomerative (ward)');
    expect(cut.sizes).toEqual([4, 1]);
    expect(cut.centroids[0]).toEqual([2.5, 3]);
    expect(cut.predict([19, 18])).toBe(1);
    expect([...cut.predictMany([[1, 1], [30, 30]])]).toEqual([0, 1]);
  });

  it('round-trips a cut through JSON with identical predictions', () => {
    const cut = agglomerative(FOUR, { linkage: 'average', distance: 'manhattan' }).cut({ k: 4 });
    expect(cut.algorithm).toBe('agglomerative (average, manhattan)');
    const json = JSON.parse(JSON.stringify(cut));
    expect(json).toMatchObject({ type: 'clustering', algorithm: 'agglomerative (average, manhattan)', sizes: cut.sizes });
    expect([...clusteringFromJSON(json).predictMany(FOUR)]).toEqual([...cut.predictMany(FOUR)]);
    expect(nearestCentroidFromJSON(json).predict([10, 0, 0])).toBe(cut.predict([10, 0, 0]));
  });

  it('reads version-1 nearest-centroid files', () => {
    const v1 = { type: 'nearest-centroid', version: 1, linkage: 'ward', centroids: [[0, 0], [10, 10]], sizes: [3, 2] };
    const model = clusteringFromJSON(v1);
    expect(model.algorithm).toBe('agglomerative (ward)');
    expect(model.predict([9, 8])).toBe(1);
  });

  it('gives dendrogram data covering every leaf once', () => {
    const tree = agglomerative(FOUR.slice(0, 30), { linkage: 'average' });
    const { order, nodes } = tree.dendrogram();
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(nodes).toHaveLength(29);
    expect(nodes.at(-1)!.size).toBe(30);
    for (const node of nodes) expect(node.x).toBe((node.leftX + node.rightX) / 2);
  });

  it('takes a linkage by name or as the built-in function itself, with the same tree', () => {
    for (const name of ALL) {
      const byName = agglomerative(FOUR.slice(0, 40), { linkage: name });
      const byValue = agglomerative(FOUR.slice(0, 40), { linkage: LINKAGES[name] });
      expect(byValue.linkage).toBe(name);
      expect(byValue.linkageMatrix()).toEqual(byName.linkageMatrix());
    }
  });

  it('takes a distance by name or as a function', () => {
    const chebyshev = (a: Float64Array, b: Float64Array) => Math.max(...a.map((v, j) => Math.abs(v - b[j]!)));
    const tree = agglomerative([[0, 0], [3, 1], [10, 0]], { linkage: 'complete', distance: chebyshev });
    expect(tree.distance).toBe('chebyshev');
    expect([...tree.heights]).toEqual([3, 10]);
    expect([...agglomerative([[0, 0], [3, 1], [10, 0]], { linkage: 'complete', distance: DISTANCES.manhattan }).heights]).toEqual([4, 10]);
  });

  it('runs a linkage of its own (Lance-Williams) on the generic algorithm', () => {
    const between: LanceWilliams = (dxi, dyi) => (Math.min(dxi, dyi) + Math.max(dxi, dyi)) / 2;
    const tree = agglomerative([[0], [1], [3], [7]], { linkage: between });
    expect(tree.linkage).toBe('between');
    // {0,1} at 1; {0,1}-3: (3 + 2) / 2 = 2.5 vs 3-7: 4 -> {0,1,3} at 2.5; then 7: ((7 + 6) / 2 + 4) / 2 = 5.25
    expect([...tree.heights]).toEqual([1, 2.5, 5.25]);
    expect(tree.monotone).toBe(true);
  });

  it('lets centroid and median linkages invert, and cuts at a height by the highest merge below', () => {
    // Three points of an equilateral triangle: centroid linkage merges two at 1, then the third at
    // sqrt(3)/2 < 1 (an inversion).
    const X = [[0, 0], [1, 0], [0.5, Math.sqrt(3) / 2 + 1e-9]];
    const tree = agglomerative(X, { linkage: 'centroid' });
    expect(tree.monotone).toBe(false);
    expect(tree.heights[1]!).toBeLessThan(tree.heights[0]!);
    // scipy's fcluster(criterion='distance'): at 0.9 nothing is merged (the first merge is at 1)
    expect(tree.cut({ height: 0.9 }).k).toBe(3);
    expect(tree.cut({ height: 1 }).k).toBe(1);
    expect(tree.cut({ k: 2 }).k).toBe(2);
  });

  it('handles a single row and refuses a distance matrix over the memory cap', () => {
    expect(agglomerative([[1, 2]]).cut({ k: 1 }).labels).toEqual(Int32Array.of(0));
    for (const linkage of ['complete', 'average', 'weighted', 'centroid', 'median'] as const) expect(codeOf(() => agglomerative(FOUR, { linkage, maxMemoryBytes: 1000 }))).toBe('TOO_LARGE');
    expect(codeOf(() => agglomerative(FOUR, { linkage: (a: number) => a, maxMemoryBytes: 1000 }))).toBe('TOO_LARGE');
    // ward and single keep no distance matrix
    expect(codeOf(() => agglomerative(FOUR, { linkage: 'ward', maxMemoryBytes: 1000 }))).toBe('no error');
    expect(codeOf(() => agglomerative(FOUR, { linkage: 'single', distance: 'cosine', maxMemoryBytes: 1000 }))).toBe('no error');
  });

  it('refuses unknown names, non-Euclidean distances for ward, centroid and median, and bad cuts', () => {
    expect(codeOf(() => agglomerative(FOUR, { linkage: 'ward.D' as never }))).toBe('INVALID_OPTION');
    expect(codeOf(() => agglomerative(FOUR, { distance: 'chebyshev' as never }))).toBe('INVALID_OPTION');
    expect(codeOf(() => agglomerative(FOUR, { linkage: 42 as never }))).toBe('INVALID_OPTION');
    for (const linkage of ['ward', 'centroid', 'median'] as const) {
      const e = errorOf(() => agglomerative(FOUR, { linkage, distance: 'manhattan' }));
      expect([e.code, e.parameter]).toEqual(['INVALID_OPTION', 'distance']);
      expect(e.allowed).toContain(`'euclidean' for linkage '${linkage}'`);
    }
    expect(codeOf(() => agglomerative(FOUR, { maxMemoryBytes: -1 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => agglomerative(FOUR).cut({ k: 0 }))).toBe('INVALID_K');
    expect(codeOf(() => agglomerative(FOUR).cut({ height: Number.NaN }))).toBe('INVALID_OPTION');
    expect(codeOf(() => agglomerative(FOUR).cut({} as never))).toBe('INVALID_OPTION');
  });

  it('refuses a cosine distance on a row of zeros, and a distance or update returning nonsense', () => {
    expect(errorOf(() => agglomerative([[1, 0], [0, 0], [0, 1]], { linkage: 'average', distance: 'cosine' })).parameter).toBe('X[1]');
    expect(codeOf(() => agglomerative([[1], [2], [3]], { linkage: 'average', distance: () => Number.NaN }))).toBe('NON_FINITE');
    expect(codeOf(() => agglomerative([[1], [2], [3]], { linkage: 'single', distance: () => -1 }))).toBe('INVALID_OPTION');
    expect(errorOf(() => agglomerative([[1], [2], [4]], { linkage: () => Number.NaN })).parameter).toBe('linkage');
  });

  it('reads its defaults from AGGLOMERATIVE_DEFAULTS, a frozen object', () => {
    expect(Object.isFrozen(AGGLOMERATIVE_DEFAULTS)).toBe(true);
    expect(AGGLOMERATIVE_DEFAULTS).toEqual({ linkage: 'ward', distance: 'euclidean', maxMemoryBytes: 4 * 2 ** 30 });
    expect(agglomerative(FOUR).linkageMatrix()).toEqual(agglomerative(FOUR, { ...AGGLOMERATIVE_DEFAULTS }).linkageMatrix());
  });

  it.each(ALL)('%s: cutting at k gives exactly k clusters (property)', (linkage) => {
    fc.assert(
      fc.property(points, (X) => {
        const tree = agglomerative(X, { linkage });
        for (let k = 1; k <= X.length; k++) expect(new Set(tree.cut({ k }).labels).size).toBe(k);
      }),
      { numRuns: 30 },
    );
  });

  it.each(MONOTONE)('%s: heights never decrease (property)', (linkage) => {
    fc.assert(
      fc.property(points, (X) => {
        const tree = agglomerative(X, { linkage });
        expect(tree.monotone).toBe(true);
        for (let i = 1; i < tree.heights.length; i++) expect(tree.heights[i]!).toBeGreaterThanOrEqual(tree.heights[i - 1]!);
      }),
      { numRuns: 30 },
    );
  });

  it.each(ALL)('%s: permuting rows permutes labels and changes no height (property)', (linkage) => {
    fc.assert(
      fc.property(spread, fc.array(fc.nat()), (X, keys) => {
        // Partitions are only unique without ties: ask for pairwise distances that are clearly distinct.
        fc.pre(distinctDistances(X));
        const perm = X.map((_, i) => i).sort((a, b) => (keys[a] ?? a) - (keys[b] ?? b) || a - b);
        const a = agglomerative(X, { linkage });
        const b = agglomerative(perm.map((i) => X[i]!), { linkage });
        const sorted = (t: typeof a) => [...t.heights].sort((p, q) => p - q);
        sorted(a).forEach((h, i) => expect(sorted(b)[i]!).toBeCloseTo(h, 9));
        const k = Math.max(1, Math.floor(X.length / 3));
        const la = a.cut({ k }).labels;
        const lb = b.cut({ k }).labels;
        expect(adjustedRandIndex(perm.map((i) => la[i]!), lb)).toBe(1);
      }),
      { numRuns: 30 },
    );
  });

  // The generic algorithm needs no reducibility; given a built-in's own formula as a function of its
  // own, it must build the built-in's tree (the fast engines: centroid chain, NN-chain, MST).
  const FORMULAS: Record<LinkageName, LanceWilliams> = {
    ward: (dxi, dyi, dxy, nx, ny, ni) => Math.sqrt(Math.max(0, ((ni + nx) * dxi * dxi + (ni + ny) * dyi * dyi - ni * dxy * dxy) / (nx + ny + ni))),
    complete: (dxi, dyi) => Math.max(dxi, dyi),
    average: (dxi, dyi, _dxy, nx, ny) => (nx * dxi + ny * dyi) / (nx + ny),
    single: (dxi, dyi) => Math.min(dxi, dyi),
    weighted: (dxi, dyi) => (dxi + dyi) / 2,
    centroid: (dxi, dyi, dxy, nx, ny) => Math.sqrt(Math.max(0, (nx * dxi * dxi + ny * dyi * dyi - (nx * ny * dxy * dxy) / (nx + ny)) / (nx + ny))),
    median: (dxi, dyi, dxy) => Math.sqrt(Math.max(0, (dxi * dxi + dyi * dyi) / 2 - (dxy * dxy) / 4)),
  };
  it.each(ALL)('a custom Lance-Williams function with the formula of %s gives the built-in tree (property)', (linkage) => {
    fc.assert(
      fc.property(spread, (X) => {
        fc.pre(distinctDistances(X));
        const builtIn = agglomerative(X, { linkage });
        const custom = agglomerative(X, { linkage: FORMULAS[linkage] });
        expect(FORMULAS[linkage]).not.toBe(LINKAGES[linkage]);
        const a = builtIn.linkageMatrix();
        const b = custom.linkageMatrix();
        a.forEach((row, i) => {
          expect(b[i]!.slice(0, 2)).toEqual(row.slice(0, 2));
          expect(b[i]![2]!).toBeCloseTo(row[2]!, 9);
          expect(b[i]![3]).toBe(row[3]);
        });
      }),
      { numRuns: 30 },
    );
  });
});

describe('agglomerativeClusterer', () => {
  it('cuts the tree at k, and its sweep fits once for every k with the same cuts', () => {
    const clusterer = agglomerativeClusterer({ linkage: 'complete', distance: 'cosine' });
    expect(clusterer.name).toBe('agglomerative (complete, cosine)');
    const X = toMatrix(FOUR);
    const swept = clusterer.sweep!(X, [2, 3, 4]);
    [2, 3, 4].forEach((k, i) => {
      expect(swept[i]!.k).toBe(k);
      expect([...swept[i]!.labels]).toEqual([...clusterer(X, k).labels]);
    });
    expect(agglomerativeClusterer().name).toBe('agglomerative (ward)');
  });

  it('refuses unknown names when it is made, not when it is called', () => {
    expect(codeOf(() => agglomerativeClusterer({ linkage: 'nope' as never }))).toBe('INVALID_OPTION');
    expect(codeOf(() => agglomerativeClusterer({ distance: 'nope' as never }))).toBe('INVALID_OPTION');
  });

  it.each(ALL)('%s: labels every row within 0..k-1 with k non-empty clusters on distinct rows (property)', (linkage) => {
    fc.assert(
      fc.property(gridPoints, fc.integer({ min: 1, max: 8 }), (X, k) => {
        fc.pre(k <= distinctRows(X));
        const c = agglomerativeClusterer({ linkage })(toMatrix(X), k);
        expect([...c.labels].every((l) => l >= 0 && l < k)).toBe(true);
        expect(new Set(c.labels).size).toBe(k);
        expect(c.sizes.every((s) => s > 0)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});
