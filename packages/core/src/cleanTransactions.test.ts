import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLEANING_RULES, cleanTransactions, CoreError, parseTransactionRows, parseTransactionsCsv } from '@shopper-spectrum/core';
import type { TransactionInput } from '@shopper-spectrum/core';
import { SAMPLE_CSV } from '../test/fixtures/sample.js';

const sample = parseTransactionsCsv(SAMPLE_CSV).table;

const at = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)), Number(d.slice(11, 13) || 0), Number(d.slice(14, 16) || 0));
const line = (invoiceNo: string, stockCode: string, quantity: number, when: string, customerId: string | null = '16446', unitPrice = 2): TransactionInput => ({ invoiceNo, stockCode, quantity, invoiceDate: at(when), unitPrice, customerId, country: 'UK' });

describe('cleanTransactions: net-cancellations (the trusted preset)', () => {
  it('nets a cancellation against the order it cancels: neither line remains', () => {
    // 581483 sells 80,995 x 23843 at 09:15; C581484 cancels all of it at 09:27 (Online Retail, 2011-12-09)
    const rows = [line('581483', '23843', 80_995, '2011-12-09 09:15', '16446', 2.08), line('C581484', '23843', -80_995, '2011-12-09 09:27', '16446', 2.08), line('581485', '22423', 3, '2011-12-09 10:00')];
    const { table, report } = cleanTransactions(parseTransactionRows(rows).table);
    expect([...table.rows()].map((r) => r.invoiceNo)).toEqual(['581485']);
    expect(report.dropped.find((d) => d.rule === 'net-cancellations')).toEqual({ rule: 'net-cancellations', rows: 2, revenue: 0 });
    expect(report.cancellations).toMatchObject({ lines: 1, matchedLines: 1, unmatchedLines: 0, quantityNetted: 80_995, purchasesRemoved: 1, purchasesReduced: 0 });
  });

  it('takes a partial cancellation off the most recent earlier purchase first, then the one before, never below zero', () => {
    const rows = [
      line('1', 'A', 5, '2011-01-01 10:00'),
      line('2', 'A', 3, '2011-01-02 10:00'),
      line('C3', 'A', -4, '2011-01-03 10:00'),
      line('4', 'A', 7, '2011-01-04 10:00'), // after the cancellation: never netted against it
      line('C5', 'A', -20, '2011-01-05 10:00'),
    ];
    const { table, report } = cleanTransactions(parseTransactionRows(rows).table);
    // C3: 3 from invoice 2 (gone), 1 from invoice 1 (4 left); C5: 7 from 4 and 4 from 1, 9 unmatched
    expect([...table.rows()].map((r) => [r.invoiceNo, r.quantity])).toEqual([]);
    expect(report.cancellations).toMatchObject({ lines: 2, matchedLines: 1, partlyMatchedLines: 1, quantityCancelled: 24, quantityNetted: 15, quantityUnmatched: 9, purchasesRemoved: 3 });
    expect(report.cancellations!.unmatched).toEqual([{ row: 4, invoice: 'C5', stockCode: 'A', customerId: '16446', quantity: 9 }]);
  });

  it('keeps a purchase cancelled in part with the quantity left, and the report balances', () => {
    const rows = [line('1', 'A', 10, '2011-01-01 10:00', '7', 1.5), line('C2', 'A', -4, '2011-01-02 10:00', '7', 1.5), line('3', 'X', 2, '2011-01-02 11:00', '7', 4), line('C4', 'X', -1, '2011-01-02 12:00', '8', 4)];
    const { table, report } = cleanTransactions(parseTransactionRows(rows).table);
    expect([...table.rows()].map((r) => [r.invoiceNo, r.quantity])).toEqual([['1', 6], ['3', 2]]); // C4 is another customer's: unmatched
    expect(report.cancellations).toMatchObject({ matchedLines: 1, unmatchedLines: 1, purchasesReduced: 1, revenueNetted: 6 });
    const removed = report.dropped.reduce((sum, d) => sum + d.revenue, 0);
    expect(report.revenueKept + removed).toBeCloseTo(report.revenueIn, 9);
    expect(report.rowsKept + report.dropped.reduce((sum, d) => sum + d.rows, 0)).toBe(report.rowsIn);
  });

  it('sets non-product lines aside, for spend, out of the product rows', () => {
    const rows = [line('1', 'A', 1, '2011-01-01 10:00'), line('1', 'POST', 1, '2011-01-01 10:00', '16446', 18)];
    const { table, nonProduct } = cleanTransactions(parseTransactionRows(rows).table);
    expect([...table.rows()].map((r) => r.stockCode)).toEqual(['A']);
    expect([...nonProduct!.rows()].map((r) => [r.stockCode, r.totalPrice])).toEqual([['POST', 18]]);
    expect(cleanTransactions(parseTransactionRows(rows).table, { preset: 'notebook' }).nonProduct).toBeNull();
  });

  it('accounts for every row and all revenue, and never leaves a negative or larger quantity (property)', () => {
    const arb = fc.array(
      fc.record({ c: fc.constantFrom('1', '2', null), s: fc.constantFrom('X', 'Y'), q: fc.integer({ min: -6, max: 6 }), day: fc.integer({ min: 1, max: 28 }), cancel: fc.boolean(), price: fc.constantFrom(1, 2.5) }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(arb, (spec) => {
        const rows = spec.map((r, i) => line(`${r.cancel ? 'C' : ''}${i}`, r.s, r.cancel ? -Math.abs(r.q) : r.q, `2011-01-${String(r.day).padStart(2, '0')} 10:00`, r.c, r.price));
        const input = parseTransactionRows(rows).table;
        const { table, report } = cleanTransactions(input);
        expect(report.rowsKept + report.dropped.reduce((sum, d) => sum + d.rows, 0)).toBe(report.rowsIn);
        expect(report.revenueKept + report.dropped.reduce((sum, d) => sum + d.revenue, 0)).toBeCloseTo(report.revenueIn, 6);
        for (const r of table.rows()) {
          expect(r.quantity).toBeGreaterThan(0);
          expect(r.invoiceNo.startsWith('C')).toBe(false);
        }
        const inQty = [...input.rows()].filter((r) => r.quantity > 0 && !r.invoiceNo.startsWith('C') && r.customerId !== null).reduce((sum, r) => sum + r.quantity, 0);
        const outQty = [...table.rows()].reduce((sum, r) => sum + r.quantity, 0);
        expect(inQty - outQty).toBeCloseTo(report.cancellations!.quantityNetted, 9);
      }),
      { numRuns: 300 },
    );
  });
});

describe('cleanTransactions', () => {
  it('applies the notebook rules with the notebook preset, charging each row to its first rule', () => {
    const { table, report } = cleanTransactions(sample, { preset: 'notebook' });
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
    const noCustomerRule = cleanTransactions(sample, { preset: 'notebook', rules: { 'missing-customer': false } }).report;
    expect(noCustomerRule.dropped.map((d) => d.rule)).toEqual(['cancelled', 'non-positive-quantity', 'non-positive-price']);
  });

  it('charges a row that several rules drop to the first of them in the declared order', () => {
    // C536379 is cancelled, has quantity -1 and is a non-product code (D): cancelled wins.
    const { report } = cleanTransactions(sample, { preset: 'strict' });
    expect(report.dropped.find((d) => d.rule === 'cancelled')!.rows).toBe(1);
    expect(CLEANING_RULES).toEqual(['missing-customer', 'cancelled', 'non-positive-quantity', 'non-positive-price', 'non-product', 'duplicate', 'net-cancellations']);
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
    const base = { invoiceNo: '1', stockCode: 'A', quantity: 1, invoiceDate: Date.UTC(2011, 0, 1), unitPrice: 1, customerId: '9', country: 'UK' };
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
