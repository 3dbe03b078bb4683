import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as core from '@shopper-spectrum/core';
import { MS_PER_DAY, selectRows } from '@shopper-spectrum/core';
import type { TransactionTable } from '@shopper-spectrum/core';
import type { FastifyInstance } from 'fastify';
import { smallArtifacts } from '../../test/fixture.js';
import { loadArtifacts } from '../artifacts.js';
import type { LoadedArtifacts } from '../artifacts.js';
import { csvTable } from '../csv.js';
import { buildServer } from '../server.js';
import { salesAnswer, topAnswer } from './filteredAnswers.js';
import { TableFilters } from './filters.js';
import { coveredDays, dataDays } from './periods.js';
import type { FilterQuery } from './filters.js';

// the aggregations and the copy, wrapped to see what a request calls them with
vi.mock('@shopper-spectrum/core', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@shopper-spectrum/core')>();
  return { ...actual, selectRows: vi.fn(actual.selectRows), salesTrend: vi.fn(actual.salesTrend), topProducts: vi.fn(actual.topProducts) };
});

let state: LoadedArtifacts;
let app: FastifyInstance;
let countries: string[];
let firstDay: string;
let lastDay: string;

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

beforeAll(async () => {
  state = loadArtifacts(await smallArtifacts());
  ({ app } = await buildServer(state, { rateLimitPerMinute: 0 }));
  countries = new TableFilters(state.table).countries.map((c) => c.country);
  const dates = state.table.columns.invoiceDate;
  firstDay = day(dates[0]!);
  lastDay = day(dates[dates.length - 1]!);
});
afterAll(() => app.close());

/** The rows of a filter by a plain scan of the table, independent of the date index. */
function scan(table: TransactionTable, q: FilterQuery): Int32Array {
  const from = q.from === undefined ? -Infinity : Date.parse(`${q.from}T00:00:00Z`);
  const to = q.to === undefined ? Infinity : Date.parse(`${q.to}T00:00:00Z`) + MS_PER_DAY;
  const code = q.country === undefined || q.country === 'all' ? -1 : table.dictionaries.country.indexOf(q.country);
  const out: number[] = [];
  for (let i = 0; i < table.length; i++) {
    const t = table.columns.invoiceDate[i]!;
    if (t >= from && t < to && (code < 0 || table.columns.country[i] === code)) out.push(i);
  }
  return Int32Array.from(out);
}

const echoOf = (q: FilterQuery) => ({ from: q.from ?? null, to: q.to ?? null, country: q.country === undefined || q.country === 'all' ? null : q.country, segment: null, cluster: null });
/** The days the data and the filter cover (their partial periods are tested in test/apiSales.test.ts). */
const coveredOf = (q: FilterQuery) => coveredDays(dataDays(state.table), new TableFilters(state.table).parse(q));
const query = (q: FilterQuery) => new URLSearchParams(Object.entries(q) as [string, string][]).toString();

/** The filters compared, with whether their selection is empty. */
function cases(): [string, FilterQuery, 'empty' | 'rows'][] {
  const mid = day((Date.parse(firstDay) + Date.parse(lastDay)) / 2);
  const rare = countries.at(-1)!;
  const rareDays = scan(state.table, { country: rare }).map((i) => Math.floor(state.table.columns.invoiceDate[i]! / MS_PER_DAY));
  // a day inside the data on which the rarest country bought nothing
  let gap = rareDays[0]! + 1;
  while (rareDays.includes(gap)) gap++;
  return [
    ['no filter', {}, 'rows'],
    ['country only', { country: countries[1]! }, 'rows'],
    ['country only, in another case, and country=all', { country: 'all' }, 'rows'],
    ['from only', { from: mid }, 'rows'],
    ['to only', { to: mid }, 'rows'],
    ['one day', { from: mid, to: mid }, 'rows'],
    ['from, to and a country', { from: firstDay, to: mid, country: countries[0]! }, 'rows'],
    ['the last day alone', { from: lastDay, to: lastDay }, 'rows'],
    ['a window after the data', { from: day(Date.parse(lastDay) + MS_PER_DAY), to: day(Date.parse(lastDay) + 30 * MS_PER_DAY) }, 'empty'],
    ['to before the data', { to: day(Date.parse(firstDay) - MS_PER_DAY) }, 'empty'],
    ['a country on a day it bought nothing', { from: day(gap * MS_PER_DAY), to: day(gap * MS_PER_DAY), country: rare }, 'empty'],
  ];
}

