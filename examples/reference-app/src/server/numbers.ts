/** The rounding and the median the answers share. */

/**
 * `x` rounded to `digits` decimals (half away from zero for positive values, as `Math.round`).
 *
 * @example
 * ```ts
 * round(2.345678, 2);
 * // => 2.35
 * ```
 */
export const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * The median of some values (the mean of the two middle ones for an even count, as pandas
 * `median`), or null for none. Sorts a copy: O(n log n).
 *
 * @example
 * ```ts
 * median([3, 1, 4, 1]);
 * // => 2
 * ```
 */
export function median(values: ArrayLike<number>): number | null {
  const n = values.length;
  if (n === 0) return null;
  const sorted = Float64Array.from(values).sort();
  return n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
}

/** `part / whole`, or 0 when the whole is 0. */
export const share = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);
