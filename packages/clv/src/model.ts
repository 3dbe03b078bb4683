import { ClvError } from './errors.js';
import { hessianAt, invert, minimizeBfgs } from './optimizer.js';
import type { Objective } from './optimizer.js';
import type { PurchaseSummary } from './summary.js';

/** Options of every fit ({@link fitBgNbd}, {@link fitParetoNbd}, {@link fitModifiedBgNbd}, {@link fitGammaGamma}). */
export interface FitOptions {
  /**
   * Most BFGS iterations.
   * @defaultValue 200
   */
  readonly maxIterations?: number;
  /**
   * Convergence when every component of the gradient of the mean negative log-likelihood, taken
   * with respect to the log parameters, is below this.
   * @defaultValue 1e-7
   */
  readonly tolerance?: number;
  /**
   * L2 penalty: the objective is -(mean log-likelihood) + l2 x (sum of the squared parameters), as
   * lifetimes' `penalizer_coef`. 0 is plain maximum likelihood (the papers' estimates).
   * @defaultValue 0
   */
  readonly l2?: number;
  /**
   * Where BFGS starts, by parameter name (any left out take the default).
   * @defaultValue 1 for the shape parameters, the mean age T (or the mean spend, for gamma) for the scales
   */
  readonly start?: Readonly<Record<string, number>>;
}

/** The defaults of {@link FitOptions}. */
export const FIT_DEFAULTS = { maxIterations: 200, tolerance: 1e-7, l2: 0 } as const;

/** How a fit went: the optimiser, its convergence, and the standard errors. */
export interface FitReport {
  /** `'bfgs'`: BFGS on the log parameters with a backtracking Armijo line search. */
  readonly optimizer: 'bfgs';
  /**
   * `'analytic'` for every fit of this version; `'central-differences'` in reports restored from
   * model files of earlier versions, whose Pareto/NBD fits differentiated numerically.
   */
  readonly gradient: 'analytic' | 'central-differences';
  /** Whether the gradient fell below `tolerance`. A fit that did not converge says so here. */
  readonly converged: boolean;
  /** BFGS iterations. */
  readonly iterations: number;
  /** Likelihood evaluations (each with its gradient). */
  readonly evaluations: number;
  /** Largest gradient component at the end (mean log-likelihood, log parameters). */
  readonly gradientNorm: number;
  /** Why the optimiser stopped, in words. */
  readonly message: string;
  /** Customers fitted. */
  readonly customers: number;
  /** Distinct summary rows the likelihood was summed over. */
  readonly distinctRows: number;
  /** The L2 penalty used. */
  readonly l2: number;
  /** Asymptotic standard errors (square roots of the diagonal of the inverse observed information, from the Hessian at the optimum); NaN where it is singular. */
  readonly standardErrors: Readonly<Record<string, number>>;
}

/** The plain-data form of a fitted model, as `toJSON()` writes it and each `fromJSON` reads it. */
export interface ModelJSON {
  /** The model: `'bg-nbd'`, `'pareto-nbd'`, `'modified-bg-nbd'` or `'gamma-gamma'`. */
  readonly kind: string;
  /** Format version, 1. */
  readonly version: 1;
  /** The parameters under the papers' names. */
  readonly params: Readonly<Record<string, number>>;
  /** The total log-likelihood at the optimum. */
  readonly logLikelihood: number;
  /** The fit report. */
  readonly report: FitReport;
}

/**
 * The interface the three purchase models share (BG/NBD, Pareto/NBD, modified BG/NBD). Times are in
 * the unit of the summary the model was fitted on.
 */
