/**
 * The likelihood and predictions shared by BG/NBD (Fader, Hardie and Lee 2005) and the modified
 * BG/NBD (Batislam, Denizel and Filiztekin 2007). They differ by one thing: in BG/NBD a customer can
 * drop out after each repeat purchase; in the modified model also right after the first purchase
 * (time 0). `k` is 0 for BG/NBD and 1 for the modified model: a customer with x repeat purchases has
 * passed x + k dropout chances.
 *
 * Purchases while alive are Poisson(lambda), lambda ~ Gamma(r, alpha); dropout chances succeed with
 * probability p ~ Beta(a, b).
 *
 * @internal
 */
import { checkSummary, type PreparedSummary, type PurchaseSummary } from './summary.js';
import { digamma, lnGamma, logSumExp } from './specialFunctions.js';
import { logHyp2f1 } from './hypergeometric.js';

/** BG/NBD-family parameters. */
export interface BetaGeometricParams {
  /** Shape of the Gamma distribution of purchase rates. */
  readonly r: number;
  /** Scale (in time units) of the Gamma distribution of purchase rates. */
  readonly alpha: number;
  /** First shape of the Beta distribution of dropout probabilities. */
  readonly a: number;
  /** Second shape of the Beta distribution of dropout probabilities. */
  readonly b: number;
}

/**
 * Total log-likelihood, and its gradient in (r, alpha, a, b) when `gradient` is given:
 * LL_i = ln G(r+x) - ln G(r) + r ln alpha + ln B(a, b+x+k) - ln B(a, b)
 *        + ln[ (alpha+T)^-(r+x) + [x+k>0] a/(b+x+k-1) (alpha+t_x)^-(r+x) ].
 * The terms that depend on x alone are computed once per distinct x. O(rows + max x).
 */
export function familyLogLikelihood(k: 0 | 1, data: PreparedSummary, params: Float64Array, gradient: Float64Array | null): number {
  const r = params[0]!;
  const alpha = params[1]!;
  const a = params[2]!;
  const b = params[3]!;
  const { maxX, countByX } = data;
  const logConst = new Float64Array(maxX + 1);
  const logRatio = new Float64Array(maxX + 1);
  const baseR = lnGamma(r);
  const baseAB = lnGamma(a + b) - lnGamma(b);
  const logAlpha = Math.log(alpha);
  const logA = Math.log(a);
  let total = 0;
  let gr = 0;
  let galpha = 0;
  let ga = 0;
  let gb = 0;
  const psiR = gradient ? digamma(r) : 0;
  const psiAB = gradient ? digamma(a + b) : 0;
  const psiB = gradient ? digamma(b) : 0;
  for (let x = 0; x <= maxX; x++) {
    const c = countByX[x]!;
    if (c === 0) continue;
    logConst[x] = lnGamma(r + x) - baseR + r * logAlpha + baseAB + lnGamma(b + x + k) - lnGamma(a + b + x + k);
    logRatio[x] = x + k > 0 ? logA - Math.log(b + x + k - 1) : -Infinity;
    total += c * logConst[x]!;
    if (gradient) {
      gr += c * (digamma(r + x) - psiR + logAlpha);
      galpha += (c * r) / alpha;
      const psiABX = digamma(a + b + x + k);
      ga += c * (psiAB - psiABX);
      gb += c * (psiAB + digamma(b + x + k) - psiB - psiABX);
    }
  }
  const { x: xs, tx, T, weight, rows } = data;
  for (let i = 0; i < rows; i++) {
    const x = xs[i]!;
    const w = weight[i]!;
    const rx = r + x;
    const lT = Math.log(alpha + T[i]!);
    const a3 = -rx * lT;
    if (x + k === 0) {
      total += w * a3;
      if (gradient) {
        gr -= w * lT;
        galpha -= (w * rx) / (alpha + T[i]!);
      }
      continue;
    }
    const lt = Math.log(alpha + tx[i]!);
    const a4 = logRatio[x]! - rx * lt;
    const ll = logSumExp(a3, a4);
    total += w * ll;
    if (gradient) {
      const share = Math.exp(a4 - ll);
      gr -= w * ((1 - share) * lT + share * lt);
      galpha -= w * rx * ((1 - share) / (alpha + T[i]!) + share / (alpha + tx[i]!));
      ga += (w * share) / a;
      gb -= (w * share) / (b + x + k - 1);
    }
  }
  if (gradient) {
    gradient[0] = gr;
    gradient[1] = galpha;
    gradient[2] = ga;
    gradient[3] = gb;
  }
  return total;
}

