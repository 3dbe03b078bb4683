import { topIndices } from '@shopper-spectrum/internal';
import { dateExtent, MS_PER_DAY } from '@shopper-spectrum/core';
import type { TransactionTable } from '@shopper-spectrum/core';
import { averagePrecisionAtK, temporalSplit } from '@shopper-spectrum/metrics';
import { CHECKS, oneOf, optionsObject, optionValue, resolveName } from './checks.js';
import { checkTableArgument } from './checkMatrix.js';
import type { Check } from './checks.js';
import { defineRecommender } from './definition.js';
import type { FitData, RecommenderDefinition } from './definition.js';
import { RecommendError } from './errors.js';
import { itemLabel } from './explain.js';
import { checkFitData, fitData } from './fitData.js';
import { candidateFeatures, fitBases, LEARNED_FEATURES } from './learnedFeatures.js';
import type { LearnedBase, LearnedBases } from './learnedFeatures.js';
import { logisticRegression, logit } from './logistic.js';
import type { LogisticModel } from './logistic.js';
import { makeRecommender } from './recommender.js';
import type { Recommender } from './recommender.js';
import { savedModelReader } from './savedModel.js';
import type { SavedModelReader } from './savedModel.js';

/** The base models the learned ranker can take its strongest candidates from, by name. */
const BASES = Object.freeze({ ease: 'EASE', 'item-knn': 'item cosine', auto: 'EASE up to autoEaseMaxItems products, else item-knn' });

/** Options of {@link learnedRanker}. */
export interface LearnedRankerOptions {
  /**
   * The inner holdout: the ranker's weights are learned by predicting the last `holdoutDays` of the
   * table from what came before (so only the data it is given, never a later test period).
   * @defaultValue {@link LEARNED_RANKER_DEFAULTS | LEARNED_RANKER_DEFAULTS.holdoutDays}
   */
  readonly holdoutDays?: number;
  /**
   * Candidates taken from each base model's top list per customer.
   * @defaultValue {@link LEARNED_RANKER_DEFAULTS | LEARNED_RANKER_DEFAULTS.candidates}
   */
  readonly candidates?: number;
  /**
   * The strongest base model: `'ease'` (EASE with its defaults; dense, about 20 s per fit on 3,500
   * products, two fits), `'item-knn'` (item cosine only; fast, for large catalogues) or `'auto'`
   * (EASE up to `autoEaseMaxItems` products).
   * @defaultValue {@link LEARNED_RANKER_DEFAULTS | LEARNED_RANKER_DEFAULTS.base}
   */
  readonly base?: LearnedBase | 'auto';
  /**
   * With `base: 'auto'`, the most products EASE is used for.
   * @defaultValue {@link LEARNED_RANKER_DEFAULTS | LEARNED_RANKER_DEFAULTS.autoEaseMaxItems}
   */
  readonly autoEaseMaxItems?: number;
  /**
   * Refinement rounds of coordinate ascent on the holdout's MAP@5 after the logistic fit (0 keeps
   * the logistic weights).
   * @defaultValue {@link LEARNED_RANKER_DEFAULTS | LEARNED_RANKER_DEFAULTS.rounds}
   */
  readonly rounds?: number;
}

/**
 * The defaults of {@link learnedRanker}.
 *
 * @example
 * ```ts
 * LEARNED_RANKER_DEFAULTS;
 * // => { holdoutDays: 90, candidates: 100, base: 'auto', autoEaseMaxItems: 6000, rounds: 2 }
 * ```
 */
export const LEARNED_RANKER_DEFAULTS: Readonly<Required<LearnedRankerOptions>> = Object.freeze({ holdoutDays: 90, candidates: 100, base: 'auto', autoEaseMaxItems: 6000, rounds: 2 });

/** The options a fitted ranker keeps (the base resolved). */
interface RankerOptions {
  readonly holdoutDays: number;
  readonly candidates: number;
  readonly base: LearnedBase;
  readonly rounds: number;
}

/** A weight set: a logistic model's standardisation and weights (refined in place by coordinate ascent). */
interface Weights {
  readonly mean: Float64Array;
  readonly scale: Float64Array;
  readonly weights: Float64Array;
}

/** The list length the weights are refined for (MAP@5, as the evaluation protocol). */
const K = 5;
/** The coordinate-ascent steps tried on each weight. */
const STEPS = [-0.5, -0.2, 0.2, 0.5] as const;
/** A refinement is kept when it raises MAP@5 by more than this. */
const GAIN = 1e-6;

