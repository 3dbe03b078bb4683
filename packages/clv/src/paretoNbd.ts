import { checkCount, checkHorizon, fitByMaximumLikelihood, meanOf, readModelJSON, restoreReport } from './model.js';
import type { FitOptions, FitReport, ModelJSON, PurchaseModel } from './model.js';
import { checkSummary, prepareSummary } from './summary.js';
import type { PreparedSummary, PurchaseSummary } from './summary.js';
import { digamma, lnGamma, logDiffExp, logSumExp } from './specialFunctions.js';
import { logHyp2f1Unit, logUnitSeriesWithDerivatives, unitUsesSeries } from './hypergeometric.js';

/** Pareto/NBD parameters, under the names of Schmittlein, Morrison and Colombo (1987). */
export interface ParetoNbdParams {
  /** Shape of the Gamma distribution of purchase rates lambda. */
  readonly r: number;
  /** Scale (in time units) of the Gamma distribution of purchase rates. */
  readonly alpha: number;
  /** Shape of the Gamma distribution of dropout rates mu. */
  readonly s: number;
  /** Scale (in time units) of the Gamma distribution of dropout rates. */
  readonly beta: number;
}

/** A fitted Pareto/NBD model. */
export type ParetoNbdModel = PurchaseModel<ParetoNbdParams>;

const NAMES = ['r', 'alpha', 's', 'beta'] as const;

/**
 * The per-customer pieces: ln of the "alive through T" term and of the "died in (t_x, T]" term of
 * the likelihood bracket (Fader and Hardie 2005, "A note on deriving the Pareto/NBD model", eq. 22):
 * L = G(r+x) alpha^r beta^s / G(r) [ (alpha+T)^-(r+x) (beta+T)^-s + s/(r+s+x) A0 ],
 * A0 = 2F1(r+s+x, b; r+s+x+1; |alpha-beta|/(m+t_x)) / (m+t_x)^(r+s+x) - (same at T), m = max(alpha, beta),
 * b = s+1 when alpha >= beta, else r+x.
 */
function logTerms(p: ParetoNbdParams, x: number, tx: number, T: number): [number, number] {
  const { r, alpha, s, beta } = p;
  const alive = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  const a = r + s + x;
  const big = Math.max(alpha, beta);
  const gap = Math.abs(alpha - beta);
  const b = alpha >= beta ? s + 1 : r + x;
  // the series needs about 39 / (1 - z) terms where 2F1 takes it (z > 0.9, a (1 - z) > 0.5): past
  // SERIES_TERMS the integral is taken by quadrature instead
  const y1 = 1 - gap / (big + tx);
  const long = y1 < 0.1 && a * y1 > 0.5 && 39 / y1 > SERIES_TERMS;
  const l1 = long ? NaN : logHyp2f1Unit(a, b, gap / (big + tx), SERIES_TERMS) - a * Math.log(big + tx);
  const l2 = long ? NaN : logHyp2f1Unit(a, b, gap / (big + T), SERIES_TERMS) - a * Math.log(big + T);
  // l2 >= l1 only when t_x is within rounding of T: the integral is then below the last bit
  const logIntegral = Number.isNaN(l1) || Number.isNaN(l2) ? logIntegralByQuadrature(p, x, tx, T) + Math.log(a) : l1 > l2 ? logDiffExp(l1, l2) : -Infinity;
  const died = Math.log(s) - Math.log(a) + logIntegral;
  return [alive, died];
}

/** Series terms beyond which the integral is taken by quadrature instead (z near 1 with r + s + x large). */
const SERIES_TERMS = 4000;

/**
 * ln of integral_{t_x}^{T} (alpha+tau)^-(r+x) (beta+tau)^-(s+1) dtau by 20-point Gauss-Legendre panels in
 * u = ln(min(alpha, beta) + tau), where the integrand is smooth; each panel is at most 4 / |slope|
 * wide (the log-integrand changes by at most about 4 across it), and panels stop once the rest is
 * below 1e-17 of the sum. The fallback where the 2F1 series would be long.
 */
