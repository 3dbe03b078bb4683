import { ClusterError } from './errors.js';

/**
 * The defaults of {@link kneedle}, in one place: an elbow (convex, decreasing, as inertia against
 * k) with sensitivity 1, as the `kneed` package.
 *
 * @example
 * ```ts
 * KNEEDLE_DEFAULTS.sensitivity;
 * // => 1
 * ```
 */
export const KNEEDLE_DEFAULTS = Object.freeze({
  /** Shape of the curve. */
  curve: 'convex' as 'convex' | 'concave',
  /** Whether y falls or rises with x. */
  direction: 'decreasing' as 'decreasing' | 'increasing',
  /** Sensitivity S. */
  sensitivity: 1,
});

/** Options of {@link kneedle}. */
export interface KneedleOptions {
  /**
   * Shape of the curve.
   * @defaultValue {@link KNEEDLE_DEFAULTS | KNEEDLE_DEFAULTS.curve} (`'convex'`: an elbow, as inertia against k)
   */
  readonly curve?: 'convex' | 'concave';
  /**
   * Whether y falls or rises with x.
   * @defaultValue {@link KNEEDLE_DEFAULTS | KNEEDLE_DEFAULTS.direction} (`'decreasing'`)
   */
  readonly direction?: 'decreasing' | 'increasing';
  /**
   * Sensitivity S: how far the difference curve must fall below a local maximum to call it a knee.
   * @defaultValue {@link KNEEDLE_DEFAULTS | KNEEDLE_DEFAULTS.sensitivity} (`1`)
   */
  readonly sensitivity?: number;
}

/** The answer of {@link kneedle}: a knee, or `null` with the reason there is none. */
export interface KneeResult {
  /** The x of the knee, or `null`. */
  readonly knee: number | null;
  /** Why this knee, or why none. */
  readonly reason: string;
  /** The normalised difference curve (for charts), one value per point. */
  readonly difference: readonly number[];
}

/**
 * Finds the knee (or elbow) of a curve with the Kneedle algorithm (Satopaa et al., 2011), as the
 * `kneed` package does it (`KneeLocator`, offline, no smoothing): normalise x and y to [0, 1], turn
 * the curve so the knee is a maximum of `y - x`, and take the first local maximum after which the
 * difference curve falls below `max - S x mean(step of x)`. When no local maximum qualifies, when y is
 * constant, or when the maximum sits at an end point (kneed would then return that end point), the
 * answer is `null` with a reason: never a silent first point. O(n).
 *
 * @param x - strictly increasing x values (e.g. k)
 * @param y - y values (e.g. inertia)
 * @param options - curve shape, direction, sensitivity
 * @returns the knee or the reason there is none
 * @throws {@link ClusterError} `INVALID_OPTION` for fewer than 3 points, unsorted x or non-finite values
 * @example
 * ```ts
 * kneedle([1, 2, 3, 4, 5, 6], [100, 40, 20, 15, 12, 10]).knee;
 * // => 3
 * ```
 */
export function kneedle(x: readonly number[], y: readonly number[], options: KneedleOptions = {}): KneeResult {
  const n = x.length;
  if (n < 3 || y.length !== n) throw new ClusterError('INVALID_OPTION', 'x, y', `${n} and ${y.length} points`, 'at least 3 points, as many y as x');
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i]!) || !Number.isFinite(y[i]!)) throw new ClusterError('INVALID_OPTION', `x[${i}], y[${i}]`, [x[i], y[i]], 'finite numbers');
    if (i > 0 && !(x[i]! > x[i - 1]!)) throw new ClusterError('INVALID_OPTION', 'x', x, 'strictly increasing values');
  }
  const curve = options.curve ?? KNEEDLE_DEFAULTS.curve;
  const direction = options.direction ?? KNEEDLE_DEFAULTS.direction;
  const S = options.sensitivity ?? KNEEDLE_DEFAULTS.sensitivity;
  if (curve !== 'convex' && curve !== 'concave') throw new ClusterError('INVALID_OPTION', 'curve', curve, "'convex' or 'concave'");
  if (direction !== 'decreasing' && direction !== 'increasing') throw new ClusterError('INVALID_OPTION', 'direction', direction, "'decreasing' or 'increasing'");
  if (!(S >= 0)) throw new ClusterError('INVALID_OPTION', 'sensitivity', S, 'a number >= 0');
  if (Math.min(...y) === Math.max(...y)) return { knee: null, reason: 'y is constant: the curve has no bend', difference: y.map(() => 0) };
  const normalise = (v: readonly number[]) => {
    const lo = Math.min(...v);
    const hi = Math.max(...v);
    return v.map((t) => (hi === lo ? 0 : (t - lo) / (hi - lo)));
  };
  const xn = normalise(x);
  let yn = normalise(y);
  // kneed's transform_y: make the knee a maximum of y - x.
  const maxY = Math.max(...yn);
  if (direction === 'decreasing') {
    if (curve === 'concave') yn = [...yn].reverse();
    else yn = yn.map((t) => maxY - t);
  } else if (curve === 'convex') yn = yn.map((t) => maxY - t).reverse();
  const diff = yn.map((t, i) => t - xn[i]!);
  // Local extrema as scipy's argrelextrema(..., greater_equal / less_equal), ends compared to themselves.
  const isMax = diff.map((v, i) => v >= diff[Math.max(0, i - 1)]! && v >= diff[Math.min(n - 1, i + 1)]!);
  const isMin = diff.map((v, i) => v <= diff[Math.max(0, i - 1)]! && v <= diff[Math.min(n - 1, i + 1)]!);
  const firstMax = isMax.indexOf(true);
  if (firstMax < 0) return { knee: null, reason: 'the difference curve has no local maximum', difference: diff };
  let step = 0;
  for (let i = 1; i < n; i++) step += xn[i]! - xn[i - 1]!;
  step = Math.abs(step / (n - 1));
  let threshold = 0;
  let thresholdIndex = -1;
  for (let i = firstMax; i < n - 1; i++) {
    if (isMax[i]) {
      threshold = diff[i]! - S * step;
      thresholdIndex = i;
    }
    if (isMin[i]) threshold = 0;
    if (diff[i + 1]! < threshold) {
      if (thresholdIndex === 0 || thresholdIndex === n - 1) {
        return { knee: null, reason: 'the difference curve is highest at an end point: the curve has no bend inside the range', difference: diff };
      }
      const index = curve === 'convex' ? (direction === 'decreasing' ? thresholdIndex : n - 1 - thresholdIndex) : direction === 'decreasing' ? n - 1 - thresholdIndex : thresholdIndex;
      const knee = x[index]!;
      return {
        knee,
        reason: `knee at x = ${knee}: the normalised difference curve peaks there (${diff[thresholdIndex]!.toFixed(3)}) and then falls below its threshold (${threshold.toFixed(3)})`,
        difference: diff,
      };
    }
  }
  return { knee: null, reason: `no local maximum of the difference curve is followed by a drop of more than S x mean step (S = ${S})`, difference: diff };
}
