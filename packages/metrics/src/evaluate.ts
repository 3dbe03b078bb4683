import { checkTable } from '@shopper-spectrum/core';
import type { TransactionTable } from '@shopper-spectrum/core';
import { scoreUsers, METRIC_NAMES } from './average.js';
import type { MetricName } from './average.js';
import { MetricsError } from './errors.js';
import { checkK } from './ranking.js';
import type { MetricOptions } from './ranking.js';
import { itemsByCustomer } from './splits.js';
import { pairedTest } from './stats.js';
import type { PairedTest, PairedTestOptions } from './stats.js';

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** The rows the recommender was fitted on (used for `excludeSeen`). */
  readonly train: TransactionTable;
  /** The rows to score against: each test customer's distinct StockCodes are the relevant items. */
  readonly test: TransactionTable;
  /** The recommender: the top StockCodes for a customer id, best first (at least the largest K asked for). */
  readonly rank: (customerId: string, k: number) => readonly string[];
  /**
   * The cut-offs.
   * @defaultValue {@link EVALUATE_DEFAULTS | EVALUATE_DEFAULTS.k} (`[5, 10]`)
   */
  readonly k?: readonly number[];
  /**
   * The metrics.
   * @defaultValue {@link EVALUATE_DEFAULTS | EVALUATE_DEFAULTS.metrics} (all of {@link METRIC_NAMES})
   */
  readonly metrics?: readonly MetricName[];
  /**
   * Score new products only: items the customer bought in `train` are removed from its ranking (before
   * the cut) and from its relevant items; customers left with no relevant item are skipped.
   * @defaultValue {@link EVALUATE_DEFAULTS | EVALUATE_DEFAULTS.excludeSeen} (`false`: re-orders count, most of a wholesale customer's next basket is re-orders)
   */
  readonly excludeSeen?: boolean;
  /**
   * Metric definitions (AP normaliser, precision denominator, duplicates...); see {@link MetricOptions}.
   * Users with no relevant item are always skipped and counted.
   * @defaultValue {@link EVALUATE_DEFAULTS | EVALUATE_DEFAULTS.metricOptions} (`{}`: the definitions of {@link METRIC_DEFAULTS})
   */
  readonly metricOptions?: Omit<MetricOptions, 'emptyRelevant'>;
}

/**
 * The defaults of {@link evaluate}, in one place: every metric at K = 5 and 10, re-ordered items
 * counted as hits, and the metric definitions of {@link METRIC_DEFAULTS}. `train`, `test` and `rank`
 * have no default: they are required.
 *
 * @example
 * ```ts
 * EVALUATE_DEFAULTS;
 * // => { k: [5, 10], metrics: METRIC_NAMES, excludeSeen: false, metricOptions: {} }
 * ```
 */
export const EVALUATE_DEFAULTS: Readonly<Required<Pick<EvaluateOptions, 'k' | 'metrics' | 'excludeSeen' | 'metricOptions'>>> = Object.freeze({
  k: Object.freeze([5, 10]),
  metrics: METRIC_NAMES,
  excludeSeen: false,
  metricOptions: Object.freeze({}),
});

/** What {@link evaluate} measured. */
export interface EvaluationResult {
  /** The cut-offs. */
  readonly k: readonly number[];
  /** The metrics. */
  readonly metrics: readonly MetricName[];
  /** Means by `'<metric>@<k>'`, e.g. `'map@5'`. */
  readonly means: Readonly<Record<string, number>>;
  /** Per-user values by `'<metric>@<k>'`, aligned with `customerIds` (NaN for skipped users). */
  readonly perUser: Readonly<Record<string, Float64Array>>;
  /** The test customers, in the order of `perUser`. */
  readonly customerIds: readonly string[];
  /** Customers scored. */
  readonly evaluated: number;
  /** Customers not scored, by reason. */
  readonly skipped: Readonly<Record<string, number>>;
  /** Time spent ranking (the recommender), scoring, and in all. */
  readonly timingMs: { readonly rank: number; readonly score: number; readonly total: number };
}

/**
 * Evaluates a recommender on a split: for every customer of `test`, asks `rank` for the top max(K)
 * StockCodes, and scores them against the customer's distinct test StockCodes with every metric at
 * every K. Customers with no relevant item (possible with `excludeSeen`) are skipped and counted.
 *
 * @param options - train, test, rank, k, metrics, excludeSeen, metric definitions
 * @returns means, per-user values, counts and timing
 * @throws {@link MetricsError} `INVALID_K`, `INVALID_OPTION` (unknown metric), `INVALID_RANKING`
 *   (the recommender returned something that is not a list of ids)
 * @example
 * ```ts
 * const { train, test } = temporalSplit(cleaned, { cutoff: '2011-11-01' });
 * const result = evaluate({ train, test, rank: (c, k) => popular.slice(0, k), k: [5] });
 * result.means['map@5'];
 * ```
 */
