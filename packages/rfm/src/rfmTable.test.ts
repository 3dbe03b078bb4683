import { describe, expect, it } from 'vitest';
import { cleanTransactions, parseTransactionRows } from '@shopper-spectrum/core';
import type { TransactionInput } from '@shopper-spectrum/core';
import { repeatPurchaseSummary, RfmError, rfmTable } from '@shopper-spectrum/rfm';

const at = (s: string) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)), Number(s.slice(11, 13) || 0), Number(s.slice(14, 16) || 0));
const line = (invoiceNo: string, customerId: string | null, when: string, quantity: number, unitPrice: number): TransactionInput => ({
  invoiceNo,
  stockCode: 'A',
  quantity,
  unitPrice,
  invoiceDate: at(when),
  customerId,
});
const table = (rows: TransactionInput[]) => parseTransactionRows(rows).table;

const shop = table([
  line('1', '20', '2011-01-01 10:00', 2, 5),
  line('1', '20', '2011-01-01 10:00', 1, 10),
  line('2', '20', '2011-01-04 09:00', 1, 30),
  line('3', '3', '2011-01-02 12:00', 4, 2.5),
  line('4', null, '2011-01-05 08:00', 1, 99),
  line('5', '20', '2011-01-11 16:00', 1, 50),
  line('6', '100', '2011-01-10 18:00', 3, 1),
]);

describe('rfmTable', () => {
  it('counts the fees set aside by cleaning in monetary value when asked, not in frequency', () => {
    const d = Date.UTC(2011, 0, 5, 10);
    const { table, nonProduct } = cleanTransactions(
      parseTransactionRows([
        { invoiceNo: '1', stockCode: 'A', quantity: 2, invoiceDate: d, unitPrice: 5, customerId: '7' },
        { invoiceNo: '1', stockCode: 'POST', quantity: 1, invoiceDate: d, unitPrice: 18, customerId: '7' },
        { invoiceNo: '2', stockCode: 'POST', quantity: 1, invoiceDate: d, unitPrice: 18, customerId: '9' },
      ]).table,
    );
    const products = rfmTable(table);
    const spend = rfmTable(table, { alsoSpend: nonProduct });
    expect([products.row(0).monetary, spend.row(0).monetary, spend.row(0).frequency, spend.length]).toEqual([10, 28, 1, 1]);
    expect(() => rfmTable(table, { alsoSpend: 5 as never })).toThrow(RfmError);
  });

  it('computes recency, frequency, monetary, tenure and average order value per customer', () => {
    const rfm = rfmTable(shop);
    // asOf = last transaction (2011-01-11 16:00) + 1 day
    expect(rfm.asOf).toBe(at('2011-01-12 16:00'));
    expect(rfm.row(rfm.indexOf('20'))).toEqual({
      customerId: '20',
      recency: 1,
      frequency: 3,
      monetary: 100,
      firstPurchase: at('2011-01-01 10:00'),
      lastPurchase: at('2011-01-11 16:00'),
      tenure: 11,
      averageOrderValue: 100 / 3,
    });
    expect(rfm.row(rfm.indexOf('3'))).toMatchObject({ recency: 10, frequency: 1, monetary: 10, tenure: 10 });
  });

  it('sorts customers numerically when every id is a number, as pandas groupby does', () => {
    expect(rfmTable(shop).customerIds).toEqual(['3', '20', '100']);
    const named = table([line('1', 'b', '2011-01-01 10:00', 1, 1), line('2', 'B', '2011-01-01 10:00', 1, 1), line('3', '10', '2011-01-01 10:00', 1, 1)]);
    expect(rfmTable(named).customerIds).toEqual(['10', 'B', 'b']);
  });

  it('takes whole days, rounding down, from an asOf given as text', () => {
    const rfm = rfmTable(shop, { asOf: '2011-01-12' });
    expect(rfm.row(rfm.indexOf('20')).recency).toBe(0);
    expect(rfm.row(rfm.indexOf('100')).recency).toBe(1);
    expect(rfmTable(shop, { asOf: '2011-02-01 00:00:00' }).row(0).recency).toBe(29);
  });

  it('counts days on wall-clock time across a daylight-saving change', () => {
    // Europe/London changed its clocks on 2011-03-27; whatever the process time zone, 2 days.
    const t = table([line('1', '1', '2011-03-26 12:00', 1, 1)]);
    expect(rfmTable(t, { asOf: '2011-03-28 12:00' }).recency[0]).toBe(2);
    expect(rfmTable(t, { asOf: '2011-03-28 11:59' }).recency[0]).toBe(1);
  });

  it('ignores rows without a customer', () => {
    expect(rfmTable(shop).length).toBe(3);
  });

  it('throws EMPTY_INPUT, NO_CUSTOMERS and INVALID_AS_OF with the parameter and value', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as RfmError).code;
      }
      return 'no error';
    };
    expect(code(() => rfmTable(table([])))).toBe('EMPTY_INPUT');
    expect(code(() => rfmTable(table([line('1', null, '2011-01-01 10:00', 1, 1)])))).toBe('NO_CUSTOMERS');
    expect(code(() => rfmTable(shop, { asOf: '2011-01-05' }))).toBe('INVALID_AS_OF');
    expect(code(() => rfmTable(shop, { asOf: 'next week' }))).toBe('INVALID_AS_OF');
    expect(() => rfmTable(shop, { asOf: '2011-01-05' })).toThrow(/on or after the last purchase in the table \(2011-01-11 16:00:00\)/);
    expect(() => rfmTable(shop, { asOf: '2011-01-05' })).toThrow(RfmError);
  });
});

describe('repeatPurchaseSummary', () => {
  it('counts repeat purchase days, first-to-last days and age, as lifetimes does', () => {
    const s = repeatPurchaseSummary(shop);
    const i = s.customerIds.indexOf('20');
    // purchase days 01-01 (two lines, one invoice), 01-04, 01-11; observation ends 2011-01-11
    expect([s.frequency[i], s.recency[i], s.T[i]]).toEqual([2, 10, 10]);
    expect(s.monetaryValue[i]).toBe((30 + 50) / 2);
    const j = s.customerIds.indexOf('3');
    expect([s.frequency[j], s.recency[j], s.T[j], s.monetaryValue[j]]).toEqual([0, 0, 9, 0]);
  });

  it('counts two invoices on one day as one purchase day', () => {
    const t = table([line('1', '1', '2011-01-01 09:00', 1, 1), line('2', '1', '2011-01-01 17:00', 1, 1), line('3', '1', '2011-01-03 09:00', 1, 4)]);
    const s = repeatPurchaseSummary(t, { asOf: '2011-01-10' });
    expect([s.frequency[0], s.recency[0], s.T[0], s.monetaryValue[0]]).toEqual([1, 2, 9, 4]);
  });

  it('rejects an observation end before the last purchase', () => {
    expect(() => repeatPurchaseSummary(shop, { asOf: '2011-01-02' })).toThrow(RfmError);
  });
});

describe('rfmTable on a wrong argument', () => {
  it('names the slip (a clean result, not its table) with a coded error, not a TypeError', () => {
    const cleaned = cleanTransactions(parseTransactionRows([{ invoiceNo: '1', stockCode: 'A', quantity: 1, invoiceDate: Date.UTC(2011, 0, 2), unitPrice: 2, customerId: '7' }]).table);
    expect(() => rfmTable(cleaned as never)).toThrow(/INVALID_ARGUMENT|pass its \.table/);
    expect(() => repeatPurchaseSummary(null as never)).toThrow(/Invalid argument table/);
  });
});