function logIntegralByQuadrature(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  if (T <= tx) return -Infinity;
  const low = Math.min(alpha, beta);
  const da = alpha - low;
  const db = beta - low;
  const logF = (u: number) => {
    const e = Math.exp(u);
    return u - (r + x) * Math.log(da + e) - (s + 1) * Math.log(db + e);
  };
  const slope = (u: number) => {
    const e = Math.exp(u);
    return 1 - ((r + x) * e) / (da + e) - ((s + 1) * e) / (db + e);
  };
  const end = Math.log(low + T);
  let u = Math.log(low + tx);
  const ref = logF(u);
  let sum = 0;
  for (let panel = 0; panel < 100_000 && u < end; panel++) {
    const d = slope(u);
    const width = Math.min(end - u, 1, 4 / Math.max(1e-300, Math.abs(d)));
    const mid = u + width / 2;
    let part = 0;
    for (let j = 0; j < GL.nodes.length; j++) part += GL.weights[j]! * Math.exp(logF(mid + (width / 2) * GL.nodes[j]!) - ref);
    part *= width / 2;
    sum += part;
    u += width;
    // past the peak (slope < 0 from here on) the rest is below part * 4 / |slope| per unit... stop when negligible
    if (d < 0 && slope(u) < 0 && part < 1e-17 * sum) break;
  }
  return ref + Math.log(sum);
}

/** Scratch for {@link rowWithGradient}: d ln U / d(p, q, z) of one series. */
const dU = new Float64Array(3);
/** d l / d(r, alpha, s, beta) of one end of the integral. */
const dl1 = new Float64Array(4);

/**
 * l = (1 - b) ln(1 - z) + ln U(p, q, z) - a ln(m + t), one end of the integral (see {@link logTerms}),
 * with its gradient in (r, alpha, s, beta) written to `dl`; NaN where Euler's series does not apply
 * (the caller then differentiates numerically).
 */
function endWithGradient(p: ParetoNbdParams, x: number, t: number, dl: Float64Array): number {
  const { r, alpha, s, beta } = p;
  const a = r + s + x;
  const aGe = alpha >= beta;
  const big = aGe ? alpha : beta;
  const small = aGe ? beta : alpha;
  const b = aGe ? s + 1 : r + x;
  const z = (big - small) / (big + t);
  if (!unitUsesSeries(a, z)) return NaN;
  const lnU = logUnitSeriesWithDerivatives(a + 1 - b, a + 1, z, SERIES_TERMS, dU);
  if (Number.isNaN(lnU)) return NaN;
  const y = 1 - z;
  const lnY = Math.log1p(-z);
  const lnM = Math.log(big + t);
  const [Up, Uq, Uz] = dU as unknown as [number, number, number];
  // dz / d(big) = (small + t) / (big + t)^2, dz / d(small) = -1 / (big + t)
  const zz = Uz + (b - 1) / y;
  const dzBig = ((small + t) / ((big + t) * (big + t))) * zz;
  const dzSmall = (-1 / (big + t)) * zz;
  // a = r + s + x and q = a + 1 move with r and s; p = a + 1 - b is r + x (alpha >= beta) or s + 1
  const common = Uq - lnM;
  if (aGe) {
    dl[0] = common + Up;
    dl[2] = common - lnY;
    dl[1] = dzBig - a / (big + t);
    dl[3] = dzSmall;
  } else {
    dl[0] = common - lnY;
    dl[2] = common + Up;
    dl[3] = dzBig - a / (big + t);
    dl[1] = dzSmall;
  }
  return (1 - b) * lnY + lnU - a * lnM;
}

/** Per-customer log-likelihood row by central differences of {@link logTerms} (the rare regions). */
function rowNumerically(p: ParetoNbdParams, x: number, tx: number, T: number, g: Float64Array): number {
  const row = (q: ParetoNbdParams) => {
    const [alive, died] = logTerms(q, x, tx, T);
    return logSumExp(alive, died);
  };
  const base = [p.r, p.alpha, p.s, p.beta];
  for (let k = 0; k < 4; k++) {
    const h = 1e-6 * base[k]!;
    const up = base.slice();
    const down = base.slice();
    up[k] = base[k]! + h;
    down[k] = base[k]! - h;
    const at = (v: number[]) => ({ r: v[0]!, alpha: v[1]!, s: v[2]!, beta: v[3]! });
    g[k] = (row(at(up)) - row(at(down))) / (2 * h);
  }
  return row(p);
}

