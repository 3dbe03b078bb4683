import { RecommendError } from './errors.js';
import { itemLabel } from './explain.js';
import type { InteractionMatrix } from './interactions.js';
import { lazySimilarity, lazyValue, restoreSimilarity, similarityState } from './itemSimilarity.js';
import { customerNeighbours } from './neighbours.js';
import type { Neighbours } from './neighbours.js';
import type { ItemSimilarity } from './itemSimilarity.js';
import { makeRecommender } from './recommender.js';
import type { Recommender } from './recommender.js';

/** Options of {@link userKnn}. */
export interface UserKnnOptions {
  /**
   * Most similar other customers used.
   * @defaultValue `50`
   */
  readonly neighbours?: number;
  /**
   * Shrinkage in the cosine denominator.
   * @defaultValue `0`
   */
  readonly shrink?: number;
  /**
   * The product-product similarity `similarItems` answers from, when one is already computed for the
   * same products (it is not saved in `spec.options`).
   * @defaultValue cosine with 100 neighbours, computed on the first `similarItems` call or save
   */
  readonly similarItems?: ItemSimilarity;
}

/**
 * User-based collaborative filtering: the `neighbours` customers most similar to this one (cosine of
 * their rows), and a product scores the sum of their similarities over those who bought it.
 * Neighbours are found per call through the product x customer index, O(sum over the customer's
 * products of their buyers), so nothing customer x customer is stored; a new customer's `history`
 * folds in the same way. `similarItems` uses item cosine (100 neighbours).
 *
 * @param matrix - the interactions
 * @param options - neighbours and shrinkage
 * @returns the recommender
 * @throws {@link RecommendError} `INVALID_OPTION`
 * @example
 * ```ts
 * userKnn(buildInteractions(train), { neighbours: 50 }).recommend('12347', 5);
 * ```
 */
export function userKnn(matrix: InteractionMatrix, options: UserKnnOptions = {}): Recommender {
  const { similarItems, ...rest } = options;
  return userKnnFrom(matrix, rest, similarItems ? () => similarItems : lazySimilarity(matrix));
}

function userKnnFrom(matrix: InteractionMatrix, options: UserKnnOptions, itemSim: () => ItemSimilarity): Recommender {
  const k = options.neighbours ?? 50;
  const shrink = options.shrink ?? 0;
  if (!Number.isInteger(k) || k < 1) throw new RecommendError('INVALID_OPTION', 'neighbours', k, 'a positive integer');
  if (!(shrink >= 0)) throw new RecommendError('INVALID_OPTION', 'shrink', shrink, 'a number >= 0');
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

/** Rebuilds from a saved state. */
export const restoreUserKnn = (matrix: InteractionMatrix, options: Record<string, unknown>, state: Record<string, unknown>): Recommender => userKnnFrom(matrix, options as UserKnnOptions, lazyValue(() => restoreSimilarity(state)));
