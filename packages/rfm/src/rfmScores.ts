import { RfmError } from './errors.js';
import { quantileSorted } from './quantile.js';

/** The three RFM columns scores are computed from (an {@link RfmTable} or any look-alike). */
export interface RfmValues {
  /** Customer ids. */
  readonly customerIds: readonly string[];
  /** Days since the last purchase (lower is better). */
  readonly recency: ArrayLike<number>;
  /** Purchases (higher is better). */
  readonly frequency: ArrayLike<number>;
  /** Spend (higher is better). */
  readonly monetary: ArrayLike<number>;
}

/** Cut points per dimension: `bins - 1` strictly ascending values; a value `v` gets bin `1 + #{t < v}`. */
export interface RfmThresholds {
  /** Recency cut points in days (bins are then reversed: the lowest recency gets the top score). */
  readonly recency: readonly number[];
  /** Frequency cut points. */
  readonly frequency: readonly number[];
  /** Monetary cut points. */
  readonly monetary: readonly number[];
}

/**
 * How values become scores.
 *
 * - `'rank-first'`: pandas `qcut(x.rank(method='first'), bins)`, the notebooks' rule. Values are
 *   ranked 1..n, ties broken by customer order (the order of `customerIds`: sorted by id in an
 *   {@link RfmTable}), and ranks are cut at their quantiles: bins are equal in size (they differ by at
 *   most one), but two customers with the same value can get different scores.
 * - `'shared'`: pandas `qcut(x, bins)` on the values: cut points are the value quantiles (numpy
 *   linear), so equal values always share a score; bins can be unequal, and when many customers share
 *   a value (most bought once) some scores are empty, which is reported in `warnings`.
 * - {@link RfmThresholds}: your own cut points.
 */
export type TiePolicy = 'rank-first' | 'shared' | RfmThresholds;

/** Options of {@link rfmScores}. */
export interface RfmScoreOptions {
  /**
   * Number of scores per dimension (5 gives quintiles, scores 1..5).
   * @defaultValue {@link RFM_SCORE_DEFAULTS | RFM_SCORE_DEFAULTS.bins} (`5`)
   */
  readonly bins?: number;
  /**
   * The tie policy (see {@link TiePolicy}).
   * @defaultValue {@link RFM_SCORE_DEFAULTS | RFM_SCORE_DEFAULTS.ties} (`'rank-first'`)
   */
  readonly ties?: TiePolicy;
}

/**
 * The defaults of {@link rfmScores}, in one place: quintiles (scores 1..5) cut on ranks, ties broken
 * by customer order, as the notebooks' `qcut(rank(method='first'), 5)`.
 *
 * @example
 * ```ts
 * RFM_SCORE_DEFAULTS;
 * // => { bins: 5, ties: 'rank-first' }
 * ```
 */
export const RFM_SCORE_DEFAULTS: Readonly<Required<RfmScoreOptions>> = Object.freeze({
  bins: 5,
  ties: 'rank-first',
});

/** Which values got which score in one dimension. */
export interface ScoreRange {
  /** The score. */
  readonly score: number;
  /** Customers with this score. */
  readonly count: number;
  /** Smallest value with this score (NaN if none). */
  readonly min: number;
  /** Largest value with this score (NaN if none). */
  readonly max: number;
}

/** Scores of one dimension and how they were cut. */
export interface DimensionScores {
  /** Score per customer, 1..bins. */
  readonly scores: Uint8Array;
  /**
   * Cut points in value units, `bins + 1` of them: a value `v` is in bin `k` (1-based) when
   * `edges[k - 1] < v <= edges[k]` (the first bin includes `edges[0]`). For `'rank-first'` the
   * edges are the largest value of each bin, since bins were cut on ranks.
   */
  readonly edges: readonly number[];
  /** Per score (index = score - 1): how many customers and which values. */
  readonly ranges: readonly ScoreRange[];
}

