import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generateTransactionsCsv, parseTransactionRows, parseTransactionsCsv } from '@shopper-spectrum/core';
import type { TransactionInput, TransactionTable } from '@shopper-spectrum/core';
import { Dictionary, Float64, Int32, Int64, Table, TimestampMicrosecond, Utf8, makeData, makeVector, vectorFromArray } from 'apache-arrow';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { ArrowError, fromArrow, fromParquet } from '@shopper-spectrum/arrow';

/** Tables equal in every column, dictionary and schema. */
function expectIdentical(a: TransactionTable, b: TransactionTable): void {
  expect(b.length).toBe(a.length);
  expect(b.schema).toEqual(a.schema);
  expect(b.dictionaries).toEqual(a.dictionaries);
  for (const k of Object.keys(a.columns) as (keyof TransactionTable['columns'])[]) expect(Array.from(b.columns[k])).toEqual(Array.from(a.columns[k]));
}

const generated = (seed: number, customers: number) => parseTransactionsCsv(generateTransactionsCsv({ seed, customers, products: 30 })).table;

/** The rows of a table as core's row parser takes them (the independent computation the columnar reads are checked against). */
const rowsOf = (t: TransactionTable): TransactionInput[] => [...t.rows()].map((r) => ({ invoiceNo: r.invoiceNo, stockCode: r.stockCode, description: r.description, quantity: r.quantity, invoiceDate: r.invoiceDate, unitPrice: r.unitPrice, customerId: r.customerId, country: r.country }));

/** A foreign Arrow table in `batches` record batches: Utf8 text, customer ids as Int64, a dictionary country, microsecond timestamps. */
function foreign(t: TransactionTable, batches: number): Table {
  const rows = rowsOf(t);
  const size = Math.ceil(rows.length / batches) || 1;
  const parts: Table[] = [];
  for (let s = 0; s < Math.max(rows.length, 1); s += size) {
    const part = rows.slice(s, s + size);
    const n = part.length;
    const countries = [...new Set(part.map((r) => r.country).filter((c) => c != null))] as string[];
    const valid = new Uint8Array((n + 7) >> 3);
    const customers = new BigInt64Array(n);
    const countryCodes = new Int32Array(n);
    const countryValid = new Uint8Array((n + 7) >> 3);
    part.forEach((r, i) => {
      if (r.customerId != null) {
        customers[i] = BigInt(r.customerId as string);
        valid[i >> 3]! |= 1 << (i & 7);
      }
      if (r.country != null) {
        countryCodes[i] = countries.indexOf(r.country as string);
        countryValid[i >> 3]! |= 1 << (i & 7);
      }
    });
    parts.push(
      new Table({
        InvoiceNo: vectorFromArray(part.map((r) => r.invoiceNo as string), new Utf8()),
        StockCode: vectorFromArray(part.map((r) => r.stockCode as string), new Utf8()),
        Description: vectorFromArray(part.map((r) => (r.description ?? null) as string | null), new Utf8()),
        Quantity: makeVector(makeData({ type: new Int64(), length: n, data: BigInt64Array.from(part, (r) => BigInt(r.quantity as number)) })),
        InvoiceDate: makeVector(makeData({ type: new TimestampMicrosecond(), length: n, data: BigInt64Array.from(part, (r) => BigInt(r.invoiceDate as number) * 1000n) })),
        UnitPrice: makeVector(makeData({ type: new Float64(), length: n, data: Float64Array.from(part, (r) => r.unitPrice as number) })),
        CustomerID: makeVector(makeData({ type: new Int64(), length: n, data: customers, nullBitmap: valid, nullCount: part.filter((r) => r.customerId == null).length })),
        Country: makeVector(makeData({ type: new Dictionary(new Utf8(), new Int32()), length: n, data: countryCodes, nullBitmap: countryValid, nullCount: part.filter((r) => r.country == null).length, dictionary: vectorFromArray(countries, new Utf8()) })),
      }),
    );
  }
  return parts.slice(1).reduce((a, b) => a.concat(b), parts[0]!);
}

describe('the columnar readers', () => {
  it('read a foreign Arrow table in several batches code for code as core parses its rows (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 5 }), (seed, customers, batches) => {
        const table = generated(seed, customers);
        const arrow = foreign(table, batches);
        expectIdentical(parseTransactionRows(rowsOf(table)).table, fromArrow(arrow));
      }),
      { numRuns: 15 },
    );
  });

  it('read text dates once per distinct text with core rules, day-first settled by a later row', async () => {
    const dates = ['1/2/2011 10:00', '1/2/2011 10:00', '3/4/2011 09:30', '25/4/2011 08:00', '3/4/2011 09:30'];
    const rows = dates.map((d, i) => ({ invoiceNo: String(i), stockCode: 'A', quantity: 1, invoiceDate: d, unitPrice: 2, customerId: '7' }));
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'InvoiceNo', data: rows.map((r) => r.invoiceNo), type: 'STRING' },
          { name: 'StockCode', data: rows.map((r) => r.stockCode), type: 'STRING' },
          { name: 'Quantity', data: new Float64Array(rows.length).fill(1), type: 'DOUBLE' },
          { name: 'InvoiceDate', data: dates, type: 'STRING' },
          { name: 'UnitPrice', data: new Float64Array(rows.length).fill(2), type: 'DOUBLE' },
          { name: 'CustomerID', data: rows.map((r) => r.customerId), type: 'STRING' },
        ],
      }),
    );
    const table = await fromParquet(bytes);
    expect(Array.from(table.columns.invoiceDate)).toEqual([Date.UTC(2011, 1, 1, 10), Date.UTC(2011, 1, 1, 10), Date.UTC(2011, 3, 3, 9, 30), Date.UTC(2011, 3, 25, 8), Date.UTC(2011, 3, 3, 9, 30)]);
    expectIdentical(parseTransactionRows(rows).table, table);
  });

  it('give the row path error for a bad value in a column read columnar (a NULL in a dictionary column)', () => {
    const n = 2;
    const arrow = new Table({
      InvoiceNo: makeVector(makeData({ type: new Dictionary(new Utf8(), new Int32()), length: n, data: new Int32Array([0, 0]), nullBitmap: new Uint8Array([1]), nullCount: 1, dictionary: vectorFromArray(['536365'], new Utf8()) })),
      StockCode: vectorFromArray(['A', 'B'], new Utf8()),
      Quantity: vectorFromArray([1, 2], new Float64()),
      InvoiceDate: makeVector(makeData({ type: new TimestampMicrosecond(), length: n, data: new BigInt64Array([1293926400000000n, 1294012800000000n]) })),
      UnitPrice: vectorFromArray([1.5, 2.5], new Float64()),
    });
    let error: unknown;
    try {
      fromArrow(arrow);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ArrowError);
    expect((error as ArrowError).code).toBe('NULL_VALUES');
    expect((error as ArrowError).message).toMatch(/column "InvoiceNo" \(invoiceNo\) holds 1 NULL \(the first at row 2\)/);
  });

  it('keep a fraction of a millisecond in microsecond timestamps as apache-arrow reads them', () => {
    const arrow = new Table({
      InvoiceNo: vectorFromArray(['1'], new Utf8()),
      StockCode: vectorFromArray(['A'], new Utf8()),
      Quantity: vectorFromArray([1], new Float64()),
      InvoiceDate: makeVector(makeData({ type: new TimestampMicrosecond(), length: 1, data: new BigInt64Array([1293926400000250n]) })),
      UnitPrice: vectorFromArray([1.5], new Float64()),
    });
    expect(fromArrow(arrow).columns.invoiceDate[0]).toBe(1293926400000.25);
  });
});
