import { RecommendError } from './errors.js';
import type { InteractionMatrix } from './interactions.js';

/** One recommended product with its score and the reason. */
export interface Recommendation {
  /** StockCode. */
  readonly item: string;
  /** The model's score (comparable within one list only). */
  readonly score: number;
  /** Why, in words. */
  readonly because: string;
}

/**
 * What to do with products the customer already bought: `'exclude'` (new products only), `'allow'`
 * (re-orders compete on their score), or `{ downweight }` (their scores multiplied by it, 0..1).
 */
export type SeenPolicy = 'exclude' | 'allow' | { readonly downweight: number };

/** Options of `recommend`. */
export interface RecommendOptions {
  /**
   * The policy for already-bought products.
   * @defaultValue `'exclude'`
   */
  readonly seen?: SeenPolicy;
  /**
   * Compute `because` (explanations cost more than scores; turn off for bulk evaluation, where
   * `because` is then `''`).
   * @defaultValue `true`
   */
  readonly explain?: boolean;
}

/** A fitted recommender. */
export interface Recommender {
  /** The model's name. */
  readonly name: string;
  /** The matrix it was fitted on. */
  readonly matrix: InteractionMatrix;
  /**
   * The top `k` products for a customer, best first. Unknown customers (or customers with no
   * history) get the popularity list and `because` says so.
   */
  recommend(customerId: string, k: number, options?: RecommendOptions): Recommendation[];
  /** The `k` products most similar to a StockCode (by the model's notion of similarity). */
  similarItems(stockCode: string, k: number): Recommendation[];
}

/** The parts a model supplies; {@link makeRecommender} adds policies, ties, explanations and fallback. */
export interface ModelCore {
  /** The model's name. */
  readonly name: string;
  /** Scores of every product for a known customer row (length = products), written into `out`. */
  scoreUser(row: number, out: Float64Array): void;
  /** Why product `item` scored for customer `row`. */
  explainUser(row: number, item: number): string;
  /** Similarities of every product to product `item`, written into `out`. */
  scoreItem(item: number, out: Float64Array): void;
  /** Why `other` is similar to `item`. */
  explainItem(item: number, other: number): string;
}

/**
 * Checks k: a positive integer.
 *
 * @param k - the list length
 * @returns k
 * @throws {@link RecommendError} `INVALID_K` otherwise
 * @example
 * ```ts
 * checkK(5);
 * // => 5
 * ```
 */
export function checkK(k: number): number {
  if (!Number.isInteger(k) || k < 1) throw new RecommendError('INVALID_K', 'k', k, 'a positive integer');
  return k;
}

/**
 * The top k of a score vector: higher score first, ties to the more popular product, then the smaller
 * StockCode; zero and negative scores are dropped; `skip` marks excluded columns. O(n log k).
 *
 * @param scores - one score per product column
 * @param k - how many
 * @param matrix - the matrix (for popularity and StockCodes in ties)
 * @param skip - columns to leave out
 * @returns column indices, best first
 * @example
 * ```ts
 * topK(Float64Array.of(0.2, 0.9, 0.2), 2, matrix);
 * // => [1, 0] (0 and 2 tie; 0 is more popular or has the smaller StockCode)
 * ```
 */
export function topK(scores: Float64Array, k: number, matrix: InteractionMatrix, skip?: (j: number) => boolean): number[] {
  const heap: number[] = [];
  const items = matrix.items;
  const pop = matrix.popularity;
  // worse(a, b): a ranks below b
  const worse = (a: number, b: number) => scores[a]! < scores[b]! || (scores[a] === scores[b] && (pop[a]! < pop[b]! || (pop[a] === pop[b] && items[a]! > items[b]!)));
  for (let j = 0; j < scores.length; j++) {
    if (!(scores[j]! > 0) || (skip && skip(j))) continue;
    if (heap.length < k) {
      heap.push(j);
      let c = heap.length - 1;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!worse(heap[c]!, heap[p]!)) break;
        [heap[c], heap[p]] = [heap[p]!, heap[c]!];
        c = p;
      }
    } else if (worse(heap[0]!, j)) {
      heap[0] = j;
      let c = 0;
      for (;;) {
        const l = 2 * c + 1;
        const r = l + 1;
        let m = c;
        if (l < heap.length && worse(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && worse(heap[r]!, heap[m]!)) m = r;
        if (m === c) break;
        [heap[c], heap[m]] = [heap[m]!, heap[c]!];
        c = m;
      }
    }
  }
  return heap.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
}

