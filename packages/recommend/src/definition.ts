import type { TransactionTable } from '@shopper-spectrum/core';
import type { InteractionMatrix, InteractionOptions } from './interactions.js';
import type { Recommender } from './recommender.js';

/**
 * What a recommender is fitted on: the transaction table (when there is one) and the interaction
 * matrices built from it, each built once per weighting and decay however many models ask for it.
 * Made by {@link fitData}; {@link fitRecommender} makes one for you.
 */
export interface FitData {
  /** The cleaned transaction table, or `null` when the data is an interaction matrix only. */
  readonly table: TransactionTable | null;
  /**
   * The customer x product matrix with this weighting and decay, built on first request and then
   * reused. Fitted from an {@link InteractionMatrix}, it is that matrix whatever the options.
   *
   * @param options - the weight and time decay (see {@link buildInteractions})
   * @returns the matrix
   */
  interactions(options?: InteractionOptions): InteractionMatrix;
}

/** One part of a saved model that is built from others (a hybrid's parts, the learned ranker's bases). */
export interface SavedPart {
  /** The part, already restored. */
  readonly model: Recommender;
  /** Its weight (1 when the model has no weights). */
  readonly weight: number;
}

/**
 * What a model file holds for one model, as its definition's `restore` receives it: the kind, the
 * options and the fitted state the model saved in its `spec`, the matrix it was fitted on (rebuilt
 * and checked), and its parts (restored first). Typed arrays come back as the same typed array
 * types, matrices referenced from the state as {@link InteractionMatrix}, everything else as JSON
 * values. Nothing in it is checked against the model's own expectations: that is `restore`'s job
 * (see {@link savedModelReader}).
 */
export interface SavedModel {
  /** The model kind (the key it is registered under). */
  readonly kind: string;
  /** The options it was fitted with, as saved. */
  readonly options: Readonly<Record<string, unknown>>;
  /** The fitted state, as saved. */
  readonly state: Readonly<Record<string, unknown>>;
  /** The matrix it was fitted on. */
  readonly matrix: InteractionMatrix;
  /** Its parts, restored, in the order saved (empty for most models). */
  readonly parts: readonly SavedPart[];
}

/**
 * A recommender kind: how to fit it and how to restore it from a model file. The built-ins are in
 * `RECOMMENDERS`; add your own with `registerRecommender`, and `fitRecommender`, `loadRecommender`,
 * the binary reader and the reference app (`analyze --plugin`) treat it like a built-in.
 *
 * @typeParam O - the options `fit` accepts
 * @example
 * ```ts
 * const definition: RecommenderDefinition<{ boost?: number }> = {
 *   kind: 'my-kind',
 *   description: 'popularity, boosted',
 *   defaults: { boost: 1 },
 *   fit: (data, options) => myModel(data.interactions(), options.boost ?? 1),
 *   restore: (saved) => myModel(saved.matrix, savedModelReader(saved).option('boost', CHECKS.positive)),
 * };
 * registerRecommender(definition);
 * fitRecommender('my-kind', table).kind;
 * // => 'my-kind'
 * ```
 */
export interface RecommenderDefinition<O extends object = Readonly<Record<string, unknown>>> {
  /**
   * The kind: the name `fitRecommender`, the model files, the CLI (`--models`) and the docs use (a
   * letter or digit, then letters, digits, `.`, `_` or `-`; at most 64 characters).
   */
  readonly kind: string;
  /** What the model is, in one line. */
  readonly description: string;
  /**
   * The defaults of the options `fit` takes: `fitRecommender` passes `fit` these, overridden by the
   * options given (so `fitRecommender(kind, data)` fits with them).
   */
  readonly defaults: Readonly<Record<string, unknown>>;
  /**
   * Fits the model. The returned recommender's `kind` must be this definition's kind.
   *
   * @param data - the table and its matrices
   * @param options - the options given over `defaults` (through `fitRecommender`; called directly,
   *   what the caller passes)
   * @returns the fitted recommender
   */
  fit(data: FitData, options: O): Recommender;
  /**
   * Rebuilds a fitted model from what its `spec` saved, without refitting. It must check what it
   * gets (a model file may be damaged or hand-made) and refuse anything else with an
   * `INVALID_MODEL` error: {@link savedModelReader} does the checking.
   *
   * @param saved - the saved model
   * @returns the recommender, giving the same results as the one saved, with the same `kind` and
   *   `name` (the loader refuses a file whose model restores under another name)
   */
  restore(saved: SavedModel): Recommender;
}

/**
 * Types and freezes a definition: `defineRecommender({ kind, ..., fit(data, options) {...} })` infers
 * the options `fit` takes, so `registerRecommender` and a plugin's default export are checked.
 *
 * @param definition - the kind, description, defaults, fit and restore
 * @returns the same definition, frozen
 * @example
 * ```ts
 * const recent = defineRecommender<{ days: number }>({ kind: 'recent', description: 'recent best sellers', defaults: { days: 30 }, fit, restore });
 * Object.isFrozen(recent);
 * // => true
 * ```
 */
export function defineRecommender<O extends object>(definition: RecommenderDefinition<O>): RecommenderDefinition<O> {
  return Object.freeze(definition);
}