/** The holdout's customers: their candidates' feature rows and which candidates they bought. */
interface Holdout {
  readonly x: Float64Array[][];
  /** Per customer, the positions of the bought candidates, ascending. */
  readonly relevant: Int32Array[];
}

/**
 * Mean AP@5 of a weight set over the holdout's customers: each customer's candidates ranked by logit
 * (ties to the smaller position), AP@5 from metrics' `averagePrecisionAtK` (normalised by
 * min(5, bought candidates)); customers who bought no candidate count 0.
 */
function meanAp(m: Weights, holdout: Holdout): number {
  let total = 0;
  holdout.x.forEach((xs, t) => {
    const relevant = holdout.relevant[t]!;
    if (relevant.length === 0) return;
    const s = Float64Array.from(xs, (x) => logit(m, x));
    total += averagePrecisionAtK(topIndices(s, K, { floor: -Infinity }), relevant, K);
  });
  return total / holdout.x.length;
}

/** Learns one weight set: a logistic fit on the holdout candidates, refined by coordinate ascent on MAP@5. */
function learnWeights(f: LearnedBases, future: ReadonlyMap<number, ReadonlySet<number>>, own: boolean, top: number, rounds: number): Weights {
  const holdout: Holdout = { x: [], relevant: [] };
  const X: Float64Array[] = [];
  const labels: number[] = [];
  for (const [row, bought] of [...future.entries()].sort((a, b) => a[0] - b[0])) {
    const { cands, x } = candidateFeatures(f, row, own, top);
    holdout.x.push(x);
    const relevant: number[] = [];
    cands.forEach((j, t) => {
      const hit = bought.has(j) ? 1 : 0;
      if (hit) relevant.push(t);
      labels.push(hit);
      X.push(x[t]!);
    });
    holdout.relevant.push(Int32Array.from(relevant));
  }
  const fit: LogisticModel = logisticRegression(X, Uint8Array.from(labels));
  const m: Weights = { mean: fit.mean, scale: fit.scale, weights: fit.weights };
  let best = meanAp(m, holdout);
  for (let round = 0; round < rounds; round++) {
    for (let feature = 1; feature < m.weights.length; feature++) {
      for (const step of STEPS) {
        const w = m.weights.slice();
        w[feature]! += step;
        const v = meanAp({ ...m, weights: w }, holdout);
        if (v > best + GAIN) {
          best = v;
          m.weights.set(w);
        }
      }
    }
  }
  return m;
}

/** Checks the options and resolves the base for a table of `products` products. */
function rankerOptions(options: LearnedRankerOptions, products: () => number): RankerOptions {
  const holdoutDays = optionValue(options.holdoutDays, LEARNED_RANKER_DEFAULTS.holdoutDays, 'holdoutDays', { allowed: 'a positive number of days', test: CHECKS.positive.test });
  const candidates = optionValue(options.candidates, LEARNED_RANKER_DEFAULTS.candidates, 'candidates', CHECKS.positiveInteger);
  const rounds = optionValue(options.rounds, LEARNED_RANKER_DEFAULTS.rounds, 'rounds', CHECKS.nonNegativeInteger);
  const autoEaseMaxItems = optionValue(options.autoEaseMaxItems, LEARNED_RANKER_DEFAULTS.autoEaseMaxItems, 'autoEaseMaxItems', CHECKS.nonNegativeInteger);
  const chosen = resolveName(BASES, options.base ?? LEARNED_RANKER_DEFAULTS.base, 'base');
  const base: LearnedBase = chosen === 'auto' ? (products() <= autoEaseMaxItems ? 'ease' : 'item-knn') : chosen;
  return { holdoutDays, candidates, base, rounds };
}

/** The distinct products bought by customers with an id. */
function distinctProducts(table: TransactionTable): number {
  const seen = new Uint8Array(table.dictionaries.stockCode.length);
  let n = 0;
  for (let i = 0; i < table.length; i++) {
    const s = table.columns.stockCode[i]!;
    if (table.columns.customer[i]! >= 0 && seen[s] === 0) (seen[s] = 1), n++;
  }
  return n;
}

/** What the learned ranker is fitted on, and why. */
const NEEDS_TABLE = 'a TransactionTable: the learned ranker learns its weights on the last days of the table';

