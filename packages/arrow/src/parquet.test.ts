import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cleanTransactions, generateTransactionsCsv, parseTransactionRows, parseTransactionsCsv } from '@shopper-spectrum/core';
import { parquetMetadata } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { ColumnSource } from 'hyparquet-writer';
import { ArrowError, TO_PARQUET_DEFAULTS, fromParquet, toParquet } from '@shopper-spectrum/arrow';
import { sameRows } from '../test/onlineRetailData.js';

const generated = (seed: number, customers = 40) => parseTransactionsCsv(generateTransactionsCsv({ seed, customers, products: 30 })).table;

async function rejection(p: Promise<unknown>): Promise<ArrowError> {
  try {
    await p;
  } catch (e) {
    return e as ArrowError;
  }
  throw new Error('did not reject');
}

const ts = (iso: string) => BigInt(Date.parse(`${iso}Z`));
/** A Parquet file of the given columns, written by hyparquet-writer as another tool would. */
const file = (columnData: ColumnSource[]) => new Uint8Array(parquetWriteBuffer({ columnData }));
const fullColumns = (): ColumnSource[] => [
  { name: 'InvoiceNo', data: ['1', '2'], type: 'STRING' },
  { name: 'StockCode', data: ['A', 'B'], type: 'STRING' },
  { name: 'Quantity', data: new Float64Array([1, 2]), type: 'DOUBLE' },
  { name: 'InvoiceDate', data: [ts('2011-01-02T10:00:00'), ts('2011-01-03T11:30:00')], type: 'TIMESTAMP' },
  { name: 'UnitPrice', data: new Float64Array([1.5, 2.5]), type: 'DOUBLE' },
];

