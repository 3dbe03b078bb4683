import { RfmError } from './errors.js';
import { median } from './quantile.js';
import type { RfmTable } from './rfmTable.js';
import type { Segmentation } from './segmentRfm.js';

/** One segment as a marketer reads it. */
export interface SegmentSummaryRow {
  /** Segment name (`'(unmatched)'` for customers in a hole of the map). */
  readonly segment: string;
  /** Customers in it. */
  readonly customers: number;
  /** Its share of all customers. */
  readonly customerShare: number;
  /** Sum of its customers' monetary value. */
  readonly revenue: number;
  /** Its share of all revenue. */
  readonly revenueShare: number;
  /** Median recency (days) of its customers. */
  readonly medianRecency: number;
  /** Median frequency. */
  readonly medianFrequency: number;
  /** Median monetary value. */
  readonly medianMonetary: number;
  /** Revenue per invoice: sum of monetary / sum of frequency. */
  readonly averageOrderValue: number;
}

/**
 * Per segment, in the map's order: customers and their share, revenue and its share, median R, F
 * and M, and average order value. A row `'(unmatched)'` is added when some customers matched no
 * segment. Medians use linear interpolation (numpy's default). O(n log n).
 *
 * @param rfm - the RFM table the scores were computed from
 * @param segmentation - its segmentation ({@link segmentRfm})
 * @returns one row per segment
 * @throws {@link RfmError} `INVALID_ARGUMENT` when the two do not describe the same customers
 * @example
 * ```ts
 * segmentSummary(rfm, segmentRfm(rfmScores(rfm), BUSINESS_SEGMENTS))[0];
 * // => { segment: 'High-Value', customers: ..., customerShare: ..., revenue: ..., revenueShare: ..., ... }
 * ```
 */
export function segmentSummary(rfm: RfmTable, segmentation: Segmentation): SegmentSummaryRow[] {
  const n = rfm.length;
  if (segmentation.customerIds.length !== n || (n > 0 && segmentation.customerIds[0] !== rfm.customerIds[0])) {
    throw new RfmError('INVALID_ARGUMENT', 'segmentation', `${segmentation.customerIds.length} customers`, `the ${n} customers of rfm, in the same order`);
  }
  const k = segmentation.names.length;
  const members: number[][] = Array.from({ length: k + 1 }, () => []);
  for (let i = 0; i < n; i++) {
    const s = segmentation.segment[i]!;
    members[s < 0 ? k : s]!.push(i);
  }
  let total = 0;
  for (let i = 0; i < n; i++) total += rfm.monetary[i]!;
  const rows: SegmentSummaryRow[] = [];
  for (let s = 0; s <= k; s++) {
    const idx = members[s]!;
    if (s === k && idx.length === 0) continue;
    let revenue = 0;
    let orders = 0;
    for (const i of idx) {
      revenue += rfm.monetary[i]!;
      orders += rfm.frequency[i]!;
    }
    rows.push({
      segment: s === k ? '(unmatched)' : segmentation.names[s]!,
      customers: idx.length,
      customerShare: n === 0 ? 0 : idx.length / n,
      revenue,
      revenueShare: total === 0 ? 0 : revenue / total,
      medianRecency: median(idx.map((i) => rfm.recency[i]!)),
      medianFrequency: median(idx.map((i) => rfm.frequency[i]!)),
      medianMonetary: median(idx.map((i) => rfm.monetary[i]!)),
      averageOrderValue: orders === 0 ? NaN : revenue / orders,
    });
  }
  return rows;
}
