import { ShopperSpectrumError } from '@shopper-spectrum/internal';
import type { ErrorDetails } from '@shopper-spectrum/internal';

/**
 * The codes an {@link ArrowError} can carry. Programs tell errors apart by `code`, never by message.
 *
 * - `NOT_PARQUET`: the bytes are not a Parquet file (no `PAR1` magic at both ends).
 * - `CORRUPT_SOURCE`: a Parquet file that cannot be decoded (truncated, damaged footer or pages).
 * - `MISSING_COLUMNS`: a column the mapping needs is not in the table or file.
 * - `WRONG_TYPE`: a column holds values of a type that cannot be the field (a boolean invoice date).
 * - `NULL_VALUES`: a column the table requires holds NULLs.
 * - `INVALID_VALUES`: a value that is present but unusable (a date out of range, a non-finite number).
 * - `INVALID_ARGUMENT`: an argument of the wrong kind (not a table, not bytes).
 * - `INVALID_OPTION`: an option outside what is allowed.
 * - `READ_FAILED`: the source could not be read (a file that cannot be opened, a failing stream).
 */
export type ArrowErrorCode =
  | 'NOT_PARQUET'
  | 'CORRUPT_SOURCE'
  | 'MISSING_COLUMNS'
  | 'WRONG_TYPE'
  | 'NULL_VALUES'
  | 'INVALID_VALUES'
  | 'INVALID_ARGUMENT'
  | 'INVALID_OPTION'
  | 'READ_FAILED';

/**
 * The one error class of `@shopper-spectrum/arrow`: a source that cannot become a
 * `TransactionTable`, with a `code`, the `parameter` concerned (for a bad column, the column's name
 * as the source spells it, such as `InvoiceDate`), the bad `value` and what is `allowed`. Extends
 * `ShopperSpectrumError`, so `isShopperSpectrumError(e)` catches it with every other package's.
 *
 * @example
 * ```ts
 * try { await fromParquet(new TextEncoder().encode('InvoiceNo,StockCode\n')); } catch (e) { console.log((e as ArrowError).code); }
 * // => NOT_PARQUET
 * ```
 */
export class ArrowError extends ShopperSpectrumError {
  /** Machine-readable reason. */
  declare readonly code: ArrowErrorCode;

  /**
   * @param code - machine-readable reason
   * @param message - a sentence naming the source, the column, the bad value and what is allowed
   * @param details - the same facts as fields, plus an optional `cause`
   */
  constructor(code: ArrowErrorCode, message: string, details: ErrorDetails = {}) {
    super(code, message, details);
    this.name = 'ArrowError';
  }
}