/**
 * The distinct ends (x, t) of the likelihood's integrals: each row (x, t_x, T) needs l(x, t_x) and
 * l(x, T), and rows share them (a summary in days has at most 366 values of t per x), so each end is
 * evaluated once per likelihood evaluation instead of once per row.
 */
interface Ends {
  readonly count: number;
  readonly x: Int32Array;
  readonly t: Float64Array;
  /** The end (x, t_x) of each row. */
  readonly lower: Uint32Array;
  /** The end (x, T) of each row. */
  readonly upper: Uint32Array;
  /** l of each end, and its gradient (4 per end), filled per evaluation. */
  readonly l: Float64Array;
  readonly dl: Float64Array;
}

function endsOf(data: PreparedSummary): Ends {
  const ids = new Map<number, number>();
  const byText = new Map<string, number>();
  const xs: number[] = [];
  const ts: number[] = [];
  let span = 0;
  let whole = true;
  for (let i = 0; i < data.rows; i++) {
    span = Math.max(span, data.T[i]! + 1);
    if (!Number.isInteger(data.tx[i]!) || !Number.isInteger(data.T[i]!)) whole = false;
  }
  whole = whole && (data.maxX + 1) * span < 2 ** 52;
  const id = (x: number, t: number): number => {
    const known = whole ? ids.get(x * span + t) : byText.get(`${x} ${t}`);
    if (known !== undefined) return known;
    const next = xs.length;
    xs.push(x);
    ts.push(t);
    if (whole) ids.set(x * span + t, next);
    else byText.set(`${x} ${t}`, next);
    return next;
  };
  const lower = new Uint32Array(data.rows);
  const upper = new Uint32Array(data.rows);
  for (let i = 0; i < data.rows; i++) {
    lower[i] = id(data.x[i]!, data.tx[i]!);
    upper[i] = id(data.x[i]!, data.T[i]!);
  }
  const count = xs.length;
  return { count, x: Int32Array.from(xs), t: Float64Array.from(ts), lower, upper, l: new Float64Array(count), dl: new Float64Array(4 * count) };
}

const rowGradient = new Float64Array(4);

/**
 * ln[(alpha+T)^-(r+x) (beta+T)^-s + s/(r+s+x) A0] of row i and its gradient in (r, alpha, s, beta)
 * (written to `g`), from the ends' l and dl: analytic, through the term-by-term derivatives of the
 * 2F1 series, except where the connection formula or quadrature evaluates the integral (central
 * differences of that row).
 */
function rowWithGradient(p: ParetoNbdParams, data: PreparedSummary, ends: Ends, i: number, g: Float64Array): number {
  const { r, alpha, s, beta } = p;
  const x = data.x[i]!;
  const tx = data.tx[i]!;
  const T = data.T[i]!;
  const lnAT = Math.log(alpha + T);
  const lnBT = Math.log(beta + T);
  const alive = -(r + x) * lnAT - s * lnBT;
  const e1 = ends.lower[i]!;
  const e2 = ends.upper[i]!;
  const l1 = ends.l[e1]!;
  const l2 = ends.l[e2]!;
  if (tx < T && (Number.isNaN(l1) || Number.isNaN(l2))) return rowNumerically(p, x, tx, T, g);
  if (!(tx < T && l1 > l2)) {
    // t_x = T, or within rounding of it: dying in (t_x, T] adds nothing, only the alive term remains
    g[0] = -lnAT;
    g[1] = -(r + x) / (alpha + T);
    g[2] = -lnBT;
    g[3] = -s / (beta + T);
    return alive;
  }
  const a = r + s + x;
  const died = Math.log(s) - Math.log(a) + logDiffExp(l1, l2);
  const total = logSumExp(alive, died);
  const wAlive = Math.exp(alive - total);
  const wDied = 1 - wAlive;
  // d ln(e^l1 - e^l2) = (dl1 - w dl2) / (1 - w), w = e^(l2 - l1)
  const w = Math.exp(l2 - l1);
  const inv = 1 / -Math.expm1(l2 - l1);
  const dl = ends.dl;
  const o1 = 4 * e1;
  const o2 = 4 * e2;
  const d0 = (dl[o1]! - w * dl[o2]!) * inv - 1 / a;
  const d1 = (dl[o1 + 1]! - w * dl[o2 + 1]!) * inv;
  const d2 = (dl[o1 + 2]! - w * dl[o2 + 2]!) * inv - 1 / a + 1 / s;
  const d3 = (dl[o1 + 3]! - w * dl[o2 + 3]!) * inv;
  g[0] = -wAlive * lnAT + wDied * d0;
  g[1] = wAlive * (-(r + x) / (alpha + T)) + wDied * d1;
  g[2] = -wAlive * lnBT + wDied * d2;
  g[3] = wAlive * (-s / (beta + T)) + wDied * d3;
  return total;
}

