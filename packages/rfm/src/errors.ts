import { ParameterError } from '@shopper-spectrum/internal';

/**
 * The codes an {@link RfmError} can carry.
 *
 * - `EMPTY_INPUT`: the table has no rows.
 * - `NO_CUSTOMERS`: no row has a customer id.
 * - `INVALID_AS_OF`: `asOf` is unreadable or before the last purchase in the table.
 * - `INVALID_BINS`: `bins` is not an integer from 2 to 20.
 * - `INVALID_OPTION`: another option is outside what is allowed.
 * - `INVALID_ARGUMENT`: an argument is malformed (lengths differ, NaN values).
 * - `INVALID_SEGMENT_MAP`: a segment map is malformed (a box outside 1..bins, no segments).
 * - `BINS_MISMATCH`: scores and segment map were made for different numbers of bins.
 */
export type RfmErrorCode =
  | 'EMPTY_INPUT'
  | 'NO_CUSTOMERS'
  | 'INVALID_AS_OF'
  | 'INVALID_BINS'
  | 'INVALID_OPTION'
  | 'INVALID_ARGUMENT'
  | 'INVALID_SEGMENT_MAP'
  | 'BINS_MISMATCH';

/**
 * The one error class of `@shopper-spectrum/rfm`: a programming error or unusable input, with a
 * `code`, the `parameter` concerned, the bad `value` and what is `allowed`.
 * Extends `ShopperSpectrumError` (through the shared `ParameterError`): `isShopperSpectrumError(e)` or
 * `e instanceof ShopperSpectrumError` catches it with the errors of every other package.
 *
 * @example
 * ```ts
 * try { rfmScores(rfm, { bins: 1 }); } catch (e) { console.log((e as RfmError).code); }
 * // => INVALID_BINS
 * ```
 */
export class RfmError extends ParameterError<RfmErrorCode> {
  /** `'RfmError'`. */
  override readonly name = 'RfmError';
}