/** ln of the odds that a customer dropped out (against alive) given (x, t_x, T). */
function logDeadOdds(k: 0 | 1, p: BetaGeometricParams, x: number, tx: number, T: number): number {
  if (x + k === 0) return -Infinity;
  return Math.log(p.a) - Math.log(p.b + x + k - 1) + (p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx));
}

/** P(alive | x, t_x, T) = 1 / (1 + [x+k>0] a/(b+x+k-1) ((alpha+T)/(alpha+t_x))^(r+x)). O(n). */
export function familyProbabilityAlive(k: 0 | 1, p: BetaGeometricParams, summary: PurchaseSummary): Float64Array {
  const { x, tx, T } = checkSummary(summary);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.exp(-logSumExp(0, logDeadOdds(k, p, x[i]!, tx[i]!, T[i]!)));
  return out;
}

/**
 * (c/(a-1)) [1 - (A/(A+t))^R 2F1(R, B; C; t/(A+t))], the form of every expectation of the family,
 * with 1 - e^L taken as -expm1(L) so that small horizons keep their digits.
 */
function expectationTerm(c: number, a: number, R: number, A: number, B: number, C: number, t: number): number {
  if (t === 0) return 0;
  const z = t / (A + t);
  const L = R * (Math.log(A) - Math.log(A + t)) + logHyp2f1(R, B, C, z);
  return (c / (a - 1)) * -Math.expm1(L);
}

/** E[X(t)] for a new customer: E[(1-p)^k] (a+b+k-1)/(a-1) [1 - (alpha/(alpha+t))^r 2F1(r, b+k; a+b+k-1; t/(alpha+t))]. */
export function familyExpectedPurchases(k: 0 | 1, p: BetaGeometricParams, t: number): number {
  const lead = k === 0 ? p.a + p.b - 1 : p.b;
  return expectationTerm(lead, p.a, p.r, p.alpha, p.b + k, p.a + p.b + k - 1, t);
}

/**
 * E[Y(t) | x, t_x, T] = (a+b+x+k-1)/(a-1) [1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x+k; a+b+x+k-1; t/(alpha+T+t))] P(alive).
 * O(n x series length).
 */
export function familyConditionalExpected(k: 0 | 1, p: BetaGeometricParams, t: number, summary: PurchaseSummary): Float64Array {
  const { x, tx, T } = checkSummary(summary);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const alive = Math.exp(-logSumExp(0, logDeadOdds(k, p, xi, tx[i]!, T[i]!)));
    out[i] = expectationTerm(p.a + p.b + xi + k - 1, p.a, p.r + xi, p.alpha + T[i]!, p.b + xi + k, p.a + p.b + xi + k - 1, t) * alive;
  }
  return out;
}

/** ln P(N = j) and the tail P(N >= n) of the NBD(r, alpha) count in (0, t]. */
function nbdPmfAndTail(r: number, alpha: number, t: number, n: number): { logPmf: number; tail: number } {
  const q = t / (alpha + t);
  const logP0 = r * (Math.log(alpha) - Math.log(alpha + t));
  const logQ = Math.log(q);
  const lgR = lnGamma(r);
  const logPmf = (j: number) => lnGamma(r + j) - lgR - lnGamma(j + 1) + logP0 + j * logQ;
  let head = 0;
  for (let j = 0; j < n; j++) head += Math.exp(logPmf(j));
  let tail: number;
  if (head < 0.5) tail = 1 - head;
  else {
    // sum the tail itself (no cancellation): terms from j = n, ratio (r+j)/(j+1) q
    let term = Math.exp(logPmf(n));
    tail = term;
    for (let j = n; j < n + 1_000_000 && term > 1e-18 * tail; j++) {
      term *= ((r + j) / (j + 1)) * q;
      tail += term;
    }
  }
  return { logPmf: logPmf(n), tail };
}

/**
 * P(X(t) = n) for a new customer: B(a, b+n+k)/B(a, b) NBD(n) + [n+k>0] B(a+1, b+n+k-1)/B(a, b) P(NBD >= n)
 * (Fader, Hardie and Lee 2005, eq. 8 for k = 0).
 */
export function familyProbabilityOfPurchases(k: 0 | 1, p: BetaGeometricParams, n: number, t: number): number {
  const lnB = (u: number, v: number) => lnGamma(u) + lnGamma(v) - lnGamma(u + v);
  const base = lnB(p.a, p.b);
  if (t === 0) return n === 0 ? 1 : 0;
  const { logPmf, tail } = nbdPmfAndTail(p.r, p.alpha, t, n);
  let prob = Math.exp(lnB(p.a, p.b + n + k) - base + logPmf);
  if (n + k > 0) prob += Math.exp(lnB(p.a + 1, p.b + n + k - 1) - base) * tail;
  return prob;
}
