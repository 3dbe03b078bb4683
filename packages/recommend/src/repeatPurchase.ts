import { itemLabel } from './explain.js';
import type { InteractionMatrix } from './interactions.js';
import { lazySimilarity, lazyValue, restoreSimilarity, similarityState } from './itemSimilarity.js';
import type { ItemSimilarity } from './itemSimilarity.js';
import { makeRecommender } from './recommender.js';
import type { Recommender } from './recommender.js';

/** Options of {@link repeatPurchase}. */
export interface RepeatPurchaseOptions {
  /**
   * The product-product similarity `similarItems` answers from, when one is already computed for the
   * same products (for example the binary cosine an item-kNN model uses).
   * @defaultValue cosine over this matrix with 100 neighbours, computed on the first `similarItems` call or save
   */
  readonly similarItems?: ItemSimilarity;
}

/**
 * Buy again: a customer's own products, by the matrix value (use `weight: 'invoices'` for "most
 * re-ordered first"; a time-decayed matrix favours recent purchases), then popularity to fill. The
 * baseline to beat when re-orders count; use it with `seen: 'allow'`. `similarItems` uses co-purchase
 * cosine (100 neighbours).
 *
 * @param matrix - the interactions
 * @param options - `similarItems`
 * @returns the recommender
 * @example
 * ```ts
 * repeatPurchase(buildInteractions(train, { weight: 'invoices' })).recommend('12347', 5, { seen: 'allow' });
 * ```
 */
export function repeatPurchase(matrix: InteractionMatrix, options: RepeatPurchaseOptions = {}): Recommender {
  const given = options.similarItems;
  return repeatPurchaseFrom(matrix, given ? () => given : lazySimilarity(matrix));
}

/** {@link repeatPurchase} from its co-purchase similarity, made on first use (used when loading). */
export function repeatPurchaseFrom(matrix: InteractionMatrix, co: () => ItemSimilarity): Recommender {
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

/** Rebuilds from a saved state. */
export const restoreRepeatPurchase = (matrix: InteractionMatrix, _options: unknown, state: Record<string, unknown>): Recommender => repeatPurchaseFrom(matrix, lazyValue(() => restoreSimilarity(state)));
