import { resolveColumns } from './columnMapping.js';
import type { ColumnsOption, ResolvedColumns, TransactionField } from './columnMapping.js';
import { CsvReader, fieldText, FieldKind } from './csvReader.js';
import type { CsvMalformedReason } from './csvReader.js';
import { CoreError, invalidOption } from './errors.js';
import type { LoadIssue, LoadIssueCode, LoadResult, LoadSummary, LoadWarning } from './loadResult.js';
import { parseDecimal } from './parseNumber.js';
import { parseIsoDate, patternDateParser, resolveDateParser, slashDateParts, utcTime } from './parseDate.js';
import type { DateFormat, DateParser } from './parseDate.js';
import { PARSE_DEFAULTS } from './parseDefaults.js';
import { Dictionary, TableBuilder } from './tableBuilder.js';
import { FULL_SCHEMA, selectRows } from './transactionTable.js';
import type { TransactionSchema, TransactionTable } from './transactionTable.js';
import { MS_PER_DAY } from './wallClock.js';

/** The largest magnitudes a row's numbers may have (see {@link ParseTransactionsOptions.limits}). */
export interface ValueLimits {
  /** Largest |quantity|. */
  readonly quantity?: number;
  /** Largest |unit price|. */
  readonly unitPrice?: number;
  /** Largest |quantity x unit price| (and |amount|). */
  readonly lineTotal?: number;
}

/** The plausible window of transaction dates (see {@link ParseTransactionsOptions.dateRange}). */
export interface DateRange {
  /** The earliest date allowed: wall-clock ms or `'YYYY-MM-DD'`. */
  readonly from?: number | string;
  /** The latest date allowed (inclusive, to the end of that day): wall-clock ms or `'YYYY-MM-DD'`. */
  readonly to?: number | string;
}

/** The text encodings the byte readers accept (`'auto'` tells UTF-8, UTF-16 and windows-1252 apart). */
export type TextEncoding = 'auto' | 'utf-8' | 'windows-1252' | 'latin1' | 'utf-16le' | 'utf-16be';

/** Options shared by every way of reading transactions. */
export interface ParseTransactionsOptions {
  /**
   * Which header names hold which field: `'auto'` recognises the Online Retail and Online Retail II
   * names, a preset name restricts to one, a mapping names columns (see {@link resolveColumns});
   * a mapping with an `amount` reads a minimal log (customer, date, amount).
   * @defaultValue {@link PARSE_DEFAULTS | PARSE_DEFAULTS.columns} (`'auto'`)
   */
  readonly columns?: ColumnsOption;
  /**
   * How dates are written (see {@link DateFormat}). `'auto'` reads ISO dates, and slash dates
   * day-first or month-first as the values prove (a first field above 12 can only be a day); a file
   * whose slash dates all read both ways is refused with `AMBIGUOUS_DATES`.
   * @defaultValue {@link PARSE_DEFAULTS | PARSE_DEFAULTS.dateFormat} (`'auto'`)
   */
  readonly dateFormat?: DateFormat;
  /**
   * Field separator, one character, or `'auto'`: the one of `,` `;` tab `|` found most often in
   * the header line (as `detectDelimiter` of `@shopper-spectrum/core` tells it); the summary says which was used.
   * @defaultValue {@link PARSE_DEFAULTS | PARSE_DEFAULTS.delimiter} (`'auto'`)
   */
  readonly delimiter?: string;
  /**
   * How many issues to keep in `issues`; counts in the summary stay complete beyond it.
   * @defaultValue {@link PARSE_DEFAULTS | PARSE_DEFAULTS.maxIssues} (`1000`)
   */
  readonly maxIssues?: number;
  /**
   * The longest record, in characters: a longer line is rejected unread (`LINE_TOO_LONG`) and a
   * quote left open that long is taken as never closed, so no input makes memory or a message grow
   * without bound.
   * @defaultValue {@link PARSE_DEFAULTS | PARSE_DEFAULTS.maxRecordLength} (`1048576`)
   */
  readonly maxRecordLength?: number;
  /**
   * The most physical lines a quoted field may span; a quote that would span more, or whose inner
   * lines hold as many separators as a whole record, is taken as left open (`UNTERMINATED_QUOTE`):
   * its line is rejected and the rows after it are read, never swallowed into one field.
   * @defaultValue {@link PARSE_DEFAULTS | PARSE_DEFAULTS.maxRecordLines} (`64`)
   */
  readonly maxRecordLines?: number;
  /**
   * The largest magnitudes of quantity, unit price and line total; a row beyond one (or with an
   * infinite number such as `1e400`) is rejected with `OUT_OF_RANGE`, so every stage after loading
   * gets finite numbers.
   * @defaultValue {@link PARSE_DEFAULTS | PARSE_DEFAULTS.limits} (`{ quantity: 1e9, unitPrice: 1e9, lineTotal: 1e12 }`)
   */
  readonly limits?: ValueLimits;
  /**
   * The plausible window of dates; a row outside it is rejected with `DATE_OUT_OF_RANGE`.
   * @defaultValue {@link PARSE_DEFAULTS | PARSE_DEFAULTS.dateRange} (from `'1990-01-01'`; `to`: the day after the run)
   */
  readonly dateRange?: DateRange;
  /**
   * The text encoding of byte sources (streams, files, `Blob`s; strings are already text). `'auto'`:
   * a byte-order mark decides (UTF-8, UTF-16 LE or BE), then UTF-8 is checked, and bytes that are
   * not UTF-8 are read as windows-1252 (latin-1) with an `ENCODING_GUESSED` warning. A declared
   * encoding is used as is; invalid bytes under `'utf-8'` are refused (`INVALID_ENCODING`).
   * @defaultValue {@link PARSE_DEFAULTS | PARSE_DEFAULTS.encoding} (`'auto'`)
   */
  readonly encoding?: TextEncoding;
  /**
   * The character before a number's fraction: `'.'`, or `','` for exports written with decimal
   * commas (`2,55`; their fields are then usually separated by `;`). Thousands separators are never
   * read: `1.000,50` and `1,000.50` are rejected as `INVALID_NUMBER`, not misread.
   * @defaultValue {@link PARSE_DEFAULTS | PARSE_DEFAULTS.decimalSeparator} (`'.'`)
   */
  readonly decimalSeparator?: '.' | ',';
}

