import { keepsRow, resolveFilter, scanRows } from './rowSelection.js';
import type { RowFilter } from './rowSelection.js';
import { checkTable } from './transactionTable.js';
import type { TransactionTable } from './transactionTable.js';
import { MS_PER_DAY } from './wallClock.js';

/**
 * A table's rows ordered by invoice date, built once, that answers any {@link RowFilter} (a window
 * of times and a country) in O(log n + rows in the window): the row selection of a dashboard or an
 * API that filters one table many times. Made by {@link dateIndex}.
 *
 * @example
 * ```ts
 * const index = dateIndex(trusted); // Online Retail, the default (trusted) preset
 * const rows = index.select({ from: Date.UTC(2011, 2, 1), toExclusive: Date.UTC(2011, 3, 1) });
 * rows.length;
 * // => 26454 (the lines of March 2011)
 * salesTrend(trusted, { rows, interval: 'week' }).map((p) => p.period);
 * // => ['2011-02-28', '2011-03-07', '2011-03-14', '2011-03-21', '2011-03-28'] (weeks start on Monday)
 * ```
 */
export interface DateIndex {
  /** The table the index was built for; {@link DateIndex.select} returns indices into it. */
  readonly table: TransactionTable;
  /**
   * Whether the table's rows were already in date order (non-decreasing `invoiceDate`, no NaN), as a
   * log read from a file usually is. Then the index holds no order of its own: a window is two binary
   * searches over the date column.
   */
  readonly inDateOrder: boolean;
  /**
   * The bytes the index holds besides the table: 0 when {@link DateIndex.inDateOrder}, otherwise
   * about 4 a row (the rows grouped by day) plus 12 a day, for a cache that counts its memory.
   */
  readonly byteLength: number;
  /**
   * The indices of the rows that pass `filter`, ascending: exactly what
   * {@link selectRowIndices | selectRowIndices(table, filter)} returns. O(log n + rows in the
   * window) for a table in date order; otherwise O(log days + rows in the window) plus a sort of
   * the selection when its days hold rows out of table order (or one O(n) pass when the window
   * holds more than a sixteenth of the table). With an empty filter, leave `rows` out of the
   * aggregation instead: every row is the default, and it is faster.
   *
   * @param filter - the window and country
   * @returns the row indices, ascending
   * @throws {@link CoreError} `INVALID_OPTION` as {@link selectRowIndices} does
   */
  select(filter?: RowFilter): Int32Array;
}

/**
 * Builds a {@link DateIndex} over a table: nothing but a check of the date order when the table is
 * already in date order (O(n), no memory), otherwise a counting sort of the rows by day (O(n + days)
 * time when the days are dense, O(n log n) when a few rows lie years apart; 4 bytes a row). Rows
 * whose date is not finite are kept aside and tested on every query. The table is not copied and
 * must not be changed while the index is used (tables are immutable).
 *
 * @param table - the table to index
 * @returns the index
 * @throws {@link CoreError} `INVALID_ARGUMENT` when `table` is not a table
 * @example
 * ```ts
 * const index = dateIndex(trusted);
 * [index.inDateOrder, index.byteLength];
 * // => [true, 0] (Online Retail is written in date order)
 * const march = { from: Date.UTC(2011, 2, 1), toExclusive: Date.UTC(2011, 3, 1), country: 'France' };
 * index.select(march).length;
 * // => 523, the rows selectRowIndices(trusted, march) returns
 * dateIndex(selectRows(trusted, shuffled)).inDateOrder;
 * // => false: the index then holds the rows grouped by day, about 4 bytes a row
 * ```
 */
export function dateIndex(table: TransactionTable): DateIndex {
  checkTable(table);
  const dates = table.columns.invoiceDate;
  let ordered = true;
  for (let i = 1; i < dates.length && ordered; i++) ordered = dates[i - 1]! <= dates[i]!;
  if (dates.length === 1 && Number.isNaN(dates[0]!)) ordered = false;
  return ordered ? new OrderedIndex(table) : new BucketIndex(table);
}

/** The index of a table in date order: binary searches over the date column itself. */
class OrderedIndex implements DateIndex {
  readonly inDateOrder = true;
  readonly byteLength = 0;
  constructor(readonly table: TransactionTable) {}

  select(filter?: RowFilter): Int32Array {
    const f = resolveFilter(this.table, filter);
    const dates = this.table.columns.invoiceDate;
    const lo = f.hasFrom ? lowerBound(dates, f.from) : 0;
    const hi = f.hasTo ? lowerBound(dates, f.toExclusive) : dates.length;
    if (hi <= lo) return new Int32Array(0);
    const code = f.country;
    if (code < 0) {
      const out = new Int32Array(hi - lo);
      for (let k = 0; k < out.length; k++) out[k] = lo + k;
      return out;
    }
    const country = this.table.columns.country;
    let m = 0;
    for (let i = lo; i < hi; i++) if (country[i] === code) m++;
    const out = new Int32Array(m);
    for (let i = lo, k = 0; k < m; i++) if (country[i] === code) out[k++] = i;
    return out;
  }
}

/** The index of a table out of date order: rows grouped by day (ascending within a day). */
class BucketIndex implements DateIndex {
  readonly inDateOrder = false;
  readonly byteLength: number;
  /** Row indices, grouped by day, days ascending, rows ascending within a day. */
  private readonly order: Int32Array;
  /** The day number (floor(ms / MS_PER_DAY)) of each non-empty bucket, ascending. */
  private readonly bucketDay: Float64Array;
  /** Bucket offsets into `order`, length buckets + 1. */
  private readonly bucketStart: Int32Array;
  /** Rows whose date is not finite (NaN or infinite), ascending. */
  private readonly undated: Int32Array;

