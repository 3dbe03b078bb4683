import { ParameterError } from '@shopper-spectrum/internal';

/**
 * The codes a {@link RecommendError} can carry.
 *
 * - `EMPTY_INPUT`: no interaction to learn from.
 * - `UNKNOWN_ITEM`: a StockCode the model never saw.
 * - `NOT_FOUND`: a product name search with no match.
 * - `INVALID_K`: k is not a positive integer.
 * - `INVALID_OPTION`: an option outside what is allowed.
 * - `INVALID_ARGUMENT`: an argument of the wrong type (a customer id that is not a string...).
 * - `TOO_LARGE`: the model would need more memory than allowed (EASE's dense item x item matrix).
 * - `INVALID_MODEL`: a saved model that cannot be restored as it is: not a model file, truncated,
 *   bytes appended, a checksum that does not match, another kind than asked for, or a state that does
 *   not fit its matrix (the `parameter` names the field, such as `item-knn.state.indices`).
 * - `UNKNOWN_KIND`: a recommender kind that is neither built in nor registered (see
 *   `registerRecommender`).
 * - `DUPLICATE_KIND`: registering a kind that is built in or already registered.
 */
export type RecommendErrorCode =
  | 'EMPTY_INPUT'
  | 'UNKNOWN_ITEM'
  | 'NOT_FOUND'
  | 'INVALID_K'
  | 'INVALID_OPTION'
  | 'INVALID_ARGUMENT'
  | 'TOO_LARGE'
  | 'INVALID_MODEL'
  | 'UNKNOWN_KIND'
  | 'DUPLICATE_KIND';

/**
 * The one error class of `@shopper-spectrum/recommend`, with a `code`, the `parameter`, the bad
 * `value` and what is `allowed`.
 * Extends `ShopperSpectrumError` (through the shared `ParameterError`): `isShopperSpectrumError(e)` or
 * `e instanceof ShopperSpectrumError` catches it with the errors of every other package.
 *
 * @example
 * ```ts
 * try { model.similarItems('NOPE', 5); } catch (e) { console.log((e as RecommendError).code); }
 * // => UNKNOWN_ITEM
 * ```
 */
export class RecommendError extends ParameterError<RecommendErrorCode> {
  /** `'RecommendError'`. */
  override readonly name = 'RecommendError';
}
