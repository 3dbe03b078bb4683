import { CoreError, describeValue, invalidOption } from './errors.js';
import { checkTable } from './transactionTable.js';
import type { TransactionTable } from './transactionTable.js';

/**
 * Which rows to keep: a window of invoice times and a country. Every field is optional, and an
 * absent field does not test its column at all (an empty filter keeps every row, even one whose
 * date is `NaN`). A row is kept when
 *
 * `(from === undefined || invoiceDate >= from) && (toExclusive === undefined || invoiceDate < toExclusive)
 *  && (country === undefined || country code === the country's code)`.
 *
 * Times are wall-clock ms, as in the table's `invoiceDate` column (see {@link formatWallClock}).
 * The window is half-open, `[from, toExclusive)`, so consecutive windows never share a row: for the
 * days `2011-03-01` to `2011-03-31` inclusive, pass `from: Date.UTC(2011, 2, 1)` and
 * `toExclusive: Date.UTC(2011, 3, 1)` (the start of the day after the last day). A window with
 * `toExclusive <= from` keeps nothing.
 *
 * @example
 * ```ts
 * const trusted = cleanTransactions(raw).table; // Online Retail, the default (trusted) preset
 * const march: RowFilter = { from: Date.UTC(2011, 2, 1), toExclusive: Date.UTC(2011, 3, 1), country: 'France' };
 * selectRowIndices(trusted, march).length;
 * // => 523 (the French lines of March 2011)
 * ```
 */
export interface RowFilter {
  /**
   * The first time kept (inclusive), in wall-clock ms.
   * @defaultValue no lower bound
   */
  readonly from?: number;
  /**
   * The end of the window (exclusive): rows strictly before it are kept, in wall-clock ms. For an
   * inclusive last day, the start of the day after it (`lastDay + MS_PER_DAY`).
   * @defaultValue no upper bound
   */
  readonly toExclusive?: number;
  /**
   * Only rows of this country: its code in `table.dictionaries.country`, or its name exactly as
   * written there (`'United Kingdom'`). Rows without a country are never kept by a country filter.
   * @defaultValue every country, rows without one included
   */
  readonly country?: number | string;
}

/** A {@link RowFilter} checked against a table: which tests apply, and the country as a code. */
export interface ResolvedFilter {
  readonly hasFrom: boolean;
  readonly from: number;
  readonly hasTo: boolean;
  readonly toExclusive: number;
  /** The country code, or -1 for every country. */
  readonly country: number;
}

const FILTER_KEYS = new Set(['from', 'toExclusive', 'country']);

/**
 * Checks a {@link RowFilter} against a table. Internal: not exported from the package.
 *
 * @throws {@link CoreError} `INVALID_OPTION` for a bound that is not a number (or is NaN), an unknown
 * country, or an unknown field (`to` gets a hint to `toExclusive`)
 */
export function resolveFilter(table: TransactionTable, filter: RowFilter | undefined): ResolvedFilter {
  const f = filter === undefined ? {} : filter;
  if (f === null || typeof f !== 'object') invalidOption('filter', f, 'an object { from?, toExclusive?, country? }');
  for (const key of Object.keys(f)) {
    if (FILTER_KEYS.has(key)) continue;
    if (key === 'to') invalidOption('to', (f as { to?: unknown }).to, 'no `to` field: pass toExclusive, the exclusive end (for an inclusive last day, the start of the day after it)');
    invalidOption(key, (f as Record<string, unknown>)[key], 'the fields from, toExclusive and country only');
  }
  const bound = (name: 'from' | 'toExclusive'): number | undefined => {
    const v = f[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || Number.isNaN(v)) invalidOption(name, v, 'a time in wall-clock ms (a number, not NaN), or undefined for no bound');
    return v;
  };
  const from = bound('from');
  const toExclusive = bound('toExclusive');
  return { hasFrom: from !== undefined, from: from ?? -Infinity, hasTo: toExclusive !== undefined, toExclusive: toExclusive ?? Infinity, country: countryCode(table, f.country) };
}

