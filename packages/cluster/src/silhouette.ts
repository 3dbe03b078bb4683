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
 * @param labels - cluster of each row (integers >= 0)
 * @returns the mean score and per-row values
 * @throws {@link ClusterError} `INVALID_LABELS` (fewer than 2 or more than n - 1 clusters, wrong
 *   length, negative labels), and the input errors of {@link toMatrix}
 * @example
 * ```ts
 * silhouette([[0, 0], [0, 1], [5, 5], [5, 6]], [0, 0, 1, 1]).score;
 * // => 0.8526...
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
    return { labels, k, counts, sums: new Float64Array(n * k) };
  });
  if (prepared.length === 1) pairSums1(m, prepared[0]!.labels, prepared[0]!.k, prepared[0]!.sums);
  else pairSumsMany(m, prepared);
  return prepared.map(({ labels, k, counts, sums }) => {
    const samples = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const own = labels[i]!;
      if (counts[own]! <= 1) continue;
      const a = sums[i * k + own]! / (counts[own]! - 1);
      let b = Infinity;
      for (let c = 0; c < k; c++) {
        if (c === own || counts[c] === 0) continue;
        const mean = sums[i * k + c]! / counts[c]!;
        if (mean < b) b = mean;
      }
      const s = Math.max(a, b) === 0 ? 0 : (b - a) / Math.max(a, b);
      samples[i] = s;
      total += s;
    }
    return { score: total / n, samples };
  });
}

function pairSums1(m: Matrix, labels: Int32Array, k: number, sums: Float64Array): void {
  const { rows: n, cols: d, data } = m;
  for (let i = 0; i < n; i++) {
    const li = labels[i]!;
    const io = i * d;
    let rowOwn = 0;
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      const jo = j * d;
      for (let t = 0; t < d; t++) {
        const u = data[io + t]! - data[jo + t]!;
        s += u * u;
      }
      const dist = Math.sqrt(s);
      const lj = labels[j]!;
      if (lj === li) rowOwn += dist;
      else sums[i * k + lj]! += dist;
      sums[j * k + li]! += dist;
    }
    sums[i * k + li]! += rowOwn;
  }
}

function pairSumsMany(m: Matrix, prepared: { labels: Int32Array; k: number; sums: Float64Array }[]): void {
  const { rows: n, cols: d, data } = m;
  const L = prepared.length;
  const labelsOf = prepared.map((p) => p.labels);
  const ks = prepared.map((p) => p.k);
  const sumsOf = prepared.map((p) => p.sums);
  const row = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const io = i * d;
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      const jo = j * d;
      for (let t = 0; t < d; t++) {
        const u = data[io + t]! - data[jo + t]!;
        s += u * u;
      }
      row[j] = Math.sqrt(s);
    }
    for (let p = 0; p < L; p++) {
      const labels = labelsOf[p]!;
      const k = ks[p]!;
      const sums = sumsOf[p]!;
      const li = labels[i]!;
      const base = i * k;
      for (let j = i + 1; j < n; j++) {
        const dist = row[j]!;
        sums[base + labels[j]!]! += dist;
        sums[j * k + li]! += dist;
      }
    }
  }
}
