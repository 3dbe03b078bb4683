import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  CLEAN_DEFAULTS,
  cleanTransactions,
  DATE_EXTENT_DEFAULTS,
  dateExtent,
  DEFAULT_NON_PRODUCT_CODES,
  GENERATE_DEFAULTS,
  generateTransactionsCsv,
  HISTOGRAM_DEFAULTS,
  histogram,
  PARETO_DEFAULTS,
  paretoCurve,
  PARSE_DEFAULTS,
  PARSE_TRANSACTIONS_DEFAULTS,
  parseTransactions,
  parseTransactionsCsv,
  resolveColumns,
  SALES_TREND_DEFAULTS,
  salesTrend,
  TOP_PRODUCTS_DEFAULTS,
  topProducts,
} from '@shopper-spectrum/core';
import { LOAD_DEFAULTS, loadTransactions } from '@shopper-spectrum/core/node';

/** Every object and array reachable from `value` is frozen (RegExps, being strategies, are not walked). */
function expectDeepFrozen(value: unknown, path = 'defaults'): void {
  if (value === null || typeof value !== 'object' || value instanceof RegExp) return;
  expect(Object.isFrozen(value), `${path} is frozen`).toBe(true);
  for (const [key, inner] of Object.entries(value)) expectDeepFrozen(inner, `${path}.${key}`);
}

// A small log with every kind of noise (duplicates, cancellations, postage, unreadable rows).
const csv = generateTransactionsCsv({ seed: 3, customers: 60, products: 80, days: 90, badRowRate: 0.02 });
const { table } = parseTransactionsCsv(csv);
const spend = Float64Array.from(table.columns.quantity, (q, i) => q * table.columns.unitPrice[i]!);

