import { selectTop, topIndices } from '@shopper-spectrum/internal';
import { checkMatrix } from './checkMatrix.js';
import { RecommendError } from './errors.js';
import type { InteractionMatrix } from './interactions.js';
import { itemLabel } from './explain.js';
import { addTextSimilarities, buildTextIndex, sharedTerms } from './text.js';
import type { TextIndex } from './text.js';
import type { RecommenderDefinition, SavedModel } from './definition.js';

/** Which path of the fallback chain produced a recommendation. */
export type RecommendationSource = 'model' | 'history' | 'content' | 'popularity';

/** One recommended product with its score and the reason. */
export interface Recommendation {
  /** StockCode. */
  readonly item: string;
  /** The model's score (comparable within one list only). */
  readonly score: number;
  /** Why, in words. */
  readonly because: string;
  /**
   * The path that produced it: `'model'` (the customer's own history in the fitted model),
   * `'history'` (items passed in `history` for a customer the model does not know), `'content'`
   * (description similarity to those items) or `'popularity'` (nothing else to go on, or filling a
   * short list).
   */
  readonly source: RecommendationSource;
}

/**
 * What to do with products the customer already bought: `'exclude'` (new products only), `'allow'`
 * (re-orders compete on their score), or `{ downweight }` (their scores multiplied by it, 0..1).
 */
export type SeenPolicy = 'exclude' | 'allow' | { readonly downweight: number };

/** Options of `recommend`. */
export interface RecommendOptions {
  /**
   * The policy for already-bought products.
   * @defaultValue {@link RECOMMEND_DEFAULTS | RECOMMEND_DEFAULTS.seen}
   */
  readonly seen?: SeenPolicy;
  /**
   * Compute `because` (explanations cost more than scores; turn off for bulk evaluation, where
   * `because` is then `''`).
   * @defaultValue {@link RECOMMEND_DEFAULTS | RECOMMEND_DEFAULTS.explain}
   */
  readonly explain?: boolean;
  /**
   * StockCodes the customer is known to have bought, for a customer the model has no row for (a new
   * customer, or one who bought after the model was fitted). Unknown StockCodes are ignored. The
   * fallback chain is: the model from these items, then content similarity to them, then popularity.
   * @defaultValue none
   */
  readonly history?: readonly string[];
}

/**
 * The defaults of `recommend`: new products only, with explanations.
 *
 * @example
 * ```ts
 * RECOMMEND_DEFAULTS;
 * // => { seen: 'exclude', explain: true }
 * ```
 */
export const RECOMMEND_DEFAULTS: Readonly<{ seen: SeenPolicy; explain: boolean }> = Object.freeze({ seen: 'exclude', explain: true });

/**
 * The fitted state of a model, enough to rebuild it without refitting: what `serializeRecommender`
 * saves and the kind's `restore` receives back (as a {@link SavedModel}).
 */
export interface ModelSpec {
  /**
   * The model kind (`'item-knn'`, `'ease'`...): the key of its {@link RecommenderDefinition} in the
   * registry, which `loadRecommender` dispatches on.
   */
  readonly kind: string;
  /** The options it was built with (JSON values, including `Infinity` and `NaN`). */
  readonly options: Readonly<Record<string, unknown>>;
  /**
   * Learned arrays and values: typed arrays (`Float64Array`, `Float32Array`, `Int32Array`,
   * `Uint32Array`, `Uint8Array`), numbers, strings, booleans, `null`, interaction matrices, and arrays
   * and plain objects of them.
   */
  readonly state: Readonly<Record<string, unknown>>;
  /** Sub-models (a hybrid's parts), with their weights. */
  readonly parts?: readonly { readonly model: Recommender; readonly weight: number }[];
}

