import { MetricsError } from './errors.js';
import { checkK, lookup, METRIC_DEFAULTS, scoreWith } from './ranking.js';
import type { Item, MetricOptions, Relevance, UserScores } from './ranking.js';

/** The metrics that can be averaged over users, by name. */
export type MetricName = 'precision' | 'recall' | 'map' | 'ndcg' | 'hit-rate' | 'mrr';

/**
 * Every metric name, in a fixed order (the default of {@link evaluate}).
 *
 * @example
 * ```ts
 * METRIC_NAMES.join(', ');
 * // => 'precision, recall, map, ndcg, hit-rate, mrr'
 * ```
 */
export const METRIC_NAMES: readonly MetricName[] = Object.freeze(['precision', 'recall', 'map', 'ndcg', 'hit-rate', 'mrr'] as const);

const FIELD: Record<MetricName, keyof UserScores> = {
  precision: 'precision',
  recall: 'recall',
  map: 'averagePrecision',
  ndcg: 'ndcg',
  'hit-rate': 'hitRate',
  mrr: 'reciprocalRank',
};

/** Options of the averaged metrics. */
export interface AverageOptions extends MetricOptions {
  /**
   * `'macro'`: the mean of per-user values (every user weighs the same: Microsoft Recommenders,
   * RecBole). `'micro'`: pooled counts, for precision (all hits / all slots) and recall (all hits /
   * all relevant items); other metrics are always macro.
   * @defaultValue {@link AVERAGE_DEFAULTS | AVERAGE_DEFAULTS.average} (`'macro'`)
   */
  readonly average?: 'macro' | 'micro';
}

/**
 * The defaults of the averaged metrics' own option ({@link AverageOptions}), in one place: every
 * user weighs the same. The per-user metric definitions' defaults are {@link METRIC_DEFAULTS}.
 *
 * @example
 * ```ts
 * AVERAGE_DEFAULTS;
 * // => { average: 'macro' }
 * ```
 */
export const AVERAGE_DEFAULTS: Readonly<Required<Pick<AverageOptions, 'average'>>> = Object.freeze({
  average: 'macro',
});

/** An averaged metric with what went into it. */
export interface AveragedMetric {
  /** The mean (NaN when no user could be scored). */
  readonly value: number;
  /** Per user, in input order (NaN for skipped users). */
  readonly perUser: Float64Array;
  /** Users scored. */
  readonly users: number;
  /** Users left out because they had no relevant item (`emptyRelevant: 'skip'`). */
  readonly skipped: number;
}

/**
 * Scores every user at one K and averages one metric (see {@link MetricName}); users are aligned by
 * position. Each user's relevance is looked up once for all metrics. O(users x K).
 *
 * @param metric - the metric
 * @param rankings - one ranking per user, best first
 * @param relevant - one relevant set per user
 * @param k - the cut-off
 * @param options - averaging and {@link MetricOptions}
 * @returns the mean and the per-user values
 * @throws {@link MetricsError} `DIMENSION_MISMATCH` when the lists differ in length, `INVALID_OPTION`
 *   for an unknown metric, and the errors of {@link scoreRanking}
 * @example
 * ```ts
 * averageAtK('precision', [['a', 'b'], ['c', 'd']], [['a'], ['x']], 2).value;
 * // => 0.25
 * ```
 */
export function averageAtK(metric: MetricName, rankings: readonly ArrayLike<Item>[], relevant: readonly Relevance[], k: number, options: AverageOptions = {}): AveragedMetric {
  if (!(metric in FIELD)) throw new MetricsError('INVALID_OPTION', 'metric', metric, METRIC_NAMES.join(', '));
  return scoreUsers(rankings, relevant, k, options)[metric];
}

/**
 * Scores every user at one K and averages all six metrics at once. O(users x K).
 *
 * @param rankings - one ranking per user, best first
 * @param relevant - one relevant set per user
 * @param k - the cut-off
 * @param options - averaging and {@link MetricOptions}
 * @returns one {@link AveragedMetric} per metric name
 * @throws {@link MetricsError} as {@link averageAtK}
 * @example
 * ```ts
 * scoreUsers([['a', 'b']], [['b']], 2).map.value;
 * // => 0.5
 * ```
 */
