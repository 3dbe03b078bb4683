/**
 * The filtered answers on the real UCI Online Retail file (notebook preset: no anonymous sale, no
 * cancelled invoice, no non-positive price; 397,884 rows), for France from 2011-09-01 to
 * 2011-11-30, against figures computed apart in Python (the csv module over the gzip file, the
 * same three rules, sums and distinct counts by hand; top 20% as int(0.2 * n), as pandas head()).
 *
 * Runs in CI (fails without the file); skipped in a clone without ../shared.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cleanTransactions } from '@shopper-spectrum/core';
import type { TransactionTable } from '@shopper-spectrum/core';
import { loadTransactions } from '@shopper-spectrum/core/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { GBP } from '../src/charts.js';
import { countryRevenueAnswer } from '../src/server/countryAnswer.js';
import { TableFilters } from '../src/server/filters.js';
import { overviewAnswer } from '../src/server/overviewAnswer.js';
import { paretoAnswer } from '../src/server/paretoAnswer.js';
import { dataDays } from '../src/server/periods.js';

const path = process.env.SHOPPER_SPECTRUM_DATA ?? fileURLToPath(new URL('../../../../shared/data/online-retail.csv.gz', import.meta.url));
const mustRun = process.env.CI === 'true' || process.env.CI === '1' || process.env.SHOPPER_SPECTRUM_DATA !== undefined || existsSync(path);

describe.runIf(mustRun)('the filtered answers on Online Retail (real data, notebook preset)', () => {
  let table: TransactionTable;
  let filters: TableFilters;
  beforeAll(async () => {
    table = cleanTransactions((await loadTransactions(path)).table, { preset: 'notebook' }).table;
    filters = new TableFilters(table);
  }, 120_000);

  it('gives the KPIs of France in September to November 2011 and of the 91 days before', () => {
    expect(table.length).toBe(397_884);
    const o = overviewAnswer({ filters, filter: filters.parse({ from: '2011-09-01', to: '2011-11-30', country: 'France' }), data: dataDays(table), currency: GBP });
    expect(o.period).toEqual({ from: '2011-09-01', to: '2011-11-30', days: 91 });
    expect(o.previous).toEqual({ from: '2011-06-02', to: '2011-08-31' });
    expect(o.kpis).toEqual({ revenue: 88_250.58, orders: 142, customers: 61, averageOrderValue: 621.48, products: 1_078 });
    expect(o.change!.revenue.previous).toBe(39_890.12);
    expect(o.change!.orders.previous).toBe(80);
    expect(o.change!.customers.previous).toBe(44);
    expect(o.change!.products.previous).toBe(615);
    expect(o.change!.averageOrderValue.previous).toBe(498.63);
  });

  it('splits September to November 2011 into the United Kingdom and the 27 other countries', () => {
    const f = filters.parse({ from: '2011-09-01', to: '2011-11-30' });
    const c = countryRevenueAnswer({ table, rows: filters.rows(f), echo: f.echo });
    expect(c.total).toBe(3_153_974.55);
    expect(c.top).toEqual({ country: 'United Kingdom', revenue: 2_602_192.24, share: expect.closeTo(0.825052, 6) });
    expect(c.rest.countries).toBe(27);
    expect(c.rows.slice(0, 4).map((r) => [r.country, r.revenue])).toEqual([['United Kingdom', 2_602_192.24], ['EIRE', 94_786.82], ['Netherlands', 93_519.92], ['France', 88_250.58]]);
  });

  it("gives France's Pareto share in September to November 2011: the top 12 of 61 customers, the top 215 of 1,078 products", () => {
    const f = filters.parse({ from: '2011-09-01', to: '2011-11-30', country: 'France' });
    const p = paretoAnswer({ table, rows: filters.rows(f), echo: f.echo });
    expect(p.customers.count).toBe(61);
    expect(p.customers.topRevenueShare).toBeCloseTo(0.621267, 6);
    expect(p.products!.count).toBe(1_078);
    expect(p.products!.topRevenueShare).toBeCloseTo(0.74208, 5);
  });
});