/** A fitted recommender. */
export interface Recommender {
  /**
   * The model kind, one name per model (`'item-knn'`, `'tifu-knn'`, `'learned-ranker'`...): the key
   * of its definition in `RECOMMENDERS` or of a registered one, as in model files and the CLI.
   */
  readonly kind: string;
  /** The model's display name, with its main options (`'item-knn (cosine)'`). */
  readonly name: string;
  /** The matrix it was fitted on. */
  readonly matrix: InteractionMatrix;
  /** Its fitted state, for saving (see `saveRecommender`). */
  readonly spec: ModelSpec;
  /**
   * Whether the model scores products differently under `seen: 'exclude'`. When false (every model
   * but the learned ranker), the `'exclude'` list is the `'allow'` list without the bought products,
   * in the same order, so one ranking serves both policies (as the reference app's evaluation does).
   */
  readonly seenDependent: boolean;
  /**
   * The top `k` products for a customer, best first. A customer without a row follows the fallback
   * chain (see {@link RecommendOptions.history}) and each result's `source` says which path was used.
   */
  recommend(customerId: string, k: number, options?: RecommendOptions): Recommendation[];
  /** The `k` products most similar to a StockCode (by the model's notion of similarity). */
  similarItems(stockCode: string, k: number): Recommendation[];
  /**
   * Why the model would recommend a product to a customer (the `because` of `recommend`, for one
   * product, whatever its rank).
   */
  explain(customerId: string, stockCode: string, options?: Pick<RecommendOptions, 'history'>): string;
  /**
   * The model's raw score of every product for a customer (indexed by matrix column, before the seen
   * policy), along the same fallback chain as `recommend`; for blending and re-ranking.
   */
  scoreAll(customerId: string, options?: Pick<RecommendOptions, 'history'>): { scores: Float64Array; source: RecommendationSource };
}

/** The parts a model supplies; {@link makeRecommender} adds policies, ties, explanations and fallback. */
export interface ModelCore {
  /** The model's display name. */
  readonly name: string;
  /** The fitted state, for saving; its `kind` is the recommender's {@link Recommender.kind}. */
  readonly spec: ModelSpec;
  /**
   * True when `scoreUser` uses `newOnly` (see {@link Recommender.seenDependent}).
   * @defaultValue `false`
   */
  readonly seenDependent?: boolean;
  /**
   * Scores of every product for a known customer row (length = products), added into `out` (zeroed).
   * `newOnly` is true under the `'exclude'` policy (bought products will be skipped), for models that
   * score new products differently from re-orders; most ignore it.
   */
  scoreUser(row: number, out: Float64Array, newOnly: boolean): void;
  /**
   * Scores from a list of product columns with weights, for customers without a row (fold-in).
   * Models that cannot fold in leave it out and the chain moves on to content.
   */
  scoreItems?(columns: readonly number[], weights: readonly number[], out: Float64Array): void;
  /** Why product `item` scored for customer `row`, or (`row` -1) for the folded-in `history` columns. */
  explainUser(row: number, item: number, history: readonly number[]): string;
  /** Similarities of every product to product `item`, written into `out`. */
  scoreItem(item: number, out: Float64Array): void;
  /** Why `other` is similar to `item`. */
  explainItem(item: number, other: number): string;
}

/**
 * Checks k: a positive integer.
 *
 * @param k - the list length
 * @returns k
 * @throws {@link RecommendError} `INVALID_K` otherwise
 * @example
 * ```ts
 * checkK(5);
 * // => 5
 * ```
 */
export function checkK(k: number): number {
  if (!Number.isInteger(k) || k < 1) throw new RecommendError('INVALID_K', 'k', k, 'a positive integer');
  return k;
}

/**
 * The top k of a score vector: higher score first, ties to the more popular product, then the smaller
 * StockCode; zero and negative scores are dropped; `skip` marks excluded columns. The shared top-k selection (a sampled threshold, then a sort of the few left): O(n + k log k).
 *
 * @param scores - one score per product column
 * @param k - how many
 * @param matrix - the matrix (for popularity and StockCodes in ties)
 * @param skip - columns to leave out
 * @returns column indices, best first
 * @throws {@link RecommendError} `INVALID_K`, `INVALID_ARGUMENT` for scores that are not a
 * `Float64Array` of one score per product, a `matrix` that is not an {@link InteractionMatrix} or a
 * `skip` that is not a function
 * @example
 * ```ts
 * topK(Float64Array.of(0.2, 0.9, 0.2), 2, matrix);
 * // => [1, 0] (0 and 2 tie; 0 is more popular or has the smaller StockCode)
 * ```
 */
