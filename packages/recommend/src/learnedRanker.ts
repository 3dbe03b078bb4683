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
import { apEachOfScores, centred, flattenHoldout, logitScores, meanApOfScores, trialScorer } from './holdoutScoring.js';
import type { FlatHoldout } from './holdoutScoring.js';
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
  /**
   * How the learned score is blended with the base model's: `'auto'` chooses the base's weight in
   * the blend (0, 0.25, 0.5, 0.75 or 1, see `LEARNED_BLEND_WEIGHTS`) by a cross-validation over two
   * periods (the inner holdout and the one before it), so that no weight set is judged on the
   * purchases it was fitted to (see {@link learnedRanker});
   * a number from 0 to 1 fixes it (0: the learned weights alone, the ranker before issue 19; 1: the
   * base model's own ranking).
   * @defaultValue {@link LEARNED_RANKER_DEFAULTS | LEARNED_RANKER_DEFAULTS.blend}
   */
  readonly blend?: 'auto' | number;
}

/**
 * The defaults of {@link learnedRanker}.
 *
 * @example
 * ```ts
 * LEARNED_RANKER_DEFAULTS;
 * // => { holdoutDays: 90, candidates: 100, base: 'auto', autoEaseMaxItems: 6000, rounds: 2, blend: 'auto' }
 * ```
 */
export const LEARNED_RANKER_DEFAULTS: Readonly<Required<LearnedRankerOptions>> = Object.freeze({ holdoutDays: 90, candidates: 100, base: 'auto', autoEaseMaxItems: 6000, rounds: 2, blend: 'auto' });

/**
 * The base weights `blend: 'auto'` chooses from (0: the learned score alone; 1: the base model alone).
 * A coarse grid: five values judged on two holdouts, so that the choice itself is not overfitted.
 *
 * @example
 * ```ts
 * LEARNED_BLEND_WEIGHTS;
 * // => [0, 0.25, 0.5, 0.75, 1]
 * ```
 */
export const LEARNED_BLEND_WEIGHTS: readonly number[] = Object.freeze([0, 0.25, 0.5, 0.75, 1]);

/**
 * What a fitted learned ranker decided for one policy (`spec.state.decisions.new` for new products,
 * `.own` for re-orders; also in its saved model): rank by the learned weights, by a blend, or by the
 * base model alone, and the inner-holdout figures the decision rests on.
 */
export interface LearnedRankerDecision {
  /** `'learned'` (blend weight 0), `'blend'` or `'base'` (blend weight 1: the base model's own ranking). */
  readonly decision: 'learned' | 'blend' | 'base';
  /** The base score's weight in the blend, from 0 to 1. */
  readonly blendWeight: number;
  /**
   * How the weight was chosen: `'cross-period'` (`blend: 'auto'`), `'fixed'` (a number given), or
   * `'none'` (`'auto'`, but the table is too short for a holdout before the inner one: the learned
   * weights are kept, as before issue 19).
   */
  readonly chosenOn: 'cross-period' | 'fixed' | 'none';
  /**
   * MAP@5 on the inner holdout (the last `holdoutDays`) of the base model and of the weights learned
   * on that holdout (in-sample: an optimistic figure, never used for the decision); candidates only.
   */
  readonly fitted: { readonly base: number; readonly learned: number };
  /**
   * With `'cross-period'`, per blend weight of `LEARNED_BLEND_WEIGHTS` (always out of sample):
   * `forward`, MAP@5 on the inner holdout of the weights learned on the holdout before it;
   * `backward`, MAP@5 on that earlier holdout of the weights learned on the inner one; `map`, their
   * mean; `gain`, `map` minus its value at weight 0; `standardError`, the standard error of that
   * gain (paired over each fold's customers). The weight with the highest `map` (ties to the larger
   * weight, towards the base) is chosen when its gain exceeds 1.96 standard errors; otherwise 0, the
   * learned weights. `null` otherwise. Candidates only, as `fitted`.
   */
  readonly validation: {
    readonly blendWeights: readonly number[];
    readonly map: readonly number[];
    readonly forward: readonly number[];
    readonly backward: readonly number[];
    readonly gain: readonly number[];
    readonly standardError: readonly number[];
  } | null;
  /** The standard deviations of the learned logit and of the base score over the inner holdout's candidates (each score is divided by its own before blending). */
  readonly scale: readonly [number, number];
}

