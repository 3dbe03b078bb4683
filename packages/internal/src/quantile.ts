/**
 * The `p`-quantile of sorted values with linear interpolation between closest ranks: numpy's
 * default `percentile` / `quantile` (method `'linear'`, R type 7), which pandas `qcut` and
 * scikit-learn's `RobustScaler` use. O(1) on sorted input.
 *
 * @param sorted - ascending values, at least one
 * @param p - the probability, from 0 to 1
 * @returns the quantile
 * @example
 * ```ts
 * quantileSorted([1, 2, 3, 4], 0.5);
 * // => 2.5
 * ```
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  if (lo + 1 >= sorted.length) return a;
  return a + (h - lo) * (sorted[lo + 1]! - a);
}
