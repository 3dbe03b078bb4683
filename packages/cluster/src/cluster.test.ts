import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adjustedRandIndex,
  agglomerative,
  chooseK,
  ClusterError,
  fitPipeline,
  kmeans,
  kmeansFromJSON,
  kneedle,
  nameSegments,
  nearestCentroidFromJSON,
  silhouette,
  silhouettes,
  toMatrix,
  transformFromJSON,
} from '@shopper-spectrum/cluster';
import type { Linkage } from '@shopper-spectrum/cluster';

/** Seeded blobs: `perCluster` points around each centre. */
function blobs(centres: number[][], perCluster: number, spread: number, seed: number): number[][] {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  const out: number[][] = [];
  for (let p = 0; p < perCluster; p++) for (const c of centres) out.push(c.map((v) => v + spread * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u())));
  return out;
}
const FOUR = blobs([[0, 0, 0], [10, 0, 0], [0, 10, 0], [0, 0, 10]], 40, 1, 11);

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof ClusterError ? e.code : 'not a ClusterError';
  }
  return 'no error';
};

/** Points in general position, mostly: unbiased integers (thousandths) rather than doubles, which favour 0. */
const spread = fc.array(fc.tuple(fc.noBias(fc.integer({ min: -1e6, max: 1e6 })), fc.noBias(fc.integer({ min: -1e6, max: 1e6 }))), { minLength: 4, maxLength: 30 }).map((ps) => ps.map(([a, b]) => [a / 1e3, b / 1e3]));
const points = fc.array(fc.tuple(fc.double({ min: -50, max: 50, noNaN: true }), fc.double({ min: -50, max: 50, noNaN: true })), { minLength: 4, maxLength: 40 }).map((ps) => ps.map(([a, b]) => [a, b]));