const ISSUE_CODES: readonly LoadIssueCode[] = [
  'FIELD_COUNT',
  'MISSING_VALUE',
  'INVALID_NUMBER',
  'OUT_OF_RANGE',
  'INVALID_DATE',
  'DATE_OUT_OF_RANGE',
  'MALFORMED_QUOTES',
  'UNTERMINATED_QUOTE',
  'LINE_TOO_LONG',
  'CONTROL_CHARACTER',
];
const ENCODINGS: readonly TextEncoding[] = ['auto', 'utf-8', 'windows-1252', 'latin1', 'utf-16le', 'utf-16be'];

/** A cell value from a non-text source (XLSX): numbers and dates keep their type. */
export type CellValue = string | number | Date | null | undefined;

/** The product placeholder of a log without products (see {@link TransactionSchema}). */
export const NO_PRODUCT = '(none)';

/** Reads a date-range bound: wall-clock ms or 'YYYY-MM-DD'. */
function bound(value: number | string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const t = typeof value === 'number' ? value : typeof value === 'string' ? parseIsoDate(value, 0, value.length) : NaN;
  if (!Number.isFinite(t)) invalidOption(`dateRange.${name}`, value, "wall-clock ms or a date 'YYYY-MM-DD'");
  return t;
}

/** Slash dates under `'auto'` before a value has told day-first from month-first. */
interface PendingSlashDates {
  /** Rows (builder indexes) read month-first that would change if the file turns out day-first. */
  rows: number[];
  /** Their day-first reading. */
  alt: number[];
  /** The first value read both ways with different results (the evidence an error would cite). */
  example: { text: string; line: number } | null;
}

/**
 * Turns records (CSV text chunks or spreadsheet rows) into a table plus issues. Shared by every
 * loader so that all sources follow the same rules.
 */
export class TransactionsParser {
  private readonly builder = new TableBuilder();
  private readonly reader: CsvReader;
  private readonly issues: LoadIssue[] = [];
  private readonly warnings: LoadWarning[] = [];
  private readonly counts: Record<LoadIssueCode, number>;
  /** Rejected rows by their first issue (a row with two issues counts once). */
  private readonly rejectedBy: Record<LoadIssueCode, number>;
  private rowFirstCode: LoadIssueCode | null = null;
  private readonly maxIssues: number;
  private readonly columnsOption: ColumnsOption;
  private readonly dateFormat: DateFormat;
  private readonly maxQuantity: number;
  private readonly maxPrice: number;
  private readonly maxTotal: number;
  private readonly minDate: number;
  private readonly maxDate: number;
  /** The declared byte encoding (the byte readers decode; see {@link encodingUsed}). */
  readonly encoding: TextEncoding;
  private readonly decimalSeparator: '.' | ',';
  /** The longest record, in characters (the byte readers bound what they hold to it). */
  readonly maxRecordLength: number;
  /** What the byte reader really used (set by it). */
  encodingUsed = 'text';
  private header: string[] | null = null;
  private headerLines = 0;
  private rowLines = 0;
  private sheetLines = 0;
  private cols: ResolvedColumns | null = null;
  private minimal = false;
  private dateParser: DateParser | null = null;
  private dateFormatName: string | null = null;
  private dateFormatReason: string | null = null;
  /** `'auto'` met slash dates and no value has decided day-first or month-first yet. */
  private slashPending: PendingSlashDates | null = null;
  /** The file proved day-first after rows were read month-first: their day-first readings, swapped in at finish. */
  private dayFirstFix: PendingSlashDates | null = null;
  /** The current row's date reads in range one way only, the order still undecided. */
  private rowDoubt: { line: number; raw: string; monthFirstIn: boolean; dayFirstIn: boolean } | null = null;
  /** Kept rows whose date is in range one way only: settled at the end, when the order is known. */
  private readonly doubtful: { row: number; line: number; raw: string; monthFirstIn: boolean; dayFirstIn: boolean }[] = [];
  /** The day-first reading of the current row's date while undecided (NaN when both readings agree). */
  private rowAlt = NaN;
  private rowsRead = 0;
  private rowsRejected = 0;
  private rowHadIssue = false;
  private started = false;
  private sawReplacement = false;
  /** A NUL byte was met after the start (which refuses binary input outright): rows holding one are rejected. */
  private nulSeen = false;
  /** Dates read from serial day numbers (XLSX cells without a date format). */
  private serialDates = 0;
  /** Dates read from date cells. */
  private dateCells = 0;
  /** XLSX: the workbook counts serial days from 1904-01-01 (Excel for Mac before 2011), not 1899-12-30. */
  date1904 = false;
  // Last value per text column, to skip dictionary lookups on runs of equal values.
  // null: the field was quoted last time, so no plain text can match it
  private readonly lastText: (string | null)[] = ['', '', '', '', ''];
  private readonly lastCode: number[] = [-2, -2, -2, -2, -2];
  private descByStock = new Int32Array(1024).fill(-1);
  private lastDateText = '';
  private lastDate = NaN;
  private lastAlt = NaN;
  private blankRows = 0;

