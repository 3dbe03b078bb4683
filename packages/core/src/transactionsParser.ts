import { resolveColumns } from './columnMapping.js';
import type { ColumnsOption, ResolvedColumns, TransactionField } from './columnMapping.js';
import { CsvReader, fieldText, FieldKind } from './csvReader.js';
import type { CsvMalformedReason } from './csvReader.js';
import { CoreError, invalidOption } from './errors.js';
import type { LoadIssue, LoadIssueCode, LoadResult, LoadSummary } from './loadResult.js';
import { parseDecimal } from './parseNumber.js';
import { resolveDateParser } from './parseDate.js';
import type { DateFormat, DateParser } from './parseDate.js';
import { PARSE_DEFAULTS } from './parseDefaults.js';
import { Dictionary, TableBuilder } from './tableBuilder.js';

/** Options shared by every way of reading transactions. */
export interface ParseTransactionsOptions {
  /**
   * Which header names hold which field: `'auto'` recognises the Online Retail and Online Retail II
   * names, a preset name restricts to one, a mapping names columns (see {@link resolveColumns}).
   * @defaultValue {@link PARSE_DEFAULTS | PARSE_DEFAULTS.columns} (`'auto'`)
   */
  readonly columns?: ColumnsOption;
  /**
   * How dates are written (see {@link DateFormat}).
   * @defaultValue {@link PARSE_DEFAULTS | PARSE_DEFAULTS.dateFormat} (`'auto'`)
   */
  readonly dateFormat?: DateFormat;
  /**
   * Field separator, one character.
   * @defaultValue {@link PARSE_DEFAULTS | PARSE_DEFAULTS.delimiter} (`','`)
   */
  readonly delimiter?: string;
  /**
   * How many issues to keep in `issues`; counts in the summary stay complete beyond it.
   * @defaultValue {@link PARSE_DEFAULTS | PARSE_DEFAULTS.maxIssues} (`1000`)
   */
  readonly maxIssues?: number;
}

const ISSUE_CODES: readonly LoadIssueCode[] = [
  'FIELD_COUNT',
  'MISSING_VALUE',
  'INVALID_NUMBER',
  'INVALID_DATE',
  'MALFORMED_QUOTES',
  'UNTERMINATED_QUOTE',
];

/** A cell value from a non-text source (XLSX): numbers and dates keep their type. */
export type CellValue = string | number | Date | null | undefined;

/**
 * Turns records (CSV text chunks or spreadsheet rows) into a table plus issues. Shared by every
 * loader so that all sources follow the same rules.
 */
export class TransactionsParser {
  private readonly builder = new TableBuilder();
  private readonly reader: CsvReader;
  private readonly issues: LoadIssue[] = [];
  private readonly counts: Record<LoadIssueCode, number>;
  private readonly maxIssues: number;
  private readonly columnsOption: ColumnsOption;
  private readonly dateFormat: DateFormat;
  private header: string[] | null = null;
  private cols: ResolvedColumns | null = null;
  private dateParser: DateParser | null = null;
  private dateFormatName: string | null = null;
  private rowsRead = 0;
  private rowsRejected = 0;
  private rowHadIssue = false;
  private started = false;
  // Last value per text column, to skip dictionary lookups on runs of equal values.
  private readonly lastText: string[] = ['', '', '', '', ''];
  private readonly lastCode: number[] = [-2, -2, -2, -2, -2];
  private descByStock = new Int32Array(1024).fill(-1);
  private lastDateText = '';
  private lastDate = NaN;

  constructor(options: ParseTransactionsOptions = {}, private readonly format: LoadSummary['format'] = 'text') {
    const maxIssues = options.maxIssues ?? PARSE_DEFAULTS.maxIssues;
    if (!Number.isInteger(maxIssues) || maxIssues < 0) invalidOption('maxIssues', maxIssues, 'an integer >= 0');
    const delimiter = options.delimiter ?? PARSE_DEFAULTS.delimiter;
    if (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      invalidOption('delimiter', delimiter, 'one character other than a quote or a line break');
    }
    const df = options.dateFormat ?? PARSE_DEFAULTS.dateFormat;
    if (!(df === 'auto' || df === 'iso' || df === 'mdy' || df === 'dmy' || (typeof df === 'object' && df !== null && typeof df.pattern === 'string'))) {
      invalidOption('dateFormat', df, "'auto', 'iso', 'mdy', 'dmy' or { pattern: string } (a date-fns format)");
    }
    this.maxIssues = maxIssues;
    this.dateFormat = df;
    this.columnsOption = options.columns ?? PARSE_DEFAULTS.columns;
    this.counts = Object.fromEntries(ISSUE_CODES.map((c) => [c, 0])) as Record<LoadIssueCode, number>;
    this.reader = new CsvReader(
      (text, starts, ends, kinds, n, line) => this.onCsvRecord(text, starts, ends, kinds, n, line),
      (line, reason) => this.onMalformed(line, reason),
      delimiter,
    );
  }