function totalLogLikelihood(data: PreparedSummary, params: Float64Array, gradient: Float64Array | null, ends: Ends | null = null): number {
  const p: ParetoNbdParams = { r: params[0]!, alpha: params[1]!, s: params[2]!, beta: params[3]! };
  const constant = p.r * Math.log(p.alpha) + p.s * Math.log(p.beta) - lnGamma(p.r);
  let total = 0;
  for (let x = 0; x <= data.maxX; x++) if (data.countByX[x]! > 0) total += data.countByX[x]! * (lnGamma(p.r + x) + constant);
  if (!gradient) {
    for (let i = 0; i < data.rows; i++) {
      const [alive, died] = logTerms(p, data.x[i]!, data.tx[i]!, data.T[i]!);
      total += data.weight[i]! * logSumExp(alive, died);
    }
    return total;
  }
  const e = ends ?? endsOf(data);
  for (let k = 0; k < e.count; k++) {
    e.l[k] = endWithGradient(p, e.x[k]!, e.t[k]!, dl1);
    e.dl.set(dl1, 4 * k);
  }
  // the constant: sum_x n_x [psi(r + x) - psi(r) + ln alpha], n r / alpha, n ln beta, n s / beta
  const n = data.customers;
  let gr = n * (Math.log(p.alpha) - digamma(p.r));
  for (let x = 0; x <= data.maxX; x++) if (data.countByX[x]! > 0) gr += data.countByX[x]! * digamma(p.r + x);
  let ga = (n * p.r) / p.alpha;
  let gs = n * Math.log(p.beta);
  let gb = (n * p.s) / p.beta;
  for (let i = 0; i < data.rows; i++) {
    const wi = data.weight[i]!;
    total += wi * rowWithGradient(p, data, e, i, rowGradient);
    gr += wi * rowGradient[0]!;
    ga += wi * rowGradient[1]!;
    gs += wi * rowGradient[2]!;
    gb += wi * rowGradient[3]!;
  }
  gradient[0] = gr;
  gradient[1] = ga;
  gradient[2] = gs;
  gradient[3] = gb;
  return total;
}

/**
 * Total Pareto/NBD log-likelihood of a summary at given parameters (see {@link fitParetoNbd}).
 * O(n log n + n x series length).
 *
 * @param summary - `{ frequency, recency, T }`
 * @param params - `{ r, alpha, s, beta }`
 * @returns the total log-likelihood
 * @throws {@link ClvError} on an invalid summary (see {@link fitParetoNbd})
 * @example
 * ```ts
 * paretoNbdLogLikelihood(cdnow, { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }).toFixed(1);
 * // => '-9595.0' (the CDNOW cohort, cdnow-summary.csv)
 * ```
 */
export function paretoNbdLogLikelihood(summary: PurchaseSummary, params: ParetoNbdParams): number {
  return totalLogLikelihood(prepareSummary(summary), Float64Array.of(params.r, params.alpha, params.s, params.beta), null);
}

