import type { TransactionField } from './columnMapping.js';
import type { TransactionTable } from './transactionTable.js';

/**
 * Why a row was rejected while loading.
 *
 * - `FIELD_COUNT`: the row has more or fewer fields than the header.
 * - `MISSING_VALUE`: a required field (invoice, stock code, quantity, date, price) is empty.
 * - `INVALID_NUMBER`: quantity or price is not a decimal number.
 * - `INVALID_DATE`: the date is not in the file's date format, or is not a real calendar date.
 * - `MALFORMED_QUOTES`: text follows a closing quote.
 * - `UNTERMINATED_QUOTE`: a quoted field is never closed (the rest of the input is in it).
 */
export type LoadIssueCode =
  | 'FIELD_COUNT'
  | 'MISSING_VALUE'
  | 'INVALID_NUMBER'
  | 'INVALID_DATE'
  | 'MALFORMED_QUOTES'
  | 'UNTERMINATED_QUOTE';

/** One problem found in one input row. A row with several problems yields several issues. */
export interface LoadIssue {
  /** 1-based line (CSV, header = line 1) or sheet row (XLSX) where the row starts. */
  readonly line: number;
  /** The field concerned, or `null` when the problem is the whole row. */
  readonly field: TransactionField | null;
  /** The value as written (shortened to 100 characters), or `null`. */
  readonly value: string | null;
  /** Machine-readable reason. */
  readonly code: LoadIssueCode;
  /** A sentence a person can act on. */
  readonly reason: string;
}

/** What a load did: every data row read is either kept or rejected. */
export interface LoadSummary {
  /** Data rows read (header and blank lines excluded). Equals `rowsKept + rowsRejected`. */
  readonly rowsRead: number;
  /** Rows in the table. */
  readonly rowsKept: number;
  /** Rows left out because of at least one issue. */
  readonly rowsRejected: number;
  /** Blank lines skipped (not rows). */
  readonly blankLines: number;
  /** Number of issues of each code, complete even when `issues` was truncated. */
  readonly issueCounts: Readonly<Record<LoadIssueCode, number>>;
  /** True when more issues were found than `maxIssues` kept. */
  readonly issuesTruncated: boolean;
  /** The header as read. */
  readonly header: readonly string[];
  /** Header position of each field (-1: absent). */
  readonly columns: Readonly<Record<TransactionField, number>>;
  /** The date format used (`'iso'`, `'mdy'`, `'dmy'`, a pattern), or `null` if no date was read. */
  readonly dateFormat: string | null;
  /** The source format: `'text'` for strings and streams, or what a file turned out to be. */
  readonly format: 'text' | 'csv' | 'csv.gz' | 'xlsx';
}

/** A loaded table with the account of how it was loaded. */
export interface LoadResult {
  /** The rows that parsed. */
  readonly table: TransactionTable;
  /** Problems found, in input order (at most `maxIssues`). */
  readonly issues: readonly LoadIssue[];
  /** Counts that account for every row read. */
  readonly summary: LoadSummary;
}