/** R, F and M scores per customer, with the cuts behind them. */
export interface RfmScores {
  /** Number of customers. */
  readonly length: number;
  /** Customer ids, as in the input. */
  readonly customerIds: readonly string[];
  /** Scores per dimension run 1..bins. */
  readonly bins: number;
  /** The policy used (`'thresholds'` for custom cut points). */
  readonly ties: 'rank-first' | 'shared' | 'thresholds';
  /** Recency scores: the most recent customers get `bins`. */
  readonly r: Uint8Array;
  /** Frequency scores: the most frequent get `bins`. */
  readonly f: Uint8Array;
  /** Monetary scores: the biggest spenders get `bins`. */
  readonly m: Uint8Array;
  /** `r + f + m` per customer. */
  readonly total: Uint8Array;
  /** Recency cuts. */
  readonly recency: DimensionScores;
  /** Frequency cuts. */
  readonly frequency: DimensionScores;
  /** Monetary cuts. */
  readonly monetary: DimensionScores;
  /** Empty or merged scores and other things a reader of the scores should know. */
  readonly warnings: readonly string[];
  /** The RFM code of a customer: `'545'` (or `'10-9-10'` when bins > 9). */
  code(index: number): string;
}

/**
 * Scores recency, frequency and monetary value 1..bins (quintiles by default) under a declared
 * tie policy (see {@link TiePolicy}); recency is reversed, so the most recent customers score `bins`.
 * Returns the cut points and the customers per score, so a user can see why a customer got a 3.
 * O(n log n).
 *
 * @param rfm - an {@link RfmTable} (or any object with the three columns and customer ids)
 * @param options - bins and tie policy
 * @returns the scores and their cuts
 * @throws {@link RfmError} `INVALID_BINS` (bins not an integer from 2 to 20), `INVALID_OPTION`
 *   (unknown policy, bad thresholds), `EMPTY_INPUT` (no customers), `INVALID_ARGUMENT` (lengths
 *   differ, NaN values)
 * @example
 * ```ts
 * const scores = rfmScores(rfm, { bins: 5, ties: 'rank-first' });
 * scores.code(rfm.indexOf('12346'));
 * // => '115' (Online Retail, notebook preset: one purchase 326 days ago, 77,183.60 spent)
 * ```
 */
export function rfmScores(rfm: RfmValues, options: RfmScoreOptions = {}): RfmScores {
  const bins = options.bins ?? RFM_SCORE_DEFAULTS.bins;
  if (!Number.isInteger(bins) || bins < 2 || bins > 20) throw new RfmError('INVALID_BINS', 'bins', bins, 'an integer from 2 to 20');
  const ties = options.ties ?? RFM_SCORE_DEFAULTS.ties;
  const n = rfm.customerIds.length;
  if (n === 0) throw new RfmError('EMPTY_INPUT', 'rfm', 'no customers', 'at least one customer');
  for (const name of ['recency', 'frequency', 'monetary'] as const) {
    const col = rfm[name];
    if (col.length !== n) throw new RfmError('INVALID_ARGUMENT', `rfm.${name}`, `length ${col.length}`, `length ${n}, as customerIds`);
    for (let i = 0; i < n; i++) if (Number.isNaN(col[i])) throw new RfmError('INVALID_ARGUMENT', `rfm.${name}[${i}]`, 'NaN', 'numbers');
  }
  let policy: 'rank-first' | 'shared' | 'thresholds';
  if (ties === 'rank-first' || ties === 'shared') policy = ties;
  else if (ties !== null && typeof ties === 'object') {
    policy = 'thresholds';
    for (const name of ['recency', 'frequency', 'monetary'] as const) {
      const t = ties[name];
      const ok = Array.isArray(t) && t.length === bins - 1 && t.every((x, i) => Number.isFinite(x) && (i === 0 || x > t[i - 1]!));
      if (!ok) throw new RfmError('INVALID_OPTION', `ties.${name}`, t, `${bins - 1} strictly ascending finite numbers (one cut point between each pair of the ${bins} bins)`);
    }
  } else throw new RfmError('INVALID_OPTION', 'ties', ties, "'rank-first', 'shared' or { recency, frequency, monetary } cut points");

  const warnings: string[] = [];
  if (n < bins && policy === 'rank-first') warnings.push(`${n} customers for ${bins} bins: some scores are empty.`);
  const dims = (['recency', 'frequency', 'monetary'] as const).map((name) => {
    const values = rfm[name];
    const bin =
      policy === 'rank-first'
        ? rankFirstBins(values, bins)
        : policy === 'shared'
          ? sharedBins(values, bins)
          : thresholdBins(values, (ties as RfmThresholds)[name]);
    const reverse = name === 'recency';
    const scores = new Uint8Array(n);
    for (let i = 0; i < n; i++) scores[i] = reverse ? bins + 1 - bin.bins[i]! : bin.bins[i]!;
    const ranges = describe(values, scores, bins);
    if (policy !== 'rank-first') {
      const empty = ranges.filter((r) => r.count === 0).map((r) => r.score);
      if (empty.length > 0) {
        warnings.push(`${name}: score${empty.length > 1 ? 's' : ''} ${empty.join(', ')} ${empty.length > 1 ? 'are' : 'is'} empty: tied values (or the cut points) leave no customer there.`);
      }
    }
    return { name, scores, edges: bin.edges, ranges } as const;
  });
  const [rec, freq, mon] = dims as unknown as [typeof dims[0], typeof dims[0], typeof dims[0]];
  const total = new Uint8Array(n);
  for (let i = 0; i < n; i++) total[i] = rec.scores[i]! + freq.scores[i]! + mon.scores[i]!;
  const sep = bins > 9 ? '-' : '';
  return {
    length: n,
    customerIds: rfm.customerIds,
    bins,
    ties: policy,
    r: rec.scores,
    f: freq.scores,
    m: mon.scores,
    total,
    recency: { scores: rec.scores, edges: rec.edges, ranges: rec.ranges },
    frequency: { scores: freq.scores, edges: freq.edges, ranges: freq.ranges },
    monetary: { scores: mon.scores, edges: mon.edges, ranges: mon.ranges },
    warnings,
    code(index: number): string {
      if (!Number.isInteger(index) || index < 0 || index >= n) throw new RfmError('INVALID_ARGUMENT', 'index', index, `an integer from 0 to ${n - 1}`);
      return `${rec.scores[index]}${sep}${freq.scores[index]}${sep}${mon.scores[index]}`;
    },
  };
}

