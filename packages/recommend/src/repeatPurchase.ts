import { optionsObject } from './checks.js';
import { checkMatrix } from './checkMatrix.js';
import { defineRecommender } from './definition.js';
import type { RecommenderDefinition } from './definition.js';
import { itemLabel } from './explain.js';
import { fitInputs } from './fitData.js';
import { INVOICE_INTERACTIONS } from './interactions.js';
import type { InteractionMatrix, InteractionOptions } from './interactions.js';
import { checkSimilarityOption, lazySimilarity, restoreSimilarity, SIMILARITY_STATE, similarityState } from './itemSimilarity.js';
import type { ItemSimilarity } from './itemSimilarity.js';
import { makeRecommender } from './recommender.js';
import type { Recommender } from './recommender.js';
import { savedModelReader } from './savedModel.js';

/** Options of {@link repeatPurchase}. */
export interface RepeatPurchaseOptions {
  /**
   * The product-product similarity `similarItems` answers from, when one is already computed for the
   * same products (for example the binary cosine an item-kNN model uses).
   * @defaultValue {@link ITEM_SIMILARITY_DEFAULTS} over this matrix, computed on the first `similarItems` call or save
   */
  readonly similarItems?: ItemSimilarity;
}

/**
 * The defaults of {@link repeatPurchase}: no option but the shared `similarItems` (made from
 * {@link ITEM_SIMILARITY_DEFAULTS} when absent); `fitRecommender('repeat-purchase')` fits it on
 * {@link INVOICE_INTERACTIONS}.
 *
 * @example
 * ```ts
 * REPEAT_PURCHASE_DEFAULTS;
 * // => {}
 * ```
 */
export const REPEAT_PURCHASE_DEFAULTS: Readonly<Record<string, never>> = Object.freeze({});

/**
 * Buy again: a customer's own products, by the matrix value (use `weight: 'invoices'` for "most
 * re-ordered first"; a time-decayed matrix favours recent purchases), then popularity to fill. The
 * baseline to beat when re-orders count; use it with `seen: 'allow'`. `similarItems` uses the
 * co-purchase similarity ({@link ITEM_SIMILARITY_DEFAULTS}).
 *
 * @param matrix - the interactions
 * @param options - `similarItems`
 * @returns the recommender
 * @throws {@link RecommendError} `INVALID_ARGUMENT` for anything but an {@link InteractionMatrix} (see {@link checkMatrix}), `INVALID_OPTION`
 * @example
 * ```ts
 * repeatPurchase(buildInteractions(train, { weight: 'invoices' })).recommend('12347', 1, { seen: 'allow' })[0].source;
 * // => 'model' (the customer's most re-ordered product)
 * ```
 */
export function repeatPurchase(matrix: InteractionMatrix, options: RepeatPurchaseOptions = {}): Recommender {
  checkMatrix(matrix);
  const given = checkSimilarityOption(optionsObject(options).similarItems, matrix);
  return repeatPurchaseFrom(matrix, given ? () => given : lazySimilarity(matrix));
}

/** {@link repeatPurchase} from its co-purchase similarity, made on first use (used when loading). */
function repeatPurchaseFrom(matrix: InteractionMatrix, co: () => ItemSimilarity): Recommender {
  return makeRecommender(matrix, {
    name: 'repeat-purchase',
    spec: {
      kind: 'repeat-purchase',
      options: {},
      get state() {
        return similarityState(co());
      },
    },
    scoreUser(row, out) {
      for (let p = matrix.indptr[row]!; p < matrix.indptr[row + 1]!; p++) out[matrix.indices[p]!] = matrix.data[p]!;
    },
    scoreItems(cols, weights, out) {
      cols.forEach((j, t) => (out[j] = weights[t]!));
    },
    explainUser: (row, j) => {
      let v = 1;
      for (let p = matrix.indptr[row]!; row >= 0 && p < matrix.indptr[row + 1]!; p++) if (matrix.indices[p] === j) v = matrix.data[p]!;
      return `you bought it before (weight ${Number(v.toFixed(3))})`;
    },
    scoreItem(i, out) {
      const sim = co();
      for (let p = sim.indptr[i]!; p < sim.indptr[i + 1]!; p++) out[sim.indices[p]!] = sim.data[p]!;
    },
    explainItem: (i) => `often bought with ${itemLabel(matrix, i)}`,
  });
}

/** Options of `fitRecommender('repeat-purchase', data, options)`: {@link RepeatPurchaseOptions} and the matrix to build. */
export interface RepeatPurchaseFitOptions extends RepeatPurchaseOptions {
  /**
   * The matrix built when fitting from a table (its cells order the customer's products).
   * @defaultValue {@link INVOICE_INTERACTIONS}
   */
  readonly interactions?: InteractionOptions;
}

/** The `'repeat-purchase'` definition. */
export const REPEAT_PURCHASE_DEFINITION: RecommenderDefinition<RepeatPurchaseFitOptions> = defineRecommender<RepeatPurchaseFitOptions>({
  kind: 'repeat-purchase',
  description: "buy again: the customer's own most re-ordered products, then popularity",
  defaults: Object.freeze({ ...REPEAT_PURCHASE_DEFAULTS, interactions: INVOICE_INTERACTIONS }),
  fit(data, given) {
    const { matrix, options } = fitInputs(data, given, INVOICE_INTERACTIONS);
    return repeatPurchase(matrix, options);
  },
  restore(saved) {
    const r = savedModelReader(saved);
    r.only([], SIMILARITY_STATE);
    const sim = restoreSimilarity(saved.state, saved.matrix.items.length, '', r.fail);
    return repeatPurchaseFrom(saved.matrix, () => sim);
  },
});