  constructor(readonly table: TransactionTable) {
    const dates = table.columns.invoiceDate;
    const n = dates.length;
    let minDay = Infinity;
    let maxDay = -Infinity;
    let undated = 0;
    for (let i = 0; i < n; i++) {
      const t = dates[i]!;
      if (!Number.isFinite(t)) {
        undated++;
        continue;
      }
      const day = Math.floor(t / MS_PER_DAY);
      if (day < minDay) minDay = day;
      if (day > maxDay) maxDay = day;
    }
    const dated = n - undated;
    // the bucket of each row: a dense day table when the days are, binary search over sorted days otherwise
    const bucketOf = new Int32Array(n);
    let bucketDay: Float64Array;
    if (dated === 0) bucketDay = new Float64Array(0);
    else if (maxDay - minDay < 4 * n + 1024) {
      const span = maxDay - minDay + 1;
      const dense = new Int32Array(span).fill(-1);
      for (let i = 0; i < n; i++) {
        const t = dates[i]!;
        if (Number.isFinite(t)) dense[Math.floor(t / MS_PER_DAY) - minDay] = 0;
      }
      let buckets = 0;
      for (let k = 0; k < span; k++) if (dense[k] === 0) dense[k] = buckets++;
      bucketDay = new Float64Array(buckets);
      for (let k = 0; k < span; k++) if (dense[k]! >= 0) bucketDay[dense[k]!] = minDay + k;
      for (let i = 0; i < n; i++) {
        const t = dates[i]!;
        bucketOf[i] = Number.isFinite(t) ? dense[Math.floor(t / MS_PER_DAY) - minDay]! : -1;
      }
    } else {
      const days = new Float64Array(dated);
      for (let i = 0, k = 0; i < n; i++) {
        const t = dates[i]!;
        if (Number.isFinite(t)) days[k++] = Math.floor(t / MS_PER_DAY);
      }
      days.sort();
      let buckets = 0;
      for (let k = 0; k < dated; k++) if (k === 0 || days[k] !== days[k - 1]) days[buckets++] = days[k]!;
      bucketDay = days.slice(0, buckets);
      for (let i = 0; i < n; i++) {
        const t = dates[i]!;
        bucketOf[i] = Number.isFinite(t) ? lowerBound(bucketDay, Math.floor(t / MS_PER_DAY)) : -1;
      }
    }
    const buckets = bucketDay.length;
    const start = new Int32Array(buckets + 1);
    for (let i = 0; i < n; i++) if (bucketOf[i]! >= 0) start[bucketOf[i]! + 1]!++;
    for (let b = 0; b < buckets; b++) start[b + 1]! += start[b]!;
    const fill = start.slice(0, buckets);
    const order = new Int32Array(dated);
    const aside = new Int32Array(undated);
    for (let i = 0, u = 0; i < n; i++) {
      const b = bucketOf[i]!;
      if (b >= 0) order[fill[b]!++] = i;
      else aside[u++] = i;
    }
    this.order = order;
    this.bucketDay = bucketDay;
    this.bucketStart = start;
    this.undated = aside;
    this.byteLength = order.byteLength + bucketDay.byteLength + start.byteLength + aside.byteLength;
  }

  select(filter?: RowFilter): Int32Array {
    const table = this.table;
    const f = resolveFilter(table, filter);
    const { order, bucketDay, bucketStart, undated } = this;
    // floor(t / MS_PER_DAY) is non-decreasing in t, so only the buckets of the bounds' own days hold
    // rows on both sides of a bound; every other bucket is wholly in or out
    const fromDay = f.hasFrom ? Math.floor(f.from / MS_PER_DAY) : -Infinity;
    const toDay = f.hasTo ? Math.floor(f.toExclusive / MS_PER_DAY) : Infinity;
    const b0 = lowerBound(bucketDay, fromDay);
    const b1 = upperBound(bucketDay, toDay);
    const window = b1 > b0 ? bucketStart[b1]! - bucketStart[b0]! : 0;
    if (window > table.length / 16) return scanRows(table, f);
    const { invoiceDate, country } = table.columns;
    const code = f.country;
    const out = new Int32Array(window + undated.length);
    let m = 0;
    for (let b = b0; b < b1; b++) {
      const edge = bucketDay[b] === fromDay || bucketDay[b] === toDay;
      for (let k = bucketStart[b]!; k < bucketStart[b + 1]!; k++) {
        const i = order[k]!;
        if (code >= 0 && country[i] !== code) continue;
        if (edge) {
          const t = invoiceDate[i]!;
          if ((f.hasFrom && !(t >= f.from)) || (f.hasTo && !(t < f.toExclusive))) continue;
        }
        out[m++] = i;
      }
    }
    for (let u = 0; u < undated.length; u++) if (keepsRow(table, f, undated[u]!)) out[m++] = undated[u]!;
    const rows = m === out.length ? out : out.slice(0, m);
    return ascending(rows) ? rows : rows.sort();
  }
}

function ascending(a: Int32Array): boolean {
  for (let k = 1; k < a.length; k++) if (a[k]! < a[k - 1]!) return false;
  return true;
}

/** The first index whose value is not below `x` (all values of an ascending array, NaN-free). */
function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index whose value is above `x`. */
function upperBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

