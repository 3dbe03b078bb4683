import { distinctInGroups, groupRows, inGroupOrder } from './distinct.js';
import { groupTotals } from './groupTotals.js';
import type { RowGroups } from './distinct.js';
import { invalidOption } from './errors.js';
import { requireProducts } from './transactionTable.js';
import { checkTable } from './transactionTable.js';
import { checkRows } from './rowSelection.js';
import { subsetLayout, subsetTotals } from './subsetGroups.js';
import type { TransactionTable } from './transactionTable.js';

/** One product's totals, as {@link topProducts} and {@link productSummary} report them. */
export interface ProductSummaryRow {
  /** The StockCode. */
  readonly stockCode: string;
  /** The most frequent description on its rows (ties: the one first seen in the source), or `null`. */
  readonly description: string | null;
  /** Sum of quantity x unit price. */
  readonly revenue: number;
  /** Sum of quantities. */
  readonly quantity: number;
  /** Distinct invoices. */
  readonly orders: number;
  /** Distinct known customers. */
  readonly customers: number;
  /** Rows (invoice lines). */
  readonly lines: number;
}

/** What to rank products by. */
export type ProductRanking = 'revenue' | 'quantity' | 'orders' | 'customers';

/** Options of {@link productSummary}. */
export interface ProductSummaryOptions {
  /**
   * Aggregate only these rows: indices into `table`, as {@link selectRowIndices} or
   * {@link DateIndex.select} return them for a window of dates and a country. The result is exactly
   * the function's result on `selectRows(table, rows)` (same products, descriptions voted over these
   * rows only, the same numbers to the last bit) without copying the table: the scratch memory is
   * 16 bytes a selected row (a copy would hold 44) plus a counter or two per product, invoice,
   * customer and description, all freed on return. Any order is accepted, and repeated indices
   * count once per occurrence, as in {@link selectRows}; ascending order is the fastest, and sums are
   * compensated, so another order changes them at most in the last bits.
   * @defaultValue every row of the table
   */
  readonly rows?: Int32Array;
}

/** Options of {@link topProducts}. */
export interface TopProductsOptions extends ProductSummaryOptions {
  /**
   * The measure to rank by (descending; ties by StockCode ascending).
   * @defaultValue {@link TOP_PRODUCTS_DEFAULTS | TOP_PRODUCTS_DEFAULTS.by} (`'revenue'`)
   */
  readonly by?: ProductRanking;
  /**
   * How many products to return; `Infinity` for all.
   * @defaultValue {@link TOP_PRODUCTS_DEFAULTS | TOP_PRODUCTS_DEFAULTS.limit} (`10`)
   */
  readonly limit?: number;
}

/**
 * The defaults of {@link topProducts}, in one place: the ten products with the most revenue. `rows`
 * has no default value: without it every row is aggregated.
 *
 * @example
 * ```ts
 * TOP_PRODUCTS_DEFAULTS;
 * // => { by: 'revenue', limit: 10 }
 * ```
 */
export const TOP_PRODUCTS_DEFAULTS: Readonly<Required<Omit<TopProductsOptions, 'rows'>>> = Object.freeze({
  by: 'revenue',
  limit: 10,
});

/**
 * Totals for every product present in the table, indexed by StockCode code (entries of codes no
 * row uses have `lines === 0`), over every row or over the `rows` given. O(n + products +
 * descriptions), or O(rows + products + invoices + customers + descriptions) with `rows`; sums are
 * compensated, so they do not depend on row order beyond the last bits.
 *
 * @param table - a (usually cleaned) table
 * @param options - the rows to aggregate (every row by default)
 * @returns one row per StockCode code
 * @throws {@link CoreError} `INVALID_OPTION` when `rows` is not an Int32Array of row indices of `table`
 * @throws {@link CoreError} `NO_PRODUCTS` for a log without products
 * @example
 * ```ts
 * productSummary(table)[0];
 * // => { stockCode: '85123A', description: 'WHITE HANGING HEART T-LIGHT HOLDER', revenue: ..., ... }
 * const rows = selectRowIndices(table, { country: 'France' });
 * productSummary(table, { rows })[0];
 * // => { stockCode: '85123A', description: 'WHITE HANGING HEART T-LIGHT HOLDER', revenue: 131.75, quantity: 49, orders: 3, customers: 3, lines: 3 } (its French lines)
 * ```
 */