describe('core defaults objects', () => {
  it('every core DEFAULTS object is frozen, down to its arrays', () => {
    for (const [name, d] of Object.entries({
      CLEAN_DEFAULTS,
      DATE_EXTENT_DEFAULTS,
      GENERATE_DEFAULTS,
      HISTOGRAM_DEFAULTS,
      PARETO_DEFAULTS,
      PARSE_DEFAULTS,
      PARSE_TRANSACTIONS_DEFAULTS,
      SALES_TREND_DEFAULTS,
      TOP_PRODUCTS_DEFAULTS,
      LOAD_DEFAULTS,
    })) {
      expectDeepFrozen(d, name);
    }
  });

  it('the DEFAULTS objects hold the documented values, restated here so a change to one is deliberate', () => {
    expect(CLEAN_DEFAULTS).toEqual({ preset: 'trusted', rules: {}, nonProductCodes: DEFAULT_NON_PRODUCT_CODES });
    expect(DATE_EXTENT_DEFAULTS).toEqual({ withCustomer: false });
    expect(GENERATE_DEFAULTS).toEqual({
      seed: 42,
      customers: 1000,
      products: 500,
      days: 373,
      start: '2010-12-01',
      ordersPerCustomer: 5,
      linesPerOrder: 20,
      missingCustomerRate: 0.1,
      cancellationRate: 0.02,
      duplicateRate: 0.01,
      badRowRate: 0.001,
    });
    expect(HISTOGRAM_DEFAULTS).toEqual({ bins: 20, scale: 'linear' });
    expect(PARETO_DEFAULTS).toEqual({ by: 'customer', topFraction: 0.2 });
    expect(PARSE_DEFAULTS).toEqual({ columns: 'auto', dateFormat: 'auto', delimiter: 'auto', maxIssues: 1000, maxRecordLength: 1048576, maxRecordLines: 64, limits: { quantity: 1e9, unitPrice: 1e9, lineTotal: 1e12 }, dateRange: { from: '1990-01-01' }, encoding: 'auto', decimalSeparator: '.' });
    expect(PARSE_TRANSACTIONS_DEFAULTS).toEqual({ format: 'auto' });
    expect(SALES_TREND_DEFAULTS).toEqual({ interval: 'month', weekStartsOn: 1, fill: true });
    expect(TOP_PRODUCTS_DEFAULTS).toEqual({ by: 'revenue', limit: 10 });
    expect(LOAD_DEFAULTS).toEqual({ format: 'auto', sheet: 1 });
  });

  it('generateTransactions without options writes what GENERATE_DEFAULTS given explicitly writes', () => {
    const implicit = generateTransactionsCsv();
    expect(generateTransactionsCsv({ ...GENERATE_DEFAULTS })).toBe(implicit);
    expect(generateTransactionsCsv({ ...GENERATE_DEFAULTS, seed: GENERATE_DEFAULTS.seed + 1 })).not.toBe(implicit);
  });

  it('the parsers without options read what PARSE_DEFAULTS given explicitly reads', async () => {
    const few = { maxIssues: 2 };
    const implicit = parseTransactionsCsv(csv);
    expect(implicit.issues.length).toBeGreaterThan(2);
    expect(parseTransactionsCsv(csv, { ...PARSE_DEFAULTS })).toEqual(implicit);
    expect(parseTransactionsCsv(csv, few).issues).toHaveLength(2);
    expect(await parseTransactions(csv, { ...PARSE_DEFAULTS })).toEqual(await parseTransactions(csv));
    const header = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'];
    expect(resolveColumns(header)).toEqual(resolveColumns(header, PARSE_DEFAULTS.columns));
  });

  it('parseTransactions without a format sniffs it as PARSE_TRANSACTIONS_DEFAULTS.format does', async () => {
    const gz = gzipSync(csv);
    const implicit = await parseTransactions(gz);
    expect(implicit.summary.format).toBe('csv.gz');
    expect(await parseTransactions(gz, { ...PARSE_TRANSACTIONS_DEFAULTS })).toEqual(implicit);
  });

  it('loadTransactions without options reads what LOAD_DEFAULTS given explicitly reads', async () => {
    const bytes = gzipSync(csv);
    const implicit = await loadTransactions(bytes);
    expect(implicit.summary.format).toBe('csv.gz');
    expect(await loadTransactions(bytes, { ...LOAD_DEFAULTS })).toEqual(implicit);
  });

  it('cleanTransactions without options cleans as CLEAN_DEFAULTS given explicitly does', () => {
    const implicit = cleanTransactions(table);
    expect(cleanTransactions(table, { ...CLEAN_DEFAULTS })).toEqual(implicit);
    expect(cleanTransactions(table, { preset: 'strict' })).toEqual(cleanTransactions(table, { preset: 'strict', nonProductCodes: CLEAN_DEFAULTS.nonProductCodes }));
    expect(cleanTransactions(table, { preset: 'notebook' }).report.rowsKept).toBeGreaterThan(implicit.report.rowsKept);
  });

  it('histogram without options bins as HISTOGRAM_DEFAULTS given explicitly does', () => {
    const implicit = histogram(spend);
    expect(implicit.bins).toHaveLength(HISTOGRAM_DEFAULTS.bins);
    expect(histogram(spend, { ...HISTOGRAM_DEFAULTS })).toEqual(implicit);
    expect(histogram(spend, { scale: 'log' })).not.toEqual(implicit);
  });

  it('paretoCurve without options ranks as PARETO_DEFAULTS given explicitly does', () => {
    const implicit = paretoCurve(table);
    expect(paretoCurve(table, { ...PARETO_DEFAULTS })).toEqual(implicit);
    expect(paretoCurve(table, { by: 'product' })).not.toEqual(implicit);
  });

  it('salesTrend without options cuts periods as SALES_TREND_DEFAULTS given explicitly does', () => {
    expect(salesTrend(table, { ...SALES_TREND_DEFAULTS })).toEqual(salesTrend(table));
    const weekly = salesTrend(table, { interval: 'week' });
    expect(salesTrend(table, { interval: 'week', weekStartsOn: SALES_TREND_DEFAULTS.weekStartsOn, fill: SALES_TREND_DEFAULTS.fill })).toEqual(weekly);
    expect(salesTrend(table, { interval: 'week', weekStartsOn: 0 })).not.toEqual(weekly);
  });

  it('topProducts without options ranks as TOP_PRODUCTS_DEFAULTS given explicitly does', () => {
    const implicit = topProducts(table);
    expect(implicit).toHaveLength(TOP_PRODUCTS_DEFAULTS.limit);
    expect(topProducts(table, { ...TOP_PRODUCTS_DEFAULTS })).toEqual(implicit);
    expect(topProducts(table, { by: 'quantity' })).not.toEqual(implicit);
  });

  it('dateExtent without options spans what DATE_EXTENT_DEFAULTS given explicitly spans', () => {
    expect(dateExtent(table, { ...DATE_EXTENT_DEFAULTS })).toEqual(dateExtent(table));
    expect(dateExtent(table)).toEqual({ first: Math.min(...table.columns.invoiceDate), last: Math.max(...table.columns.invoiceDate) });
  });
});
