import { ParameterError } from '@shopper-spectrum/internal';

/**
 * The codes a {@link ClvError} can carry.
 *
 * - `EMPTY_INPUT`: a summary (or a transaction table) with no customers.
 * - `LENGTH_MISMATCH`: the columns of a summary have different lengths.
 * - `NON_FINITE`: a NaN or infinite value in a summary.
 * - `INVALID_FREQUENCY`: a frequency that is not a whole number >= 0.
 * - `INVALID_AGE`: an age `T` that is not > 0.
 * - `INVALID_RECENCY`: a recency below 0, above `T` (t_x > T), or non-zero for a customer with no
 *   repeat purchase.
 * - `INVALID_SPEND`: a mean spend that is not > 0 for a customer with repeat purchases.
 * - `NO_REPEAT_CUSTOMERS`: Gamma-Gamma was given no customer with frequency > 0.
 * - `INVALID_OPTION`: an option outside what is allowed.
 * - `INVALID_ARGUMENT`: another argument outside what is allowed (a horizon t < 0, n not whole).
 * - `INVALID_MODEL`: a serialised model that cannot be read.
 * - `FIT_FAILED`: the likelihood could not be evaluated at any point the optimiser reached (the
 *   fit never returns NaN parameters).
 * - `INVALID_CUTOFF`: a calibration / holdout cut-off outside the data.
 */
export type ClvErrorCode =
  | 'EMPTY_INPUT'
  | 'LENGTH_MISMATCH'
  | 'NON_FINITE'
  | 'INVALID_FREQUENCY'
  | 'INVALID_AGE'
  | 'INVALID_RECENCY'
  | 'INVALID_SPEND'
  | 'NO_REPEAT_CUSTOMERS'
  | 'INVALID_OPTION'
  | 'INVALID_ARGUMENT'
  | 'INVALID_MODEL'
  | 'FIT_FAILED'
  | 'INVALID_CUTOFF';

/**
 * The one error class of `@shopper-spectrum/clv`: unusable input or a programming error, with a
 * `code`, the `parameter` concerned (for a summary column, with the customer's index, such as
 * `recency[12]`), the bad `value` and what is `allowed`. Extends `ShopperSpectrumError` (through the
 * shared `ParameterError`), so `isShopperSpectrumError(e)` catches it with every other package's.
 *
 * @example
 * ```ts
 * try { fitBgNbd({ frequency: [1], recency: [5], T: [3] }); } catch (e) { console.log((e as ClvError).code, (e as ClvError).parameter); }
 * // => INVALID_RECENCY recency[0]
 * ```
 */
export class ClvError extends ParameterError<ClvErrorCode> {
  /** `'ClvError'`. */
  override readonly name = 'ClvError';
}