/** The options a fitted ranker keeps (the base resolved). */
interface RankerOptions {
  readonly holdoutDays: number;
  readonly candidates: number;
  readonly base: LearnedBase;
  readonly rounds: number;
  readonly blend: 'auto' | number;
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

/** A holdout with its rows flattened for the logistic fit. */
interface LabelledHoldout extends Holdout {
  readonly rows: Float64Array[];
  readonly labels: Uint8Array;
}

/** A candidate's score from its feature row. */
type Scorer = (x: Float64Array) => number;

/** The feature that is the base model's own (scaled) score: `'ease'` or `'itemKnn'`. */
const baseFeature = (base: LearnedBase): number => LEARNED_FEATURES.indexOf(base === 'ease' ? 'ease' : 'itemKnn');

/**
 * Mean AP@5 of a scorer over the holdout's customers: each customer's candidates ranked by score
 * (ties to the smaller position), AP@5 from metrics' `averagePrecisionAtK` (normalised by
 * min(5, bought candidates)); customers who bought no candidate count 0.
 */
function meanAp(score: Scorer, holdout: Holdout): number {
  return meanApOfScores(flat(holdout), scoresOf(score, holdout), K);
}

/** Each holdout customer's AP@5 under a scorer, as {@link meanAp} averages them (0 for a customer who bought no candidate). */
function apEach(score: Scorer, holdout: Holdout): Float64Array {
  return apEachOfScores(flat(holdout), scoresOf(score, holdout), K);
}

/** The flat layout of each holdout, made once. */
const FLAT = new WeakMap<Holdout, FlatHoldout>();
function flat(holdout: Holdout): FlatHoldout {
  let f = FLAT.get(holdout);
  if (!f) FLAT.set(holdout, (f = flattenHoldout(holdout)));
  return f;
}

/** A scorer's score of every candidate of the holdout, in the flat order. */
function scoresOf(score: Scorer, holdout: Holdout): Float64Array {
  const out = new Float64Array(flat(holdout).start.at(-1)!);
  let i = 0;
  for (const xs of holdout.x) for (const x of xs) out[i++] = score(x);
  return out;
}

/** The population standard deviation of a scorer over every candidate of the holdout (1 when it is 0). */
function spread(score: Scorer, holdout: Holdout): number {
  let n = 0;
  let sum = 0;
  let sum2 = 0;
  for (const xs of holdout.x)
    for (const x of xs) {
      const v = score(x);
      n++, (sum += v), (sum2 += v * v);
    }
  const variance = n > 0 ? sum2 / n - (sum / n) ** 2 : 0;
  return variance > 1e-24 ? Math.sqrt(variance) : 1;
}

/** The candidates of a holdout's customers, their feature rows and labels (customers in row order). */
function holdoutOf(f: LearnedBases, future: ReadonlyMap<number, ReadonlySet<number>>, own: boolean, top: number): LabelledHoldout {
  const x: Float64Array[][] = [];
  const relevant: Int32Array[] = [];
  const rows: Float64Array[] = [];
  const labels: number[] = [];
  for (const [row, bought] of [...future.entries()].sort((a, b) => a[0] - b[0])) {
    const c = candidateFeatures(f, row, own, top);
    x.push(c.x);
    const hits: number[] = [];
    c.cands.forEach((j, t) => {
      const hit = bought.has(j) ? 1 : 0;
      if (hit) hits.push(t);
      labels.push(hit);
      rows.push(c.x[t]!);
    });
    relevant.push(Int32Array.from(hits));
  }
  return { x, relevant, rows, labels: Uint8Array.from(labels) };
}

/** Learns one weight set: a logistic fit on the holdout candidates, refined by coordinate ascent on MAP@5. */
function learnWeights(holdout: LabelledHoldout, rounds: number): Weights {
  const fit: LogisticModel = logisticRegression(holdout.rows, holdout.labels);
  const m: Weights = { mean: fit.mean, scale: fit.scale, weights: fit.weights };
  // every trial re-scores every candidate: on the flat layout, the logits in the same arithmetic as logit()
  const f = flat(holdout);
  const d = centred(f, m.mean);
  const buffer = new Float64Array(f.start.at(-1)!);
  let best = meanApOfScores(f, logitScores(f, d, m.weights, m.scale, buffer), K);
  const trials = trialScorer(f, d, m.weights, m.scale);
  for (let round = 0; round < rounds; round++) {
    for (let feature = 1; feature < m.weights.length; feature++) {
      for (const step of STEPS) {
        const value = m.weights[feature]! + step;
        const v = meanApOfScores(f, trials.trial(feature, value), K);
        if (v > best + GAIN) {
          best = v;
          m.weights[feature] = value;
          trials.accept(feature, value);
        }
      }
    }
  }
  return m;
}

/**
 * The blended score: `(1 - alpha) * logit / scale[0] + alpha * base / scale[1]` (each score on its
 * own standard deviation, so that alpha weighs like with like); alpha 0 is the logit itself, alpha
 * 1 the base feature itself.
 */
function blended(m: Weights, scale: readonly [number, number], feature: number, alpha: number): Scorer {
  if (alpha === 0) return (x) => logit(m, x);
  if (alpha === 1) return (x) => x[feature]!;
  return (x) => ((1 - alpha) * logit(m, x)) / scale[0] + (alpha * x[feature]!) / scale[1];
}

/** The decision label of a blend weight. */
const decisionOf = (alpha: number): LearnedRankerDecision['decision'] => (alpha === 0 ? 'learned' : alpha === 1 ? 'base' : 'blend');

/**
 * How many standard errors a blend must gain over the learned weights alone, in the two-period
 * cross-validation, to be chosen: 1.96, the two-sided 5% level of a normal test of the paired
 * difference.
 */
const EVIDENCE = 1.96;

/** One fold of the two-period check: MAP@5 per blend weight, and each customer's AP@5 gain over blend weight 0. */
interface Fold {
  readonly map: number[];
  readonly gains: Float64Array[];
}

/** One fold: weights `m` scored on `holdout`, blended with the base by each weight of {@link LEARNED_BLEND_WEIGHTS}. */
function blendFold(m: Weights, holdout: Holdout, feature: number): Fold {
  const scale: [number, number] = [spread((x) => logit(m, x), holdout), spread((x) => x[feature]!, holdout)];
  const aps = LEARNED_BLEND_WEIGHTS.map((alpha) => apEach(blended(m, scale, feature, alpha), holdout));
  const n = holdout.x.length;
  return { map: aps.map((a) => a.reduce((s, v) => s + v, 0) / n), gains: aps.map((a) => a.map((v, t) => v - aps[0]![t]!)) };
}

/** The standard error of the mean of a sample (population variance / n, square root). */
function standardError(values: Float64Array): number {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / n / n);
}

