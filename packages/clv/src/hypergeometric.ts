/**
 * The Gauss hypergeometric function 2F1 where the BTYD models need it, in log space (its values
 * overflow a double for customers with hundreds of purchases).
 *
 * - {@link logHyp2f1Unit}: 2F1(a, b; a + 1; z), the Pareto/NBD likelihood's integral, stable on the
 *   whole of 0 <= z < 1 for every a > 0, 0 < b < a + 1 (both of the likelihood's cases).
 * - {@link logHyp2f1}: 2F1(a, b; c; z) for c > 0, 0 <= z < 1, used by the BG/NBD expectations.
 *
 * Both are checked against mpmath (50 digits) on a grid covering small and large a, b near and at
 * whole numbers, and z up to 1 - 1e-9 (`hypergeometric.test.ts`).
 */
import { signedLnGamma, lnGamma } from './specialFunctions.js';

/** Relative size of the last term at which a series stops. */
const EPS = 1e-17;
/** Interpolation nodes (in steps of {@link NODE_STEP}) around a whole-number b. */
const NODES = [-2, -1, 1, 2] as const;
/** Spacing of the interpolation nodes: cancellation ~ 1e-16 / step, interpolation ~ step^4 ln(1/y)^4. */
const NODE_STEP = 1e-4;
/** Most terms any series sums before giving up (NaN). */
const MAX_TERMS = 10_000_000;

/**
 * ln 2F1(a, b; a + 1; z), the closed form of the Pareto/NBD integral
 * a * integral_0^1 t^(a-1) (1 - z t)^(-b) dt.
 *
 * Method, by region (y = 1 - z):
 * - z <= 0.9, or a * y > 0.5: Euler's transformation 2F1(a, b; a+1; z) = y^(1-b) 2F1(1, a+1-b; a+1; z),
 *   whose series has positive terms with ratio below z, so it never overflows or cancels; at most
 *   about 37 / y terms.
 * - z > 0.9 and a * y <= 0.5: the connection formula at 1 - z,
 *   2F1(1, a+1-b; a+1; z) = a/(b-1) 2F1(1, a+1-b; 2-b; y) + Gamma(a+1) Gamma(1-b) / Gamma(a+1-b) y^(b-1) z^(-a),
 *   which converges in a few terms there. Where b is within 1e-5 of a whole number the two terms have
 *   poles that cancel; ln 2F1 is then interpolated (cubic) through b = m +- 1e-4, m +- 2e-4 (error
 *   below 1e-9 relative even at y = 1e-9).
 *
 * @param a - > 0 (r + s + x in the Pareto/NBD)
 * @param b - in (0, a + 1) (s + 1 or r + x)
 * @param z - in [0, 1)
 * @param maxTerms - most series terms (about 37 / (1 - z) are needed); NaN beyond
 * @returns ln 2F1(a, b; a + 1; z); NaN outside the domain or when the series needs more terms
 * @example
 * ```ts
 * logHyp2f1Unit(2, 1.5, 0.5).toFixed(12);
 * // => '0.663267957921'
 * ```
 */
export function logHyp2f1Unit(a: number, b: number, z: number, maxTerms = MAX_TERMS): number {
  if (!(a > 0) || !(b > 0) || !(b < a + 1) || !(z >= 0) || !(z < 1)) return NaN;
  if (z === 0) return 0;
  const y = 1 - z;
  const logY = Math.log1p(-z);
  if (unitUsesSeries(a, z)) return (1 - b) * logY + Math.log(unitSeries(a, b, z, maxTerms));
  const nearest = Math.round(b);
  if (nearest >= 1 && Math.abs(b - nearest) < 2 * NODE_STEP) {
    // cubic Lagrange interpolation of ln F through b = m -2d, -d, +d, +2d (poles cancel at m itself)
    const u = (b - nearest) / NODE_STEP;
    let value = 0;
    for (const k of NODES) {
      let weight = 1;
      for (const j of NODES) if (j !== k) weight *= (u - j) / (k - j);
      const bk = nearest + k * NODE_STEP;
      value += weight * ((1 - bk) * logY + Math.log(connectionS(a, bk, z, y)));
    }
    return value;
  }
  return (1 - b) * logY + Math.log(connectionS(a, b, z, y));
}

/** 2F1(1, a+1-b; a+1; z) by its series (positive terms, ratio < z). */
function unitSeries(a: number, b: number, z: number, maxTerms: number): number {
  const p = a + 1 - b;
  const q = a + 1;
  let term = 1;
  let sum = 1;
  for (let j = 0; j < maxTerms; j++) {
    const ratio = ((p + j) / (q + j)) * z;
    term *= ratio;
    sum += term;
    // the ratios increase towards z, so the tail is at most term * z / (1 - z)
    if (term * z < EPS * sum * (1 - z)) return sum;
  }
  return NaN;
}

