import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cleanTransactions, CoreError, generateTransactions, generateTransactionsCsv, paretoCurve, parseTransactionsCsv } from '@shopper-spectrum/core';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('generateTransactions', () => {
  it('gives the same bytes for the same options', () => {
    const a = generateTransactionsCsv({ seed: 11, customers: 50 });
    const b = generateTransactionsCsv({ seed: 11, customers: 50 });
    expect(sha(a)).toBe(sha(b));
    expect(a.length).toBeGreaterThan(10_000);
  });

  it('gives different logs for different seeds', () => {
    expect(generateTransactionsCsv({ seed: 1, customers: 20 })).not.toBe(generateTransactionsCsv({ seed: 2, customers: 20 }));
  });

  it('writes the Online Retail header and chunks of bounded size', () => {
    const chunks = [...generateTransactions({ seed: 5, customers: 300 })];
    expect(chunks[0]!.startsWith('InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n')).toBe(true);
    expect(chunks.length).toBeGreaterThan(1);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(70_000);
  });

  it('holds the noise the loader and the cleaner must handle', () => {
    const { table, summary, issues } = parseTransactionsCsv(generateTransactions({ seed: 42 }));
    expect(summary.rowsRejected).toBeGreaterThan(0);
    expect(new Set(issues.map((i) => i.code))).toEqual(new Set(['INVALID_NUMBER', 'INVALID_DATE', 'MISSING_VALUE', 'FIELD_COUNT']));
    const { report } = cleanTransactions(table, { preset: 'strict' });
    for (const d of report.dropped) if (d.rule !== 'non-positive-quantity') expect(d.rows, d.rule).toBeGreaterThan(0);
    expect(report.rowsKept / report.rowsIn).toBeGreaterThan(0.8);
  });

  it('is in time order and shaped like a shop: a minority of customers brings most revenue', () => {
    const { table } = parseTransactionsCsv(generateTransactions({ seed: 42, badRowRate: 0 }));
    const dates = table.columns.invoiceDate;
    for (let i = 1; i < dates.length; i++) if (dates[i]! < dates[i - 1]!) throw new Error(`row ${i} is out of order`);
    const share = paretoCurve(cleanTransactions(table).table).topRevenueShare;
    expect(share).toBeGreaterThan(0.5);
    expect(share).toBeLessThan(0.9);
  });

  it('rejects bad sizes, rates and start dates', () => {
    for (const o of [{ customers: 0 }, { products: 1.5 }, { missingCustomerRate: 2 }, { start: '1/12/2010' }, { seed: 0.5 }, { linesPerOrder: 0 }]) {
      expect(() => generateTransactionsCsv(o)).toThrow(CoreError);
    }
  });
});
