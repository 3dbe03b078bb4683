/** Test helpers the package's tests share. */
import fc from 'fast-check';
import { ClusterError } from '@shopper-spectrum/cluster';

/** The code of the ClusterError `f` throws, `'no error'`, or `'not a ClusterError'`. */
export const codeOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return e instanceof ClusterError ? e.code : `not a ClusterError: ${String(e)}`;
  }
  return 'no error';
};

/** The ClusterError `f` throws (fails the test otherwise). */
export const errorOf = (f: () => unknown): ClusterError => {
  try {
    f();
  } catch (e) {
    if (e instanceof ClusterError) return e;
    throw new Error(`expected a ClusterError, got ${String(e)}`);
  }
  throw new Error('expected a ClusterError, nothing was thrown');
};

/** Points in general position, mostly: unbiased integers (thousandths) rather than doubles, which favour 0. */
export const spread = fc
  .array(fc.tuple(fc.noBias(fc.integer({ min: -1e6, max: 1e6 })), fc.noBias(fc.integer({ min: -1e6, max: 1e6 }))), { minLength: 4, maxLength: 30 })
  .map((ps) => ps.map(([a, b]) => [a / 1e3, b / 1e3]));

/** 2-d points, duplicates and ties allowed. */
export const points = fc.array(fc.tuple(fc.double({ min: -50, max: 50, noNaN: true }), fc.double({ min: -50, max: 50, noNaN: true })), { minLength: 4, maxLength: 40 }).map((ps) => ps.map(([a, b]) => [a, b]));

/** Whether all pairwise distances of 2-d points are clearly distinct (so a tree has no ties). */
export function distinctDistances(X: readonly (readonly number[])[], metric: (a: readonly number[], b: readonly number[]) => number = (a, b) => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!)): boolean {
  const ds: number[] = [];
  for (let i = 0; i < X.length; i++) for (let j = i + 1; j < X.length; j++) ds.push(metric(X[i]!, X[j]!));
  ds.sort((a, b) => a - b);
  return ds[0]! > 1e-3 && ds.every((v, i) => i === 0 || v - ds[i - 1]! > 1e-6 * v);
}

/** Distinct rows of a point list (as strings), to know how many clusters are possible. */
export const distinctRows = (X: readonly (readonly number[])[]): number => new Set(X.map((r) => r.join(','))).size;

/** 2-d points on an integer grid: many duplicates, and distinct rows always a clear distance apart. */
export const gridPoints = fc.array(fc.tuple(fc.integer({ min: -6, max: 6 }), fc.integer({ min: -6, max: 6 })), { minLength: 1, maxLength: 30 }).map((ps) => ps.map(([a, b]) => [a, b]));
