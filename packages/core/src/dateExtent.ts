import { checkTable } from './transactionTable.js';
import type { TransactionTable } from './transactionTable.js';

/** The first and last transaction times of a table (wall-clock ms), or `null` when there is none. */
export interface DateExtent {
  /** The earliest `invoiceDate`. */
  readonly first: number;
  /** The latest `invoiceDate`. */
  readonly last: number;
}

/** Options of {@link dateExtent}. */
export interface DateExtentOptions {
  /**
   * Only rows with a customer id (what customer-level models see).
   * @defaultValue {@link DATE_EXTENT_DEFAULTS | DATE_EXTENT_DEFAULTS.withCustomer} (`false`: every row)
   */
  readonly withCustomer?: boolean;
}

/**
 * The defaults of {@link dateExtent}, in one place: the span of every row.
 *
 * @example
 * ```ts
 * DATE_EXTENT_DEFAULTS;
 * // => { withCustomer: false }
 * ```
 */
export const DATE_EXTENT_DEFAULTS: Readonly<Required<DateExtentOptions>> = Object.freeze({
  withCustomer: false,
});

/**
 * The time span of a table's rows: the earliest and latest `invoiceDate`, over every row or, with
 * `withCustomer`, over the rows that have a customer id (what customer-level models see). The one
 * place this scan is written (the recommenders' decay reference, the learned ranker's holdout, the
 * evaluation's default cutoff and the report's period all use it). O(n).
 *
 * @param table - a transaction table
 * @param options - `withCustomer`: only rows with a customer id
 * @returns `{ first, last }`, or `null` when no row qualifies
 * @example
 * ```ts
 * const span = dateExtent(cleaned);
 * [formatWallClock(span!.first), formatWallClock(span!.last)];
 * // => ['2010-12-01 08:26:00', '2011-12-09 12:50:00'] (Online Retail, notebook preset)
 * ```
 */
export function dateExtent(table: TransactionTable, options: DateExtentOptions = {}): DateExtent | null {
  checkTable(table);
  const { invoiceDate, customer } = table.columns;
  let first = Infinity;
  let last = -Infinity;
  if (options.withCustomer ?? DATE_EXTENT_DEFAULTS.withCustomer) {
    for (let i = 0; i < table.length; i++) {
      if (customer[i]! < 0) continue;
      const t = invoiceDate[i]!;
      if (t < first) first = t;
      if (t > last) last = t;
    }
  } else {
    for (let i = 0; i < table.length; i++) {
      const t = invoiceDate[i]!;
      if (t < first) first = t;
      if (t > last) last = t;
    }
  }
  return last === -Infinity ? null : { first, last };
}
