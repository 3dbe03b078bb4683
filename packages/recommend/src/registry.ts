import { allowedNames, resolveStrategy } from '@shopper-spectrum/internal';
import { CONTENT_DEFINITION } from './content.js';
import type { ContentFitOptions } from './content.js';
import { defineRecommender } from './definition.js';
import type { FitData, RecommenderDefinition } from './definition.js';
import { EASE_DEFINITION } from './ease.js';
import type { EaseFitOptions } from './ease.js';
import { optionsObject, withDefaults } from './checks.js';
import { RecommendError } from './errors.js';
import { checkFitData, fitData } from './fitData.js';
import type { FitSource } from './fitData.js';
import { hybrid, restoreHybrid } from './hybrid.js';
import { ITEM_KNN_DEFINITION } from './itemKnn.js';
import type { ItemKnnFitOptions } from './itemKnn.js';
import { LEARNED_RANKER_DEFINITION } from './learnedRanker.js';
import type { LearnedRankerOptions } from './learnedRanker.js';
import { POPULARITY_DEFINITION } from './popularity.js';
import type { PopularityFitOptions } from './popularity.js';
import type { Recommender } from './recommender.js';
import { REPEAT_PURCHASE_DEFINITION } from './repeatPurchase.js';
import type { RepeatPurchaseFitOptions } from './repeatPurchase.js';
import { SANSA_DEFINITION } from './sansa.js';
import type { SansaFitOptions } from './sansa.js';
import { TIFU_KNN_DEFINITION } from './tifuKnn.js';
import type { TifuKnnFitOptions } from './tifuKnn.js';
import { USER_KNN_DEFINITION } from './userKnn.js';
import type { UserKnnFitOptions } from './userKnn.js';

/** One part of a hybrid fitted by kind: `fitRecommender('hybrid', data, { parts })`. */
export interface HybridPartSpec {
  /** The part's kind (a built-in or a registered one). */
  readonly kind: string;
  /** Its options (its definition's defaults when absent). */
  readonly options?: Readonly<Record<string, unknown>>;
  /**
   * Its weight in the blend.
   * @defaultValue `1`
   */
  readonly weight?: number;
}

/** Options of `fitRecommender('hybrid', data, options)`. */
export interface HybridFitOptions {
  /** The parts, each fitted on the same data through the registry. */
  readonly parts: readonly HybridPartSpec[];
}

/** The options `fitRecommender` accepts for each built-in kind. */
export interface RecommenderOptionsByKind {
  /** Popularity. */
  readonly popularity: PopularityFitOptions;
  /** Buy again. */
  readonly 'repeat-purchase': RepeatPurchaseFitOptions;
  /** Item-based collaborative filtering. */
  readonly 'item-knn': ItemKnnFitOptions;
  /** User-based collaborative filtering. */
  readonly 'user-knn': UserKnnFitOptions;
  /** TIFU-kNN. */
  readonly 'tifu-knn': TifuKnnFitOptions;
  /** Content-based (TF-IDF). */
  readonly content: ContentFitOptions;
  /** EASE. */
  readonly ease: EaseFitOptions;
  /** SANSA: EASE approximated by sparse factors, for large catalogues. */
  readonly sansa: SansaFitOptions;
  /** The learned ranker. */
  readonly 'learned-ranker': LearnedRankerOptions;
  /** A weighted blend of other kinds. */
  readonly hybrid: HybridFitOptions;
}

/** A built-in recommender kind: a key of {@link RECOMMENDERS}. */
export type RecommenderKind = keyof RecommenderOptionsByKind;

/**
 * The hybrid's definition. It lives with the registry because it fits its parts through it (by
 * kind, so a registered kind can be a part).
 */
const HYBRID_DEFINITION: RecommenderDefinition<HybridFitOptions> = defineRecommender<HybridFitOptions>({
  kind: 'hybrid',
  description: "a weighted blend of other recommenders, each part's scores scaled to a maximum of 1",
  defaults: Object.freeze({ parts: Object.freeze([]) }),
  fit(data: FitData, options: HybridFitOptions) {
    checkFitData(data);
    const parts = optionsObject(options).parts;
    if (!Array.isArray(parts) || parts.length === 0) throw new RecommendError('INVALID_OPTION', 'parts', parts, 'at least one { kind, options, weight }');
    return hybrid(
      parts.map((p: HybridPartSpec, i) => {
        if (p === null || typeof p !== 'object') throw new RecommendError('INVALID_OPTION', `parts[${i}]`, p, '{ kind, options, weight }');
        return { model: fitRecommender(p.kind, data, p.options ?? {}), weight: p.weight ?? 1 };
      }),
    );
  },
  restore: restoreHybrid,
});

