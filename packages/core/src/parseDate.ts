import { UTCDate } from '@date-fns/utc';
import { format, isValid, parse } from 'date-fns';
import { CoreError } from './errors.js';

/**
 * How dates in a file are written.
 *
 * - `'iso'`: `YYYY-MM-DD HH:mm[:ss[.SSS]]` (a `T` may stand for the space; the time may be absent).
 * - `'mdy'`: `M/D/YYYY H:mm[:ss]`, the form of the original Online Retail spreadsheet's CSV exports
 *   (`12/1/2010 8:26`); a two-digit year is read as spreadsheets read it (00-29: 20YY, 30-99: 19YY).
 * - `'dmy'`: `D/M/YYYY H:mm[:ss]`, the same with day first.
 * - `{ pattern }`: a date-fns `parse` format string such as `'dd.MM.yyyy HH:mm'` (slower; any form).
 * - `'auto'`: decided by the first value that looks like a date (junk such as `NULL`, `N/A` or
 *   `#N/A` before it is an `INVALID_DATE` issue and decides nothing): `'iso'` for `2011-01-05 ...`;
 *   slash dates day-first or month-first as the values prove (a first number above 12 is a day:
 *   day-first; a second above 12: month-first), and a file that never proves either, with some date
 *   that reads differently each way, is refused (`AMBIGUOUS_DATES`) rather than guessed.
 */
export type DateFormat =
  | 'auto'
  | 'iso'
  | 'mdy'
  | 'dmy'
  | {
      /** A date-fns `parse` format string, e.g. `'dd.MM.yyyy HH:mm'`. */
      readonly pattern: string;
    };

/** A date format resolved to its parser. */
export interface ResolvedDateFormat {
  /** The parser. */
  readonly parser: DateParser;
  /** `'iso'`, `'mdy'`, `'dmy'`, or the date-fns pattern. */
  readonly format: string;
}

/** A resolved date parser over `text[start, end)`: wall-clock ms, or NaN when invalid. */
export type DateParser = (text: string, start: number, end: number) => number;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!);
}

/**
 * Midnight of a calendar day as wall-clock ms, for any year: `Date.UTC` reads years 0 to 99 as 1900
 * to 1999, so `0001-01-01` would become 1901; the year is set explicitly instead.
 */
function utcDay(y: number, m: number, d: number): number {
  if (y >= 100) return Date.UTC(y, m - 1, d);
  const t = new Date(Date.UTC(2000, m - 1, d));
  t.setUTCFullYear(y);
  return t.getTime();
}

