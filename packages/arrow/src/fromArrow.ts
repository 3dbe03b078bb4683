import { ONLINE_RETAIL_COLUMNS, TransactionTable } from '@shopper-spectrum/core';
import type { TransactionColumns, TransactionDictionaries, TransactionSchema } from '@shopper-spectrum/core';
import { DataType, tableFromIPC } from 'apache-arrow';
import type { Data, Table, Vector } from 'apache-arrow';
import { ArrowError } from './errors.js';
import { SCHEMA_METADATA_KEY, schemaFromMetadata, tableFromColumns } from './tableFromColumns.js';
import type { ReadTableOptions } from './tableFromColumns.js';
import { vectorSegments } from './arrowSegments.js';
import type { SourceColumn } from './sourceColumn.js';
import { TEXT_COLUMNS } from './toArrow.js';

/** Options of {@link fromArrow}: the column mapping and value checks of core's loaders. */
export type FromArrowOptions = ReadTableOptions;

const WHAT = 'the Arrow table';

function isArrowTable(x: unknown): x is Table {
  const t = x as Table | null;
  return t !== null && typeof t === 'object' && typeof t.numRows === 'number' && typeof t.getChildAt === 'function' && Array.isArray(t.schema?.fields);
}

/** The codes and dictionary of a Dictionary<Utf8, Int32> column with one dictionary, or null when it is not one. */
function dictionaryCodes(vector: Vector | null, optional: boolean): { codes: Int32Array; dictionary: string[] } | null {
  if (vector === null || !DataType.isDictionary(vector.type) || !DataType.isInt(vector.type.indices) || vector.type.indices.bitWidth !== 32 || !vector.type.indices.isSigned || !DataType.isUtf8(vector.type.dictionary)) return null;
  const chunks = vector.data as Data[];
  const dict = chunks[0]?.dictionary;
  if (dict === undefined || chunks.some((c) => c.dictionary !== dict)) return null;
  const codes = new Int32Array(vector.length);
  let at = 0;
  for (const chunk of chunks) {
    const values = chunk.values as Int32Array;
    for (let i = 0; i < chunk.length; i++) codes[at + i] = chunk.getValid(i) ? values[i]! : -1;
    at += chunk.length;
  }
  if (!optional && codes.includes(-1)) return null;
  const dictionary = dict.toArray() as (string | null)[];
  if (dictionary.includes(null)) return null;
  return { codes, dictionary: dictionary as string[] };
}

/** The table {@link toArrow} wrote, read back code for code, or null when `arrow` is not exactly that layout. */
function exactTable(arrow: Table, schema: TransactionSchema): TransactionTable | null {
  const get = (name: string): Vector | null => arrow.getChild(name) as Vector | null;
  const texts: Partial<Record<keyof TransactionDictionaries, { codes: Int32Array; dictionary: string[] }>> = {};
  for (const [key, name] of TEXT_COLUMNS) {
    const col = dictionaryCodes(get(name), key === 'description' || key === 'customer' || key === 'country');
    if (col === null) return null;
    texts[key] = col;
  }
  const float = (name: string): Float64Array | null => {
    const v = get(name);
    if (v === null || !DataType.isFloat(v.type) || v.type.precision !== 2 || v.nullCount > 0) return null;
    const out = new Float64Array(v.length);
    let at = 0;
    for (const chunk of v.data as Data[]) {
      out.set(chunk.values as Float64Array, at);
      at += chunk.length;
    }
    return out;
  };
  const quantity = float(ONLINE_RETAIL_COLUMNS.quantity);
  const unitPrice = float(ONLINE_RETAIL_COLUMNS.unitPrice);
  const dateVector = get(ONLINE_RETAIL_COLUMNS.invoiceDate);
  if (quantity === null || unitPrice === null || dateVector === null || !DataType.isTimestamp(dateVector.type) || dateVector.type.unit !== 1 || dateVector.nullCount > 0) return null;
  const invoiceDate = new Float64Array(dateVector.length);
  let at = 0;
  for (const chunk of dateVector.data as Data[]) {
    const values = chunk.values as BigInt64Array;
    for (let i = 0; i < chunk.length; i++) invoiceDate[at + i] = Number(values[i]!);
    at += chunk.length;
  }
  const columns: TransactionColumns = {
    invoice: texts.invoice!.codes,
    stockCode: texts.stockCode!.codes,
    description: texts.description!.codes,
    quantity,
    invoiceDate,
    unitPrice,
    customer: texts.customer!.codes,
    country: texts.country!.codes,
  };
  const dictionaries: TransactionDictionaries = {
    invoice: texts.invoice!.dictionary,
    stockCode: texts.stockCode!.dictionary,
    description: texts.description!.dictionary,
    customer: texts.customer!.dictionary,
    country: texts.country!.dictionary,
  };
  return new TransactionTable(columns, dictionaries, schema);
}

