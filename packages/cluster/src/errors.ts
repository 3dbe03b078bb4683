import { ParameterError } from '@shopper-spectrum/internal';

/**
 * The codes a {@link ClusterError} can carry.
 *
 * - `EMPTY_INPUT`: the matrix has no rows or no columns (or counts of them that are not whole
 *   numbers), or the input is not a matrix at all.
 * - `RAGGED_MATRIX`: rows of different lengths.
 * - `NON_FINITE`: a NaN or infinite value (or one a transform cannot take, like log1p of -2).
 * - `INVALID_K`: k is not an integer from 1 to the number of rows.
 * - `INVALID_LABELS`: labels that do not fit the matrix or the measure (one cluster for silhouette).
 * - `DIMENSION_MISMATCH`: a row or matrix with the wrong number of columns.
 * - `INVALID_OPTION`: another option outside what is allowed.
 * - `INVALID_MODEL`: a serialised model that cannot be read.
 * - `TOO_LARGE`: the input needs more memory than the method allows (see its docs).
 * - `MISSING_DEPENDENCY`: an optional peer dependency (ml-kmeans, ml-hclust for
 *   `@shopper-spectrum/cluster/mljs`) is not installed or cannot be loaded; the message gives the
 *   npm command.
 */
export type ClusterErrorCode =
  | 'EMPTY_INPUT'
  | 'RAGGED_MATRIX'
  | 'NON_FINITE'
  | 'INVALID_K'
  | 'INVALID_LABELS'
  | 'DIMENSION_MISMATCH'
  | 'INVALID_OPTION'
  | 'INVALID_MODEL'
  | 'TOO_LARGE'
  | 'MISSING_DEPENDENCY';

/**
 * The one error class of `@shopper-spectrum/cluster`, with a `code`, the `parameter` concerned, the
 * bad `value` and what is `allowed`.
 * Extends `ShopperSpectrumError` (through the shared `ParameterError`): `isShopperSpectrumError(e)` or
 * `e instanceof ShopperSpectrumError` catches it with the errors of every other package.
 *
 * @example
 * ```ts
 * try { kmeans([[1], [2]], { k: 3 }); } catch (e) { console.log((e as ClusterError).code); }
 * // => INVALID_K
 * ```
 */
export class ClusterError extends ParameterError<ClusterErrorCode> {
  /** `'ClusterError'`. */
  override readonly name = 'ClusterError';
}