export function scoreUsers(rankings: readonly ArrayLike<Item>[], relevant: readonly Relevance[], k: number, options: AverageOptions = {}): Record<MetricName, AveragedMetric> {
  checkK(k);
  if (!Array.isArray(rankings) || !Array.isArray(relevant) || rankings.length !== relevant.length) {
    throw new MetricsError('DIMENSION_MISMATCH', 'rankings, relevant', `${rankings?.length} rankings, ${relevant?.length} relevant sets`, 'one relevant set per ranking');
  }
  const average = options.average ?? AVERAGE_DEFAULTS.average;
  if (average !== 'macro' && average !== 'micro') throw new MetricsError('INVALID_OPTION', 'average', average, "'macro' or 'micro'");
  const n = rankings.length;
  const per = Object.fromEntries(METRIC_NAMES.map((m) => [m, new Float64Array(n)])) as Record<MetricName, Float64Array>;
  const sums = Object.fromEntries(METRIC_NAMES.map((m) => [m, 0])) as Record<MetricName, number>;
  let users = 0;
  let skipped = 0;
  let hits = 0;
  let slots = 0;
  let relevantTotal = 0;
  for (let u = 0; u < n; u++) {
    const rel = lookup(relevant[u]!, `relevant[${u}]`);
    const s = scoreWith(rankings[u]!, rel.has, rel.size, k, options);
    if (Number.isNaN(s.recall) && rel.size === 0) {
      skipped++;
      for (const m of METRIC_NAMES) per[m][u] = NaN;
      continue;
    }
    users++;
    hits += s.hits;
    slots += (options.precisionDenominator ?? METRIC_DEFAULTS.precisionDenominator) === 'k' ? k : s.recommended;
    relevantTotal += s.relevant;
    for (const m of METRIC_NAMES) {
      const v = s[FIELD[m]] as number;
      per[m][u] = v;
      if (!Number.isNaN(v)) sums[m] += v;
    }
  }
  const out = {} as Record<MetricName, AveragedMetric>;
  for (const m of METRIC_NAMES) {
    let value = users === 0 ? NaN : sums[m] / users;
    if (average === 'micro' && m === 'precision') value = slots === 0 ? NaN : hits / slots;
    if (average === 'micro' && m === 'recall') value = relevantTotal === 0 ? NaN : hits / relevantTotal;
    out[m] = { value, perUser: per[m], users, skipped };
  }
  return out;
}

/**
 * MAP@K: the mean over users of AP@K (normalised by min(K, |relevant|) unless `apNormalization`
 * says otherwise), users without relevant items skipped. O(users x K).
 *
 * @param rankings - one ranking per user
 * @param relevant - one relevant set per user
 * @param k - the cut-off
 * @param options - see {@link AverageOptions}
 * @returns the mean
 * @example
 * ```ts
 * mapAtK([['a', 'x', 'b'], ['y']], [['a', 'b', 'c'], ['y']], 3);
 * // => 0.7778 ((0.5556 + 1) / 2)
 * ```
 */
export function mapAtK(rankings: readonly ArrayLike<Item>[], relevant: readonly Relevance[], k: number, options?: AverageOptions): number {
  return averageAtK('map', rankings, relevant, k, options).value;
}

/**
 * Mean precision@K over users (macro; `average: 'micro'` pools the counts).
 *
 * @param rankings - one ranking per user
 * @param relevant - one relevant set per user
 * @param k - the cut-off
 * @param options - see {@link AverageOptions}
 * @returns the mean
 * @example
 * ```ts
 * meanPrecisionAtK([['a', 'b'], ['c', 'd']], [['a'], ['c', 'd']], 2);
 * // => 0.75
 * ```
 */
export function meanPrecisionAtK(rankings: readonly ArrayLike<Item>[], relevant: readonly Relevance[], k: number, options?: AverageOptions): number {
  return averageAtK('precision', rankings, relevant, k, options).value;
}

/**
 * Mean recall@K over users (macro; `average: 'micro'` pools the counts).
 *
 * @param rankings - one ranking per user
 * @param relevant - one relevant set per user
 * @param k - the cut-off
 * @param options - see {@link AverageOptions}
 * @returns the mean
 * @example
 * ```ts
 * meanRecallAtK([['a'], ['c']], [['a', 'b'], ['c']], 1);
 * // => 0.75
 * ```
 */
export function meanRecallAtK(rankings: readonly ArrayLike<Item>[], relevant: readonly Relevance[], k: number, options?: AverageOptions): number {
  return averageAtK('recall', rankings, relevant, k, options).value;
}

/**
 * Mean NDCG@K over users.
 *
 * @param rankings - one ranking per user
 * @param relevant - one relevant set per user
 * @param k - the cut-off
 * @param options - see {@link AverageOptions}
 * @returns the mean
 * @example
 * ```ts
 * meanNdcgAtK([['a'], ['x', 'c']], [['a'], ['c']], 2);
 * // => 0.8155 ((1 + 0.6309) / 2)
 * ```
 */
export function meanNdcgAtK(rankings: readonly ArrayLike<Item>[], relevant: readonly Relevance[], k: number, options?: AverageOptions): number {
  return averageAtK('ndcg', rankings, relevant, k, options).value;
}

/**
 * Hit rate@K over users: the share of users with a relevant item in their top K.
 *
 * @param rankings - one ranking per user
 * @param relevant - one relevant set per user
 * @param k - the cut-off
 * @param options - see {@link AverageOptions}
 * @returns the share
 * @example
 * ```ts
 * meanHitRateAtK([['a'], ['x']], [['a'], ['c']], 1);
 * // => 0.5
 * ```
 */
export function meanHitRateAtK(rankings: readonly ArrayLike<Item>[], relevant: readonly Relevance[], k: number, options?: AverageOptions): number {
  return averageAtK('hit-rate', rankings, relevant, k, options).value;
}

/**
 * MRR@K: the mean over users of 1 / rank of the first relevant item in the top K (0 if none).
 *
 * @param rankings - one ranking per user
 * @param relevant - one relevant set per user
 * @param k - the cut-off
 * @param options - see {@link AverageOptions}
 * @returns the mean
 * @example
 * ```ts
 * meanMrrAtK([['a'], ['x', 'c']], [['a'], ['c']], 2);
 * // => 0.75
 * ```
 */
export function meanMrrAtK(rankings: readonly ArrayLike<Item>[], relevant: readonly Relevance[], k: number, options?: AverageOptions): number {
  return averageAtK('mrr', rankings, relevant, k, options).value;
}
