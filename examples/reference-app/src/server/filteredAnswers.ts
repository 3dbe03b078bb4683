/**
 * The answers of `GET /api/sales` and `GET /api/products/top`, aggregated over a
 * selection of the served table's rows in place: the selection is passed to the core aggregations
 * as their `rows` option, so no request copies the table, and the answer is exactly the one the same
 * aggregations give on `selectRows(table, rows)` (filteredAnswers.test.ts compares them byte for byte).
 */
import { salesTrend, topProducts } from '@shopper-spectrum/core';
import type { ProductRanking, ProductSummaryRow, TransactionTable, TrendInterval } from '@shopper-spectrum/core';
import { salesTrendChart, topProductsChart } from '../charts.js';
import type { ChartSpec } from '../charts.js';
import type { FilterEcho } from './filters.js';
import { round } from './numbers.js';
import { isPartial } from './periods.js';
import type { DayRange } from './periods.js';

/** The rows an answer aggregates: some rows of a table, or all of them. */
export interface Selection {
  /** The table. */
  readonly table: TransactionTable;
  /**
   * Ascending row indices into `table` (as `TableFilters.rows` gives them).
   * @defaultValue every row of the table
   */
  readonly rows?: Int32Array | undefined;
}

/** The headline figures of a selection. */
export interface Kpis {
  /** Sum of quantity x unit price, rounded to cents. */
  readonly revenue: number;
  /** Distinct invoices. */
  readonly orders: number;
  /** Distinct known customers. */
  readonly customers: number;
  /** Distinct StockCodes. */
  readonly products: number;
  /** Rows (invoice lines). */
  readonly rows: number;
  /** Revenue / orders, rounded to cents (0 without orders). */
  readonly averageOrderValue: number;
}

/** Options of {@link salesAnswer}. */
export interface SalesAnswerOptions extends Selection {
  /** The filters the answer echoes. */
  readonly echo: FilterEcho;
  /**
   * The period of the points.
   * @defaultValue `'month'` (the route's default)
   */
  readonly interval?: TrendInterval;
  /**
   * Whether to add the Vega-Lite chart of the points.
   * @defaultValue false
   */
  readonly chart?: boolean;
  /**
   * The days the answer covers (the data's days cut by the filter's dates, see `coveredDays`): a
   * period not wholly inside them is marked `partial`.
   * @defaultValue every day: no period is partial
   */
  readonly covered?: DayRange;
}

/** Options of {@link topAnswer}. */
export interface TopAnswerOptions extends Selection {
  /** The filters the answer echoes. */
  readonly echo: FilterEcho;
  /**
   * The measure to rank by.
   * @defaultValue `'revenue'`
   */
  readonly by?: ProductRanking;
  /**
   * How many products.
   * @defaultValue 50 (the route's default)
   */
  readonly limit?: number;
  /**
   * Whether to add the Vega-Lite chart of the first 15.
   * @defaultValue false
   */
  readonly chart?: boolean;
}


/**
 * Revenue, orders, customers, products and rows of a selection, in one pass over it: O(rows +
 * invoices + customers + products) time, a byte per invoice, customer and product of scratch memory.
 *
 * @example
 * ```ts
 * // the served table of Online Retail (default, trusted preset); filters = new TableFilters(table)
 * selectionKpis({ table, rows: filters.rows(filters.parse({ country: 'France' })) });
 * // => { revenue: 181555.74, orders: 377, customers: 87, products: 1512, rows: 7958, averageOrderValue: 481.58 }
 * ```
 */
export function selectionKpis(selection: Selection): Kpis {
  const { table, rows } = selection;
  const { quantity, unitPrice, invoice, customer, stockCode } = table.columns;
  const d = table.dictionaries;
  const seenInvoice = new Uint8Array(d.invoice.length);
  const seenCustomer = new Uint8Array(d.customer.length);
  const seenProduct = new Uint8Array(d.stockCode.length);
  let revenue = 0;
  let orders = 0;
  let customers = 0;
  let products = 0;
  const n = rows === undefined ? table.length : rows.length;
  for (let r = 0; r < n; r++) {
    const i = rows === undefined ? r : rows[r]!;
    revenue += quantity[i]! * unitPrice[i]!;
    if (!seenInvoice[invoice[i]!]) ((seenInvoice[invoice[i]!] = 1), orders++);
    const c = customer[i]!;
    if (c >= 0 && !seenCustomer[c]) ((seenCustomer[c] = 1), customers++);
    if (!seenProduct[stockCode[i]!]) ((seenProduct[stockCode[i]!] = 1), products++);
  }
  return { revenue: round(revenue, 2), orders, customers, products, rows: n, averageOrderValue: orders ? round(revenue / orders, 2) : 0 };
}

