/**
 * The segment routes within a filter: `GET /api/segments` (every RFM segment and cluster: its
 * customers with a selected row, their revenue and its share, the median R, F and M as of the
 * analysis) and `GET /api/segments/:name` (one segment or cluster, with its months).
 */
import { salesTrend } from '@shopper-spectrum/core';
import type { TransactionTable } from '@shopper-spectrum/core';
import type { CustomerDirectory } from './customerDirectory.js';
import type { CustomerGroups } from './customerGroups.js';
import type { CustomerTotals } from './customerTotals.js';
import type { FilterEcho } from './filters.js';
import { median, round, share } from './numbers.js';
import { isPartial, isoDay, monthStarts } from './periods.js';
import type { DayRange } from './periods.js';

/** One segment's figures within a filter (the shape of analysis.json's `rfmSegments` rows). */
export interface GroupStats {
  readonly segment: string;
  /** Customers of the segment with a selected row. */
  readonly customers: number;
  /** Their share of the filter's customers. */
  readonly customerShare: number;
  /** Their revenue within the filter. */
  readonly revenue: number;
  /** Its share of the filter's revenue. */
  readonly revenueShare: number;
  /** Median recency, frequency and monetary of those customers, as of the analysis (null for none). */
  readonly medianRecency: number | null;
  readonly medianFrequency: number | null;
  readonly medianMonetary: number | null;
  /** Revenue / orders within the filter (0 without orders). */
  readonly averageOrderValue: number;
  /** Mean 12-month CLV of those customers, as of the analysis (`clv.csv`); null when none has one (a set without clv.csv, or none in the filter). */
  readonly meanClv: number | null;
  /** Their total 12-month CLV; null as `meanClv`. */
  readonly totalClv: number | null;
  /** Their mean P(alive); null as `meanClv`. */
  readonly meanPAlive: number | null;
}

/** Customer value over a set of customers, from `clv.csv` as of the analysis. */
export interface ValueStats {
  /** Customers of the set with a CLV. */
  readonly customers: number;
  readonly totalClv: number | null;
  readonly meanClv: number | null;
  readonly meanPAlive: number | null;
}

/**
 * Total and mean 12-month CLV and mean P(alive) of the given customer codes (those with a value in
 * `clv.csv`); nulls when none has one. O(customers).
 *
 * @example
 * ```ts
 * valueStats({ customers: totals.present, directory });
 * // => { customers: 400, totalClv: 123456.78, meanClv: 308.64, meanPAlive: 0.8123 }
 * ```
 */
export function valueStats(options: { readonly customers: ArrayLike<number>; readonly directory: CustomerDirectory }): ValueStats {
  const { customers, directory } = options;
  let n = 0;
  let clv = 0;
  let alive = 0;
  for (let i = 0; i < customers.length; i++) {
    const v = directory.rfm[customers[i]!]?.value;
    if (v === undefined) continue;
    n++;
    clv += v.clv12m;
    alive += v.pAlive;
  }
  return n === 0 ? { customers: 0, totalClv: null, meanClv: null, meanPAlive: null } : { customers: n, totalClv: round(clv, 2), meanClv: round(clv / n, 2), meanPAlive: round(alive / n, 4) };
}

/**
 * The figures of every group of a segmentation within a filter, in the segmentation's order (a
 * group without a customer in the filter included, with zeros). Without a filter they are those of
 * analysis.json's `rfmSegments`. O(customers log customers).
 *
 * @example
 * ```ts
 * groupStats({ groups: segmentations.rfm, totals: customerTotals({ table }), directory })[0];
 * // => { segment: 'High-Value', customers: 1185, revenue: 6238587.57, medianRecency: 16, ... } (Online Retail, trusted preset)
 * ```
 */
