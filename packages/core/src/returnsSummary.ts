import { mostFrequentDescription } from './topProducts.js';
import { checkTable } from './transactionTable.js';
import type { TransactionTable } from './transactionTable.js';

/** One product among the most cancelled. */
export interface CancelledProduct {
  /** StockCode. */
  readonly stockCode: string;
  /** Its most frequent description, or `null`. */
  readonly description: string | null;
  /** Units cancelled. */
  readonly quantity: number;
  /** Revenue cancelled (positive). */
  readonly revenue: number;
  /** Cancellation lines. */
  readonly lines: number;
}

/** One customer among those who cancel most. */
export interface CancellingCustomer {
  /** Customer id. */
  readonly customerId: string;
  /** Distinct cancellation invoices. */
  readonly cancellations: number;
  /** Revenue cancelled (positive). */
  readonly revenue: number;
}

/** Returns and cancellations at a glance (see {@link returnsSummary}). */
export interface ReturnsSummary {
  /** Cancellation lines (invoice starting with `C`). */
  readonly lines: number;
  /** Distinct cancellation invoices. */
  readonly invoices: number;
  /** Revenue of the sales lines (not cancellations) with a positive quantity. */
  readonly salesRevenue: number;
  /** Revenue the cancellations take back (positive). */
  readonly cancelledRevenue: number;
  /** `cancelledRevenue / salesRevenue` (0 without sales). */
  readonly cancelledShare: number;
  /** The most cancelled products, by revenue cancelled. */
  readonly topProducts: readonly CancelledProduct[];
  /** The customers with the most cancellation invoices (then revenue cancelled). */
  readonly topCustomers: readonly CancellingCustomer[];
}

/** Options of {@link returnsSummary}. */
export interface ReturnsSummaryOptions {
  /**
   * How many products and customers to list.
   * @defaultValue {@link RETURNS_SUMMARY_DEFAULTS | RETURNS_SUMMARY_DEFAULTS.limit} (`10`)
   */
  readonly limit?: number;
}

/**
 * The defaults of {@link returnsSummary}: ten products and ten customers.
 *
 * @example
 * ```ts
 * RETURNS_SUMMARY_DEFAULTS;
 * // => { limit: 10 }
 * ```
 */
export const RETURNS_SUMMARY_DEFAULTS: Readonly<Required<ReturnsSummaryOptions>> = Object.freeze({ limit: 10 });

/**
 * Returns and cancellations of a table as loaded (before cleaning, which removes them): how much of
 * the sales revenue the cancellation lines take back, the products cancelled most (by revenue) and
 * the customers who cancel most (by distinct cancellation invoices). Complements the cleaning
 * report's {@link CancellationReport}, which says how many of them matched the orders they cancel.
 * O(n + products log products).
 *
 * @param table - a table as loaded (cancellations still in it)
 * @param options - how many products and customers to list
 * @returns the summary
 * @example
 * ```ts
 * const r = returnsSummary(loaded.table);
 * [r.invoices, r.cancelledShare.toFixed(3), r.topProducts[0].stockCode];
 * // => [3836, '0.092', '23843'] (Online Retail: the 80,995-unit order cancelled minutes later)
 * ```
 */
export function returnsSummary(table: TransactionTable, options: ReturnsSummaryOptions = {}): ReturnsSummary {
  checkTable(table);
  const limit = options.limit ?? RETURNS_SUMMARY_DEFAULTS.limit;
  const { invoice, stockCode, customer, quantity, unitPrice } = table.columns;
  const d = table.dictionaries;
  const cancel = new Uint8Array(d.invoice.length);
  d.invoice.forEach((no, c) => {
    if (no.charCodeAt(0) === 67 /* C */) cancel[c] = 1;
  });
  const productRevenue = new Float64Array(d.stockCode.length);
  const productQuantity = new Float64Array(d.stockCode.length);
  const productLines = new Int32Array(d.stockCode.length);
  const customerRevenue = new Float64Array(d.customer.length);
  const customerInvoices = new Int32Array(d.customer.length);
  const seenInvoice = new Uint8Array(d.invoice.length);
  let lines = 0;
  let invoices = 0;
  let sales = 0;
  let cancelled = 0;
  for (let i = 0; i < table.length; i++) {
    const v = invoice[i]!;
    const revenue = quantity[i]! * unitPrice[i]!;
    if (cancel[v] !== 1) {
      if (quantity[i]! > 0) sales += revenue;
      continue;
    }
    lines++;
    cancelled -= revenue;
    const s = stockCode[i]!;
    productRevenue[s]! -= revenue;
    productQuantity[s]! -= quantity[i]!;
    productLines[s]!++;
    const c = customer[i]!;
    if (seenInvoice[v] === 0) {
      seenInvoice[v] = 1;
      invoices++;
      if (c >= 0) customerInvoices[c]!++;
    }
    if (c >= 0) customerRevenue[c]! -= revenue;
  }
  const desc = lines > 0 ? mostFrequentDescription(table) : new Int32Array(0);
  const products = [...productLines.keys()].filter((s) => productLines[s]! > 0).sort((a, b) => productRevenue[b]! - productRevenue[a]! || (d.stockCode[a]! < d.stockCode[b]! ? -1 : 1));
  const customers = [...customerInvoices.keys()].filter((c) => customerInvoices[c]! > 0).sort((a, b) => customerInvoices[b]! - customerInvoices[a]! || customerRevenue[b]! - customerRevenue[a]! || (d.customer[a]! < d.customer[b]! ? -1 : 1));
  return {
    lines,
    invoices,
    salesRevenue: sales,
    cancelledRevenue: cancelled,
    cancelledShare: sales > 0 ? cancelled / sales : 0,
    topProducts: products.slice(0, limit).map((s) => ({ stockCode: d.stockCode[s]!, description: desc[s]! >= 0 ? d.description[desc[s]!]! : null, quantity: productQuantity[s]!, revenue: productRevenue[s]!, lines: productLines[s]! })),
    topCustomers: customers.slice(0, limit).map((c) => ({ customerId: d.customer[c]!, cancellations: customerInvoices[c]!, revenue: customerRevenue[c]! })),
  };
}