/** The other period of the two-period check: its holdout and the weights learned on it. */
interface OtherPeriod {
  readonly holdout: Holdout;
  readonly weights: Weights;
}

/**
 * Decides one policy's blend. With `earlier` (the holdout before the inner one and the weights
 * learned on it), a two-fold cross-validation over the two periods: the earlier weights scored on
 * the inner holdout (forward) and the inner weights on the earlier holdout (backward), for each blend
 * weight of {@link LEARNED_BLEND_WEIGHTS}. The weight with the highest mean of the two MAP@5 (ties to
 * the larger weight) is chosen when its gain over weight 0 exceeds {@link EVIDENCE} standard errors
 * (each fold's paired per-customer gains, the folds independent: se = sqrt(se_f^2 + se_b^2) / 2);
 * otherwise the learned weights alone are kept. With a fixed weight that weight; with neither, 0.
 */
function decide(holdout: Holdout, weights: Weights, earlier: OtherPeriod | null, fixed: number | null, feature: number): LearnedRankerDecision {
  const base: Scorer = (x) => x[feature]!;
  const scale: [number, number] = [spread((x) => logit(weights, x), holdout), spread(base, holdout)];
  const fitted = { base: meanAp(base, holdout), learned: meanAp((x) => logit(weights, x), holdout) };
  if (fixed !== null) return { decision: decisionOf(fixed), blendWeight: fixed, chosenOn: 'fixed', fitted, validation: null, scale };
  if (earlier === null) return { decision: 'learned', blendWeight: 0, chosenOn: 'none', fitted, validation: null, scale };
  const forward = blendFold(earlier.weights, holdout, feature);
  const backward = blendFold(weights, earlier.holdout, feature);
  const map = forward.map.map((v, i) => (v + backward.map[i]!) / 2);
  const gain = map.map((v) => v - map[0]!);
  const se = map.map((_, i) => Math.sqrt(standardError(forward.gains[i]!) ** 2 + standardError(backward.gains[i]!) ** 2) / 2);
  let best = 0;
  map.forEach((v, i) => {
    if (v >= map[best]!) best = i;
  });
  const blendWeight = gain[best]! > EVIDENCE * se[best]! ? LEARNED_BLEND_WEIGHTS[best]! : 0;
  return {
    decision: decisionOf(blendWeight),
    blendWeight,
    chosenOn: 'cross-period',
    fitted,
    validation: { blendWeights: [...LEARNED_BLEND_WEIGHTS], map, forward: forward.map, backward: backward.map, gain, standardError: se },
    scale,
  };
}