  constructor(options: ParseTransactionsOptions = {}, private readonly format: LoadSummary['format'] = 'text') {
    const maxIssues = options.maxIssues ?? PARSE_DEFAULTS.maxIssues;
    if (!Number.isInteger(maxIssues) || maxIssues < 0) invalidOption('maxIssues', maxIssues, 'an integer >= 0');
    const delimiter = options.delimiter ?? PARSE_DEFAULTS.delimiter;
    if (delimiter !== 'auto' && (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r')) {
      invalidOption('delimiter', delimiter, "'auto' or one character other than a quote or a line break");
    }
    const df = options.dateFormat ?? PARSE_DEFAULTS.dateFormat;
    if (!(df === 'auto' || df === 'iso' || df === 'mdy' || df === 'dmy' || (typeof df === 'object' && df !== null && typeof df.pattern === 'string'))) {
      invalidOption('dateFormat', df, "'auto', 'iso', 'mdy', 'dmy' or { pattern: string } (a date-fns format)");
    }
    if (typeof df === 'object') patternDateParser(df.pattern); // a pattern date-fns refuses: INVALID_OPTION now
    const maxRecordLength = options.maxRecordLength ?? PARSE_DEFAULTS.maxRecordLength;
    if (!Number.isInteger(maxRecordLength) || maxRecordLength < 1024) invalidOption('maxRecordLength', maxRecordLength, 'an integer >= 1024 (characters)');
    const limits = { ...PARSE_DEFAULTS.limits, ...(options.limits ?? {}) };
    for (const [name, v] of Object.entries(limits)) if (!(typeof v === 'number' && v > 0)) invalidOption(`limits.${name}`, v, 'a positive number');
    this.maxQuantity = limits.quantity!;
    this.maxPrice = limits.unitPrice!;
    this.maxTotal = limits.lineTotal!;
    const range = options.dateRange ?? {};
    if (range === null || typeof range !== 'object') invalidOption('dateRange', range, "{ from, to }: wall-clock ms or 'YYYY-MM-DD'");
    this.minDate = bound(range.from ?? PARSE_DEFAULTS.dateRange.from, 'from', 0);
    // `to` is inclusive of its whole day; the default is the day after the run (clocks and zones differ)
    const to = range.to ?? PARSE_DEFAULTS.dateRange.to;
    this.maxDate = to === undefined ? Math.floor(Date.now() / MS_PER_DAY) * MS_PER_DAY + 2 * MS_PER_DAY - 1 : bound(to, 'to', 0) + (typeof to === 'string' && to.length === 10 ? MS_PER_DAY - 1 : 0);
    if (!(this.minDate <= this.maxDate)) invalidOption('dateRange', range, 'from on or before to');
    const encoding = options.encoding ?? PARSE_DEFAULTS.encoding;
    if (!ENCODINGS.includes(encoding)) invalidOption('encoding', encoding, ENCODINGS.map((e) => `'${e}'`).join(', '));
    this.encoding = encoding;
    const decimalSeparator = options.decimalSeparator ?? PARSE_DEFAULTS.decimalSeparator;
    if (decimalSeparator !== '.' && decimalSeparator !== ',') invalidOption('decimalSeparator', decimalSeparator, "'.' or ','");
    if (decimalSeparator === ',' && delimiter === ',') invalidOption('delimiter', delimiter, "a separator other than ',' when decimalSeparator is ',' (';' or 'auto')");
    this.decimalSeparator = decimalSeparator;
    this.maxRecordLength = maxRecordLength;
    const maxRecordLines = options.maxRecordLines ?? PARSE_DEFAULTS.maxRecordLines;
    if (!Number.isInteger(maxRecordLines) || maxRecordLines < 1) invalidOption('maxRecordLines', maxRecordLines, 'an integer >= 1 (lines)');
    this.maxIssues = maxIssues;
    this.dateFormat = df;
    this.columnsOption = options.columns ?? PARSE_DEFAULTS.columns;
    this.counts = Object.fromEntries(ISSUE_CODES.map((c) => [c, 0])) as Record<LoadIssueCode, number>;
    this.rejectedBy = Object.fromEntries(ISSUE_CODES.map((c) => [c, 0])) as Record<LoadIssueCode, number>;
    this.reader = new CsvReader(
      (text, starts, ends, kinds, n, line, lines) => this.onCsvRecord(text, starts, ends, kinds, n, line, lines),
      (line, reason, lines) => this.onMalformed(line, reason, lines),
      { delimiter, maxRecordLength, maxRecordLines },
    );
  }

  /** Feeds a chunk of CSV text. */
  pushText(chunk: string): void {
    if (!this.started) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      checkLooksLikeText(chunk, this.format);
    }
    if (!this.nulSeen && chunk.includes('\u0000')) this.nulSeen = true;
    if (!this.sawReplacement && this.encodingUsed === 'text' && chunk.includes('\uFFFD')) {
      this.sawReplacement = true;
      this.warn('REPLACEMENT_CHARACTERS', 'the text holds U+FFFD replacement characters: it was decoded with the wrong encoding before it reached the parser (pass the bytes, or decode them with the right encoding)', this.reader.nextLine);
    }
    this.reader.push(chunk);
  }

  /** Records a warning about the whole source (the byte readers report encodings through it). */
  warn(code: LoadWarning['code'], message: string, line: number | null): void {
    this.warnings.push({ code, message, line });
  }

  /** The line the next text pushed starts on, past the lines the reader holds unfinished (for the byte readers' messages). */
  get nextLine(): number {
    return this.reader.nextChunkLine;
  }

  /** Sets the header of a non-text source. */
  pushHeader(names: readonly string[]): void {
    this.headerLines = 1;
    this.sheetLines++;
    this.setHeader(names.map((n) => n ?? ''));
  }

  /** Counts an empty row of a non-text source (XLSX), so that every sheet row is accounted for. */
  pushBlank(): void {
    this.sheetLines++;
    this.blankRows++;
  }

