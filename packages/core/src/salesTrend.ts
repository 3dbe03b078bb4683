import { distinctInGroups, groupRows } from './distinct.js';
import { groupTotals } from './groupTotals.js';
import { invalidOption } from './errors.js';
import { checkRows } from './rowSelection.js';
import { subsetLayout, subsetTotals } from './subsetGroups.js';
import { checkTable } from './transactionTable.js';
import type { TransactionTable } from './transactionTable.js';
import { formatWallClock, MS_PER_DAY } from './wallClock.js';

/** The length of a trend period. */
export type TrendInterval = 'day' | 'week' | 'month';

/** Options of {@link salesTrend}. */
export interface SalesTrendOptions {
  /**
   * Period length.
   * @defaultValue {@link SALES_TREND_DEFAULTS | SALES_TREND_DEFAULTS.interval} (`'month'`)
   */
  readonly interval?: TrendInterval;
  /**
   * First day of a week, 0 = Sunday ... 6 = Saturday (as date-fns `weekStartsOn`).
   * @defaultValue {@link SALES_TREND_DEFAULTS | SALES_TREND_DEFAULTS.weekStartsOn} (`1`: Monday, ISO 8601)
   */
  readonly weekStartsOn?: 0 | 1 | 2 | 3 | 4 | 5 | 6;
  /**
   * Include periods without sales (zeros) between the first and the last, so a chart's axis has no gaps.
   * @defaultValue {@link SALES_TREND_DEFAULTS | SALES_TREND_DEFAULTS.fill} (`true`)
   */
  readonly fill?: boolean;
  /**
   * Aggregate only these rows: indices into `table`, as {@link selectRowIndices} or
   * {@link DateIndex.select} return them for a window of dates and a country. The result is exactly
   * `salesTrend(selectRows(table, rows), options)` (periods from the first to the last day of these
   * rows, the same gap filling, the same numbers to the last bit) without copying the table: the
   * scratch memory is 12 bytes a selected row (a copy would hold 44) plus a counter or two per day,
   * period, invoice and customer, all freed on return. Any order is accepted, and repeated indices
   * count once per occurrence, as in {@link selectRows}; ascending order is the fastest, and sums are
   * compensated, so another order changes them at most in the last bits.
   * @defaultValue every row of the table
   */
  readonly rows?: Int32Array;
}

/**
 * The defaults of {@link salesTrend}, in one place: calendar months, weeks starting on Monday
 * (ISO 8601), and periods without sales filled with zeros. `rows` has no default value: without it
 * every row is aggregated.
 *
 * @example
 * ```ts
 * SALES_TREND_DEFAULTS;
 * // => { interval: 'month', weekStartsOn: 1, fill: true }
 * ```
 */
export const SALES_TREND_DEFAULTS: Readonly<Required<Omit<SalesTrendOptions, 'rows'>>> = Object.freeze({
  interval: 'month',
  weekStartsOn: 1,
  fill: true,
});

/** One period of a sales trend. */
export interface TrendPoint {
  /** The period's first day, `YYYY-MM-DD` (for months, the 1st). */
  readonly period: string;
  /** The period's start in wall-clock ms. */
  readonly start: number;
  /** Sum of quantity x unit price. */
  readonly revenue: number;
  /** Distinct invoices. */
  readonly orders: number;
  /** Distinct known customers. */
  readonly customers: number;
  /** Sum of quantities (items sold). */
  readonly items: number;
  /** Rows (invoice lines). */
  readonly lines: number;
}

/**
 * Revenue, orders, customers and items per day, week or month, in time order.
 *
 * Periods are calendar periods of the wall-clock dates (weeks start on `weekStartsOn`); a period's
 * orders and customers are distinct counts within it. O(n + days); with `rows`, over those rows
 * only (a date window, a country: see {@link selectRowIndices} and {@link dateIndex}), exactly as on
 * `selectRows(table, rows)` and without the copy, in O(rows + days + invoices + customers).
 *
 * @param table - a (usually cleaned) table
 * @param options - interval, week start, gap filling, the rows to aggregate
 * @returns one point per period (an empty array for an empty table or an empty `rows`)
 * @throws {@link CoreError} `INVALID_OPTION` for an unknown interval or week start, or `rows` that is
 * not an Int32Array of row indices of `table`
 * @example
 * ```ts
 * salesTrend(cleaned, { interval: 'month' })[0];
 * // => { period: '2010-12-01', start: 1291161600000, revenue: 572713.89, orders: 1400, customers: 885, items: 312265, lines: 26157 }
 * const trusted = cleanTransactions(raw).table; // the default preset
 * const rows = selectRowIndices(trusted, { from: Date.UTC(2011, 0, 1), country: 'Germany' });
 * salesTrend(trusted, { rows, interval: 'month' })[0];
 * // => { period: '2011-01-01', start: 1293840000000, revenue: 14758.42, orders: 31, customers: 28, items: 8761, lines: 742 } (Germany, January 2011)
 * ```
 */