/**
 * Fits the Pareto/NBD model (Schmittlein, Morrison and Colombo 1987) by maximum likelihood.
 * Purchases while alive are Poisson(lambda), lambda ~ Gamma(r, alpha); lifetimes are exponential(mu),
 * mu ~ Gamma(s, beta). The likelihood uses the closed form of Fader and Hardie (2005) with the Gauss
 * hypergeometric function evaluated stably in every region ({@link logHyp2f1Unit}), in log space
 * (log-sum-exp, log-difference). BFGS on the log parameters with an analytic gradient: the 2F1
 * series is differentiated in its parameters and argument term by term in the same loop (the
 * parameter derivatives of 2F1 have no closed form, but those of each term do); where the
 * connection formula or quadrature takes over (z near 1), that customer's row is differenced
 * numerically. Each distinct (x, t) end of the integral is evaluated once per iteration, however many
 * customers share it. Standard errors from the Hessian. Reproduces r 0.553, alpha 10.578, s 0.606,
 * beta 11.669, LL -9,595.0 on the CDNOW cohort.
 * O(iterations x (distinct rows + distinct ends x series length)).
 *
 * @param summary - `{ frequency, recency, T }` in one time unit (arrays or typed arrays)
 * @param options - `maxIterations`, `tolerance`, `l2`, `start`
 * @returns the fitted model: `params`, `logLikelihood`, `report`, predictions, `toJSON()`
 * @throws {@link ClvError} `EMPTY_INPUT`, `LENGTH_MISMATCH`, `NON_FINITE`, `INVALID_FREQUENCY`,
 *   `INVALID_AGE`, `INVALID_RECENCY`, `INVALID_OPTION`, `FIT_FAILED`
 * @example
 * ```ts
 * const model = fitParetoNbd(split); // the cohort rebuilt from cdnow-sample.csv (exact weeks)
 * Object.values(model.params).map((v) => v.toFixed(3)); model.logLikelihood.toFixed(1);
 * // => ['0.553', '10.578', '0.606', '11.669'] '-9595.0' (11.668 on the 2-decimal cdnow-summary.csv)
 * ```
 */
export function fitParetoNbd(summary: PurchaseSummary, options: FitOptions = {}): ParetoNbdModel {
  const data = prepareSummary(summary);
  const meanT = meanOf(data.T.map((t, i) => t * data.weight[i]!)) * (data.rows / data.customers);
  const ends = endsOf(data);
  const fit = fitByMaximumLikelihood(
    {
      names: NAMES,
      start: [1, meanT, 1, meanT],
      customers: data.customers,
      distinctRows: data.rows,
      logLikelihood: (p, g) => totalLogLikelihood(data, p, g, ends),
    },
    options,
  );
  return makeParetoNbd(fit.params as unknown as ParetoNbdParams, fit.logLikelihood, fit.report);
}

/** (1 - e^(-e L)) / e, tending to L as e -> 0 (the s = 1 case of the expectations). */
function powerIntegral(e: number, L: number): number {
  return Math.abs(e) < 1e-12 ? L : -Math.expm1(-e * L) / e;
}

/** 20-point Gauss-Legendre nodes and weights on [-1, 1]. */
const GL = (() => {
  const n = 20;
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = 0;
      for (let j = 1; j <= n; j++) {
        const p2 = p1;
        p1 = p0;
        p0 = ((2 * j - 1) * z * p1 - (j - 1) * p2) / j;
      }
      dp = (n * (z * p0 - p1)) / (z * z - 1);
      const dz = p0 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    nodes[i] = z;
    weights[i] = 2 / ((1 - z * z) * dp * dp);
  }
  return { nodes, weights };
})();

