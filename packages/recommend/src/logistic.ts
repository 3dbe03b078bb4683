import { CHECKS, optionValue } from './checks.js';
import { RecommendError } from './errors.js';

/** Options of {@link logisticRegression}. */
export interface LogisticOptions {
  /**
   * L2 penalty on the weights of the standardised features (the intercept is not penalised); 0 is
   * the unpenalised maximum-likelihood fit.
   * @defaultValue {@link LOGISTIC_DEFAULTS | LOGISTIC_DEFAULTS.l2}
   */
  readonly l2?: number;
  /**
   * Newton steps at most.
   * @defaultValue {@link LOGISTIC_DEFAULTS | LOGISTIC_DEFAULTS.maxIterations}
   */
  readonly maxIterations?: number;
  /**
   * Converged when a step changes the weights by less than this in total (sum of absolute changes).
   * @defaultValue {@link LOGISTIC_DEFAULTS | LOGISTIC_DEFAULTS.tolerance}
   */
  readonly tolerance?: number;
}

/**
 * The defaults of {@link logisticRegression} (the learned ranker's).
 *
 * @example
 * ```ts
 * LOGISTIC_DEFAULTS;
 * // => { l2: 1, maxIterations: 30, tolerance: 1e-9 }
 * ```
 */
export const LOGISTIC_DEFAULTS: Readonly<Required<LogisticOptions>> = Object.freeze({ l2: 1, maxIterations: 30, tolerance: 1e-9 });

/** A fitted logistic regression on standardised features: logit = w0 + sum_f w_f (x_f - mean_f) / scale_f. */
export interface LogisticModel {
  /** Each feature's mean over the rows fitted. */
  readonly mean: Float64Array;
  /** Each feature's standard deviation (population; 1 for a constant feature). */
  readonly scale: Float64Array;
  /** The intercept, then one weight per standardised feature. */
  readonly weights: Float64Array;
  /** Newton steps taken. */
  readonly iterations: number;
  /** Whether the last step was below the tolerance. */
  readonly converged: boolean;
}

/**
 * Solves A x = b by Gaussian elimination with partial pivoting (the row with the largest pivot
 * swapped up at each column). O(n^3). Neither input is changed.
 *
 * @param A - the n x n matrix, row-major
 * @param b - the right-hand side
 * @param n - the order
 * @returns x
 * @throws {@link RecommendError} `INVALID_ARGUMENT` when the sizes do not match or A is singular
 * @example
 * ```ts
 * solveLinear(Float64Array.of(0, 1, 2, 0), Float64Array.of(3, 4), 2);
 * // => Float64Array [2, 3]
 * ```
 */
export function solveLinear(A: Float64Array, b: Float64Array, n: number): Float64Array {
  if (!Number.isInteger(n) || n < 1 || A.length !== n * n || b.length !== n) throw new RecommendError('INVALID_ARGUMENT', 'A', `${A.length} values, b of ${b.length}, n = ${n}`, 'an n x n matrix and n values');
  const D = n;
  const M = A.slice();
  const v = b.slice();
  for (let c = 0; c < D; c++) {
    let piv = c;
    for (let r = c + 1; r < D; r++) if (Math.abs(M[r * D + c]!) > Math.abs(M[piv * D + c]!)) piv = r;
    if (!(Math.abs(M[piv * D + c]!) > 0)) throw new RecommendError('INVALID_ARGUMENT', 'A', `no pivot in column ${c}`, 'a non-singular matrix');
    for (let k = 0; k < D; k++) [M[c * D + k], M[piv * D + k]] = [M[piv * D + k]!, M[c * D + k]!];
    [v[c], v[piv]] = [v[piv]!, v[c]!];
    for (let r = c + 1; r < D; r++) {
      const m = M[r * D + c]! / M[c * D + c]!;
      for (let k = c; k < D; k++) M[r * D + k]! -= m * M[c * D + k]!;
      v[r]! -= m * v[c]!;
    }
  }
  const x = new Float64Array(D);
  for (let c = D - 1; c >= 0; c--) {
    let s = v[c]!;
    for (let k = c + 1; k < D; k++) s -= M[c * D + k]! * x[k]!;
    x[c] = s / M[c * D + c]!;
  }
  return x;
}

/**
 * The logit of a row under a fitted model: w0 + sum_f w_f (x_f - mean_f) / scale_f.
 *
 * @param model - the fitted model
 * @param x - one row of features
 * @returns the logit (the probability is 1 / (1 + e^-logit))
 * @example
 * ```ts
 * logit({ mean: Float64Array.of(1), scale: Float64Array.of(2), weights: Float64Array.of(0.5, 1), iterations: 0, converged: true }, Float64Array.of(3));
 * // => 1.5
 * ```
 */
export function logit(model: Pick<LogisticModel, 'mean' | 'scale' | 'weights'>, x: ArrayLike<number>): number {
  const { mean, scale, weights: w } = model;
  let s = w[0]!;
  for (let f = 0; f < x.length; f++) s += (w[f + 1]! * (x[f]! - mean[f]!)) / scale[f]!;
  return s;
}

