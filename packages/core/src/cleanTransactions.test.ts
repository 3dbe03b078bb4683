import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLEANING_RULES, cleanTransactions, CoreError, parseTransactionRows, parseTransactionsCsv } from '@shopper-spectrum/core';
import type { TransactionInput } from '@shopper-spectrum/core';
import { SAMPLE_CSV } from '../test/fixtures/sample.js';

const sample = parseTransactionsCsv(SAMPLE_CSV).table;

describe('cleanTransactions', () => {
  it('applies the notebook rules by default, charging each row to its first rule', () => {
    const { table, report } = cleanTransactions(sample);
    expect(report.dropped).toEqual([
      { rule: 'missing-customer', rows: 1, revenue: 0 },
      { rule: 'cancelled', rows: 1, revenue: -27.5 },
      { rule: 'non-positive-quantity', rows: 1, revenue: -3.7 },
      { rule: 'non-positive-price', rows: 1, revenue: 0 },
    ]);
    expect(report).toMatchObject({ rowsIn: 11, rowsKept: 7, rowsDropped: 4 });
    expect(table.length).toBe(7);
  });

  it('drops duplicates and non-product codes under the strict preset, keeping the first copy', () => {
    const { table, report } = cleanTransactions(sample, { preset: 'strict' });
    expect(report.dropped.slice(4)).toEqual([
      { rule: 'non-product', rows: 1, revenue: 54 },
      { rule: 'duplicate', rows: 1, revenue: 32 * 1.69 },
    ]);
    expect([...table.rows()].filter((r) => r.stockCode === '84879')).toHaveLength(1);
    expect([...table.rows()].some((r) => r.stockCode === 'POST')).toBe(false);
  });

  it('switches single rules on and off over a preset', () => {
    const { report } = cleanTransactions(sample, { preset: 'none', rules: { cancelled: true } });
    expect(report.dropped).toEqual([{ rule: 'cancelled', rows: 1, revenue: -27.5 }]);
    const noCustomerRule = cleanTransactions(sample, { rules: { 'missing-customer': false } }).report;
    expect(noCustomerRule.dropped.map((d) => d.rule)).toEqual(['cancelled', 'non-positive-quantity', 'non-positive-price']);
  });

  it('charges a row that several rules drop to the first of them in the declared order', () => {
    // C536379 is cancelled, has quantity -1 and is a non-product code (D): cancelled wins.
    const { report } = cleanTransactions(sample, { preset: 'strict' });
    expect(report.dropped.find((d) => d.rule === 'cancelled')!.rows).toBe(1);
    expect(CLEANING_RULES).toEqual(['missing-customer', 'cancelled', 'non-positive-quantity', 'non-positive-price', 'non-product', 'duplicate']);
  });

  it('takes custom non-product codes and patterns', () => {
    const { report } = cleanTransactions(sample, { preset: 'none', rules: { 'non-product': true }, nonProductCodes: [/^22/, '71053'] });
    expect(report.dropped[0]!.rows).toBe(5);
  });

  it('counts entities before and after', () => {
    const { report } = cleanTransactions(sample, { preset: 'strict' });
    expect(report.before).toEqual({ customers: 5, products: 10, invoices: 9, countries: 2 });
    expect(report.after).toEqual({ customers: 3, products: 5, invoices: 4, countries: 1 });
  });

  it('returns the same table when nothing is dropped and never changes its input', () => {
    const before = [...sample.rows()];
    expect(cleanTransactions(sample, { preset: 'none' }).table).toBe(sample);
    cleanTransactions(sample, { preset: 'strict' });
    expect([...sample.rows()]).toEqual(before);
  });

  it('handles an empty table', () => {
    const empty = parseTransactionRows([]).table;
    const { table, report } = cleanTransactions(empty, { preset: 'strict' });
    expect(table.length).toBe(0);
    expect(report.rowsIn).toBe(0);
    expect(report.dropped.every((d) => d.rows === 0)).toBe(true);
  });

  it('treats NaN-free signed zeros and equal values as duplicates only when every field matches', () => {
    const base = { invoiceNo: '1', stockCode: 'A', quantity: 1, invoiceDate: 0, unitPrice: 1, customerId: '9', country: 'UK' };
    const { report } = cleanTransactions(
      parseTransactionRows([base, { ...base }, { ...base, description: 'x' }, { ...base, unitPrice: 1.0000001 }]).table,
      { preset: 'none', rules: { duplicate: true } },
    );
    expect(report.dropped[0]!.rows).toBe(1);
  });

  it('rejects an unknown preset, rule or switch value', () => {
    for (const options of [{ preset: 'tidy' }, { rules: { postage: true } }, { rules: { cancelled: 'yes' } }, { preset: 'strict', nonProductCodes: 'POST' }]) {
      expect(() => cleanTransactions(sample, options as never)).toThrow(CoreError);
    }
  });

  const rowArb: fc.Arbitrary<TransactionInput> = fc.record({
    invoiceNo: fc.constantFrom('1', '2', 'C3', '4'),
    stockCode: fc.constantFrom('A', 'B', 'POST', 'M'),
    description: fc.constantFrom(null, 'x'),
    quantity: fc.constantFrom(-2, 0, 1, 5),
    invoiceDate: fc.constantFrom(0, 86_400_000),
    unitPrice: fc.constantFrom(0, 1.5, 2),
    customerId: fc.constantFrom(null, '1', '2'),
    country: fc.constantFrom(null, 'UK'),
  });

  it('always balances: rows in = rows kept + drops per rule, and revenue likewise (property)', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { maxLength: 60 }),
        fc.constantFrom('notebook', 'strict', 'none') as fc.Arbitrary<'notebook' | 'strict' | 'none'>,
        fc.dictionary(fc.constantFrom(...CLEANING_RULES), fc.boolean()),
        (rows, preset, rules) => {
          const { table, report } = cleanTransactions(parseTransactionRows(rows).table, { preset, rules });
          const dropped = report.dropped.reduce((s, d) => s + d.rows, 0);
          expect(report.rowsIn).toBe(report.rowsKept + dropped);
          expect(table.length).toBe(report.rowsKept);
          const revenue = report.dropped.reduce((s, d) => s + d.revenue, report.revenueKept);
          expect(revenue).toBeCloseTo(report.revenueIn, 9);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps only rows that pass every enabled rule (property)', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 60 }), (rows) => {
        const { table } = cleanTransactions(parseTransactionRows(rows).table, { preset: 'strict' });
        const seen = new Set<string>();
        for (const r of table.rows()) {
          expect(r.customerId).not.toBeNull();
          expect(r.invoiceNo.startsWith('C')).toBe(false);
          expect(r.quantity).toBeGreaterThan(0);
          expect(r.unitPrice).toBeGreaterThan(0);
          expect(['POST', 'M']).not.toContain(r.stockCode);
          const key = JSON.stringify(r);
          expect(seen.has(key)).toBe(false);
          seen.add(key);
        }
      }),
      { numRuns: 200 },
    );
  });
});
