import { ONLINE_RETAIL_COLUMNS, checkTable } from '@shopper-spectrum/core';
import type { TransactionTable } from '@shopper-spectrum/core';
import { Dictionary, Float64, Int32, Schema, Table, TimestampMillisecond, Utf8, makeData, makeVector, vectorFromArray } from 'apache-arrow';
import type { Vector } from 'apache-arrow';
import { SCHEMA_METADATA_KEY } from './tableFromColumns.js';

/** The text columns of a table, in the Online Retail header's order, with their Arrow / Parquet names. */
export const TEXT_COLUMNS = [
  ['invoice', ONLINE_RETAIL_COLUMNS.invoiceNo],
  ['stockCode', ONLINE_RETAIL_COLUMNS.stockCode],
  ['description', ONLINE_RETAIL_COLUMNS.description],
  ['customer', ONLINE_RETAIL_COLUMNS.customerId],
  ['country', ONLINE_RETAIL_COLUMNS.country],
] as const;

/** A code column as an Arrow dictionary vector: the codes shared (copied only where -1 marks a null), the dictionary as Utf8. */
function dictionaryVector(codes: Int32Array, dictionary: readonly string[]): Vector<Dictionary<Utf8, Int32>> {
  const n = codes.length;
  let nulls = 0;
  for (let i = 0; i < n; i++) if (codes[i]! < 0) nulls++;
  let data = codes;
  let nullBitmap: Uint8Array | undefined;
  if (nulls > 0) {
    data = new Int32Array(n);
    nullBitmap = new Uint8Array((n + 7) >> 3);
    for (let i = 0; i < n; i++) {
      const c = codes[i]!;
      if (c >= 0) {
        data[i] = c;
        nullBitmap[i >> 3]! |= 1 << (i & 7);
      }
    }
  }
  const type = new Dictionary(new Utf8(), new Int32());
  return makeVector(makeData({ type, length: n, nullCount: nulls, data, nullBitmap, dictionary: vectorFromArray(dictionary as string[], new Utf8()) }));
}

/**
 * A {@link TransactionTable} as an Apache Arrow table (apache-arrow 21), to hand to DuckDB, Polars,
 * pandas or any Arrow consumer without a CSV in between. Columns carry the Online Retail names
 * (`InvoiceNo`, `StockCode`, `Description`, `Quantity`, `InvoiceDate`, `UnitPrice`, `CustomerID`,
 * `Country`): the five text columns as `Dictionary<Int32, Utf8>` vectors whose dictionaries are the
 * table's own (codes shared, -1 as null), `Quantity` and `UnitPrice` as `Float64`, `InvoiceDate` as
 * `Timestamp<MILLISECOND>` (wall-clock ms, no time zone: the table's zone-free calendar). The table's
 * `schema` (full log or minimal log) is stored in the schema metadata under
 * `shopper-spectrum.schema`, so {@link fromArrow} gives back an equal table, dictionaries included.
 *
 * O(n): the number columns are shared, codes copied only in columns with nulls, the dates converted
 * to 64-bit integers (dates are whole ms in every table core builds; a fraction would be rounded).
 *
 * @param table - the table
 * @returns an Arrow table of `table.length` rows
 * @throws `CoreError` `INVALID_ARGUMENT` when `table` is not a TransactionTable
 * @example
 * ```ts
 * const arrow = toArrow(table);
 * [arrow.numRows, arrow.schema.fields.map((f) => `${f.name}: ${f.type}`).join(', ')];
 * // => [541909, 'InvoiceNo: Dictionary<Int32, Utf8>, StockCode: Dictionary<Int32, Utf8>, Description: Dictionary<Int32, Utf8>, Quantity: Float64, InvoiceDate: Timestamp<MILLISECOND>, UnitPrice: Float64, CustomerID: Dictionary<Int32, Utf8>, Country: Dictionary<Int32, Utf8>']
 * ```
 */
export function toArrow(table: TransactionTable): Table {
  checkTable(table);
  const c = table.columns;
  const d = table.dictionaries;
  const n = table.length;
  const dates = new BigInt64Array(n);
  for (let i = 0; i < n; i++) dates[i] = BigInt(Math.round(c.invoiceDate[i]!));
  const text = Object.fromEntries(TEXT_COLUMNS.map(([key, name]) => [name, dictionaryVector(c[key], d[key])]));
  const vectors = {
    [ONLINE_RETAIL_COLUMNS.invoiceNo]: text[ONLINE_RETAIL_COLUMNS.invoiceNo]!,
    [ONLINE_RETAIL_COLUMNS.stockCode]: text[ONLINE_RETAIL_COLUMNS.stockCode]!,
    [ONLINE_RETAIL_COLUMNS.description]: text[ONLINE_RETAIL_COLUMNS.description]!,
    [ONLINE_RETAIL_COLUMNS.quantity]: makeVector(makeData({ type: new Float64(), length: n, data: c.quantity })),
    [ONLINE_RETAIL_COLUMNS.invoiceDate]: makeVector(makeData({ type: new TimestampMillisecond(), length: n, data: dates })),
    [ONLINE_RETAIL_COLUMNS.unitPrice]: makeVector(makeData({ type: new Float64(), length: n, data: c.unitPrice })),
    [ONLINE_RETAIL_COLUMNS.customerId]: text[ONLINE_RETAIL_COLUMNS.customerId]!,
    [ONLINE_RETAIL_COLUMNS.country]: text[ONLINE_RETAIL_COLUMNS.country]!,
  };
  const plain = new Table(vectors);
  const schema = new Schema(plain.schema.fields, new Map([[SCHEMA_METADATA_KEY, JSON.stringify(table.schema)]]));
  return new Table(schema, plain.batches);
}
