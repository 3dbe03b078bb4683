/**
 * `@shopper-spectrum/recommend`: recommenders over a sparse customer x product matrix.
 *
 * @packageDocumentation
 */
export { ShopperSpectrumError, isShopperSpectrumError } from '@shopper-spectrum/internal';
export type { ErrorDetails, ErrorJSON } from '@shopper-spectrum/internal';
export { RecommendError } from './errors.js';
export type { RecommendErrorCode } from './errors.js';
export { buildInteractions, matrixFromCsr } from './interactions.js';
export type { CsrParts, InteractionMatrix, InteractionOptions, InteractionWeight } from './interactions.js';
export { makeRecommender, topK, checkK } from './recommender.js';
export type { ModelCore, ModelSpec, Recommendation, RecommendationSource, Recommender, RecommendOptions, SeenPolicy } from './recommender.js';
export { itemSimilarity } from './itemSimilarity.js';
export type { ItemSimilarity, ItemSimilarityName, ItemSimilarityOptions } from './itemSimilarity.js';
export { popularity } from './popularity.js';
export { repeatPurchase } from './repeatPurchase.js';
export type { RepeatPurchaseOptions } from './repeatPurchase.js';
export { itemKnn } from './itemKnn.js';
export type { ItemKnnOptions } from './itemKnn.js';
export { userKnn } from './userKnn.js';
export type { UserKnnOptions } from './userKnn.js';
export { tifuKnn } from './tifuKnn.js';
export type { TifuKnnOptions } from './tifuKnn.js';
export { hybrid } from './hybrid.js';
export type { HybridPart } from './hybrid.js';
export { ease, invertSpd } from './ease.js';
export type { EaseOptions } from './ease.js';
export { contentBased } from './content.js';
export type { ContentOptions } from './content.js';
export { addTextSimilarities, buildTextIndex, findItems, resolveItem, sharedTerms, STOP_WORDS, textIndexFromRows, tokenize, withPostings } from './text.js';
export type { FindItemsOptions, ItemMatch, Searchable, TextIndex, TextIndexOptions } from './text.js';
export { loadRecommender, serializeRecommender, serializeRecommenderBinary } from './serialize.js';
export { learnedRanker, LEARNED_FEATURES } from './learned.js';
export type { LearnedRankerOptions } from './learned.js';