/** The blend option: `'auto'` or a number from 0 to 1. */
const BLEND: Check<'auto' | number> = { allowed: "'auto' or a number from 0 to 1", test: (v): v is 'auto' | number => v === 'auto' || CHECKS.unitInterval.test(v) };

/** Checks the options and resolves the base for a table of `products` products. */
function rankerOptions(options: LearnedRankerOptions, products: () => number): RankerOptions {
  const holdoutDays = optionValue(options.holdoutDays, LEARNED_RANKER_DEFAULTS.holdoutDays, 'holdoutDays', { allowed: 'a positive number of days', test: CHECKS.positive.test });
  const candidates = optionValue(options.candidates, LEARNED_RANKER_DEFAULTS.candidates, 'candidates', CHECKS.positiveInteger);
  const rounds = optionValue(options.rounds, LEARNED_RANKER_DEFAULTS.rounds, 'rounds', CHECKS.nonNegativeInteger);
  const autoEaseMaxItems = optionValue(options.autoEaseMaxItems, LEARNED_RANKER_DEFAULTS.autoEaseMaxItems, 'autoEaseMaxItems', CHECKS.nonNegativeInteger);
  const blend = optionValue(options.blend, LEARNED_RANKER_DEFAULTS.blend, 'blend', BLEND);
  const chosen = resolveName(BASES, options.base ?? LEARNED_RANKER_DEFAULTS.base, 'base');
  const base: LearnedBase = chosen === 'auto' ? (products() <= autoEaseMaxItems ? 'ease' : 'item-knn') : chosen;
  return { holdoutDays, candidates, base, rounds, blend };
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

/**
 * A holdout in time: metrics' temporal split at the first midnight `days` before the table's last
 * sale; `null` when nothing with a customer comes before it.
 */
function holdoutSplit(table: TransactionTable, days: number): { inner: TransactionTable; holdout: TransactionTable } | null {
  const extent = dateExtent(table, { withCustomer: true });
  if (extent === null) return null;
  const cut = Math.floor((extent.last - days * MS_PER_DAY) / MS_PER_DAY) * MS_PER_DAY;
  const { train: inner, test: holdout } = temporalSplit(table, { cutoff: cut });
  return dateExtent(inner, { withCustomer: true }) === null ? null : { inner, holdout };
}

/** Holdout labels: the products bought in the holdout by customers known before it (rows and columns of `f`). */
function futureOf(f: LearnedBases, holdout: TransactionTable): Map<number, Set<number>> {
  const future = new Map<number, Set<number>>();
  const d = holdout.dictionaries;
  for (let i = 0; i < holdout.length; i++) {
    const row = f.binary.customerIndex.get(d.customer[holdout.columns.customer[i]!]!);
    if (row === undefined) continue;
    const col = f.binary.itemIndex.get(d.stockCode[holdout.columns.stockCode[i]!]!);
    if (!future.has(row)) future.set(row, new Set());
    if (col !== undefined) future.get(row)!.add(col);
  }
  return future;
}

/** The holdout before the inner one and the weights learned on it, per policy (for `blend: 'auto'`), or `null` when the table is too short for it. */
function earlierPeriod(inner: TransactionTable, o: RankerOptions): { new: OtherPeriod; own: OtherPeriod } | null {
  const split = holdoutSplit(inner, o.holdoutDays);
  if (split === null) return null;
  const f = fitBases(fitData(split.inner), o.base);
  const future = futureOf(f, split.holdout);
  if (future.size === 0) return null;
  const period = (own: boolean): OtherPeriod => {
    const holdout = holdoutOf(f, future, own, o.candidates);
    return { holdout: { x: holdout.x, relevant: holdout.relevant }, weights: learnWeights(holdout, o.rounds) };
  };
  return { new: period(false), own: period(true) };
}

/** What the learned ranker is fitted on, and why. */
const NEEDS_TABLE = 'a TransactionTable: the learned ranker learns its weights on the last days of the table';

/** The learned ranker on fit data (a table is needed: the holdout is in time). */
function fitLearned(data: FitData, options: LearnedRankerOptions | undefined): Recommender {
  const table = checkFitData(data).table;
  if (table === null) throw new RecommendError('INVALID_ARGUMENT', 'data', 'an interaction matrix', NEEDS_TABLE);
  const o = rankerOptions(optionsObject(options), () => distinctProducts(table));
  if (dateExtent(table, { withCustomer: true }) === null) throw new RecommendError('EMPTY_INPUT', 'table', `${table.length} rows, none with a customer`, 'rows with customer ids');
  const split = holdoutSplit(table, o.holdoutDays);
  if (split === null) throw new RecommendError('EMPTY_INPUT', 'table', `nothing before the ${o.holdoutDays}-day holdout`, 'a table longer than holdoutDays');
  const fInner = fitBases(fitData(split.inner), o.base);
  const future = futureOf(fInner, split.holdout);
  if (future.size === 0) throw new RecommendError('EMPTY_INPUT', 'table', `no customer buys both before and in the last ${o.holdoutDays} days`, 'customers active on both sides of the holdout');
  const newHoldout = holdoutOf(fInner, future, false, o.candidates);
  const ownHoldout = holdoutOf(fInner, future, true, o.candidates);
  const newWeights = learnWeights(newHoldout, o.rounds);
  const ownWeights = learnWeights(ownHoldout, o.rounds);
  const earlier = o.blend === 'auto' ? earlierPeriod(split.inner, o) : null;
  const fixed = o.blend === 'auto' ? null : o.blend;
  const feature = baseFeature(o.base);
  const decisions = {
    new: decide(newHoldout, newWeights, earlier?.new ?? null, fixed, feature),
    own: decide(ownHoldout, ownWeights, earlier?.own ?? null, fixed, feature),
  };
  return rankerFrom(fitBases(data, o.base), o, newWeights, ownWeights, decisions);
}

/**
 * A learned ranker: candidates from EASE (or item cosine), user-kNN (30-day decay) and recent
 * best-sellers, re-scored by a linear model of 15 features ({@link LEARNED_FEATURES}: popularity
 * overall and in the last 30 and 90 days, the product's age and days since it last sold, its repeat
 * rate, the customer's own invoices / recency / share for it, and the base models' scores and ranks),
 * blended with its base model's score where an earlier holdout says the learned weights alone do not
 * carry over.
 *
 * The weights are learned on the table itself: metrics' `temporalSplit` holds out its last
 * `holdoutDays` (the inner holdout), a logistic regression ({@link logisticRegression}) is fitted on
 * the candidates of the customers active on both sides, then refined by coordinate ascent on their
 * MAP@5 (metrics' `averagePrecisionAtK`). Two weight sets are learned, one for new products (used by
 * `seen: 'exclude'`) and one for re-orders (`'allow'` and down-weighting).
 *
 * The blend (`blend: 'auto'`): MAP@5 on the inner holdout is no guide to whether the weights beat the
 * base, since they were fitted to it. So the same learning is repeated one period earlier (the
 * `holdoutDays` before the inner holdout, from what came before them), and the two periods
 * cross-validate each other: the earlier weights are scored on the inner holdout, the inner weights
 * on the earlier holdout, each blended with the base score, `(1 - a) * logit / sd + a * base / sd`
 * (sd: each score's standard deviation over the holdout's candidates), for each base weight a of
 * `LEARNED_BLEND_WEIGHTS`. The a with the highest mean MAP@5 over the two folds is kept (ties
 * towards the base) when its gain over the learned weights alone exceeds 1.96 standard errors
 * (paired over customers), separately for new products and re-orders; otherwise the learned
 * weights are kept. Each fold is the situation the fitted model is in (weights from one period
 * ranking another), and no later data is used. Two folds rather than one, and a test rather than
 * the bare maximum, because one period's transfer to the next is a noisy estimate: on Online Retail
 * the forward fold alone, or the bare maximum of the two, fell back to EASE at the 2011-09-01 split,
 * where the learned weights win by 14% (docs/evaluation.md). The serving model is the inner-holdout
 * weights with that a; a = 1 ranks exactly as the base model. What was decided, and on which figures, is `spec.state.decisions`
 * (`LearnedRankerDecision`); it is saved with the model. Then every base is refitted on the
 * whole table. Nothing after the table's last day is ever seen, so evaluating it on a later period
 * is honest.
 *
 * Cost: three fits of every base model (the earlier holdout's, the inner holdout's, the whole
 * table's), two with a fixed `blend`; the candidates' features for two holdouts.
 *
 * @param table - a cleaned transaction table (with dates: the holdout needs them)
 * @param options - the holdout length, candidates, base model, refinement and blend ({@link LEARNED_RANKER_DEFAULTS})
 * @returns the recommender (its `matrix` is the binary matrix of the table)
 * @throws {@link RecommendError} `INVALID_OPTION`, `EMPTY_INPUT` when the holdout has no customer
 * seen before it, `INVALID_ARGUMENT` for an interaction matrix (it has no dates); core's `CoreError`
 * `INVALID_ARGUMENT` for anything else that is not a table (see `checkTable`)
 * @example
 * ```ts
 * const model = learnedRanker(train); // Online Retail before 2011-09-01: three EASE fits, 70-120 s
 * const { new: forNew } = model.spec.state.decisions as { new: LearnedRankerDecision };
 * [model.kind, model.name, forNew.decision, forNew.validation?.gain[4]];
 * // => ['learned-ranker', 'learned ranker (ease + user-knn, 90-day holdout)', 'learned', 0.0018...] (the base's lead, under 1 standard error: weights kept)
 * ```
 */
export function learnedRanker(table: TransactionTable, options: LearnedRankerOptions = {}): Recommender {
  return fitLearned(fitData(checkTableArgument(table, 'table', 'Got an InteractionMatrix: the learned ranker learns its weights on the last days of the table, so it needs the table (its dates).')), options);
}

/** The decisions of both policies (absent from a model saved before issue 19: then the learned weights alone). */
interface Decisions {
  readonly new: LearnedRankerDecision;
  readonly own: LearnedRankerDecision;
}

/** Options as saved: `blend` is absent from a model saved before issue 19. */
type SavedRankerOptions = Omit<RankerOptions, 'blend'> & { readonly blend?: 'auto' | number };

function rankerFrom(f: LearnedBases, options: SavedRankerOptions, newWeights: Weights, ownWeights: Weights, decisions: Decisions | null): Recommender {
  const matrix = f.binary;
  const viaBase = f.bases.ease ?? f.bases.item;
  const feature = baseFeature(options.base);
  const scorers = [newWeights, ownWeights].map((m, p) => {
    const d = decisions === null ? null : p === 0 ? decisions.new : decisions.own;
    return d === null ? blended(m, [1, 1], feature, 0) : blended(m, d.scale, feature, d.blendWeight);
  });
  const baseOnly = [decisions?.new.blendWeight === 1, decisions?.own.blendWeight === 1];
  // 'exclude' is served by the new-product weights; 'allow' and down-weighting by the re-order weights
  const fill = (row: number, out: Float64Array, newOnly: boolean) => {
    const p = newOnly ? 0 : 1;
    if (baseOnly[p]) return void out.set(viaBase.scoreAll(matrix.customers[row]!).scores);
    const { cands, x } = candidateFeatures(f, row, !newOnly, options.candidates);
    const score = scorers[p]!;
    cands.forEach((j, t) => (out[j] = 1 / (1 + Math.exp(-score(x[t]!)))));
  };
  const state: Record<string, unknown> = {
    newWeights: [newWeights.mean, newWeights.scale, newWeights.weights],
    ownWeights: [ownWeights.mean, ownWeights.scale, ownWeights.weights],
    item: f.item,
    trending: Int32Array.from(f.trending),
    invoices: f.invoices,
    recent: f.recent,
  };
  if (decisions !== null) state.decisions = { new: { ...decisions.new }, own: { ...decisions.own } };
  return makeRecommender(matrix, {
    name: `learned ranker (${options.base} + user-knn, ${options.holdoutDays}-day holdout)`,
    spec: {
      kind: 'learned-ranker',
      options: { ...options },
      state,
      parts: [...(f.bases.ease ? [{ model: f.bases.ease, weight: 1 }] : []), { model: f.bases.user, weight: 1 }, { model: f.bases.item, weight: 1 }],
    },
    seenDependent: true,
    scoreUser: fill,
    explainUser(row, j) {
      const id = matrix.customers[row]!;
      let bought = 0;
      for (let p = f.invoices.indptr[row]!; p < f.invoices.indptr[row + 1]!; p++) if (f.invoices.indices[p] === j) bought = f.invoices.data[p]!;
      if (bought > 0) return `you ordered it on ${bought} invoice${bought > 1 ? 's' : ''}`;
      const why = viaBase.explain(id, matrix.items[j]!);
      const more = f.trending.includes(j) ? `${why}; selling well this month` : why;
      return baseOnly[0] ? `${more} (ranked by ${options.base} alone: on the inner holdout the learned weights did not beat it)` : more;
    },
    scoreItem(i, out) {
      const { scores } = viaBase.scoreAll(`\u0000item`, { history: [matrix.items[i]!] });
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

/** The saved blend option: absent in a model saved before issue 19. */
const SAVED_BLEND: Check<'auto' | number | undefined> = { allowed: `${BLEND.allowed} (or absent, in a model saved before issue 19)`, test: (v): v is 'auto' | number | undefined => v === undefined || BLEND.test(v) };

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Whether a saved value is a `LearnedRankerDecision`, its decision matching its blend weight. */
function isDecision(v: unknown): v is LearnedRankerDecision {
  if (!isObject(v) || !CHECKS.unitInterval.test(v.blendWeight) || v.decision !== decisionOf(v.blendWeight)) return false;
  if (v.chosenOn !== 'cross-period' && v.chosenOn !== 'fixed' && v.chosenOn !== 'none') return false;
  if (!isObject(v.fitted) || !isFiniteNumber(v.fitted.base) || !isFiniteNumber(v.fitted.learned)) return false;
  if (!Array.isArray(v.scale) || v.scale.length !== 2 || !v.scale.every((s) => isFiniteNumber(s) && s > 0)) return false;
  const val = v.validation;
  if (val === null) return v.chosenOn !== 'cross-period';
  const curve = (c: unknown): boolean => Array.isArray(c) && isObject(val) && Array.isArray(val.blendWeights) && c.length === val.blendWeights.length && c.every(isFiniteNumber);
  return v.chosenOn === 'cross-period' && isObject(val) && Array.isArray(val.blendWeights) && val.blendWeights.every(CHECKS.unitInterval.test) && [val.map, val.forward, val.backward, val.gain, val.standardError].every(curve);
}

const SAVED_DECISIONS: Check<Decisions | undefined> = {
  allowed: "{ new, own }, each { decision, blendWeight, chosenOn, fitted, validation, scale } (a LearnedRankerDecision), or absent (a model saved before issue 19)",
  test: (v): v is Decisions | undefined => v === undefined || (isObject(v) && Object.keys(v).length === 2 && isDecision(v.new) && isDecision(v.own)),
};

/** The `'learned-ranker'` definition. */
export const LEARNED_RANKER_DEFINITION: RecommenderDefinition<LearnedRankerOptions> = defineRecommender<LearnedRankerOptions>({
  kind: 'learned-ranker',
  description: 'learned ranker: EASE, user/item-kNN and recency features re-scored by weights learned on an inner holdout, blended with its base where an earlier holdout says so',
  defaults: LEARNED_RANKER_DEFAULTS,
  fit: fitLearned,
  restore(saved) {
    const r = savedModelReader(saved);
    const blend = r.option('blend', SAVED_BLEND);
    const options: SavedRankerOptions = {
      holdoutDays: r.option('holdoutDays', CHECKS.positive),
      candidates: r.option('candidates', CHECKS.positiveInteger),
      base: r.option('base', SAVED_BASE),
      rounds: r.option('rounds', CHECKS.nonNegativeInteger),
      ...(blend === undefined ? {} : { blend }),
    };
    const kinds = options.base === 'ease' ? ['ease', 'user-knn', 'item-knn'] : ['user-knn', 'item-knn'];
    r.only(['holdoutDays', 'candidates', 'base', 'rounds', 'blend'], ['newWeights', 'ownWeights', 'item', 'trending', 'invoices', 'recent', 'decisions'], kinds);
    const decisions = r.value('decisions', SAVED_DECISIONS) ?? null;
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
    return rankerFrom(f, options, savedWeights(r, 'newWeights'), savedWeights(r, 'ownWeights'), decisions);
  },
});
