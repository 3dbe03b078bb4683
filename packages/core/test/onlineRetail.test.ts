/**
 * Figures pinned on the real UCI Online Retail file (../shared/data/online-retail.csv.gz).
 *
 * Every expected value below was computed independently by
 * scripts/reference/online_retail_figures.py (Python standard library only: csv, gzip, math.fsum;
 * output saved in scripts/reference/online_retail_figures.json). The raw counts also match the
 * "verified figures" table of the data set's README.
 *
 * The trusted preset's figures come from scripts/reference/online_retail_trusted.py (standard library
 * only; output in scripts/reference/online_retail_trusted.json).
 *
 * In CI (CI=true) these tests always run and fail if the file is missing. In a clone without
 * ../shared they are reported as skipped, unless SHOPPER_SPECTRUM_DATA points at the file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanTransactions, entityCounts, paretoCurve, topProducts, totalPrices } from '@shopper-spectrum/core';
import { loadTransactions } from '@shopper-spectrum/core/node';
import type { LoadResult } from '@shopper-spectrum/core';

const path = process.env.SHOPPER_SPECTRUM_DATA ?? fileURLToPath(new URL('../../../../shared/data/online-retail.csv.gz', import.meta.url));
const mustRun = process.env.CI === 'true' || process.env.CI === '1' || process.env.SHOPPER_SPECTRUM_DATA !== undefined || existsSync(path);

const sum = (xs: Float64Array) => xs.reduce((a, b) => a + b, 0);

describe.runIf(mustRun)('Online Retail (real data)', () => {
  let loaded: LoadResult;
  beforeAll(async () => {
    loaded = await loadTransactions(path);
  }, 60_000);

  it('loads all 541,909 rows with no issue', () => {
    expect(loaded.summary).toMatchObject({ rowsRead: 541_909, rowsKept: 541_909, rowsRejected: 0, format: 'csv.gz', dateFormat: 'iso' });
    expect(loaded.issues).toEqual([]);
  });

  it('has the distinct counts and totals of the data README', () => {
    const t = loaded.table;
    expect(entityCounts(t)).toEqual({ invoices: 25_900, customers: 4_372, products: 4_070, countries: 38 });
    expect(t.dictionaries.description.length).toBe(4_223);
    expect(sum(t.columns.quantity)).toBe(5_176_450);
    expect(sum(totalPrices(t))).toBeCloseTo(9_747_747.934, 4);
    const dates = t.columns.invoiceDate;
    expect(dates.reduce((a, b) => Math.min(a, b), Infinity)).toBe(Date.UTC(2010, 11, 1, 8, 26));
    expect(dates.reduce((a, b) => Math.max(a, b), -Infinity)).toBe(Date.UTC(2011, 11, 9, 12, 50));
  });

  it('finds the 5,268 exact duplicate rows', () => {
    const { report } = cleanTransactions(loaded.table, { preset: 'none', rules: { duplicate: true } });
    expect(report.dropped).toEqual([{ rule: 'duplicate', rows: 5_268, revenue: expect.closeTo(21_740.98, 6) }]);
  });

  it('keeps 397,884 rows under the notebook preset, charging each drop to its first rule', () => {
    const { table, report } = cleanTransactions(loaded.table, { preset: 'notebook' });
    expect(report.rowsKept).toBe(397_884);
    expect(report.dropped.map((d) => [d.rule, d.rows])).toEqual([
      ['missing-customer', 135_080],
      ['cancelled', 8_905],
      ['non-positive-quantity', 0],
      ['non-positive-price', 40],
    ]);
    expect(report.dropped[0]!.revenue).toBeCloseTo(1_447_682.12, 6);
    expect(report.dropped[1]!.revenue).toBeCloseTo(-611_342.09, 6);
    expect(report.revenueKept).toBeCloseTo(8_911_407.904, 6);
    expect(report.after).toEqual({ customers: 4_338, products: 3_665, invoices: 18_532, countries: 37 });
    expect(topProducts(table, { limit: 1 })[0]).toMatchObject({ stockCode: '23843', revenue: expect.closeTo(168_469.6, 6) });
    expect(paretoCurve(table).topRevenueShare).toBeCloseTo(0.74594, 5);
    expect(paretoCurve(table, { by: 'product' }).topRevenueShare).toBeCloseTo(0.786473, 5);
  });

  it('the trusted preset (the default) matches the independent computation, cancelled orders netted away', () => {
    const ref = JSON.parse(readFileSync(fileURLToPath(new URL('../../../scripts/reference/online_retail_trusted.json', import.meta.url)), 'utf8'));
    const { table, report } = cleanTransactions(loaded.table);
    expect(report.rowsKept).toBe(ref.rowsKept);
    expect(report.after.customers).toBe(ref.customers);
    expect(report.after.products).toBe(ref.products);
    expect(report.after.invoices).toBe(ref.invoices);
    expect(report.revenueKept).toBeCloseTo(ref.revenueKept, 6);
    for (const d of report.dropped) {
      expect([d.rule, d.rows]).toEqual([d.rule, ref.dropped[d.rule]?.rows ?? 0]);
      expect(d.revenue).toBeCloseTo(ref.dropped[d.rule]?.revenue ?? 0, 6);
    }
    expect(report.cancellations).toMatchObject({ lines: ref.cancellations.lines, quantityNetted: ref.cancellations.quantityNetted, unmatchedLines: ref.cancellations.unmatchedLines });
    const top = topProducts(table, { limit: 10 });
    expect(top.map((p) => [p.stockCode, p.description])).toEqual(ref.top10ByRevenue.map((p: { stockCode: string; description: string }) => [p.stockCode, p.description]));
    top.forEach((p, i) => expect(p.revenue).toBeCloseTo(ref.top10ByRevenue[i].revenue, 6));
    // the order cancelled twelve minutes later (581483 / C581484) and 12346's (23166) count nowhere
    expect(top.map((p) => p.stockCode)).not.toContain('23843');
    expect(top.map((p) => p.stockCode)).not.toContain('23166');
  });

  it('keeps 391,153 rows under the strict preset', () => {
    const { table, report } = cleanTransactions(loaded.table, { preset: 'strict' });
    expect(report.rowsKept).toBe(391_153);
    expect(report.dropped.map((d) => [d.rule, d.rows])).toEqual([
      ['missing-customer', 135_080],
      ['cancelled', 8_905],
      ['non-positive-quantity', 0],
      ['non-positive-price', 40],
      ['non-product', 1_544],
      ['duplicate', 5_187],
    ]);
    expect(report.dropped[4]!.revenue).toBeCloseTo(150_341.251, 6);
    expect(report.dropped[5]!.revenue).toBeCloseTo(23_839.01, 6);
    expect(report.revenueKept).toBeCloseTo(8_737_227.643, 6);
    expect(report.after).toEqual({ customers: 4_334, products: 3_660, invoices: 18_402, countries: 37 });
    expect(paretoCurve(table).topRevenueShare).toBeCloseTo(0.745814, 5);
  });
});
