import { SeededRandom } from '@shopper-spectrum/internal';
import { ClusterError } from './errors.js';
import { checkLabels, toMatrix } from './matrix.js';
import type { Matrix, MatrixInput } from './matrix.js';
import { silhouette } from './silhouette.js';

/**
 * The defaults of {@link sampledSilhouette}: 1,000 rows, seed 0, a 95% interval.
 *
 * @example
 * ```ts
 * SAMPLED_SILHOUETTE_DEFAULTS.sampleSize;
 * // => 1000
 * ```
 */
export const SAMPLED_SILHOUETTE_DEFAULTS = Object.freeze({
  /** Rows sampled (all rows when there are no more than this). */
  sampleSize: 1000,
  /** Seed of the sample. */
  seed: 0,
  /** Coverage of the interval. */
  confidence: 0.95,
});

/** Options of {@link sampledSilhouette}. */
export interface SampledSilhouetteOptions {
  /**
   * Rows to sample, spread over the clusters in proportion to their sizes (at least 2 per cluster
   * that has 2 rows, so every stratum has a variance). At or above the number of rows, every row is
   * taken and the result is the exact silhouette.
   * @defaultValue {@link SAMPLED_SILHOUETTE_DEFAULTS | SAMPLED_SILHOUETTE_DEFAULTS.sampleSize} (`1000`)
   */
  readonly sampleSize?: number;
  /**
   * Seed of the sample (the same seed and input give the same sample and figures).
   * @defaultValue {@link SAMPLED_SILHOUETTE_DEFAULTS | SAMPLED_SILHOUETTE_DEFAULTS.seed} (`0`)
   */
  readonly seed?: number;
  /**
   * Coverage of the interval, in (0, 1).
   * @defaultValue {@link SAMPLED_SILHOUETTE_DEFAULTS | SAMPLED_SILHOUETTE_DEFAULTS.confidence} (`0.95`)
   */
  readonly confidence?: number;
}

/** An estimated silhouette with its confidence interval. */
export interface SampledSilhouette {
  /** The estimate of the mean silhouette of all rows (the stratified sample mean). */
  readonly score: number;
  /** Lower end of the interval (clipped to -1). */
  readonly lower: number;
  /** Upper end of the interval (clipped to 1). */
  readonly upper: number;
  /** Standard error of `score` (0 when every row was taken). */
  readonly standardError: number;
  /** The interval's nominal coverage. */
  readonly confidence: number;
  /** Rows sampled. */
  readonly sampleSize: number;
  /** Whether every row was taken: `score` is then the exact silhouette and the interval a point. */
  readonly exact: boolean;
  /** The sampled rows, ascending. */
  readonly rows: Int32Array;
  /** The exact silhouette of each sampled row (against all rows), in the order of `rows`. */
  readonly samples: Float64Array;
}

/**
 * The standard normal quantile (Acklam's rational approximation, relative error under 1.2e-9).
 */
function normalQuantile(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const e = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((e[0]! * q + e[1]!) * q + e[2]!) * q + e[3]!) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** The exact silhouette of row p against all rows (the definition of `silhouette`), O(n d). */
function rowSilhouette(m: Matrix, labels: Int32Array, counts: Float64Array, k: number, p: number, sums: Float64Array): number {
  const { rows: n, cols: d, data } = m;
  const own = labels[p]!;
  if (counts[own]! <= 1) return 0;
  sums.fill(0);
  const po = p * d;
  for (let j = 0; j < n; j++) {
    if (j === p) continue;
    let s = 0;
    const jo = j * d;
    for (let t = 0; t < d; t++) {
      const u = data[po + t]! - data[jo + t]!;
      s += u * u;
    }
    sums[labels[j]!]! += Math.sqrt(s);
  }
  const a = sums[own]! / (counts[own]! - 1);
  let b = Infinity;
  for (let c = 0; c < k; c++) {
    if (c === own || counts[c] === 0) continue;
    const mean = sums[c]! / counts[c]!;
    if (mean < b) b = mean;
  }
  const top = Math.max(a, b);
  return top === 0 ? 0 : (b - a) / top;
}

/**
 * An estimate of the mean silhouette ({@link silhouette}'s score) from a seeded stratified sample,
 * with a confidence interval, for inputs too large for the exact O(n^2 d) pass.
 *
 * The strata are the clusters; each gets rows in proportion to its size (largest remainders, at
 * least 2 per cluster of 2 rows or more), drawn without replacement. Each sampled row's silhouette
 * is computed exactly against all n rows, so the only error is sampling. The estimate is the
 * stratified mean `sum_c W_c mean_c` (`W_c = n_c / n`), unbiased for the exact score; its variance
 * `sum_c W_c^2 (1 - m_c / n_c) s_c^2 / m_c` (with the finite-population correction, `s_c^2` the
 * stratum's sample variance), and the interval `score +- z SE` with `z` the normal quantile of
 * `(1 + confidence) / 2` (the central limit theorem; clipped to [-1, 1]). The coverage is nominal
 * for samples of a few hundred rows and more (a simulation test checks it); with very few rows per
 * cluster it can fall short. Unlike scikit-learn's `silhouette_score(sample_size=...)`, which
 * computes silhouettes within the sample only, the sampled rows are scored against the whole data.
 * O(m n d) time for m sampled rows, O(n + k) memory.
 *
 * @param X - rows, or a row-major matrix
 * @param labels - cluster of each row
 * @param options - sample size, seed, confidence (see {@link SAMPLED_SILHOUETTE_DEFAULTS})
 * @returns the estimate, its interval and standard error, and the sampled rows' silhouettes
 * @throws {@link ClusterError} `INVALID_OPTION` (a sample size that is not an integer >= 2, a seed
 *   that is not an integer, a confidence outside (0, 1)), and the errors of {@link silhouette}
 * @example
 * ```ts
 * const est = sampledSilhouette(X, labels, { sampleSize: 2000, seed: 1 });
 * [est.score, est.lower, est.upper]; // the exact score is inside with 95% confidence
 * // => [0.5282, 0.5197, 0.5367] (for example)
 * ```
 */
