import { CHECKS, optionsObject } from './checks.js';
import { checkMatrix } from './checkMatrix.js';
import { defineRecommender } from './definition.js';
import type { RecommenderDefinition } from './definition.js';
import { itemLabel, strongestSource } from './explain.js';
import { fitInputs } from './fitData.js';
import { INTERACTION_DEFAULTS } from './interactions.js';
import type { InteractionMatrix, InteractionOptions } from './interactions.js';
import { makeRecommender } from './recommender.js';
import type { Recommender } from './recommender.js';
import { savedModelReader } from './savedModel.js';
import { addTextSimilarities, buildTextIndex, sharedTerms, TEXT_INDEX_DEFAULTS, withPostings } from './text.js';
import type { TextIndex, TextIndexOptions } from './text.js';

/** Options of {@link contentBased}. */
export interface ContentOptions extends TextIndexOptions {}

/**
 * The defaults of {@link contentBased}: those of the text index, {@link TEXT_INDEX_DEFAULTS}.
 *
 * @example
 * ```ts
 * CONTENT_DEFAULTS.bigrams;
 * // => false
 * ```
 */
export const CONTENT_DEFAULTS: Readonly<typeof TEXT_INDEX_DEFAULTS> = TEXT_INDEX_DEFAULTS;

/**
 * Content-based filtering: TF-IDF vectors of the product descriptions (lower-cased words, stop words
 * left out, optional bigrams, smooth idf, L2 rows, as scikit-learn's `TfidfVectorizer`) and cosine
 * similarity, computed on demand through the inverted lists (no products x products matrix). A
 * customer scores a product by the sum of its similarities to what they bought; explanations name the
 * shared words. Works for products nobody has bought together yet, and folds in new customers.
 *
 * @param matrix - the interactions (its descriptions are the content)
 * @param options - bigrams and stop words ({@link CONTENT_DEFAULTS})
 * @returns the recommender
 * @throws {@link RecommendError} `INVALID_ARGUMENT` for anything but an {@link InteractionMatrix} (see {@link checkMatrix}), `INVALID_OPTION`
 * @example
 * ```ts
 * contentBased(matrix, { bigrams: true }).similarItems('85123A', 2).map((r) => r.because);
 * // => ['shares "hanging heart", "heart", "hanging" with 85123A (WHITE HANGING HEART T-LIGHT HOLDER)', ...]
 * ```
 */
export function contentBased(matrix: InteractionMatrix, options: ContentOptions = {}): Recommender {
  checkMatrix(matrix);
  options = optionsObject(options);
  return contentFrom(matrix, { bigrams: options.bigrams ?? CONTENT_DEFAULTS.bigrams }, buildTextIndex(matrix.descriptions, options));
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

/** Options of `fitRecommender('content', data, options)`: {@link ContentOptions} and the matrix to build. */
export interface ContentFitOptions extends ContentOptions {
  /**
   * The matrix built when fitting from a table.
   * @defaultValue {@link INTERACTION_DEFAULTS} (binary)
   */
  readonly interactions?: InteractionOptions;
}

/** The `'content'` definition. */
export const CONTENT_DEFINITION: RecommenderDefinition<ContentFitOptions> = defineRecommender<ContentFitOptions>({
  kind: 'content',
  description: 'content-based: TF-IDF cosine between product descriptions',
  defaults: Object.freeze({ ...CONTENT_DEFAULTS, interactions: INTERACTION_DEFAULTS }),
  fit(data, given) {
    const { matrix, options } = fitInputs(data, given, INTERACTION_DEFAULTS);
    return contentBased(matrix, options);
  },
  restore(saved) {
    const r = savedModelReader(saved);
    r.only(['bigrams'], ['vocabulary', 'idf', 'indptr', 'terms', 'weights']);
    const vocabulary = r.strings('vocabulary');
    const idf = r.floats('idf', vocabulary.length, 0);
    const terms = r.ints('terms', undefined, 0, vocabulary.length - 1);
    const indptr = r.offsets('indptr', saved.matrix.items.length, terms.length);
    r.indices('terms', indptr, vocabulary.length, true);
    const weights = r.floats('weights', terms.length);
    return contentFrom(saved.matrix, { bigrams: r.option('bigrams', CHECKS.boolean) }, withPostings({ vocabulary, idf, indptr, terms, weights }));
  },
});