  /** Feeds one row of a non-text source (after `pushHeader`). */
  pushValues(values: readonly CellValue[], line: number): void {
    const cols = this.cols!;
    this.rowsRead++;
    this.rowFirstCode = null;
    this.rowLines++;
    this.sheetLines++;
    this.rowHadIssue = false;
    this.rowAlt = NaN;
    this.rowDoubt = null;
    const text = (f: TransactionField): string => {
      if (cols[f] < 0) return '';
      const v = values[cols[f]];
      if (v == null) return '';
      if (v instanceof Date) return '';
      return typeof v === 'number' ? String(v) : v;
    };
    const number = (f: TransactionField): number => {
      const v = values[cols[f]];
      if (typeof v === 'number') {
        if (Number.isNaN(v)) {
          this.report(line, f, 'NaN', 'INVALID_NUMBER', `${f} is NaN, not a number`);
          return NaN;
        }
        return this.checkRange(f, v, String(v), line);
      }
      const s = text(f);
      return this.checkNumber(f, s, 0, s.length, line);
    };
    const rawDate = values[cols.invoiceDate];
    let date: number;
    if (rawDate instanceof Date || (typeof rawDate === 'number' && Number.isFinite(rawDate))) {
      const serial = typeof rawDate === 'number' && this.format === 'xlsx';
      date = typeof rawDate === 'number' ? (serial ? this.serialDate(rawDate, line) : rawDate) : rawDate.getTime();
      if (!serial) this.dateCells++;
      if (Number.isNaN(date)) this.report(line, 'invoiceDate', String(rawDate), 'INVALID_DATE', serial ? `invoiceDate ${rawDate} is not a spreadsheet serial day number (1 to 2958465)` : 'invoiceDate is an invalid Date');
      else this.checkDateRange(date, String(rawDate), line);
      this.dateFormatName ??= 'date values';
    } else {
      const s = text('invoiceDate');
      date = this.checkDate(s, 0, s.length, line);
    }
    const customerText = cols.customerId < 0 ? '' : normaliseCustomerId(text('customerId'));
    let invoice: string;
    let stock: string;
    let quantity: number;
    let price: number;
    if (this.minimal) {
      if (customerText === '') this.report(line, 'customerId', '', 'MISSING_VALUE', 'customerId is empty (a log of customer, date and amount needs it)');
      quantity = cols.quantity < 0 ? 1 : number('quantity');
      const amount = number('amount');
      price = this.derivedPrice(amount, quantity, line);
      invoice = `${customerText}|${text('invoiceDate') || String(date)}`;
      stock = NO_PRODUCT;
    } else {
      invoice = this.requiredText('invoiceNo', text('invoiceNo'), line);
      stock = this.requiredText('stockCode', text('stockCode'), line);
      quantity = number('quantity');
      price = number('unitPrice');
      this.checkTotal(quantity, price, line);
    }
    if (this.rowHadIssue) {
      this.reject();
      return;
    }
    this.builder.push(
      this.builder.invoice.code(invoice),
      this.builder.stockCode.code(stock),
      optionalCode(this.builder.description, cols.description < 0 ? '' : text('description')),
      quantity,
      date,
      price,
      optionalCode(this.builder.customer, customerText),
      optionalCode(this.builder.country, cols.country < 0 ? '' : text('country')),
    );
    this.keepAlt();
  }

  /**
   * A sheet's date stored as a plain number (the cell has no date format): spreadsheet serial days
   * since 1899-12-30 (the 1900 system) or 1904-01-01 ({@link TransactionsParser.date1904}), to the nearest second.
   */
  private serialDate(serial: number, line: number): number {
    if (!(serial >= 1 && serial < 2958466)) return NaN;
    this.serialDates++;
    if (this.serialDates === 1) this.warn('SERIAL_DATES', `dates are stored as plain numbers (such as ${serial} on row ${line}): read as spreadsheet serial days since ${this.serialEpoch()}`, line);
    return Math.round((serial - (this.date1904 ? 24107 : 25569)) * 86400) * 1000;
  }

  /** Day 0 of the workbook's serial dates, in words. */
  private serialEpoch(): string {
    return this.date1904 ? "1904-01-01 (the workbook's 1904 date system)" : '1899-12-30';
  }

  /** After a row is kept: remember its day-first reading while the date order is undecided. */
  private keepAlt(): void {
    if (this.slashPending !== null && !Number.isNaN(this.rowAlt)) {
      this.slashPending.rows.push(this.builder.length - 1);
      this.slashPending.alt.push(this.rowAlt);
    }
    if (this.rowDoubt !== null) this.doubtful.push({ row: this.builder.length - 1, ...this.rowDoubt });
  }

  /** Ends the input and returns the table with its account. */
  finish(): LoadResult {
    this.reader.end();
    if (this.reader.crLineEndings) {
      const n = this.reader.loneCrs;
      this.warnings.unshift({ code: 'CR_LINE_ENDINGS', message: `${n.toLocaleString('en-GB')} line${n === 1 ? ' ends' : 's end'} with a lone CR (an old Mac export, or files joined with different line ends): read as line breaks`, line: null });
    }
    if (this.header === null) {
      throw new CoreError('EMPTY_INPUT', 'Empty input: no header line was found; allowed: CSV text whose first line is a header.', {
        parameter: 'source',
        allowed: 'CSV text with a header line',
      });
    }
    this.settleSlashDates();
    const schema: TransactionSchema = this.minimal ? { invoices: 'derived', products: false, prices: 'derived' } : FULL_SCHEMA;
    let table = this.builder.finish(schema);
    const fix = this.dayFirstFix;
    if (fix !== null) {
      const dates = table.columns.invoiceDate as Float64Array;
      for (let t = 0; t < fix.rows.length; t++) dates[fix.rows[t]!] = fix.alt[t]!;
    }
    table = this.dropOutOfRange(table, fix !== null);
    const sheet = this.format === 'xlsx';
    const summary: LoadSummary = {
      rowsRead: this.rowsRead,
      rowsKept: table.length,
      rowsRejected: this.rowsRejected,
      blankLines: sheet ? this.blankRows : this.reader.blankLines,
      lines: sheet ? this.sheetLines : this.reader.lines,
      headerLines: this.headerLines,
      rowLines: this.rowLines,
      encoding: this.encodingUsed,
      delimiter: !this.started ? null : this.reader.delimiter === 'auto' ? ',' : this.reader.delimiter,
      warnings: [...this.warnings],
      issueCounts: { ...this.counts },
      rejectedBy: { ...this.rejectedBy },
      issuesTruncated: ISSUE_CODES.reduce((s, c) => s + this.counts[c], 0) > this.issues.length,
      header: this.header,
      columns: this.cols!,
      dateFormat: this.dateFormatName,
      dateFormatReason: this.dateValuesReason() ?? this.dateFormatReason,
      schema,
      format: this.format,
    };
    return { table, issues: this.issues, summary };
  }

