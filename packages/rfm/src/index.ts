/**
 * `@shopper-spectrum/rfm`: recency, frequency, monetary per customer, scores with a declared tie
 * policy, and segment maps checked for coverage.
 *
 * @packageDocumentation
 * @module @shopper-spectrum/rfm
 */
export { ShopperSpectrumError, ParameterError, isShopperSpectrumError } from '@shopper-spectrum/internal';
export type { ErrorDetails, ErrorJSON } from '@shopper-spectrum/internal';
export { RfmError } from './errors.js';
export type { RfmErrorCode } from './errors.js';
export type { TimeInput } from './customers.js';
export { rfmTable, RfmTable } from './rfmTable.js';
export type { RfmTableOptions, RfmRow, RfmColumns } from './rfmTable.js';
export { repeatPurchaseSummary } from './repeatPurchaseSummary.js';
export type { RepeatPurchaseOptions, RepeatPurchaseSummary } from './repeatPurchaseSummary.js';
export { rfmScores, RFM_SCORE_DEFAULTS } from './rfmScores.js';
export type { RfmValues, RfmThresholds, TiePolicy, RfmScoreOptions, ScoreRange, DimensionScores, RfmScores } from './rfmScores.js';
export { weightedRfmScore, WEIGHTED_RFM_DEFAULTS } from './weightedRfmScore.js';
export type { WeightedScoreOptions } from './weightedRfmScore.js';
export { quantileSorted, median } from './quantile.js';
export { validateSegmentMap, usesMonetary, covers } from './segmentMap.js';
export type { ScoreInterval, ScoreBox, SegmentDefinition, SegmentMap, ScoreCell, SegmentMapValidation } from './segmentMap.js';
export { RF_GRID_SEGMENTS, RFM_PACKAGE_SEGMENTS, BUSINESS_SEGMENTS, SEGMENT_MAPS } from './segmentPresets.js';
export { segmentRfm } from './segmentRfm.js';
export type { Segmentation } from './segmentRfm.js';
export { segmentSummary } from './segmentSummary.js';
export type { SegmentSummaryRow } from './segmentSummary.js';
