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

/** BG/NBD parameters, under the names of Fader, Hardie and Lee (2005). */
export type BgNbdParams = BetaGeometricParams;

/** A fitted BG/NBD model. */
export type BgNbdModel = PurchaseModel<BgNbdParams>;

const NAMES = ['r', 'alpha', 'a', 'b'] as const;

/**
 * Total BG/NBD log-likelihood of a summary at given parameters (Fader, Hardie and Lee 2005, eq. 6):
 * sum over customers of ln G(r+x) - ln G(r) + r ln alpha + ln B(a, b+x) - ln B(a, b)
 * + ln[(alpha+T)^-(r+x) + [x>0] a/(b+x-1) (alpha+t_x)^-(r+x)]. O(n log n) (the summary is compressed
 * to distinct rows first).
 *
 * @param summary - `{ frequency, recency, T }`
 * @param params - `{ r, alpha, a, b }`
 * @returns the total log-likelihood
 * @throws {@link ClvError} on an invalid summary (see {@link fitBgNbd})
 * @example
 * ```ts
 * bgNbdLogLikelihood(cdnow, { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }).toFixed(1);
 * // => '-9582.4' (the CDNOW cohort, cdnow-summary.csv)
 * ```
 */
export function bgNbdLogLikelihood(summary: PurchaseSummary, params: BgNbdParams): number {
  return familyLogLikelihood(0, prepareSummary(summary), Float64Array.of(params.r, params.alpha, params.a, params.b), null);
}

/**
 * Fits the BG/NBD model (Fader, Hardie and Lee 2005, "Counting your customers the easy way") by
 * maximum likelihood: BFGS on the log parameters with the analytic gradient (digamma for the shape
 * parameters), standard errors from the Hessian. Purchases while alive are Poisson(lambda) with
 * lambda ~ Gamma(r, alpha); after each repeat purchase the customer drops out with probability
 * p ~ Beta(a, b). Reproduces the paper's r 0.243, alpha 4.414, a 0.793, b 2.426, LL -9,582.4 on the
 * CDNOW cohort. O(iterations x (distinct rows + max x)).
 *
 * @param summary - `{ frequency, recency, T }` in one time unit (arrays or typed arrays)
 * @param options - `maxIterations`, `tolerance`, `l2`, `start`
 * @returns the fitted model: `params`, `logLikelihood`, `report`, predictions, `toJSON()`
 * @throws {@link ClvError} `EMPTY_INPUT`, `LENGTH_MISMATCH`, `NON_FINITE`, `INVALID_FREQUENCY`,
 *   `INVALID_AGE` (T <= 0), `INVALID_RECENCY` (t_x < 0, t_x > T), `INVALID_OPTION`, `FIT_FAILED`
 * @example
 * ```ts
 * const model = fitBgNbd({ frequency: x, recency: t_x, T }); // cdnow-summary.csv
 * Object.values(model.params).map((v) => v.toFixed(3)); model.logLikelihood.toFixed(1);
 * // => ['0.243', '4.414', '0.793', '2.426'] '-9582.4'
 * ```
 */
export function fitBgNbd(summary: PurchaseSummary, options: FitOptions = {}): BgNbdModel {
  const data = prepareSummary(summary);
  const fit = fitByMaximumLikelihood(
    {
      names: NAMES,
      start: [1, meanOf(data.T.map((t, i) => t * data.weight[i]!)) * (data.rows / data.customers), 1, 1],
      customers: data.customers,
      distinctRows: data.rows,
      logLikelihood: (p, g) => familyLogLikelihood(0, data, p, g),
    },
    options,
  );
  return makeBgNbd(fit.params as unknown as BgNbdParams, fit.logLikelihood, fit.report);
}

function makeBgNbd(params: BgNbdParams, logLikelihood: number, report: FitReport): BgNbdModel {
  const p = Object.freeze({ r: params.r, alpha: params.alpha, a: params.a, b: params.b });
  return Object.freeze({
    kind: 'bg-nbd',
    params: p,
    logLikelihood,
    report,
    expectedPurchases: (t: number) => (checkHorizon(t), familyExpectedPurchases(0, p, t)),
    conditionalExpectedPurchases: (t: number, s: PurchaseSummary) => (checkHorizon(t), familyConditionalExpected(0, p, t, s)),
    probabilityAlive: (s: PurchaseSummary) => familyProbabilityAlive(0, p, s),
    probabilityOfPurchases: (n: number, t: number) => (checkCount(n), checkHorizon(t), familyProbabilityOfPurchases(0, p, n, t)),
    toJSON: (): ModelJSON => ({ kind: 'bg-nbd', version: 1, params: { ...p }, logLikelihood, report }),
  });
}

/**
 * Restores a BG/NBD model from its `toJSON()` form.
 *
 * @param json - what `model.toJSON()` returned (or its JSON text parsed)
 * @returns the model, with the same predictions
 * @throws {@link ClvError} `INVALID_MODEL`
 * @example
 * ```ts
 * bgNbdFromJSON(JSON.parse(JSON.stringify(model))).params.r === model.params.r;
 * // => true
 * ```
 */
export function bgNbdFromJSON(json: unknown): BgNbdModel {
  const j = readModelJSON(json, 'bg-nbd', NAMES);
  return makeBgNbd(j.params as unknown as BgNbdParams, j.logLikelihood, restoreReport(j.report));
}