describe('kmeans', () => {
  it('finds well-separated clusters and predicts new points', () => {
    const model = kmeans(FOUR, { k: 4, seed: 3 });
    expect(model.converged).toBe(true);
    expect(new Set(model.labels).size).toBe(4);
    expect(model.predict([9.5, 0.3, 0.1])).toBe(model.labels[1]);
    expect([...model.predictMany([[0, 0, 0], [0, 9, 1]])]).toEqual([model.labels[0], model.labels[2]]);
  });

  it('gives the same result for the same seed and keeps the best of nInit runs', () => {
    const a = kmeans(FOUR, { k: 5, seed: 9 });
    const b = kmeans(FOUR, { k: 5, seed: 9 });
    expect([...a.labels]).toEqual([...b.labels]);
    expect(a.inertia).toBe(b.inertia);
    const single = kmeans(FOUR, { k: 5, seed: 9, nInit: 1 });
    expect(a.inertia).toBeLessThanOrEqual(single.inertia);
  });

  it("starts from random rows with init: 'random'", () => {
    expect(kmeans(FOUR, { k: 4, init: 'random', seed: 1 }).inertia).toBeGreaterThan(0);
  });

  it('round-trips through JSON with identical predictions', () => {
    const model = kmeans(FOUR, { k: 4, seed: 3 });
    const copy = kmeansFromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    for (const p of FOUR.slice(0, 20)) expect(copy.predict(p)).toBe(model.predict(p));
    expect(() => kmeansFromJSON({ type: 'kmeans', version: 1, centroids: [[1], [1, 2]] })).toThrow(ClusterError);
  });

  it('relocates an empty cluster to the farthest row', () => {
    const model = kmeans([[0], [0.1], [10], [10.1], [20]], { k: 3, init: [[0], [100], [200]] });
    expect(new Set(model.labels).size).toBe(3);
  });

  it('never increases inertia from one iteration to the next (property)', () => {
    fc.assert(
      fc.property(points, fc.integer({ min: 1, max: 4 }), fc.integer(), (X, k, seed) => {
        const h = kmeans(X, { k, seed, nInit: 1, tolerance: 0 }).inertiaHistory;
        for (let i = 1; i < h.length; i++) expect(h[i]!).toBeLessThanOrEqual(h[i - 1]! * (1 + 1e-12) + 1e-12);
      }),
    );
  });

  it('rejects bad k, options and data with codes', () => {
    expect(codeOf(() => kmeans(FOUR, { k: 0 }))).toBe('INVALID_K');
    expect(codeOf(() => kmeans([[1], [2]], { k: 3 }))).toBe('INVALID_K');
    expect(codeOf(() => kmeans(FOUR, { k: 2, nInit: 0 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => kmeans(FOUR, { k: 2, init: 'forgy' as never }))).toBe('INVALID_OPTION');
    expect(codeOf(() => kmeans(FOUR, { k: 2, init: [[1, 2, 3]] }))).toBe('DIMENSION_MISMATCH');
    expect(codeOf(() => kmeans([], { k: 1 }))).toBe('EMPTY_INPUT');
    expect(codeOf(() => kmeans([[1, 2], [3]], { k: 1 }))).toBe('RAGGED_MATRIX');
    expect(codeOf(() => kmeans([[1, Number.NaN]], { k: 1 }))).toBe('NON_FINITE');
    expect(codeOf(() => kmeans([[1, Infinity]], { k: 1 }))).toBe('NON_FINITE');
    expect(codeOf(() => kmeans(FOUR, { k: 4 }).predict([1, 2]))).toBe('DIMENSION_MISMATCH');
  });
});

describe('agglomerative', () => {
  it('cuts at k or at a height, with centroids and predictions', () => {
    const tree = agglomerative([[0, 0], [0, 1], [5, 5], [5, 6], [20, 20]]);
    expect([...tree.cut({ k: 3 }).labels]).toEqual([0, 0, 1, 1, 2]);
    expect([...tree.cut({ height: 1 }).labels]).toEqual([0, 0, 1, 1, 2]);
    expect(tree.cut({ height: 0.5 }).k).toBe(5);
    const cut = tree.cut({ k: 2 });
    expect(cut.sizes).toEqual([4, 1]);
    expect(cut.centroids[0]).toEqual([2.5, 3]);
    expect(cut.predict([19, 18])).toBe(1);
    expect(nearestCentroidFromJSON(JSON.parse(JSON.stringify(cut.toJSON()))).predict([1, 1])).toBe(0);
  });

  it('gives dendrogram data covering every leaf once', () => {
    const tree = agglomerative(FOUR.slice(0, 30), { linkage: 'average' });
    const { order, nodes } = tree.dendrogram();
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(nodes).toHaveLength(29);
    expect(nodes.at(-1)!.size).toBe(30);
    for (const node of nodes) expect(node.x).toBe((node.leftX + node.rightX) / 2);
  });

  it('handles a single row and refuses a distance matrix over the memory cap', () => {
    expect(agglomerative([[1, 2]]).cut({ k: 1 }).labels).toEqual(Int32Array.of(0));
    expect(codeOf(() => agglomerative(FOUR, { linkage: 'complete', maxMemoryBytes: 1000 }))).toBe('TOO_LARGE');
    expect(codeOf(() => agglomerative(FOUR, { linkage: 'centroid' as never }))).toBe('INVALID_OPTION');
    expect(codeOf(() => agglomerative(FOUR).cut({ k: 0 }))).toBe('INVALID_K');
    expect(codeOf(() => agglomerative(FOUR).cut({} as never))).toBe('INVALID_OPTION');
  });

  it.each(['ward', 'complete', 'average', 'single'] as Linkage[])('%s: cutting at k gives exactly k clusters, heights never decrease (property)', (linkage) => {
    fc.assert(
      fc.property(points, (X) => {
        const tree = agglomerative(X, { linkage });
        for (let i = 1; i < tree.heights.length; i++) expect(tree.heights[i]!).toBeGreaterThanOrEqual(tree.heights[i - 1]!);
        for (let k = 1; k <= X.length; k++) expect(new Set(tree.cut({ k }).labels).size).toBe(k);
      }),
      { numRuns: 40 },
    );
  });

  it.each(['ward', 'complete', 'average', 'single'] as Linkage[])('%s: permuting rows permutes labels and changes no height (property)', (linkage) => {
    fc.assert(
      fc.property(spread, fc.array(fc.nat()), (X, keys) => {
        // Partitions are only unique without ties: ask for pairwise distances that are clearly distinct.
        const ds: number[] = [];
        for (let i = 0; i < X.length; i++) for (let j = i + 1; j < X.length; j++) ds.push(Math.hypot(X[i]![0]! - X[j]![0]!, X[i]![1]! - X[j]![1]!));
        ds.sort((a, b) => a - b);
        fc.pre(ds[0]! > 1e-3 && ds.every((v, i) => i === 0 || v - ds[i - 1]! > 1e-6 * v));
        const perm = X.map((_, i) => i).sort((a, b) => (keys[a] ?? a) - (keys[b] ?? b) || a - b);
        const a = agglomerative(X, { linkage });
        const b = agglomerative(perm.map((i) => X[i]!), { linkage });
        [...a.heights].forEach((h, i) => expect(b.heights[i]!).toBeCloseTo(h, 9));
        const k = Math.max(1, Math.floor(X.length / 3));
        const la = a.cut({ k }).labels;
        const lb = b.cut({ k }).labels;
        expect(adjustedRandIndex(perm.map((i) => la[i]!), lb)).toBe(1);
      }),
      { numRuns: 40 },
    );
  });
});

describe('validity indices', () => {
  it('silhouette stays in [-1, 1] (property)', () => {
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

  it('ARI of a partition with itself (renamed) is 1, and is symmetric (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 60 }), fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 60, maxLength: 60 }), (a, raw) => {
        expect(adjustedRandIndex(a, a.map((x) => 5 - x))).toBe(1);
        const b = a.map((_, i) => raw[i]!);
        expect(adjustedRandIndex(a, b)).toBeCloseTo(adjustedRandIndex(b, a), 12);
      }),
    );
  });

  it('rejects one cluster, n clusters and mismatched labels', () => {
    expect(codeOf(() => silhouette([[0], [1], [2]], [0, 0, 0]))).toBe('INVALID_LABELS');
    expect(codeOf(() => silhouette([[0], [1], [2]], [0, 1, 2]))).toBe('INVALID_LABELS');
    expect(codeOf(() => silhouette([[0], [1]], [0]))).toBe('INVALID_LABELS');
    expect(codeOf(() => adjustedRandIndex([0, 1], [0]))).toBe('INVALID_LABELS');
    expect(codeOf(() => adjustedRandIndex([0, -1], [0, 1]))).toBe('INVALID_LABELS');
  });
});

