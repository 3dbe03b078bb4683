import { quantileSorted } from '@shopper-spectrum/internal';
import { ClusterError } from './errors.js';
import { toMatrix } from './matrix.js';
import type { MatrixInput } from './matrix.js';
import type { SegmentFeature, SegmentNames } from './nameSegments.js';

/** Which third of the customers a centroid's value falls in: the lowest, the middle or the highest values. */
export type SegmentThird = 'low' | 'mid' | 'high';

/** Options of {@link describeSegments}. */
export interface DescribeSegmentsOptions {
  /**
   * The rows the thirds are taken from, in the centroids' units and column order: usually every
   * customer's (recency, frequency, monetary).
   */
  readonly reference: MatrixInput;
  /**
   * The feature in each column (of the centroids and of `reference`); must name recency, frequency
   * and monetary, in any order.
   * @defaultValue {@link DESCRIBE_SEGMENTS_DEFAULTS | DESCRIBE_SEGMENTS_DEFAULTS.features} (`['recency', 'frequency', 'monetary']`)
   */
  readonly features?: readonly SegmentFeature[];
  /**
   * How a spend is written in names and reasons (a currency formatter, say).
   * @defaultValue {@link DESCRIBE_SEGMENTS_DEFAULTS | DESCRIBE_SEGMENTS_DEFAULTS.money} (whole units with thousands separators: `'1,346'`)
   */
  readonly money?: (value: number) => string;
}

/**
 * The defaults of {@link describeSegments}: the columns in R, F, M order, and spend written in
 * whole units with thousands separators.
 *
 * @example
 * ```ts
 * [DESCRIBE_SEGMENTS_DEFAULTS.features, DESCRIBE_SEGMENTS_DEFAULTS.money(1346.92)];
 * // => [['recency', 'frequency', 'monetary'], '1,347']
 * ```
 */
export const DESCRIBE_SEGMENTS_DEFAULTS: Readonly<{ features: readonly SegmentFeature[]; money: (value: number) => string }> = Object.freeze({
  features: Object.freeze(['recency', 'frequency', 'monetary'] as const),
  money: (value: number) => Math.round(value).toLocaleString('en-GB'),
});

/** The names, their reasons, and what they were decided from. */
export interface SegmentDescriptions extends SegmentNames {
  /** Per cluster, the third each feature of its centroid falls in. */
  readonly levels: readonly Readonly<Record<SegmentFeature, SegmentThird>>[];
  /** The cut points of the thirds of `reference`, per feature: [1/3 quantile, 2/3 quantile]. */
  readonly thirds: Readonly<Record<SegmentFeature, readonly [number, number]>>;
}

/** The words of each third, per feature (recency: a small value is recent). */
const WORDS: Readonly<Record<SegmentFeature, Readonly<Record<SegmentThird, string>>>> = {
  recency: { low: 'Recent', mid: 'Lapsing', high: 'Lapsed' },
  frequency: { low: 'infrequent', mid: 'occasional', high: 'frequent' },
  monetary: { low: 'low spend', mid: 'mid spend', high: 'high spend' },
};

/** Below this many orders at its centre a cluster is "one-off" whatever its third: most of its customers ordered once. */
const ONE_OFF = 1.5;

const FEATURES: readonly SegmentFeature[] = ['recency', 'frequency', 'monetary'];

