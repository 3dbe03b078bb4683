/**
 * Special functions the BTYD likelihoods need, written for doubles on (0, inf): log-gamma, digamma,
 * log-sum-exp. Accuracy near 1e-15 relative, checked against mpmath in `specialFunctions.test.ts`.
 */

const HALF_LOG_2PI = 0.9189385332046728;

/**
 * Natural log of the gamma function for x > 0: the recurrence lnG(x) = lnG(x + n) - ln(x (x+1) ...
 * (x+n-1)) lifts x to at least 10, then Stirling's series to the x^-9 term (truncation below 1e-15
 * relative). NaN for x <= 0 or NaN. O(1).
 *
 * @param x - the argument, > 0
 * @returns ln Gamma(x)
 * @example
 * ```ts
 * lnGamma(5).toFixed(12);
 * // => '3.178053830348'
 * ```
 */
export function lnGamma(x: number): number {
  if (!(x > 0)) return NaN;
  if (x === Infinity) return Infinity;
  let shift = 0;
  if (x < 10) {
    let product = 1;
    while (x < 10) {
      product *= x;
      x += 1;
    }
    shift = Math.log(product);
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188))));
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + series - shift;
}

/**
 * The digamma function psi(x) = d/dx ln Gamma(x) for x > 0: psi(x) = psi(x + n) - sum 1/(x + k)
 * lifts x to at least 10, then the asymptotic series to the x^-10 term. NaN for x <= 0. O(1).
 *
 * @param x - the argument, > 0
 * @returns psi(x)
 * @example
 * ```ts
 * digamma(1).toFixed(12);
 * // => '-0.577215664902'
 * ```
 */
export function digamma(x: number): number {
  if (!(x > 0)) return NaN;
  let shift = 0;
  while (x < 10) {
    shift += 1 / x;
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  const series = inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 / 132))));
  return Math.log(x) - 0.5 * inv - series - shift;
}

/**
 * ln(e^a + e^b) without overflow or underflow: max + log1p(e^(min - max)). -Infinity when both are
 * -Infinity. O(1).
 *
 * @param a - a log value
 * @param b - a log value
 * @returns ln(e^a + e^b)
 * @example
 * ```ts
 * logSumExp(1000, 1000).toFixed(6);
 * // => '1000.693147'
 * ```
 */
export function logSumExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/**
 * ln(e^a - e^b) for a >= b, accurate when the two are close (log(-expm1(b - a))). -Infinity when a
 * equals b, NaN when b > a. O(1).
 *
 * @param a - the larger log value
 * @param b - the smaller log value
 * @returns ln(e^a - e^b)
 * @example
 * ```ts
 * logDiffExp(Math.log(3), Math.log(1)).toFixed(12);
 * // => '0.693147180560'
 * ```
 */
export function logDiffExp(a: number, b: number): number {
  if (b === -Infinity) return a;
  if (b > a) return NaN;
  return a + Math.log(-Math.expm1(b - a));
}

/**
 * Gamma(x) for any real x that is not 0 or a negative integer, as [ln|Gamma(x)|, sign]: x > 0 from
 * {@link lnGamma}, x < 0 by the reflection Gamma(x) = pi / (sin(pi x) Gamma(1 - x)).
 *
 * @param x - the argument
 * @returns `[ln |Gamma(x)|, sign of Gamma(x)]`
 * @example
 * ```ts
 * signedLnGamma(-0.5).map((v) => v.toFixed(9));
 * // => ['1.265512123', '-1.000000000']
 * ```
 */
export function signedLnGamma(x: number): [number, number] {
  if (x > 0) return [lnGamma(x), 1];
  const s = Math.sin(Math.PI * x);
  if (s === 0 || !Number.isFinite(x)) return [NaN, NaN];
  return [Math.log(Math.PI / Math.abs(s)) - lnGamma(1 - x), s > 0 ? 1 : -1];
}