export function productSummary(table: TransactionTable, options: ProductSummaryOptions = {}): ProductSummaryRow[] {
  checkTable(table);
  requireProducts(table, 'productSummary');
  const t = options.rows === undefined ? allRowTotals(table) : selectedRowTotals(table, checkRows(table, options.rows));
  const d = table.dictionaries;
  const p = d.stockCode.length;
  const out: ProductSummaryRow[] = new Array(p);
  for (let s = 0; s < p; s++) {
    const desc = t.descriptions[s]!;
    out[s] = {
      stockCode: d.stockCode[s]!,
      description: desc < 0 ? null : d.description[desc]!,
      revenue: t.revenue[s]!,
      quantity: t.quantity[s]!,
      orders: t.orders[s]!,
      customers: t.customers[s]!,
      lines: t.lines[s]!,
    };
  }
  return out;
}

/** The per-product columns behind {@link productSummary}. */
interface ProductTotals {
  readonly revenue: Float64Array;
  readonly quantity: Float64Array;
  readonly lines: Int32Array;
  readonly orders: Int32Array;
  readonly customers: Int32Array;
  readonly descriptions: Int32Array;
}

function allRowTotals(table: TransactionTable): ProductTotals {
  const c = table.columns;
  const d = table.dictionaries;
  const p = d.stockCode.length;
  const { revenue, items: quantity, lines } = groupTotals(table, c.stockCode, p);
  const groups = groupRows(c.stockCode, p);
  const orders = distinctInGroups(groups, c.invoice, d.invoice.length);
  const customers = distinctInGroups(groups, c.customer, d.customer.length);
  const descriptions = mostFrequentDescription(table, groups);
  return { revenue, quantity, lines, orders, customers, descriptions };
}

/**
 * The same columns over some rows, without copying the table: sums in the order the rows are given,
 * then the rows' invoice, customer and description codes laid out by product (a stable counting
 * sort), each product's codes read once for its distinct invoices and customers (stamped) and its
 * description vote (the rule of {@link mostFrequentDescription}).
 */
function selectedRowTotals(table: TransactionTable, rows: Int32Array): ProductTotals {
  const { stockCode, description, invoice, customer } = table.columns;
  const d = table.dictionaries;
  const p = d.stockCode.length;
  const m = rows.length;
  const product = new Int32Array(m);
  for (let j = 0; j < m; j++) product[j] = stockCode[rows[j]!]!;
  const { revenue, items: quantity, lines } = subsetTotals(table, rows, product, p);
  const { start, codes } = subsetLayout(rows, product, p, [invoice, customer, description]);
  const orders = new Int32Array(p);
  const customers = new Int32Array(p);
  const descriptions = new Int32Array(p).fill(-1);
  const invoiceSeen = new Int32Array(d.invoice.length).fill(-1);
  const customerSeen = new Int32Array(d.customer.length).fill(-1);
  const votes = new Int32Array(d.description.length);
  for (let s = 0; s < p; s++) {
    const from = start[s]! * 3;
    const to = start[s + 1]! * 3;
    if (from === to) continue;
    let nOrders = 0;
    let nCustomers = 0;
    let top = -1;
    let topCount = 0;
    for (let k = from; k < to; k += 3) {
      const inv = codes[k]!;
      if (inv >= 0 && invoiceSeen[inv] !== s) {
        invoiceSeen[inv] = s;
        nOrders++;
      }
      const cu = codes[k + 1]!;
      if (cu >= 0 && customerSeen[cu] !== s) {
        customerSeen[cu] = s;
        nCustomers++;
      }
      const de = codes[k + 2]!;
      if (de >= 0) {
        const c = ++votes[de]!;
        if (c > topCount || (c === topCount && de < top)) {
          top = de;
          topCount = c;
        }
      }
    }
    for (let k = from + 2; k < to; k += 3) {
      const de = codes[k]!;
      if (de >= 0) votes[de] = 0;
    }
    orders[s] = nOrders;
    customers[s] = nCustomers;
    descriptions[s] = top;
  }
  return { revenue, quantity, lines, orders, customers, descriptions };
}

