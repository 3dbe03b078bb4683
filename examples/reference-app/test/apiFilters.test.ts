/**
 * The one filter query on every data route: each route echoes it, a segment or a cluster keeps
 * exactly its customers' rows (against a plain scan), it changes the answers, and a bad value is a
 * 400 in the one error shape naming the parameter.
 */
import fc from 'fast-check';
import { selectRows, topProducts } from '@shopper-spectrum/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TableFilters } from '../src/server/filters.js';
import { customerSegmentations } from '../src/server/customerGroups.js';
import { api, days, qs, scan } from './apiShared.js';
import type { Api, Query } from './apiShared.js';

let A: Api;
let segments: string[];
let clusters: string[];
let country: string;
let stockCode: string;
let span: { first: string; last: string; mid: string };
beforeAll(async () => {
  A = await api();
  segments = A.state.summary.rfmSegments.map((r) => r.segment);
  clusters = [...A.state.segmentModel.names];
  country = new TableFilters(A.state.table).countries[0]!.country;
  stockCode = A.state.table.dictionaries.stockCode[A.state.table.columns.stockCode[0]!]!;
  span = days(A.state);
});
afterAll(() => A.app.close());

/** Every route that takes the filter, with a query of its own. */
const ROUTES = () => [
  '/api/overview',
  '/api/sales?interval=week',
  '/api/products/top?limit=5',
  '/api/countries/revenue',
  '/api/pareto',
  '/api/customers?pageSize=5',
  '/api/segments',
  '/api/scatter?limit=50',
  '/api/cohorts',
  `/api/products/${encodeURIComponent(stockCode)}`,
  `/api/segments/${encodeURIComponent(segments[0]!)}?kind=rfm`,
];
const withFilter = (route: string, q: Query) => `${route}${route.includes('?') ? '&' : '?'}${qs({ ...q })}`;

describe('the filter on every data route', () => {
  it('is echoed in full by every route, null where not set, names as the analysis writes them', async () => {
    const q = { from: span.first, to: span.mid, country: country.toUpperCase(), cluster: clusters[1]!.toLowerCase() };
    for (const route of ROUTES()) {
      const r = await A.get(withFilter(route, q));
      expect(r.status, route).toBe(200);
      const segment = route.startsWith('/api/segments/') ? segments[0] : null;
      expect(r.body.filter, route).toEqual({ from: span.first, to: span.mid, country, segment, cluster: clusters[1] });
    }
    const none = await A.get('/api/pareto');
    expect(none.body.filter).toEqual({ from: null, to: null, country: null, segment: null, cluster: null });
  });

  it('segment and cluster select exactly the rows of their customers, alone, together and with dates and a country', () => {
    const groups = customerSegmentations({ table: A.state.table, rfm: A.state.rfm, rfmNames: segments, clusterNames: clusters });
    const filters = new TableFilters(A.state.table, groups);
    fc.assert(
      fc.property(
        fc.option(fc.constantFrom(...segments), { nil: undefined }),
        fc.option(fc.constantFrom(...clusters), { nil: undefined }),
        fc.option(fc.constantFrom(span.first, span.mid), { nil: undefined }),
        fc.option(fc.constantFrom(span.mid, span.last), { nil: undefined }),
        fc.option(fc.constantFrom(country, 'all'), { nil: undefined }),
        (segment, cluster, from, to, c) => {
          const q: Query = { ...(segment && { segment }), ...(cluster && { cluster }), ...(from && { from }), ...(to && { to }), ...(c && { country: c }) };
          if (from && to && to < from) return;
          const rows = filters.rows(filters.parse(q));
          const { country: asked, ...rest } = q;
          const expected = scan(A.state, asked === 'all' ? rest : q);
          if (rows === undefined) expect(expected.length).toBe(A.state.table.length);
          else expect(Array.from(rows)).toEqual(Array.from(expected));
        },
      ),
      { numRuns: 60, seed: 16 },
    );
  });

  it('changes the answers: a segment narrows the KPIs, the countries, the customers, the scatter and the top products to its customers', async () => {
    const seg = segments.find((s) => A.state.summary.rfmSegments.find((r) => r.segment === s)!.customers > 0)!;
    const all = await A.get('/api/overview');
    const some = await A.get(`/api/overview?${qs({ segment: seg })}`);
    const size = A.state.summary.rfmSegments.find((r) => r.segment === seg)!.customers;
    expect(some.body.kpis.customers).toBe(size);
    expect(some.body.kpis.revenue).toBeLessThan(all.body.kpis.revenue);
    const list = await A.get(`/api/customers?${qs({ segment: seg, pageSize: 200 })}`);
    expect(list.body.total).toBe(size);
    expect(list.body.rows.every((r: { rfmSegment: string }) => r.rfmSegment === seg)).toBe(true);
    const scatter = await A.get(`/api/scatter?${qs({ segment: seg, limit: 10000 })}`);
    expect(scatter.body.total).toBe(size);
    expect(new Set(scatter.body.points.map((p: { rfmSegment: string }) => p.rfmSegment))).toEqual(new Set([seg]));
    const countries = await A.get(`/api/countries/revenue?${qs({ segment: seg })}`);
    expect(countries.body.total).toBeCloseTo(some.body.kpis.revenue, 2);
    const top = await A.get(`/api/products/top?${qs({ segment: seg, limit: 10 })}`);
    expect(top.body.rows).toEqual(topProducts(selectRows(A.state.table, scan(A.state, { segment: seg })), { limit: 10 }).map((r) => ({ ...r, revenue: Math.round(r.revenue * 100) / 100 })));
  });

  it('answers an empty selection with zeros and empty lists, not an error', async () => {
    const q = { from: '2031-01-01', to: '2031-02-01' };
    for (const route of ROUTES()) {
      const r = await A.get(withFilter(route, q));
      expect(r.status, route).toBe(200);
    }
    expect((await A.get(`/api/overview?${qs(q)}`)).body).toMatchObject({ kpis: { revenue: 0, orders: 0, customers: 0 }, previous: null, change: null });
    expect((await A.get(`/api/countries/revenue?${qs(q)}`)).body).toMatchObject({ total: 0, top: null, rows: [] });
    expect((await A.get(`/api/customers?${qs(q)}`)).body).toMatchObject({ total: 0, rows: [] });
    expect((await A.get(`/api/cohorts?${qs(q)}`)).body.cohorts).toEqual([]);
    expect((await A.get(`/api/pareto?${qs(q)}`)).body.customers).toMatchObject({ count: 0, curve: [] });
  });
});

