/**
 * Ward on the real data: the 4,338 customers of the UCI Online Retail file (notebook cleaning
 * preset), R, F, M through log1p and standard scaling (what `pnpm bench` clusters), against scipy
 * 1.10.1's `linkage(X, 'ward')` on the same matrix.
 *
 * The reference was computed with Debian's python3-scipy on the matrix this test builds, written as
 * CSV (`r.join(',')`: JavaScript's shortest round-trip form, which numpy's loadtxt reads back exactly):
 *
 *   Z = linkage(np.loadtxt(csv, delimiter=','), 'ward')
 *   sha256(','.join(str(int(v)) for v in Z[:, :2].ravel()))   # the merged pairs, in order
 *   Z[:, 2].sum(), Z[-5:, 2], Z[-5:, 3]                          # heights and sizes
 *
 * Runs in CI (fails without the file); skipped in a clone without ../shared.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanTransactions } from '@shopper-spectrum/core';
import { loadTransactions } from '@shopper-spectrum/core/node';
import { rfmTable } from '@shopper-spectrum/rfm';
import { agglomerative, fitPipeline, toMatrix } from '@shopper-spectrum/cluster';
import type { Matrix } from '@shopper-spectrum/cluster';

const path = process.env.SHOPPER_SPECTRUM_DATA ?? fileURLToPath(new URL('../../../../shared/data/online-retail.csv.gz', import.meta.url));
const mustRun = process.env.CI === 'true' || process.env.CI === '1' || process.env.SHOPPER_SPECTRUM_DATA !== undefined || existsSync(path);

const SCIPY = {
  rows: 4338,
  mergesSha256: '7f57e4257cb29da494778ab4f6fcfbf4aa4bf4398d1ddcc0997de74be3f20c58',
  heightSum: 1900.2751616767234,
  lastHeights: [31.23855427157094, 40.46901609219131, 45.193269055050266, 47.58422296111118, 111.62053730155236],
  lastSizes: [1364, 1820, 2732, 1606, 4338],
};

describe.runIf(mustRun)('ward on the Online Retail RFM rows (real data)', () => {
  let X: Matrix;
  beforeAll(async () => {
    const rfm = rfmTable(cleanTransactions((await loadTransactions(path)).table, { preset: 'notebook' }).table);
    const rows = Array.from({ length: rfm.length }, (_, i) => [rfm.recency[i]!, rfm.frequency[i]!, rfm.monetary[i]!]);
    X = toMatrix(fitPipeline(rows, ['log1p', 'standard']).transform(rows));
  }, 60_000);

  it("merges the same pairs in the same order as scipy's linkage, with its heights and sizes", () => {
    const tree = agglomerative(X, { linkage: 'ward' });
    expect(tree.n).toBe(SCIPY.rows);
    expect(createHash('sha256').update([...tree.merges].join(',')).digest('hex')).toBe(SCIPY.mergesSha256);
    expect(Math.abs(tree.heights.reduce((a, h) => a + h, 0) - SCIPY.heightSum)).toBeLessThan(1e-9);
    [...tree.heights.slice(-5)].forEach((h, i) => expect(Math.abs(h - SCIPY.lastHeights[i]!)).toBeLessThan(1e-12 * SCIPY.lastHeights[i]!));
    expect([...tree.sizes.slice(-5)]).toEqual(SCIPY.lastSizes);
  });
});
