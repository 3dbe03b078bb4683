import { describe, expect, it } from 'vitest';
import { kmeans, silhouette, silhouettes, toMatrix } from '@shopper-spectrum/cluster';
import { SILHOUETTE_PARALLEL_DEFAULTS, silhouetteParallel, silhouettesParallel } from '@shopper-spectrum/cluster/node';
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