/**
 * ln 2F1(1, p; q; z) by its series with its derivatives in p, q and z summed term by term in the
 * same loop (d c_j / dp = c_j sum_{i<j} 1/(p+i), d c_j / dq = -c_j sum_{i<j} 1/(q+i),
 * d c_j / dz = j c_j / z), for the Pareto/NBD likelihood's analytic gradient where
 * {@link logHyp2f1Unit} uses Euler's series (z <= 0.9 or a (1 - z) > 0.5). Writes d ln F / dp,
 * d ln F / dq, d ln F / dz into `out`. The series stops once the tails of the value and of its
 * z-derivative (the slowest, j c_j) are both below 1e-17 relative. NaN past `maxTerms`.
 * @internal
 */
export function logUnitSeriesWithDerivatives(p: number, q: number, z: number, maxTerms: number, out: Float64Array): number {
  let term = 1;
  let sum = 1;
  let hp = 0;
  let hq = 0;
  let sp = 0;
  let sq = 0;
  let sz = 0;
  const y = 1 - z;
  for (let j = 0; j < maxTerms; j++) {
    hp += 1 / (p + j);
    hq += 1 / (q + j);
    // c_{j+1} / z, then c_{j+1}
    const over = term * ((p + j) / (q + j));
    term = over * z;
    sum += term;
    sp += term * hp;
    sq += term * hq;
    sz += (j + 1) * over;
    if (term * z * (j + 2) < EPS * sum * y * y || term === 0) {
      out[0] = sp / sum;
      out[1] = -sq / sum;
      out[2] = sz / sum;
      return Math.log(sum);
    }
  }
  return NaN;
}

/** Whether {@link logHyp2f1Unit} sums Euler's series at (a, z) (else the connection formula). @internal */
export function unitUsesSeries(a: number, z: number): boolean {
  return z <= 0.9 || a * (1 - z) > 0.5;
}

/** 2F1(1, a+1-b; a+1; z) near z = 1 by the connection formula (b not a whole number). */
function connectionS(a: number, b: number, z: number, y: number): number {
  // first term: a/(b-1) * sum_j (a+1-b)_j / (2-b)_j y^j
  let term = 1;
  let sum = 1;
  for (let j = 0; j < 10_000; j++) {
    term *= ((a + 1 - b + j) / (2 - b + j)) * y;
    sum += term;
    if (Math.abs(term) < EPS * Math.abs(sum) && j > 2 - b) break;
  }
  const first = (a / (b - 1)) * sum;
  const [lg1, s1] = signedLnGamma(1 - b);
  const [lg2, s2] = signedLnGamma(a + 1 - b);
  const second = s1 * s2 * Math.exp(lnGamma(a + 1) + lg1 - lg2 + (b - 1) * Math.log(y) - a * Math.log(z));
  return first + second;
}

/**
 * ln 2F1(a, b; c; z) for c > 0 and 0 <= z < 1 where the function is positive (every use in the BG/NBD
 * expectations). Sums whichever of the Gauss series and Euler's transformation
 * (1 - z)^(c-a-b) 2F1(c-a, c-b; c; z) has the smaller leading ratio, rescaling the running sum so
 * that large values (a customer with 500 purchases) never overflow. Costs about 37 / (1 - z) terms
 * at worst; exact to about 1e-14 relative.
 *
 * @param a - first numerator parameter
 * @param b - second numerator parameter
 * @param c - denominator parameter, > 0
 * @param z - in [0, 1)
 * @returns ln 2F1(a, b; c; z); NaN outside the domain or where the function is not positive
 * @example
 * ```ts
 * logHyp2f1(1, 1, 2, 0.5).toFixed(12); // -ln(1 - z) / z
 * // => '0.326634259978'
 * ```
 */
export function logHyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(c > 0) || !(z >= 0) || !(z < 1) || !Number.isFinite(a) || !Number.isFinite(b)) return NaN;
  if (z === 0) return 0;
  const ea = c - a;
  const eb = c - b;
  if (Math.abs(ea * eb) < Math.abs(a * b)) return (c - a - b) * Math.log1p(-z) + logSeries(ea, eb, c, z);
  return logSeries(a, b, c, z);
}

/** ln of the Gauss series, summed with rescaling. */
function logSeries(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  let logScale = 0;
  for (let j = 0; j < MAX_TERMS; j++) {
    const ratio = (((a + j) * (b + j)) / ((c + j) * (j + 1))) * z;
    term *= ratio;
    sum += term;
    if (term === 0) break;
    const abs = Math.abs(sum);
    if (abs > 1e250) {
      term /= abs;
      sum /= abs;
      logScale += Math.log(abs);
    }
    // the ratios tend to z and cross 1 at most once (their numerator minus denominator is linear in
    // j), so once below 1 the tail is below |term| q / (1 - q) with q the larger of |ratio| and z
    const q = Math.max(Math.abs(ratio), z);
    if (q < 1 && Math.abs(term) * q < EPS * Math.abs(sum) * (1 - q)) break;
    if (j === MAX_TERMS - 1) return NaN;
  }
  return sum > 0 ? logScale + Math.log(sum) : NaN;
}