  /** Feeds a chunk of CSV text. */
  pushText(chunk: string): void {
    if (!this.started) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      checkLooksLikeText(chunk);
    }
    this.reader.push(chunk);
  }

  /** Sets the header of a non-text source. */
  pushHeader(names: readonly string[]): void {
    this.setHeader(names.map((n) => n ?? ''));
  }

  /** Feeds one row of a non-text source (after `pushHeader`). */
  pushValues(values: readonly CellValue[], line: number): void {
    const cols = this.cols!;
    this.rowsRead++;
    this.rowHadIssue = false;
    const text = (f: TransactionField): string => {
      const v = values[cols[f]];
      if (v == null) return '';
      if (v instanceof Date) return '';
      return typeof v === 'number' ? String(v) : v;
    };
    const number = (f: TransactionField): number => {
      const v = values[cols[f]];
      if (typeof v === 'number' && Number.isFinite(v)) return v;
      const s = text(f);
      return this.checkNumber(f, s, 0, s.length, line);
    };
    const rawDate = values[cols.invoiceDate];
    let date: number;
    if (rawDate instanceof Date || (typeof rawDate === 'number' && Number.isFinite(rawDate))) {
      date = typeof rawDate === 'number' ? rawDate : rawDate.getTime();
      if (Number.isNaN(date)) this.report(line, 'invoiceDate', String(rawDate), 'INVALID_DATE', 'invoiceDate is an invalid Date');
      this.dateFormatName ??= 'date values';
    } else {
      const s = text('invoiceDate');
      date = this.checkDate(s, 0, s.length, line);
    }
    const invoice = this.requiredText('invoiceNo', text('invoiceNo'), line);
    const stock = this.requiredText('stockCode', text('stockCode'), line);
    const quantity = number('quantity');
    const price = number('unitPrice');
    if (this.rowHadIssue) {
      this.rowsRejected++;
      return;
    }
    this.builder.push(
      this.builder.invoice.code(invoice),
      this.builder.stockCode.code(stock),
      optionalCode(this.builder.description, cols.description < 0 ? '' : text('description')),
      quantity,
      date,
      price,
      optionalCode(this.builder.customer, cols.customerId < 0 ? '' : normaliseCustomerId(text('customerId'))),
      optionalCode(this.builder.country, cols.country < 0 ? '' : text('country')),
    );
  }

  /** Ends the input and returns the table with its account. */
  finish(): LoadResult {
    this.reader.end();
    if (this.header === null) {
      throw new CoreError('EMPTY_INPUT', 'Empty input: no header line was found; allowed: CSV text whose first line is a header.', {
        parameter: 'source',
        allowed: 'CSV text with a header line',
      });
    }
    const table = this.builder.finish();
    const summary: LoadSummary = {
      rowsRead: this.rowsRead,
      rowsKept: table.length,
      rowsRejected: this.rowsRejected,
      blankLines: this.reader.blankLines,
      issueCounts: { ...this.counts },
      issuesTruncated: ISSUE_CODES.reduce((s, c) => s + this.counts[c], 0) > this.issues.length,
      header: this.header,
      columns: this.cols!,
      dateFormat: this.dateFormatName,
      format: this.format,
    };
    return { table, issues: this.issues, summary };
  }

  private setHeader(names: readonly string[]): void {
    this.header = [...names];
    this.cols = resolveColumns(names, this.columnsOption);
  }

  private report(line: number, field: TransactionField | null, value: string | null, code: LoadIssueCode, reason: string): void {
    this.counts[code]++;
    this.rowHadIssue = true;
    if (this.issues.length < this.maxIssues) {
      this.issues.push({ line, field, value: value !== null && value.length > 100 ? `${value.slice(0, 97)}...` : value, code, reason });
    }
  }

  private onMalformed(line: number, reason: CsvMalformedReason): void {
    if (this.header === null) {
      throw new CoreError('NOT_CSV', `Not CSV: the header line is malformed (${reason}); allowed: an RFC 4180 header line.`, {
        parameter: 'source',
        value: reason,
      });
    }
    this.rowsRead++;
    this.rowsRejected++;
    this.report(
      line,
      null,
      null,
      reason,
      reason === 'UNTERMINATED_QUOTE'
        ? 'a quoted field is never closed; the rest of the input was inside it'
        : 'text follows a closing quote; quotes inside a quoted field must be doubled ("")',
    );
  }

  private onCsvRecord(text: string, starts: Int32Array, ends: Int32Array, kinds: Uint8Array, n: number, line: number): void {
    if (this.header === null) {
      const names: string[] = [];
      for (let k = 0; k < n; k++) names.push(fieldText(text, starts[k]!, ends[k]!, kinds[k]!));
      this.setHeader(names);
      return;
    }
    const cols = this.cols!;
    this.rowsRead++;
    if (n !== this.header.length) {
      this.rowsRejected++;
      this.rowHadIssue = true;
      this.report(line, null, null, 'FIELD_COUNT', `expected ${this.header.length} fields as in the header, found ${n}`);
      return;
    }
    this.rowHadIssue = false;
    const b = this.builder;
    const iInv = cols.invoiceNo;
    const iStock = cols.stockCode;
    const iDate = cols.invoiceDate;
    const quantity = this.checkNumber('quantity', text, starts[cols.quantity]!, ends[cols.quantity]!, line);
    const price = this.checkNumber('unitPrice', text, starts[cols.unitPrice]!, ends[cols.unitPrice]!, line);
    const date = this.checkDate(text, starts[iDate]!, ends[iDate]!, line);
    if (starts[iInv] === ends[iInv]) this.report(line, 'invoiceNo', '', 'MISSING_VALUE', 'invoiceNo is empty');
    if (starts[iStock] === ends[iStock]) this.report(line, 'stockCode', '', 'MISSING_VALUE', 'stockCode is empty');
    if (this.rowHadIssue) {
      this.rowsRejected++;
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
  }

  /** Dictionary code of a field, without making a string unless the field holds doubled quotes. */
  private rangeCode(dict: Dictionary, text: string, s: number, e: number, kind: number): number {
    return kind === FieldKind.QuotedWithEscapes ? dict.code(fieldText(text, s, e, kind)) : dict.codeOfRange(text, s, e);
  }

  /** Dictionary code of a field, reusing the previous row's code when the text is the same. */
  private cachedCode(slot: number, dict: Dictionary, text: string, s: number, e: number, kind: number, customer = false): number {
    const last = this.lastText[slot]!;
    if (kind === FieldKind.Plain && e - s === last.length && text.startsWith(last, s)) return this.lastCode[slot]!;
    const raw = fieldText(text, s, e, kind);
    const value = customer ? normaliseCustomerId(raw) : raw;
    const code = value === '' ? -1 : dict.code(value);
    this.lastText[slot] = kind === FieldKind.Plain ? raw : '\u0000';
    this.lastCode[slot] = code;
    return code;
  }

  private checkNumber(field: TransactionField, text: string, s: number, e: number, line: number): number {
    const v = parseDecimal(text, s, e);
    if (!Number.isNaN(v)) return v;
    const raw = text.slice(s, e);
    if (raw.trim() === '') this.report(line, field, raw, 'MISSING_VALUE', `${field} is empty`);
    else this.report(line, field, raw, 'INVALID_NUMBER', `${field} ${JSON.stringify(raw)} is not a decimal number`);
    return NaN;
  }

  private checkDate(text: string, s: number, e: number, line: number): number {
    // Rows of one invoice share their date: reuse the last parse when the text is the same.
    if (e > s && e - s === this.lastDateText.length && text.startsWith(this.lastDateText, s)) return this.lastDate;
    if (this.dateParser === null) {
      const sample = text.slice(s, e).trim();
      if (sample === '') {
        this.report(line, 'invoiceDate', '', 'MISSING_VALUE', 'invoiceDate is empty');
        return NaN;
      }
      const resolved = resolveDateParser(this.dateFormat, sample);
      this.dateParser = resolved.parser;
      this.dateFormatName = resolved.format;
    }
    const v = this.dateParser(text, s, e);
    if (!Number.isNaN(v)) {
      this.lastDateText = text.slice(s, e);
      this.lastDate = v;
      return v;
    }
    const raw = text.slice(s, e);
    if (raw.trim() === '') this.report(line, 'invoiceDate', raw, 'MISSING_VALUE', 'invoiceDate is empty');
    else {
      this.report(
        line,
        'invoiceDate',
        raw,
        'INVALID_DATE',
        `invoiceDate ${JSON.stringify(raw)} is not a valid date in the ${this.dateFormatName} format` +
          (this.dateFormatName === 'mdy' ? " (day-first dates need dateFormat: 'dmy')" : ''),
      );
    }
    return NaN;
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

/** Throws NOT_CSV when the first chunk is binary: a zip (XLSX), gzip, or text with NUL bytes. */
function checkLooksLikeText(chunk: string): void {
  const head = chunk.slice(0, 4096);
  let hint = '';
  if (head.startsWith('PK\u0003\u0004')) hint = ' It looks like a zip archive (XLSX?): use loadTransactions() on the file.';
  else if (head.charCodeAt(0) === 0x1f && (head.charCodeAt(1) === 0x8b || head.charCodeAt(1) === 0xfffd)) {
    hint = ' It looks gzip-compressed: use loadTransactions() or decompress it first.';
  }
  if (hint !== '' || head.includes('\u0000')) {
    throw new CoreError('NOT_CSV', `Not CSV: the input holds binary data.${hint} Allowed: UTF-8 delimited text.`, {
      parameter: 'source',
      value: head.slice(0, 16),
      allowed: 'UTF-8 delimited text',
    });
  }
}

