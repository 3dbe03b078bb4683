/** Test helper: the `code` of the RecommendError a call throws, or what happened instead. */
import { isShopperSpectrumError, RecommendError } from '@shopper-spectrum/recommend';
import type { ShopperSpectrumError } from '@shopper-spectrum/recommend';

export const codeOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return e instanceof RecommendError ? e.code : `not a RecommendError (${String(e)})`;
  }
  return 'no error';
};

/** The RecommendError a call throws (fails the test when it throws something else or nothing). */
export const errorOf = (f: () => unknown): RecommendError => {
  try {
    f();
  } catch (e) {
    if (e instanceof RecommendError) return e;
    throw new Error(`expected a RecommendError, got ${String(e)}`);
  }
  throw new Error('expected a RecommendError, nothing was thrown');
};

/** The library error (of any shopper-spectrum package: core's `checkTable` throws a CoreError) a call throws; fails the test on a TypeError or nothing. */
export const libraryErrorOf = (f: () => unknown): ShopperSpectrumError => {
  try {
    f();
  } catch (e) {
    if (isShopperSpectrumError(e)) return e;
    throw new Error(`expected a shopper-spectrum error, got ${String(e)}`);
  }
  throw new Error('expected a shopper-spectrum error, nothing was thrown');
};
