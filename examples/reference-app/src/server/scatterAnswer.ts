/**
 * `GET /api/scatter`: the customers of a filter as points in two of recency, frequency and
 * monetary (as of the analysis), coloured by RFM segment or cluster, a deterministic sample of at
 * most `limit`: the customers whose CustomerID hashes lowest (FNV-1a), so the same filter always
 * draws the same customers and a narrower filter keeps those it shares.
 */
import type { CustomerDirectory } from './customerDirectory.js';
import type { FilterEcho } from './filters.js';

/** An axis of the scatter. */
export const SCATTER_AXES = ['recency', 'frequency', 'monetary'] as const;
export type ScatterAxis = (typeof SCATTER_AXES)[number];

/** The answer of `GET /api/scatter`. */
export interface ScatterAnswer {
  readonly filter: FilterEcho;
  readonly x: ScatterAxis;
  readonly y: ScatterAxis;
  /** The filter's customers with an RFM row (the points before sampling). */
  readonly total: number;
  /** Whether `points` is a sample (total > limit). */
  readonly sampled: boolean;
  /** At most `limit` points, by CustomerID. */
  readonly points: readonly { readonly customerId: string; readonly x: number; readonly y: number; readonly rfmSegment: string; readonly cluster: string }[];
}

/** Options of {@link scatterAnswer}. */
export interface ScatterAnswerOptions {
  readonly directory: CustomerDirectory;
  /** The codes of the filter's customers (customerTotals.ts `present`). */
  readonly customers: Int32Array;
  readonly echo: FilterEcho;
  /**
   * The horizontal axis.
   * @defaultValue `'recency'`
   */
  readonly x?: ScatterAxis;
  /**
   * The vertical axis.
   * @defaultValue `'monetary'`
   */
  readonly y?: ScatterAxis;
  /**
   * The most points.
   * @defaultValue 3000
   */
  readonly limit?: number;
}

/** FNV-1a, 32 bits, of a string's UTF-16 code units. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * The scatter of a filter's customers. O(customers log customers).
 *
 * @example
 * ```ts
 * const a = scatterAnswer({ directory, customers: customerTotals({ table }).present, echo, x: 'recency', y: 'monetary', limit: 3000 });
 * [a.total, a.points.length, a.sampled];
 * // => [4324, 3000, true] (Online Retail, trusted preset)
 * ```
 */
export function scatterAnswer(options: ScatterAnswerOptions): ScatterAnswer {
  const { directory: d, customers, echo, x = 'recency', y = 'monetary', limit = 3000 } = options;
  let list: { c: number; h: number }[] = [];
  for (const c of customers) if (d.rfm[c]) list.push({ c, h: fnv1a(d.ids[c]!) });
  const total = list.length;
  if (total > limit) list = list.sort((a, b) => a.h - b.h || (d.ids[a.c]! < d.ids[b.c]! ? -1 : 1)).slice(0, limit);
  const points = list
    .map(({ c }) => {
      const r = d.rfm[c]!;
      return { customerId: d.ids[c]!, x: r[x], y: r[y], rfmSegment: r.rfmSegment, cluster: r.cluster };
    })
    .sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
  return { filter: echo, x, y, total, sampled: total > limit, points };
}
