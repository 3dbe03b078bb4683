/**
 * `@shopper-spectrum/cluster`: seeded k-means, O(n^2) agglomerative clustering, validity indices,
 * choosing k and naming segments, for any numeric matrix.
 *
 * @packageDocumentation
 */
export { ShopperSpectrumError, isShopperSpectrumError, SeededRandom } from '@shopper-spectrum/internal';
export type { ErrorDetails, ErrorJSON } from '@shopper-spectrum/internal';
export { ClusterError } from './errors.js';
export type { ClusterErrorCode } from './errors.js';
export { toMatrix, toRows } from './matrix.js';
export type { Matrix, MatrixInput } from './matrix.js';
export { fitLog1p, fitStandardScaler, fitMinMaxScaler, fitRobustScaler } from './transforms/scalers.js';
export { fitPipeline, transformFromJSON, TRANSFORMS } from './transforms/pipeline.js';
export type { PipelineStep } from './transforms/pipeline.js';
export type { FittedTransform, TransformJSON } from './transforms/transform.js';
export { kmeans, kmeansFromJSON } from './kmeans.js';
export type { KMeansOptions, KMeansInit, KMeansModel, KMeansJSON } from './kmeans.js';
export { agglomerative, nearestCentroidFromJSON } from './agglomerative.js';
export type { Linkage, AgglomerativeOptions, AgglomerativeTree, AgglomerativeCut, CutBy, NearestCentroidJSON, Dendrogram, DendrogramNode } from './agglomerative.js';
export { silhouette, silhouettes } from './silhouette.js';
export type { Silhouette } from './silhouette.js';
export { calinskiHarabasz, daviesBouldin, adjustedRandIndex } from './indices.js';
export { kneedle } from './kneedle.js';
export type { KneedleOptions, KneeResult } from './kneedle.js';
export { chooseK } from './chooseK.js';
export type { ChooseKOptions, KChoice, KCriterion } from './chooseK.js';
export { nameSegments } from './nameSegments.js';
export type { SegmentFeature, SegmentNames } from './nameSegments.js';