describe('toParquet', () => {
  it('writes the Online Retail names with strings, doubles and a timestamp not adjusted to UTC', () => {
    const meta = parquetMetadata(toParquet(generated(1)));
    expect(meta.schema.slice(1).map((e) => `${e.name}:${e.type}:${e.repetition_type}`)).toEqual([
      'InvoiceNo:BYTE_ARRAY:REQUIRED',
      'StockCode:BYTE_ARRAY:REQUIRED',
      'Description:BYTE_ARRAY:OPTIONAL',
      'Quantity:DOUBLE:REQUIRED',
      'InvoiceDate:INT64:REQUIRED',
      'UnitPrice:DOUBLE:REQUIRED',
      'CustomerID:BYTE_ARRAY:OPTIONAL',
      'Country:BYTE_ARRAY:OPTIONAL',
    ]);
    expect(meta.schema[5]!.logical_type).toEqual({ type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MILLIS' });
  });

  it('splits rows into row groups of the size asked', () => {
    const table = generated(2);
    const meta = parquetMetadata(toParquet(table, { rowGroupSize: 100 }));
    expect(meta.row_groups.length).toBe(Math.ceil(table.length / 100));
  });

  it('states its defaults', () => {
    expect(TO_PARQUET_DEFAULTS).toEqual({ rowGroupSize: 122880, codec: 'SNAPPY' });
  });

  it('refuses a bad row group size or codec with INVALID_OPTION', async () => {
    const table = generated(1);
    expect(() => toParquet(table, { rowGroupSize: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', parameter: 'rowGroupSize' }));
    expect(() => toParquet(table, { codec: 'LZO' as never })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', parameter: 'codec' }));
  });
});

describe('fromParquet', () => {
  it('gives back the rows and schema toParquet wrote', async () => {
    const table = generated(3);
    const back = await fromParquet(toParquet(table));
    expect(sameRows(table, back)).toBeNull();
    expect(back.schema).toEqual(table.schema);
  });

  it('round-trips uncompressed files, a cleaned table and a Blob source', async () => {
    const cleaned = cleanTransactions(generated(4), { preset: 'notebook' }).table;
    expect(sameRows(cleaned, await fromParquet(toParquet(cleaned, { codec: 'UNCOMPRESSED' })))).toBeNull();
    expect(sameRows(cleaned, await fromParquet(new Blob([toParquet(cleaned) as Uint8Array<ArrayBuffer>])))).toBeNull();
  });

  it('keeps the schema of a minimal log', async () => {
    const { table } = parseTransactionRows([{ customerId: '1', invoiceDate: Date.UTC(2011, 0, 2), amount: 10 }]);
    const back = await fromParquet(toParquet(table));
    expect(back.schema).toEqual({ invoices: 'derived', products: false, prices: 'derived' });
    expect(sameRows(table, back)).toBeNull();
  });

  it('reads rows equal to the source for any generated log (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 500 }), async (seed, customers, rowGroupSize) => {
        const table = generated(seed, customers);
        expect(sameRows(table, await fromParquet(toParquet(table, { rowGroupSize })))).toBeNull();
      }),
      { numRuns: 15 },
    );
  });

  it('reads Online Retail II names, integer ids stored as numbers and microsecond timestamps', async () => {
    const bytes = file([
      { name: 'Invoice', data: ['489434', 'C489449'], type: 'STRING' },
      { name: 'StockCode', data: ['85048', '22087'], type: 'STRING' },
      { name: 'Quantity', data: [12n, -12n], type: 'INT64' },
      { name: 'InvoiceDate', data: [ts('2009-12-01T07:45:00'), ts('2009-12-01T10:33:00')], type: 'TIMESTAMP' },
      { name: 'Price', data: new Float64Array([6.95, 0.85]), type: 'DOUBLE' },
      { name: 'Customer ID', data: new Float64Array([13085, 16321]), type: 'DOUBLE' },
      { name: 'Country', data: ['United Kingdom', null], type: 'STRING' },
    ]);
    // DuckDB and pyarrow write microsecond timestamps
    const micros = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'Invoice', data: ['489434'] },
          { name: 'StockCode', data: ['85048'] },
          { name: 'Quantity', data: [12n] },
          { name: 'InvoiceDate', data: [ts('2009-12-01T07:45:00') * 1000n] },
          { name: 'Price', data: new Float64Array([6.95]) },
        ],
        schema: [
          { name: 'root', num_children: 5 },
          { name: 'Invoice', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
          { name: 'StockCode', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
          { name: 'Quantity', type: 'INT64', repetition_type: 'REQUIRED' },
          { name: 'InvoiceDate', type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MICROS' }, repetition_type: 'REQUIRED' },
          { name: 'Price', type: 'DOUBLE', repetition_type: 'REQUIRED' },
        ],
      }),
    );
    const one = await fromParquet(micros);
    expect(one.row(0).invoiceDate).toBe(Date.UTC(2009, 11, 1, 7, 45));
    const table = await fromParquet(bytes, { columns: 'online-retail-ii', dateRange: { from: 0 } });
    expect([...table.rows()].map((r) => [r.invoiceNo, r.quantity, r.unitPrice, r.customerId, r.country])).toEqual([
      ['489434', 12, 6.95, '13085', 'United Kingdom'],
      ['C489449', -12, 0.85, '16321', null],
    ]);
  });

  it('reads a minimal log (customer, date, amount) through a mapping', async () => {
    const bytes = file([
      { name: 'customer_id', data: [1n, 2n, 1n], type: 'INT64' },
      { name: 'date', data: [ts('1997-01-01T00:00:00'), ts('1997-01-02T00:00:00'), ts('1997-01-09T00:00:00')], type: 'TIMESTAMP' },
      { name: 'dollar_value', data: new Float64Array([29.33, 11.77, 20.76]), type: 'DOUBLE' },
    ]);
    const table = await fromParquet(bytes, { columns: { customerId: 'customer_id', invoiceDate: 'date', amount: 'dollar_value' } });
    expect(table.schema.products).toBe(false);
    expect([...table.rows()].map((r) => [r.customerId, r.quantity, r.unitPrice])).toEqual([
      ['1', 1, 29.33],
      ['2', 1, 11.77],
      ['1', 1, 20.76],
    ]);
  });

  describe('bad input', () => {
    it('refuses a CSV (or any non-Parquet bytes) with NOT_PARQUET', async () => {
      const e = await rejection(fromParquet(new TextEncoder().encode('InvoiceNo,StockCode\n1,A\n')));
      expect(e).toBeInstanceOf(ArrowError);
      expect(e.code).toBe('NOT_PARQUET');
      expect((await rejection(fromParquet(new Uint8Array(0)))).code).toBe('NOT_PARQUET');
    });

    it('refuses a truncated file with CORRUPT_SOURCE', async () => {
      const bytes = toParquet(generated(1));
      const e = await rejection(fromParquet(bytes.subarray(0, bytes.length - 100)));
      expect(e.code).toBe('CORRUPT_SOURCE');
      expect(e.message).toMatch(/truncated/);
    });

    it('refuses a file whose pages are damaged with CORRUPT_SOURCE', async () => {
      const bytes = toParquet(generated(1), { codec: 'UNCOMPRESSED' }).slice();
      for (let i = 8; i < 4000; i++) bytes[i] = 0xff;
      expect((await rejection(fromParquet(bytes))).code).toBe('CORRUPT_SOURCE');
    });

    it('names a missing column and the columns the file has', async () => {
      const e = await rejection(fromParquet(file(fullColumns().filter((c) => c.name !== 'UnitPrice'))));
      expect(e.code).toBe('MISSING_COLUMNS');
      expect(e.message).toMatch(/^the Parquet file: Missing required column: unitPrice/);
      expect(e.message).toContain('"Quantity"');
    });

    it('names a column of the wrong type', async () => {
      const cols = fullColumns().map((c) => (c.name === 'InvoiceDate' ? { name: 'InvoiceDate', data: [true, false], type: 'BOOLEAN' as const } : c));
      const e = await rejection(fromParquet(file(cols)));
      expect(e.code).toBe('WRONG_TYPE');
      expect(e.parameter).toBe('InvoiceDate');
      expect(e.message).toContain('type BOOLEAN');
    });

    it('counts NULLs in a required column', async () => {
      const cols = fullColumns().map((c) => (c.name === 'StockCode' ? { name: 'StockCode', data: [null, null], type: 'STRING' as const } : c));
      const e = await rejection(fromParquet(file(cols)));
      expect(e.code).toBe('NULL_VALUES');
      expect(e.parameter).toBe('StockCode');
      expect(e.message).toMatch(/holds 2 NULLs \(the first at row 1\)/);
    });

    it('refuses a date outside the plausible window, naming the column and row', async () => {
      const cols = fullColumns().map((c) => (c.name === 'InvoiceDate' ? { name: 'InvoiceDate', data: [ts('2011-01-02T10:00:00'), ts('1901-01-01T00:00:00')], type: 'TIMESTAMP' as const } : c));
      const e = await rejection(fromParquet(file(cols)));
      expect(e.code).toBe('INVALID_VALUES');
      expect(e.parameter).toBe('InvoiceDate');
      expect(e.message).toMatch(/row 2/);
    });

    it('refuses a path string or another argument with INVALID_ARGUMENT', async () => {
      expect((await rejection(fromParquet('x.parquet' as never))).code).toBe('INVALID_ARGUMENT');
      expect((await rejection(fromParquet(null as never))).code).toBe('INVALID_ARGUMENT');
    });
  });
});
