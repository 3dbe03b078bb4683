/**
 * The overview routes against independent computations on the rows of a plain scan: the KPIs and
 * the previous period, the countries (core revenueByCountry on selectRows), the Pareto curves
 * (core paretoCurve), the cohorts (by real first purchase, by a plain scan), and the partial periods and 7-day
 * rolling mean of the sales.
 */
import { MS_PER_DAY, paretoCurve, revenueByCountry, salesTrend, selectRows } from '@shopper-spectrum/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TableFilters } from '../src/server/filters.js';
import { api, day, days, qs, scan } from './apiShared.js';
import type { Api, Query } from './apiShared.js';

let A: Api;
let span: { first: string; last: string; mid: string };
let countries: string[];
let segment: string;
beforeAll(async () => {
  A = await api();
  span = days(A.state);
  countries = new TableFilters(A.state.table).countries.map((c) => c.country);
  segment = A.state.summary.rfmSegments[0]!.segment;
});
afterAll(() => A.app.close());

/** KPIs of some rows, summed here. */
function kpis(rows: Int32Array) {
  const t = A.state.table;
  const { quantity, unitPrice, invoice, customer, stockCode } = t.columns;
  let revenue = 0;
  const inv = new Set<number>();
  const cus = new Set<number>();
  const pro = new Set<number>();
  for (const i of rows) {
    revenue += quantity[i]! * unitPrice[i]!;
    inv.add(invoice[i]!);
    if (customer[i]! >= 0) cus.add(customer[i]!);
    pro.add(stockCode[i]!);
  }
  return { revenue: Math.round(revenue * 100) / 100, orders: inv.size, customers: cus.size, products: pro.size, averageOrderValue: inv.size ? Math.round((revenue / inv.size) * 100) / 100 : 0 };
}

const addDays = (d: string, n: number) => day(Date.parse(d) + n * MS_PER_DAY);

describe('GET /api/overview', () => {
  it('gives the KPIs of the filter and of the same number of days just before, with their ratios', async () => {
    const from = addDays(span.first, 120);
    const to = addDays(from, 29);
    for (const q of [{ from, to }, { from, to, country: countries[0]! }, { from, to, segment }] as Query[]) {
      const r = await A.get(`/api/overview?${qs({ ...q })}`);
      expect(r.status).toBe(200);
      expect(r.body.period).toEqual({ from, to, days: 30 });
      const before = { from: addDays(from, -30), to: addDays(from, -1) };
      expect(r.body.previous).toEqual(before);
      const now = kpis(scan(A.state, q));
      const then = kpis(scan(A.state, { ...q, ...before }));
      expect(r.body.kpis).toEqual(now);
      for (const k of ['revenue', 'orders', 'customers', 'averageOrderValue', 'products'] as const) {
        expect(r.body.change[k].previous, k).toBe(then[k]);
        expect(r.body.change[k].ratio, k).toBeCloseTo((now[k] - then[k]) / then[k], 9);
      }
    }
  });

  it('cuts the period to the days of the data, and has no previous period without dates or before the data', async () => {
    const all = await A.get('/api/overview');
    expect(all.body).toMatchObject({ period: { from: span.first, to: span.last }, previous: null, change: null });
    expect(all.body.period.days).toBe((Date.parse(span.last) - Date.parse(span.first)) / MS_PER_DAY + 1);
    const early = await A.get(`/api/overview?${qs({ from: span.first, to: addDays(span.first, 9) })}`);
    expect(early.body).toMatchObject({ previous: null, change: null });
    const past = await A.get(`/api/overview?${qs({ from: addDays(span.last, -9), to: addDays(span.last, 60) })}`);
    expect(past.body.period).toEqual({ from: addDays(span.last, -9), to: span.last, days: 10 });
    expect(past.body.previous).toEqual({ from: addDays(span.last, -19), to: addDays(span.last, -10) });
    expect(all.body.currency).toEqual(A.state.summary.currency);
  });
});