describe('the filtered routes aggregate the selected rows in place', () => {
  it('each case below selects what its title says (empty or not)', () => {
    for (const [title, q, kind] of cases()) expect(scan(state.table, q).length === 0, title).toBe(kind === 'empty');
  });

  it('GET /api/sales answers byte for byte what salesTrend and the KPIs give on selectRows of the filter, for every case and interval', async () => {
    for (const [title, q] of cases()) {
      const copy = selectRows(state.table, scan(state.table, q));
      for (const interval of ['day', 'week', 'month'] as const) {
        for (const chart of [false, true]) {
          const res = await app.inject(`/api/sales?${query(q)}&interval=${interval}${chart ? '&chart=1' : ''}`);
          expect(res.statusCode, title).toBe(200);
          expect(res.body, `${title}, ${interval}, chart ${chart}`).toBe(JSON.stringify(salesAnswer({ table: copy, echo: echoOf(q), interval, chart, covered: coveredOf(q) })));
        }
      }
    }
  });

  it('GET /api/products/top answers byte for byte what topProducts gives on selectRows of the filter, as JSON and as CSV', async () => {
    for (const [title, q] of cases()) {
      const copy = selectRows(state.table, scan(state.table, q));
      for (const [by, limit, chart] of [['revenue', 500, false], ['quantity', 7, true], ['orders', 1, false], ['customers', 50, false]] as const) {
        const res = await app.inject(`/api/products/top?${query(q)}&by=${by}&limit=${limit}${chart ? '&chart=1' : ''}`);
        expect(res.statusCode, title).toBe(200);
        expect(res.body, `${title}, by ${by}`).toBe(JSON.stringify(topAnswer({ table: copy, echo: echoOf(q), by, limit, chart })));
      }
      const csv = await app.inject(`/api/products/top?${query(q)}&format=csv`);
      expect(csv.body, title).toBe(csvTable(topAnswer({ table: copy, echo: echoOf(q) }).rows, [['stockCode', 'StockCode'], ['description', 'Description'], ['revenue', 'Revenue (GBP)'], ['quantity', 'Quantity'], ['orders', 'Orders'], ['customers', 'Customers'], ['lines', 'Lines']]));
    }
  });

  it('a filtered request copies no table: the aggregations get the served table and the selected rows', async () => {
    const copies = vi.mocked(core.selectRows);
    const trend = vi.mocked(core.salesTrend);
    const top = vi.mocked(core.topProducts);
    const [before, trendBefore, topBefore] = [copies.mock.calls.length, trend.mock.calls.length, top.mock.calls.length];
    // dates no other test asks, so that the answers are computed rather than cached
    const q = { from: firstDay, to: day(Date.parse(firstDay) + 11 * MS_PER_DAY), country: countries[0]! };
    expect((await app.inject(`/api/sales?${query(q)}&interval=week`)).statusCode).toBe(200);
    expect((await app.inject(`/api/products/top?${query(q)}&limit=3`)).statusCode).toBe(200);
    expect((await app.inject(`/api/products/top?${query(q)}&format=csv`)).statusCode).toBe(200);
    expect(copies.mock.calls.length).toBe(before);
    const calls = [...trend.mock.calls.slice(trendBefore), ...top.mock.calls.slice(topBefore)];
    expect(calls).toHaveLength(3);
    for (const [table, options] of calls) {
      expect(table).toBe(state.table);
      expect(options?.rows).toEqual(scan(state.table, q));
    }
  });

  it('the date index of the served table holds no bytes of its own (the table is in date order)', () => {
    expect(new TableFilters(state.table).indexBytes).toBe(0);
  });
});

describe('TableFilters.rows', () => {
  const filterArb = (days: number, countries: number) =>
    fc.record({ from: fc.option(fc.integer({ min: -3, max: days + 3 }), { nil: undefined }), span: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }), country: fc.option(fc.integer({ min: 0, max: countries }), { nil: undefined }) });

  /** Checks random filters on a table: the rows in place answer as the copy does. */
  function agrees(table: TransactionTable) {
    const filters = new TableFilters(table);
    const names = filters.countries.map((c) => c.country);
    const first = Math.floor(Math.min(...table.columns.invoiceDate) / MS_PER_DAY);
    const last = Math.floor(Math.max(...table.columns.invoiceDate) / MS_PER_DAY);
    fc.assert(
      fc.property(filterArb(last - first, names.length), ({ from, span, country }) => {
        const q: FilterQuery = {
          ...(from === undefined ? {} : { from: day((first + from) * MS_PER_DAY) }),
          ...(span === undefined ? {} : { to: day((first + (from ?? 0) + span) * MS_PER_DAY) }),
          ...(country === undefined ? {} : { country: names[country] ?? 'all' }),
        };
        const f = filters.parse(q);
        const rows = filters.rows(f);
        const expected = scan(table, q);
        if (rows === undefined) expect(expected.length).toBe(table.length);
        else expect(rows).toEqual(expected);
        const copy = selectRows(table, expected);
        expect(JSON.stringify(salesAnswer({ table, rows, echo: f.echo, interval: 'week' }))).toBe(JSON.stringify(salesAnswer({ table: copy, echo: f.echo, interval: 'week' })));
        expect(JSON.stringify(topAnswer({ table, rows, echo: f.echo, by: 'customers', limit: 20 }))).toBe(JSON.stringify(topAnswer({ table: copy, echo: f.echo, by: 'customers', limit: 20 })));
      }),
      { numRuns: 40, seed: 15 },
    );
  }

  it('selects the rows of any date window and country of the served table, and its answers are those of the copy', () => {
    agrees(state.table);
  });

  it('does the same on a table out of date order (the index then groups rows by day)', () => {
    const n = state.table.length;
    // a fixed shuffle: row i of the new table is row (i * 7919) mod n of the served one
    const order = Int32Array.from({ length: n }, (_, i) => (i * 7919) % n);
    const shuffled = selectRows(state.table, order);
    const filters = new TableFilters(shuffled);
    expect(filters.indexBytes).toBeGreaterThan(0);
    agrees(shuffled);
  });

  it('is undefined without a filter (every row, the aggregations default), and country=all is no filter', () => {
    const filters = new TableFilters(state.table);
    expect(filters.rows(filters.parse({}))).toBeUndefined();
    expect(filters.rows(filters.parse({ country: 'ALL' }))).toBeUndefined();
  });
});
