import { invalidMessage, ShopperSpectrumError } from '@shopper-spectrum/internal';

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
 * Extends {@link ShopperSpectrumError}: `isShopperSpectrumError(e)` or
 * `e instanceof ShopperSpectrumError` catches it with the errors of every other package.
 *
 * @example
 * ```ts
 * try { model.similarItems('NOPE', 5); } catch (e) { console.log((e as RecommendError).code); }
 * // => UNKNOWN_ITEM
 * ```
 */
export class RecommendError extends ShopperSpectrumError {
  /** Machine-readable reason. */
  declare readonly code: RecommendErrorCode;
  /** The option or argument concerned. */
  declare readonly parameter: string;
  /** What is allowed instead. */
  declare readonly allowed: string;

  /**
   * @param code - machine-readable reason
   * @param parameter - the option or argument concerned
   * @param value - the offending value
   * @param allowed - what is allowed, in words
   * @param more - a sentence added to the message (`detail`) and the error wrapped (`cause`)
   */
  constructor(code: RecommendErrorCode, parameter: string, value: unknown, allowed: string, more: { readonly detail?: string; readonly cause?: unknown } = {}) {
    super(code, invalidMessage(parameter, value, allowed, more.detail), { parameter, value, allowed, cause: more.cause });
    this.name = 'RecommendError';
  }
}