/** The learned ranker on fit data (a table is needed: the holdout is in time). */
function fitLearned(data: FitData, options: LearnedRankerOptions | undefined): Recommender {
  const table = checkFitData(data).table;
  if (table === null) throw new RecommendError('INVALID_ARGUMENT', 'data', 'an interaction matrix', NEEDS_TABLE);
  const o = rankerOptions(optionsObject(options), () => distinctProducts(table));
  const extent = dateExtent(table, { withCustomer: true });
  if (extent === null) throw new RecommendError('EMPTY_INPUT', 'table', `${table.length} rows, none with a customer`, 'rows with customer ids');
  const { last } = extent;
  // the inner holdout: metrics' temporal split at the first midnight holdoutDays before the last sale
  const cut = Math.floor((last - o.holdoutDays * MS_PER_DAY) / MS_PER_DAY) * MS_PER_DAY;
  const { train: inner, test: holdout } = temporalSplit(table, { cutoff: cut });
  if (dateExtent(inner, { withCustomer: true }) === null) throw new RecommendError('EMPTY_INPUT', 'table', `nothing before the ${o.holdoutDays}-day holdout`, 'a table longer than holdoutDays');
  const fInner = fitBases(fitData(inner), o.base);
  // holdout labels: the products bought in the holdout by customers known before it
  const future = new Map<number, Set<number>>();
  const d = holdout.dictionaries;
  for (let i = 0; i < holdout.length; i++) {
    const row = fInner.binary.customerIndex.get(d.customer[holdout.columns.customer[i]!]!);
    if (row === undefined) continue;
    const col = fInner.binary.itemIndex.get(d.stockCode[holdout.columns.stockCode[i]!]!);
    if (!future.has(row)) future.set(row, new Set());
    if (col !== undefined) future.get(row)!.add(col);
  }
  if (future.size === 0) throw new RecommendError('EMPTY_INPUT', 'table', `no customer buys both before and in the last ${o.holdoutDays} days`, 'customers active on both sides of the holdout');
  const newWeights = learnWeights(fInner, future, false, o.candidates, o.rounds);
  const ownWeights = learnWeights(fInner, future, true, o.candidates, o.rounds);
  return rankerFrom(fitBases(data, o.base), o, newWeights, ownWeights);
}

/**
 * A learned ranker: candidates from EASE (or item cosine), user-kNN (30-day decay) and recent
 * best-sellers, re-scored by a linear model of 15 features ({@link LEARNED_FEATURES}: popularity
 * overall and in the last 30 and 90 days, the product's age and days since it last sold, its repeat
 * rate, the customer's own invoices / recency / share for it, and the base models' scores and ranks).
 * The weights are learned on the table itself: metrics' `temporalSplit` holds out its last
 * `holdoutDays`, a logistic regression ({@link logisticRegression}) is fitted on the candidates of
 * the customers active on both sides, then refined by coordinate ascent on their MAP@5 (metrics'
 * `averagePrecisionAtK`); then every base is refitted on the whole table. Two weight sets are
 * learned, one for new products (used by `seen: 'exclude'`) and one for re-orders (`'allow'` and
 * down-weighting). Nothing after the table's last day is ever seen, so evaluating it on a later
 * period is honest.
 *
 * @param table - a cleaned transaction table (with dates: the holdout needs them)
 * @param options - the holdout length, candidates, base model and refinement ({@link LEARNED_RANKER_DEFAULTS})
 * @returns the recommender (its `matrix` is the binary matrix of the table)
 * @throws {@link RecommendError} `INVALID_OPTION`, `EMPTY_INPUT` when the holdout has no customer
 * seen before it, `INVALID_ARGUMENT` for an interaction matrix (it has no dates); core's `CoreError`
 * `INVALID_ARGUMENT` for anything else that is not a table (see `checkTable`)
 * @example
 * ```ts
 * const model = learnedRanker(train); // about 60 s on Online Retail before 2011-09-01 (two EASE fits)
 * [model.kind, model.name];
 * // => ['learned-ranker', 'learned ranker (ease + user-knn, 90-day holdout)']
 * ```
 */
export function learnedRanker(table: TransactionTable, options: LearnedRankerOptions = {}): Recommender {
  return fitLearned(fitData(checkTableArgument(table, 'table', 'Got an InteractionMatrix: the learned ranker learns its weights on the last days of the table, so it needs the table (its dates).')), options);
}