export function salesTrend(table: TransactionTable, options: SalesTrendOptions = {}): TrendPoint[] {
  checkTable(table);
  const interval = options.interval ?? SALES_TREND_DEFAULTS.interval;
  if (interval !== 'day' && interval !== 'week' && interval !== 'month') invalidOption('interval', interval, "'day', 'week' or 'month'");
  const weekStartsOn = options.weekStartsOn ?? SALES_TREND_DEFAULTS.weekStartsOn;
  if (!(Number.isInteger(weekStartsOn) && weekStartsOn >= 0 && weekStartsOn <= 6)) invalidOption('weekStartsOn', weekStartsOn, 'an integer from 0 (Sunday) to 6');
  const fill = options.fill ?? SALES_TREND_DEFAULTS.fill;
  const shift = (4 - weekStartsOn + 7) % 7; // 1970-01-01 was a Thursday
  if (options.rows !== undefined) return trendOfRows(table, checkRows(table, options.rows), interval, shift, fill);
  const n = table.length;
  if (n === 0) return [];
  const { invoiceDate, invoice, customer } = table.columns;
  let minDay = Infinity;
  let maxDay = -Infinity;
  const dayOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const day = Math.floor(invoiceDate[i]! / MS_PER_DAY);
    dayOf[i] = day;
    if (day < minDay) minDay = day;
    if (day > maxDay) maxDay = day;
  }
  const { keyOfDay, firstKey, periods } = periodKeys(minDay, maxDay, interval, shift);
  const periodOf = new Int32Array(n);
  for (let i = 0; i < n; i++) periodOf[i] = keyOfDay[dayOf[i]! - minDay]! - firstKey;
  const { revenue, items, lines } = groupTotals(table, periodOf, periods);
  const groups = groupRows(periodOf, periods);
  const orders = distinctInGroups(groups, invoice, table.dictionaries.invoice.length);
  const customers = distinctInGroups(groups, customer, table.dictionaries.customer.length);
  return trendPoints({ revenue, items, lines, orders, customers }, firstKey, interval, shift, fill);
}

/** The period key of each day in [minDay, maxDay], the first key, and the number of periods. */
function periodKeys(minDay: number, maxDay: number, interval: TrendInterval, shift: number): { keyOfDay: Float64Array; firstKey: number; periods: number } {
  const span = maxDay - minDay + 1;
  const keyOfDay = new Float64Array(span);
  for (let k = 0; k < span; k++) {
    const day = minDay + k;
    if (interval === 'day') keyOfDay[k] = day;
    else if (interval === 'week') keyOfDay[k] = Math.floor((day + shift) / 7);
    else {
      const d = new Date(day * MS_PER_DAY);
      keyOfDay[k] = d.getUTCFullYear() * 12 + d.getUTCMonth();
    }
  }
  const firstKey = keyOfDay[0]!;
  return { keyOfDay, firstKey, periods: keyOfDay[span - 1]! - firstKey + 1 };
}

/** Per-period columns. */
interface PeriodTotals {
  readonly revenue: Float64Array;
  readonly items: Float64Array;
  readonly lines: Int32Array;
  readonly orders: Int32Array;
  readonly customers: Int32Array;
}

function trendPoints(t: PeriodTotals, firstKey: number, interval: TrendInterval, shift: number, fill: boolean): TrendPoint[] {
  const out: TrendPoint[] = [];
  for (let p = 0; p < t.lines.length; p++) {
    if (!fill && t.lines[p] === 0) continue;
    const key = firstKey + p;
    const start =
      interval === 'day'
        ? key * MS_PER_DAY
        : interval === 'week'
          ? (key * 7 - shift) * MS_PER_DAY
          : Date.UTC(Math.floor(key / 12), key % 12, 1);
    out.push({
      period: formatWallClock(start, true),
      start,
      revenue: t.revenue[p]!,
      orders: t.orders[p]!,
      customers: t.customers[p]!,
      items: t.items[p]!,
      lines: t.lines[p]!,
    });
  }
  return out;
}

/**
 * {@link salesTrend} over some rows, without copying the table: the period of each row, sums in the
 * order the rows are given, then the rows' invoice and customer codes laid out by period (a stable
 * counting sort), each period's codes read once for its distinct invoices and customers (stamped).
 */
function trendOfRows(table: TransactionTable, rows: Int32Array, interval: TrendInterval, shift: number, fill: boolean): TrendPoint[] {
  const m = rows.length;
  if (m === 0) return [];
  const { invoiceDate, invoice, customer } = table.columns;
  let minDay = Infinity;
  let maxDay = -Infinity;
  const period = new Int32Array(m);
  for (let j = 0; j < m; j++) {
    const day = Math.floor(invoiceDate[rows[j]!]! / MS_PER_DAY);
    period[j] = day;
    if (day < minDay) minDay = day;
    if (day > maxDay) maxDay = day;
  }
  const { keyOfDay, firstKey, periods } = periodKeys(minDay, maxDay, interval, shift);
  for (let j = 0; j < m; j++) period[j] = keyOfDay[period[j]! - minDay]! - firstKey;
  const { revenue, items, lines } = subsetTotals(table, rows, period, periods);
  const { start, codes } = subsetLayout(rows, period, periods, [invoice, customer]);
  const orders = new Int32Array(periods);
  const customers = new Int32Array(periods);
  const invoiceSeen = new Int32Array(table.dictionaries.invoice.length).fill(-1);
  const customerSeen = new Int32Array(table.dictionaries.customer.length).fill(-1);
  for (let p = 0; p < periods; p++) {
    let nOrders = 0;
    let nCustomers = 0;
    for (let k = start[p]! * 2; k < start[p + 1]! * 2; k += 2) {
      const inv = codes[k]!;
      if (inv >= 0 && invoiceSeen[inv] !== p) {
        invoiceSeen[inv] = p;
        nOrders++;
      }
      const c = codes[k + 1]!;
      if (c >= 0 && customerSeen[c] !== p) {
        customerSeen[c] = p;
        nCustomers++;
      }
    }
    orders[p] = nOrders;
    customers[p] = nCustomers;
  }
  return trendPoints({ revenue, items, lines, orders, customers }, firstKey, interval, shift, fill);
}
