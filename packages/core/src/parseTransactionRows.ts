import { TRANSACTION_FIELDS } from './columnMapping.js';
import type { TransactionField } from './columnMapping.js';
import { CoreError } from './errors.js';
import type { LoadResult } from './loadResult.js';
import { TransactionsParser } from './transactionsParser.js';
import type { CellValue, ParseTransactionsOptions } from './transactionsParser.js';

/**
 * One in-memory input row. Text fields are strings; quantity and unit price are numbers or decimal
 * strings; `invoiceDate` is wall-clock ms (a number), a `Date` read by its UTC fields, or a string in
 * the `dateFormat` of the options. Missing optional fields may be left out or `null`. Rows with an
 * `amount` and no `unitPrice` (in the first row) are a minimal log: customer, date and amount.
 */
export type TransactionInput = { readonly [F in TransactionField]?: CellValue };

/** The full schema's fields (a minimal log's rows are told by an `amount` and no `unitPrice`). */
const FULL_FIELDS = TRANSACTION_FIELDS.filter((f) => f !== 'amount');
const mapping = (fields: readonly TransactionField[]) => Object.fromEntries(fields.map((f) => [f, f])) as Record<TransactionField, string>;

/**
 * Builds a table from in-memory rows (objects keyed by field name), with the same checks, issues
 * and summary as the CSV loaders: a row with a bad number or date is reported, not thrown.
 * `line` in issues is the 1-based position of the row in `rows`.
 *
 * @param rows - the rows
 * @param options - `dateFormat` for string dates and `maxIssues` (column options do not apply)
 * @returns the table, the issues and the summary
 * @throws {@link CoreError} `INVALID_ARGUMENT` when `rows` is not iterable or a row is not an object
 * @example
 * ```ts
 * const { table } = parseTransactionRows([
 *   { invoiceNo: '1', stockCode: 'A', quantity: 2, invoiceDate: '2011-01-02 10:00', unitPrice: 1.5, customerId: '7' },
 * ]);
 * table.row(0).totalPrice;
 * // => 3
 * ```
 */
export function parseTransactionRows(
  rows: Iterable<TransactionInput>,
  options: Omit<ParseTransactionsOptions, 'columns' | 'delimiter'> = {},
): LoadResult {
  if (rows == null || typeof (rows as Iterable<TransactionInput>)[Symbol.iterator] !== 'function') {
    throw new CoreError('INVALID_ARGUMENT', `Invalid argument rows: got ${rows === null ? 'null' : typeof rows}; allowed: an iterable of row objects.`, {
      parameter: 'rows',
      value: typeof rows,
      allowed: 'Iterable<TransactionInput>',
    });
  }
  const iterator = (rows as Iterable<TransactionInput>)[Symbol.iterator]();
  let next = iterator.next();
  const first = next.done ? undefined : next.value;
  const minimal = first !== null && typeof first === 'object' && first.amount !== undefined && first.amount !== null && (first.unitPrice === undefined || first.unitPrice === null);
  const fields = minimal ? TRANSACTION_FIELDS : FULL_FIELDS;
  const parser = new TransactionsParser({ ...options, columns: mapping(fields) });
  parser.pushHeader(fields);
  let line = 0;
  for (; !next.done; next = iterator.next()) {
    const row = next.value;
    line++;
    if (row === null || typeof row !== 'object') {
      throw new CoreError('INVALID_ARGUMENT', `Invalid argument rows[${line - 1}]: got ${row === null ? 'null' : typeof row}; allowed: an object keyed by field name.`, {
        parameter: 'rows',
        value: row,
        allowed: 'an object keyed by field name',
      });
    }
    parser.pushValues(fields.map((f) => row[f]), line);
  }
  return parser.finish();
}