/** Reads `count` digits at `i`; -1 if any is not a digit. */
function digitsAt(text: string, i: number, count: number): number {
  let v = 0;
  for (let k = 0; k < count; k++) {
    const c = text.charCodeAt(i + k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Parses the time part `HH:mm[:ss[.SSS]]` at `i`..`end`; returns ms in the day or NaN. */
function timeOfDay(text: string, i: number, end: number): number {
  // hours: one or two digits
  let h = 0;
  let k = i;
  while (k < end && k - i < 2) {
    const c = text.charCodeAt(k) - 48;
    if (c < 0 || c > 9) break;
    h = h * 10 + c;
    k++;
  }
  if (k === i || text.charCodeAt(k) !== 58 /* : */) return NaN;
  const mi = digitsAt(text, k + 1, 2);
  if (mi < 0) return NaN;
  k += 3;
  let s = 0;
  let ms = 0;
  if (k < end && text.charCodeAt(k) === 58) {
    s = digitsAt(text, k + 1, 2);
    if (s < 0) return NaN;
    k += 3;
    if (k < end && text.charCodeAt(k) === 46 /* . */) {
      let scale = 100;
      k++;
      const from = k;
      while (k < end) {
        const c = text.charCodeAt(k) - 48;
        if (c < 0 || c > 9) break;
        ms += c * scale;
        scale /= 10;
        k++;
      }
      if (k === from) return NaN;
      ms = Math.floor(ms);
    }
  }
  if (k !== end || h > 23 || mi > 59 || s > 59) return NaN;
  return ((h * 60 + mi) * 60 + s) * 1000 + ms;
}

/**
 * `YYYY-MM-DD[ T]HH:mm[:ss[.SSS]]` or `YYYY-MM-DD`.
 *
 * @example
 * ```ts
 * parseIsoDate('2010-12-01 08:26:00', 0, 19) === Date.UTC(2010, 11, 1, 8, 26);
 * // => true
 * ```
 */
export const parseIsoDate: DateParser = (text, start, end) => {
  while (end > start && text.charCodeAt(end - 1) === 32) end--;
  while (start < end && text.charCodeAt(start) === 32) start++;
  if (end - start < 10 || text.charCodeAt(start + 4) !== 45 || text.charCodeAt(start + 7) !== 45) return NaN;
  const y = digitsAt(text, start, 4);
  const m = digitsAt(text, start + 5, 2);
  const d = digitsAt(text, start + 8, 2);
  if (y < 0 || m < 0 || d < 0 || !validDay(y, m, d)) return NaN;
  const day = utcDay(y, m, d);
  if (end - start === 10) return day;
  const sep = text.charCodeAt(start + 10);
  if (sep !== 32 && sep !== 84 /* T */) return NaN;
  const t = timeOfDay(text, start + 11, end);
  return Number.isNaN(t) ? NaN : day + t;
};

/** The parts of a slash date `A/B/YYYY[ H:mm[:ss]]`, before deciding which of A and B is the day. */
export interface SlashDateParts {
  /** The first number. */
  readonly first: number;
  /** The second number. */
  readonly second: number;
  /** The year (a two-digit year: 00-29 are 20YY, 30-99 are 19YY, as spreadsheets read them). */
  readonly year: number;
  /** Milliseconds into the day (0 without a time). */
  readonly time: number;
}

/**
 * Internal: reads `A/B/YYYY[ H:mm[:ss]]` without deciding the order of day and month; `null` when it
 * is not of that form.
 */
export function slashDateParts(text: string, start: number, end: number): SlashDateParts | null {
  while (end > start && text.charCodeAt(end - 1) === 32) end--;
  while (start < end && text.charCodeAt(start) === 32) start++;
  const parts = [0, 0, 0];
  let k = start;
  for (let p = 0; p < 3; p++) {
    const from = k;
    let v = 0;
    while (k < end) {
      const c = text.charCodeAt(k) - 48;
      if (c < 0 || c > 9) break;
      v = v * 10 + c;
      k++;
    }
    const len = k - from;
    if (len === 0 || len > (p === 2 ? 4 : 2) || (p === 2 && len === 3)) return null;
    // two-digit years as spreadsheets read them: 00-29 are 2000-2029, 30-99 are 1930-1999
    parts[p] = p === 2 && len === 2 ? (v < 30 ? 2000 + v : 1900 + v) : v;
    if (p < 2) {
      if (text.charCodeAt(k) !== 47 /* / */) return null;
      k++;
    }
  }
  let time = 0;
  if (k !== end) {
    if (text.charCodeAt(k) !== 32) return null;
    time = timeOfDay(text, k + 1, end);
    if (Number.isNaN(time)) return null;
  }
  return { first: parts[0]!, second: parts[1]!, year: parts[2]!, time };
}

/** Internal: wall-clock ms of a calendar day and time, or NaN when the day does not exist. */
export function utcTime(year: number, month: number, day: number, time: number): number {
  return validDay(year, month, day) ? utcDay(year, month, day) + time : NaN;
}

function slashDate(dayFirst: boolean): DateParser {
  return (text, start, end) => {
    const p = slashDateParts(text, start, end);
    if (p === null) return NaN;
    return dayFirst ? utcTime(p.year, p.second, p.first, p.time) : utcTime(p.year, p.first, p.second, p.time);
  };
}

/**
 * `M/D/YYYY H:mm[:ss]`, as in the original spreadsheet's CSV exports.
 *
 * @example
 * ```ts
 * parseMdyDate('12/1/2010 8:26', 0, 14) === Date.UTC(2010, 11, 1, 8, 26);
 * // => true
 * ```
 */
export const parseMdyDate: DateParser = slashDate(false);
/**
 * `D/M/YYYY H:mm[:ss]`.
 *
 * @example
 * ```ts
 * parseDmyDate('1/12/2010 8:26', 0, 14) === Date.UTC(2010, 11, 1, 8, 26);
 * // => true
 * ```
 */
export const parseDmyDate: DateParser = slashDate(true);

/**
 * A parser for a date-fns format string: the fields are read in UTC as the wall clock written, so the
 * machine's time zone plays no part (an offset token such as `X` converts to UTC). A pattern date-fns
 * refuses is an `INVALID_OPTION` at once, not an error on every row.
 *
 * @example
 * ```ts
 * const parse = patternDateParser('dd.MM.yyyy HH:mm');
 * formatWallClock(parse('09.12.2011 12:50', 0, 16));
 * // => '2011-12-09 12:50:00'
 * ```
 */
export function patternDateParser(pattern: string): DateParser {
  // parsed in UTC, so the fields are the wall clock as written whatever the machine's time zone
  // (a local parse would move 01:30 on a spring-forward night to 02:30)
  const reference = new UTCDate(2000, 0, 1);
  try {
    // date-fns refuses a pattern (an unquoted letter, tokens that cannot go together such as T with
    // others) only when parsing reaches the token, and stops at the first field that does not match:
    // parse a value written in the pattern itself, so that every token is reached
    parse(format(reference, pattern), pattern, reference);
  } catch (error) {
    throw new CoreError('INVALID_OPTION', `Invalid option dateFormat: the pattern ${JSON.stringify(pattern.slice(0, 60))} is not a date-fns format (${(error as Error).message.slice(0, 200)}); letters meant literally go in single quotes, e.g. "yyyy-MM-dd'T'HH:mm:ss".`, {
      parameter: 'dateFormat',
      value: pattern,
      allowed: 'a date-fns parse format such as dd.MM.yyyy HH:mm',
      cause: error,
    });
  }
  return (text, start, end) => {
    const d = parse(text.slice(start, end).trim(), pattern, reference);
    return isValid(d) ? d.getTime() : NaN;
  };
}

/**
 * Chooses the parser for a {@link DateFormat}; `'auto'` looks at one sample value.
 *
 * @param format - the declared format
 * @param sample - a date as written in the data (used by `'auto'` only)
 * @returns the parser and the name of the resolved format
 * @example
 * ```ts
 * resolveDateParser('auto', '12/1/2010 8:26').format;
 * // => 'mdy'
 * ```
 */
export function resolveDateParser(format: DateFormat, sample: string): ResolvedDateFormat {
  if (typeof format === 'object') return { parser: patternDateParser(format.pattern), format: format.pattern };
  const f = format === 'auto' ? (sample.includes('-') ? 'iso' : 'mdy') : format;
  const parser = f === 'iso' ? parseIsoDate : f === 'mdy' ? parseMdyDate : parseDmyDate;
  return { parser, format: f };
}