/**
 * The built-in recommenders, by kind: one name per model, the same in `fitRecommender`, the model
 * files, the reference app's `--models` and the docs. Each is a {@link RecommenderDefinition}:
 * `RECOMMENDERS['tifu-knn'].defaults` are the options `fitRecommender('tifu-knn', table)` fits with
 * (including the matrix it builds).
 *
 * - `popularity`: the products bought by the most customers.
 * - `repeat-purchase`: buy again (invoice counts).
 * - `item-knn`: item-based collaborative filtering (cosine by default).
 * - `user-knn`: user-based collaborative filtering.
 * - `tifu-knn`: TIFU-kNN, the re-order model (invoice counts).
 * - `content`: TF-IDF on descriptions.
 * - `ease`: EASE.
 * - `sansa`: SANSA, EASE approximated by two sparse factors (for catalogues too large for EASE).
 * - `learned-ranker`: the learned ranker (needs a table).
 * - `hybrid`: a weighted blend of other kinds (`{ parts: [{ kind, options, weight }] }`).
 *
 * @example
 * ```ts
 * Object.keys(RECOMMENDERS);
 * // => ['popularity', 'repeat-purchase', 'item-knn', 'user-knn', 'tifu-knn', 'content', 'ease', 'sansa', 'learned-ranker', 'hybrid']
 * RECOMMENDERS['item-knn'].defaults.neighbours;
 * // => 100
 * ```
 */
export const RECOMMENDERS: { readonly [K in RecommenderKind]: RecommenderDefinition<RecommenderOptionsByKind[K]> } = Object.freeze({
  popularity: POPULARITY_DEFINITION,
  'repeat-purchase': REPEAT_PURCHASE_DEFINITION,
  'item-knn': ITEM_KNN_DEFINITION,
  'user-knn': USER_KNN_DEFINITION,
  'tifu-knn': TIFU_KNN_DEFINITION,
  content: CONTENT_DEFINITION,
  ease: EASE_DEFINITION,
  sansa: SANSA_DEFINITION,
  'learned-ranker': LEARNED_RANKER_DEFINITION,
  hybrid: HYBRID_DEFINITION,
});

/**
 * The kinds registered with {@link registerRecommender}, in registration order. Kept on `globalThis`
 * under a registered symbol, so that the ESM and CommonJS builds of this package (both loaded by one
 * program, say an app and its plugin) share one registry.
 */
const REGISTRY = Symbol.for('shopper-spectrum.recommend.registry');
const registered: Map<string, RecommenderDefinition<never>> = ((globalThis as Record<symbol, unknown>)[REGISTRY] as Map<string, RecommenderDefinition<never>> | undefined) ?? new Map();
(globalThis as Record<symbol, unknown>)[REGISTRY] = registered;

/** Every definition by kind: the built-ins, then the registered ones. */
const allDefinitions = (): Record<string, RecommenderDefinition<never>> => ({ ...RECOMMENDERS, ...Object.fromEntries(registered) }) as Record<string, RecommenderDefinition<never>>;

const KIND = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Options of {@link registerRecommender}. */
export interface RegisterOptions {
  /**
   * Replace a kind registered before (never a built-in one).
   * @defaultValue `false`
   */
  readonly replace?: boolean;
}

/** Checks the shape of a definition (a plugin's default export, say). */
function checkDefinition(definition: unknown): asserts definition is RecommenderDefinition<never> {
  const d = definition as Partial<RecommenderDefinition<never>> | null;
  if (d === null || typeof d !== 'object') throw new RecommendError('INVALID_ARGUMENT', 'definition', definition, '{ kind, description, defaults, fit, restore }');
  if (typeof d.kind !== 'string' || !KIND.test(d.kind)) throw new RecommendError('INVALID_ARGUMENT', 'definition.kind', d.kind, 'a letter or digit, then letters, digits, ".", "_" or "-" (at most 64 characters)');
  if (typeof d.description !== 'string') throw new RecommendError('INVALID_ARGUMENT', 'definition.description', d.description, 'a one-line description');
  if (d.defaults === null || typeof d.defaults !== 'object') throw new RecommendError('INVALID_ARGUMENT', 'definition.defaults', d.defaults, 'an object of default options');
  if (typeof d.fit !== 'function') throw new RecommendError('INVALID_ARGUMENT', 'definition.fit', d.fit, 'a function (data, options) => Recommender');
  if (typeof d.restore !== 'function') throw new RecommendError('INVALID_ARGUMENT', 'definition.restore', d.restore, 'a function (saved) => Recommender');
}

/**
 * Registers a recommender of your own, so that {@link fitRecommender}, `loadRecommender` (JSON and
 * binary model files) and the reference app (`analyze --plugin`) treat it like a built-in. A
 * built-in kind cannot be registered; a kind registered before needs `{ replace: true }`.
 *
 * @param definition - the kind, description, defaults, fit and restore
 * @param options - whether to replace an earlier registration
 * @returns the definition
 * @throws {@link RecommendError} `DUPLICATE_KIND` for a built-in or already registered kind,
 * `INVALID_ARGUMENT` for a definition of the wrong shape
 * @example
 * ```ts
 * registerRecommender({ kind: 'my-kind', description: 'mine', defaults: {}, fit: (data) => myModel(data.interactions()), restore: (saved) => myModel(saved.matrix) });
 * recommenderKinds().at(-1);
 * // => 'my-kind'
 * ```
 */
