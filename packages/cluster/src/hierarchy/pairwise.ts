import { ClusterError } from '../errors.js';
import { DISTANCES } from '../distances.js';
import type { DistanceFn } from '../distances.js';
import type { Matrix } from '../matrix.js';

/** Position of the pair (i, j), i != j, in a condensed distance buffer of n points (scipy's layout). */
export const condensed = (n: number, i: number, j: number): number =>
  i < j ? n * i - (i * (i + 1)) / 2 + (j - i - 1) : n * j - (j * (j + 1)) / 2 + (i - j - 1);

/** Bytes of the condensed buffer of n points. */
export const condensedBytes = (n: number): number => ((n * (n - 1)) / 2) * 8;

/** Row views, made once (no allocation per pair). */
function rowViews(m: Matrix): Float64Array[] {
  return Array.from({ length: m.rows }, (_, i) => m.data.subarray(i * m.cols, (i + 1) * m.cols));
}

/** Refuses a cosine distance on a row of zeros (its direction is undefined; scipy gives NaN). */
function checkCosineRows(m: Matrix): void {
  const { rows: n, cols: d, data } = m;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += data[i * d + j]! * data[i * d + j]!;
    if (s === 0) throw new ClusterError('NON_FINITE', `X[${i}]`, 'a row of zeros', "rows with at least one non-zero value for distance 'cosine' (the cosine distance of a zero vector is undefined)");
  }
}

/** Checks a value a user's distance function returned. */
export function checkDistance(v: number, i: number, j: number): number {
  if (typeof v !== 'number' || Number.isNaN(v) || v === Infinity || v === -Infinity) throw new ClusterError('NON_FINITE', 'distance', `${String(v)} between rows ${i} and ${j}`, 'a function returning finite numbers');
  if (v < 0) throw new ClusterError('INVALID_OPTION', 'distance', `${v} between rows ${i} and ${j}`, 'a function returning distances >= 0');
  return v;
}

/**
 * A function giving the distance between rows x and i, with the built-ins inlined (Euclidean
 * unrolled for three columns) and a user's function called on row views and checked.
 */
export function pairDistance(m: Matrix, distance: DistanceFn): (x: number, i: number) => number {
  const { cols: d, data } = m;
  if (distance === DISTANCES.euclidean) {
    if (d === 3) {
      return (x, i) => {
        const u0 = data[3 * x]! - data[3 * i]!;
        const u1 = data[3 * x + 1]! - data[3 * i + 1]!;
        const u2 = data[3 * x + 2]! - data[3 * i + 2]!;
        return Math.sqrt(u0 * u0 + u1 * u1 + u2 * u2);
      };
    }
    return (x, i) => {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = data[x * d + j]! - data[i * d + j]!;
        s += t * t;
      }
      return Math.sqrt(s);
    };
  }
  if (distance === DISTANCES.manhattan) {
    return (x, i) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += Math.abs(data[x * d + j]! - data[i * d + j]!);
      return s;
    };
  }
  const rows = rowViews(m);
  if (distance === DISTANCES.cosine) {
    checkCosineRows(m);
    return (x, i) => distance(rows[x]!, rows[i]!);
  }
  return (x, i) => checkDistance(distance(rows[x]!, rows[i]!), x, i);
}

/** All pairwise distances in scipy's condensed layout (`pdist`): n (n - 1) / 2 doubles. */
export function condensedDistances(m: Matrix, distance: DistanceFn): Float64Array {
  const n = m.rows;
  const D = new Float64Array((n * (n - 1)) / 2);
  const dist = pairDistance(m, distance);
  for (let i = 0, p = 0; i < n; i++) for (let j = i + 1; j < n; j++) D[p++] = dist(i, j);
  return D;
}
