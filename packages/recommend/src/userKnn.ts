import { CHECKS, optionsObject, optionValue } from './checks.js';
import { checkMatrix } from './checkMatrix.js';
import { defineRecommender } from './definition.js';
import type { RecommenderDefinition } from './definition.js';
import { itemLabel } from './explain.js';
import { fitInputs } from './fitData.js';
import { INTERACTION_DEFAULTS } from './interactions.js';
import type { InteractionMatrix, InteractionOptions } from './interactions.js';
import { checkSimilarityOption, lazySimilarity, restoreSimilarity, SIMILARITY_STATE, similarityState } from './itemSimilarity.js';
import { customerNeighbours } from './neighbours.js';
import type { Neighbours } from './neighbours.js';
import type { ItemSimilarity } from './itemSimilarity.js';
import { makeRecommender } from './recommender.js';
import type { Recommender } from './recommender.js';
import { savedModelReader } from './savedModel.js';

/** Options of {@link userKnn}. */
export interface UserKnnOptions {
  /**
   * Most similar other customers used.
   * @defaultValue {@link USER_KNN_DEFAULTS | USER_KNN_DEFAULTS.neighbours}
   */
  readonly neighbours?: number;
  /**
   * Shrinkage in the cosine denominator.
   * @defaultValue {@link USER_KNN_DEFAULTS | USER_KNN_DEFAULTS.shrink}
   */
  readonly shrink?: number;
  /**
   * The product-product similarity `similarItems` answers from, when one is already computed for the
   * same products (it is saved as the model's state, not in `spec.options`).
   * @defaultValue {@link ITEM_SIMILARITY_DEFAULTS}, computed on the first `similarItems` call or save
   */
  readonly similarItems?: ItemSimilarity;
}

/**
 * The defaults of {@link userKnn}.
 *
 * @example
 * ```ts
 * USER_KNN_DEFAULTS;
 * // => { neighbours: 50, shrink: 0 }
 * ```
 */
export const USER_KNN_DEFAULTS: Readonly<{ neighbours: number; shrink: number }> = Object.freeze({ neighbours: 50, shrink: 0 });

/**
 * User-based collaborative filtering: the `neighbours` customers most similar to this one (cosine of
 * their rows), and a product scores the sum of their similarities over those who bought it.
 * Neighbours are found per call through the product x customer index, O(sum over the customer's
 * products of their buyers), so nothing customer x customer is stored; a new customer's `history`
 * folds in the same way. `similarItems` uses the co-purchase similarity ({@link ITEM_SIMILARITY_DEFAULTS}).
 *
 * @param matrix - the interactions
 * @param options - neighbours and shrinkage ({@link USER_KNN_DEFAULTS}), `similarItems`
 * @returns the recommender
 * @throws {@link RecommendError} `INVALID_ARGUMENT` for anything but an {@link InteractionMatrix} (see {@link checkMatrix}), `INVALID_OPTION`
 * @example
 * ```ts
 * userKnn(buildInteractions(train), { neighbours: 50 }).recommend('12347', 1)[0].because.endsWith('of the 50 customers most like you bought it');
 * // => true
 * ```
 */
export function userKnn(matrix: InteractionMatrix, options: UserKnnOptions = {}): Recommender {
  checkMatrix(matrix);
  options = optionsObject(options);
  const similarItems = checkSimilarityOption(options.similarItems, matrix);
  const k = optionValue(options.neighbours, USER_KNN_DEFAULTS.neighbours, 'neighbours', CHECKS.positiveInteger);
  const shrink = optionValue(options.shrink, USER_KNN_DEFAULTS.shrink, 'shrink', CHECKS.nonNegative);
  return userKnnFrom(matrix, { neighbours: k, shrink }, similarItems ? () => similarItems : lazySimilarity(matrix));
}

function userKnnFrom(matrix: InteractionMatrix, options: { neighbours: number; shrink: number }, itemSim: () => ItemSimilarity): Recommender {
  const { neighbours: k, shrink } = options;
  const { neighboursOf, rowNeighbours } = customerNeighbours(matrix, k, shrink);
  const sumRows = ({ users, sims }: Neighbours, out: Float64Array) =>
    users.forEach((v, t) => {
      for (let p = matrix.indptr[v]!; p < matrix.indptr[v + 1]!; p++) out[matrix.indices[p]!]! += sims[t]! * matrix.data[p]!;
    });
  return makeRecommender(matrix, {
    name: `user-knn (${k} neighbours)`,
    spec: {
      kind: 'user-knn',
      options: { ...options },
      get state() {
        return similarityState(itemSim());
      },
    },
    scoreUser: (row, out) => sumRows(rowNeighbours(row), out),
    scoreItems: (cols, weights, out) => sumRows(neighboursOf(cols, weights, -1), out),
    explainUser(row, j, history) {
      const { users } = row >= 0 ? rowNeighbours(row) : neighboursOf(history, history.map(() => 1), -1);
      const buyers = users.filter((v) => {
        for (let p = matrix.indptr[v]!; p < matrix.indptr[v + 1]!; p++) if (matrix.indices[p] === j) return true;
        return false;
      }).length;
      return `${buyers} of the ${users.length} customers most like you bought it`;
    },
    scoreItem(i, out) {
      const item = itemSim();
      for (let q = item.indptr[i]!; q < item.indptr[i + 1]!; q++) out[item.indices[q]!] = item.data[q]!;
    },
    explainItem: (i) => `often bought with ${itemLabel(matrix, i)} (cosine)`,
  });
}

/** Options of `fitRecommender('user-knn', data, options)`: {@link UserKnnOptions} and the matrix to build. */
export interface UserKnnFitOptions extends UserKnnOptions {
  /**
   * The matrix built when fitting from a table.
   * @defaultValue {@link INTERACTION_DEFAULTS} (binary)
   */
  readonly interactions?: InteractionOptions;
}

/** The `'user-knn'` definition. */
export const USER_KNN_DEFINITION: RecommenderDefinition<UserKnnFitOptions> = defineRecommender<UserKnnFitOptions>({
  kind: 'user-knn',
  description: 'user-based collaborative filtering: what the most similar customers (cosine) bought',
  defaults: Object.freeze({ ...USER_KNN_DEFAULTS, interactions: INTERACTION_DEFAULTS }),
  fit(data, given) {
    const { matrix, options } = fitInputs(data, given, INTERACTION_DEFAULTS);
    return userKnn(matrix, options);
  },
  restore(saved) {
    const r = savedModelReader(saved);
    r.only(['neighbours', 'shrink'], SIMILARITY_STATE);
    const options = { neighbours: r.option('neighbours', CHECKS.positiveInteger), shrink: r.option('shrink', CHECKS.nonNegative) };
    const sim = restoreSimilarity(saved.state, saved.matrix.items.length, '', r.fail);
    return userKnnFrom(saved.matrix, options, () => sim);
  },
});
