import { MetricsError } from './errors.js';

/** An item id: a number (an index, a code) or a string (a StockCode). */
export type Item = number | string;

/**
 * The items relevant to a user: a Set, a sorted typed array of indices (looked up by binary search,
 * so no Set is built), or any array (turned into a Set).
 */
export type Relevance = ReadonlySet<Item> | Int32Array | Uint32Array | Float64Array | ArrayLike<Item>;

/**
 * How AP@K is normalised: the sum of precision@i over the hits i <= K is divided by
 *
 * - `'min-k-relevant'`: min(K, |relevant|): Microsoft Recommenders `map_at_k`, implicit, RecBole, and
 *   the common `apk` (Ben Hamner's Metrics). A perfect ranking scores 1 even when |relevant| > K.
 * - `'relevant'`: |relevant|: trec_eval, ranx, Microsoft Recommenders `map`. Capped below 1 when
 *   |relevant| > K.
 * - `'hits'`: the number of hits in the top K: recmetrics `mapk`. Not the default: a ranking with one
 *   hit at rank 1 and nothing else scores 1, so it rewards lists that find little.
 */
export type ApNormalization = 'min-k-relevant' | 'relevant' | 'hits';

/** Options shared by every ranking metric. */
export interface MetricOptions {
  /**
   * An item listed twice in a ranking: `'error'` throws `DUPLICATE_ITEM`; `'dedupe'` keeps its first
   * place and closes the gap (the list is then re-cut at K).
   * @defaultValue {@link METRIC_DEFAULTS | METRIC_DEFAULTS.duplicates} (`'error'`)
   */
  readonly duplicates?: 'error' | 'dedupe';
  /**
   * A user with no relevant item: `'skip'` gives NaN per user and leaves the user out of averages
   * (counted as skipped); `'zero'` scores 0; `'error'` throws `EMPTY_RELEVANT`.
   * @defaultValue {@link METRIC_DEFAULTS | METRIC_DEFAULTS.emptyRelevant} (`'skip'`)
   */
  readonly emptyRelevant?: 'skip' | 'zero' | 'error';
  /**
   * Precision's denominator: `'k'` divides by K even when fewer than K items were recommended (an
   * empty list scores 0: Microsoft Recommenders, RecBole); `'recommended'` divides by the number
   * recommended, at most K (recmetrics `_pk`; an empty list is then NaN).
   * @defaultValue {@link METRIC_DEFAULTS | METRIC_DEFAULTS.precisionDenominator} (`'k'`)
   */
  readonly precisionDenominator?: 'k' | 'recommended';
  /**
   * The AP@K normaliser (see {@link ApNormalization}).
   * @defaultValue {@link METRIC_DEFAULTS | METRIC_DEFAULTS.apNormalization} (`'min-k-relevant'`)
   */
  readonly apNormalization?: ApNormalization;
}

/**
 * The defaults of every ranking metric ({@link MetricOptions}), in one place: a ranking that lists
 * an item twice is refused, users with no relevant item are skipped, precision divides by K, and
 * AP@K by min(K, |relevant|), as Microsoft Recommenders' `precision_at_k` and `map_at_k`.
 *
 * @example
 * ```ts
 * METRIC_DEFAULTS;
 * // => { duplicates: 'error', emptyRelevant: 'skip', precisionDenominator: 'k', apNormalization: 'min-k-relevant' }
 * ```
 */
export const METRIC_DEFAULTS: Readonly<Required<MetricOptions>> = Object.freeze({
  duplicates: 'error',
  emptyRelevant: 'skip',
  precisionDenominator: 'k',
  apNormalization: 'min-k-relevant',
});

/** Every metric of one user at one K. */
export interface UserScores {
  /** Relevant items in the top K. */
  readonly hits: number;
  /** Items recommended, at most K (after de-duplication). */
  readonly recommended: number;
  /** |relevant|. */
  readonly relevant: number;
  /** Precision@K. */
  readonly precision: number;
  /** Recall@K. */
  readonly recall: number;
  /** AP@K. */
  readonly averagePrecision: number;
  /** NDCG@K (binary gains, log2 discounts). */
  readonly ndcg: number;
  /** 1 when the top K holds a relevant item. */
  readonly hitRate: number;
  /** 1 / rank of the first relevant item in the top K, or 0. */
  readonly reciprocalRank: number;
}

/**
 * Checks K: a positive integer.
 *
 * @param k - the cut-off
 * @param parameter - the name used in the error
 * @returns k
 * @throws {@link MetricsError} `INVALID_K` otherwise
 * @example
 * ```ts
 * checkK(10);
 * // => 10
 * ```
 */
export function checkK(k: number, parameter = 'k'): number {
  if (!Number.isInteger(k) || k < 1) throw new MetricsError('INVALID_K', parameter, k, 'a positive integer');
  return k;
}

/** A membership test for a {@link Relevance}, and its size. */
export function lookup(relevant: Relevance, parameter = 'relevant'): { has: (item: Item) => boolean; size: number } {
  if (relevant instanceof Set) return { has: (x) => relevant.has(x), size: relevant.size };
  if (relevant instanceof Int32Array || relevant instanceof Uint32Array || relevant instanceof Float64Array) {
    const a = relevant;
    for (let i = 1; i < a.length; i++) {
      if (!(a[i]! > a[i - 1]!)) throw new MetricsError('INVALID_OPTION', parameter, 'a typed array that is not strictly ascending', 'a Set, an array, or a strictly ascending typed array of indices');
    }
    return {
      has: (x) => {
        if (typeof x !== 'number') return false;
        let lo = 0;
        let hi = a.length - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >>> 1;
          const v = a[mid]!;
          if (v === x) return true;
          if (v < x) lo = mid + 1;
          else hi = mid - 1;
        }
        return false;
      },
      size: a.length,
    };
  }
  if (relevant != null && typeof (relevant as ArrayLike<Item>).length === 'number') {
    const set = new Set<Item>(Array.from(relevant as ArrayLike<Item>));
    return { has: (x) => set.has(x), size: set.size };
  }
  throw new MetricsError('INVALID_ARGUMENT', parameter, typeof relevant, 'a Set, an array or a sorted typed array of item ids');
}