export function sampledSilhouette(X: MatrixInput, labels: ArrayLike<number>, options: SampledSilhouetteOptions = {}): SampledSilhouette {
  const m = toMatrix(X);
  const n = m.rows;
  const sampleSize = options.sampleSize ?? SAMPLED_SILHOUETTE_DEFAULTS.sampleSize;
  if (!Number.isInteger(sampleSize) || sampleSize < 2) throw new ClusterError('INVALID_OPTION', 'sampleSize', sampleSize, 'an integer >= 2');
  const seed = options.seed ?? SAMPLED_SILHOUETTE_DEFAULTS.seed;
  if (!Number.isInteger(seed)) throw new ClusterError('INVALID_OPTION', 'seed', seed, 'an integer');
  const confidence = options.confidence ?? SAMPLED_SILHOUETTE_DEFAULTS.confidence;
  if (!(confidence > 0 && confidence < 1)) throw new ClusterError('INVALID_OPTION', 'confidence', confidence, 'a number in (0, 1)');
  const { labels: lab, k } = checkLabels(labels, n);
  const counts = new Float64Array(k);
  for (let i = 0; i < n; i++) counts[lab[i]!]!++;
  const used = counts.reduce((a, c) => a + (c > 0 ? 1 : 0), 0);
  if (used < 2 || used > n - 1) throw new ClusterError('INVALID_LABELS', 'labels', `${used} clusters`, `from 2 to n - 1 (${n - 1}) clusters`);
  if (sampleSize >= n) {
    const s = silhouette(m, lab);
    return { score: s.score, lower: s.score, upper: s.score, standardError: 0, confidence, sampleSize: n, exact: true, rows: Int32Array.from({ length: n }, (_, i) => i), samples: s.samples };
  }
  // Allocation: proportional, largest remainders (ties to the lower cluster), at least min(2, n_c).
  const take = new Int32Array(k);
  const remainders: [number, number][] = [];
  let allotted = 0;
  for (let c = 0; c < k; c++) {
    const exact = (sampleSize * counts[c]!) / n;
    take[c] = Math.floor(exact);
    allotted += take[c]!;
    remainders.push([exact - take[c]!, c]);
  }
  remainders.sort((p, q) => q[0] - p[0] || p[1] - q[1]);
  for (let r = 0; allotted < sampleSize && r < remainders.length; r++, allotted++) take[remainders[r]![1]]!++;
  for (let c = 0; c < k; c++) take[c] = Math.min(counts[c]!, Math.max(take[c]!, Math.min(2, counts[c]!)));
  // Rows of each cluster, then a partial Fisher-Yates shuffle per cluster, clusters in order.
  const start = new Int32Array(k + 1);
  for (let c = 0; c < k; c++) start[c + 1] = start[c]! + counts[c]!;
  const byCluster = new Int32Array(n);
  const fill = start.slice(0, k);
  for (let i = 0; i < n; i++) byCluster[fill[lab[i]!]!++] = i;
  const random = new SeededRandom(seed);
  const chosen: number[] = [];
  for (let c = 0; c < k; c++) {
    const lo = start[c]!;
    const size = counts[c]!;
    for (let t = 0; t < take[c]!; t++) {
      const j = lo + t + random.int(size - t);
      const v = byCluster[j]!;
      byCluster[j] = byCluster[lo + t]!;
      byCluster[lo + t] = v;
      chosen.push(v);
    }
  }
  const rows = Int32Array.from(chosen).sort();
  const samples = new Float64Array(rows.length);
  const sums = new Float64Array(k);
  const sum = new Float64Array(k);
  const sumSq = new Float64Array(k);
  rows.forEach((p, t) => {
    const s = rowSilhouette(m, lab, counts, k, p, sums);
    samples[t] = s;
    sum[lab[p]!]! += s;
  });
  const mean = Float64Array.from(sum, (s, c) => (take[c]! > 0 ? s / take[c]! : 0));
  rows.forEach((p, t) => {
    const u = samples[t]! - mean[lab[p]!]!;
    sumSq[lab[p]!]! += u * u;
  });
  let score = 0;
  let variance = 0;
  for (let c = 0; c < k; c++) {
    const mc = take[c]!;
    if (mc === 0) continue;
    const w = counts[c]! / n;
    score += w * mean[c]!;
    if (mc > 1) variance += (w * w * (1 - mc / counts[c]!) * (sumSq[c]! / (mc - 1))) / mc;
  }
  const standardError = Math.sqrt(variance);
  const z = normalQuantile((1 + confidence) / 2);
  return {
    score,
    lower: Math.max(-1, score - z * standardError),
    upper: Math.min(1, score + z * standardError),
    standardError,
    confidence,
    sampleSize: rows.length,
    exact: false,
    rows,
    samples,
  };
}