  /** How the dates of a sheet (or of rows given as values) were read, when they were date values. */
  private dateValuesReason(): string | null {
    if (this.dateFormatName !== 'date values') return null;
    if (this.serialDates === 0) return 'the sheet stores dates as dates';
    const serial = `serial day numbers (cells without a date format), read as days since ${this.serialEpoch()}`;
    if (this.dateCells === 0) return `the sheet stores dates as ${serial}`;
    return `the sheet stores dates as dates, and ${this.serialDates.toLocaleString('en-GB')} as ${serial}`;
  }

  /**
   * Rows kept while the date order was undecided whose date, read the way the file turned out to
   * be written, is outside the plausible window: rejected now, with their issue.
   */
  private dropOutOfRange(table: TransactionTable, dayFirst: boolean): TransactionTable {
    const out = this.doubtful.filter((d) => (dayFirst ? !d.dayFirstIn : !d.monthFirstIn));
    if (out.length === 0) return table;
    const drop = new Uint8Array(table.length);
    for (const d of out) {
      drop[d.row] = 1;
      this.counts.DATE_OUT_OF_RANGE++;
      this.rejectedBy.DATE_OUT_OF_RANGE++;
      this.rowsRejected++;
      if (this.issues.length < this.maxIssues) {
        this.issues.push({ line: d.line, field: 'invoiceDate', value: d.raw.slice(0, 100), code: 'DATE_OUT_OF_RANGE', reason: `invoiceDate ${JSON.stringify(d.raw.trim().slice(0, 40))}, read ${dayFirst ? 'day-first' : 'month-first'} as the file proved, is outside the plausible window ${new Date(this.minDate).toISOString().slice(0, 10)} to ${new Date(this.maxDate).toISOString().slice(0, 10)} (dateRange)` });
      }
    }
    this.issues.sort((a, b) => a.line - b.line);
    const keep: number[] = [];
    for (let i = 0; i < table.length; i++) if (drop[i] === 0) keep.push(i);
    return selectRows(table, keep);
  }

  /**
   * The end of a file whose slash dates never told day-first from month-first: fine when every
   * value reads the same both ways (a day equal to its month), refused otherwise.
   */
  private settleSlashDates(): void {
    const pending = this.slashPending;
    if (pending === null) return;
    if (pending.example === null) {
      this.dateFormatName = 'mdy';
      this.dateFormatReason = 'slash dates whose day and month are equal read the same either way';
      this.slashPending = null;
      return;
    }
    throw new CoreError(
      'AMBIGUOUS_DATES',
      `Ambiguous dates: every slash date reads both day-first and month-first (line ${pending.example.line} has ${JSON.stringify(pending.example.text.slice(0, 40))}, and no day is above 12). Pass dateFormat: 'dmy' (day first) or 'mdy' (month first); on the command line, --date-format dmy or mdy.`,
      { parameter: 'dateFormat', value: pending.example.text.slice(0, 40), allowed: "'dmy' or 'mdy'" },
    );
  }

  private setHeader(names: readonly string[]): void {
    this.header = [...names];
    this.cols = resolveColumns(names, this.columnsOption);
    this.minimal = this.cols.amount >= 0;
    this.reader.expectFields(names.length);
  }

  /** Counts the current row as rejected, charged to its first issue. */
  private reject(): void {
    this.rowsRejected++;
    const code = this.rowFirstCode ?? 'FIELD_COUNT';
    this.rejectedBy[code]++;
  }

  private report(line: number, field: TransactionField | null, value: string | null, code: LoadIssueCode, reason: string): void {
    this.rowFirstCode ??= code;
    this.counts[code]++;
    this.rowHadIssue = true;
    if (this.issues.length < this.maxIssues) {
      this.issues.push({ line, field, value: value !== null && value.length > 100 ? `${value.slice(0, 97)}...` : value, code, reason: reason.length > 300 ? `${reason.slice(0, 297)}...` : reason });
    }
  }

  private onMalformed(line: number, reason: CsvMalformedReason, lines: number): void {
    if (this.header === null) {
      throw new CoreError(
        'NOT_CSV',
        reason === 'LINE_TOO_LONG'
          ? 'Not CSV: the first line is longer than maxRecordLength, so there is no header to read (a binary file, or line breaks the reader does not know).'
          : `Not CSV: the header line is malformed (${reason}); allowed: an RFC 4180 header line.`,
        { parameter: 'source', value: reason },
      );
    }
    this.rowsRead++;
    this.rowFirstCode = null;
    this.rowLines += lines;
    this.report(
      line,
      null,
      null,
      reason,
      reason === 'UNTERMINATED_QUOTE'
        ? 'a quote opened on this line is never closed; the line was rejected and reading went on with the next one'
        : reason === 'LINE_TOO_LONG'
          ? 'the line is longer than maxRecordLength characters; it was skipped unread'
          : 'text follows a closing quote; quotes inside a quoted field must be doubled ("")',
    );
    this.reject();
  }

