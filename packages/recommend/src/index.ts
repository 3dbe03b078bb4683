/**
 * `@shopper-spectrum/recommend`: recommenders over a sparse customer x product matrix.
 *
 * @packageDocumentation
 */
export { RecommendError } from './errors.js';
export type { RecommendErrorCode } from './errors.js';
export { buildInteractions } from './interactions.js';
export type { InteractionMatrix, InteractionOptions, InteractionWeight } from './interactions.js';
export { makeRecommender, topK, checkK } from './recommender.js';
export type { Recommendation, Recommender, RecommendOptions, SeenPolicy, ModelCore } from './recommender.js';
export { itemSimilarity } from './itemSimilarity.js';
export type { ItemSimilarity, ItemSimilarityName, ItemSimilarityOptions } from './itemSimilarity.js';
export { popularity, repeatPurchase, itemKnn, userKnn, hybrid } from './models.js';
export { ease, invertSpd } from './ease.js';
export type { EaseOptions } from './ease.js';
export type { ItemKnnOptions, UserKnnOptions, HybridPart } from './models.js';