/**
 * Descriptive names for clusters of customers, from their centroids: one word for each of recency,
 * frequency and spend saying which third of the customers (`reference`) the centroid's value falls
 * in, e.g. `'Recent, frequent, high spend'` or `'Lapsed, one-off, low spend'`. Business names
 * (High-Value, At-Risk) are left to declared rules such as RFM segment maps: these names only say
 * where a cluster's centre lies, so two runs, or two algorithms, never give one name to different
 * kinds of customers.
 *
 * The rule, depending only on the centroids and the reference (never on label numbers or seeds):
 *
 * - thirds are cut at the 1/3 and 2/3 quantiles of each reference column (linear interpolation,
 *   numpy's default); a value at most the first cut is `low`, at most the second `mid`, else `high`;
 * - recency: low is **Recent**, mid **Lapsing**, high **Lapsed** (days since the last order);
 * - frequency: low **infrequent**, mid **occasional**, high **frequent**, and **one-off** whenever
 *   the centre has fewer than 1.5 orders (most of its customers ordered once);
 * - spend: **low spend**, **mid spend**, **high spend**;
 * - clusters whose words coincide get the figure that tells them apart best, in parentheses: the
 *   feature on which they lie furthest apart as shares of the customers below them, e.g.
 *   `'Recent, occasional, mid spend (14 days)'` and `'... (31 days)'`; clusters with identical
 *   centroids are told apart by their position (`'(cluster 3)'`). Names are therefore unique.
 *
 * Each reason states the figures and the cut points in plain words (see the example). O(n log n)
 * for the reference (sorting each column) plus O(k^2).
 *
 * @param centroids - one centroid per cluster, in original units (days, orders, money: inverse-transform scaled centroids first)
 * @param options - the reference rows, the feature of each column, how spend is written
 * @returns a unique name per cluster, the reason for each, each centroid's thirds and the cut points
 * @throws {@link ClusterError} `INVALID_OPTION` when a feature is missing or repeated, or a centroid
 *   does not have one finite value per feature; `EMPTY_INPUT`, `NON_FINITE` or `DIMENSION_MISMATCH`
 *   for a reference that is empty, holds a NaN, or has another number of columns
 * @example
 * ```ts
 * const customers = [[5, 12, 5200], [9, 8, 3100], [20, 4, 1400], [35, 3, 900], [60, 2, 450], [120, 1, 300], [200, 1, 150], [300, 1, 90], [15, 6, 2000]];
 * describeSegments([[8, 10, 4000], [250, 1, 120], [40, 3, 800]], { reference: customers }).names;
 * // => ['Recent, frequent, high spend', 'Lapsed, one-off, low spend', 'Lapsing, occasional, mid spend']
 * describeSegments([[8, 10, 4000]], { reference: customers }).reasons[0];
 * // => 'recency 8 days: among the most recent third of customers (at most 18 days); 10 orders: among the top third (over 4.7); spend 4,000: among the top third (over 1,600)'
 * describeSegments([[8, 10, 4000], [12, 9, 3500]], { reference: customers }).names;
 * // => ['Recent, frequent, high spend (8 days)', 'Recent, frequent, high spend (12 days)']
 * ```
 */