export interface PurchaseModel<P> {
  /** `'bg-nbd'`, `'pareto-nbd'` or `'modified-bg-nbd'`. */
  readonly kind: string;
  /** The parameters, under the papers' names. */
  readonly params: Readonly<P>;
  /** The total log-likelihood at the optimum. */
  readonly logLikelihood: number;
  /** How the fit went. */
  readonly report: FitReport;
  /** E[X(t)]: expected purchases of a new customer in (0, t]. */
  expectedPurchases(t: number): number;
  /** E[Y(t) | x, t_x, T]: expected purchases of each customer in the next t, given their history. */
  conditionalExpectedPurchases(t: number, summary: PurchaseSummary): Float64Array;
  /** P(alive | x, t_x, T) of each customer at the end of the observation period. */
  probabilityAlive(summary: PurchaseSummary): Float64Array;
  /** P(X(t) = n): probability that a new customer makes exactly n purchases in (0, t]. */
  probabilityOfPurchases(n: number, t: number): number;
  /** The plain-data form. */
  toJSON(): ModelJSON;
}

/**
 * A model's total log-likelihood in natural parameters; fills `gradient` (d LL / d param) when
 * given and the model has an analytic one. @internal
 */
export type LogLikelihood = (params: Float64Array, gradient: Float64Array | null) => number;

/** @internal */
export interface FitSpec {
  readonly names: readonly string[];
  readonly start: readonly number[];
  readonly customers: number;
  readonly distinctRows: number;
  readonly logLikelihood: LogLikelihood;
}

/** @internal */
export interface FitOutcome {
  readonly params: Record<string, number>;
  readonly logLikelihood: number;
  readonly report: FitReport;
}

/** Checks the common options. @internal */
export function resolveFitOptions(options: FitOptions, names: readonly string[]): { maxIterations: number; tolerance: number; l2: number } {
  if (options === null || typeof options !== 'object') throw new ClvError('INVALID_OPTION', 'options', options, 'an options object');
  const maxIterations = options.maxIterations ?? FIT_DEFAULTS.maxIterations;
  const tolerance = options.tolerance ?? FIT_DEFAULTS.tolerance;
  const l2 = options.l2 ?? FIT_DEFAULTS.l2;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) throw new ClvError('INVALID_OPTION', 'maxIterations', maxIterations, 'a whole number >= 1');
  if (!(tolerance > 0) || !Number.isFinite(tolerance)) throw new ClvError('INVALID_OPTION', 'tolerance', tolerance, 'a finite number > 0');
  if (!(l2 >= 0) || !Number.isFinite(l2)) throw new ClvError('INVALID_OPTION', 'l2', l2, 'a finite number >= 0');
  for (const [key, value] of Object.entries(options.start ?? {})) {
    if (!names.includes(key)) throw new ClvError('INVALID_OPTION', `start.${key}`, value, `one of the parameters ${names.join(', ')}`);
    if (!(value > 0) || !Number.isFinite(value)) throw new ClvError('INVALID_OPTION', `start.${key}`, value, 'a finite number > 0');
  }
  return { maxIterations, tolerance, l2 };
}

/**
 * Maximises a log-likelihood by BFGS on the log parameters, then the standard errors from the
 * Hessian of the (penalised) negative log-likelihood at the optimum. Never returns NaN parameters.
 * @throws {@link ClvError} `FIT_FAILED` when the likelihood is not finite where the optimiser stopped
 * @internal
 */
