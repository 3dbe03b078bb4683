import { describeValue, invalidMessage, ShopperSpectrumError } from '@shopper-spectrum/internal';
import type { ErrorDetails } from '@shopper-spectrum/internal';

/**
 * The codes a {@link CoreError} can carry. Programs tell errors apart by `code`, never by message.
 *
 * - `EMPTY_INPUT`: the source holds no header (an empty file or string).
 * - `NOT_CSV`: the source is not delimited text (binary bytes, or a spreadsheet given to the CSV parser).
 * - `MISSING_COLUMNS`: the header lacks a required column of the chosen mapping.
 * - `INVALID_OPTION`: an option has a value outside what is allowed.
 * - `INVALID_ARGUMENT`: an argument (not an option) is of the wrong kind or out of range.
 * - `UNSUPPORTED_FORMAT`: the file's format is recognised but cannot be read here.
 * - `MISSING_DEPENDENCY`: an optional peer dependency (such as `exceljs` for XLSX) is not installed.
 * - `READ_FAILED`: the file or stream could not be read (the cause is attached).
 * - `NO_PRODUCTS`: a product-level function met a log without products (customer, date, amount).
 * - `AMBIGUOUS_DATES`: every date reads as both day-first and month-first; `dateFormat` must say which.
 * - `INVALID_ENCODING`: the bytes are not in the declared `encoding`.
 * - `DUPLICATE_COLUMNS`: the header names a column the mapping reads more than once.
 * - `CORRUPT_SOURCE`: the bytes are damaged (a truncated gzip, an XLSX that is no workbook).
 */
export type CoreErrorCode =
  | 'EMPTY_INPUT'
  | 'NOT_CSV'
  | 'MISSING_COLUMNS'
  | 'INVALID_OPTION'
  | 'INVALID_ARGUMENT'
  | 'UNSUPPORTED_FORMAT'
  | 'MISSING_DEPENDENCY'
  | 'READ_FAILED'
  | 'NO_PRODUCTS'
  | 'AMBIGUOUS_DATES'
  | 'INVALID_ENCODING'
  | 'DUPLICATE_COLUMNS'
  | 'CORRUPT_SOURCE';

/** Details of a {@link CoreError}: what was wrong, where, and what would have been accepted. */
export type CoreErrorDetails = ErrorDetails;

/**
 * The one error class of `@shopper-spectrum/core`. Thrown for programming errors and unreadable
 * sources; problems inside otherwise readable data are collected as {@link LoadIssue}s instead.
 * Extends {@link ShopperSpectrumError}, the base of every shopper-spectrum error.
 *
 * @example
 * ```ts
 * try { parseTransactionsCsv(''); } catch (e) { if (e instanceof CoreError) console.log(e.code); }
 * // => EMPTY_INPUT
 * ```
 */
export class CoreError extends ShopperSpectrumError {
  /** Machine-readable reason. */
  declare readonly code: CoreErrorCode;

  /**
   * @param code - machine-readable reason
   * @param message - a sentence naming the parameter, the bad value and what is allowed
   * @param details - the same facts as fields, plus an optional `cause`
   */
  constructor(code: CoreErrorCode, message: string, details: CoreErrorDetails = {}) {
    super(code, message, details);
    this.name = 'CoreError';
  }
}

export { describeValue };

/**
 * Throws an `INVALID_OPTION` error naming the option, its value and what is allowed.
 */
export function invalidOption(parameter: string, value: unknown, allowed: string): never {
  throw new CoreError('INVALID_OPTION', invalidMessage(`option ${parameter}`, value, allowed), { parameter, value, allowed });
}