describe('a bad filter', () => {
  const BAD: [Query | Record<string, string>, string][] = [
    [{ from: '2011-02-30' }, 'from'],
    [{ from: '11-02-03' }, 'from'],
    [{ to: 'yesterday' }, 'to'],
    [{ from: '2011-06-01', to: '2011-05-01' }, 'to'],
    [{ country: 'Atlantis' }, 'country'],
    [{ segment: 'Champions of Nowhere' }, 'segment'],
    [{ cluster: 'High-Value' }, 'cluster'],
    [{ segment: '' }, 'segment'],
  ];

  it('is a 400 in the one error shape on every route, naming the parameter and what is allowed', async () => {
    for (const route of ROUTES()) {
      for (const [q, parameter] of BAD) {
        const r = await A.get(withFilter(route, q as Query));
        // an empty value is absent (the query parser drops it): not an error
        if (Object.values(q).includes('')) {
          expect(r.status, `${route} ${JSON.stringify(q)}`).toBe(200);
          continue;
        }
        expect(r.status, `${route} ${JSON.stringify(q)}`).toBe(400);
        expect(r.body.error, `${route} ${JSON.stringify(q)}`).toMatchObject({ code: 'INVALID_PARAMETER', parameter });
        expect(Object.keys(r.body.error).sort()).toEqual(['allowed', 'code', 'message', 'parameter', 'value']);
        expect(r.body.error.allowed).toBeTruthy();
      }
    }
  });

  it('lists the segments or clusters there are in allowed', async () => {
    const r = await A.get('/api/customers?segment=Nope');
    expect(r.body.error.allowed).toBe(segments.join(', '));
    const c = await A.get('/api/customers?cluster=Nope');
    expect(c.body.error.allowed).toBe(clusters.join(', '));
  });

  it('refuses a cluster name given as the RFM segment of a segment page (kind=rfm) with a 404 naming the segments', async () => {
    const r = await A.get(`/api/segments/${encodeURIComponent(clusters[0]!)}?kind=rfm`);
    expect(r.status).toBe(404);
    expect(r.body.error).toMatchObject({ code: 'UNKNOWN_SEGMENT', parameter: 'name', allowed: segments.join(', ') });
    const clash = await A.get(`/api/segments/${encodeURIComponent(segments[0]!)}?kind=rfm&segment=${encodeURIComponent(segments[1]!)}`);
    expect(clash.status).toBe(400);
    expect(clash.body.error.parameter).toBe('segment');
  });
});
