import { RecommendError } from './errors.js';
import { itemLabel } from './explain.js';
import type { InteractionMatrix } from './interactions.js';
import { lazySimilarity, lazyValue, restoreSimilarity, similarityState, sortBest, SAMPLE } from './itemSimilarity.js';
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
  const nUsers = matrix.customers.length;
  const norm = new Float64Array(nUsers);
  for (let u = 0; u < nUsers; u++) {
    let s = 0;
    for (let p = matrix.indptr[u]!; p < matrix.indptr[u + 1]!; p++) s += matrix.data[p]! ** 2;
    norm[u] = Math.sqrt(s);
  }
  const acc = new Float64Array(nUsers);
  let binary = true; // every weight 1: the products need no multiplication
  for (let p = 0; p < matrix.data.length; p++) if (matrix.data[p] !== 1) binary = false;
  const touched = new Int32Array(nUsers);
  const sample = new Float64Array(SAMPLE);
  /** The k nearest customers to a vector (columns, weights), leaving out `self`. */
  const neighboursOf = (cols: ArrayLike<number>, weights: ArrayLike<number>, self: number): { users: number[]; sims: number[] } => {
    let n = 0;
    let norm2 = 0;
    // as in itemSimilarity: a branch-free pass and a scan of all customers when the products' buyers
    // cover a good share of them, else a touched list
    let work = 0;
    for (let t = 0; t < cols.length; t++) work += matrix.itemIndptr[cols[t]! + 1]! - matrix.itemIndptr[cols[t]!]!;
    const dense = work * 4 >= nUsers;
    for (let t = 0; t < cols.length; t++) {
      const i = cols[t]!;
      const x = weights[t]!;
      norm2 += x * x;
      const end = matrix.itemIndptr[i + 1]!;
      if (dense && binary) for (let q = matrix.itemIndptr[i]!; q < end; q++) acc[matrix.itemCustomers[q]!]! += x;
      else if (dense) for (let q = matrix.itemIndptr[i]!; q < end; q++) acc[matrix.itemCustomers[q]!]! += x * matrix.itemData[q]!;
      else {
        for (let q = matrix.itemIndptr[i]!; q < end; q++) {
          const v = matrix.itemCustomers[q]!;
          if (acc[v] === 0) touched[n++] = v;
          acc[v]! += x * matrix.itemData[q]!;
        }
      }
    }
    if (self >= 0) acc[self] = 0;
    if (dense) {
      for (let v = 0; v < nUsers; v++) if (acc[v] !== 0) touched[n++] = v;
    } else if (self >= 0) {
      // drop self from the touched list
      let w = 0;
      for (let t = 0; t < n; t++) if (touched[t] !== self) touched[w++] = touched[t]!;
      n = w;
    }
    const len = Math.sqrt(norm2);
    for (let t = 0; t < n; t++) {
      const v = touched[t]!;
      acc[v] = acc[v]! / (len * norm[v]! + shrink);
    }
    const kept = sortBest(touched, n, k, acc, sample); // touched now starts with the k best, in order
    const users = Array.from(touched.subarray(0, kept));
    const sims = users.map((v) => acc[v]!);
    for (let t = 0; t < n; t++) acc[touched[t]!] = 0;
    return { users, sims };
  };
  const rowNeighbours = (row: number) => neighboursOf(matrix.indices.subarray(matrix.indptr[row]!, matrix.indptr[row + 1]!), matrix.data.subarray(matrix.indptr[row]!, matrix.indptr[row + 1]!), row);
  const sumRows = ({ users, sims }: { users: number[]; sims: number[] }, out: Float64Array) =>
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
