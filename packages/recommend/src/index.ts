/**
 * `@shopper-spectrum/recommend`: recommenders over a sparse customer x product matrix.
 *
 * @packageDocumentation
 * @module @shopper-spectrum/recommend
 */
export { ShopperSpectrumError, ParameterError, isShopperSpectrumError } from '@shopper-spectrum/internal';
export type { ErrorDetails, ErrorJSON } from '@shopper-spectrum/internal';
export { RecommendError } from './errors.js';
export type { RecommendErrorCode } from './errors.js';
export { CHECKS } from './checks.js';
export type { Check } from './checks.js';
export { buildInteractions, matrixFromCsr, INTERACTION_DEFAULTS, INTERACTION_WEIGHTS, INVOICE_INTERACTIONS } from './interactions.js';
export type { CsrParts, InteractionMatrix, InteractionOptions, InteractionWeight } from './interactions.js';
export { checkMatrix } from './checkMatrix.js';
export { makeRecommender, topK, checkK, RECOMMEND_DEFAULTS } from './recommender.js';
export type { ModelCore, ModelSpec, Recommendation, RecommendationSource, Recommender, RecommendOptions, SeenPolicy } from './recommender.js';
export { defineRecommender } from './definition.js';
export type { FitData, RecommenderDefinition, SavedModel, SavedPart } from './definition.js';
export { fitData } from './fitData.js';
export type { FitSource } from './fitData.js';
export { savedModelReader } from './savedModel.js';
export type { SavedModelReader } from './savedModel.js';
export { RECOMMENDERS, fitRecommender, recommenderDefinition, recommenderKinds, registerRecommender, unregisterRecommender } from './registry.js';
export type { HybridFitOptions, HybridPartSpec, RecommenderKind, RecommenderOptionsByKind, RegisterOptions } from './registry.js';
export { itemSimilarity, ITEM_SIMILARITY_DEFAULTS, SIMILARITIES } from './itemSimilarity.js';
export type { ItemSimilarity, ItemSimilarityName, ItemSimilarityOptions, PairStatistics, SimilarityFn, SimilarityParameters } from './itemSimilarity.js';
export { popularity } from './popularity.js';
export type { PopularityFitOptions } from './popularity.js';
export { repeatPurchase, REPEAT_PURCHASE_DEFAULTS } from './repeatPurchase.js';
export type { RepeatPurchaseFitOptions, RepeatPurchaseOptions } from './repeatPurchase.js';
export { itemKnn, ITEM_KNN_DEFAULTS } from './itemKnn.js';
export type { ItemKnnFitOptions, ItemKnnOptions } from './itemKnn.js';
export { userKnn, USER_KNN_DEFAULTS } from './userKnn.js';
export type { UserKnnFitOptions, UserKnnOptions } from './userKnn.js';
export { tifuKnn, TIFU_KNN_DEFAULTS } from './tifuKnn.js';
export type { TifuKnnFitOptions, TifuKnnOptions } from './tifuKnn.js';
export { hybrid } from './hybrid.js';
export type { HybridPart } from './hybrid.js';
export { ease, invertSpd, EASE_DEFAULTS } from './ease.js';
export type { EaseFitOptions, EaseOptions } from './ease.js';
export { sansa, SANSA_DEFAULTS } from './sansa.js';
export type { SansaFitOptions, SansaOptions, SansaReport } from './sansa.js';
export { contentBased, CONTENT_DEFAULTS } from './content.js';
export type { ContentFitOptions, ContentOptions } from './content.js';
export { addTextSimilarities, buildTextIndex, findItems, resolveItem, sharedTerms, STOP_WORDS, textIndexFromRows, tokenize, withPostings, TEXT_INDEX_DEFAULTS, FIND_ITEMS_DEFAULTS } from './text.js';
export type { FindItemsOptions, ItemMatch, Searchable, TextIndex, TextIndexOptions } from './text.js';
export { loadRecommender, serializeRecommender, serializeRecommenderBinary } from './serialize.js';
export type { LoadOptions } from './serialize.js';
export { LEARNED_FEATURES } from './learnedFeatures.js';
export type { LearnedBase } from './learnedFeatures.js';
export { LEARNED_BLEND_WEIGHTS, learnedRanker, LEARNED_RANKER_DEFAULTS } from './learnedRanker.js';
export type { LearnedRankerDecision, LearnedRankerOptions } from './learnedRanker.js';
export { logisticRegression, logit, solveLinear, LOGISTIC_DEFAULTS } from './logistic.js';
export type { LogisticModel, LogisticOptions } from './logistic.js';