export function topK(scores: Float64Array, k: number, matrix: InteractionMatrix, skip?: (j: number) => boolean): number[] {
  checkMatrix(matrix);
  if (!(scores instanceof Float64Array) || scores.length !== matrix.items.length) throw new RecommendError('INVALID_ARGUMENT', 'scores', scores, `a Float64Array of ${matrix.items.length} scores (one per product)`);
  checkK(k);
  if (skip !== undefined && typeof skip !== 'function') throw new RecommendError('INVALID_ARGUMENT', 'skip', skip, 'a function (column) => boolean');
  return rankTop(scores, k, matrix, skip);
}

/** {@link topK} without the argument checks (the recommender's own calls). */
function rankTop(scores: Float64Array, k: number, matrix: InteractionMatrix, skip?: (j: number) => boolean): number[] {
  const { tie, scratch } = rankingAidsOf(matrix);
  return topIndices(scores, k, skip ? { tie, scratch, skip } : { tie, scratch });
}

const rankingAids = new WeakMap<InteractionMatrix, { tie: Float64Array; scratch: Int32Array; byPopularity: Int32Array }>();
/**
 * The tie-break key of a matrix's products (higher wins: more customers, then the smaller StockCode),
 * a scratch buffer for {@link topK}, and every product in popularity order (what fills short lists),
 * made once per matrix.
 */
function rankingAidsOf(matrix: InteractionMatrix): { tie: Float64Array; scratch: Int32Array; byPopularity: Int32Array } {
  let aids = rankingAids.get(matrix);
  if (!aids) {
    const n = matrix.items.length;
    const byCode = Array.from({ length: n }, (_, j) => j).sort((a, b) => (matrix.items[a]! < matrix.items[b]! ? -1 : matrix.items[a]! > matrix.items[b]! ? 1 : a - b));
    const tie = new Float64Array(n);
    byCode.forEach((j, rank) => (tie[j] = matrix.popularity[j]! * n + (n - 1 - rank)));
    const byPopularity = Int32Array.from({ length: n }, (_, j) => j);
    selectTop(byPopularity, n, n, matrix.popularity, { tie });
    rankingAids.set(matrix, (aids = { tie, scratch: new Int32Array(n), byPopularity }));
  }
  return aids;
}

const textIndexes = new WeakMap<InteractionMatrix, TextIndex>();
/** The description TF-IDF index of a matrix, built once per matrix. */
export function textIndexOf(matrix: InteractionMatrix): TextIndex {
  let t = textIndexes.get(matrix);
  if (!t) textIndexes.set(matrix, (t = buildTextIndex(matrix.descriptions)));
  return t;
}


/** Checks the shape of a {@link ModelCore} (never reading `spec.state`, which a model may compute on first use). */
function checkCore(core: unknown): asserts core is ModelCore {
  const c = core as Partial<Record<keyof ModelCore, unknown>> | null;
  const fail = (parameter: string, value: unknown, allowed: string): never => {
    throw new RecommendError('INVALID_ARGUMENT', parameter, value, allowed);
  };
  if (c === null || typeof c !== 'object') return fail('core', core, '{ name, spec, scoreUser, explainUser, scoreItem, explainItem }');
  if (typeof c.name !== 'string') fail('core.name', c.name, 'the display name');
  const spec = c.spec as Partial<ModelSpec> | null | undefined;
  if (spec === null || typeof spec !== 'object' || typeof spec.kind !== 'string') fail('core.spec', spec, '{ kind, options, state }');
  for (const f of ['scoreUser', 'explainUser', 'scoreItem', 'explainItem'] as const) if (typeof c[f] !== 'function') fail(`core.${f}`, c[f], 'a function');
  if (c.scoreItems !== undefined && typeof c.scoreItems !== 'function') fail('core.scoreItems', c.scoreItems, 'a function, or nothing');
}