export function fitByMaximumLikelihood(spec: FitSpec, options: FitOptions): FitOutcome {
  const { maxIterations, tolerance, l2 } = resolveFitOptions(options, spec.names);
  const d = spec.names.length;
  const n = spec.customers;
  const start = spec.names.map((name, k) => options.start?.[name] ?? spec.start[k]!);
  const p = new Float64Array(d);
  const gp = new Float64Array(d);
  const penalised = (params: Float64Array, gradient: Float64Array | null): number => {
    const ll = spec.logLikelihood(params, gradient);
    let penalty = 0;
    for (let k = 0; k < d; k++) {
      penalty += params[k]! * params[k]!;
      if (gradient) gradient[k] = -gradient[k]! + 2 * l2 * n * params[k]!;
    }
    return -ll + l2 * n * penalty;
  };
  const objective: Objective = (theta, g) => {
    for (let k = 0; k < d; k++) p[k] = Math.exp(theta[k]!);
    const v = penalised(p, gp);
    for (let k = 0; k < d; k++) g[k] = (gp[k]! * p[k]!) / n;
    return v / n;
  };
  const result = minimizeBfgs(objective, start.map(Math.log), { maxIterations, tolerance });
  const params: Record<string, number> = {};
  const best = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    best[k] = Math.exp(result.x[k]!);
    params[spec.names[k]!] = best[k]!;
  }
  const logLikelihood = spec.logLikelihood(best, null);
  if (!best.every(Number.isFinite) || !Number.isFinite(logLikelihood)) {
    throw new ClvError('FIT_FAILED', 'params', params, 'finite parameters with a finite log-likelihood', { detail: `The optimiser stopped with: ${result.message}.` });
  }
  // Hessian of the negative (penalised) log-likelihood in natural parameters.
  const natural: Objective = (q, g) => penalised(q, g);
  const H = hessianAt(relativeSteps(natural, best), new Float64Array(d).fill(1));
  // relativeSteps works in units of the parameters: undo the scaling
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) H[i * d + j] = H[i * d + j]! / (best[i]! * best[j]!);
  const cov = invert(H, d);
  const standardErrors: Record<string, number> = {};
  for (let k = 0; k < d; k++) {
    const v = cov ? cov[k * d + k]! : NaN;
    standardErrors[spec.names[k]!] = v > 0 ? Math.sqrt(v) : NaN;
  }
  let gradientNorm = 0;
  for (let k = 0; k < d; k++) gradientNorm = Math.max(gradientNorm, Math.abs(result.gradient[k]!));
  return {
    params,
    logLikelihood,
    report: {
      optimizer: 'bfgs',
      gradient: 'analytic',
      converged: result.converged,
      iterations: result.iterations,
      evaluations: result.evaluations,
      gradientNorm,
      message: result.message,
      customers: n,
      distinctRows: spec.distinctRows,
      l2,
      standardErrors,
    },
  };
}

/** The objective in u where params = u * scale (so a unit step is a relative step). */
function relativeSteps(objective: Objective, scale: Float64Array): Objective {
  const d = scale.length;
  const q = new Float64Array(d);
  return (u, g) => {
    for (let k = 0; k < d; k++) q[k] = u[k]! * scale[k]!;
    const v = objective(q, g);
    for (let k = 0; k < d; k++) g[k] = g[k]! * scale[k]!;
    return v;
  };
}

/** Reads and checks a {@link ModelJSON} of the given kind. @internal */
export function readModelJSON(json: unknown, kind: string, names: readonly string[]): ModelJSON {
  const j = json as ModelJSON;
  if (j === null || typeof j !== 'object' || j.kind !== kind) throw new ClvError('INVALID_MODEL', 'json.kind', (j as ModelJSON | null)?.kind, `'${kind}'`);
  if (j.version !== 1) throw new ClvError('INVALID_MODEL', 'json.version', j.version, '1');
  for (const name of names) {
    const v = j.params?.[name];
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw new ClvError('INVALID_MODEL', `json.params.${name}`, v, 'a finite number > 0');
  }
  if (typeof j.logLikelihood !== 'number' || j.report === null || typeof j.report !== 'object') throw new ClvError('INVALID_MODEL', 'json.report', j.report, 'the fit report and the log-likelihood');
  return j;
}

/** Checks a horizon t. @internal */
export function checkHorizon(t: number, name = 't'): void {
  if (!(t >= 0) || !Number.isFinite(t)) throw new ClvError('INVALID_ARGUMENT', name, t, 'a finite number >= 0 (in the time unit of the fit)');
}

/** Checks a purchase count n. @internal */
export function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new ClvError('INVALID_ARGUMENT', 'n', n, 'a whole number >= 0');
}

/** Mean of a column. @internal */
export function meanOf(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s / values.length;
}

/** JSON writes NaN standard errors as null: reads them back as NaN. @internal */
export function restoreReport(report: FitReport): FitReport {
  const se: Record<string, number> = {};
  for (const [k, v] of Object.entries(report.standardErrors ?? {})) se[k] = typeof v === 'number' ? v : NaN;
  return { ...report, standardErrors: se };
}
