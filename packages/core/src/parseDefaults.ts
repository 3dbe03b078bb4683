import type { ParseTransactionsOptions } from './transactionsParser.js';

/**
 * The defaults of the parsing options ({@link ParseTransactionsOptions}) that every reader shares
 * (`parseTransactionsCsv`, `parseTransactionsCsvStream`, `parseTransactions`, `parseTransactionRows`,
 * and `loadTransactions` of `@shopper-spectrum/core/node`), in one place: columns recognised by their
 * Online Retail or Online Retail II names, dates whose format is guessed from the first value, commas
 * between fields, and the first 1000 issues kept.
 *
 * @example
 * ```ts
 * PARSE_DEFAULTS;
 * // => { columns: 'auto', dateFormat: 'auto', delimiter: ',', maxIssues: 1000 }
 * ```
 */
export const PARSE_DEFAULTS: Readonly<Required<ParseTransactionsOptions>> = Object.freeze({
  columns: 'auto',
  dateFormat: 'auto',
  delimiter: ',',
  maxIssues: 1000,
});