/**
 * Wraps a model core into a {@link Recommender}: checks arguments, applies the seen policy, breaks
 * ties (more popular, then smaller StockCode), fills short lists from popularity, and serves
 * customers without a row along the fallback chain (the model from `history`, then description
 * similarity to `history`, then popularity), saying in `source` which path was used. Write a new
 * model as a {@link ModelCore}; to fit it by kind and load it from a model file, register a
 * {@link RecommenderDefinition} for its `spec.kind` (see `registerRecommender`).
 *
 * @param matrix - the interactions the core was fitted on
 * @param core - the model's scoring, explanations and fitted state
 * @returns the recommender
 * @throws {@link RecommendError} `INVALID_ARGUMENT` for a `matrix` that is not an
 * {@link InteractionMatrix} (see {@link checkMatrix}) or a `core` missing a part (naming it)
 * @example
 * ```ts
 * const constant = (m: InteractionMatrix) => makeRecommender(m, { name: 'constant', spec: { kind: 'constant', options: {}, state: {} }, scoreUser: (_r, out) => out.fill(1), explainUser: () => 'any', scoreItem: (_i, out) => out.fill(1), explainItem: () => 'any' });
 * constant(matrix).recommend('12347', 3).length;
 * // => 3
 * registerRecommender({ kind: 'constant', description: 'every product scores 1', defaults: {}, fit: (data) => constant(data.interactions()), restore: (saved) => constant(saved.matrix) });
 * loadRecommender(serializeRecommender(constant(matrix))).kind;
 * // => 'constant'
 * ```
 */
