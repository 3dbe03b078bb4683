import {
  familyConditionalExpected,
  familyExpectedPurchases,
  familyLogLikelihood,
  familyProbabilityAlive,
  familyProbabilityOfPurchases,
} from './betaGeometricFamily.js';
import type { BetaGeometricParams } from './betaGeometricFamily.js';
import { checkCount, checkHorizon, fitByMaximumLikelihood, meanOf, readModelJSON, restoreReport } from './model.js';
import type { FitOptions, FitReport, ModelJSON, PurchaseModel } from './model.js';
import { prepareSummary } from './summary.js';
import type { PurchaseSummary } from './summary.js';

/** Modified BG/NBD parameters (Batislam, Denizel and Filiztekin 2007), under the BG/NBD names. */
export type ModifiedBgNbdParams = BetaGeometricParams;

/** A fitted modified BG/NBD model. */
export type ModifiedBgNbdModel = PurchaseModel<ModifiedBgNbdParams>;

const NAMES = ['r', 'alpha', 'a', 'b'] as const;

/**
 * Total modified BG/NBD log-likelihood of a summary at given parameters (Batislam et al. 2007):
 * sum over customers of ln G(r+x) - ln G(r) + r ln alpha + ln B(a, b+x+1) - ln B(a, b)
 * + ln[(alpha+T)^-(r+x) + a/(b+x) (alpha+t_x)^-(r+x)]. O(n log n) (the summary is compressed
 * to distinct rows first).
 *
 * @param summary - `{ frequency, recency, T }`
 * @param params - `{ r, alpha, a, b }`
 * @returns the total log-likelihood
 * @throws {@link ClvError} on an invalid summary (see {@link fitModifiedBgNbd})
 * @example
 * ```ts
 * modifiedBgNbdLogLikelihood(cdnow, model.params).toFixed(1);
 * // => '-9582.1' (the CDNOW cohort, cdnow-summary.csv)
 * ```
 */
export function modifiedBgNbdLogLikelihood(summary: PurchaseSummary, params: ModifiedBgNbdParams): number {
  return familyLogLikelihood(1, prepareSummary(summary), Float64Array.of(params.r, params.alpha, params.a, params.b), null);
}

/**
 * Fits the modified BG/NBD model (Batislam, Denizel and Filiztekin 2007, "Empirical validation and
 * comparison of models for customer base analysis") by maximum likelihood, as {@link fitBgNbd} does
 * (BFGS on the log parameters, analytic gradient, standard errors from the Hessian). The one change
 * from BG/NBD: a customer can also drop out right after the first purchase (time 0), so a customer
 * with no repeat purchase is not certainly alive (P(alive) < 1 at x = 0), where BG/NBD says 1.
 * O(iterations x (distinct rows + max x)).
 *
 * @param summary - `{ frequency, recency, T }` in one time unit (arrays or typed arrays)
 * @param options - `maxIterations`, `tolerance`, `l2`, `start`
 * @returns the fitted model: `params`, `logLikelihood`, `report`, predictions, `toJSON()`
 * @throws {@link ClvError} `EMPTY_INPUT`, `LENGTH_MISMATCH`, `NON_FINITE`, `INVALID_FREQUENCY`,
 *   `INVALID_AGE` (T <= 0), `INVALID_RECENCY` (t_x < 0, t_x > T), `INVALID_OPTION`, `FIT_FAILED`
 * @example
 * ```ts
 * const model = fitModifiedBgNbd({ frequency: x, recency: t_x, T }); // cdnow-summary.csv
 * Object.values(model.params).map((v) => v.toFixed(3)); model.logLikelihood.toFixed(1);
 * // => ['0.525', '6.183', '0.891', '1.614'] '-9582.1'
 * ```
 */
export function fitModifiedBgNbd(summary: PurchaseSummary, options: FitOptions = {}): ModifiedBgNbdModel {
  const data = prepareSummary(summary);
  const fit = fitByMaximumLikelihood(
    {
      names: NAMES,
      start: [1, meanOf(data.T.map((t, i) => t * data.weight[i]!)) * (data.rows / data.customers), 1, 1],
      customers: data.customers,
      distinctRows: data.rows,
      logLikelihood: (p, g) => familyLogLikelihood(1, data, p, g),
    },
    options,
  );
  return makeModifiedBgNbd(fit.params as unknown as ModifiedBgNbdParams, fit.logLikelihood, fit.report);
}

function makeModifiedBgNbd(params: ModifiedBgNbdParams, logLikelihood: number, report: FitReport): ModifiedBgNbdModel {
  const p = Object.freeze({ r: params.r, alpha: params.alpha, a: params.a, b: params.b });
  return Object.freeze({
    kind: 'modified-bg-nbd',
    params: p,
    logLikelihood,
    report,
    expectedPurchases: (t: number) => (checkHorizon(t), familyExpectedPurchases(1, p, t)),
    conditionalExpectedPurchases: (t: number, s: PurchaseSummary) => (checkHorizon(t), familyConditionalExpected(1, p, t, s)),
    probabilityAlive: (s: PurchaseSummary) => familyProbabilityAlive(1, p, s),
    probabilityOfPurchases: (n: number, t: number) => (checkCount(n), checkHorizon(t), familyProbabilityOfPurchases(1, p, n, t)),
    toJSON: (): ModelJSON => ({ kind: 'modified-bg-nbd', version: 1, params: { ...p }, logLikelihood, report }),
  });
}

/**
 * Restores a modified BG/NBD model from its `toJSON()` form.
 *
 * @param json - what `model.toJSON()` returned (or its JSON text parsed)
 * @returns the model, with the same predictions
 * @throws {@link ClvError} `INVALID_MODEL`
 * @example
 * ```ts
 * modifiedBgNbdFromJSON(JSON.parse(JSON.stringify(model))).params.r === model.params.r;
 * // => true
 * ```
 */
export function modifiedBgNbdFromJSON(json: unknown): ModifiedBgNbdModel {
  const j = readModelJSON(json, 'modified-bg-nbd', NAMES);
  return makeModifiedBgNbd(j.params as unknown as ModifiedBgNbdParams, j.logLikelihood, restoreReport(j.report));
}
