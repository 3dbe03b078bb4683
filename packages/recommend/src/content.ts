import { itemLabel, strongestSource } from './explain.js';
import type { InteractionMatrix } from './interactions.js';
import { makeRecommender } from './recommender.js';
import type { Recommender } from './recommender.js';
import { addTextSimilarities, buildTextIndex, sharedTerms, withPostings } from './text.js';
import type { TextIndex, TextIndexOptions } from './text.js';

/** Options of {@link contentBased}. */
export interface ContentOptions extends TextIndexOptions {}

/**
 * Content-based filtering: TF-IDF vectors of the product descriptions (lower-cased words, stop words
 * left out, optional bigrams, smooth idf, L2 rows, as scikit-learn's `TfidfVectorizer`) and cosine
 * similarity, computed on demand through the inverted lists (no products x products matrix). A
 * customer scores a product by the sum of its similarities to what they bought; explanations name the
 * shared words. Works for products nobody has bought together yet, and folds in new customers.
 *
 * @param matrix - the interactions (its descriptions are the content)
 * @param options - bigrams and stop words
 * @returns the recommender
 * @example
 * ```ts
 * contentBased(matrix, { bigrams: true }).similarItems('85123A', 2).map((r) => r.because);
 * // => ['shares "hanging heart", "heart", "hanging" with 85123A (WHITE HANGING HEART T-LIGHT HOLDER)', ...]
 * ```
 */
export function contentBased(matrix: InteractionMatrix, options: ContentOptions = {}): Recommender {
  return contentFrom(matrix, { bigrams: options.bigrams ?? false }, buildTextIndex(matrix.descriptions, options));
}

function contentFrom(matrix: InteractionMatrix, options: { bigrams: boolean }, text: TextIndex): Recommender {
  const cosine = (i: number, j: number) => {
    let s = 0;
    let q = text.indptr[j]!;
    for (let p = text.indptr[i]!; p < text.indptr[i + 1]!; p++) {
      while (q < text.indptr[j + 1]! && text.terms[q]! < text.terms[p]!) q++;
      if (q < text.indptr[j + 1]! && text.terms[q] === text.terms[p]) s += text.weights[p]! * text.weights[q]!;
    }
    return s;
  };
  const shares = (i: number, j: number) => `shares "${sharedTerms(text, i, j).join('", "')}" with ${itemLabel(matrix, i)}`;
  return makeRecommender(matrix, {
    name: `content (tf-idf${options.bigrams ? ' + bigrams' : ''})`,
    spec: { kind: 'content', options, state: { vocabulary: text.vocabulary, idf: text.idf, indptr: text.indptr, terms: text.terms, weights: text.weights } },
    scoreUser(row, out) {
      for (let p = matrix.indptr[row]!; p < matrix.indptr[row + 1]!; p++) addTextSimilarities(text, matrix.indices[p]!, matrix.data[p]!, out);
    },
    scoreItems(cols, weights, out) {
      cols.forEach((i, t) => addTextSimilarities(text, i, weights[t]!, out));
    },
    explainUser(row, j, history) {
      const best = strongestSource(matrix, row, history, (i, o) => (i === o ? 0 : cosine(i, o)), j);
      return best < 0 ? 'you bought it before' : shares(best, j);
    },
    scoreItem: (i, out) => addTextSimilarities(text, i, 1, out),
    explainItem: (i, j) => shares(i, j),
  });
}

/** Rebuilds from a saved state. */
export const restoreContent = (matrix: InteractionMatrix, options: Record<string, unknown>, state: Record<string, unknown>): Recommender =>
  contentFrom(matrix, { bigrams: options.bigrams === true }, withPostings(state as unknown as Pick<TextIndex, 'vocabulary' | 'idf' | 'indptr' | 'terms' | 'weights'>));
