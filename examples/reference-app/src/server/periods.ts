/**
 * The days an answer covers and whether a period of a trend is whole: a month, week or day is
 * partial when the days covered (the data's days, cut by the filter's dates) start after it starts
 * or end before it ends, as December 2011 of Online Retail (9 of 31 days) is.
 */
import { dateExtent, MS_PER_DAY } from '@shopper-spectrum/core';
import type { TransactionTable, TrendInterval } from '@shopper-spectrum/core';
import type { Filters } from './filters.js';

/** Whole days, wall-clock ms at 00:00: `[from, toExclusive)`. */
export interface DayRange {
  /** The first day. */
  readonly from: number;
  /** The day after the last day. */
  readonly toExclusive: number;
}

/** The day of a wall-clock time, at 00:00. */
export const dayOf = (t: number): number => Math.floor(t / MS_PER_DAY) * MS_PER_DAY;

/** A day as `YYYY-MM-DD`. */
export const isoDay = (t: number): string => new Date(t).toISOString().slice(0, 10);

/**
 * The days the data holds (its first to its last invoice day) cut by the filter's dates: what an
 * answer over the filter covers. Empty (`toExclusive <= from`) when the filter lies outside the data.
 *
 * @example
 * ```ts
 * coveredDays({ from: Date.UTC(2010, 11, 1), toExclusive: Date.UTC(2011, 11, 10) }, filters.parse({ from: '2011-11-15' }));
 * // => { from: Date.UTC(2011, 10, 15), toExclusive: Date.UTC(2011, 11, 10) }
 * ```
 */
export function coveredDays(data: DayRange, f: Pick<Filters, 'from' | 'toExclusive'>): DayRange {
  return { from: Math.max(data.from, f.from ?? -Infinity), toExclusive: Math.min(data.toExclusive, f.toExclusive ?? Infinity) };
}

/** The start of the period after the one starting at `start` (weeks are 7 days, months calendar months). */
export function periodEnd(start: number, interval: TrendInterval): number {
  if (interval === 'day') return start + MS_PER_DAY;
  if (interval === 'week') return start + 7 * MS_PER_DAY;
  const d = new Date(start);
  return new Date(0).setUTCFullYear(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/**
 * Whether the period starting at `start` is cut by the covered days (starts before them or ends
 * after them). O(1).
 *
 * @example
 * ```ts
 * isPartial(Date.UTC(2011, 11, 1), 'month', { from: Date.UTC(2010, 11, 1), toExclusive: Date.UTC(2011, 11, 10) });
 * // => true (December 2011: 9 of 31 days)
 * ```
 */
export function isPartial(start: number, interval: TrendInterval, covered: DayRange): boolean {
  return start < covered.from || periodEnd(start, interval) > covered.toExclusive;
}

/**
 * The days a table holds: its first invoice day to the day after its last (empty for an empty
 * table). O(rows).
 *
 * @example
 * ```ts
 * dataDays(table); // Online Retail
 * // => { from: Date.UTC(2010, 11, 1), toExclusive: Date.UTC(2011, 11, 10) }
 * ```
 */
export function dataDays(table: TransactionTable): DayRange {
  const extent = dateExtent(table);
  return extent ? { from: dayOf(extent.first), toExclusive: dayOf(extent.last) + MS_PER_DAY } : { from: 0, toExclusive: 0 };
}

/**
 * The first day of every calendar month the covered days touch, oldest first (none when they are
 * empty): the months a monthly series of an answer lists, each one present even without a sale.
 * O(months).
 *
 * @example
 * ```ts
 * monthStarts({ from: Date.UTC(2011, 8, 1), toExclusive: Date.UTC(2011, 11, 1) }).map(isoDay);
 * // => ['2011-09-01', '2011-10-01', '2011-11-01']
 * ```
 */
export function monthStarts(covered: DayRange): number[] {
  const out: number[] = [];
  if (!(covered.toExclusive > covered.from) || !Number.isFinite(covered.from) || !Number.isFinite(covered.toExclusive)) return out;
  const d = new Date(covered.from);
  for (let t = new Date(0).setUTCFullYear(d.getUTCFullYear(), d.getUTCMonth(), 1); t < covered.toExclusive && out.length < 100_000; t = periodEnd(t, 'month')) out.push(t);
  return out;
}
