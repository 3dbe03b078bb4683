import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanTransactions, cohortRetention, CoreError, parseTransactionRows, selectRows } from '@shopper-spectrum/core';
import { loadTransactions } from '@shopper-spectrum/core/node';
import type { TransactionInput } from '@shopper-spectrum/core';

const at = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)), 10);
const row = (invoiceNo: string, date: string, customerId: string | null): TransactionInput => ({ invoiceNo, stockCode: 'A', quantity: 1, unitPrice: 2, invoiceDate: at(date), customerId, country: 'France' });

const log = parseTransactionRows([
  row('1', '2011-01-03', 'a'),
  row('2', '2011-01-20', 'a'), // twice in January: counted once
  row('3', '2011-01-09', 'b'),
  row('4', '2011-02-15', null), // no customer: left out
  row('5', '2011-03-01', 'a'),
  row('6', '2011-02-02', 'c'),
  row('7', '2011-03-28', 'c'),
  row('8', '2011-03-30', 'b'),
]).table;

describe('cohortRetention', () => {
  it('groups customers by their first month and counts who buys in each later month', () => {
    expect(cohortRetention(log)).toEqual([
      { cohort: '2011-01', start: Date.UTC(2011, 0, 1), customers: 2, active: [2, 0, 2], retention: [1, 0, 1] },
      { cohort: '2011-02', start: Date.UTC(2011, 1, 1), customers: 1, active: [1, 1], retention: [1, 1] },
    ]);
  });

  it('uses only the given rows, as on selectRows of them', () => {
    const rows = Int32Array.of(2, 4, 5, 6);
    expect(cohortRetention(log, { rows })).toEqual(cohortRetention(selectRows(log, rows)));
    expect(cohortRetention(log, { rows }).map((c) => [c.cohort, c.active])).toEqual([['2011-01', [1, 0, 0]], ['2011-02', [1, 1]], ['2011-03', [1]]]); // a's first purchase here is in March
  });

  describe('edge cases', () => {
    it('returns no cohort for an empty table, empty rows, or rows without customers', () => {
      expect(cohortRetention(parseTransactionRows([]).table)).toEqual([]);
      expect(cohortRetention(log, { rows: new Int32Array(0) })).toEqual([]);
      expect(cohortRetention(log, { rows: Int32Array.of(3) })).toEqual([]);
    });

    it('skips cohort months without a new customer', () => {
      const t = parseTransactionRows([row('1', '2010-11-05', 'a'), row('2', '2011-01-05', 'a'), row('3', '2011-01-06', 'b')]).table;
      expect(cohortRetention(t).map((c) => [c.cohort, c.active])).toEqual([['2010-11', [1, 0, 1]], ['2011-01', [1]]]);
    });

    it('refuses rows that are not row indices of the table', () => {
      expect(() => cohortRetention(log, { rows: Int32Array.of(99) })).toThrow(CoreError);
      expect(() => cohortRetention(log, { rows: [0] as never })).toThrow(CoreError);
    });
  });

  const logs = fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 500 }), fc.boolean()), { minLength: 1, maxLength: 120 }).map((xs) =>
    parseTransactionRows(xs.map(([c, d, known], i) => ({ ...row(String(i), '2011-01-01', known ? `c${c}` : null), invoiceDate: at('2011-01-01') + d * 86_400_000 }))).table,
  );

  it('starts every cohort at 1, keeps every share in [0, 1], and counts every customer once (property)', () => {
    fc.assert(
      fc.property(logs, (t) => {
        const cohorts = cohortRetention(t);
        const known = new Set(Array.from(t.columns.customer).filter((c) => c >= 0));
        expect(cohorts.reduce((n, c) => n + c.customers, 0)).toBe(known.size);
        const months = cohorts.length ? cohorts[0]!.retention.length : 0;
        cohorts.forEach((c, i) => {
          expect(c.retention[0]).toBe(1);
          expect(c.active[0]).toBe(c.customers);
          for (const r of c.retention) expect(r >= 0 && r <= 1).toBe(true);
          expect(c.retention).toEqual(c.active.map((a) => a / c.customers));
          if (i > 0) expect(c.start).toBeGreaterThan(cohorts[i - 1]!.start);
          expect(c.retention.length).toBeLessThanOrEqual(months); // every row runs to the last month
        });
      }),
    );
  });

  it('gives on any selection what it gives on the selected rows copied (property)', () => {
    fc.assert(
      fc.property(logs, fc.array(fc.nat()), (t, picks) => {
        const rows = Int32Array.from(picks.map((p) => p % t.length));
        expect(cohortRetention(t, { rows })).toEqual(cohortRetention(selectRows(t, rows)));
      }),
    );
  });
});

// Online Retail: the figures below were computed independently in Python (csv and gzip only:
// rows with a CustomerID, an invoice not starting with C, quantity and price above 0, grouped by
// the month of each customer's first purchase), which is the notebook preset's cleaning.
const path = process.env.SHOPPER_SPECTRUM_DATA ?? fileURLToPath(new URL('../../../../shared/data/online-retail.csv.gz', import.meta.url));
const mustRun = process.env.CI === 'true' || process.env.CI === '1' || process.env.SHOPPER_SPECTRUM_DATA !== undefined || existsSync(path);

describe.runIf(mustRun)('cohortRetention on Online Retail (real data)', () => {
  it('matches the independent cohort table under the notebook preset, and the TSDoc figures under trusted', async () => {
    const raw = (await loadTransactions(path)).table;
    const notebook = cohortRetention(cleanTransactions(raw, { preset: 'notebook' }).table);
    expect(notebook.map((c) => c.cohort)).toEqual(['2010-12', '2011-01', '2011-02', '2011-03', '2011-04', '2011-05', '2011-06', '2011-07', '2011-08', '2011-09', '2011-10', '2011-11', '2011-12']);
    expect(notebook.map((c) => c.customers)).toEqual([885, 417, 380, 452, 300, 284, 242, 188, 169, 299, 358, 323, 41]);
    expect(notebook[0]!.active).toEqual([885, 324, 286, 340, 321, 352, 321, 309, 313, 350, 331, 445, 235]);
    expect(notebook[3]!.active).toEqual([452, 68, 114, 90, 101, 76, 121, 104, 126, 39]);
    const trusted = cohortRetention(cleanTransactions(raw).table);
    expect([trusted.length, trusted[0]!.cohort, trusted[0]!.customers, trusted[0]!.retention.slice(0, 3).map((r) => r.toFixed(3))]).toEqual([13, '2010-12', 882, ['1.000', '0.366', '0.324']]);
  }, 120_000);
});
