import { describe, expect, it } from 'vitest';
import { agglomerativeClusterer, chooseK, clusteringFromLabels, defineClusterer, kmeans, silhouette, silhouettes, toMatrix } from '@shopper-spectrum/cluster';
import type { KChoice } from '@shopper-spectrum/cluster';
import { chooseKParallel, SILHOUETTE_PARALLEL_DEFAULTS, silhouetteParallel, silhouettesParallel } from '@shopper-spectrum/cluster/node';
import { blobs } from '../test/fixtures/blobs.js';
import { codeOf } from '../test/helpers.js';

// Two blocks of 8,192 rows (the second one partial), so the tiles really are split across threads.
const X = toMatrix(blobs([[0, 0], [3, 0], [0, 4], [5, 5]], 2300, 1, 19));
const labels = kmeans(X, { k: 4, nInit: 1, seed: 0 }).labels;
const labels3 = kmeans(X, { k: 3, nInit: 1, seed: 0 }).labels;

const rejection = async (p: Promise<unknown>): Promise<string> => p.then(() => 'no error', (e: { code?: string }) => e.code ?? String(e));

describe('silhouetteParallel', () => {
  it('equals the single-threaded silhouette bit for bit, the mean and every row, on 9,200 rows', async () => {
    const sync = silhouette(X, labels);
    for (const threads of [2, 3]) {
      const par = await silhouetteParallel(X, labels, { threads });
      expect(par.score).toBe(sync.score);
      expect(Buffer.from(par.samples.buffer).equals(Buffer.from(sync.samples.buffer))).toBe(true);
    }
  }, 60_000);

  it('equals silhouettes for several labellings at once', async () => {
    const sync = silhouettes(X, [labels, labels3]);
    const par = await silhouettesParallel(X, [labels, labels3], { threads: 2 });
    expect(par.map((s) => s.score)).toEqual(sync.map((s) => s.score));
    expect(par[1]!.samples).toEqual(sync[1]!.samples);
  }, 60_000);

  it('runs one tile on the calling thread, with the same result', async () => {
    const small = [[0, 0], [0, 1], [5, 5], [5, 6]];
    expect((await silhouetteParallel(small, [0, 0, 1, 1])).score).toBe(silhouette(small, [0, 0, 1, 1]).score);
  });

  it('rejects bad threads and bad labels with ClusterError codes', async () => {
    expect(await rejection(silhouetteParallel(X, labels, { threads: 0 }))).toBe('INVALID_OPTION');
    expect(await rejection(silhouetteParallel(X, labels, { threads: 1.5 }))).toBe('INVALID_OPTION');
    expect(await rejection(silhouetteParallel([[0], [1], [2]], [0, 0, 0]))).toBe('INVALID_LABELS');
    expect(codeOf(() => SILHOUETTE_PARALLEL_DEFAULTS.threads)).toBe('no error');
    expect(SILHOUETTE_PARALLEL_DEFAULTS.threads).toBe('available');
  });
});

describe('chooseKParallel', () => {
  const R = toMatrix(blobs([[0, 0, 0], [3, 1, 0], [0, 3, 2], [4, 4, 4]], 400, 1, 23));
  const same = (a: KChoice, b: KChoice): void => {
    const bits = (v: number[]): string => Buffer.from(Float64Array.from(v).buffer).toString('hex');
    expect(bits(a.silhouette)).toBe(bits(b.silhouette));
    expect([a.k, a.reason, a.inertia, a.calinskiHarabasz, a.daviesBouldin, a.best]).toEqual([b.k, b.reason, b.inertia, b.calinskiHarabasz, b.daviesBouldin, b.best]);
    expect(a.labels).toEqual(b.labels);
  };

  it('returns what chooseK returns, bit for bit, with the default k-means, on 1 and 2 workers', async () => {
    const sync = chooseK(R, { kRange: [2, 8], seed: 3 });
    for (const threads of [1, 2]) same(await chooseKParallel(R, { kRange: [2, 8], seed: 3, threads }), sync);
  }, 60_000);

  it('returns what chooseK returns for a clusterer with a sweep (ward), and without silhouettes', async () => {
    const ward = agglomerativeClusterer({ linkage: 'ward' });
    same(await chooseKParallel(R, { clusterer: ward, criterion: 'silhouette' }), chooseK(R, { clusterer: ward, criterion: 'silhouette' }));
    same(await chooseKParallel(R, { silhouette: false, kRange: [2, 5] }), chooseK(R, { silhouette: false, kRange: [2, 5] }));
  }, 60_000);

  it('returns what chooseK returns past the rows whose distances a worker keeps (9,200 rows: one pass on threads)', async () => {
    const options = { kRange: [2, 4] as const, seed: 1, nInit: 1 };
    same(await chooseKParallel(X, options), chooseK(X, options));
  }, 60_000);

  it('rejects as chooseK does: a bad clusterer, a bad range, bad threads', async () => {
    const bad = defineClusterer((X) => clusteringFromLabels(X, new Int32Array(X.rows)), { name: 'one cluster' });
    expect(await rejection(chooseKParallel(R, { clusterer: bad }))).toBe(codeOf(() => chooseK(R, { clusterer: bad })));
    expect(await rejection(chooseKParallel(R, { kRange: [1, 3] }))).toBe('INVALID_K');
    expect(await rejection(chooseKParallel(R, { threads: 0 }))).toBe('INVALID_OPTION');
  });
});
