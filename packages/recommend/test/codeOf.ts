/** Test helper: the `code` of the RecommendError a call throws, or what happened instead. */
import { RecommendError } from '@shopper-spectrum/recommend';

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