/** Items kept so far in the ranking being scored (reused between calls). */
let keptBuffer: Item[] = new Array<Item>(64);

const LOG2 = Array.from({ length: 64 }, (_, i) => 1 / Math.log2(i + 2));
const discount = (rank0: number) => (rank0 < 64 ? LOG2[rank0]! : 1 / Math.log2(rank0 + 2));

/**
 * Computes every metric of one user at one K in a single pass over the top K. O(K) plus the
 * relevance lookups (O(1) for a Set, O(log r) for a sorted typed array).
 *
 * NDCG: DCG = sum over hits at rank i of 1 / log2(i + 1); IDCG is the DCG of min(K, |relevant|)
 * hits at ranks 1.. (binary relevance; the log base cancels, so Microsoft Recommenders' natural-log
 * discount gives the same value).
 *
 * @param ranked - item ids, best first
 * @param relevant - the relevant items
 * @param k - the cut-off
 * @param options - duplicates, empty-relevant policy, precision denominator, AP normaliser
 * @returns all scores (NaN where the empty-relevant policy is `'skip'`)
 * @throws {@link MetricsError} `INVALID_K`, `INVALID_RANKING`, `DUPLICATE_ITEM`, `EMPTY_RELEVANT`
 * @example
 * ```ts
 * scoreRanking(['a', 'x', 'b'], new Set(['a', 'b', 'c']), 3);
 * // => { hits: 2, recommended: 3, relevant: 3, precision: 0.667, recall: 0.667, averagePrecision: 0.556, ndcg: 0.704, hitRate: 1, reciprocalRank: 1 }
 * ```
 */
export function scoreRanking(ranked: ArrayLike<Item>, relevant: Relevance, k: number, options: MetricOptions = {}): UserScores {
  checkK(k);
  const rel = lookup(relevant);
  return scoreWith(ranked, rel.has, rel.size, k, options);
}

/** {@link scoreRanking} with a prepared lookup (the averaging functions reuse one per user). */
export function scoreWith(ranked: ArrayLike<Item>, has: (item: Item) => boolean, size: number, k: number, options: MetricOptions): UserScores {
  if (ranked == null || typeof ranked.length !== 'number') throw new MetricsError('INVALID_RANKING', 'ranked', typeof ranked, 'an array of item ids');
  const duplicates = options.duplicates ?? METRIC_DEFAULTS.duplicates;
  const emptyRelevant = options.emptyRelevant ?? METRIC_DEFAULTS.emptyRelevant;
  const denominator = options.precisionDenominator ?? METRIC_DEFAULTS.precisionDenominator;
  const apNorm = options.apNormalization ?? METRIC_DEFAULTS.apNormalization;
  if (size === 0) {
    if (emptyRelevant === 'error') throw new MetricsError('EMPTY_RELEVANT', 'relevant', [], "at least one relevant item (or emptyRelevant: 'skip' | 'zero')");
    const v = emptyRelevant === 'zero' ? 0 : NaN;
    return { hits: 0, recommended: Math.min(k, ranked.length), relevant: 0, precision: v, recall: v, averagePrecision: v, ndcg: v, hitRate: v, reciprocalRank: v };
  }
  let hits = 0;
  let apSum = 0;
  let dcg = 0;
  let firstHit = 0;
  let taken = 0;
  const kept = keptBuffer.length >= k ? keptBuffer : (keptBuffer = new Array<Item>(Math.max(k, 2 * keptBuffer.length)));
  for (let i = 0; i < ranked.length && taken < k; i++) {
    const item = ranked[i]!;
    if (typeof item === 'number' ? Number.isNaN(item) : typeof item !== 'string') throw new MetricsError('INVALID_RANKING', `ranked[${i}]`, item, 'item ids: numbers (not NaN) or strings');
    // Duplicates among the items kept so far: a linear scan, no allocation (K is small).
    let duplicate = false;
    for (let j = 0; j < taken; j++) {
      if (kept[j] === item) {
        duplicate = true;
        break;
      }
    }
    if (duplicate) {
      if (duplicates === 'error') throw new MetricsError('DUPLICATE_ITEM', `ranked[${i}]`, item, "each item once per ranking (or duplicates: 'dedupe')");
      continue;
    }
    kept[taken] = item;
    const rank0 = taken;
    taken++;
    if (has(item)) {
      hits++;
      apSum += hits / (rank0 + 1);
      dcg += discount(rank0);
      if (firstHit === 0) firstHit = rank0 + 1;
    }
  }
  const ideal = Math.min(k, size);
  let idcg = 0;
  for (let r = 0; r < ideal; r++) idcg += discount(r);
  const apDenominator = apNorm === 'min-k-relevant' ? Math.min(k, size) : apNorm === 'relevant' ? size : hits;
  return {
    hits,
    recommended: taken,
    relevant: size,
    precision: denominator === 'k' ? hits / k : taken === 0 ? NaN : hits / taken,
    recall: hits / size,
    averagePrecision: apDenominator === 0 ? 0 : apSum / apDenominator,
    ndcg: dcg / idcg,
    hitRate: hits > 0 ? 1 : 0,
    reciprocalRank: firstHit === 0 ? 0 : 1 / firstHit,
  };
}