describe('GET /api/countries/revenue', () => {
  it('ranks every country as core revenueByCountry does on the selected rows, and splits the first from the rest', async () => {
    for (const q of [{}, { from: span.mid }, { segment }, { country: countries[1]! }] as Query[]) {
      const r = await A.get(`/api/countries/revenue?${qs({ ...q })}`);
      const core = revenueByCountry(selectRows(A.state.table, scan(A.state, q)));
      expect(r.body.rows.map((x: { country: string }) => x.country)).toEqual(core.map((c) => c.country));
      r.body.rows.forEach((x: { revenue: number; share: number; customers: number; orders: number }, i: number) => {
        expect(x.revenue).toBeCloseTo(core[i]!.revenue, 2);
        expect(x.share).toBeCloseTo(core[i]!.revenueShare, 9);
        expect([x.customers, x.orders]).toEqual([core[i]!.customers, core[i]!.orders]);
      });
      const total = core.reduce((s, c) => s + c.revenue, 0);
      expect(r.body.total).toBeCloseTo(total, 2);
      expect(r.body.top.country).toBe(core[0]!.country);
      expect(r.body.rest.countries).toBe(core.length - 1);
      expect(r.body.rest.revenue).toBeCloseTo(total - core[0]!.revenue, 2);
      expect(r.body.top.share + r.body.rest.share).toBeCloseTo(1, 9);
    }
  });
});

describe('GET /api/pareto', () => {
  it('gives the headline share core paretoCurve gives on the selected rows, and a curve of at most 101 points from (0, 0) to (1, 1)', async () => {
    for (const q of [{}, { to: span.mid }, { segment }, { country: countries[0]! }] as Query[]) {
      const r = await A.get(`/api/pareto?${qs({ ...q })}`);
      const copy = selectRows(A.state.table, scan(A.state, q));
      for (const [side, by] of [['customers', 'customer'], ['products', 'product']] as const) {
        const core = paretoCurve(copy, { by });
        const got = r.body[side];
        expect(got.count, side).toBe(core.count);
        expect(got.topRevenueShare, side).toBeCloseTo(core.topRevenueShare, 9);
        expect(got.curve.length).toBeLessThanOrEqual(101);
        expect(got.curve[0]).toEqual({ x: 0, y: 0 });
        expect(got.curve.at(-1)).toEqual({ x: 1, y: 1 });
        // every point is on the core curve
        for (const p of got.curve) {
          const k = Math.round(p.x * core.count);
          expect(p.y).toBeCloseTo(core.revenueShare[k]!, 5);
        }
      }
    }
  });
});

describe('GET /api/cohorts', () => {
  /** The cohorts by a plain scan: first purchase per CustomerID over every row, activity over the filter's rows. */
  function expectedCohorts(q: Query) {
    const t = A.state.table;
    const { customer, invoiceDate } = t.columns;
    const ym = (ms: number) => new Date(ms).toISOString().slice(0, 7);
    const first = new Map<string, number>();
    for (let i = 0; i < t.length; i++) {
      if (customer[i]! < 0) continue;
      const id = t.dictionaries.customer[customer[i]!]!;
      if (!(invoiceDate[i]! >= first.get(id)!)) first.set(id, invoiceDate[i]!);
    }
    const rows = scan(A.state, q);
    const members = new Set<string>();
    const present = new Set<string>();
    for (const i of rows) {
      if (customer[i]! < 0) continue;
      const id = t.dictionaries.customer[customer[i]!]!;
      present.add(id);
      if (invoiceDate[i] === first.get(id)) members.add(id);
    }
    const months: string[] = [];
    const lastDay = q.to !== undefined && q.to < span.last ? q.to : span.last;
    for (let m = (q.from !== undefined && q.from > span.first ? q.from : span.first).slice(0, 7); m <= lastDay.slice(0, 7); m = ym(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)), 1))) months.push(m);
    const bought = new Map<string, Set<string>>();
    for (const i of rows) {
      if (customer[i]! < 0) continue;
      const id = t.dictionaries.customer[customer[i]!]!;
      if (!members.has(id)) continue;
      if (!bought.has(id)) bought.set(id, new Set());
      bought.get(id)!.add(ym(invoiceDate[i]!));
    }
    const cohorts = months
      .map((m, k) => {
        const ids = [...members].filter((id) => ym(first.get(id)!) === m);
        return { cohort: m, customers: ids.length, active: months.slice(k).map((later) => ids.filter((id) => bought.get(id)!.has(later)).length) };
      })
      .filter((c) => c.customers > 0);
    return { cohorts, excluded: present.size - members.size, firstBefore: [...present].filter((id) => q.from !== undefined && day(first.get(id)!) < q.from).length };
  }

  it("puts each customer in the cohort of their first purchase in the whole log, and counts the filter's customers and months only", async () => {
    for (const q of [{}, { from: span.mid }, { from: span.mid, country: countries[0] }, { segment }, { to: span.mid }] as Query[]) {
      const r = await A.get(`/api/cohorts?${qs({ ...q })}`);
      const e = expectedCohorts(q);
      expect(r.body.interval).toBe('month');
      expect(r.body.cohorts.map((c: { cohort: string; customers: number; active: number[] }) => ({ cohort: c.cohort, customers: c.customers, active: c.active }))).toEqual(e.cohorts);
      for (const c of r.body.cohorts as { customers: number; active: number[]; retention: number[] }[]) {
        expect(c.retention[0]).toBe(1);
        c.retention.forEach((x, j) => expect(x).toBeCloseTo(c.active[j]! / c.customers, 6));
      }
      expect(r.body.excluded).toBe(e.excluded);
    }
  });

  it('leaves out of every cohort the customers of a date filter who first bought before it, and says how the cohorts are formed', async () => {
    const q = { from: span.mid };
    const r = await A.get(`/api/cohorts?${qs(q)}`);
    const e = expectedCohorts(q);
    // the fixture has customers who bought on both sides of the middle: the case the filter must not make new
    expect(e.firstBefore).toBeGreaterThan(0);
    expect(r.body.excluded).toBeGreaterThanOrEqual(e.firstBefore);
    expect(r.body.cohorts[0].cohort >= span.mid.slice(0, 7)).toBe(true);
    const inCohorts = r.body.cohorts.reduce((s: number, c: { customers: number }) => s + c.customers, 0);
    const present = (await A.get(`/api/overview?${qs(q)}`)).body.kpis.customers;
    expect(inCohorts + r.body.excluded).toBe(present);
    expect(r.body.basis).toMatchObject({ firstPurchase: 'whole log', activity: 'filter', text: expect.stringMatching(/first purchase in the whole log/) });
    expect(r.body.lastMonth).toEqual({ month: span.last.slice(0, 7), partial: !day(Date.parse(span.last) + MS_PER_DAY).endsWith('-01') });
  });
});