export function evaluate(options: EvaluateOptions): EvaluationResult {
  const start = performance.now();
  const ks = [...new Set(options.k ?? EVALUATE_DEFAULTS.k)];
  if (ks.length === 0) throw new MetricsError('INVALID_K', 'k', options.k, 'a non-empty list of positive integers');
  ks.forEach((k, i) => checkK(k, `k[${i}]`));
  const metrics = options.metrics ?? EVALUATE_DEFAULTS.metrics;
  for (const m of metrics) if (!METRIC_NAMES.includes(m)) throw new MetricsError('INVALID_OPTION', 'metrics', m, METRIC_NAMES.join(', '));
  if (typeof options.rank !== 'function') throw new MetricsError('INVALID_OPTION', 'rank', typeof options.rank, 'a function (customerId, k) => StockCodes');
  const maxK = Math.max(...ks);
  checkTable(options.test, 'test');
  if (options.train !== undefined) checkTable(options.train, 'train');
  const { customerIds, items } = itemsByCustomer(options.test);
  let seen: Map<string, Set<string>> | null = null;
  if (options.excludeSeen ?? EVALUATE_DEFAULTS.excludeSeen) {
    const t = itemsByCustomer(options.train);
    seen = new Map(t.customerIds.map((c, i) => [c, new Set(t.items[i])]));
  }
  const rankings: string[][] = [];
  const relevant: Set<string>[] = [];
  let rankMs = 0;
  for (let u = 0; u < customerIds.length; u++) {
    const id = customerIds[u]!;
    const s = seen?.get(id);
    const t0 = performance.now();
    let ranked = options.rank(id, s ? maxK + s.size : maxK);
    rankMs += performance.now() - t0;
    if (!Array.isArray(ranked)) throw new MetricsError('INVALID_RANKING', `rank(${JSON.stringify(id)})`, typeof ranked, 'an array of StockCodes');
    let rel = items[u]!;
    if (s) {
      ranked = ranked.filter((x) => !s.has(x));
      rel = rel.filter((x) => !s.has(x));
    }
    rankings.push(ranked.slice(0, maxK));
    relevant.push(new Set(rel));
  }
  const t1 = performance.now();
  const means: Record<string, number> = {};
  const perUser: Record<string, Float64Array> = {};
  let evaluated = 0;
  let skipped = 0;
  for (const k of ks) {
    const scored = scoreUsers(rankings, relevant, k, { ...(options.metricOptions ?? EVALUATE_DEFAULTS.metricOptions), emptyRelevant: 'skip' });
    for (const m of metrics) {
      means[`${m}@${k}`] = scored[m].value;
      perUser[`${m}@${k}`] = scored[m].perUser;
    }
    evaluated = scored.precision.users;
    skipped = scored.precision.skipped;
  }
  const end = performance.now();
  return {
    k: ks,
    metrics,
    means,
    perUser,
    customerIds,
    evaluated,
    skipped: skipped > 0 ? { 'no relevant item left after excluding seen items': skipped } : {},
    timingMs: { rank: rankMs, score: end - t1, total: end - start },
  };
}

/** A side-by-side comparison of several evaluations. */
export interface Comparison {
  /** The metric columns, `'<metric>@<k>'`. */
  readonly columns: readonly string[];
  /** One row per system: its name and its means. */
  readonly rows: readonly { readonly name: string; readonly means: Readonly<Record<string, number>> }[];
  /** Each system against the first on `metric`, paired over the users both scored. */
  readonly tests: readonly { readonly name: string; readonly against: string; readonly metric: string; readonly test: PairedTest }[];
  /** The comparison as a Markdown table, with the tests below it. */
  readonly table: string;
}

/** Options of {@link compareEvaluations}: the metric to test, and how to test it. */
export interface CompareOptions extends PairedTestOptions {
  /**
   * The column (`'<metric>@<k>'`) the systems are tested on.
   * @defaultValue computed from the results: `'map@5'` when the baseline has it, else the baseline's
   *   first column (so {@link compareEvaluations} has no defaults object of its own; the test's
   *   defaults are {@link PAIRED_TEST_DEFAULTS})
   */
  readonly metric?: string;
}

/**
 * Puts several evaluations side by side (means per metric and K) and tests each against the first
 * (the baseline) on one metric with a paired test over the users both evaluated.
 *
 * @param results - evaluations by system name; the first is the baseline
 * @param options - the metric to test and the paired test options
 * @returns the rows, the tests and a Markdown table
 * @throws {@link MetricsError} `INVALID_OPTION` for fewer than one result or an unknown metric
 * @example
 * ```ts
 * console.log(compareEvaluations({ popularity: a, itemKnn: b }, { metric: 'map@5' }).table);
 * ```
 */
export function compareEvaluations(results: Readonly<Record<string, EvaluationResult>>, options: CompareOptions = {}): Comparison {
  const names = Object.keys(results);
  if (names.length === 0) throw new MetricsError('INVALID_OPTION', 'results', results, 'at least one evaluation');
  const first = results[names[0]!]!;
  const columns = Object.keys(first.means);
  const metric = options.metric ?? (columns.includes('map@5') ? 'map@5' : columns[0]!);
  if (!columns.includes(metric)) throw new MetricsError('INVALID_OPTION', 'metric', metric, columns.join(', '));
  const rows = names.map((name) => ({ name, means: results[name]!.means }));
  const tests = names.slice(1).map((name) => {
    const other = results[name]!;
    const index = new Map(other.customerIds.map((c, i) => [c, i]));
    const a: number[] = [];
    const b: number[] = [];
    first.customerIds.forEach((c, i) => {
      const j = index.get(c);
      if (j === undefined) return;
      a.push(first.perUser[metric]![i]!);
      b.push(other.perUser[metric]![j]!);
    });
    return { name, against: names[0]!, metric, test: pairedTest(a, b, options) };
  });
  const fmt = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? 'n/a' : v.toFixed(4));
  const lines = [`| system | ${columns.join(' | ')} |`, `| --- | ${columns.map(() => '---:').join(' | ')} |`, ...rows.map((r) => `| ${r.name} | ${columns.map((c) => fmt(r.means[c])).join(' | ')} |`)];
  for (const t of tests) {
    lines.push('', `${t.name} vs ${t.against} on ${t.metric}: difference ${t.test.meanDifference.toFixed(4)} (95% interval ${t.test.interval.map((v) => v.toFixed(4)).join(' to ')}), p = ${t.test.pValue.toPrecision(3)} (${t.test.method}, ${t.test.users} users)`);
  }
  return { columns, rows, tests, table: lines.join('\n') };
}