/**
 * Wraps a model core into a {@link Recommender}: checks arguments, applies the seen policy, breaks
 * ties (more popular, then smaller StockCode), fills short lists and serves unknown customers from
 * popularity, saying which path was used. Write a new model as a {@link ModelCore}.
 *
 * @param matrix - the interactions the core was fitted on
 * @param core - the model's scoring and explanations
 * @returns the recommender
 * @example
 * ```ts
 * const random = makeRecommender(matrix, { name: 'constant', scoreUser: (_r, out) => out.fill(1), explainUser: () => 'any', scoreItem: (_i, out) => out.fill(1), explainItem: () => 'any' });
 * random.recommend('12347', 3).length;
 * // => 3
 * ```
 */
export function makeRecommender(matrix: InteractionMatrix, core: ModelCore): Recommender {
  const n = matrix.items.length;
  const scores = new Float64Array(n);
  const popularScores = Float64Array.from(matrix.popularity);
  const seenSet = (row: number) => {
    const s = new Uint8Array(n);
    for (let p = matrix.indptr[row]!; p < matrix.indptr[row + 1]!; p++) s[matrix.indices[p]!] = 1;
    return s;
  };
  return {
    name: core.name,
    matrix,
    recommend(customerId, k, options = {}) {
      if (typeof customerId !== 'string') throw new RecommendError('INVALID_ARGUMENT', 'customerId', customerId, 'a customer id string');
      checkK(k);
      const seen = options.seen ?? 'exclude';
      const down = typeof seen === 'object' && seen !== null ? seen.downweight : null;
      if (seen !== 'exclude' && seen !== 'allow' && !(down !== null && down >= 0 && down <= 1)) {
        throw new RecommendError('INVALID_OPTION', 'seen', seen, "'exclude', 'allow' or { downweight: 0..1 }");
      }
      const row = matrix.customerIndex.get(customerId);
      if (row === undefined) {
        return topK(popularScores, k, matrix).map((j) => ({ item: matrix.items[j]!, score: popularScores[j]!, because: `unknown customer: popular with ${matrix.popularity[j]} customers` }));
      }
      scores.fill(0);
      core.scoreUser(row, scores);
      const bought = seenSet(row);
      if (down !== null) for (let j = 0; j < n; j++) if (bought[j]) scores[j]! *= down;
      const skip = seen === 'exclude' ? (j: number) => bought[j] === 1 : undefined;
      const picked = topK(scores, k, matrix, skip);
      const explain = options.explain ?? true;
      const out = picked.map((j) => ({ item: matrix.items[j]!, score: scores[j]!, because: explain ? core.explainUser(row, j) : '' }));
      if (out.length < k) {
        const have = new Set(picked);
        for (const j of topK(popularScores, k + picked.length + (seen === 'exclude' ? bought.reduce((a, b) => a + b, 0) : 0), matrix)) {
          if (out.length >= k) break;
          if (have.has(j) || (seen === 'exclude' && bought[j])) continue;
          out.push({ item: matrix.items[j]!, score: 0, because: `fallback: popular with ${matrix.popularity[j]} customers` });
        }
      }
      return out;
    },
    similarItems(stockCode, k) {
      checkK(k);
      const j = matrix.itemIndex.get(stockCode);
      if (j === undefined) throw new RecommendError('UNKNOWN_ITEM', 'stockCode', stockCode, 'a StockCode seen in training (try findItems for a name)');
      scores.fill(0);
      core.scoreItem(j, scores);
      return topK(scores, k, matrix, (o) => o === j).map((o) => ({ item: matrix.items[o]!, score: scores[o]!, because: core.explainItem(j, o) }));
    },
  };
}
