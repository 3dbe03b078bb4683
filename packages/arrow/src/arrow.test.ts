import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TransactionTable, cleanTransactions, generateTransactionsCsv, isShopperSpectrumError, parseTransactionRows, parseTransactionsCsv } from '@shopper-spectrum/core';
import { Bool, Decimal, Float64, Int64, Table, TimestampMicrosecond, Utf8, makeData, makeVector, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';
import { ArrowError, fromArrow, toArrow } from '@shopper-spectrum/arrow';
import { sameRows } from '../test/onlineRetailData.js';

const generated = (seed: number, customers = 40) => parseTransactionsCsv(generateTransactionsCsv({ seed, customers, products: 30 })).table;

/** Tables equal in every column, dictionary and schema. */
function expectIdentical(a: TransactionTable, b: TransactionTable): void {
  expect(b.length).toBe(a.length);
  expect(b.schema).toEqual(a.schema);
  expect(b.dictionaries).toEqual(a.dictionaries);
  for (const k of Object.keys(a.columns) as (keyof TransactionTable['columns'])[]) expect(b.columns[k]).toEqual(a.columns[k]);
}

const capture = (f: () => unknown): ArrowError => {
  try {
    f();
  } catch (e) {
    return e as ArrowError;
  }
  throw new Error('did not throw');
};

describe('toArrow', () => {
  it('gives dictionary text columns, float numbers and a millisecond timestamp under the Online Retail names', () => {
    const arrow = toArrow(generated(1));
    expect(arrow.schema.fields.map((f) => `${f.name}: ${String(f.type)}`)).toEqual([
      'InvoiceNo: Dictionary<Int32, Utf8>',
      'StockCode: Dictionary<Int32, Utf8>',
      'Description: Dictionary<Int32, Utf8>',
      'Quantity: Float64',
      'InvoiceDate: Timestamp<MILLISECOND>',
      'UnitPrice: Float64',
      'CustomerID: Dictionary<Int32, Utf8>',
      'Country: Dictionary<Int32, Utf8>',
    ]);
  });

  it('writes missing customers as nulls, not as a code', () => {
    const table = generated(2);
    const arrow = toArrow(table);
    const missing = Array.from(table.columns.customer).filter((c) => c < 0).length;
    expect(missing).toBeGreaterThan(0);
    expect(arrow.getChild('CustomerID')!.nullCount).toBe(missing);
  });

  it('refuses something that is not a table with a coded error', () => {
    const e = capture(() => toArrow({ table: generated(1) } as never));
    expect(isShopperSpectrumError(e)).toBe(true);
    expect(e.code).toBe('INVALID_ARGUMENT');
  });
});

describe('fromArrow', () => {
  it('gives back exactly the table toArrow wrote, dictionaries included', () => {
    const table = generated(3);
    expectIdentical(table, fromArrow(toArrow(table)));
  });

  it('keeps dictionary values no row uses (a cleaned table shares its source dictionaries)', () => {
    const cleaned = cleanTransactions(generated(4), { preset: 'notebook' }).table;
    expectIdentical(cleaned, fromArrow(toArrow(cleaned)));
  });

  it('round-trips through Arrow IPC bytes', () => {
    const table = generated(5);
    expectIdentical(table, fromArrow(tableToIPC(toArrow(table))));
  });

  it('keeps the schema of a minimal log (customer, date, amount)', () => {
    const { table } = parseTransactionRows([
      { customerId: '1', invoiceDate: Date.UTC(2011, 0, 2), amount: 10 },
      { customerId: '2', invoiceDate: Date.UTC(2011, 0, 3), amount: 4.5 },
    ]);
    expect(table.schema.products).toBe(false);
    expectIdentical(table, fromArrow(toArrow(table)));
  });

  it('round-trips an empty table', () => {
    const { table } = parseTransactionsCsv('InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice\n');
    expect(fromArrow(toArrow(table)).length).toBe(0);
  });

  it('reads rows equal to the source for any generated log (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 25 }), (seed, customers) => {
        const table = generated(seed, customers);
        expectIdentical(table, fromArrow(toArrow(table)));
        // and through the general path (a mapping turns the exact path off): the same rows
        expect(sameRows(table, fromArrow(toArrow(table), { columns: { invoiceNo: 'InvoiceNo' } }))).toBeNull();
      }),
      { numRuns: 20 },
    );
  });

  it('reads a foreign table: plain strings, Int64 customer ids, microsecond timestamps and decimals', () => {
    const n = 2;
    const arrow = new Table({
      Invoice: vectorFromArray(['536365', '536366'], new Utf8()),
      StockCode: vectorFromArray(['85123A', '71053'], new Utf8()),
      Quantity: makeVector(makeData({ type: new Int64(), length: n, data: new BigInt64Array([6n, -2n]) })),
      InvoiceDate: makeVector(makeData({ type: new TimestampMicrosecond(), length: n, data: new BigInt64Array([1291191960000000n, 1291192020000000n]) })),
      Price: makeVector(makeData({ type: new Decimal(2, 10, 128), length: n, data: new Uint32Array([255, 0, 0, 0, 339, 0, 0, 0]) })),
      'Customer ID': makeVector(makeData({ type: new Int64(), length: n, data: new BigInt64Array([17850n, 13047n]) })),
    });
    const table = fromArrow(arrow);
    expect([...table.rows()].map((r) => [r.invoiceNo, r.stockCode, r.quantity, r.invoiceDate, r.unitPrice, r.customerId, r.country])).toEqual([
      ['536365', '85123A', 6, Date.UTC(2010, 11, 1, 8, 26), 2.55, '17850', null],
      ['536366', '71053', -2, Date.UTC(2010, 11, 1, 8, 27), 3.39, '13047', null],
    ]);
  });

  it('reads a minimal log through a mapping with an amount', () => {
    const arrow = new Table({
      client: vectorFromArray(['a', 'b', 'a'], new Utf8()),
      day: makeVector(makeData({ type: new TimestampMicrosecond(), length: 3, data: new BigInt64Array([1293926400000000n, 1294012800000000n, 1294099200000000n]) })),
      spend: vectorFromArray([10, 20, 5], new Float64()),
    });
    const table = fromArrow(arrow, { columns: { customerId: 'client', invoiceDate: 'day', amount: 'spend' } });
    expect(table.schema).toEqual({ invoices: 'derived', products: false, prices: 'derived' });
    expect(Array.from(table.columns.unitPrice)).toEqual([10, 20, 5]);
  });

  describe('bad input', () => {
    const base = () => ({
      InvoiceNo: vectorFromArray(['1', '2'], new Utf8()),
      StockCode: vectorFromArray(['A', 'B'], new Utf8()),
      Quantity: vectorFromArray([1, 2], new Float64()),
      InvoiceDate: makeVector(makeData({ type: new TimestampMicrosecond(), length: 2, data: new BigInt64Array([1293926400000000n, 1294012800000000n]) })),
      UnitPrice: vectorFromArray([1.5, 2.5], new Float64()),
    });

    it('names a missing column and the columns there are', () => {
      const { UnitPrice: _, ...rest } = base();
      const e = capture(() => fromArrow(new Table(rest)));
      expect(e.code).toBe('MISSING_COLUMNS');
      expect(e.message).toMatch(/the Arrow table: Missing required column: unitPrice/);
      expect(e.message).toContain('"InvoiceDate"');
    });

    it('names a column of the wrong type', () => {
      const e = capture(() => fromArrow(new Table({ ...base(), InvoiceDate: vectorFromArray([true, false], new Bool()) })));
      expect(e.code).toBe('WRONG_TYPE');
      expect(e.parameter).toBe('InvoiceDate');
      expect(e.message).toMatch(/column "InvoiceDate" \(invoiceDate, type Bool\) holds a boolean at row 1/);
    });

    it('counts NULLs in a required column and names the first row', () => {
      const e = capture(() => fromArrow(new Table({ ...base(), Quantity: vectorFromArray([1, null], new Float64()) })));
      expect(e.code).toBe('NULL_VALUES');
      expect(e.parameter).toBe('Quantity');
      expect(e.message).toMatch(/holds 1 NULL \(the first at row 2\)/);
    });

    it('refuses a value core would reject, naming the column and the row', () => {
      const e = capture(() => fromArrow(new Table({ ...base(), UnitPrice: vectorFromArray([1.5, Number.POSITIVE_INFINITY], new Float64()) })));
      expect(e.code).toBe('INVALID_VALUES');
      expect(e.parameter).toBe('UnitPrice');
      expect(e.message).toMatch(/row 2/);
    });

    it('refuses bytes that are not Arrow IPC and arguments that are not tables', () => {
      expect(capture(() => fromArrow(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).code).toBe('CORRUPT_SOURCE');
      expect(capture(() => fromArrow(null as never)).code).toBe('INVALID_ARGUMENT');
      expect(capture(() => fromArrow(new Table(base()), { columns: 'nope' as never })).code).toBe('INVALID_OPTION');
    });

    it('reads a table written by another Arrow library copy (IPC decoded afresh)', () => {
      const table = fromArrow(tableFromIPC(tableToIPC(new Table(base()))));
      expect(table.length).toBe(2);
    });
  });
});
