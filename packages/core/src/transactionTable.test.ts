import { describe, expect, it } from 'vitest';
import { CoreError, parseTransactionsCsv, selectRows, totalPrices, TransactionTable } from '@shopper-spectrum/core';
import { SAMPLE_CSV } from '../test/fixtures/sample.js';

const { table } = parseTransactionsCsv(SAMPLE_CSV);

describe('TransactionTable', () => {
  it('exposes length, typed columns and a row view', () => {
    expect(table.length).toBe(11);
    expect(table.columns.quantity).toBeInstanceOf(Float64Array);
    expect(table.columns.invoice).toBeInstanceOf(Int32Array);
    expect([...table.rows()]).toHaveLength(11);
    expect(table.row(10).stockCode).toBe('21730');
  });

  it('computes TotalPrice per row', () => {
    expect(totalPrices(table)[0]).toBeCloseTo(15.3, 12);
    expect(totalPrices(table)[5]).toBe(-27.5);
  });

  it('selects rows in any order, sharing dictionaries', () => {
    const s = selectRows(table, [3, 0, 3]);
    expect(s.length).toBe(3);
    expect(s.row(1)).toEqual(table.row(0));
    expect(s.dictionaries).toBe(table.dictionaries);
  });

  it('rejects out-of-range indices and inconsistent columns', () => {
    expect(() => table.row(11)).toThrow(CoreError);
    expect(() => table.row(-1)).toThrow(/index/);
    expect(() => selectRows(table, [0, 11])).toThrow(CoreError);
    const bad = { ...table.columns, quantity: new Float64Array(2) };
    expect(() => new TransactionTable(bad, table.dictionaries)).toThrow(/columns.quantity/);
    const badCode = { ...table.columns, invoice: new Int32Array(11).fill(99) };
    expect(() => new TransactionTable(badCode, table.dictionaries)).toThrow(/columns.invoice/);
  });
});

describe('checkTable', () => {
  it('refuses a result object with a hint to pass its .table, and anything else by name', async () => {
    const { checkTable, cleanTransactions, CoreError, parseTransactionsCsv } = await import('@shopper-spectrum/core');
    const loaded = parseTransactionsCsv('InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n1,A,x,1,2011-01-02 10:00:00,1,7,UK\n');
    expect(checkTable(loaded.table)).toBe(loaded.table);
    expect(() => cleanTransactions(loaded as never)).toThrow(/got a result object \{ table, issues, summary \}.*pass its \.table/);
    for (const bad of [null, 42, [1], { columns: {} }]) expect(() => checkTable(bad)).toThrow(CoreError);
  });
});