export function groupStats(options: { readonly groups: CustomerGroups; readonly totals: CustomerTotals; readonly directory: CustomerDirectory }): GroupStats[] {
  const { groups, totals, directory } = options;
  const k = groups.names.length;
  const members: number[][] = groups.names.map(() => []);
  for (const c of totals.present) {
    const g = groups.of[c]!;
    if (g >= 0) members[g]!.push(c);
  }
  const customers = totals.present.length;
  return groups.names.slice(0, k).map((segment, g) => {
    const list = members[g]!;
    let revenue = 0;
    let orders = 0;
    for (const c of list) ((revenue += totals.revenue[c]!), (orders += totals.orders[c]!));
    const value = valueStats({ customers: list, directory });
    const values = (pick: 'recency' | 'frequency' | 'monetary') => list.map((c) => directory.rfm[c]?.[pick]).filter((x): x is number => x !== undefined);
    const m = (pick: 'recency' | 'frequency' | 'monetary') => {
      const v = median(values(pick));
      return v === null ? null : round(v, 2);
    };
    return {
      segment,
      customers: list.length,
      customerShare: share(list.length, customers),
      revenue: round(revenue, 2),
      revenueShare: share(revenue, totals.totalRevenue),
      medianRecency: m('recency'),
      medianFrequency: m('frequency'),
      medianMonetary: m('monetary'),
      averageOrderValue: orders ? round(revenue / orders, 2) : 0,
      meanClv: value.meanClv,
      totalClv: value.totalClv,
      meanPAlive: value.meanPAlive,
    };
  });
}

/** The answer of `GET /api/segments/:name`. */
export interface SegmentDetail {
  readonly filter: FilterEcho;
  readonly name: string;
  readonly kind: 'rfm' | 'cluster';
  /** Customers of the segment with a row in the filter. */
  readonly customers: number;
  /** Their revenue within the filter, rounded to cents. */
  readonly revenue: number;
  /** Its share of the filter's revenue (the filter without this segment). */
  readonly revenueShare: number;
  /** Median R, F and M of those customers, as of the analysis. */
  readonly median: { readonly recency: number | null; readonly frequency: number | null; readonly monetary: number | null };
  /** For a cluster: why it has its name (its centroid in words); null for an RFM segment. */
  readonly reason: string | null;
  /** Mean and total 12-month CLV and mean P(alive) of those customers, as of the analysis; null for a set without clv.csv. */
  readonly meanClv: number | null;
  readonly totalClv: number | null;
  readonly meanPAlive: number | null;
  /**
   * The segment's customers buying and their revenue in every month the filter covers (the data's
   * months cut by the filter's dates), a month without a purchase included with zeros; `partial`
   * for a month the covered days cut, as `GET /api/sales` flags it.
   */
  readonly monthly: readonly { readonly period: string; readonly customers: number; readonly revenue: number; readonly partial: boolean }[];
}

/** Options of {@link segmentDetail}. */
export interface SegmentDetailOptions {
  readonly table: TransactionTable;
  /** The rows of the filter and the segment together. */
  readonly rows: Int32Array | undefined;
  /** The segment's figures within the filter (from {@link groupStats}). */
  readonly stats: GroupStats;
  readonly kind: 'rfm' | 'cluster';
  readonly echo: FilterEcho;
  readonly reason: string | null;
  /** The days the filter covers. */
  readonly covered: DayRange;
}

/**
 * One segment within a filter, with every month the filter covers (core `salesTrend` over the
 * segment's rows, a month without one of its purchases given zeros). O(rows of the segment + months).
 *
 * @example
 * ```ts
 * segmentDetail({ table, rows, stats, kind: 'rfm', echo, reason: null, covered }).monthly.at(-1);
 * // => { period: '2011-12-01', customers: 417, revenue: 284913.57, partial: true } (Online Retail, trusted preset, High-Value: 9 of 31 days)
 * ```
 */
export function segmentDetail(options: SegmentDetailOptions): SegmentDetail {
  const { table, rows, stats, kind, echo, reason, covered } = options;
  const months = rows !== undefined && rows.length === 0 ? [] : salesTrend(table, rows === undefined ? { interval: 'month' } : { interval: 'month', rows });
  const byStart = new Map(months.map((p) => [p.start, p]));
  return {
    filter: echo,
    name: stats.segment,
    kind,
    customers: stats.customers,
    revenue: stats.revenue,
    revenueShare: stats.revenueShare,
    median: { recency: stats.medianRecency, frequency: stats.medianFrequency, monetary: stats.medianMonetary },
    reason,
    meanClv: stats.meanClv,
    totalClv: stats.totalClv,
    meanPAlive: stats.meanPAlive,
    monthly: monthStarts(covered).map((start) => {
      const p = byStart.get(start);
      return { period: isoDay(start), customers: p?.customers ?? 0, revenue: p ? round(p.revenue, 2) : 0, partial: isPartial(start, 'month', covered) };
    }),
  };
}
