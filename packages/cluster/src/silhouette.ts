import { ClusterError } from './errors.js';
import { checkLabels, toMatrix } from './matrix.js';
import type { Matrix, MatrixInput } from './matrix.js';

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
 * bounded memory.
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
  const n = m.rows;
  const prepared = labelings.map((l, t) => {
    const { labels, k } = checkLabels(l, n, `labelings[${t}]`);
    const counts = new Float64Array(k);
    for (let i = 0; i < n; i++) counts[labels[i]!]!++;
    const used = counts.reduce((a, c) => a + (c > 0 ? 1 : 0), 0);
    if (used < 2 || used > n - 1) throw new ClusterError('INVALID_LABELS', labelings.length > 1 ? `labelings[${t}]` : 'labels', `${used} clusters`, `from 2 to n - 1 (${n - 1}) clusters`);
    return { labels, k, counts, sums: new Float64Array(k * n) };
  });
  pairSums(m, prepared);
  return prepared.map(({ labels, k, counts, sums }) => {
    const samples = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const own = labels[i]!;
      if (counts[own]! <= 1) continue;
      const a = sums[own * n + i]! / (counts[own]! - 1);
      let b = Infinity;
      for (let c = 0; c < k; c++) {
        if (c === own || counts[c] === 0) continue;
        const mean = sums[c * n + i]! / counts[c]!;
        if (mean < b) b = mean;
      }
      const s = Math.max(a, b) === 0 ? 0 : (b - a) / Math.max(a, b);
      samples[i] = s;
      total += s;
    }
    return { score: total / n, samples };
  });
}

/**
 * Adds, for every labelling, the distance of each pair (i < j) to row i's sum for j's cluster and to
 * row j's sum for i's cluster. Sums are cluster-major (`sums[c * n + row]`), so the writes for j run
 * sequentially; row i's sums collect in a small local array first.
 */
function pairSums(m: Matrix, prepared: { labels: Int32Array; k: number; sums: Float64Array }[]): void {
  const { rows: n, cols: d, data } = m;
  const row = new Float64Array(n);
  const locals = prepared.map((p) => new Float64Array(p.k));
  for (let i = 0; i < n; i++) {
    const io = i * d;
    if (d === 3) {
      const x0 = data[io]!;
      const x1 = data[io + 1]!;
      const x2 = data[io + 2]!;
      for (let j = i + 1; j < n; j++) {
        const jo = j * 3;
        const u0 = x0 - data[jo]!;
        const u1 = x1 - data[jo + 1]!;
        const u2 = x2 - data[jo + 2]!;
        row[j] = Math.sqrt(u0 * u0 + u1 * u1 + u2 * u2);
      }
    } else {
      for (let j = i + 1; j < n; j++) {
        let s = 0;
        const jo = j * d;
        for (let t = 0; t < d; t++) {
          const u = data[io + t]! - data[jo + t]!;
          s += u * u;
        }
        row[j] = Math.sqrt(s);
      }
    }
    for (let p = 0; p < prepared.length; p++) {
      const { labels, k, sums } = prepared[p]!;
      const acc = locals[p]!;
      acc.fill(0);
      const base = labels[i]! * n;
      for (let j = i + 1; j < n; j++) {
        const dist = row[j]!;
        acc[labels[j]!]! += dist;
        sums[base + j]! += dist;
      }
      for (let c = 0; c < k; c++) sums[c * n + i]! += acc[c]!;
    }
  }
}
