import { MINIMAL_FIELDS, REQUIRED_FIELDS, TransactionTable, isShopperSpectrumError, parseTransactionRows, resolveColumns } from '@shopper-spectrum/core';
import type { ParseTransactionsOptions, ResolvedColumns, TransactionField, TransactionInput, TransactionSchema } from '@shopper-spectrum/core';
import { columnarTable } from './columnarTable.js';
import { ArrowError } from './errors.js';
import { columnValues } from './sourceColumn.js';
import type { SourceColumn } from './sourceColumn.js';
import type { ArrowErrorCode } from './errors.js';

/**
 * Options shared by {@link fromArrow} and {@link fromParquet}: which column holds which field, and
 * how text dates and out-of-range values are judged, exactly as core's CSV loaders take them.
 */
export interface ReadTableOptions {
  /**
   * Which column holds which field: `'auto'` recognises the Online Retail and Online Retail II
   * names (case and surrounding spaces ignored), a preset name (`'online-retail'`,
   * `'online-retail-ii'`) restricts to one, a mapping names columns (`{ customerId: 'Client' }`);
   * a mapping with an `amount` reads a minimal log (customer, date, amount; optionally quantity),
   * as core's `parseTransactionsCsv` does.
   * @defaultValue `'auto'` (core's `PARSE_DEFAULTS.columns`)
   */
  readonly columns?: ParseTransactionsOptions['columns'];
  /**
   * How dates stored as text are read (timestamp and date columns need no format).
   * @defaultValue `'auto'` (core's `PARSE_DEFAULTS.dateFormat`)
   */
  readonly dateFormat?: ParseTransactionsOptions['dateFormat'];
  /**
   * The plausible window of invoice dates; a date outside it is an `INVALID_VALUES` error.
   * @defaultValue `{ from: '1990-01-01' }` to the day after the run (core's `PARSE_DEFAULTS.dateRange`)
   */
  readonly dateRange?: ParseTransactionsOptions['dateRange'];
  /**
   * The largest quantity, unit price and line total accepted.
   * @defaultValue `{ quantity: 1e9, unitPrice: 1e9, lineTotal: 1e12 }` (core's `PARSE_DEFAULTS.limits`)
   */
  readonly limits?: ParseTransactionsOptions['limits'];
}

/** A columnar source: what to call it in messages, its row count and columns, the schema its metadata declared. */
export interface ColumnarSource {
  readonly what: string;
  readonly length: number;
  readonly columns: readonly SourceColumn[];
  readonly schema?: TransactionSchema | undefined;
}

type Kind = 'text' | 'number' | 'date';
const KIND: Record<TransactionField, Kind> = {
  invoiceNo: 'text',
  stockCode: 'text',
  description: 'text',
  customerId: 'text',
  country: 'text',
  quantity: 'number',
  unitPrice: 'number',
  amount: 'number',
  invoiceDate: 'date',
};
const ALLOWED: Record<Kind, string> = {
  text: 'text or integers',
  number: 'numbers (or decimal text)',
  date: 'timestamps, dates or date text',
};

const fail = (code: ArrowErrorCode, message: string, parameter: string, value: unknown, allowed: string, cause?: unknown): never => {
  throw new ArrowError(code, message, { parameter, value, allowed, cause });
};

/** What a JavaScript value is, in words, for a WRONG_TYPE message. */
function typeOf(v: unknown): string {
  if (v instanceof Date) return 'a date';
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Uint8Array) return 'binary bytes';
  if (typeof v === 'object') return 'a struct';
  return `a ${typeof v}`;
}

/**
 * Whether a value can be the field: text fields take strings and integers (ids stored as numbers),
 * number fields numbers, bigints and decimal text, the date field ms numbers, bigints, dates and text.
 */
function accepts(kind: Kind, v: unknown): boolean {
  const t = typeof v;
  if (t === 'string' || t === 'bigint') return true;
  if (t === 'number') return kind !== 'text' || Number.isInteger(v);
  return kind === 'date' && v instanceof Date;
}

/** The fields a source's columns hold under a mapping: where each is, whether it is a minimal log, and the fields read, in order. */
export interface ResolvedMapping {
  readonly resolved: ResolvedColumns;
  readonly minimal: boolean;
  readonly fields: readonly TransactionField[];
}

/**
 * Resolves the column mapping on a source's column names as core's loaders do, rethrowing core's
 * errors as coded {@link ArrowError}s that name the source.
 */
export function resolveMapping(what: string, names: readonly string[], options: ReadTableOptions): ResolvedMapping {
  let resolved: ResolvedColumns;
  try {
    resolved = resolveColumns(names, options.columns);
  } catch (error) {
    if (isShopperSpectrumError(error)) {
      const code = error.code === 'INVALID_OPTION' ? 'INVALID_OPTION' : 'MISSING_COLUMNS';
      fail(code, `${what}: ${error.message.replace(/The header has:/, 'Its columns are:')}`, error.parameter ?? 'columns', error.value, error.allowed ?? '', error);
    }
    throw error;
  }
  const minimal = resolved.amount >= 0;
  const all: readonly TransactionField[] = minimal ? ['customerId', 'invoiceDate', 'amount', 'quantity', 'description', 'country'] : ['invoiceNo', 'stockCode', 'description', 'quantity', 'invoiceDate', 'unitPrice', 'customerId', 'country'];
  return { resolved, minimal, fields: all.filter((f) => resolved[f] >= 0) };
}