  private onCsvRecord(text: string, starts: Int32Array, ends: Int32Array, kinds: Uint8Array, n: number, line: number, lines: number): void {
    if (this.header === null) {
      const names: string[] = [];
      for (let k = 0; k < n; k++) names.push(fieldText(text, starts[k]!, ends[k]!, kinds[k]!));
      this.headerLines = lines;
      this.setHeader(names);
      return;
    }
    const cols = this.cols!;
    this.rowsRead++;
    this.rowFirstCode = null;
    this.rowLines += lines;
    if (n !== this.header.length) {
      const trailing = n === this.header.length + 1 && ends[n - 1] === starts[n - 1];
      this.report(line, null, null, 'FIELD_COUNT', `expected ${this.header.length} fields as in the header, found ${n}${trailing ? ' (the line ends with a separator)' : ''}`);
      this.reject();
      return;
    }
    if (this.nulSeen && n > 0 && text.slice(starts[0]!, ends[n - 1]!).includes('\u0000')) {
      // binary bytes inside the text: the row is refused, not stored with a NUL in a name or a code
      this.report(line, null, null, 'CONTROL_CHARACTER', 'the row holds a NUL byte (binary data inside the text)');
      this.reject();
      return;
    }
    this.rowHadIssue = false;
    this.rowAlt = NaN;
    this.rowDoubt = null;
    if (this.minimal) return this.onMinimalRecord(text, starts, ends, kinds, line);
    const b = this.builder;
    const iInv = cols.invoiceNo;
    const iStock = cols.stockCode;
    const iDate = cols.invoiceDate;
    const quantity = this.checkNumber('quantity', text, starts[cols.quantity]!, ends[cols.quantity]!, line);
    const price = this.checkNumber('unitPrice', text, starts[cols.unitPrice]!, ends[cols.unitPrice]!, line);
    this.checkTotal(quantity, price, line);
    const date = this.checkDate(text, starts[iDate]!, ends[iDate]!, line);
    if (starts[iInv] === ends[iInv]) this.report(line, 'invoiceNo', '', 'MISSING_VALUE', 'invoiceNo is empty');
    if (starts[iStock] === ends[iStock]) this.report(line, 'stockCode', '', 'MISSING_VALUE', 'stockCode is empty');
    if (this.rowHadIssue) {
      this.reject();
      return;
    }
    const invoice = this.cachedCode(0, b.invoice, text, starts[iInv]!, ends[iInv]!, kinds[iInv]!);
    const stock = this.rangeCode(b.stockCode, text, starts[iStock]!, ends[iStock]!, kinds[iStock]!);
    let desc = -1;
    const iDesc = cols.description;
    if (iDesc >= 0 && ends[iDesc]! > starts[iDesc]!) {
      // A product nearly always carries the description it had last time: check that first.
      const s = starts[iDesc]!;
      const e = ends[iDesc]!;
      const kind = kinds[iDesc]!;
      const known = stock < this.descByStock.length ? this.descByStock[stock]! : -1;
      if (known >= 0 && kind !== FieldKind.QuotedWithEscapes && b.description.matches(known, text, s, e)) desc = known;
      else {
        desc = this.rangeCode(b.description, text, s, e, kind);
        if (stock >= this.descByStock.length) {
          const grown = new Int32Array(Math.max(stock + 1, this.descByStock.length * 2)).fill(-1);
          grown.set(this.descByStock);
          this.descByStock = grown;
        }
        this.descByStock[stock] = desc;
      }
    }
    let cust = -1;
    const iCust = cols.customerId;
    if (iCust >= 0 && ends[iCust]! > starts[iCust]!) cust = this.cachedCode(1, b.customer, text, starts[iCust]!, ends[iCust]!, kinds[iCust]!, true);
    let country = -1;
    const iCountry = cols.country;
    if (iCountry >= 0 && ends[iCountry]! > starts[iCountry]!) country = this.cachedCode(2, b.country, text, starts[iCountry]!, ends[iCountry]!, kinds[iCountry]!);
    b.push(invoice, stock, desc, quantity, date, price, cust, country);
    this.keepAlt();
  }

  /**
   * A row of a minimal log (customer, date, amount; optionally quantity, description, country):
   * quantity 1 when absent, unit price = amount / quantity, one invoice per customer and timestamp.
   */
  private onMinimalRecord(text: string, starts: Int32Array, ends: Int32Array, kinds: Uint8Array, line: number): void {
    const cols = this.cols!;
    const b = this.builder;
    const field = (k: number) => fieldText(text, starts[k]!, ends[k]!, kinds[k]!);
    const iCust = cols.customerId;
    const customerText = normaliseCustomerId(field(iCust));
    if (customerText === '') this.report(line, 'customerId', '', 'MISSING_VALUE', 'customerId is empty (a log of customer, date and amount needs it)');
    const quantity = cols.quantity < 0 ? 1 : this.checkNumber('quantity', text, starts[cols.quantity]!, ends[cols.quantity]!, line);
    const amount = this.checkNumber('amount', text, starts[cols.amount]!, ends[cols.amount]!, line);
    const price = this.derivedPrice(amount, quantity, line);
    const date = this.checkDate(text, starts[cols.invoiceDate]!, ends[cols.invoiceDate]!, line);
    if (this.rowHadIssue) {
      this.reject();
      return;
    }
    const invoice = b.invoice.code(`${customerText}|${field(cols.invoiceDate).trim()}`);
    const desc = cols.description >= 0 && ends[cols.description]! > starts[cols.description]! ? b.description.code(field(cols.description)) : -1;
    const country = cols.country >= 0 && ends[cols.country]! > starts[cols.country]! ? b.country.code(field(cols.country)) : -1;
    b.push(invoice, b.stockCode.code(NO_PRODUCT), desc, quantity, date, price, b.customer.code(customerText), country);
    this.keepAlt();
  }

  /** Unit price of a minimal row: amount / quantity (a zero quantity keeps the amount as the price). */
  private derivedPrice(amount: number, quantity: number, line: number): number {
    if (!Number.isFinite(amount) || !Number.isFinite(quantity)) return NaN;
    if (Math.abs(amount) > this.maxTotal) {
      this.report(line, 'amount', String(amount), 'OUT_OF_RANGE', `amount ${amount} is beyond the line-total limit ${this.maxTotal} (limits.lineTotal)`);
      return NaN;
    }
    const price = quantity === 0 ? amount : amount / quantity;
    // a tiny quantity (1e-320) must not make an infinite or huge derived price
    if (!(Math.abs(price) <= this.maxPrice)) {
      if (this.cols!.quantity < 0) this.report(line, 'amount', String(amount), 'OUT_OF_RANGE', `amount ${amount} is beyond the unit-price limit ${this.maxPrice} (limits.unitPrice): without a quantity column the amount is the unit price`);
      else this.report(line, 'quantity', String(quantity), 'OUT_OF_RANGE', `amount / quantity = ${amount} / ${quantity} gives a unit price beyond the limit ${this.maxPrice} (limits.unitPrice)`);
      return NaN;
    }
    return price;
  }

  /** Dictionary code of a field, without making a string unless the field holds doubled quotes. */
  private rangeCode(dict: Dictionary, text: string, s: number, e: number, kind: number): number {
    return kind === FieldKind.QuotedWithEscapes ? dict.code(fieldText(text, s, e, kind)) : dict.codeOfRange(text, s, e);
  }