export function describeSegments(centroids: readonly (readonly number[])[], options: DescribeSegmentsOptions): SegmentDescriptions {
  const features = options.features ?? DESCRIBE_SEGMENTS_DEFAULTS.features;
  const money = options.money ?? DESCRIBE_SEGMENTS_DEFAULTS.money;
  if (typeof money !== 'function') throw new ClusterError('INVALID_OPTION', 'money', money, 'a function from a number to text');
  const k = centroids.length;
  if (!Array.isArray(centroids) || k === 0) throw new ClusterError('INVALID_OPTION', 'centroids', centroids, 'at least one centroid');
  if (!Array.isArray(features) || new Set(features).size !== features.length || !FEATURES.every((f) => features.includes(f))) {
    throw new ClusterError('INVALID_OPTION', 'features', features, "a list naming 'recency', 'frequency' and 'monetary' columns once each");
  }
  for (const [i, c] of centroids.entries()) {
    if (!Array.isArray(c) || c.length !== features.length || !c.every((v) => Number.isFinite(v))) {
      throw new ClusterError('INVALID_OPTION', `centroids[${i}]`, c, `${features.length} finite values, one per feature`);
    }
  }
  const ref = toMatrix(options.reference, 'reference');
  if (ref.cols !== features.length) throw new ClusterError('DIMENSION_MISMATCH', 'reference', `${ref.cols} columns`, `${features.length}, one per feature`);
  const col = Object.fromEntries(features.map((f, j) => [f, j])) as Record<SegmentFeature, number>;
  const sorted = {} as Record<SegmentFeature, Float64Array>;
  const thirds = {} as Record<SegmentFeature, readonly [number, number]>;
  for (const f of FEATURES) {
    const values = new Float64Array(ref.rows);
    for (let i = 0; i < ref.rows; i++) values[i] = ref.data[i * ref.cols + col[f]]!;
    values.sort();
    sorted[f] = values;
    thirds[f] = [quantileSorted(values, 1 / 3), quantileSorted(values, 2 / 3)];
  }
  const value = (c: number, f: SegmentFeature) => centroids[c]![col[f]]!;
  const third = (v: number, f: SegmentFeature): SegmentThird => (v <= thirds[f][0] ? 'low' : v <= thirds[f][1] ? 'mid' : 'high');
  const levels = centroids.map((_, c) => ({ recency: third(value(c, 'recency'), 'recency'), frequency: third(value(c, 'frequency'), 'frequency'), monetary: third(value(c, 'monetary'), 'monetary') }));
  const base = levels.map((l, c) => `${WORDS.recency[l.recency]}, ${value(c, 'frequency') < ONE_OFF ? 'one-off' : WORDS.frequency[l.frequency]}, ${WORDS.monetary[l.monetary]}`);

  // the share of the reference at or below a value (mid-rank for ties): where a centroid lies among the customers
  const share = (v: number, f: SegmentFeature) => {
    const s = sorted[f];
    return (lowerBound(s, v, false) + lowerBound(s, v, true)) / 2 / s.length;
  };
  const figure = (v: number, f: SegmentFeature, digits: number) =>
    f === 'recency' ? `${v.toFixed(digits)} days` : f === 'frequency' ? `${v.toFixed(digits + 1)} orders` : digits === 0 ? money(v) : money(Math.round(v * 10 ** digits) / 10 ** digits);
  const names = [...base];
  const groups = new Map<string, number[]>();
  base.forEach((name, c) => groups.set(name, [...(groups.get(name) ?? []), c]));
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    // the feature on which the colliding clusters lie furthest apart among the customers
    let best: SegmentFeature = 'recency';
    let spread = -1;
    for (const f of FEATURES) {
      const shares = members.map((c) => share(value(c, f), f));
      const s = Math.max(...shares) - Math.min(...shares);
      if (s > spread) [best, spread] = [f, s];
    }
    if (spread === 0) continue; // identical centroids: told apart by position below
    let labels = members.map((c) => figure(value(c, best), best, 0));
    for (let digits = 1; digits <= 2 && new Set(labels).size < labels.length; digits++) {
      const finer = members.map((c) => figure(value(c, best), best, digits));
      if (new Set(finer).size === finer.length) labels = finer;
    }
    members.forEach((c, i) => (names[c] = `${base[c]} (${labels[i]})`));
  }
  // what is still the same (identical centroids) is told apart by position
  const seen = new Map<string, number>();
  for (const name of names) seen.set(name, (seen.get(name) ?? 0) + 1);
  names.forEach((name, c) => {
    if (seen.get(name)! > 1) names[c] = `${name} (cluster ${c + 1})`;
  });

  const fmt = (v: number, f: SegmentFeature) => (f === 'monetary' ? money(v) : f === 'frequency' ? trim(v, 1) : trim(v, 0));
  const reasons = centroids.map((_, c) => {
    const r = value(c, 'recency');
    const [r1, r2] = thirds.recency;
    const recency = `recency ${trim(r, 0)} days: ${levels[c]!.recency === 'low' ? `among the most recent third of customers (at most ${fmt(r1, 'recency')} days)` : levels[c]!.recency === 'mid' ? `in the middle third (${fmt(r1, 'recency')} to ${fmt(r2, 'recency')} days)` : `among the least recent third (over ${fmt(r2, 'recency')} days)`}`;
    const side = (f: 'frequency' | 'monetary') => {
      const [a, b] = thirds[f];
      const l = levels[c]![f];
      return l === 'high' ? `among the top third (over ${fmt(b, f)})` : l === 'mid' ? `in the middle third (${fmt(a, f)} to ${fmt(b, f)})` : `among the bottom third (at most ${fmt(a, f)})`;
    };
    const f = value(c, 'frequency');
    const frequency = `${trim(f, 1)} order${trim(f, 1) === '1' ? '' : 's'}: ${side('frequency')}${f < ONE_OFF ? ', most customers in it ordered once' : ''}`;
    const monetary = `spend ${money(value(c, 'monetary'))}: ${side('monetary')}`;
    return `${recency}; ${frequency}; ${monetary}`;
  });
  return { names, reasons, levels, thirds };
}

/** A figure with at most `digits` decimals, trailing zeros dropped, thousands separated. */
function trim(v: number, digits: number): string {
  return v.toLocaleString('en-GB', { maximumFractionDigits: digits });
}

/** The number of sorted values below `v` (or at most `v` when `inclusive`). O(log n). */
function lowerBound(sorted: Float64Array, v: number, inclusive: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (inclusive ? sorted[mid]! <= v : sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