function rankerFrom(f: LearnedBases, options: RankerOptions, newWeights: Weights, ownWeights: Weights): Recommender {
  const matrix = f.binary;
  // 'exclude' is served by the new-product weights; 'allow' and down-weighting by the re-order weights
  const fill = (row: number, out: Float64Array, newOnly: boolean) => {
    const { cands, x } = candidateFeatures(f, row, !newOnly, options.candidates);
    const m = newOnly ? newWeights : ownWeights;
    cands.forEach((j, t) => (out[j] = 1 / (1 + Math.exp(-logit(m, x[t]!)))));
  };
  return makeRecommender(matrix, {
    name: `learned ranker (${options.base} + user-knn, ${options.holdoutDays}-day holdout)`,
    spec: {
      kind: 'learned-ranker',
      options: { ...options },
      state: {
        newWeights: [newWeights.mean, newWeights.scale, newWeights.weights],
        ownWeights: [ownWeights.mean, ownWeights.scale, ownWeights.weights],
        item: f.item,
        trending: Int32Array.from(f.trending),
        invoices: f.invoices,
        recent: f.recent,
      },
      parts: [...(f.bases.ease ? [{ model: f.bases.ease, weight: 1 }] : []), { model: f.bases.user, weight: 1 }, { model: f.bases.item, weight: 1 }],
    },
    seenDependent: true,
    scoreUser: fill,
    explainUser(row, j) {
      const id = matrix.customers[row]!;
      let bought = 0;
      for (let p = f.invoices.indptr[row]!; p < f.invoices.indptr[row + 1]!; p++) if (f.invoices.indices[p] === j) bought = f.invoices.data[p]!;
      if (bought > 0) return `you ordered it on ${bought} invoice${bought > 1 ? 's' : ''}`;
      const viaBase = f.bases.ease ?? f.bases.item;
      const why = viaBase.explain(id, matrix.items[j]!);
      return f.trending.includes(j) ? `${why}; selling well this month` : why;
    },
    scoreItem(i, out) {
      const { scores } = (f.bases.ease ?? f.bases.item).scoreAll(`\u0000item`, { history: [matrix.items[i]!] });
      out.set(scores);
    },
    explainItem: (i) => `bought with ${itemLabel(matrix, i)}`,
  });
}

/** A saved weight set: [mean, scale, weights] with the features' count. */
function savedWeights(r: SavedModelReader, field: string): Weights {
  const d = LEARNED_FEATURES.length;
  r.value(field, { allowed: 'an array [mean, scale, weights]', test: (v): v is unknown[] => Array.isArray(v) && v.length === 3 });
  return { mean: r.floats(`${field}[0]`, d), scale: r.floats(`${field}[1]`, d, 0), weights: r.floats(`${field}[2]`, d + 1) };
}

const SAVED_BASE: Check<LearnedBase> = oneOf({ ease: 1, 'item-knn': 1 });

/** The `'learned-ranker'` definition. */
export const LEARNED_RANKER_DEFINITION: RecommenderDefinition<LearnedRankerOptions> = defineRecommender<LearnedRankerOptions>({
  kind: 'learned-ranker',
  description: 'learned ranker: EASE, user/item-kNN and recency features re-scored by weights learned on an inner holdout',
  defaults: LEARNED_RANKER_DEFAULTS,
  fit: fitLearned,
  restore(saved) {
    const r = savedModelReader(saved);
    const options: RankerOptions = {
      holdoutDays: r.option('holdoutDays', CHECKS.positive),
      candidates: r.option('candidates', CHECKS.positiveInteger),
      base: r.option('base', SAVED_BASE),
      rounds: r.option('rounds', CHECKS.nonNegativeInteger),
    };
    const kinds = options.base === 'ease' ? ['ease', 'user-knn', 'item-knn'] : ['user-knn', 'item-knn'];
    r.only(['holdoutDays', 'candidates', 'base', 'rounds'], ['newWeights', 'ownWeights', 'item', 'trending', 'invoices', 'recent'], kinds);
    const parts = r.parts(kinds);
    const n = saved.matrix.items.length;
    r.value('item', { allowed: 'an array of 6 feature columns', test: (v): v is unknown[] => Array.isArray(v) && v.length === 6 });
    const item = [0, 1, 2, 3, 4, 5].map((c) => r.floats(`item[${c}]`, n));
    const invoices = r.matrix('invoices');
    const recent = r.matrix('recent');
    const [easeModel, user, itemModel] = options.base === 'ease' ? parts : [null, ...parts];
    if (user!.matrix !== recent) r.fail('parts[1]', user!.name, "a user-knn model on the ranker's recent matrix");
    const f: LearnedBases = {
      binary: saved.matrix,
      invoices,
      recent,
      item,
      trending: [...r.ints('trending', undefined, 0, n - 1)],
      bases: { ease: easeModel ?? null, user: user!, item: itemModel! },
    };
    for (const m of [easeModel, itemModel]) if (m && m.matrix !== saved.matrix) r.fail('parts', m.name, "base models on the ranker's binary matrix");
    return rankerFrom(f, options, savedWeights(r, 'newWeights'), savedWeights(r, 'ownWeights'));
  },
});