function makeParetoNbd(params: ParetoNbdParams, logLikelihood: number, report: FitReport): ParetoNbdModel {
  const p = Object.freeze({ r: params.r, alpha: params.alpha, s: params.s, beta: params.beta });
  const logConstant = lnGamma(p.r);
  const logNbd = (n: number, tau: number) =>
    lnGamma(p.r + n) - logConstant - lnGamma(n + 1) + p.r * (Math.log(p.alpha) - Math.log(p.alpha + tau)) + (n === 0 ? 0 : n * (Math.log(tau) - Math.log(p.alpha + tau)));
  const aliveOf = (x: number, tx: number, T: number) => {
    const [alive, died] = logTerms(p, x, tx, T);
    return Math.exp(alive - logSumExp(alive, died));
  };
  return Object.freeze({
    kind: 'pareto-nbd',
    params: p,
    logLikelihood,
    report,
    /** E[X(t)] = r beta / (alpha (s - 1)) [1 - (beta / (beta + t))^(s-1)]. */
    expectedPurchases(t: number): number {
      checkHorizon(t);
      return (p.r / p.alpha) * p.beta * powerIntegral(p.s - 1, Math.log(p.beta + t) - Math.log(p.beta));
    },
    /** E[Y(t) | x, t_x, T] = (r+x)(beta+T) / ((alpha+T)(s-1)) [1 - ((beta+T)/(beta+T+t))^(s-1)] P(alive). */
    conditionalExpectedPurchases(t: number, summary: PurchaseSummary): Float64Array {
      checkHorizon(t);
      const { x, tx, T } = checkSummary(summary);
      const out = new Float64Array(x.length);
      for (let i = 0; i < x.length; i++) {
        const Ti = T[i]!;
        const rate = ((p.r + x[i]!) / (p.alpha + Ti)) * (p.beta + Ti);
        out[i] = rate * powerIntegral(p.s - 1, Math.log(p.beta + Ti + t) - Math.log(p.beta + Ti)) * aliveOf(x[i]!, tx[i]!, Ti);
      }
      return out;
    },
    probabilityAlive(summary: PurchaseSummary): Float64Array {
      const { x, tx, T } = checkSummary(summary);
      const out = new Float64Array(x.length);
      for (let i = 0; i < x.length; i++) out[i] = aliveOf(x[i]!, tx[i]!, T[i]!);
      return out;
    },
    /**
     * P(X(t) = n) = NBD(n; t) (beta/(beta+t))^s + integral_0^t f(tau) NBD(n; tau) dtau, with f the
     * Pareto (II) density of the lifetime, by 20-point Gauss-Legendre on geometrically shrinking
     * panels towards 0 (the integrand varies on the scales of alpha and beta).
     */
    probabilityOfPurchases(n: number, t: number): number {
      checkCount(n);
      checkHorizon(t);
      if (t === 0) return n === 0 ? 1 : 0;
      let total = Math.exp(logNbd(n, t) + p.s * (Math.log(p.beta) - Math.log(p.beta + t)));
      const smallest = Math.min(p.alpha, p.beta, t) * 1e-3;
      const panels = Math.min(60, Math.max(1, Math.ceil(Math.log2(t / smallest))));
      let hi = t;
      for (let k = 0; k < panels; k++) {
        const lo = k === panels - 1 ? 0 : hi / 2;
        const mid = 0.5 * (lo + hi);
        const half = 0.5 * (hi - lo);
        for (let j = 0; j < GL.nodes.length; j++) {
          const tau = mid + half * GL.nodes[j]!;
          const logDensity = Math.log(p.s / p.beta) + (p.s + 1) * (Math.log(p.beta) - Math.log(p.beta + tau));
          total += half * GL.weights[j]! * Math.exp(logDensity + logNbd(n, tau));
        }
        hi = lo;
      }
      return total;
    },
    toJSON: (): ModelJSON => ({ kind: 'pareto-nbd', version: 1, params: { ...p }, logLikelihood, report }),
  });
}

/**
 * Restores a Pareto/NBD model from its `toJSON()` form.
 *
 * @param json - what `model.toJSON()` returned (or its JSON text parsed)
 * @returns the model, with the same predictions
 * @throws {@link ClvError} `INVALID_MODEL`
 * @example
 * ```ts
 * paretoNbdFromJSON(JSON.parse(JSON.stringify(model))).params.s === model.params.s;
 * // => true
 * ```
 */
export function paretoNbdFromJSON(json: unknown): ParetoNbdModel {
  const j = readModelJSON(json, 'pareto-nbd', NAMES);
  return makeParetoNbd(j.params as unknown as ParetoNbdParams, j.logLikelihood, restoreReport(j.report));
}

/**
 * The total log-likelihood and its analytic gradient in (r, alpha, s, beta), as the fit uses them
 * (for tests that check the gradient against differences). @internal
 */
export function paretoNbdLogLikelihoodGradient(summary: PurchaseSummary, params: ParetoNbdParams): { value: number; gradient: Float64Array } {
  const gradient = new Float64Array(4);
  const value = totalLogLikelihood(prepareSummary(summary), Float64Array.of(params.r, params.alpha, params.s, params.beta), gradient);
  return { value, gradient };
}