export function makeRecommender(matrix: InteractionMatrix, core: ModelCore): Recommender {
  checkMatrix(matrix);
  checkCore(core);
  const n = matrix.items.length;
  const scores = new Float64Array(n);
  const popularScores = Float64Array.from(matrix.popularity);
  const boughtOf = (row: number, history: readonly number[]) => {
    const s = new Uint8Array(n);
    if (row >= 0) for (let p = matrix.indptr[row]!; p < matrix.indptr[row + 1]!; p++) s[matrix.indices[p]!] = 1;
    for (const j of history) s[j] = 1;
    return s;
  };
  /** Scores a customer along the fallback chain into `scores`; says which path and how to explain. */
  const prepare = (customerId: string, given: readonly string[] | undefined, excludeSeen: boolean, needScores = true) => {
    if (given !== undefined && !(Array.isArray(given) && given.every((h) => typeof h === 'string'))) {
      throw new RecommendError('INVALID_OPTION', 'history', given, 'an array of StockCodes');
    }
    const known = matrix.customerIndex.get(customerId);
    const row = known !== undefined && matrix.indptr[known + 1]! > matrix.indptr[known]! ? known : -1;
    const history = row >= 0 ? [] : [...new Set((given ?? []).map((h) => matrix.itemIndex.get(h)).filter((j): j is number => j !== undefined))].sort((a, b) => a - b);
    const bought = boughtOf(row, history);
    let source: RecommendationSource = 'popularity';
    let why: (j: number) => string = (j) => `popular with ${matrix.popularity[j]} customers`;
    scores.fill(0);
    if (row >= 0) {
      if (needScores) core.scoreUser(row, scores, excludeSeen);
      source = 'model';
      why = (j) => core.explainUser(row, j, history);
    } else if (history.length > 0) {
      if (core.scoreItems) {
        core.scoreItems(history, history.map(() => 1), scores);
        source = 'history';
        why = (j) => core.explainUser(-1, j, history);
      }
      if (!scores.some((v, j) => v > 0 && !(excludeSeen && bought[j]))) {
        scores.fill(0);
        const text = textIndexOf(matrix);
        for (const i of history) addTextSimilarities(text, i, 1, scores);
        source = 'content';
        why = (j) => {
          let best = history[0]!;
          let bestShared: string[] = [];
          for (const i of history) {
            const shared = sharedTerms(text, i, j);
            if (shared.length > bestShared.length) [best, bestShared] = [i, shared];
          }
          return bestShared.length ? `shares "${bestShared.join('", "')}" with ${itemLabel(matrix, best)}` : 'similar description';
        };
      }
    }
    return { known, row, history, bought, source, why };
  };
  const popular = (j: number, why: string, score: number): Recommendation => ({ item: matrix.items[j]!, score, because: `${why}: popular with ${matrix.popularity[j]} customers`, source: 'popularity' });
  return {
    kind: core.spec.kind,
    name: core.name,
    matrix,
    spec: core.spec,
    seenDependent: core.seenDependent ?? false,
    recommend(customerId, k, options = {}) {
      if (typeof customerId !== 'string') throw new RecommendError('INVALID_ARGUMENT', 'customerId', customerId, 'a customer id string');
      checkK(k);
      const seen = options.seen ?? RECOMMEND_DEFAULTS.seen;
      const down = typeof seen === 'object' && seen !== null ? seen.downweight : null;
      if (seen !== 'exclude' && seen !== 'allow' && !(down !== null && down >= 0 && down <= 1)) {
        throw new RecommendError('INVALID_OPTION', 'seen', seen, "'exclude', 'allow' or { downweight: 0..1 }");
      }
      const explain = options.explain ?? RECOMMEND_DEFAULTS.explain;
      const { known, row, history, bought, source, why } = prepare(customerId, options.history, seen === 'exclude');
      const skip = seen === 'exclude' ? (j: number) => bought[j] === 1 : undefined;
      if (down !== null) for (let j = 0; j < n; j++) if (bought[j]) scores[j]! *= down;
      const picked = source === 'popularity' ? [] : rankTop(scores, k, matrix, skip);
      const out: Recommendation[] = picked.map((j) => ({ item: matrix.items[j]!, score: scores[j]!, because: explain ? why(j) : '', source }));
      if (out.length < k) {
        const have = new Set(picked);
        const reason = row >= 0 || history.length > 0 ? 'fallback' : known === undefined ? 'unknown customer' : 'no purchase history';
        // the products in popularity order (made once per matrix), walked until the list is full
        for (const j of rankingAidsOf(matrix).byPopularity) {
          if (out.length >= k) break;
          if (have.has(j) || (seen === 'exclude' && bought[j])) continue;
          out.push(popular(j, reason, picked.length > 0 ? 0 : popularScores[j]!)); // fill after model results scores 0, so scores stay sorted
        }
      }
      return out;
    },
    scoreAll(customerId, options = {}) {
      if (typeof customerId !== 'string') throw new RecommendError('INVALID_ARGUMENT', 'customerId', customerId, 'a customer id string');
      const { source } = prepare(customerId, options.history, false);
      return { scores: source === 'popularity' ? popularScores.slice() : scores.slice(), source };
    },
    explain(customerId, stockCode, options = {}) {
      if (typeof customerId !== 'string') throw new RecommendError('INVALID_ARGUMENT', 'customerId', customerId, 'a customer id string');
      const j = matrix.itemIndex.get(stockCode);
      if (j === undefined) throw new RecommendError('UNKNOWN_ITEM', 'stockCode', stockCode, 'a StockCode seen in training');
      return prepare(customerId, options.history, false, false).why(j);
    },
    similarItems(stockCode, k) {
      if (typeof stockCode !== 'string') throw new RecommendError('INVALID_ARGUMENT', 'stockCode', stockCode, 'a StockCode string');
      checkK(k);
      const j = matrix.itemIndex.get(stockCode);
      if (j === undefined) throw new RecommendError('UNKNOWN_ITEM', 'stockCode', stockCode, 'a StockCode seen in training (try findItems for a name)');
      scores.fill(0);
      core.scoreItem(j, scores);
      return rankTop(scores, k, matrix, (o) => o === j).map((o) => ({ item: matrix.items[o]!, score: scores[o]!, because: core.explainItem(j, o), source: 'model' as const }));
    },
  };
}