interface Binned {
  readonly bins: Uint8Array;
  readonly edges: number[];
}

/** Value order, ties by position: the order of pandas `rank(method='first')`. */
function rankOrder(values: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: values.length }, (_, i) => i);
  return order.sort((a, b) => values[a]! - values[b]! || a - b);
}

function rankFirstBins(values: ArrayLike<number>, bins: number): Binned {
  const n = values.length;
  const order = rankOrder(values);
  const out = new Uint8Array(n);
  // Rank cut points q_k = 1 + (n - 1) k / bins (numpy linear quantiles of 1..n); rank r is in the
  // first bin k with r <= q_k, as pd.cut(right=True, include_lowest=True).
  let k = 1;
  const edges: number[] = [values[order[0]!]!];
  for (let pos = 0; pos < n; pos++) {
    const rank = pos + 1;
    while (k < bins && rank > 1 + ((n - 1) * k) / bins) {
      edges.push(pos > 0 ? values[order[pos - 1]!]! : values[order[0]!]!);
      k++;
    }
    out[order[pos]!] = k;
  }
  while (edges.length < bins + 1) edges.push(values[order[n - 1]!]!);
  return { bins: out, edges };
}

function sharedBins(values: ArrayLike<number>, bins: number): Binned {
  const sorted = Float64Array.from(values).sort();
  const edges = Array.from({ length: bins + 1 }, (_, k) => quantileSorted(sorted, k / bins));
  return { bins: assign(values, edges.slice(1, bins)), edges };
}

function thresholdBins(values: ArrayLike<number>, cuts: readonly number[]): Binned {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    lo = Math.min(lo, values[i]!);
    hi = Math.max(hi, values[i]!);
  }
  return { bins: assign(values, cuts), edges: [Math.min(lo, cuts[0]!), ...cuts, Math.max(hi, cuts.at(-1)!)] };
}

/** Bin 1 + #{cut < v}: right-closed intervals, found by binary search. */
function assign(values: ArrayLike<number>, cuts: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    let lo = 0;
    let hi = cuts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cuts[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    out[i] = lo + 1;
  }
  return out;
}

function describe(values: ArrayLike<number>, scores: Uint8Array, bins: number): ScoreRange[] {
  const count = new Array<number>(bins).fill(0);
  const min = new Array<number>(bins).fill(Infinity);
  const max = new Array<number>(bins).fill(-Infinity);
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]! - 1;
    const v = values[i]!;
    count[s]!++;
    if (v < min[s]!) min[s] = v;
    if (v > max[s]!) max[s] = v;
  }
  return count.map((c, s) => ({ score: s + 1, count: c, min: c ? min[s]! : NaN, max: c ? max[s]! : NaN }));
}
