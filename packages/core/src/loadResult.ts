import type { TransactionField } from './columnMapping.js';
import type { TransactionSchema, TransactionTable } from './transactionTable.js';

/**
 * Why a row was rejected while loading.
 *
 * - `FIELD_COUNT`: the row has more or fewer fields than the header.
 * - `MISSING_VALUE`: a required field (invoice, stock code, quantity, date, price or amount) is empty.
 * - `INVALID_NUMBER`: quantity, price or amount is not a decimal number.
 * - `OUT_OF_RANGE`: a number is infinite (`1e400`) or beyond its declared limit (see
 *   `limits`), or quantity x price overflows the line-total limit.
 * - `INVALID_DATE`: the date is not in the file's date format, or is not a real calendar date.
 * - `DATE_OUT_OF_RANGE`: a real date outside the plausible window (see `dateRange`: by default
 *   1990-01-01 to the day after the run), such as `9999-12-31` or `0001-01-01`.
 * - `MALFORMED_QUOTES`: text follows a closing quote.
 * - `UNTERMINATED_QUOTE`: a quote is never closed: the record's first line is rejected and reading
 *   resumes on the next line, so the rows after it are kept.
 * - `LINE_TOO_LONG`: a line longer than `maxRecordLength` characters, skipped unread.
 * - `CONTROL_CHARACTER`: the row holds a NUL byte (binary data inside the text).
 */
export type LoadIssueCode =
  | 'FIELD_COUNT'
  | 'MISSING_VALUE'
  | 'INVALID_NUMBER'
  | 'OUT_OF_RANGE'
  | 'INVALID_DATE'
  | 'DATE_OUT_OF_RANGE'
  | 'MALFORMED_QUOTES'
  | 'UNTERMINATED_QUOTE'
  | 'LINE_TOO_LONG'
  | 'CONTROL_CHARACTER';

/**
 * Something about the whole source worth knowing, which rejected no row:
 * - `ENCODING_GUESSED`: the bytes are not valid UTF-8 and were read as windows-1252 (latin-1);
 * - `REPLACEMENT_CHARACTERS`: text given as a string holds U+FFFD, a sign it was decoded with the
 *   wrong encoding before it reached the parser;
 * - `DATES_DAY_FIRST` / `DATES_MONTH_FIRST`: how `'auto'` read slash dates, and the value that decided it;
 * - `CR_LINE_ENDINGS`: lines end with a lone CR (old Mac exports), read as line breaks;
 * - `SHEET_CHOSEN`: XLSX, the first sheet is empty and the next one with data was read;
 * - `FORMULAS_NOT_CALCULATED`: XLSX formula cells saved without a value, read as empty;
 * - `SERIAL_DATES`: XLSX dates stored as plain numbers, read as spreadsheet serial days.
 */
export interface LoadWarning {
  /** Machine-readable kind. */
  readonly code: 'ENCODING_GUESSED' | 'REPLACEMENT_CHARACTERS' | 'DATES_DAY_FIRST' | 'DATES_MONTH_FIRST' | 'CR_LINE_ENDINGS' | 'SHEET_CHOSEN' | 'FORMULAS_NOT_CALCULATED' | 'SERIAL_DATES';
  /** A sentence a person can act on. */
  readonly message: string;
  /** The line it concerns, when there is one. */
  readonly line: number | null;
}

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

/**
 * What a load did: every data row read is either kept or rejected
 * (`rowsRead === rowsKept + rowsRejected`), and every physical line is accounted for
 * (`lines === headerLines + rowLines + blankLines`; a row can span several lines when a quoted field
 * holds line breaks).
 */
export interface LoadSummary {
  /** Data rows read (header and blank lines excluded). Equals `rowsKept + rowsRejected`. */
  readonly rowsRead: number;
  /** Rows in the table. */
  readonly rowsKept: number;
  /** Rows left out because of at least one issue. */
  readonly rowsRejected: number;
  /** Blank lines skipped (not rows). */
  readonly blankLines: number;
  /** Physical lines in the source (sheet rows for XLSX). */
  readonly lines: number;
  /** Lines of the header. */
  readonly headerLines: number;
  /** Lines of the data rows, kept or rejected. */
  readonly rowLines: number;
  /** The text encoding the bytes were read with (`'utf-8'`, `'windows-1252'`, `'utf-16le'`, ...), or `'text'` for strings. */
  readonly encoding: string;
  /** The field separator used (given, or told from the header line), or `null` for XLSX and row sources. */
  readonly delimiter: string | null;
  /** What is worth knowing about the whole source (see {@link LoadWarning}). */
  readonly warnings: readonly LoadWarning[];
  /** Number of issues of each code, complete even when `issues` was truncated. */
  readonly issueCounts: Readonly<Record<LoadIssueCode, number>>;
  /** Rejected rows by the code of their first issue: sums to `rowsRejected` (a row with two issues counts once). */
  readonly rejectedBy: Readonly<Record<LoadIssueCode, number>>;
  /** True when more issues were found than `maxIssues` kept. */
  readonly issuesTruncated: boolean;
  /** The header as read. */
  readonly header: readonly string[];
  /** Header position of each field (-1: absent). */
  readonly columns: Readonly<Record<TransactionField, number>>;
  /** The date format used (`'iso'`, `'mdy'`, `'dmy'`, a pattern), or `null` if no date was read. */
  readonly dateFormat: string | null;
  /** Why that format, in words (`'auto'` says which value decided day-first or month-first). */
  readonly dateFormatReason: string | null;
  /** What the source held: invoices and prices from it or derived, products or none. */
  readonly schema: TransactionSchema;
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
