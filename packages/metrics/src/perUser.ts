import { scoreRanking } from './ranking.js';
import type { Item, MetricOptions, Relevance } from './ranking.js';

/**
 * Precision@K: relevant items among the top K, divided by K (or by the number recommended with
 * `precisionDenominator: 'recommended'`). O(K).
 *
 * @param ranked - item ids, best first
 * @param relevant - the relevant items
 * @param k - the cut-off
 * @param options - see {@link MetricOptions}
 * @returns the score in [0, 1] (NaN for a user with no relevant item under `'skip'`)
 * @example
 * ```ts
 * precisionAtK(['a', 'x', 'b'], ['a', 'b', 'c'], 5);
 * // => 0.4 (2 hits / K = 5, even though only 3 were recommended)
 * ```
 */
export function precisionAtK(ranked: ArrayLike<Item>, relevant: Relevance, k: number, options?: MetricOptions): number {
  return scoreRanking(ranked, relevant, k, options).precision;
}

/**
 * Recall@K: relevant items among the top K, divided by |relevant|. O(K).
 *
 * @param ranked - item ids, best first
 * @param relevant - the relevant items
 * @param k - the cut-off
 * @param options - see {@link MetricOptions}
 * @returns the score in [0, 1]
 * @example
 * ```ts
 * recallAtK(['a', 'x', 'b'], ['a', 'b', 'c', 'd'], 3);
 * // => 0.5
 * ```
 */
export function recallAtK(ranked: ArrayLike<Item>, relevant: Relevance, k: number, options?: MetricOptions): number {
  return scoreRanking(ranked, relevant, k, options).recall;
}

/**
 * AP@K: the mean of precision@i over the ranks i <= K that hold a relevant item, normalised as
 * `apNormalization` says (default min(K, |relevant|), see {@link ApNormalization}). O(K).
 *
 * @param ranked - item ids, best first
 * @param relevant - the relevant items
 * @param k - the cut-off
 * @param options - see {@link MetricOptions}
 * @returns the score in [0, 1]
 * @example
 * ```ts
 * averagePrecisionAtK(['a', 'x', 'b'], ['a', 'b', 'c'], 3);
 * // => 0.5556 ((1/1 + 2/3) / min(3, 3))
 * ```
 */
export function averagePrecisionAtK(ranked: ArrayLike<Item>, relevant: Relevance, k: number, options?: MetricOptions): number {
  return scoreRanking(ranked, relevant, k, options).averagePrecision;
}

/**
 * NDCG@K with binary gains and log2 discounts: DCG / IDCG, IDCG from min(K, |relevant|) hits at the
 * top. O(K).
 *
 * @param ranked - item ids, best first
 * @param relevant - the relevant items
 * @param k - the cut-off
 * @param options - see {@link MetricOptions}
 * @returns the score in [0, 1]
 * @example
 * ```ts
 * ndcgAtK(['x', 'a'], ['a'], 2);
 * // => 0.6309 (1 / log2(3))
 * ```
 */
export function ndcgAtK(ranked: ArrayLike<Item>, relevant: Relevance, k: number, options?: MetricOptions): number {
  return scoreRanking(ranked, relevant, k, options).ndcg;
}

/**
 * Hit rate@K for one user: 1 when a relevant item is in the top K, else 0. O(K).
 *
 * @param ranked - item ids, best first
 * @param relevant - the relevant items
 * @param k - the cut-off
 * @param options - see {@link MetricOptions}
 * @returns 0 or 1
 * @example
 * ```ts
 * hitRateAtK(['x', 'y', 'a'], ['a'], 2);
 * // => 0
 * ```
 */
export function hitRateAtK(ranked: ArrayLike<Item>, relevant: Relevance, k: number, options?: MetricOptions): number {
  return scoreRanking(ranked, relevant, k, options).hitRate;
}

/**
 * Reciprocal rank@K for one user: 1 / rank of the first relevant item within the top K, or 0
 * (its mean over users is MRR@K). O(K).
 *
 * @param ranked - item ids, best first
 * @param relevant - the relevant items
 * @param k - the cut-off
 * @param options - see {@link MetricOptions}
 * @returns the score in [0, 1]
 * @example
 * ```ts
 * mrrAtK(['x', 'y', 'a'], ['a'], 5);
 * // => 0.3333
 * ```
 */
export function mrrAtK(ranked: ArrayLike<Item>, relevant: Relevance, k: number, options?: MetricOptions): number {
  return scoreRanking(ranked, relevant, k, options).reciprocalRank;
}
