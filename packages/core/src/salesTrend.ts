import { distinctInGroups, groupRows } from './distinct.js';
import { groupTotals } from './groupTotals.js';
import { invalidOption } from './errors.js';
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
}

/**
 * The defaults of {@link salesTrend}, in one place: calendar months, weeks starting on Monday
 * (ISO 8601), and periods without sales filled with zeros.
 *
 * @example
 * ```ts
 * SALES_TREND_DEFAULTS;
 * // => { interval: 'month', weekStartsOn: 1, fill: true }
 * ```
 */
export const SALES_TREND_DEFAULTS: Readonly<Required<SalesTrendOptions>> = Object.freeze({
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
 * orders and customers are distinct counts within it. O(n + days).
 *
 * @param table - a (usually cleaned) table
 * @param options - interval, week start, gap filling
 * @returns one point per period (an empty array for an empty table)
 * @throws {@link CoreError} `INVALID_OPTION` for an unknown interval or week start
 * @example
 * ```ts
 * salesTrend(cleaned, { interval: 'month' })[0];
 * // => { period: '2010-12-01', start: 1291161600000, revenue: 572713.89, orders: 1400, customers: 885, items: 312265, lines: 26157 }
 * ```
 */
export function salesTrend(table: TransactionTable, options: SalesTrendOptions = {}): TrendPoint[] {
  checkTable(table);
  const interval = options.interval ?? SALES_TREND_DEFAULTS.interval;
  if (interval !== 'day' && interval !== 'week' && interval !== 'month') invalidOption('interval', interval, "'day', 'week' or 'month'");
  const weekStartsOn = options.weekStartsOn ?? SALES_TREND_DEFAULTS.weekStartsOn;
  if (!(Number.isInteger(weekStartsOn) && weekStartsOn >= 0 && weekStartsOn <= 6)) invalidOption('weekStartsOn', weekStartsOn, 'an integer from 0 (Sunday) to 6');
  const fill = options.fill ?? SALES_TREND_DEFAULTS.fill;
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
  // period key of each day in [minDay, maxDay], then dense period indices
  const span = maxDay - minDay + 1;
  const keyOfDay = new Float64Array(span);
  const shift = (4 - weekStartsOn + 7) % 7; // 1970-01-01 was a Thursday
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
  const periods = keyOfDay[span - 1]! - firstKey + 1;
  const periodOf = new Int32Array(n);
  for (let i = 0; i < n; i++) periodOf[i] = keyOfDay[dayOf[i]! - minDay]! - firstKey;
  const { revenue, items, lines } = groupTotals(table, periodOf, periods);
  const groups = groupRows(periodOf, periods);
  const orders = distinctInGroups(groups, invoice, table.dictionaries.invoice.length);
  const customers = distinctInGroups(groups, customer, table.dictionaries.customer.length);
  const out: TrendPoint[] = [];
  for (let p = 0; p < periods; p++) {
    if (!fill && lines[p] === 0) continue;
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
      revenue: revenue[p]!,
      orders: orders[p]!,
      customers: customers[p]!,
      items: items[p]!,
      lines: lines[p]!,
    });
  }
  return out;
}