  /** Dictionary code of a field, reusing the previous row's code when the text is the same. */
  private cachedCode(slot: number, dict: Dictionary, text: string, s: number, e: number, kind: number, customer = false): number {
    const last = this.lastText[slot]!;
    if (last !== null && kind === FieldKind.Plain && e - s === last.length && text.startsWith(last, s)) return this.lastCode[slot]!;
    const raw = fieldText(text, s, e, kind);
    const value = customer ? normaliseCustomerId(raw) : raw;
    const code = value === '' ? -1 : dict.code(value);
    this.lastText[slot] = kind === FieldKind.Plain ? raw : null;
    this.lastCode[slot] = code;
    return code;
  }

  private checkNumber(field: TransactionField, text: string, s: number, e: number, line: number): number {
    const v = parseDecimal(text, s, e, this.decimalSeparator);
    if (!Number.isNaN(v)) return this.checkRange(field, v, text, line, s, e);
    const raw = text.slice(s, e);
    if (raw.trim() === '') this.report(line, field, raw, 'MISSING_VALUE', `${field} is empty`);
    else {
      const comma = this.decimalSeparator === ',';
      const hint = !comma && /^\s*[+-]?\d+,\d+\s*$/.test(raw)
        ? " (a decimal comma? read the file with decimalSeparator: ',', on the command line --decimal-comma)"
        : /^\s*[+-]?\d{1,3}([.,]\d{3})+([.,]\d+)?\s*$/.test(raw)
          ? ' (thousands separators are not read: export numbers without them)'
          : comma && /^\s*[+-]?\d*\.\d+\s*$/.test(raw)
            ? " (a decimal point, but decimalSeparator is ',')"
            : '';
      this.report(line, field, raw, 'INVALID_NUMBER', `${field} ${JSON.stringify(raw.length > 40 ? `${raw.slice(0, 37)}...` : raw)} is not a decimal number${hint}`);
    }
    return NaN;
  }

  /** A parsed number must be finite and within its field's limit. */
  private checkRange(field: TransactionField, v: number, text: string, line: number, s = 0, e = text.length): number {
    const limit = field === 'quantity' ? this.maxQuantity : field === 'unitPrice' ? this.maxPrice : this.maxTotal;
    if (Number.isFinite(v) && Math.abs(v) <= limit) return v;
    const raw = text.slice(s, e);
    this.report(line, field, raw, 'OUT_OF_RANGE', Number.isFinite(v) ? `${field} ${raw.trim()} is beyond the limit ${limit} (limits.${field === 'amount' ? 'lineTotal' : field})` : `${field} ${raw.trim().slice(0, 40)} is not a finite number`);
    return NaN;
  }

  /** quantity x unit price must stay within the line-total limit (1e308 x 1e308 is Infinity). */
  private checkTotal(quantity: number, price: number, line: number): void {
    if (Number.isNaN(quantity) || Number.isNaN(price)) return;
    const total = quantity * price;
    if (!(Math.abs(total) <= this.maxTotal)) this.report(line, null, `${quantity} x ${price}`, 'OUT_OF_RANGE', `quantity x unitPrice = ${total} is beyond the line-total limit ${this.maxTotal} (limits.lineTotal)`);
  }

  private checkDateRange(t: number, raw: string, line: number): number {
    if (t >= this.minDate && t <= this.maxDate) return t;
    this.report(line, 'invoiceDate', raw, 'DATE_OUT_OF_RANGE', `invoiceDate ${JSON.stringify(raw.trim().slice(0, 40))} is outside the plausible window ${new Date(this.minDate).toISOString().slice(0, 10)} to ${new Date(this.maxDate).toISOString().slice(0, 10)} (dateRange)`);
    return NaN;
  }

  private checkDate(text: string, s: number, e: number, line: number): number {
    // Rows of one invoice share their date: reuse the last parse when the text is the same (only
    // dates that passed every check are remembered).
    if (e > s && e - s === this.lastDateText.length && text.startsWith(this.lastDateText, s)) {
      if (this.slashPending !== null) this.rowAlt = this.lastAlt;
      return this.lastDate;
    }
    if (this.dateParser === null && this.slashPending === null) {
      const sample = text.slice(s, e).trim();
      if (sample === '') {
        this.report(line, 'invoiceDate', '', 'MISSING_VALUE', 'invoiceDate is empty');
        return NaN;
      }
      if (this.dateFormat === 'auto' && SLASH_DATE_START.test(sample)) this.slashPending = { rows: [], alt: [], example: null };
      else if (this.dateFormat === 'auto' && !ISO_DATE_START.test(sample)) {
        // junk (NULL, N/A, #N/A, ?, #VALUE!) decides nothing: the format is told by the first value that is a date
        this.report(line, 'invoiceDate', sample, 'INVALID_DATE', `invoiceDate ${JSON.stringify(sample.slice(0, 40))} is not a date: 'auto' reads ISO dates (2011-01-05 10:00) and slash dates (5/1/2011 10:00); pass dateFormat { pattern } for another form`);
        return NaN;
      } else {
        const resolved = resolveDateParser(this.dateFormat, sample);
        this.dateParser = resolved.parser;
        this.dateFormatName = resolved.format;
        this.dateFormatReason = this.dateFormat === 'auto' ? `'auto': the first date, ${JSON.stringify(sample.slice(0, 40))}, is ISO` : `dateFormat: ${JSON.stringify(this.dateFormat)}`;
      }
    }
    const v = this.slashPending !== null ? this.undecidedSlashDate(text, s, e, line) : this.dateParser!(text, s, e);
    if (!Number.isNaN(v) && this.slashPending !== null && !Number.isNaN(this.rowAlt)) {
      // read both ways, order undecided: range-checked on the reading the file turns out to use
      const monthFirstIn = v >= this.minDate && v <= this.maxDate;
      const dayFirstIn = this.rowAlt >= this.minDate && this.rowAlt <= this.maxDate;
      if (!monthFirstIn && !dayFirstIn) return this.checkDateRange(v, text.slice(s, e), line);
      if (!(monthFirstIn && dayFirstIn)) {
        this.rowDoubt = { line, raw: text.slice(s, e), monthFirstIn, dayFirstIn };
        return v; // not cached: its fate is settled at the end
      }
    }
    if (!Number.isNaN(v)) {
      const raw = text.slice(s, e);
      const checked = this.checkDateRange(v, raw, line);
      if (!Number.isNaN(checked)) {
        this.lastDateText = raw;
        this.lastDate = checked;
        this.lastAlt = this.rowAlt;
      }
      return checked;
    }
    const raw = text.slice(s, e);
    if (raw.trim() === '') this.report(line, 'invoiceDate', raw, 'MISSING_VALUE', 'invoiceDate is empty');
    else {
      this.report(
        line,
        'invoiceDate',
        raw,
        'INVALID_DATE',
        `invoiceDate ${JSON.stringify(raw.length > 40 ? `${raw.slice(0, 37)}...` : raw)} is not a valid date in the ${this.dateFormatName ?? "file's"} format` +
          (this.dateFormatReason && this.dateFormat === 'auto' ? ` (${this.dateFormatReason})` : ''),
      );
    }
    return NaN;
  }

