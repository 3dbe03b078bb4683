import { ParameterError } from '@shopper-spectrum/internal';

/**
 * The codes a {@link MetricsError} can carry.
 *
 * - `INVALID_K`: K is not a positive integer.
 * - `INVALID_RANKING`: a ranking is not an array of item ids, or holds NaN.
 * - `DUPLICATE_ITEM`: an item appears twice in a ranking (with `duplicates: 'error'`).
 * - `EMPTY_RELEVANT`: a user has no relevant item (with `emptyRelevant: 'error'`).
 * - `DIMENSION_MISMATCH`: lists of rankings and of relevant sets differ in length.
 * - `INVALID_OPTION`: another option outside what is allowed.
 * - `INVALID_ARGUMENT`: an argument of the wrong kind (a split cutoff that is not a date...).
 */
export type MetricsErrorCode = 'INVALID_K' | 'INVALID_RANKING' | 'DUPLICATE_ITEM' | 'EMPTY_RELEVANT' | 'DIMENSION_MISMATCH' | 'INVALID_OPTION' | 'INVALID_ARGUMENT';

/**
 * The one error class of `@shopper-spectrum/metrics`, with a `code`, the `parameter`, the bad
 * `value` and what is `allowed`.
 * Extends `ShopperSpectrumError` (through the shared `ParameterError`): `isShopperSpectrumError(e)` or
 * `e instanceof ShopperSpectrumError` catches it with the errors of every other package.
 *
 * @example
 * ```ts
 * try { precisionAtK([1, 2], [1], 0); } catch (e) { console.log((e as MetricsError).code); }
 * // => INVALID_K
 * ```
 */
export class MetricsError extends ParameterError<MetricsErrorCode> {
  /** `'MetricsError'`. */
  override readonly name = 'MetricsError';
}
