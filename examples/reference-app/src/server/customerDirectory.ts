/**
 * What the customer routes know of every customer, by customer code, built once at start: the
 * country (the one most of the customer's rows name), the RFM row and scores as of the analysis.
 */
import type { TransactionTable } from '@shopper-spectrum/core';
import type { CustomerRfm, CustomerRows, CustomerScores } from '../artifacts.js';

/** The customers of the served table, by customer code. */
export interface CustomerDirectory {
  /** CustomerID of each code (the table's dictionary). */
  readonly ids: readonly string[];
  /** The country of each code (most of its rows; ties: the latest row's), or null. */
  readonly country: readonly (string | null)[];
  /** The RFM row of each code, or undefined for a customer the analysis has none for. */
  readonly rfm: readonly (CustomerRfm | undefined)[];
  /** The quintile scores of each code. */
  readonly scores: readonly (CustomerScores | undefined)[];
}

/** Options of {@link customerDirectory}. */
export interface CustomerDirectoryOptions {
  readonly table: TransactionTable;
  /** The table's rows by customer (artifacts.ts). */
  readonly rows: CustomerRows;
  readonly rfm: ReadonlyMap<string, CustomerRfm>;
  readonly scores: ReadonlyMap<string, CustomerScores>;
}

/**
 * The directory of the served customers: one pass over each customer's rows. O(rows + customers).
 *
 * @example
 * ```ts
 * const d = customerDirectory({ table: state.table, rows: state.customerRows, rfm: state.rfm, scores: state.scores });
 * d.country[state.customerCode.get('12347')!];
 * // => 'Iceland' (Online Retail)
 * ```
 */
export function customerDirectory(options: CustomerDirectoryOptions): CustomerDirectory {
  const { table, rows, rfm, scores } = options;
  const ids = table.dictionaries.customer;
  const { country, invoiceDate } = table.columns;
  const counts = new Map<number, number>();
  const countries: (string | null)[] = [];
  for (let c = 0; c < ids.length; c++) {
    counts.clear();
    let best = -1;
    let bestCount = 0;
    let bestTime = -Infinity;
    for (let r = rows.start[c]!; r < rows.start[c + 1]!; r++) {
      const i = rows.order[r]!;
      const k = country[i]!;
      const n = (counts.get(k) ?? 0) + 1;
      counts.set(k, n);
      if (n > bestCount || (n === bestCount && invoiceDate[i]! > bestTime)) ((best = k), (bestCount = n), (bestTime = invoiceDate[i]!));
    }
    countries.push(best >= 0 ? table.dictionaries.country[best]! : null);
  }
  return { ids, country: countries, rfm: ids.map((id) => rfm.get(id)), scores: ids.map((id) => scores.get(id)) };
}
