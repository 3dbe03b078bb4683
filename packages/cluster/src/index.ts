/**
 * `@shopper-spectrum/cluster`: one clustering model ({@link Clustering}) and a pluggable
 * {@link Clusterer} interface, with seeded k-means and O(n^2) agglomerative clustering (any
 * Lance-Williams linkage, any distance) built in, validity indices, choosing k with any clusterer,
 * and naming segments, for any numeric matrix. Adapters for ml-kmeans and ml-hclust are in the
 * subpath `@shopper-spectrum/cluster/mljs`; silhouettes on worker threads in the Node-only subpath
 * `@shopper-spectrum/cluster/node`.
 *
 * @packageDocumentation
 * @module @shopper-spectrum/cluster
 */
export { ShopperSpectrumError, ParameterError, isShopperSpectrumError, SeededRandom } from '@shopper-spectrum/internal';
export type { ErrorDetails, ErrorJSON } from '@shopper-spectrum/internal';
export { ClusterError } from './errors.js';
export type { ClusterErrorCode } from './errors.js';
export { toMatrix, toRows } from './matrix.js';
export type { Matrix, MatrixInput, MatrixLike, MatrixRow } from './matrix.js';
export { fitLog1p, fitStandardScaler, fitMinMaxScaler, fitRobustScaler } from './transforms/scalers.js';
export { fitPipeline, transformFromJSON, TRANSFORMS } from './transforms/pipeline.js';
export type { PipelineStep } from './transforms/pipeline.js';
export type { FittedTransform, TransformJSON } from './transforms/transform.js';
export { clusteringFromLabels, clusteringFromJSON, defineClusterer, nearestCentroidFromJSON } from './clustering.js';
export type { Clustering, ClusteringJSON, Clusterer, ClusteringFromLabelsOptions, DefineClustererOptions } from './clustering.js';
export { withinClusterSS } from './withinClusterSS.js';
export { kmeans, kmeansClusterer, kmeansFromJSON, KMEANS_DEFAULTS } from './kmeans.js';
export type { KMeansOptions, KMeansInit, KMeansModel, KMeansJSON } from './kmeans.js';
export { agglomerative, agglomerativeClusterer, AGGLOMERATIVE_DEFAULTS } from './agglomerative.js';
export type { AgglomerativeOptions } from './agglomerative.js';
export type { AgglomerativeTree, AgglomerativeCut, CutBy, Dendrogram, DendrogramNode } from './hierarchy/tree.js';
export { LINKAGES, singleLinkage, completeLinkage, averageLinkage, weightedLinkage, wardLinkage, centroidLinkage, medianLinkage } from './linkages.js';
export type { LanceWilliams, Linkage, LinkageName } from './linkages.js';
export { DISTANCES, euclideanDistance, manhattanDistance, cosineDistance } from './distances.js';
export type { Distance, DistanceFn, DistanceName } from './distances.js';
export { silhouette, silhouettes } from './silhouette.js';
export type { Silhouette } from './silhouette.js';
export { sampledSilhouette, SAMPLED_SILHOUETTE_DEFAULTS } from './sampledSilhouette.js';
export type { SampledSilhouette, SampledSilhouetteOptions } from './sampledSilhouette.js';
export { calinskiHarabasz, daviesBouldin, adjustedRandIndex } from './indices.js';
export { kneedle, KNEEDLE_DEFAULTS } from './kneedle.js';
export type { KneedleOptions, KneeResult } from './kneedle.js';
export { chooseK, CHOOSE_K_DEFAULTS } from './chooseK.js';
export type { ChooseKOptions, KChoice, KCriterion } from './chooseK.js';
export { nameSegments } from './nameSegments.js';
export type { SegmentFeature, SegmentNames } from './nameSegments.js';
export { describeSegments, DESCRIBE_SEGMENTS_DEFAULTS } from './describeSegments.js';
export type { DescribeSegmentsOptions, SegmentDescriptions, SegmentThird } from './describeSegments.js';
