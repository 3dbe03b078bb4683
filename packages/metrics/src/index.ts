/**
 * `@shopper-spectrum/metrics`: ranking metrics with declared semantics, honest splits and an
 * evaluation harness.
 *
 * @packageDocumentation
 * @module @shopper-spectrum/metrics
 */
export { ShopperSpectrumError, ParameterError, isShopperSpectrumError, SeededRandom } from '@shopper-spectrum/internal';
export type { ErrorDetails, ErrorJSON } from '@shopper-spectrum/internal';
export { MetricsError } from './errors.js';
export type { MetricsErrorCode } from './errors.js';
export { scoreRanking, checkK, METRIC_DEFAULTS } from './ranking.js';
export type { Item, Relevance, ApNormalization, MetricOptions, UserScores } from './ranking.js';
export { precisionAtK, recallAtK, averagePrecisionAtK, ndcgAtK, hitRateAtK, mrrAtK } from './perUser.js';
export { averageAtK, scoreUsers, mapAtK, meanPrecisionAtK, meanRecallAtK, meanNdcgAtK, meanHitRateAtK, meanMrrAtK, METRIC_NAMES, AVERAGE_DEFAULTS } from './average.js';
export type { MetricName, AverageOptions, AveragedMetric } from './average.js';
export { catalogueCoverage, novelty, personalisation, intraListSimilarity } from './beyondAccuracy.js';
export {
  temporalSplit,
  leaveLastBasketOut,
  ratioSplit,
  itemsByCustomer,
  TEMPORAL_SPLIT_DEFAULTS,
  LEAVE_LAST_BASKET_OUT_DEFAULTS,
  RATIO_SPLIT_DEFAULTS,
} from './splits.js';
export type { Split, SplitReport, TemporalSplitOptions, LeaveLastBasketOutOptions, RatioSplitOptions, CustomerItems } from './splits.js';
export { evaluate, compareEvaluations, EVALUATE_DEFAULTS } from './evaluate.js';
export type { EvaluateOptions, EvaluationResult, CompareOptions, Comparison } from './evaluate.js';
export { pairedTest, PAIRED_TEST_DEFAULTS } from './stats.js';
export type { PairedTest, PairedTestOptions } from './stats.js';