describe('choosing k', () => {
  it('finds the elbow at 4 on four blobs, with the figures per k', () => {
    const choice = chooseK(FOUR, { kRange: [2, 9], seed: 1 });
    expect(choice.ks).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(choice.k).toBe(4);
    expect(choice.elbow.knee).toBe(4);
    expect(choice.reason).toMatch(/^elbow: knee at x = 4/);
    expect(choice.best.silhouette).toBe(4);
    expect(choice.best['davies-bouldin']).toBe(4);
    expect(choice.silhouette).toHaveLength(8);
  });

  it('falls back to the best silhouette when there is no elbow, and says so', () => {
    const line = Array.from({ length: 40 }, (_, i) => [i]);
    const choice = chooseK(line, { kRange: [2, 6], seed: 1 });
    if (choice.elbow.knee === null) expect(choice.reason).toMatch(/^no elbow/);
    const bySil = chooseK(FOUR, { kRange: [2, 6], criterion: 'silhouette' });
    expect(bySil.reason).toMatch(/^highest silhouette/);
  });

  it('Kneedle returns a knee or null with a reason, never a silent first point', () => {
    // worked by hand with kneed's steps: difference curve 0, .467, .489, .344, .178, 0; peak at x = 3,
    // threshold .489 - 0.2 = .289, first value below it at x = 5 -> knee 3
    expect(kneedle([1, 2, 3, 4, 5, 6], [100, 40, 20, 15, 12, 10]).knee).toBe(3);
    const flat = kneedle([1, 2, 3, 4], [10, 10, 10, 10]);
    expect(flat.knee).toBeNull();
    expect(flat.reason.length).toBeGreaterThan(10);
    const straight = kneedle([1, 2, 3, 4, 5], [5, 4, 3, 2, 1]);
    expect(straight.knee).toBeNull();
    expect(kneedle([1, 2, 3, 4, 5, 6], [1, 3, 6, 8, 9, 9.5], { curve: 'concave', direction: 'increasing' }).knee).toBe(4);
    expect(codeOf(() => kneedle([1, 2], [1, 2]))).toBe('INVALID_OPTION');
    expect(codeOf(() => kneedle([1, 3, 2], [1, 2, 3]))).toBe('INVALID_OPTION');
  });

  it('rejects a k range outside 2..n-1', () => {
    expect(codeOf(() => chooseK(FOUR, { kRange: [1, 4] }))).toBe('INVALID_K');
    expect(codeOf(() => chooseK([[1], [2], [3]], { kRange: [2, 3] }))).toBe('INVALID_K');
  });
});