/**
 * L2-regularised logistic regression by Newton's method on standardised features (each feature
 * centred and divided by its standard deviation; the intercept unpenalised): the weights w
 * minimising sum_r log(1 + e^(-s_r z_r.w)) + l2 / 2 |w without intercept|^2, s_r = +-1. Each step
 * solves the (features + 1)-square Newton system with {@link solveLinear}: O(rows x features^2) per
 * step, for the dozen features of a ranker a tiny dense system.
 *
 * @param X - one row of features per example (all the same length)
 * @param y - one label per row, 0 or 1
 * @param options - penalty, steps and tolerance ({@link LOGISTIC_DEFAULTS})
 * @returns the model, with the steps taken and whether it converged
 * @throws {@link RecommendError} `EMPTY_INPUT` for no row, `INVALID_ARGUMENT` for ragged rows or
 * labels, `INVALID_OPTION`
 * @example
 * ```ts
 * const m = logisticRegression([[0], [0], [0], [0], [1], [1], [1], [1]].map((r) => Float64Array.from(r)), Uint8Array.of(0, 0, 0, 1, 0, 1, 1, 1), { l2: 0 });
 * 1 / (1 + Math.exp(-logit(m, Float64Array.of(1))));
 * // => 0.75 (the share of 1s among the rows with x = 1: the unpenalised fit reproduces it)
 * ```
 */
export function logisticRegression(X: readonly Float64Array[], y: ArrayLike<number>, options: LogisticOptions = {}): LogisticModel {
  const l2 = optionValue(options.l2, LOGISTIC_DEFAULTS.l2, 'l2', CHECKS.nonNegative);
  const maxIterations = optionValue(options.maxIterations, LOGISTIC_DEFAULTS.maxIterations, 'maxIterations', CHECKS.positiveInteger);
  const tolerance = optionValue(options.tolerance, LOGISTIC_DEFAULTS.tolerance, 'tolerance', CHECKS.nonNegative);
  if (X.length === 0) throw new RecommendError('EMPTY_INPUT', 'X', 0, 'at least one row');
  const d = X[0]!.length;
  if (X.some((x) => !(x instanceof Float64Array) || x.length !== d)) throw new RecommendError('INVALID_ARGUMENT', 'X', `rows of ${d} and other lengths`, 'Float64Array rows of one length');
  if (y.length !== X.length) throw new RecommendError('INVALID_ARGUMENT', 'y', `${y.length} labels for ${X.length} rows`, 'one label per row');
  for (let r = 0; r < y.length; r++) if (y[r] !== 0 && y[r] !== 1) throw new RecommendError('INVALID_ARGUMENT', `y[${r}]`, y[r], '0 or 1');
  const D = d + 1;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (const x of X) for (let f = 0; f < d; f++) mean[f]! += x[f]! / X.length;
  for (const x of X) for (let f = 0; f < d; f++) scale[f]! += (x[f]! - mean[f]!) ** 2 / X.length;
  for (let f = 0; f < d; f++) scale[f] = Math.sqrt(scale[f]!) || 1;
  const w = new Float64Array(D);
  // the standardised rows, once (every Newton step reads them all)
  const Z = new Float64Array(X.length * D);
  for (let r = 0; r < X.length; r++) {
    const o = r * D;
    Z[o] = 1;
    for (let f = 0; f < d; f++) Z[o + f + 1] = (X[r]![f]! - mean[f]!) / scale[f]!;
  }
  let iterations = 0;
  let converged = false;
  for (let it = 0; it < maxIterations; it++) {
    const g = new Float64Array(D);
    const H = new Float64Array(D * D);
    for (let r = 0, o = 0; r < X.length; r++, o += D) {
      let s = 0;
      for (let f = 0; f < D; f++) s += w[f]! * Z[o + f]!;
      const p = 1 / (1 + Math.exp(-s));
      const e = p - y[r]!;
      const h = p * (1 - p);
      for (let a = 0; a < D; a++) {
        const za = Z[o + a]!;
        g[a]! += e * za;
        const hz = h * za;
        const row = a * D;
        for (let b = 0; b <= a; b++) H[row + b]! += hz * Z[o + b]!;
      }
    }
    for (let a = 1; a < D; a++) {
      g[a]! += l2 * w[a]!;
      H[a * D + a]! += l2;
    }
    for (let a = 0; a < D; a++) for (let b = 0; b < a; b++) H[b * D + a] = H[a * D + b]!;
    const delta = solveLinear(H, g, D);
    let step = 0;
    for (let a = 0; a < D; a++) {
      w[a]! -= delta[a]!;
      step += Math.abs(delta[a]!);
    }
    iterations = it + 1;
    if (step < tolerance) {
      converged = true;
      break;
    }
  }
  return { mean, scale, weights: w, iterations, converged };
}