export function registerRecommender<O extends object>(definition: RecommenderDefinition<O>, options: RegisterOptions = {}): RecommenderDefinition<O> {
  checkDefinition(definition);
  const { kind } = definition;
  if (Object.prototype.hasOwnProperty.call(RECOMMENDERS, kind)) throw new RecommendError('DUPLICATE_KIND', 'kind', kind, `a kind other than the built-in ones (${Object.keys(RECOMMENDERS).join(', ')})`);
  if (registered.has(kind) && options.replace !== true) throw new RecommendError('DUPLICATE_KIND', 'kind', kind, 'a kind not registered yet (or { replace: true })');
  registered.set(kind, definition as unknown as RecommenderDefinition<never>);
  return definition;
}

/**
 * Removes a registered kind (the built-ins stay).
 *
 * @param kind - the kind
 * @returns whether it was registered
 * @example
 * ```ts
 * unregisterRecommender('my-kind');
 * // => true
 * ```
 */
export function unregisterRecommender(kind: string): boolean {
  return registered.delete(kind);
}

/**
 * Every kind that can be fitted and loaded: the built-ins in {@link RECOMMENDERS} order, then the
 * registered ones in registration order.
 *
 * @returns the kinds
 * @example
 * ```ts
 * recommenderKinds().slice(0, 3);
 * // => ['popularity', 'repeat-purchase', 'item-knn']
 * ```
 */
export function recommenderKinds(): string[] {
  return Object.keys(allDefinitions());
}

/**
 * The definition of a kind, built in or registered: the one place a kind's name is resolved (a
 * definition passed by value is checked and returned).
 *
 * @param kind - a kind, or a definition
 * @returns the definition
 * @throws {@link RecommendError} `UNKNOWN_KIND` naming the kinds there are and that
 * `registerRecommender` adds one
 * @example
 * ```ts
 * recommenderDefinition('tifu-knn').defaults.interactions;
 * // => { weight: 'invoices', halfLifeDays: Infinity }
 * ```
 */
export function recommenderDefinition(kind: string | RecommenderDefinition<never>): RecommenderDefinition<never> {
  if (kind !== null && typeof kind === 'object') {
    checkDefinition(kind);
    return kind;
  }
  const table = allDefinitions();
  return resolveStrategy<RecommenderDefinition<never>>(table, kind as string, 'kind', (parameter, value) => {
    throw new RecommendError('UNKNOWN_KIND', parameter, value, `a registered kind: ${allowedNames(table)} (registerRecommender adds one of your own)`);
  });
}

/**
 * Fits a recommender by kind: `fitRecommender('tifu-knn', table)` builds the matrix the kind needs
 * (invoice counts here; binary for item-knn...) and fits it with its definition's `defaults`,
 * overridden by `options` (the definition's `fit` gets them merged, so absent options are filled in;
 * an option given as `undefined` counts as absent). Fitted on an {@link InteractionMatrix}, every kind uses that matrix as it is; fitted on
 * {@link FitData}, models fitted on the same data share the matrices built.
 *
 * @param kind - a kind of {@link RECOMMENDERS}, a registered kind, or a definition
 * @param data - a cleaned table, an interaction matrix, or fit data
 * @param options - the kind's options (`interactions` sets the matrix built from a table)
 * @returns the fitted recommender (its `kind` is the definition's)
 * @throws {@link RecommendError} `UNKNOWN_KIND`, `INVALID_OPTION` (also for `interactions` given with
 * a matrix), `INVALID_ARGUMENT` for data of another type (and for the learned ranker given a
 * matrix), and whatever the model itself throws
 * @example
 * ```ts
 * const model = fitRecommender('item-knn', train, { neighbours: 50 });
 * [model.kind, model.name];
 * // => ['item-knn', 'item-knn (cosine)']
 * ```
 */
export function fitRecommender<K extends RecommenderKind>(kind: K, data: FitSource, options?: RecommenderOptionsByKind[K]): Recommender;
export function fitRecommender(kind: string | RecommenderDefinition<never>, data: FitSource, options?: Readonly<Record<string, unknown>>): Recommender;
export function fitRecommender(kind: string | RecommenderDefinition<never>, data: FitSource, options: object = {}): Recommender {
  const definition = recommenderDefinition(kind);
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new RecommendError('INVALID_OPTION', 'options', options, 'an options object');
  const fd = fitData(data);
  if (fd.table === null && (options as { interactions?: unknown }).interactions !== undefined) {
    throw new RecommendError('INVALID_OPTION', 'interactions', (options as { interactions?: unknown }).interactions, 'no interactions options with an InteractionMatrix (it is used as it is); pass the table to build one');
  }
  const model = (definition.fit as (data: FitData, options: object) => Recommender)(fd, withDefaults(definition.defaults, options));
  if (model === null || typeof model !== 'object' || model.kind !== definition.kind) {
    throw new RecommendError('INVALID_ARGUMENT', 'definition.fit', (model as Recommender | null)?.kind, `a recommender of kind '${definition.kind}' (its spec.kind)`);
  }
  return model;
}
