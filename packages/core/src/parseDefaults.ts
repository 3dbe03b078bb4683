import type { ParseTransactionsOptions } from './transactionsParser.js';

/**
 * The defaults of the parsing options ({@link ParseTransactionsOptions}) that every reader shares
 * (`parseTransactionsCsv`, `parseTransactionsCsvStream`, `parseTransactions`, `parseTransactionRows`,
 * and `loadTransactions` of `@shopper-spectrum/core/node`), in one place: columns recognised by their
 * Online Retail or Online Retail II names, dates whose format is guessed from the first value, the field
 * separator told from the header line (`,` `;` tab or `|`), the first 1000 issues kept, records of at most 1 MiB (a quoted field over at most 64 lines), numbers within 1e9 (a line
 * total within 1e12), dates from 1990 to the day after the run (`dateRange.to` absent), and the
 * encoding of byte sources told from their bytes, and decimal points.
 *
 * @example
 * ```ts
 * PARSE_DEFAULTS;
 * // => { columns: 'auto', dateFormat: 'auto', delimiter: 'auto', maxIssues: 1000, maxRecordLength: 1048576, maxRecordLines: 64,
 *   //      limits: { quantity: 1e9, unitPrice: 1e9, lineTotal: 1e12 }, dateRange: { from: '1990-01-01' }, encoding: 'auto',
 *   //      decimalSeparator: '.' }
 * ```
 */
export const PARSE_DEFAULTS: Readonly<Required<ParseTransactionsOptions>> = Object.freeze({
  columns: 'auto',
  dateFormat: 'auto',
  delimiter: 'auto',
  maxIssues: 1000,
  maxRecordLength: 1 << 20,
  maxRecordLines: 64,
  limits: Object.freeze({ quantity: 1e9, unitPrice: 1e9, lineTotal: 1e12 }),
  dateRange: Object.freeze({ from: '1990-01-01' }),
  encoding: 'auto',
  decimalSeparator: '.',
});