/**
 * For each StockCode code, the description code written most often on its rows (-1 if none);
 * ties go to the lower description code, i.e. the description first seen in the source.
 * O(n + products + descriptions), no hashing.
 *
 * @param table - any table
 * @param groups - the table's rows grouped by StockCode, if already computed
 * @returns description code per StockCode code
 * @example
 * ```ts
 * const best = mostFrequentDescription(table);
 * table.dictionaries.description[best[0]];
 * // => 'WHITE HANGING HEART T-LIGHT HOLDER'
 * ```
 */
export function mostFrequentDescription(table: TransactionTable, groups?: RowGroups): Int32Array {
  const { stockCode, description } = table.columns;
  const g = groups ?? groupRows(stockCode, table.dictionaries.stockCode.length);
  const counts = new Int32Array(table.dictionaries.description.length);
  const best = new Int32Array(g.count).fill(-1);
  const sorted = inGroupOrder(g, description);
  for (let s = 0; s < g.count; s++) {
    let top = -1;
    let topCount = 0;
    const from = g.start[s]!;
    const to = g.start[s + 1]!;
    for (let k = from; k < to; k++) {
      const d = sorted[k]!;
      if (d < 0) continue;
      const c = ++counts[d]!;
      if (c > topCount || (c === topCount && d < top)) {
        top = d;
        topCount = c;
      }
    }
    for (let k = from; k < to; k++) {
      const d = sorted[k]!;
      if (d >= 0) counts[d] = 0;
    }
    best[s] = top;
  }
  return best;
}

/**
 * The top products by revenue, quantity, number of orders or number of customers.
 *
 * Definitions: revenue = sum of quantity x unit price; orders = distinct invoices; customers =
 * distinct known CustomerIDs; description = the most frequent on the product's rows. Products with
 * no rows are left out. Order: the chosen measure descending, then StockCode ascending.
 * O(n + p log p); with `rows`, over those rows only (a date window, a country: see
 * {@link selectRowIndices} and {@link dateIndex}), exactly as on `selectRows(table, rows)` and without
 * the copy, in O(rows + p log p + invoices + customers + descriptions).
 *
 * @param table - a (usually cleaned) table
 * @param options - ranking measure, limit and the rows to aggregate
 * @returns up to `limit` products
 * @throws {@link CoreError} `INVALID_OPTION` for an unknown `by`, a limit that is not a positive
 * integer, or `rows` that is not an Int32Array of row indices of `table`
 * @example
 * ```ts
 * topProducts(cleaned, { by: 'revenue', limit: 1 })[0].stockCode;
 * // => '23843' (PAPER CRAFT , LITTLE BIRDIE: one order of 80,995, on the notebook-cleaned Online Retail data)
 * const trusted = cleanTransactions(raw).table; // the default preset
 * const rows = dateIndex(trusted).select({ from: Date.UTC(2011, 11, 1), country: 'France' });
 * topProducts(trusted, { rows, limit: 1 })[0];
 * // => { stockCode: '23084', description: 'RABBIT NIGHT LIGHT', revenue: 510, quantity: 282, orders: 7, customers: 7, lines: 7 } (France, December 2011)
 * ```
 */
export function topProducts(table: TransactionTable, options: TopProductsOptions = {}): ProductSummaryRow[] {
  checkTable(table);
  requireProducts(table, 'topProducts');
  const by = options.by ?? TOP_PRODUCTS_DEFAULTS.by;
  if (!['revenue', 'quantity', 'orders', 'customers'].includes(by)) invalidOption('by', by, "'revenue', 'quantity', 'orders' or 'customers'");
  const limit = checkLimit(options.limit ?? TOP_PRODUCTS_DEFAULTS.limit);
  return productSummary(table, options.rows === undefined ? {} : { rows: options.rows })
    .filter((r) => r.lines > 0)
    .sort((a, b) => b[by] - a[by] || compareText(a.stockCode, b.stockCode))
    .slice(0, limit);
}

/**
 * Checks a `limit` option: a positive integer or Infinity.
 */
export function checkLimit(limit: number): number {
  if (!(limit === Infinity || (Number.isInteger(limit) && limit > 0))) invalidOption('limit', limit, 'a positive integer or Infinity');
  return limit;
}

/**
 * Code-unit order, independent of locale.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
