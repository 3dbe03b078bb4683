import { quantileSorted } from '@shopper-spectrum/internal';
import { ClusterError } from '../errors.js';
import { toMatrix } from '../matrix.js';
import type { MatrixInput } from '../matrix.js';
import { elementwise, safeScale, sortedColumn } from './transform.js';
import type { FittedTransform } from './transform.js';

/**
 * `log1p` on every value, `expm1` back: tames the long right tails of frequency and monetary value
 * (scikit-learn's `FunctionTransformer(np.log1p, inverse_func=np.expm1)`). Values <= -1 are rejected.
 * Fitting only records the number of features.
 *
 * @param X - the training rows
 * @returns the fitted transform
 * @throws {@link ClusterError} `NON_FINITE` when a value is <= -1
 * @example
 * ```ts
 * fitLog1p([[0, 9]]).transformPoint([0, 9]);
 * // => [0, 2.302585092994046]
 * ```
 */
export function fitLog1p(X: MatrixInput): FittedTransform {
  const m = toMatrix(X);
  const t = elementwise('log1p', m.cols, Math.log1p, Math.expm1, () => ({ kind: 'log1p', features: m.cols }));
  t.transform(m);
  return t;
}

/**
 * Standardises each feature to mean 0 and standard deviation 1, as scikit-learn's `StandardScaler`
 * (population standard deviation; a constant feature keeps scale 1). O(n d).
 *
 * @param X - the training rows
 * @returns the fitted scaler
 * @example
 * ```ts
 * fitStandardScaler([[1], [3]]).transformPoint([3]);
 * // => [1]
 * ```
 */
export function fitStandardScaler(X: MatrixInput): FittedTransform {
  const m = toMatrix(X);
  const { rows: n, cols: d, data } = m;
  const mean = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += data[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  const scale = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) scale[j]! += (data[i * d + j]! - mean[j]!) ** 2;
  for (let j = 0; j < d; j++) scale[j] = safeScale(Math.sqrt(scale[j]! / n));
  return affine('standard', mean, scale, new Array<number>(d).fill(0));
}

/**
 * Rescales each feature to `[low, high]` (default [0, 1]), as scikit-learn's `MinMaxScaler`
 * (a constant feature keeps scale 1). O(n d).
 *
 * @param X - the training rows
 * @param range - the target range
 * @returns the fitted scaler
 * @throws {@link ClusterError} `INVALID_OPTION` when `range` is not increasing
 * @example
 * ```ts
 * fitMinMaxScaler([[2], [4]]).transformPoint([3]);
 * // => [0.5]
 * ```
 */
export function fitMinMaxScaler(X: MatrixInput, range: readonly [number, number] = [0, 1]): FittedTransform {
  if (!Array.isArray(range) || !(range[0] < range[1])) throw new ClusterError('INVALID_OPTION', 'range', range, '[low, high] with low < high');
  const m = toMatrix(X);
  const d = m.cols;
  const min = new Array<number>(d).fill(Infinity);
  const max = new Array<number>(d).fill(-Infinity);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < d; j++) {
      const v = m.data[i * d + j]!;
      if (v < min[j]!) min[j] = v;
      if (v > max[j]!) max[j] = v;
    }
  }
  const width = range[1] - range[0];
  const scale = min.map((lo, j) => safeScale(max[j]! - lo) / width);
  return affine('minmax', min, scale, new Array<number>(d).fill(range[0]));
}

/**
 * Centres each feature on its median and divides by its interquartile range (25th to 75th
 * percentile, numpy's linear interpolation), as scikit-learn's `RobustScaler`; outliers (the
 * 80,995-unit order) barely move it. A zero range keeps scale 1. O(n log n d).
 *
 * @param X - the training rows
 * @returns the fitted scaler
 * @example
 * ```ts
 * fitRobustScaler([[1], [2], [3], [4], [100]]).transformPoint([3]);
 * // => [0]
 * ```
 */
export function fitRobustScaler(X: MatrixInput): FittedTransform {
  const m = toMatrix(X);
  const d = m.cols;
  const q = quantileSorted;
  const center: number[] = [];
  const scale: number[] = [];
  for (let j = 0; j < d; j++) {
    const col = sortedColumn(m, j);
    center.push(q(col, 0.5));
    scale.push(safeScale(q(col, 0.75) - q(col, 0.25)));
  }
  return affine('robust', center, scale, new Array<number>(d).fill(0));
}

/** (v - offset) / scale + shift, per feature. */
function affine(kind: 'standard' | 'minmax' | 'robust', offset: number[], scale: number[], shift: number[]): FittedTransform {
  return elementwise(
    kind,
    offset.length,
    (v, j) => (v - offset[j]!) / scale[j]! + shift[j]!,
    (v, j) => (v - shift[j]!) * scale[j]! + offset[j]!,
    () => ({ kind, features: offset.length, offset: [...offset], scale: [...scale], shift: [...shift] }),
  );
}

/** Rebuilds an affine scaler from its parameters (used by {@link transformFromJSON}). */
export function affineFromParameters(kind: 'standard' | 'minmax' | 'robust', offset: number[], scale: number[], shift: number[]): FittedTransform {
  return affine(kind, offset, scale, shift);
}
