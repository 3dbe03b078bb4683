import { distinctInGroups, groupRows, inGroupOrder } from './distinct.js';
import { groupTotals } from './groupTotals.js';
import type { RowGroups } from './distinct.js';
import { invalidOption } from './errors.js';
import { requireProducts } from './transactionTable.js';
import { checkTable } from './transactionTable.js';
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

/** Options of {@link topProducts}. */
export interface TopProductsOptions {
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
 * The defaults of {@link topProducts}, in one place: the ten products with the most revenue.
 *
 * @example
 * ```ts
 * TOP_PRODUCTS_DEFAULTS;
 * // => { by: 'revenue', limit: 10 }
 * ```
 */
export const TOP_PRODUCTS_DEFAULTS: Readonly<Required<TopProductsOptions>> = Object.freeze({
  by: 'revenue',
  limit: 10,
});

/**
 * Totals for every product present in the table, indexed by StockCode code (entries of codes no
 * row uses have `lines === 0`). O(n + products + descriptions); sums are compensated, so they do not
 * depend on row order beyond the last bits.
 *
 * @param table - a (usually cleaned) table
 * @returns one row per StockCode code
 * @example
 * ```ts
 * productSummary(table)[0];
 * // => { stockCode: '85123A', description: 'WHITE HANGING HEART T-LIGHT HOLDER', revenue: ..., ... }
 * ```
 */
export function productSummary(table: TransactionTable): ProductSummaryRow[] {
  checkTable(table);
  requireProducts(table, 'productSummary');
  const c = table.columns;
  const d = table.dictionaries;
  const p = d.stockCode.length;
  const { revenue, items: quantity, lines } = groupTotals(table, c.stockCode, p);
  const groups = groupRows(c.stockCode, p);
  const orders = distinctInGroups(groups, c.invoice, d.invoice.length);
  const customers = distinctInGroups(groups, c.customer, d.customer.length);
  const descriptions = mostFrequentDescription(table, groups);
  const out: ProductSummaryRow[] = new Array(p);
  for (let s = 0; s < p; s++) {
    const desc = descriptions[s]!;
    out[s] = {
      stockCode: d.stockCode[s]!,
      description: desc < 0 ? null : d.description[desc]!,
      revenue: revenue[s]!,
      quantity: quantity[s]!,
      orders: orders[s]!,
      customers: customers[s]!,
      lines: lines[s]!,
    };
  }
  return out;
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
 * O(n + p log p).
 *
 * @param table - a (usually cleaned) table
 * @param options - ranking measure and limit
 * @returns up to `limit` products
 * @throws {@link CoreError} `INVALID_OPTION` for an unknown `by` or a limit that is not a positive integer
 * @example
 * ```ts
 * topProducts(cleaned, { by: 'revenue', limit: 1 })[0].stockCode;
 * // => '23843' (PAPER CRAFT , LITTLE BIRDIE: one order of 80,995, on the notebook-cleaned Online Retail data)
 * ```
 */
export function topProducts(table: TransactionTable, options: TopProductsOptions = {}): ProductSummaryRow[] {
  checkTable(table);
  requireProducts(table, 'topProducts');
  const by = options.by ?? TOP_PRODUCTS_DEFAULTS.by;
  if (!['revenue', 'quantity', 'orders', 'customers'].includes(by)) invalidOption('by', by, "'revenue', 'quantity', 'orders' or 'customers'");
  const limit = checkLimit(options.limit ?? TOP_PRODUCTS_DEFAULTS.limit);
  return productSummary(table)
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