describe('nameSegments', () => {
  const C = [[20, 3, 900], [250, 1, 300], [10, 15, 8000], [40, 1, 250]];
  const F3 = ['recency', 'frequency', 'monetary'] as const;

  it('names four clusters by the declared rule, with reasons', () => {
    const { names, reasons } = nameSegments(C, F3);
    expect(names).toEqual(['Regular', 'At-Risk', 'High-Value', 'Occasional']);
    expect(reasons[1]).toContain('largest recency (250 days');
  });

  it('gives the same clusters the same names whatever their order (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 365 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 10000 })), { minLength: 1, maxLength: 7 }), fc.array(fc.nat()), (cs, keys) => {
        const distinct = new Set(cs.map((c) => c.join(','))).size === cs.length && new Set(cs.map((c) => c[0])).size === cs.length && new Set(cs.map((c) => c[1])).size === cs.length && new Set(cs.map((c) => c[2])).size === cs.length;
        fc.pre(distinct);
        const perm = cs.map((_, i) => i).sort((a, b) => (keys[a] ?? a) - (keys[b] ?? b) || a - b);
        const a = nameSegments(cs, F3).names;
        const b = nameSegments(perm.map((i) => cs[i]!), F3).names;
        perm.forEach((i, p) => expect(b[p]).toBe(a[i]));
        expect(new Set(a).size).toBe(cs.length);
      }),
    );
  });

  it('generalises to other k and other column orders', () => {
    expect(nameSegments([[5, 1, 1]], F3).names).toEqual(['All']);
    expect(nameSegments([[300, 1, 10], [5, 9, 900]], F3).names).toEqual(['At-Risk', 'High-Value']);
    expect(nameSegments([[9000, 2, 10], [3000, 20, 5], [400, 1, 200], [800, 5, 30], [600, 7, 20]], ['monetary', 'frequency', 'recency']).names).toEqual(['High-Value', 'Regular 1', 'At-Risk', 'Occasional', 'Regular 2']);
    expect(codeOf(() => nameSegments(C, ['recency', 'frequency'] as never))).toBe('INVALID_OPTION');
  });
});

describe('transforms', () => {
  it('inverse(transform(x)) returns x (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: 0, max: 1e5, noNaN: true }), fc.double({ min: 0, max: 400, noNaN: true })), { minLength: 2, maxLength: 30 }), fc.constantFrom(['log1p', 'standard'], ['minmax'], ['robust'], ['log1p', 'robust']), (rows, steps) => {
        const X = rows.map(([a, b]) => [a, b]);
        const t = fitPipeline(X, steps as never);
        const back = t.inverseTransform(t.transform(X)).data;
        toMatrix(X).data.forEach((v, i) => expect(back[i]!).toBeCloseTo(v, 6 - Math.max(0, Math.floor(Math.log10(Math.max(1, Math.abs(v)))))));
      }),
    );
  });

  it('serialises to JSON and transforms identically after loading', () => {
    const t = fitPipeline(FOUR.map((r) => r.map(Math.abs)), ['log1p', 'standard']);
    const copy = transformFromJSON(JSON.parse(JSON.stringify(t.toJSON())));
    expect(copy.transformPoint([1, 2, 3])).toEqual(t.transformPoint([1, 2, 3]));
    expect(codeOf(() => transformFromJSON({ kind: 'standard', features: 2, offset: [1], scale: [1, 1], shift: [0, 0] }))).toBe('INVALID_MODEL');
  });

  it('rejects values log1p cannot take, wrong widths and unknown steps', () => {
    expect(codeOf(() => fitPipeline([[-2]], ['log1p']))).toBe('NON_FINITE');
    expect(codeOf(() => fitPipeline([[1, 2]], ['standard']).transform([[1]]))).toBe('DIMENSION_MISMATCH');
    expect(codeOf(() => fitPipeline([[1]], ['zscore' as never]))).toBe('INVALID_OPTION');
    expect(codeOf(() => fitPipeline([[1]], []))).toBe('INVALID_OPTION');
  });
});
