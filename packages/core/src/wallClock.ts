/**
 * Wall-clock times without a zone, as the Online Retail data record them.
 *
 * Times are stored as milliseconds since 1970-01-01 00:00 on a zone-free calendar, computed with
 * UTC arithmetic (`Date.UTC`). A day is always 86,400,000 ms, so day differences are never bent by
 * daylight-saving changes, and the same file gives the same numbers in every time zone.
 */

/**
 * Milliseconds in one day of the zone-free calendar.
 *
 * @example
 * ```ts
 * (Date.UTC(2011, 0, 2) - Date.UTC(2011, 0, 1)) / MS_PER_DAY;
 * // => 1
 * ```
 */
export const MS_PER_DAY = 86_400_000;

/**
 * Formats a wall-clock time as `YYYY-MM-DD HH:mm:ss` (or `YYYY-MM-DD` with `dateOnly`).
 *
 * @param time - milliseconds on the zone-free calendar (see the module note)
 * @param dateOnly - drop the time of day
 * @returns the formatted time
 * @example
 * ```ts
 * formatWallClock(Date.UTC(2010, 11, 1, 8, 26));
 * // => '2010-12-01 08:26:00'
 * ```
 */
export function formatWallClock(time: number, dateOnly = false): string {
  const d = new Date(time);
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
  if (dateOnly) return date;
  return `${date} ${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * Reads a JavaScript `Date` as a wall-clock time: its local fields (year, month, day, hours...) are
 * kept and the zone is dropped. This is how a date typed into a form, or produced by date-fns `parse`,
 * becomes a value comparable with the table's `invoiceDate` column.
 *
 * @param date - any valid Date
 * @returns milliseconds on the zone-free calendar
 * @example
 * ```ts
 * wallClockFromLocalDate(new Date(2011, 11, 9, 12, 50)) === Date.UTC(2011, 11, 9, 12, 50);
 * // => true
 * ```
 */
export function wallClockFromLocalDate(date: Date): number {
  const y = date.getFullYear();
  const t = Date.UTC(y >= 100 ? y : 2000, date.getMonth(), date.getDate(), date.getHours(), date.getMinutes(), date.getSeconds(), date.getMilliseconds());
  if (y >= 100) return t;
  // Date.UTC reads years 0 to 99 as 1900 to 1999: set the year itself
  const d = new Date(t);
  d.setUTCFullYear(y);
  return d.getTime();
}
