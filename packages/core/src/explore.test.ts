import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CoreError,
  customerDistributions,
  dateIndex,
  distinctInGroups,
  groupRows,
  inGroupOrder,
  generateTransactions,
  histogram,
  paretoCurve,
  parseTransactionRows,
  productSummary,
  parseTransactionsCsv,
  revenueByCountry,
  salesTrend,
  selectRowIndices,
  selectRows,
  topProducts,
  TransactionTable,
} from '@shopper-spectrum/core';
import type { ProductRanking, TransactionInput, TrendInterval } from '@shopper-spectrum/core';

const day = (d: string, h = 10) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)), h);
const row = (invoiceNo: string, stockCode: string, quantity: number, unitPrice: number, date: string, customerId: string | null, extra: Partial<TransactionInput> = {}): TransactionInput => ({
  invoiceNo,
  stockCode,
  quantity,
  unitPrice,
  invoiceDate: day(date),
  customerId,
  country: 'United Kingdom',
  ...extra,
});

const small = parseTransactionRows([
  row('1', 'A', 10, 1, '2011-01-03', 'c1', { description: 'MUG' }),
  row('1', 'B', 1, 50, '2011-01-03', 'c1', { description: 'LAMP' }),
  row('2', 'A', 5, 1, '2011-01-09', 'c2', { description: 'MUG, RED' }),
  row('3', 'A', 1, 1, '2011-01-10', 'c2', { description: 'MUG, RED' }),
  row('4', 'C', 2, 3, '2011-02-15', null, { description: 'BOWL', country: 'France' }),
  row('5', 'A', 4, 1, '2011-04-01', 'c3', { description: 'MUG, RED', country: 'France' }),
]).table;

describe('topProducts', () => {
  it('ranks by revenue with totals, orders, customers and the most frequent description', () => {
    expect(topProducts(small)).toEqual([
      { stockCode: 'B', description: 'LAMP', revenue: 50, quantity: 1, orders: 1, customers: 1, lines: 1 },
      { stockCode: 'A', description: 'MUG, RED', revenue: 20, quantity: 20, orders: 4, customers: 3, lines: 4 },
      { stockCode: 'C', description: 'BOWL', revenue: 6, quantity: 2, orders: 1, customers: 0, lines: 1 },
    ]);
  });

  it('ranks by quantity, orders or customers and cuts at the limit', () => {
    expect(topProducts(small, { by: 'quantity', limit: 1 }).map((p) => p.stockCode)).toEqual(['A']);
    expect(topProducts(small, { by: 'orders' }).map((p) => p.stockCode)).toEqual(['A', 'B', 'C']);
    expect(topProducts(small, { by: 'customers', limit: Infinity }).map((p) => p.stockCode)).toEqual(['A', 'B', 'C']);
  });

  it('breaks ties by StockCode', () => {
    const t = parseTransactionRows([row('1', 'Z', 1, 1, '2011-01-01', 'a'), row('2', 'Y', 1, 1, '2011-01-01', 'a')]).table;
    expect(topProducts(t).map((p) => p.stockCode)).toEqual(['Y', 'Z']);
  });

  it('rejects an unknown measure or a bad limit', () => {
    expect(() => topProducts(small, { by: 'profit' as never })).toThrow(CoreError);
    expect(() => topProducts(small, { limit: 0 })).toThrow(/limit/);
  });
});

