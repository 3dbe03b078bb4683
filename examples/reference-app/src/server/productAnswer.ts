/**
 * `GET /api/products/:stockCode`: one product within a filter: revenue, quantity, orders and
 * customers, its monthly trend (partial months flagged) and its buyers by revenue.
 */
import { salesTrend } from '@shopper-spectrum/core';
import type { TransactionTable } from '@shopper-spectrum/core';
import type { FilterEcho } from './filters.js';
import { round } from './numbers.js';
import { isPartial, isoDay, monthStarts } from './periods.js';
import type { DayRange } from './periods.js';
import type { Selection } from './filteredAnswers.js';

/** The answer of `GET /api/products/:stockCode`. */
export interface ProductAnswer {
  readonly filter: FilterEcho;
  /** The StockCode as the data writes it. */
  readonly stockCode: string;
  readonly description: string | null;
  /** Within the filter, rounded to cents. */
  readonly revenue: number;
  readonly quantity: number;
  /** Distinct invoices. */
  readonly orders: number;
  /** Distinct known customers. */
  readonly customers: number;
  /**
   * The product's cancellations over the whole log as loaded, whatever the filter (the served table
   * holds the orders net of their matched cancellations, not the cancellations themselves):
   * units and revenue on cancellation lines, and their share of its sales revenue. Null when the
   * artifacts do not hold them (an older set, or a log without cancellations).
   */
  readonly cancelled: { readonly quantity: number; readonly revenue: number; readonly lines: number; readonly share: number; readonly scope: 'whole log' } | null;
  /** Every month the filter covers, a month without a sale of the product included with zeros; `partial` as `GET /api/sales` flags it. */
  readonly trend: readonly { readonly period: string; readonly revenue: number; readonly quantity: number; readonly partial: boolean }[];
  /** The product's customers, most revenue first (ties by CustomerID), at most `buyers`. */
  readonly buyers: readonly { readonly customerId: string; readonly revenue: number; readonly quantity: number; readonly orders: number }[];
}

/** Options of {@link productAnswer}. */
export interface ProductAnswerOptions extends Selection {
  readonly echo: FilterEcho;
  /** The product's code in the table's StockCode dictionary. */
  readonly code: number;
  readonly description: string | null;
  /** The days the filter covers. */
  readonly covered: DayRange;
  /**
   * The product's cancellations over the whole log (`eda/cancellations-by-product.csv`), or null.
   * @defaultValue null
   */
  readonly cancelled?: { readonly quantity: number; readonly revenue: number; readonly lines: number; readonly share: number } | null;
  /**
   * The most buyers listed.
   * @defaultValue 100
   */
  readonly buyers?: number;
}

/**
 * A product within a filter: one pass over the selection for its rows, then core `salesTrend` over
 * them. O(rows + the product's rows + its customers log its customers).
 *
 * @example
 * ```ts
 * productAnswer({ table, echo, code: table.dictionaries.stockCode.indexOf('85123A'), description: 'WHITE HANGING HEART T-LIGHT HOLDER', covered }).customers;
 * // => 854 (Online Retail, trusted preset)
 * ```
 */
export function productAnswer(options: ProductAnswerOptions): ProductAnswer {
  const { table, rows, echo, code, description, covered, buyers: most = 100 } = options;
  const { stockCode, quantity, unitPrice, invoice, customer } = table.columns;
  const own: number[] = [];
  const n = rows === undefined ? table.length : rows.length;
  for (let r = 0; r < n; r++) {
    const i = rows === undefined ? r : rows[r]!;
    if (stockCode[i] === code) own.push(i);
  }
  const mine = Int32Array.from(own);
  let revenue = 0;
  let qty = 0;
  const invoices = new Set<number>();
  const byCustomer = new Map<number, { revenue: number; quantity: number; invoices: Set<number> }>();
  for (const i of mine) {
    const amount = quantity[i]! * unitPrice[i]!;
    revenue += amount;
    qty += quantity[i]!;
    invoices.add(invoice[i]!);
    const c = customer[i]!;
    if (c < 0) continue;
    let b = byCustomer.get(c);
    if (!b) byCustomer.set(c, (b = { revenue: 0, quantity: 0, invoices: new Set() }));
    b.revenue += amount;
    b.quantity += quantity[i]!;
    b.invoices.add(invoice[i]!);
  }
  const ids = table.dictionaries.customer;
  const buyers = [...byCustomer]
    .map(([c, b]) => ({ customerId: ids[c]!, revenue: round(b.revenue, 2), quantity: b.quantity, orders: b.invoices.size }))
    .sort((a, b) => b.revenue - a.revenue || (a.customerId < b.customerId ? -1 : 1))
    .slice(0, most);
  const trend = new Map((mine.length === 0 ? [] : salesTrend(table, { interval: 'month', rows: mine })).map((p) => [p.start, p]));
  return {
    filter: echo,
    stockCode: table.dictionaries.stockCode[code]!,
    description,
    revenue: round(revenue, 2),
    quantity: qty,
    orders: invoices.size,
    customers: byCustomer.size,
    cancelled: options.cancelled ? { ...options.cancelled, scope: 'whole log' } : null,
    trend: monthStarts(covered).map((start) => {
      const p = trend.get(start);
      return { period: isoDay(start), revenue: p ? round(p.revenue, 2) : 0, quantity: p?.items ?? 0, partial: isPartial(start, 'month', covered) };
    }),
    buyers,
  };
}

/** The product codes of a table by upper-cased StockCode, for products with rows. O(rows). */
export function productCodes(table: TransactionTable): Map<string, number> {
  const used = new Uint8Array(table.dictionaries.stockCode.length);
  for (const j of table.columns.stockCode) used[j] = 1;
  const out = new Map<string, number>();
  table.dictionaries.stockCode.forEach((s, j) => {
    if (used[j]) out.set(s.toUpperCase(), j);
  });
  return out;
}
