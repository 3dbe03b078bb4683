/**
 * `GET /api/customers`: the customers of a filter (those with a selected row), searchable by a
 * CustomerID prefix, sortable and paginated; R, F and M as of the analysis, revenue and orders
 * within the filter.
 */
import type { CustomerDirectory } from './customerDirectory.js';
import type { CustomerTotals } from './customerTotals.js';
import type { FilterEcho } from './filters.js';
import { round } from './numbers.js';

/** One customer of the list. */
export interface CustomerListRow {
  readonly customerId: string;
  readonly country: string | null;
  /** Days since the last order, as of the analysis. */
  readonly recency: number | null;
  /** Orders, as of the analysis. */
  readonly frequency: number | null;
  /** Spend, as of the analysis. */
  readonly monetary: number | null;
  /** The RFM score, such as `'545'`. */
  readonly score: string | null;
  readonly rfmSegment: string | null;
  readonly cluster: string | null;
  /** Revenue within the filter, rounded to cents. */
  readonly revenue: number;
  /** Orders within the filter. */
  readonly orders: number;
  /** Discounted spend expected over the next 12 months (BG/NBD + Gamma-Gamma, as of the analysis); null for a set without `clv.csv`. */
  readonly clv12m: number | null;
  /** The probability the customer has not lapsed for good (0 to 1); null for a set without `clv.csv`. */
  readonly pAlive: number | null;
  /** Repeat purchase days expected in the next 12 months; null for a set without `clv.csv`. */
  readonly expectedPurchases12m: number | null;
}

/** The sort keys of the list. */
export const CUSTOMER_SORTS = ['revenue', 'recency', 'frequency', 'monetary', 'customerId', 'country', 'orders', 'clv12m', 'pAlive'] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

/** Options of {@link customerList}. */
export interface CustomerListOptions {
  readonly directory: CustomerDirectory;
  /** The filter's per-customer totals. */
  readonly totals: CustomerTotals;
  readonly echo: FilterEcho;
  /**
   * A CustomerID prefix (case-insensitive).
   * @defaultValue every customer
   */
  readonly q?: string;
  /**
   * The sort key.
   * @defaultValue `'revenue'`
   */
  readonly sort?: CustomerSort;
  /**
   * The order (ties always by CustomerID ascending).
   * @defaultValue `'desc'`
   */
  readonly order?: 'asc' | 'desc';
  /**
   * The page, from 1.
   * @defaultValue 1
   */
  readonly page?: number;
  /**
   * Rows a page; `Infinity` for every row (the CSV).
   * @defaultValue 50
   */
  readonly pageSize?: number;
}

/** The answer of `GET /api/customers`. */
export interface CustomerListAnswer {
  readonly filter: FilterEcho;
  /** Customers matching the filter and `q`, all pages. */
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly sort: CustomerSort;
  readonly order: 'asc' | 'desc';
  readonly q: string | null;
  readonly rows: readonly CustomerListRow[];
}

const compareText = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);

/**
 * One page of the filter's customers. O(customers log customers).
 *
 * @example
 * ```ts
 * customerList({ directory, totals: customerTotals({ table }), echo, sort: 'revenue', pageSize: 1 }).rows[0].customerId;
 * // => '14646' (Online Retail, trusted preset: the largest spender)
 * ```
 */
export function customerList(options: CustomerListOptions): CustomerListAnswer {
  const { directory: d, totals, echo, q, sort = 'revenue', order = 'desc', page = 1, pageSize = 50 } = options;
  const prefix = q?.toLowerCase();
  const rows: CustomerListRow[] = [];
  for (const c of totals.present) {
    const id = d.ids[c]!;
    if (prefix !== undefined && !id.toLowerCase().startsWith(prefix)) continue;
    const r = d.rfm[c];
    rows.push({
      customerId: id,
      country: d.country[c] ?? null,
      recency: r?.recency ?? null,
      frequency: r?.frequency ?? null,
      monetary: r?.monetary ?? null,
      score: r?.score ?? null,
      rfmSegment: r?.rfmSegment ?? null,
      cluster: r?.cluster ?? null,
      revenue: round(totals.revenue[c]!, 2),
      orders: totals.orders[c]!,
      clv12m: r?.value?.clv12m ?? null,
      pAlive: r?.value?.pAlive ?? null,
      expectedPurchases12m: r?.value?.expectedPurchases12m ?? null,
    });
  }
  const sign = order === 'asc' ? 1 : -1;
  const byId = (a: CustomerListRow, b: CustomerListRow) => compareText(a.customerId, b.customerId);
  const key =
    sort === 'customerId'
      ? (a: CustomerListRow, b: CustomerListRow) => sign * byId(a, b)
      : sort === 'country'
        ? (a: CustomerListRow, b: CustomerListRow) => sign * compareText(a.country, b.country) || byId(a, b)
        : (a: CustomerListRow, b: CustomerListRow) => {
            const x = a[sort];
            const y = b[sort];
            // a customer without the value sorts last either way
            if (x === null || y === null) return x === y ? byId(a, b) : x === null ? 1 : -1;
            return sign * (x - y) || byId(a, b);
          };
  rows.sort(key);
  const start = Number.isFinite(pageSize) ? (page - 1) * pageSize : 0;
  return { filter: echo, total: rows.length, page, pageSize: Number.isFinite(pageSize) ? pageSize : rows.length, sort, order, q: q ?? null, rows: Number.isFinite(pageSize) ? rows.slice(start, start + pageSize) : rows };
}
