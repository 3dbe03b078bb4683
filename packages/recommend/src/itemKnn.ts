import { CHECKS, optionsObject, optionValue } from './checks.js';
import { checkMatrix } from './checkMatrix.js';
import type { Check } from './checks.js';
import { defineRecommender } from './definition.js';
import type { RecommenderDefinition } from './definition.js';
import { itemLabel, strongestSource } from './explain.js';
import { fitInputs } from './fitData.js';
import { INTERACTION_DEFAULTS } from './interactions.js';
import type { InteractionMatrix, InteractionOptions } from './interactions.js';
import { ITEM_SIMILARITY_DEFAULTS, itemSimilarity, resolveSimilarityOptions, restoreSimilarity, SIMILARITIES, SIMILARITY_STATE, similarityState } from './itemSimilarity.js';
import type { ItemSimilarity, ItemSimilarityName, ItemSimilarityOptions } from './itemSimilarity.js';
import { makeRecommender } from './recommender.js';
import type { Recommender } from './recommender.js';
import { savedModelReader } from './savedModel.js';

/** Options of {@link itemKnn}. */
export interface ItemKnnOptions extends ItemSimilarityOptions {
  /**
   * Count an item's similarity to itself when scoring a customer (the notebooks' item cosine does:
   * matters only when re-orders are allowed).
   * @defaultValue {@link ITEM_KNN_DEFAULTS | ITEM_KNN_DEFAULTS.selfSimilarity}
   */
  readonly selfSimilarity?: boolean;
}

/**
 * The defaults of {@link itemKnn}: {@link ITEM_SIMILARITY_DEFAULTS} and the self-similarity
 * counted, as the notebooks' item cosine.
 *
 * @example
 * ```ts
 * ITEM_KNN_DEFAULTS;
 * // => { similarity: 'cosine', shrink: 0, neighbours: 100, alpha: 0.5, beta: 0.5, selfSimilarity: true }
 * ```
 */
export const ITEM_KNN_DEFAULTS: Readonly<typeof ITEM_SIMILARITY_DEFAULTS & { selfSimilarity: boolean }> = Object.freeze({ ...ITEM_SIMILARITY_DEFAULTS, selfSimilarity: true });

/** The options an item-kNN model saves: a similarity function is recorded as `'custom'` (its arrays are the state). */
interface SavedItemKnnOptions {
  readonly similarity: ItemSimilarityName | 'custom';
  readonly shrink: number;
  readonly neighbours: number;
  readonly alpha: number;
  readonly beta: number;
  readonly selfSimilarity: boolean;
}

/**
 * Item-based collaborative filtering: a product scores the sum, over the customer's products i, of
 * x_ui x sim(i, product), with sim from {@link itemSimilarity} (cosine by default, as the notebooks;
 * also Jaccard, asymmetric cosine, lift, RP3beta or a {@link SimilarityFn} of your own), pruned to
 * the top neighbours. Explanations name the customer's product that contributed most. Fit O(sum of
 * squared basket sizes); recommend O(items of the customer x neighbours + products). Folds in new
 * customers from their `history`. A model with a similarity function saves and loads like the
 * others: the similarities it computed are its state (the function is not needed to load it).
 *
 * @param matrix - the interactions
 * @param options - similarity, shrinkage, neighbours, self-similarity ({@link ITEM_KNN_DEFAULTS})
 * @returns the recommender
 * @throws {@link RecommendError} `INVALID_ARGUMENT` for anything but an {@link InteractionMatrix} (see {@link checkMatrix}), `INVALID_OPTION`
 * @example
 * ```ts
 * const model = itemKnn(buildInteractions(train), { similarity: 'jaccard', neighbours: 50 });
 * [model.kind, model.name, model.similarItems('85123A', 3).length];
 * // => ['item-knn', 'item-knn (jaccard)', 3]
 * ```
 */
export function itemKnn(matrix: InteractionMatrix, options: ItemKnnOptions = {}): Recommender {
  checkMatrix(matrix);
  options = optionsObject(options);
  const resolved = resolveSimilarityOptions(options);
  const selfSimilarity = optionValue(options.selfSimilarity, ITEM_KNN_DEFAULTS.selfSimilarity, 'selfSimilarity', CHECKS.boolean);
  const saved: SavedItemKnnOptions = { ...resolved, similarity: typeof resolved.similarity === 'function' ? 'custom' : resolved.similarity, selfSimilarity };
  return itemKnnFrom(matrix, saved, itemSimilarity(matrix, resolved));
}

function itemKnnFrom(matrix: InteractionMatrix, options: SavedItemKnnOptions, sim: ItemSimilarity): Recommender {
  const useSelf = options.selfSimilarity;
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
    spec: { kind: 'item-knn', options: { ...options }, state: similarityState(sim) },
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

/** The check of a saved `similarity` option: a built-in name, or `'custom'` for a function. */
const SAVED_SIMILARITY: Check<ItemSimilarityName | 'custom'> = {
  allowed: `${Object.keys(SIMILARITIES)
    .map((k) => `'${k}'`)
    .join(', ')} or 'custom'`,
  test: (v: unknown): v is ItemSimilarityName | 'custom' => v === 'custom' || (typeof v === 'string' && Object.prototype.hasOwnProperty.call(SIMILARITIES, v)),
};

/** Options of `fitRecommender('item-knn', data, options)`: {@link ItemKnnOptions} and the matrix to build. */
export interface ItemKnnFitOptions extends ItemKnnOptions {
  /**
   * The matrix built when fitting from a table.
   * @defaultValue {@link INTERACTION_DEFAULTS} (binary)
   */
  readonly interactions?: InteractionOptions;
}

/** The `'item-knn'` definition. */
export const ITEM_KNN_DEFINITION: RecommenderDefinition<ItemKnnFitOptions> = defineRecommender<ItemKnnFitOptions>({
  kind: 'item-knn',
  description: 'item-based collaborative filtering: similarity between products over the customers who bought them',
  defaults: Object.freeze({ ...ITEM_KNN_DEFAULTS, interactions: INTERACTION_DEFAULTS }),
  fit(data, given) {
    const { matrix, options } = fitInputs(data, given, INTERACTION_DEFAULTS);
    return itemKnn(matrix, options);
  },
  restore(saved) {
    const r = savedModelReader(saved);
    r.only(['similarity', 'shrink', 'neighbours', 'alpha', 'beta', 'selfSimilarity'], SIMILARITY_STATE);
    const options: SavedItemKnnOptions = {
      similarity: r.option('similarity', SAVED_SIMILARITY),
      shrink: r.option('shrink', CHECKS.nonNegative),
      neighbours: r.option('neighbours', CHECKS.positiveIntegerOrInfinity),
      alpha: r.option('alpha', CHECKS.unitInterval),
      beta: r.option('beta', CHECKS.nonNegative),
      selfSimilarity: r.option('selfSimilarity', CHECKS.boolean),
    };
    const sim = restoreSimilarity(saved.state, saved.matrix.items.length, '', r.fail);
    if (options.similarity !== 'custom' && sim.similarity !== options.similarity) r.fail('similarity', sim.similarity, `'${options.similarity}' (the similarity option)`);
    return itemKnnFrom(saved.matrix, options, sim);
  },
});