  /**
   * A slash date before the file has shown its order: a first field above 12 proves day-first, a
   * second above 12 month-first; until then each value is read month-first and, when the two
   * readings differ, its day-first reading is kept aside to be swapped in if the file proves
   * day-first.
   */
  private undecidedSlashDate(text: string, s: number, e: number, line: number): number {
    const p = slashDateParts(text, s, e);
    this.rowAlt = NaN;
    if (p === null) return NaN;
    const mdy = utcTime(p.year, p.first, p.second, p.time);
    const dmy = utcTime(p.year, p.second, p.first, p.time);
    const pending = this.slashPending!;
    const raw = text.slice(s, e).trim();
    if (p.first > 12 || p.second > 12) {
      const dayFirst = p.first > 12;
      const value = dayFirst ? dmy : mdy;
      if (Number.isNaN(value)) return NaN;
      this.dateParser = resolveDateParser(dayFirst ? 'dmy' : 'mdy', raw).parser;
      this.dateFormatName = dayFirst ? 'dmy' : 'mdy';
      this.dateFormatReason = `'auto' read slash dates ${dayFirst ? 'day-first' : 'month-first'}: line ${line} has ${JSON.stringify(raw.slice(0, 40))}, and ${dayFirst ? p.first : p.second} can only be a day`;
      this.warn(dayFirst ? 'DATES_DAY_FIRST' : 'DATES_MONTH_FIRST', this.dateFormatReason, line);
      // decided: the rows read so far stay month-first, or take their day-first reading at finish
      if (dayFirst) this.dayFirstFix = pending;
      this.slashPending = null;
      this.lastDateText = '';
      return value;
    }
    if (!Number.isNaN(mdy) && !Number.isNaN(dmy) && mdy !== dmy) {
      pending.example ??= { text: raw, line };
      this.rowAlt = dmy;
    }
    return mdy;
  }

  private requiredText(field: TransactionField, value: string, line: number): string {
    if (value === '') this.report(line, field, '', 'MISSING_VALUE', `${field} is empty`);
    return value;
  }
}

function optionalCode(dict: Dictionary, value: string): number {
  return value === '' ? -1 : dict.code(value);
}

/** `'17850.0'` (how spreadsheets and pandas write integer ids) becomes `'17850'`; spaces are trimmed. */
function normaliseCustomerId(raw: string): string {
  const s = raw.trim();
  const dot = s.indexOf('.');
  if (dot > 0 && /^\d+\.0+$/.test(s)) return s.slice(0, dot);
  return s;
}

/** How a value `'auto'` may take for a slash date starts: `5/1/2011`, `12/31/99` (never `N/A` or `#N/A`). */
const SLASH_DATE_START = /^\d{1,2}\/\d{1,2}\/\d/;
/** How a value `'auto'` may take for an ISO date starts: `2011-01-05`. */
const ISO_DATE_START = /^\d{4}-\d{1,2}-\d{1,2}/;

/** Throws NOT_CSV when the first chunk is binary (a zip, gzip, text with NUL bytes) or another text format (JSON, HTML). */
function checkLooksLikeText(chunk: string, format: LoadSummary['format']): void {
  const head = chunk.slice(0, 4096);
  let hint = '';
  const inflated = format === 'csv.gz';
  if (head.startsWith('PK\u0003\u0004')) hint = inflated ? ' The gzip holds a zip archive (an XLSX workbook?): decompress it (gunzip) and load the file inside.' : ' It looks like a zip archive (XLSX?): use loadTransactions() on the file.';
  else if (head.charCodeAt(0) === 0x1f && (head.charCodeAt(1) === 0x8b || head.charCodeAt(1) === 0xfffd)) {
    hint = inflated ? ' The file is compressed twice (a gzip inside a gzip): gunzip it once, then load it.' : ' It looks gzip-compressed text that reached the CSV parser as a string: give parseTransactions() (any runtime) or loadTransactions() (Node) the bytes, and they inflate it.';
  } else if (/^[^\u0000]\u0000[^\u0000]\u0000/.test(head) || /^\u0000[^\u0000]\u0000[^\u0000]/.test(head)) {
    hint = " It looks like UTF-16 text without a byte-order mark: read the bytes with encoding: 'utf-16le' (or 'utf-16be').";
  }
  const start = head.replace(/^[\uFEFF\s]+/, '');
  const other = /^[[{]\s*["{[\]]/.test(start) ? 'JSON: convert it to CSV, or give its records to parseTransactionRows()' : /^<(!doctype html|html|\?xml|head|body)/i.test(start) ? 'an HTML or XML page (a download that returned a web page?): export the data as CSV' : null;
  if (other !== null) {
    throw new CoreError('NOT_CSV', `Not CSV: the input is ${other}. Allowed: delimited text with a header line.`, { parameter: 'source', value: start.slice(0, 16), allowed: 'delimited text with a header line' });
  }
  if (hint !== '' || head.includes('\u0000')) {
    throw new CoreError('NOT_CSV', `Not CSV: the input holds binary data.${hint} Allowed: delimited text.`, {
      parameter: 'source',
      value: head.slice(0, 16),
      allowed: 'delimited text (UTF-8, UTF-16 or windows-1252 bytes, or a string)',
    });
  }
}
