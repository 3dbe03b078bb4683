import { ClusterError } from './errors.js';
import { checkLabels, toMatrix } from './matrix.js';
import type { Matrix, MatrixInput } from './matrix.js';

function clusters(m: Matrix, labels: ArrayLike<number>, name: string): { labels: Int32Array; k: number; counts: Float64Array; centroids: Float64Array; used: number } {
  const { labels: l, k } = checkLabels(labels, m.rows);
  const d = m.cols;
  const counts = new Float64Array(k);
  const centroids = new Float64Array(k * d);
  for (let i = 0; i < m.rows; i++) {
    counts[l[i]!]!++;
    for (let j = 0; j < d; j++) centroids[l[i]! * d + j]! += m.data[i * d + j]!;
  }
  let used = 0;
  for (let c = 0; c < k; c++) {
    if (counts[c] === 0) continue;
    used++;
    for (let j = 0; j < d; j++) centroids[c * d + j]! /= counts[c]!;
  }
  if (used < 2 || used > m.rows - 1) throw new ClusterError('INVALID_LABELS', 'labels', `${used} clusters`, `from 2 to n - 1 (${m.rows - 1}) clusters for ${name}`);
  return { labels: l, k, counts, centroids, used };
}

/**
 * The Calinski-Harabasz index (variance ratio), as scikit-learn's `calinski_harabasz_score`:
 * `[B / (k - 1)] / [W / (n - k)]` with B the between-cluster and W the within-cluster sum of
 * squares; 1 when W is 0. Higher is better. O(n d).
 *
 * @param X - rows, or a row-major matrix
 * @param labels - cluster of each row (integers >= 0, not necessarily contiguous)
 * @returns the index
 * @throws {@link ClusterError} `INVALID_LABELS` (fewer than 2 or more than n - 1 clusters, labels not integers >= 0)
 * @example
 * ```ts
 * calinskiHarabasz([[0, 0], [0, 1], [5, 5], [5, 6]], [0, 0, 1, 1]);
 * // => 100
 * ```
 */
export function calinskiHarabasz(X: MatrixInput, labels: ArrayLike<number>): number {
  const m = toMatrix(X);
  const { labels: l, k, counts, centroids, used } = clusters(m, labels, 'Calinski-Harabasz');
  const { rows: n, cols: d, data } = m;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += data[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  let between = 0;
  for (let c = 0; c < k; c++) {
    if (counts[c] === 0) continue;
    let s = 0;
    for (let j = 0; j < d; j++) s += (centroids[c * d + j]! - mean[j]!) ** 2;
    between += counts[c]! * s;
  }
  let within = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) within += (data[i * d + j]! - centroids[l[i]! * d + j]!) ** 2;
  return within === 0 ? 1 : (between * (n - used)) / (within * (used - 1));
}

/**
 * The Davies-Bouldin index, as scikit-learn's `davies_bouldin_score`: the mean over clusters of
 * the largest `(s_i + s_j) / ||c_i - c_j||`, with `s` the mean distance of a cluster's rows to its
 * centroid; 0 when all `s` or all centroid distances are 0. Lower is better. O(n d + k^2 d).
 *
 * @param X - rows, or a row-major matrix
 * @param labels - cluster of each row (integers >= 0, not necessarily contiguous)
 * @returns the index
 * @throws {@link ClusterError} `INVALID_LABELS` (fewer than 2 or more than n - 1 clusters, labels not integers >= 0)
 * @example
 * ```ts
 * daviesBouldin([[0, 0], [0, 1], [5, 5], [5, 6]], [0, 0, 1, 1]);
 * // => 0.1414...
 * ```
 */