/** The answer of `GET /api/sales`. */
export interface SalesAnswer {
  readonly filter: FilterEcho;
  readonly interval: TrendInterval;
  readonly kpis: Kpis;
  /**
   * A period a point; `partial` when the covered days cut the period (the data's end, its start,
   * or the filter's dates); `rolling7` (days only) the mean revenue of the day and the six before
   * it (of the days the answer has: fewer at its start), rounded to cents.
   */
  readonly points: readonly { period: string; revenue: number; orders: number; customers: number; items: number; partial: boolean; rolling7?: number }[];
  readonly chart?: ChartSpec;
}

/**
 * The answer of `GET /api/sales`: the selection's KPIs and its sales by period (salesTrend with the
 * selection as `rows`), revenue rounded to cents, each period flagged `partial` when the covered
 * days cut it, a 7-day rolling mean of revenue for days, and the chart when asked. O(rows +
 * periods + invoices + customers).
 *
 * @example
 * ```ts
 * const f = filters.parse({ from: '2011-09-01', to: '2011-11-30', country: 'France' });
 * salesAnswer({ table, rows: filters.rows(f), echo: f.echo, interval: 'month' }).points[0];
 * // => { period: '2011-09-01', revenue: 21798.4, orders: 45, customers: 36, items: 12875, partial: false } (Online Retail, trusted preset)
 * ```
 */
export function salesAnswer(options: SalesAnswerOptions): SalesAnswer {
  const { table, rows, echo, interval = 'month', chart = false, covered = { from: -Infinity, toExclusive: Infinity } } = options;
  const points = salesTrend(table, rows === undefined ? { interval } : { interval, rows });
  let window = 0;
  return {
    filter: echo,
    interval,
    kpis: selectionKpis({ table, rows }),
    points: points.map((p, i) => {
      const point = { period: p.period.slice(0, 10), revenue: round(p.revenue, 2), orders: p.orders, customers: p.customers, items: p.items, partial: isPartial(p.start, interval, covered) };
      if (interval !== 'day') return point;
      // days are consecutive (empty ones included), so the last 7 points are the last 7 days
      window += p.revenue - (i >= 7 ? points[i - 7]!.revenue : 0);
      return { ...point, rolling7: round(window / Math.min(i + 1, 7), 2) };
    }),
    ...(chart ? { chart: salesTrendChart(points, `Revenue by ${interval}`) } : {}),
  };
}

/** The answer of `GET /api/products/top`. */
export interface TopAnswer {
  readonly filter: FilterEcho;
  readonly by: ProductRanking;
  readonly limit: number;
  readonly rows: readonly ProductSummaryRow[];
  readonly chart?: ChartSpec;
}

/**
 * The answer of `GET /api/products/top`: the selection's top products (topProducts with the
 * selection as `rows`), revenue rounded to cents, and the chart of the first 15 when asked.
 * O(rows + products log products + invoices + customers + descriptions).
 *
 * @example
 * ```ts
 * const f = filters.parse({ from: '2011-09-01', to: '2011-11-30', country: 'France' });
 * topAnswer({ table, rows: filters.rows(f), echo: f.echo, by: 'orders', limit: 3 }).rows.map((r) => [r.stockCode, r.orders]);
 * // => [['23084', 40], ['21731', 27], ['22326', 27]] (Online Retail, trusted preset)
 * ```
 */
export function topAnswer(options: TopAnswerOptions): TopAnswer {
  const { table, rows, echo, by = 'revenue', limit = 50, chart = false } = options;
  const top = topProducts(table, rows === undefined ? { by, limit } : { by, limit, rows }).map((r) => ({ ...r, revenue: round(r.revenue, 2) }));
  return { filter: echo, by, limit, rows: top, ...(chart ? { chart: topProductsChart(top.slice(0, 15), `Top products by ${by}`, by) } : {}) };
}
