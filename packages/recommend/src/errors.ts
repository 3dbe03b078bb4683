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
 */
export type RecommendErrorCode = 'EMPTY_INPUT' | 'UNKNOWN_ITEM' | 'NOT_FOUND' | 'INVALID_K' | 'INVALID_OPTION' | 'INVALID_ARGUMENT' | 'TOO_LARGE';

/**
 * The one error class of `@shopper-spectrum/recommend`, with a `code`, the `parameter`, the bad
 * `value` and what is `allowed`.
 *
 * @example
 * ```ts
 * try { model.similarItems('NOPE', 5); } catch (e) { console.log((e as RecommendError).code); }
 * // => UNKNOWN_ITEM
 * ```
 */
export class RecommendError extends Error {
  /** Machine-readable reason. */
  readonly code: RecommendErrorCode;
  /** The option or argument concerned. */
  readonly parameter: string;
  /** The offending value. */
  readonly value: unknown;
  /** What is allowed instead. */
  readonly allowed: string;

  /**
   * @param code - machine-readable reason
   * @param parameter - the option or argument concerned
   * @param value - the offending value
   * @param allowed - what is allowed, in words
   */
  constructor(code: RecommendErrorCode, parameter: string, value: unknown, allowed: string) {
    let shown: string;
    try {
      shown = JSON.stringify(value) ?? String(value);
    } catch {
      shown = String(value);
    }
    if (shown.length > 80) shown = `${shown.slice(0, 77)}...`;
    super(`Invalid ${parameter}: got ${shown}; allowed: ${allowed}.`);
    this.name = 'RecommendError';
    this.code = code;
    this.parameter = parameter;
    this.value = value;
    this.allowed = allowed;
  }
}