export function daviesBouldin(X: MatrixInput, labels: ArrayLike<number>): number {
  const m = toMatrix(X);
  const { labels: l, k, counts, centroids } = clusters(m, labels, 'Davies-Bouldin');
  const { rows: n, cols: d, data } = m;
  const present = Array.from({ length: k }, (_, c) => c).filter((c) => counts[c]! > 0);
  const intra = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (data[i * d + j]! - centroids[l[i]! * d + j]!) ** 2;
    intra[l[i]!]! += Math.sqrt(s);
  }
  for (const c of present) intra[c]! /= counts[c]!;
  const dist = (a: number, b: number) => {
    let s = 0;
    for (let j = 0; j < d; j++) s += (centroids[a * d + j]! - centroids[b * d + j]!) ** 2;
    return Math.sqrt(s);
  };
  const allClose = (xs: number[]) => xs.every((x) => Math.abs(x) <= 1e-8);
  const centroidDists: number[] = [];
  for (const a of present) for (const b of present) centroidDists.push(dist(a, b));
  if (allClose(present.map((c) => intra[c]!)) || allClose(centroidDists)) return 0;
  let total = 0;
  for (const a of present) {
    let worst = -Infinity;
    for (const b of present) {
      if (a === b) continue;
      const cd = dist(a, b);
      const r = (intra[a]! + intra[b]!) / (cd === 0 ? Infinity : cd);
      if (r > worst) worst = r;
    }
    total += worst;
  }
  return total / present.length;
}

/**
 * The adjusted Rand index between two partitions of the same rows, as scikit-learn's
 * `adjusted_rand_score` (pair-counting form, exact integer counts): 1 for identical partitions
 * (whatever the label names), about 0 for independent ones, possibly negative. Symmetric. Labels
 * are names: any integers >= 0, of any size. O(n + ka kb) time with a dense contingency table, or
 * O(n) with a sparse one when the clusters are many.
 *
 * @param a - labels of the first partition
 * @param b - labels of the second
 * @returns the index
 * @throws {@link ClusterError} `INVALID_LABELS` when lengths differ or labels are not integers >= 0
 * @example
 * ```ts
 * adjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0]);
 * // => 1
 * ```
 */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a === null || typeof a !== 'object' || typeof a.length !== 'number') throw new ClusterError('INVALID_LABELS', 'a', a, 'an array of labels');
  const n = a.length;
  if (b === null || typeof b !== 'object' || b.length !== n) throw new ClusterError('INVALID_LABELS', 'b', b !== null && typeof b === 'object' && typeof b.length === 'number' ? `${b.length} labels` : b, `as many labels as a (${n})`);
  const { labels: la, k: ka } = checkLabels(a, n, 'a');
  const { labels: lb, k: kb } = checkLabels(b, n, 'b');
  const rowSums = new Float64Array(ka);
  const colSums = new Float64Array(kb);
  for (let i = 0; i < n; i++) {
    rowSums[la[i]!]!++;
    colSums[lb[i]!]!++;
  }
  // the non-zero cells of the contingency table, as (row, column, count)
  const cells: [number, number, number][] = [];
  if (ka * kb <= Math.max(1 << 16, 4 * n)) {
    const table = new Float64Array(ka * kb);
    for (let i = 0; i < n; i++) table[la[i]! * kb + lb[i]!]!++;
    for (let r = 0; r < ka; r++) for (let c = 0; c < kb; c++) if (table[r * kb + c]! > 0) cells.push([r, c, table[r * kb + c]!]);
  } else {
    const table = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const key = la[i]! * kb + lb[i]!;
      table.set(key, (table.get(key) ?? 0) + 1);
    }
    for (const [key, v] of table) cells.push([Math.floor(key / kb), key % kb, v]);
  }
  let sumSquares = 0n;
  let rowDot = 0n;
  let colDot = 0n;
  for (const [r, c, count] of cells) {
    const v = BigInt(count);
    sumSquares += v * v;
    rowDot += v * BigInt(colSums[c]!);
    colDot += v * BigInt(rowSums[r]!);
  }
  const N = BigInt(n);
  const tp = sumSquares - N;
  const fp = rowDot - sumSquares;
  const fn = colDot - sumSquares;
  const tn = N * N - fp - fn - sumSquares;
  if (fn === 0n && fp === 0n) return 1;
  const num = 2n * (tp * tn - fn * fp);
  const den = (tp + fn) * (fn + tn) + (tp + fp) * (fp + tn);
  return Number(num) / Number(den);
}
