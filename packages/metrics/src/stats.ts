import { SeededRandom } from '@shopper-spectrum/internal';
import { MetricsError } from './errors.js';

/** The answer of a paired test: is B better than A on the same users? */
export interface PairedTest {
  /** The test used. */
  readonly method: 'bootstrap' | 't-test';
  /** Users compared (pairs where both values are numbers). */
  readonly users: number;
  /** Mean of (b - a). */
  readonly meanDifference: number;
  /** 95% confidence interval of the mean difference. */
  readonly interval: readonly [number, number];
  /** Two-sided p-value for "no difference". */
  readonly pValue: number;
}

/** Options of {@link pairedTest}. */
export interface PairedTestOptions {
  /**
   * `'bootstrap'`: resample users with replacement (percentile interval; p-value from the resampled
   * differences centred on 0); `'t-test'`: Student's paired t-test.
   * @defaultValue {@link PAIRED_TEST_DEFAULTS | PAIRED_TEST_DEFAULTS.method} (`'bootstrap'`)
   */
  readonly method?: 'bootstrap' | 't-test';
  /**
   * Bootstrap resamples.
   * @defaultValue {@link PAIRED_TEST_DEFAULTS | PAIRED_TEST_DEFAULTS.iterations} (`10000`)
   */
  readonly iterations?: number;
  /**
   * Seed of the bootstrap.
   * @defaultValue {@link PAIRED_TEST_DEFAULTS | PAIRED_TEST_DEFAULTS.seed} (`0`)
   */
  readonly seed?: number;
}

/**
 * The defaults of {@link pairedTest}, in one place: a bootstrap of 10,000 resamples from seed 0.
 *
 * @example
 * ```ts
 * PAIRED_TEST_DEFAULTS;
 * // => { method: 'bootstrap', iterations: 10000, seed: 0 }
 * ```
 */
export const PAIRED_TEST_DEFAULTS: Readonly<Required<PairedTestOptions>> = Object.freeze({
  method: 'bootstrap',
  iterations: 10_000,
  seed: 0,
});

/**
 * Compares two systems scored on the same users (per-user values in the same order, e.g. AP@5 of
 * two recommenders from {@link evaluate}). Pairs with a NaN on either side are left out. O(n x
 * iterations) for the bootstrap, O(n) for the t-test.
 *
 * @param a - per-user values of system A
 * @param b - per-user values of system B
 * @param options - method, iterations, seed
 * @returns mean difference (B - A), 95% interval and p-value
 * @throws {@link MetricsError} `DIMENSION_MISMATCH` when lengths differ, `INVALID_OPTION` for fewer
 *   than 2 pairs or a bad option
 * @example
 * ```ts
 * pairedTest(Float64Array.of(0.1, 0.2, 0.3, 0.2), Float64Array.of(0.3, 0.4, 0.4, 0.5), { method: 't-test' }).pValue;
 * // => 0.0163 (scipy.stats.ttest_rel: 0.016277)
 * ```
 */
export function pairedTest(a: ArrayLike<number>, b: ArrayLike<number>, options: PairedTestOptions = {}): PairedTest {
  if (a.length !== b.length) throw new MetricsError('DIMENSION_MISMATCH', 'a, b', `${a.length} and ${b.length} values`, 'the same users in the same order');
  const method = options.method ?? PAIRED_TEST_DEFAULTS.method;
  if (method !== 'bootstrap' && method !== 't-test') throw new MetricsError('INVALID_OPTION', 'method', method, "'bootstrap' or 't-test'");
  const d: number[] = [];
  for (let i = 0; i < a.length; i++) if (!Number.isNaN(a[i]!) && !Number.isNaN(b[i]!)) d.push(b[i]! - a[i]!);
  const n = d.length;
  if (n < 2) throw new MetricsError('INVALID_OPTION', 'a, b', `${n} comparable pairs`, 'at least 2 pairs without NaN');
  const mean = d.reduce((s, x) => s + x, 0) / n;
  if (method === 't-test') {
    const sd = Math.sqrt(d.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
    const se = sd / Math.sqrt(n);
    const df = n - 1;
    if (se === 0) return { method, users: n, meanDifference: mean, interval: [mean, mean], pValue: mean === 0 ? 1 : 0 };
    const t = mean / se;
    const p = incompleteBeta(df / (df + t * t), df / 2, 0.5);
    const q = studentQuantile975(df);
    return { method, users: n, meanDifference: mean, interval: [mean - q * se, mean + q * se], pValue: Math.min(1, p) };
  }
  const iterations = options.iterations ?? PAIRED_TEST_DEFAULTS.iterations;
  if (!Number.isInteger(iterations) || iterations < 100) throw new MetricsError('INVALID_OPTION', 'iterations', iterations, 'an integer >= 100');
  const rng = new SeededRandom(options.seed ?? PAIRED_TEST_DEFAULTS.seed);
  const random = () => rng.next();
  const means = new Float64Array(iterations);
  let extreme = 0;
  for (let r = 0; r < iterations; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += d[Math.floor(random() * n)]!;
    const m = sum / n;
    means[r] = m;
    if (Math.abs(m - mean) >= Math.abs(mean)) extreme++;
  }
  means.sort();
  const at = (q: number) => means[Math.min(iterations - 1, Math.max(0, Math.round(q * (iterations - 1))))]!;
  return { method, users: n, meanDifference: mean, interval: [at(0.025), at(0.975)], pValue: (extreme + 1) / (iterations + 1) };
}

/** Regularised incomplete beta I_x(a, b) by Lentz's continued fraction (Numerical Recipes betacf). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lbeta = logGamma(a + b) - logGamma(a) - logGamma(b);
  const front = Math.exp(Math.log(x) * a + Math.log(1 - x) * b + lbeta);
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(x, a, b)) / a;
  return 1 - (front * betaFraction(1 - x, b, a)) / b;
}

function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** log Gamma by Lanczos (g = 7, n = 9). */
function logGamma(z: number): number {
  const g = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  z -= 1;
  let x = g[0]!;
  for (let i = 1; i < 9; i++) x += g[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(x);
}

/** The 0.975 quantile of Student's t with df degrees of freedom, by bisection on the CDF. */
function studentQuantile975(df: number): number {
  let lo = 0;
  let hi = 100;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    const twoSided = incompleteBeta(df / (df + mid * mid), df / 2, 0.5);
    if (twoSided > 0.05) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
