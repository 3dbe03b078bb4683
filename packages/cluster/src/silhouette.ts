import { ClusterError } from './errors.js';
import { checkLabels, toMatrix } from './matrix.js';
import type { MatrixInput } from './matrix.js';
import { silhouettesFromSums, tilePairSums } from './silhouetteTiles.js';
import type { TileLabels } from './silhouetteTiles.js';

/** A silhouette: the mean score and one value per row. */
export interface Silhouette {
  /** Mean of `samples`, in [-1, 1]. */
  readonly score: number;
  /** Per row: `(b - a) / max(a, b)`, 0 for rows alone in their cluster. */
  readonly samples: Float64Array;
}

/**
 * The silhouette of a clustering, exactly as scikit-learn's `silhouette_samples` /
 * `silhouette_score` (Euclidean): for row i, `a` = mean distance to the other rows of its cluster,
 * `b` = the smallest mean distance to the rows of another cluster, `s = (b - a) / max(a, b)`;
 * 0 for a row alone in its cluster. Labels need not be contiguous; unused labels are ignored.
 *
 * Computed over all pairs once (each distance used for both rows), accumulating per-row cluster
 * sums: O(n^2 d) time and O(n k) extra memory, never an n x n matrix, so 100,000 rows run in
 * bounded memory. The pairs are taken in tiles of 8,192 rows in one fixed summation order, so
 * `silhouetteParallel` in `@shopper-spectrum/cluster/node` (both cores) returns the same bits. For
 * inputs too large for O(n^2), {@link sampledSilhouette} estimates the score with a confidence
 * interval.
 *
 * @param X - rows, or a row-major matrix
 * @param labels - cluster of each row (integers >= 0, of any size)
 * @returns the mean score and per-row values
 * @throws {@link ClusterError} `INVALID_LABELS` (fewer than 2 or more than n - 1 clusters, wrong
 *   length, negative or fractional labels), and the input errors of {@link toMatrix}
 * @example
 * ```ts
 * silhouette([[0, 0], [0, 1], [5, 5], [5, 6]], [0, 0, 1, 1]).score;
 * // => 0.8585856960087929
 * ```
 */
export function silhouette(X: MatrixInput, labels: ArrayLike<number>): Silhouette {
  const m = toMatrix(X);
  return silhouettes(m, [labels])[0]!;
}

/**
 * Silhouettes of several labellings of the same rows in one pass over the pairs: the distances are
 * computed once and shared (what `chooseK` uses to score k = 2..10 together). O(n^2 (d + L)) time.
 *
 * @param X - rows, or a row-major matrix
 * @param labelings - the labellings
 * @returns one silhouette per labelling
 * @throws {@link ClusterError} as {@link silhouette}
 * @example
 * ```ts
 * silhouettes(X, [kmeans(X, { k: 2 }).labels, kmeans(X, { k: 3 }).labels]).map((s) => s.score);
 * ```
 */
export function silhouettes(X: MatrixInput, labelings: readonly ArrayLike<number>[]): Silhouette[] {
  const m = toMatrix(X);
  const { lab, counts } = prepareLabelings(m.rows, labelings);
  return silhouettesFromSums(m.rows, lab, counts, tilePairSums(m.data, m.cols, m.rows, lab));
}

/**
 * Checks the labellings (2 to n - 1 clusters used each) and flattens them for the tiles.
 * @internal
 */
export function prepareLabelings(n: number, labelings: readonly ArrayLike<number>[]): { lab: TileLabels; counts: Float64Array[] } {
  const L = labelings.length;
  const labels = new Int32Array(L * n);
  const ks = new Int32Array(L);
  const offsets = new Int32Array(L);
  const counts: Float64Array[] = [];
  let total = 0;
  labelings.forEach((l, t) => {
    const { labels: checked, k } = checkLabels(l, n, `labelings[${t}]`);
    const cnt = new Float64Array(k);
    for (let i = 0; i < n; i++) cnt[checked[i]!]!++;
    const used = cnt.reduce((a, c) => a + (c > 0 ? 1 : 0), 0);
    if (used < 2 || used > n - 1) throw new ClusterError('INVALID_LABELS', L > 1 ? `labelings[${t}]` : 'labels', `${used} clusters`, `from 2 to n - 1 (${n - 1}) clusters`);
    labels.set(checked, t * n);
    ks[t] = k;
    offsets[t] = total;
    total += k;
    counts.push(cnt);
  });
  const flat = new Int32Array(L * n);
  for (let t = 0; t < L; t++) for (let i = 0; i < n; i++) flat[t * n + i] = offsets[t]! + labels[t * n + i]!;
  return { lab: { labels, flat, ks, offsets, total }, counts };
}