function countryCode(table: TransactionTable, country: number | string | undefined): number {
  if (country === undefined) return -1;
  const names = table.dictionaries.country;
  if (typeof country === 'number') {
    if (!(Number.isInteger(country) && country >= 0 && country < names.length)) invalidOption('country', country, names.length === 0 ? 'no code: the table has no country' : `a code from 0 to ${names.length - 1} in table.dictionaries.country, or a name`);
    return country;
  }
  if (typeof country === 'string') {
    const code = names.indexOf(country);
    if (code < 0) {
      const some = names.slice(0, 3).map((n) => JSON.stringify(n)).join(', ');
      invalidOption('country', country, names.length === 0 ? 'no name: the table has no country' : `a name in table.dictionaries.country, exactly as written (${names.length} names: ${some}${names.length > 3 ? ', ...' : ''}), or a code`);
    }
    return code;
  }
  return invalidOption('country', country, 'a country code (number) or name (string)');
}

/**
 * Whether row `i` passes a resolved filter (the definition every selection matches).
 * Internal: not exported from the package.
 */
export function keepsRow(table: TransactionTable, f: ResolvedFilter, i: number): boolean {
  const t = table.columns.invoiceDate[i]!;
  return (!f.hasFrom || t >= f.from) && (!f.hasTo || t < f.toExclusive) && (f.country < 0 || table.columns.country[i] === f.country);
}

/**
 * The indices of the rows that pass a filter (a window of invoice times and a country), in
 * ascending order: what `rows` of {@link topProducts}, {@link productSummary} and
 * {@link salesTrend} take, and what {@link selectRows} would copy. The definition is
 * {@link RowFilter}'s. One pass to count and one to fill: O(n) time, and the result (4 bytes a
 * selected row) is the only memory used. For many filters over one table, {@link dateIndex} answers
 * in O(log n + rows in the window) instead.
 *
 * @param table - the table
 * @param filter - the window and country
 * @returns the row indices, ascending
 * @throws {@link CoreError} `INVALID_OPTION` for a bound that is not a number, an unknown country or an unknown field
 * @example
 * ```ts
 * const rows = selectRowIndices(trusted, { from: Date.UTC(2011, 2, 1), toExclusive: Date.UTC(2011, 3, 1), country: 'France' });
 * rows.length;
 * // => 523 (trusted-cleaned Online Retail: the French lines of March 2011)
 * rows.subarray(0, 3);
 * // => Int32Array [65941, 65942, 65943]
 * topProducts(trusted, { rows, limit: 1 })[0].stockCode === topProducts(selectRows(trusted, rows), { limit: 1 })[0].stockCode;
 * // => true, without the copy
 * ```
 */
export function selectRowIndices(table: TransactionTable, filter: RowFilter = {}): Int32Array {
  checkTable(table);
  return scanRows(table, resolveFilter(table, filter));
}

/**
 * {@link selectRowIndices} on a resolved filter. Internal: not exported from the package.
 */
export function scanRows(table: TransactionTable, f: ResolvedFilter): Int32Array {
  const n = table.length;
  const { invoiceDate, country } = table.columns;
  const { hasFrom, from, hasTo, toExclusive, country: code } = f;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const t = invoiceDate[i]!;
    if ((!hasFrom || t >= from) && (!hasTo || t < toExclusive) && (code < 0 || country[i] === code)) m++;
  }
  const out = new Int32Array(m);
  if (m === n) {
    for (let i = 0; i < n; i++) out[i] = i;
    return out;
  }
  let k = 0;
  for (let i = 0; i < n && k < m; i++) {
    const t = invoiceDate[i]!;
    if ((!hasFrom || t >= from) && (!hasTo || t < toExclusive) && (code < 0 || country[i] === code)) out[k++] = i;
  }
  return out;
}

/**
 * Checks a `rows` option: an `Int32Array` of row indices of `table`. O(rows).
 * Internal: not exported from the package.
 *
 * @throws {@link CoreError} `INVALID_OPTION` naming `rows`
 */
export function checkRows(table: TransactionTable, rows: unknown): Int32Array {
  if (!(rows instanceof Int32Array)) invalidOption('rows', rows, 'an Int32Array of row indices (Int32Array.from(indices); selectRowIndices and dateIndex(table).select return one)');
  const n = table.length;
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j]!;
    if (i < 0 || i >= n) {
      throw new CoreError('INVALID_OPTION', `Invalid option rows: rows[${j}] is ${describeValue(i)}; allowed: row indices from 0 to ${n - 1} (the table has ${n} rows).`, {
        parameter: 'rows',
        value: i,
        allowed: n === 0 ? 'no index: the table is empty' : `0 to ${n - 1}`,
      });
    }
  }
  return rows;
}