describe('salesTrend', () => {
  it('sums revenue, distinct orders and customers per month, filling empty months', () => {
    const trend = salesTrend(small);
    expect(trend.map((p) => p.period)).toEqual(['2011-01-01', '2011-02-01', '2011-03-01', '2011-04-01']);
    expect(trend[0]).toEqual({ period: '2011-01-01', start: Date.UTC(2011, 0, 1), revenue: 66, orders: 3, customers: 2, items: 17, lines: 4 });
    expect(trend[2]).toMatchObject({ revenue: 0, orders: 0, customers: 0, lines: 0 });
    expect(salesTrend(small, { fill: false })).toHaveLength(3);
  });

  it('starts weeks on Monday by default and on Sunday when asked', () => {
    // 2011-01-09 is a Sunday, 2011-01-10 a Monday.
    const weeks = salesTrend(small, { interval: 'week', fill: false }).map((p) => [p.period, p.lines]);
    expect(weeks.slice(0, 2)).toEqual([['2011-01-03', 3], ['2011-01-10', 1]]);
    const sunday = salesTrend(small, { interval: 'week', weekStartsOn: 0, fill: false }).map((p) => [p.period, p.lines]);
    expect(sunday.slice(0, 2)).toEqual([['2011-01-02', 2], ['2011-01-09', 2]]);
  });

  it('gives one point per day with day intervals', () => {
    const days = salesTrend(small, { interval: 'day' });
    expect(days[0]!.period).toBe('2011-01-03');
    expect(days.at(-1)!.period).toBe('2011-04-01');
    expect(days).toHaveLength(89);
  });

  it('returns nothing for an empty table and rejects a bad interval', () => {
    expect(salesTrend(parseTransactionRows([]).table)).toEqual([]);
    expect(() => salesTrend(small, { interval: 'year' as never })).toThrow(CoreError);
    expect(() => salesTrend(small, { weekStartsOn: 7 as never })).toThrow(CoreError);
  });
});

