import { checkLabels, toMatrix } from './matrix.js';
import type { MatrixInput } from './matrix.js';

/**
 * The within-cluster sum of squares of a labelling: the sum over rows of the squared Euclidean
 * distance to the mean of the row's cluster. For k-means at convergence it is the inertia
 * (scikit-learn's `inertia_`); computed from labels alone, it gives the elbow curve of any
 * clustering algorithm. Labels need not be contiguous (unused labels are ignored; memory is O(n)
 * whatever their values). Two passes,
 * O(n d) time, O(k d) memory.
 *
 * @param X - rows, or a row-major matrix
 * @param labels - cluster of each row (integers >= 0, of any size)
 * @returns the sum of squares (0 when every cluster is one point)
 * @throws {@link ClusterError} `INVALID_LABELS` (wrong length, negative or fractional labels), and
 *   the input errors of {@link toMatrix}
 * @example
 * ```ts
 * withinClusterSS([[0, 0], [0, 2], [9, 9]], [0, 0, 1]);
 * // => 2
 * ```
 */
export function withinClusterSS(X: MatrixInput, labels: ArrayLike<number>): number {
  const m = toMatrix(X);
  const { labels: l, k } = checkLabels(labels, m.rows);
  const { rows: n, cols: d, data } = m;
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const c = l[i]!;
    counts[c]!++;
    for (let j = 0; j < d; j++) sums[c * d + j]! += data[i * d + j]!;
  }
  for (let c = 0; c < k; c++) if (counts[c]! > 0) for (let j = 0; j < d; j++) sums[c * d + j]! /= counts[c]!;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const co = l[i]! * d;
    for (let j = 0; j < d; j++) {
      const t = data[i * d + j]! - sums[co + j]!;
      total += t * t;
    }
  }
  return total;
}
