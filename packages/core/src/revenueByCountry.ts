import { distinctInGroups, groupRows } from './distinct.js';
import { groupTotals } from './groupTotals.js';
import { compareText } from './topProducts.js';
import { checkTable } from './transactionTable.js';
import type { TransactionTable } from './transactionTable.js';

/** One country's totals. */
export interface CountryRow {
  /** The country, or `null` for rows without one. */
  readonly country: string | null;
  /** Sum of quantity x unit price. */
  readonly revenue: number;
  /** Its share of the table's revenue, in [0, 1] when no revenue is negative. */
  readonly revenueShare: number;
  /** Distinct invoices. */
  readonly orders: number;
  /** Distinct known customers. */
  readonly customers: number;
  /** Sum of quantities. */
  readonly items: number;
  /** Rows. */
  readonly lines: number;
}

/**
 * Revenue, orders, customers and items per country, by revenue descending (ties by name; the
 * missing country last among equals). O(n + countries).
 *
 * @param table - a (usually cleaned) table
 * @returns one row per country present
 * @example
 * ```ts
 * revenueByCountry(cleaned)[0].country;
 * // => 'United Kingdom'
 * ```
 */
export function revenueByCountry(table: TransactionTable): CountryRow[] {
  checkTable(table);
  const c = table.columns;
  const names = table.dictionaries.country;
  const k = names.length + 1; // slot 0 = missing
  const group = new Int32Array(table.length);
  for (let i = 0; i < table.length; i++) group[i] = c.country[i]! + 1;
  const { revenue, items, lines } = groupTotals(table, group, k);
  let total = 0;
  for (let g = 0; g < k; g++) total += revenue[g]!;
  const groups = groupRows(group, k);
  const orders = distinctInGroups(groups, c.invoice, table.dictionaries.invoice.length);
  const customers = distinctInGroups(groups, c.customer, table.dictionaries.customer.length);
  const out: CountryRow[] = [];
  for (let g = 0; g < k; g++) {
    if (lines[g] === 0) continue;
    out.push({
      country: g === 0 ? null : names[g - 1]!,
      revenue: revenue[g]!,
      revenueShare: total === 0 ? 0 : revenue[g]! / total,
      orders: orders[g]!,
      customers: customers[g]!,
      items: items[g]!,
      lines: lines[g]!,
    });
  }
  return out.sort(
    (a, b) => b.revenue - a.revenue || (a.country === null ? 1 : b.country === null ? -1 : compareText(a.country, b.country)),
  );
}