describe('the rows option', () => {
  const rowsOf = (...i: number[]) => Int32Array.from(i);

  it('topProducts over some rows gives what it gives on selectRows of them, descriptions voted over those rows only', () => {
    // over the whole table A is 'MUG, RED' (3 votes to 1); over rows 0, 1 and 4 it is 'MUG'
    expect(topProducts(small, { rows: rowsOf(0, 1, 4) })).toEqual([
      { stockCode: 'B', description: 'LAMP', revenue: 50, quantity: 1, orders: 1, customers: 1, lines: 1 },
      { stockCode: 'A', description: 'MUG', revenue: 10, quantity: 10, orders: 1, customers: 1, lines: 1 },
      { stockCode: 'C', description: 'BOWL', revenue: 6, quantity: 2, orders: 1, customers: 0, lines: 1 },
    ]);
    expect(topProducts(small, { rows: rowsOf(0, 1, 4) })).toEqual(topProducts(selectRows(small, [0, 1, 4])));
  });

  it('productSummary over some rows keeps every product, with zero lines for those not among them', () => {
    const summary = productSummary(small, { rows: rowsOf(4, 5) });
    expect(summary.map((p) => [p.stockCode, p.lines, p.description])).toEqual([['A', 1, 'MUG, RED'], ['B', 0, null], ['C', 1, 'BOWL']]);
    expect(summary).toEqual(productSummary(selectRows(small, [4, 5])));
  });

  it('salesTrend over some rows runs from the first to the last period of those rows, gaps filled', () => {
    // the French rows: 2011-02-15 and 2011-04-01
    const france = salesTrend(small, { rows: rowsOf(4, 5) });
    expect(france.map((p) => [p.period, p.lines])).toEqual([['2011-02-01', 1], ['2011-03-01', 0], ['2011-04-01', 1]]);
    expect(france[0]).toEqual({ period: '2011-02-01', start: Date.UTC(2011, 1, 1), revenue: 6, orders: 1, customers: 0, items: 2, lines: 1 });
    expect(salesTrend(small, { rows: rowsOf(4, 5), fill: false }).map((p) => p.period)).toEqual(['2011-02-01', '2011-04-01']);
  });

  it('counts a repeated row once per occurrence and accepts any order, as selectRows does', () => {
    const rows = rowsOf(3, 0, 3, 2);
    expect(topProducts(small, { rows })).toEqual(topProducts(selectRows(small, rows)));
    expect(topProducts(small, { rows })[0]).toMatchObject({ stockCode: 'A', lines: 4, orders: 3, quantity: 17 });
    expect(salesTrend(small, { rows, interval: 'day' })).toEqual(salesTrend(selectRows(small, rows), { interval: 'day' }));
  });

  it('adds rows in the order given, as on selectRows of them, down to the last bit', () => {
    // values whose compensated sum depends on the order (found by search): the one case where order shows
    const base = parseTransactionRows([0, 1, 2, 3].map(() => row('1', 'A', 1, 1, '2011-01-03', 'c1'))).table;
    const t = new TransactionTable({ ...base.columns, unitPrice: Float64Array.of(-1.89e21, -1.19e-11, -1.64e17, -3.52e-12) }, base.dictionaries);
    const forward = rowsOf(0, 1, 2, 3);
    const backward = rowsOf(3, 2, 1, 0);
    expect(topProducts(t, { rows: forward })[0]!.revenue).toBe(-1.890164e21);
    expect(topProducts(t, { rows: backward })[0]!.revenue).toBe(-1.8901640000000001e21);
    for (const rows of [forward, backward]) {
      expect(topProducts(t, { rows })).toEqual(topProducts(selectRows(t, rows)));
      expect(salesTrend(t, { rows })).toEqual(salesTrend(selectRows(t, rows)));
    }
  });

  it('an empty selection gives no products and no periods', () => {
    expect(topProducts(small, { rows: new Int32Array(0) })).toEqual([]);
    expect(productSummary(small, { rows: new Int32Array(0) }).every((p) => p.lines === 0)).toBe(true);
    expect(salesTrend(small, { rows: new Int32Array(0) })).toEqual([]);
  });

  it('rows listing every row in order give exactly what no rows give', () => {
    const t = parseTransactionsCsv(generateTransactions({ seed: 5, customers: 50, products: 40, days: 90 })).table;
    const every = Int32Array.from({ length: t.length }, (_, i) => i);
    expect(topProducts(t, { rows: every, limit: Infinity })).toEqual(topProducts(t, { limit: Infinity }));
    for (const interval of ['day', 'week', 'month'] as const) expect(salesTrend(t, { rows: every, interval })).toEqual(salesTrend(t, { interval }));
  });

  it('rejects rows that are not an Int32Array of row indices of the table, naming rows', () => {
    const calls = [(rows: unknown) => topProducts(small, { rows: rows as Int32Array }), (rows: unknown) => productSummary(small, { rows: rows as Int32Array }), (rows: unknown) => salesTrend(small, { rows: rows as Int32Array })];
    for (const call of calls) {
      for (const bad of [[0, 1], Float64Array.of(0), rowsOf(0, 6), rowsOf(-1), null]) {
        let error: unknown;
        try {
          call(bad);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(CoreError);
        expect(error).toMatchObject({ code: 'INVALID_OPTION', parameter: 'rows' });
      }
    }
    expect(() => topProducts(small, { rows: rowsOf(0, 6) })).toThrow(/rows\[1\] is 6; allowed: row indices from 0 to 5/);
  });
});

/** A generated log whose products are written under several descriptions (and none), so the vote matters. */
function variedLog(seed: number): TransactionTable {
  const t = parseTransactionsCsv(generateTransactions({ seed, customers: 25, products: 15, days: 50 })).table;
  const names = [...t.dictionaries.description, 'VARIANT ONE', 'VARIANT TWO'];
  const description = Int32Array.from(t.columns.description, (d, i) => {
    const h = ((i + 1) * 2654435761 + seed * 97) % 7;
    return h === 0 ? -1 : h === 1 ? names.length - 2 : h === 2 ? names.length - 1 : d;
  });
  return new TransactionTable({ ...t.columns, description }, { ...t.dictionaries, description: names });
}

describe('the rows option (properties)', () => {
  const logs = [1, 2, 3].map(variedLog);
  // a subset of rows: each row kept with some probability, then in ascending order, shuffled, or with repeats
  const selection = fc.record({
    log: fc.integer({ min: 0, max: logs.length - 1 }),
    seed: fc.integer({ min: 0, max: 1e6 }),
    keep: fc.double({ min: 0, max: 1, noNaN: true }),
    order: fc.constantFrom('ascending', 'shuffled', 'repeats'),
  });
  const pick = ({ log, seed, keep, order }: { log: number; seed: number; keep: number; order: string }) => {
    const t = logs[log]!;
    const hash = (i: number) => (((i + 1) * 2246822519 + seed * 3266489917) >>> 0) / 2 ** 32;
    let rows = Array.from({ length: t.length }, (_, i) => i).filter((i) => hash(i) < keep);
    if (order === 'shuffled') rows = rows.sort((a, b) => hash(a * 31 + 7) - hash(b * 31 + 7));
    if (order === 'repeats') rows = rows.flatMap((i) => (hash(i + 5) < 0.3 ? [i, i] : [i]));
    return { t, rows: Int32Array.from(rows) };
  };

  it('topProducts and productSummary over rows equal them on selectRows of the rows, for every measure and limit (property)', () => {
    fc.assert(
      fc.property(selection, fc.constantFrom<ProductRanking>('revenue', 'quantity', 'orders', 'customers'), fc.option(fc.integer({ min: 1, max: 20 }), { nil: Infinity }), (s, by, limit) => {
        const { t, rows } = pick(s);
        const copy = selectRows(t, rows);
        expect(topProducts(t, { rows, by, limit })).toEqual(topProducts(copy, { by, limit }));
        expect(productSummary(t, { rows })).toEqual(productSummary(copy));
      }),
      { numRuns: 150 },
    );
  });

  it('salesTrend over rows equals it on selectRows of the rows, for every interval, week start and fill (property)', () => {
    fc.assert(
      fc.property(selection, fc.constantFrom<TrendInterval>('day', 'week', 'month'), fc.integer({ min: 0, max: 6 }), fc.boolean(), (s, interval, weekStartsOn, fill) => {
        const { t, rows } = pick(s);
        const options = { interval, weekStartsOn: weekStartsOn as 0, fill };
        expect(salesTrend(t, { ...options, rows })).toEqual(salesTrend(selectRows(t, rows), options));
      }),
      { numRuns: 150 },
    );
  });

  it('aggregates over a date window and a country equal those on the copied window (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: logs.length - 1 }), fc.integer({ min: 0, max: 49 }), fc.integer({ min: 0, max: 50 }), fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }), (log, fromDay, days, countryPick) => {
        const t = logs[log]!;
        const from = Date.UTC(2010, 11, 1) + fromDay * 86_400_000;
        const filter = { from, toExclusive: from + days * 86_400_000, ...(countryPick === undefined ? {} : { country: countryPick % t.dictionaries.country.length }) };
        const rows = dateIndex(t).select(filter);
        expect(rows).toEqual(selectRowIndices(t, filter));
        const copy = selectRows(t, rows);
        for (const by of ['revenue', 'customers'] as const) expect(topProducts(t, { rows, by, limit: 5 })).toEqual(topProducts(copy, { by, limit: 5 }));
        for (const interval of ['day', 'week', 'month'] as const) expect(salesTrend(t, { rows, interval })).toEqual(salesTrend(copy, { interval }));
      }),
      { numRuns: 100 },
    );
  });
});