describe('GET /api/sales partial periods and rolling mean', () => {
  it("flags the periods the data's first and last days or the filter's dates cut, and only those", async () => {
    const from = addDays(span.mid, 0);
    const to = addDays(span.mid, 40);
    for (const q of [{}, { from, to }] as Query[]) {
      for (const interval of ['month', 'week', 'day'] as const) {
        const r = await A.get(`/api/sales?${qs({ ...q, interval })}`);
        const lo = Math.max(Date.parse(span.first), q.from ? Date.parse(q.from) : -Infinity);
        const hi = Math.min(Date.parse(span.last), q.to ? Date.parse(q.to) : Infinity) + MS_PER_DAY;
        for (const p of r.body.points as { period: string; partial: boolean }[]) {
          const start = Date.parse(p.period);
          const d = new Date(start);
          const end = interval === 'day' ? start + MS_PER_DAY : interval === 'week' ? start + 7 * MS_PER_DAY : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
          expect(p.partial, `${interval} ${p.period}`).toBe(start < lo || end > hi);
        }
      }
    }
    // the month the data ends in, when it ends before the month does, as analysis.json says
    const months = (await A.get('/api/sales?interval=month')).body.points;
    expect(months.at(-1).partial).toBe(A.state.summary.lastPeriod.partial);
  });

  it('gives each day the mean revenue of it and the 6 days before (fewer at the start), and no rolling mean for weeks and months', async () => {
    const q = { from: span.mid, country: countries[0]! };
    const r = await A.get(`/api/sales?${qs({ ...q, interval: 'day' })}`);
    const pts = salesTrend(selectRows(A.state.table, scan(A.state, q)), { interval: 'day' });
    expect(r.body.points.length).toBe(pts.length);
    r.body.points.forEach((p: { rolling7: number }, i: number) => {
      const window = pts.slice(Math.max(0, i - 6), i + 1);
      expect(p.rolling7).toBeCloseTo(window.reduce((s, x) => s + x.revenue, 0) / window.length, 2);
    });
    const weeks = await A.get(`/api/sales?${qs({ ...q, interval: 'week' })}`);
    expect(weeks.body.points.every((p: object) => !('rolling7' in p))).toBe(true);
  });
});
