/** Test helper: the `code` of the RecommendError a call throws, or what happened instead. */
import { RecommendError } from '@shopper-spectrum/recommend';

export const codeOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return e instanceof RecommendError ? e.code : 'not a RecommendError';
  }
  return 'no error';
};