describe('revenueByCountry', () => {
  it('totals revenue, orders and customers per country with shares', () => {
    expect(revenueByCountry(small)).toEqual([
      { country: 'United Kingdom', revenue: 66, revenueShare: 66 / 76, orders: 3, customers: 2, items: 17, lines: 4 },
      { country: 'France', revenue: 10, revenueShare: 10 / 76, orders: 2, customers: 1, items: 6, lines: 2 },
    ]);
  });
});

describe('customerDistributions and histogram', () => {
  it('gives orders, spend and items per known customer', () => {
    const d = customerDistributions(small);
    expect(d.customerIds).toEqual(['c1', 'c2', 'c3']);
    expect([...d.orders]).toEqual([1, 2, 1]);
    expect([...d.spend]).toEqual([60, 6, 4]);
    expect([...d.items]).toEqual([11, 6, 4]);
  });

  it('bins values with the last bin closed', () => {
    expect(histogram([1, 2, 2, 3], { bins: 2 })).toEqual({ bins: [{ x0: 1, x1: 2, count: 1 }, { x0: 2, x1: 3, count: 3 }], excluded: 0 });
  });

  it('bins on a log scale and excludes what it cannot place', () => {
    const h = histogram([0, 1, 10, 100, Number.NaN], { bins: 2, scale: 'log' });
    expect(h.bins.map((b) => b.count)).toEqual([1, 2]);
    expect(h.bins[1]!.x0).toBeCloseTo(10);
    expect(h.excluded).toBe(2);
    expect(histogram([5, 5], { bins: 3 }).bins.map((b) => b.count)).toEqual([2, 0, 0]);
    expect(histogram([1, 50], { domain: [0, 10] }).excluded).toBe(1);
    expect(histogram([])).toEqual({ bins: [], excluded: 0 });
  });

  it('rejects bad bin counts, scales and domains', () => {
    for (const o of [{ bins: 0 }, { bins: 2.5 }, { scale: 'sqrt' }, { domain: [3, 1] }]) expect(() => histogram([1], o as never)).toThrow(CoreError);
  });
});

