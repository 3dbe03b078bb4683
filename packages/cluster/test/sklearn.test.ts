/**
 * Against scikit-learn 1.2.1 / scipy 1.10.1 on the same input. The fixture was written by
 * scripts/reference/cluster_fixtures.py (Debian's python3-sklearn and python3-scipy; see the script
 * for the data and the calls); it is committed, so this test needs no Python.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  adjustedRandIndex,
  agglomerative,
  calinskiHarabasz,
  daviesBouldin,
  fitLog1p,
  fitMinMaxScaler,
  fitPipeline,
  fitRobustScaler,
  fitStandardScaler,
  kmeans,
  silhouette,
  toRows,
} from '@shopper-spectrum/cluster';
import type { DistanceName, LinkageName } from '@shopper-spectrum/cluster';

const F = JSON.parse(readFileSync(new URL('./fixtures/sklearn.json', import.meta.url), 'utf8'));
const X: number[][] = F.X;

const close = (a: number, b: number, tol = 1e-9) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
const closeRows = (a: number[][], b: number[][], tol = 1e-9) => {
  expect(a.length).toBe(b.length);
  a.forEach((row, i) => row.forEach((v, j) => close(v, b[i]![j]!, tol)));
};

describe('matches scikit-learn and scipy', () => {
  it('k-means from given centroids: same labels, centroids, inertia and iterations', () => {
    for (const ref of [F.kmeansGivenInit, F.kmeansGivenInit3]) {
      const model = kmeans(X, { k: ref.init.length, init: ref.init });
      expect([...model.labels]).toEqual(ref.labels);
      closeRows(model.centroids, ref.centers);
      close(model.inertia, ref.inertia);
      expect(model.iterations).toBe(ref.iterations);
      expect(model.converged).toBe(true);
    }
  });

  it('k-means++ with 10 restarts reaches the same inertia and partition', () => {
    const model = kmeans(X, { k: 4, seed: 0, nInit: 10 });
    close(model.inertia, F.kmeansPlusPlus.inertia);
    expect(adjustedRandIndex(model.labels, F.kmeansPlusPlus.labels)).toBe(1);
  });

  it.each(['ward', 'complete', 'average', 'single', 'weighted', 'centroid', 'median'] as LinkageName[])('%s linkage: the same merges, heights and sizes as scipy', (linkage) => {
    const tree = agglomerative(X, { linkage });
    closeRows(tree.linkageMatrix(), F.linkage[linkage]);
  });

  it('centroid and median: the inversions scipy finds, in scipy merge order', () => {
    for (const linkage of ['centroid', 'median'] as const) {
      const tree = agglomerative(X, { linkage });
      const ref: number[][] = F.linkage[linkage];
      const inversions = (h: number[]) => h.filter((v, i) => i > 0 && v < h[i - 1]!).length;
      expect(inversions([...tree.heights])).toBe(inversions(ref.map((r) => r[2]!)));
      expect(inversions([...tree.heights])).toBeGreaterThan(0);
      expect(tree.monotone).toBe(false);
    }
  });

  it.each(Object.keys(F.linkageByDistance))('%s: the same merges, heights and sizes as scipy on that metric', (key) => {
    const [linkage, distance] = key.split('/') as [LinkageName, DistanceName];
    closeRows(agglomerative(X, { linkage, distance }).linkageMatrix(), F.linkageByDistance[key]);
  });

  it('cuts the same partitions as scikit-learn AgglomerativeClustering', () => {
    expect(adjustedRandIndex(agglomerative(X, { linkage: 'ward' }).cut({ k: 4 }).labels, F.agglomerativeWard4)).toBe(1);
    expect(adjustedRandIndex(agglomerative(X, { linkage: 'average' }).cut({ k: 3 }).labels, F.agglomerativeAverage3)).toBe(1);
  });

  it('silhouette (mean and per sample), Calinski-Harabasz, Davies-Bouldin and ARI', () => {
    const ref = F.indices;
    const s = silhouette(X, ref.labels);
    close(s.score, ref.silhouette);
    [...s.samples].forEach((v, i) => close(v, ref.silhouetteSamples[i]));
    close(calinskiHarabasz(X, ref.labels), ref.calinskiHarabasz);
    close(daviesBouldin(X, ref.labels), ref.daviesBouldin);
    close(adjustedRandIndex(F.blobs, ref.labels), ref.ariBlobsVsKmeans);
    close(adjustedRandIndex(F.blobs, F.agglomerativeWard4), ref.ariBlobsVsWard);
  });

  it('scalers: log1p, standard, min-max, robust and a log1p + standard pipeline', () => {
    const S = F.scalers;
    const input: number[][] = S.input;
    closeRows(toRows(fitLog1p(input).transform(input)), S.log1p);
    closeRows(toRows(fitStandardScaler(input).transform(input)), S.standard);
    closeRows(toRows(fitMinMaxScaler(input).transform(input)), S.minmax);
    closeRows(toRows(fitRobustScaler(input).transform(input)), S.robust);
    closeRows(toRows(fitPipeline(input, ['log1p', 'standard']).transform(input)), S.log1pStandard);
  });
});
