import { quantileSorted } from '@shopper-spectrum/internal';

export { quantileSorted };

/**
 * The median (the 0.5 quantile of {@link quantileSorted}); NaN for no values.
 *
 * @param values - any values (not changed)
 * @returns the median
 * @example
 * ```ts
 * median([5, 1, 3, 2]);
 * // => 2.5
 * ```
 */
export function median(values: ArrayLike<number>): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return quantileSorted(sorted, 0.5);
}