/**
 * Builds a table from a columnar source. Typed columns go straight into the table's columns and
 * dictionaries with core's value rules applied column by column ({@link columnarTable}); a source
 * the columnar builder does not take as clean (a NULL where a value is required, a value of the
 * wrong type, a value core would reject, mixed text and number dates) is read through core's row
 * parser instead, so that every value is read and checked exactly as the CSV loaders read it
 * (customer ids such as `17850.0` normalised, minimal logs' invoices derived, limits and the date
 * window applied), and the error is the row path's. Structural problems are thrown as coded
 * errors naming the column: a column missing, a value of the wrong type, NULLs where required, and
 * (unlike the CSV loaders, which collect them) any row core would reject.
 */
export function tableFromColumns(source: ColumnarSource, options: ReadTableOptions): TransactionTable {
  const { what, length } = source;
  const { resolved, minimal, fields } = resolveMapping(what, source.columns.map((c) => c.name), options);
  const byField: Partial<Record<TransactionField, SourceColumn>> = {};
  for (const f of fields) byField[f] = source.columns[resolved[f]]!;
  const fast = columnarTable({ length, minimal, columns: byField, schema: source.schema }, options);
  if (fast !== null) return fast;
  return rowPathTable(source, options, resolved, minimal, fields);
}

/** The row path: every value through core's row parser (see {@link tableFromColumns}). */
function rowPathTable(source: ColumnarSource, options: ReadTableOptions, resolved: ResolvedColumns, minimal: boolean, fields: readonly TransactionField[]): TransactionTable {
  const { what, length } = source;
  const required = new Set<TransactionField>(minimal ? [...MINIMAL_FIELDS, ...(resolved.quantity >= 0 ? (['quantity'] as const) : [])] : REQUIRED_FIELDS);
  const cols = fields.map((f) => {
    const c = source.columns[resolved[f]]!;
    return { name: c.name, type: c.type, values: columnValues(c, length) };
  });
  // NULLs where a value is required: counted over the whole column, so the message says how many
  for (let j = 0; j < fields.length; j++) {
    const f = fields[j]!;
    if (!required.has(f)) continue;
    const values = cols[j]!.values;
    let nulls = 0;
    let first = -1;
    for (let i = 0; i < length; i++) {
      if (values[i] == null) {
        if (nulls++ === 0) first = i;
      }
    }
    if (nulls > 0) {
      fail('NULL_VALUES', `${what}: column ${JSON.stringify(cols[j]!.name)} (${f}) holds ${nulls.toLocaleString('en-GB')} NULL${nulls === 1 ? '' : 's'} (the first at row ${first + 1}); allowed: a value on every row (${f} is required${minimal ? ' in a log of customer, date and amount' : ''}).`, cols[j]!.name, null, `a ${f} on every row`);
    }
  }
  // one reused row object: parseTransactionRows reads each row's fields before asking for the next
  // a minimal log without a quantity column: quantity 1, as core's CSV loaders read it
  const row: Record<string, unknown> = minimal && resolved.quantity < 0 ? { quantity: 1 } : {};
  function* rows(): Generator<TransactionInput> {
    for (let i = 0; i < length; i++) {
      for (let j = 0; j < fields.length; j++) {
        const f = fields[j]!;
        let v = cols[j]!.values[i];
        if (v == null) v = null;
        else if (!accepts(KIND[f], v)) {
          const c = cols[j]!;
          fail('WRONG_TYPE', `${what}: column ${JSON.stringify(c.name)} (${f}, type ${c.type}) holds ${typeOf(v)} at row ${i + 1}; allowed: ${ALLOWED[KIND[f]]}.`, c.name, c.type, ALLOWED[KIND[f]]);
        } else if (typeof v === 'bigint') v = KIND[f] === 'text' ? String(v) : Number(v);
        else if (typeof v === 'number' && KIND[f] === 'text') v = String(v);
        row[f] = v;
      }
      yield row as TransactionInput;
    }
  }
  const result = parseTransactionRows(rows(), {
    maxIssues: 1,
    ...(options.dateFormat === undefined ? {} : { dateFormat: options.dateFormat }),
    ...(options.dateRange === undefined ? {} : { dateRange: options.dateRange }),
    ...(options.limits === undefined ? {} : { limits: options.limits }),
  });
  const rejected = result.summary.rowsRejected;
  if (rejected > 0) {
    const issue = result.issues[0]!;
    const column = issue.field === null || resolved[issue.field] < 0 ? null : source.columns[resolved[issue.field]]!.name;
    const where = column === null ? '' : ` column ${JSON.stringify(column)} (${issue.field})`;
    fail('INVALID_VALUES', `${what}:${where} row ${issue.line}: ${issue.reason}${rejected > 1 ? ` (${rejected.toLocaleString('en-GB')} rows cannot be read; this is the first)` : ''}; allowed: values core's loaders accept (see the limits and dateRange options).`, column ?? 'rows', issue.value, 'readable values');
  }
  const table = result.table;
  if (minimal && length === 0) return new TransactionTable(table.columns, table.dictionaries, { invoices: 'derived', products: false, prices: 'derived' });
  const schema = source.schema;
  if (schema === undefined || minimal) return table;
  return new TransactionTable(table.columns, table.dictionaries, schema);
}

/** Reads the schema a writer of this package stored in a table's or file's metadata (absent or unreadable: undefined). */
export function schemaFromMetadata(text: string | undefined | null): TransactionSchema | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const s = JSON.parse(text) as Partial<TransactionSchema>;
    if ((s.invoices === 'source' || s.invoices === 'derived') && typeof s.products === 'boolean' && (s.prices === 'source' || s.prices === 'derived')) return { invoices: s.invoices, products: s.products, prices: s.prices };
  } catch {
    // not ours: the table's own schema is used
  }
  return undefined;
}

/** The metadata key under which {@link toArrow} and {@link toParquet} store the table's schema. */
export const SCHEMA_METADATA_KEY = 'shopper-spectrum.schema';