describe('paretoCurve', () => {
  it('gives the cumulative revenue share of the biggest customers', () => {
    const p = paretoCurve(small);
    expect(p).toMatchObject({ by: 'customer', count: 3, totalRevenue: 70, topCount: 0, topRevenueShare: 0 });
    expect([...p.revenueShare]).toEqual([0, 60 / 70, 66 / 70, 1]);
    expect([...p.entityShare]).toEqual([0, 1 / 3, 2 / 3, 1]);
    expect(paretoCurve(small, { topFraction: 0.5 }).topRevenueShare).toBeCloseTo(60 / 70);
  });

  it('counts products, including sales without a customer', () => {
    expect(paretoCurve(small, { by: 'product', topFraction: 1 / 3 })).toMatchObject({ count: 3, totalRevenue: 76, topCount: 1, topRevenueShare: 50 / 76 });
  });

  it('rejects a fraction outside [0, 1]', () => {
    expect(() => paretoCurve(small, { topFraction: 1.5 })).toThrow(CoreError);
  });

  it('is non-decreasing and ends at 1 on positive revenues (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), (seed) => {
        const t = parseTransactionsCsv(generateTransactions({ seed, customers: 30, products: 20, days: 30, cancellationRate: 0 })).table;
        const positive = selectRows(t, [...t.rows()].flatMap((r, i) => (r.quantity > 0 && r.unitPrice > 0 ? [i] : [])));
        const { revenueShare } = paretoCurve(positive);
        for (let k = 1; k < revenueShare.length; k++) expect(revenueShare[k]!).toBeGreaterThanOrEqual(revenueShare[k - 1]! - 1e-12);
        expect(revenueShare.at(-1)).toBeCloseTo(1, 12);
      }),
      { numRuns: 10 },
    );
  });
});

describe('aggregations', () => {
  it('do not depend on row order (property)', () => {
    const t = parseTransactionsCsv(generateTransactions({ seed: 3, customers: 40, products: 30, days: 60 })).table;
    const round = (x: unknown) => JSON.parse(JSON.stringify(x, (_k, v) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v)));
    const summary = (table: typeof t) =>
      round({
        top: topProducts(table, { limit: Infinity }),
        trend: salesTrend(table, { interval: 'week' }),
        countries: revenueByCountry(table),
        pareto: [...paretoCurve(table).revenueShare],
      });
    const reference = summary(t);
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: t.length, maxLength: t.length }), (keys) => {
        const order = Array.from({ length: t.length }, (_, i) => i).sort((a, b) => keys[a]! - keys[b]! || a - b);
        expect(summary(selectRows(t, order))).toEqual(reference);
      }),
      { numRuns: 15 },
    );
  });
});

