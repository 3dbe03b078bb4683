import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoreError, dateIndex, generateTransactions, MS_PER_DAY, parseTransactionRows, parseTransactionsCsv, selectRowIndices, selectRows, TransactionTable } from '@shopper-spectrum/core';
import type { RowFilter, TransactionInput } from '@shopper-spectrum/core';

const at = (d: string, h = 10, min = 0) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)), h, min);
const row = (invoiceNo: string, date: number, country: string | null): TransactionInput => ({ invoiceNo, stockCode: 'A', quantity: 1, unitPrice: 1, invoiceDate: date, customerId: 'c', country });

// rows 0..5, in date order; two on 2011-03-01 (one at midnight), one at 23:59 on 2011-03-31
const log = parseTransactionRows([
  row('1', at('2011-02-28', 12), 'France'),
  row('2', at('2011-03-01', 0), 'United Kingdom'),
  row('3', at('2011-03-01', 9), 'France'),
  row('4', at('2011-03-31', 23, 59), 'France'),
  row('5', at('2011-04-01', 0), 'United Kingdom'),
  row('6', at('2011-04-02', 8), null),
]).table;
const march = { from: at('2011-03-01', 0), toExclusive: at('2011-04-01', 0) };

/** The definition of RowFilter, written as plainly as possible. */
function naive(table: TransactionTable, f: RowFilter): number[] {
  const code = typeof f.country === 'string' ? table.dictionaries.country.indexOf(f.country) : f.country;
  const out: number[] = [];
  for (let i = 0; i < table.length; i++) {
    const t = table.columns.invoiceDate[i]!;
    if (f.from !== undefined && !(t >= f.from)) continue;
    if (f.toExclusive !== undefined && !(t < f.toExclusive)) continue;
    if (code !== undefined && table.columns.country[i] !== code) continue;
    out.push(i);
  }
  return out;
}

const errorOf = (f: () => unknown): CoreError => {
  try {
    f();
  } catch (e) {
    if (e instanceof CoreError) return e;
    throw e;
  }
  throw new Error('did not throw');
};

