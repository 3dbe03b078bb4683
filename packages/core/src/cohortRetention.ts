import { groupRows, inGroupOrder } from './distinct.js';
import { checkRows } from './rowSelection.js';
import { checkTable } from './transactionTable.js';
import type { TransactionTable } from './transactionTable.js';
import { MS_PER_DAY } from './wallClock.js';

/** Options of {@link cohortRetention}. */
export interface CohortRetentionOptions {
  /**
   * Only these rows: indices into `table`, as {@link selectRowIndices} or {@link DateIndex.select}
   * return them for a window of dates and a country. Cohorts, months and purchases are those of
   * the selected rows, exactly as on `selectRows(table, rows)`, without copying the table.
   * @defaultValue every row of the table
   */
  readonly rows?: Int32Array;
}

/** One cohort: the customers whose first purchase fell in one calendar month. */
export interface CohortRow {
  /** The month of the first purchase, `YYYY-MM`. */
  readonly cohort: string;
  /** The month's first day in wall-clock ms. */
  readonly start: number;
  /** Customers in the cohort. */
  readonly customers: number;
  /**
   * Customers of the cohort who bought in each month from the cohort's own (index 0) to the last
   * month of the data; `active[0] === customers`.
   */
  readonly active: number[];
  /** `active[j] / customers`: the share of the cohort buying `j` months after its first month; `retention[0] === 1`. */
  readonly retention: number[];
}

/**
 * Monthly cohort retention: customers grouped by the calendar month of their first purchase (a
 * cohort), and for each later month the share of the cohort who bought in it (any row of theirs
 * dated in that month): the cohort table of retail and subscription analytics. Rows without a customer are left out; every
 * cohort's row runs to the last month of the data, so later cohorts have shorter rows. A cohort
 * month with no new customer has no row. O(n + customers + months).
 *
 * @param table - a (usually cleaned) table
 * @param options - the rows to use
 * @returns one row per cohort, in time order (an empty array when no row has a customer)
 * @throws {@link CoreError} `INVALID_OPTION` for `rows` that is not an Int32Array of row indices of `table`
 * @example
 * ```ts
 * const cohorts = cohortRetention(cleanTransactions(raw).table); // Online Retail, trusted preset
 * [cohorts.length, cohorts[0].cohort, cohorts[0].customers, cohorts[0].retention.slice(0, 3).map((r) => r.toFixed(3))];
 * // => [13, '2010-12', 882, ['1.000', '0.366', '0.324']]
 * ```
 */
export function cohortRetention(table: TransactionTable, options: CohortRetentionOptions = {}): CohortRow[] {
  checkTable(table);
  const rows = options.rows === undefined ? null : checkRows(table, options.rows);
  const { invoiceDate, customer } = table.columns;
  const m = rows === null ? table.length : rows.length;
  const row = (j: number) => (rows === null ? j : rows[j]!);
  // the month of each used row, as months since January of year 0
  let minMonth = Infinity;
  let maxMonth = -Infinity;
  const monthOf = new Int32Array(m);
  const customers = new Int32Array(m);
  let dayCache = NaN;
  let monthCache = 0;
  for (let j = 0; j < m; j++) {
    const i = row(j);
    customers[j] = customer[i]!;
    if (customer[i]! < 0) {
      monthOf[j] = -1;
      continue;
    }
    const day = Math.floor(invoiceDate[i]! / MS_PER_DAY);
    if (day !== dayCache) {
      const d = new Date(day * MS_PER_DAY);
      dayCache = day;
      monthCache = d.getUTCFullYear() * 12 + d.getUTCMonth();
    }
    monthOf[j] = monthCache;
    if (monthCache < minMonth) minMonth = monthCache;
    if (monthCache > maxMonth) maxMonth = monthCache;
  }
  if (minMonth === Infinity) return [];
  const months = maxMonth - minMonth + 1;
  for (let j = 0; j < m; j++) if (monthOf[j]! >= 0) monthOf[j]! -= minMonth;
  // each customer's first month
  const first = new Int32Array(table.dictionaries.customer.length).fill(months);
  for (let j = 0; j < m; j++) {
    const p = monthOf[j]!;
    if (p >= 0 && p < first[customers[j]!]!) first[customers[j]!] = p;
  }
  // the distinct customers of each month, counted into their cohort's row
  const active = Array.from({ length: months }, (_, c) => new Array<number>(months - c).fill(0));
  const groups = groupRows(monthOf, months);
  const byMonth = inGroupOrder(groups, customers);
  const seen = new Int32Array(first.length).fill(-1);
  for (let p = 0; p < months; p++) {
    for (let k = groups.start[p]!; k < groups.start[p + 1]!; k++) {
      const c = byMonth[k]!;
      if (seen[c] === p) continue;
      seen[c] = p;
      const cohort = first[c]!;
      active[cohort]![p - cohort]!++;
    }
  }
  const out: CohortRow[] = [];
  for (let c = 0; c < months; c++) {
    const counts = active[c]!;
    const size = counts[0]!;
    if (size === 0) continue;
    const key = minMonth + c;
    const year = Math.floor(key / 12);
    const month = key % 12;
    out.push({
      cohort: `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}`,
      start: new Date(0).setUTCFullYear(year, month, 1), // not Date.UTC, which reads years 0-99 as 19xx
      customers: size,
      active: counts,
      retention: counts.map((n) => n / size),
    });
  }
  return out;
}