describe('groupRows and distinctInGroups', () => {
  it('bucket rows by group in row order, leaving out missing codes', () => {
    const g = groupRows(Int32Array.of(1, 0, 1, -1), 2);
    expect([...g.start]).toEqual([0, 1, 3]);
    expect([...inGroupOrder(g, Int32Array.of(7, 8, 9, 10))]).toEqual([8, 7, 9]);
  });

  it('count distinct values per group, skipping missing values', () => {
    const g = groupRows(Int32Array.of(0, 0, 0, 1, 1), 2);
    expect([...distinctInGroups(g, Int32Array.of(4, 4, 2, -1, 3), 5)]).toEqual([2, 1]);
  });
});

describe('edge cases', () => {
  const empty = parseTransactionRows([]).table;
  const one = parseTransactionRows([row('1', 'A', 2, 3, '2011-05-05', 'solo', { description: 'X' })]).table;

  it('every exploration accepts an empty table', () => {
    expect(topProducts(empty)).toEqual([]);
    expect(salesTrend(empty)).toEqual([]);
    expect(revenueByCountry(empty)).toEqual([]);
    expect(customerDistributions(empty).customerIds).toEqual([]);
    expect(paretoCurve(empty)).toMatchObject({ count: 0, totalRevenue: 0, topCount: 0, topRevenueShare: 0 });
    expect(histogram(customerDistributions(empty).spend)).toEqual({ bins: [], excluded: 0 });
  });

  it('a single customer with a single line gives one of everything', () => {
    expect(topProducts(one)).toEqual([{ stockCode: 'A', description: 'X', revenue: 6, quantity: 2, orders: 1, customers: 1, lines: 1 }]);
    expect(salesTrend(one, { interval: 'day' })).toHaveLength(1);
    expect(paretoCurve(one, { topFraction: 1 })).toMatchObject({ count: 1, topCount: 1, topRevenueShare: 1 });
    expect(histogram(customerDistributions(one).orders).bins.map((b) => b.count)).toEqual([1, ...new Array(19).fill(0)]);
  });

  it('ties in the description vote go to the description seen first', () => {
    const t = parseTransactionRows([
      row('1', 'A', 1, 1, '2011-01-01', 'c', { description: 'SECOND' }),
      row('2', 'B', 1, 1, '2011-01-01', 'c', { description: 'FIRST' }),
      row('3', 'A', 1, 1, '2011-01-01', 'c', { description: 'FIRST' }),
    ]).table;
    // dictionary order: SECOND (code 0) was seen before FIRST (code 1)
    expect(topProducts(t, { limit: 1 })[0]!.description).toBe('SECOND');
  });
});

describe('dateExtent', () => {
  it('gives the first and last times, over all rows or rows with a customer', async () => {
    const { dateExtent, parseTransactionsCsv } = await import('@shopper-spectrum/core');
    const csv = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n' +
      '1,A,x,1,2011-01-02 10:00:00,1,,UK\n2,A,x,1,2011-01-05 10:00:00,1,7,UK\n3,A,x,1,2011-01-03 10:00:00,1,8,UK\n4,A,x,1,2011-01-09 10:00:00,1,,UK\n';
    const { table } = parseTransactionsCsv(csv);
    const all = dateExtent(table)!;
    const known = dateExtent(table, { withCustomer: true })!;
    expect([all.first, all.last]).toEqual([Date.UTC(2011, 0, 2, 10), Date.UTC(2011, 0, 9, 10)]);
    expect([known.first, known.last]).toEqual([Date.UTC(2011, 0, 3, 10), Date.UTC(2011, 0, 5, 10)]);
    expect(dateExtent(parseTransactionsCsv(`${csv.split('\n')[0]!}\n`).table)).toBeNull();
  });
});