/**
 * An Apache Arrow table (or Arrow IPC bytes, file or stream format, as DuckDB, Polars and pyarrow
 * write them) as a {@link TransactionTable}.
 *
 * A table {@link toArrow} wrote comes back exactly: the same codes, dictionaries (values no row uses
 * included), numbers, dates and schema, in O(n) without re-reading a value. Any other table is read
 * column by column with core's value rules (its columns straight into the table's typed columns
 * and dictionaries, no row made; a column of bad values through core's row parser, for its error),
 * with the column mapping of core's loaders
 * (`options.columns`: Online Retail or Online Retail II names, any other names, or the minimal
 * customer + date + amount log): strings, dictionaries and integers become text (customer ids
 * such as `17850.0` normalised as the CSV loaders do), integers, floats and decimals numbers,
 * timestamps (any unit) and dates wall-clock ms read by their UTC fields, so a naive
 * `TIMESTAMP` keeps its clock time. O(n x columns).
 *
 * @param arrow - an Arrow `Table`, or its IPC bytes
 * @param options - the column mapping and value checks
 * @returns the table
 * @throws {@link ArrowError} `MISSING_COLUMNS` (a needed column is absent, naming it and the columns
 *   there are), `WRONG_TYPE` (a column whose values cannot be the field), `NULL_VALUES` (NULLs in a
 *   required column: how many and the first row), `INVALID_VALUES` (a value core would reject: out
 *   of range, a date outside `dateRange`), `INVALID_OPTION`, `INVALID_ARGUMENT` (not a table),
 *   `CORRUPT_SOURCE` (IPC bytes that cannot be decoded)
 * @example
 * ```ts
 * const back = fromArrow(toArrow(table));
 * [back.length, back.row(0).stockCode, back.dictionaries.customer === table.dictionaries.customer];
 * // => [541909, '85123A', false] (equal contents, a new array)
 * ```
 */
export function fromArrow(arrow: Table | Uint8Array | ArrayBuffer, options: FromArrowOptions = {}): TransactionTable {
  let table: Table;
  if (arrow instanceof Uint8Array || arrow instanceof ArrayBuffer) {
    try {
      table = tableFromIPC(arrow instanceof ArrayBuffer ? new Uint8Array(arrow) : arrow);
    } catch (error) {
      throw new ArrowError('CORRUPT_SOURCE', `The bytes are not readable Arrow IPC data: ${(error as Error)?.message ?? String(error)}; allowed: the Arrow IPC file or stream format.`, { parameter: 'arrow', value: `${arrow.byteLength} bytes`, allowed: 'Arrow IPC bytes', cause: error });
    }
  } else if (isArrowTable(arrow)) table = arrow;
  else {
    const shown = arrow === null ? 'null' : Array.isArray(arrow) ? 'an array' : typeof arrow;
    throw new ArrowError('INVALID_ARGUMENT', `Invalid argument arrow: got ${shown}; allowed: an apache-arrow Table or Arrow IPC bytes.`, { parameter: 'arrow', value: shown, allowed: 'an apache-arrow Table or Arrow IPC bytes' });
  }
  const schema = schemaFromMetadata(table.schema.metadata.get(SCHEMA_METADATA_KEY));
  const preset = options.columns === undefined || options.columns === 'auto' || options.columns === 'online-retail';
  if (schema !== undefined && preset) {
    const exact = exactTable(table, schema);
    if (exact !== null) return exact;
  }
  const columns: SourceColumn[] = table.schema.fields.map((field, i) => ({ name: field.name, type: String(field.type), segments: vectorSegments(table.getChildAt(i) as Vector) }));
  return tableFromColumns({ what: WHAT, length: table.numRows, columns, schema }, options);
}
