import { itemLabel, strongestSource } from './explain.js';
import type { InteractionMatrix } from './interactions.js';
import { itemSimilarity, restoreSimilarity, similarityState } from './itemSimilarity.js';
import type { ItemSimilarity, ItemSimilarityOptions } from './itemSimilarity.js';
import { makeRecommender } from './recommender.js';
import type { Recommender } from './recommender.js';

/** Options of {@link itemKnn}. */
export interface ItemKnnOptions extends ItemSimilarityOptions {
  /**
   * Count an item's similarity to itself when scoring a customer (the notebooks' item cosine does:
   * matters only when re-orders are allowed).
   * @defaultValue `true`
   */
  readonly selfSimilarity?: boolean;
}

/**
 * Item-based collaborative filtering: a product scores the sum, over the customer's products i, of
 * x_ui x sim(i, product), with sim from {@link itemSimilarity} (cosine by default, as the notebooks;
 * also Jaccard, asymmetric cosine, lift and RP3beta), pruned to the top neighbours. Explanations name
 * the customer's product that contributed most. Fit O(sum of squared basket sizes); recommend O(items
 * of the customer x neighbours + products). Folds in new customers from their `history`.
 *
 * @param matrix - the interactions
 * @param options - similarity, shrinkage, neighbours, self-similarity
 * @returns the recommender
 * @example
 * ```ts
 * itemKnn(buildInteractions(train), { similarity: 'cosine', neighbours: 100 }).similarItems('85123A', 3);
 * ```
 */
export function itemKnn(matrix: InteractionMatrix, options: ItemKnnOptions = {}): Recommender {
  return itemKnnFrom(matrix, options, itemSimilarity(matrix, options));
}

function itemKnnFrom(matrix: InteractionMatrix, options: ItemKnnOptions, sim: ItemSimilarity): Recommender {
  const useSelf = options.selfSimilarity ?? true;
  const add = (i: number, x: number, out: Float64Array) => {
    if (useSelf) out[i]! += x * sim.self[i]!;
    for (let q = sim.indptr[i]!; q < sim.indptr[i + 1]!; q++) out[sim.indices[q]!]! += x * sim.data[q]!;
  };
  const simOf = (i: number, j: number) => {
    if (i === j) return useSelf ? sim.self[i]! : 0;
    for (let q = sim.indptr[i]!; q < sim.indptr[i + 1]!; q++) if (sim.indices[q] === j) return sim.data[q]!;
    return 0;
  };
  return makeRecommender(matrix, {
    name: `item-knn (${sim.similarity})`,
    spec: { kind: 'item-knn', options: { ...options, neighbours: options.neighbours === Infinity ? 'Infinity' : options.neighbours }, state: similarityState(sim) },
    scoreUser(row, out) {
      for (let p = matrix.indptr[row]!; p < matrix.indptr[row + 1]!; p++) add(matrix.indices[p]!, matrix.data[p]!, out);
    },
    scoreItems(cols, weights, out) {
      cols.forEach((i, t) => add(i, weights[t]!, out));
    },
    explainUser(row, j, history) {
      const best = strongestSource(matrix, row, history, simOf, j);
      return best < 0 ? 'you bought it before' : best === j ? 'you bought it before' : `similar to ${itemLabel(matrix, best)}, which you bought`;
    },
    scoreItem(i, out) {
      for (let q = sim.indptr[i]!; q < sim.indptr[i + 1]!; q++) out[sim.indices[q]!] = sim.data[q]!;
    },
    explainItem(i, j) {
      for (let q = sim.indptr[i]!; q < sim.indptr[i + 1]!; q++) if (sim.indices[q] === j) return `${sim.together[q]} customers bought both (${sim.similarity} ${sim.data[q]!.toFixed(3)})`;
      return sim.similarity;
    },
  });
}

/** Rebuilds from a saved state. */
export const restoreItemKnn = (matrix: InteractionMatrix, options: Record<string, unknown>, state: Record<string, unknown>): Recommender =>
  itemKnnFrom(matrix, { ...options, neighbours: options.neighbours === 'Infinity' ? Infinity : (options.neighbours as number | undefined) } as ItemKnnOptions, restoreSimilarity(state));
