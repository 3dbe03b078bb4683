/**
 * Each customer's revenue, orders and lines over a selection of the served table's rows, in one
 * pass over the selection (no copy of the table): what the customer list, the Pareto curve, the
 * segment sizes and the scatter of a filter are made from.
 */
import type { Selection } from './filteredAnswers.js';

/** Per-customer totals of a selection, indexed by customer code. */
export interface CustomerTotals {
  /** Sum of quantity x unit price of the customer's selected rows. */
  readonly revenue: Float64Array;
  /** Distinct invoices among the customer's selected rows. */
  readonly orders: Int32Array;
  /** The customer's selected rows. */
  readonly lines: Int32Array;
  /** The codes of the customers with at least one selected row, ascending. */
  readonly present: Int32Array;
  /** Revenue of every selected row, anonymous ones included. */
  readonly totalRevenue: number;
}

/**
 * The per-customer totals of a selection. An invoice counts once, for the customer of its first
 * selected row (an invoice has one customer in a retail log). O(rows + customers + invoices) time,
 * 17 bytes a customer code and 1 an invoice of scratch memory.
 *
 * @example
 * ```ts
 * const t = customerTotals({ table, rows: filters.rows(filters.parse({ country: 'France' })) });
 * [t.present.length, t.orders[state.customerCode.get('12680')!]];
 * // => [87, 4] (Online Retail, trusted preset: 12680 ordered 4 times)
 * ```
 */
export function customerTotals(selection: Selection): CustomerTotals {
  const { table, rows } = selection;
  const { quantity, unitPrice, invoice, customer } = table.columns;
  const size = table.dictionaries.customer.length;
  const revenue = new Float64Array(size);
  const orders = new Int32Array(size);
  const lines = new Int32Array(size);
  const seenInvoice = new Uint8Array(table.dictionaries.invoice.length);
  let totalRevenue = 0;
  const n = rows === undefined ? table.length : rows.length;
  for (let r = 0; r < n; r++) {
    const i = rows === undefined ? r : rows[r]!;
    const amount = quantity[i]! * unitPrice[i]!;
    totalRevenue += amount;
    const c = customer[i]!;
    if (c < 0) continue;
    revenue[c]! += amount;
    lines[c]!++;
    if (!seenInvoice[invoice[i]!]) {
      seenInvoice[invoice[i]!] = 1;
      orders[c]!++;
    }
  }
  let count = 0;
  for (let c = 0; c < size; c++) if (lines[c]! > 0) count++;
  const present = new Int32Array(count);
  count = 0;
  for (let c = 0; c < size; c++) if (lines[c]! > 0) present[count++] = c;
  return { revenue, orders, lines, present, totalRevenue };
}