describe('selectRowIndices', () => {
  it('keeps the rows from `from` (inclusive) to `toExclusive` (exclusive), ascending', () => {
    const rows = selectRowIndices(log, march);
    expect(rows).toBeInstanceOf(Int32Array);
    expect([...rows]).toEqual([1, 2, 3]);
  });

  it('keeps the rows of one country, given by name or by code', () => {
    expect([...selectRowIndices(log, { country: 'France' })]).toEqual([0, 2, 3]);
    const uk = log.dictionaries.country.indexOf('United Kingdom');
    expect([...selectRowIndices(log, { country: uk })]).toEqual([1, 4]);
    expect([...selectRowIndices(log, { ...march, country: 'France' })]).toEqual([2, 3]);
  });

  it('keeps every row for an empty filter, rows without a country included', () => {
    expect([...selectRowIndices(log)]).toEqual([0, 1, 2, 3, 4, 5]);
    expect([...selectRowIndices(log, {})]).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('takes one bound alone, and keeps nothing when the window is empty or inverted', () => {
    expect([...selectRowIndices(log, { from: at('2011-04-01', 0) })]).toEqual([4, 5]);
    expect([...selectRowIndices(log, { toExclusive: at('2011-03-01', 0) })]).toEqual([0]);
    expect([...selectRowIndices(log, { from: at('2011-03-01', 0), toExclusive: at('2011-03-01', 0) })]).toEqual([]);
    expect([...selectRowIndices(log, { from: at('2011-04-01', 0), toExclusive: at('2011-03-01', 0) })]).toEqual([]);
  });

  it('rejects `to`, pointing to toExclusive, and any other unknown field', () => {
    const e = errorOf(() => selectRowIndices(log, { to: at('2011-03-31') } as RowFilter));
    expect(e.code).toBe('INVALID_OPTION');
    expect(e.parameter).toBe('to');
    expect(e.message).toMatch(/toExclusive/);
    expect(errorOf(() => selectRowIndices(log, { contry: 'France' } as RowFilter)).parameter).toBe('contry');
  });

  it('rejects a bound that is not a number, or NaN', () => {
    expect(errorOf(() => selectRowIndices(log, { from: '2011-03-01' as never })).parameter).toBe('from');
    expect(errorOf(() => selectRowIndices(log, { toExclusive: Number.NaN })).parameter).toBe('toExclusive');
    expect(errorOf(() => selectRowIndices(log, null as never)).code).toBe('INVALID_OPTION');
  });

  it('rejects a country that is not in the dictionary, naming the names it has', () => {
    const e = errorOf(() => selectRowIndices(log, { country: 'france' }));
    expect(e.code).toBe('INVALID_OPTION');
    expect(e.parameter).toBe('country');
    expect(e.message).toMatch(/"France"/);
    for (const bad of [-1, 2.5, log.dictionaries.country.length, true]) expect(errorOf(() => selectRowIndices(log, { country: bad as never })).parameter).toBe('country');
  });

  it('refuses something that is not a table', () => {
    expect(errorOf(() => selectRowIndices({ table: log } as never)).code).toBe('INVALID_ARGUMENT');
  });
});

describe('dateIndex', () => {
  it('holds no memory of its own over a table already in date order', () => {
    const index = dateIndex(log);
    expect(index.inDateOrder).toBe(true);
    expect(index.byteLength).toBe(0);
    expect(index.table).toBe(log);
    expect([...index.select(march)]).toEqual([1, 2, 3]);
    expect([...index.select({ ...march, country: 'France' })]).toEqual([2, 3]);
    expect([...index.select()]).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('groups the rows of a table out of date order by day, and selects what the scan selects, ascending', () => {
    const shuffled = selectRows(log, [4, 0, 3, 5, 2, 1]);
    const index = dateIndex(shuffled);
    expect(index.inDateOrder).toBe(false);
    expect(index.byteLength).toBeGreaterThanOrEqual(4 * shuffled.length);
    // March is rows 2, 3, 1 of the original: now at 4, 5 and 2
    expect([...index.select(march)]).toEqual([2, 4, 5]);
    expect([...index.select({ ...march, country: 'France' })]).toEqual([2, 4]);
    expect([...index.select()]).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('cuts a bound inside a day at the exact time', () => {
    const shuffled = selectRows(log, [5, 4, 3, 2, 1, 0]);
    const index = dateIndex(shuffled);
    const f = { from: at('2011-03-01', 5), toExclusive: at('2011-03-31', 23, 59) };
    expect([...index.select(f)]).toEqual(naive(shuffled, f));
    expect(naive(shuffled, f)).toEqual([3]);
  });

  it('handles days years apart (sparse buckets) as the scan does', () => {
    const sparse = parseTransactionRows([row('1', at('2030-05-05'), 'X'), row('2', at('1995-01-01'), 'Y'), row('3', at('2011-06-01'), 'X'), row('4', at('1995-01-01', 3), 'X')]).table;
    const index = dateIndex(sparse);
    expect(index.inDateOrder).toBe(false);
    for (const f of [{}, { from: at('1995-01-01', 2) }, { toExclusive: at('2020-01-01') }, { country: 'X', from: at('2000-01-01') }]) expect([...index.select(f)]).toEqual(naive(sparse, f));
  });

  it('keeps rows with a NaN or infinite date aside and tests them as the scan does', () => {
    const base = parseTransactionRows([row('1', at('2011-01-01'), 'X'), row('2', at('2011-01-02'), 'X'), row('3', at('2011-01-03'), 'Y'), row('4', at('2011-01-04'), 'X')]).table;
    const dates = Float64Array.of(at('2011-01-02'), Number.NaN, Infinity, -Infinity);
    const odd = new TransactionTable({ ...base.columns, invoiceDate: dates }, base.dictionaries);
    const index = dateIndex(odd);
    expect(index.inDateOrder).toBe(false);
    const filters: RowFilter[] = [{}, { from: 0 }, { toExclusive: at('2012-01-01') }, { from: -Infinity }, { toExclusive: Infinity }, { from: -Infinity, toExclusive: Infinity }, { country: 'X' }];
    for (const f of filters) {
      expect([...index.select(f)], JSON.stringify(f)).toEqual(naive(odd, f));
      expect([...selectRowIndices(odd, f)], JSON.stringify(f)).toEqual(naive(odd, f));
    }
    expect([...index.select({})]).toEqual([0, 1, 2, 3]);
    expect([...index.select({ from: 0 })]).toEqual([0, 2]);
  });

  it('indexes an empty table', () => {
    const empty = parseTransactionRows([]).table;
    expect([...dateIndex(empty).select({ from: 0, toExclusive: 1 })]).toEqual([]);
    expect(errorOf(() => dateIndex(empty).select({ country: 0 })).parameter).toBe('country');
  });

  it('checks its filters as selectRowIndices does', () => {
    const index = dateIndex(selectRows(log, [1, 0]));
    expect(errorOf(() => index.select({ to: 1 } as RowFilter)).parameter).toBe('to');
    expect(errorOf(() => dateIndex(log).select({ from: Number.NaN })).parameter).toBe('from');
  });

  it('selects exactly the rows of the plain filter, in and out of date order, for any window and country (property)', () => {
    const tables = [1, 2, 3].map((seed) => parseTransactionsCsv(generateTransactions({ seed, customers: 30, products: 20, days: 40 })).table);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: tables.length - 1 }),
        fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
        fc.option(fc.integer({ min: -2, max: 45 * 24 }), { nil: undefined }),
        // short windows (a few days: the index walks its day buckets) and long ones (it scans)
        fc.option(fc.oneof(fc.integer({ min: 0, max: 72 }), fc.integer({ min: 0, max: 45 * 24 })), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
        fc.boolean(),
        (which, shuffleSeed, fromHour, lengthHours, countryPick, onRowTimes) => {
          let table = tables[which]!;
          if (shuffleSeed !== undefined) {
            // a deterministic permutation: rows out of date order
            const keys = Array.from({ length: table.length }, (_, i) => ((i + 1) * 2654435761 + shuffleSeed * 40503) % 1000003);
            table = selectRows(table, Array.from({ length: table.length }, (_, i) => i).sort((a, b) => keys[a]! - keys[b]! || a - b));
          }
          const first = Math.min(...table.columns.invoiceDate);
          const f: { from?: number; toExclusive?: number; country?: number } = {};
          if (fromHour !== undefined) f.from = Math.floor(first / MS_PER_DAY) * MS_PER_DAY + fromHour * 3_600_000 + 17 * 60_000;
          if (lengthHours !== undefined) f.toExclusive = (f.from ?? first) + lengthHours * 3_600_000;
          if (onRowTimes) {
            // bounds equal to row times: `from` keeps its row, `toExclusive` drops its row
            const d = table.columns.invoiceDate;
            if (fromHour !== undefined) f.from = d[(fromHour + 2) % d.length]!;
            if (lengthHours !== undefined) f.toExclusive = d[(lengthHours * 7) % d.length]!;
          }
          if (countryPick !== undefined) f.country = countryPick % table.dictionaries.country.length;
          const expected = naive(table, f);
          expect([...selectRowIndices(table, f)]).toEqual(expected);
          expect([...dateIndex(table).select(f)]).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});
