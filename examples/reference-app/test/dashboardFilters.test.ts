import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/server.js';
import type { RunningServer } from '../src/server.js';
import { afterRender, chartData, HAVE_CHROMIUM, openPage, parseCsv, route, settled } from './dashboardBrowser.js';
import type { WatchedPage } from './dashboardBrowser.js';
import { smallArtifacts } from './fixture.js';

interface Row {
  [key: string]: unknown;
}

describe.runIf(HAVE_CHROMIUM)('the dashboard follows its filters and its URL (Chromium, small artifacts)', () => {
  let server: RunningServer;
  let w: WatchedPage;
  let country: string;
  const get = async <T = Row>(path: string): Promise<T> => (await (await fetch(new URL(path, server.url))).json()) as T;

  beforeAll(async () => {
    server = await startServer({ artifacts: await smallArtifacts(), port: 0 });
    w = await openPage({ width: 1400 });
    await w.page.goto(`${server.url}#/overview`);
    await settled(w.page);
    // a country that is not the largest, so that the filtered figures must differ
    country = (await get<{ countries: { country: string }[] }>('/api/countries')).countries[1]!.country;
  }, 60_000);
  afterAll(async () => {
    await w?.browser.close();
    await server?.close();
  });

  const applyCountry = (name: string) =>
    afterRender(w.page, async () => {
      await w.page.selectOption('#f-country', name);
      await w.page.click('#filters button[type=submit]');
    });

  it('a country filter redraws the country chart, the top products and every KPI from the filtered answers', async () => {
    await route(w.page, '#/overview');
    const before = await chartData<{ part: string; share: number }>(w.page, 'chart-countries-split');
    const topBefore = await chartData<{ stockCode: string; value: number }>(w.page, 'chart-top');
    expect(await applyCountry(country)).toBe('ready');
    expect(w.page.url()).toContain(`country=${encodeURIComponent(country).replace(/%20/g, '+')}`);
    expect(before[0]!.part).not.toBe(country);
    // the filter leaves one country: its revenue in words, no split and no ranked rest drawn
    const c = await get<{ top: { country: string; revenue: number }; rest: { countries: number } }>(`/api/countries/revenue?country=${encodeURIComponent(country)}`);
    expect([c.top.country, c.rest.countries]).toEqual([country, 0]);
    expect(await w.page.textContent('#card-countries .lead')).toContain(`is from ${country}`);
    expect(await w.page.$('#chart-countries-split')).toBeNull();
    expect(await w.page.$('#chart-countries')).toBeNull();
    const topAfter = await chartData<{ stockCode: string; value: number }>(w.page, 'chart-top');
    const api = await get<{ rows: { stockCode: string; revenue: number }[] }>(`/api/products/top?country=${encodeURIComponent(country)}&limit=15&by=revenue`);
    expect(topAfter.map((r) => [r.stockCode, r.value])).toEqual(api.rows.map((r) => [r.stockCode, r.revenue]));
    expect(topAfter.map((r) => r.stockCode)).not.toEqual(topBefore.map((r) => r.stockCode));
    const o = await get<{ kpis: { orders: number } }>(`/api/overview?country=${encodeURIComponent(country)}`);
    expect(Number((await w.page.textContent('#kpi-orders .v'))!.replace(/,/g, ''))).toBe(o.kpis.orders);
    expect(await w.page.textContent('#card-countries h2')).toContain(country);
  });

  it('a country filter changes the customers of the scatter to that country’s', async () => {
    await route(w.page, '#/segments');
    const all = await chartData<{ customerId: string }>(w.page, 'chart-scatter-rf');
    await route(w.page, `#/segments?country=${encodeURIComponent(country)}`);
    const some = await chartData<{ customerId: string }>(w.page, 'chart-scatter-rf');
    const api = await get<{ points: { customerId: string }[] }>(`/api/scatter?country=${encodeURIComponent(country)}&x=recency&y=frequency&limit=2000`);
    expect(some.map((p) => p.customerId)).toEqual(api.points.map((p) => p.customerId));
    expect(some.length).toBeLessThan(all.length);
    const inCountry = await get<{ total: number }>(`/api/customers?country=${encodeURIComponent(country)}&pageSize=1`);
    expect(some.length).toBe(Math.min(2000, inCountry.total));
  });

  it('an RFM segment filter and a cluster filter keep only their customers in the scatter, and a date range changes the KPIs', async () => {
    const segments = await get<{ rfmSegments: { business: { segment: string }[] }; segments: { name: string }[] }>('/api/segments');
    const segment = segments.rfmSegments.business[0]!.segment;
    const cluster = segments.segments[0]!.name;
    await route(w.page, `#/segments?segment=${encodeURIComponent(segment)}`);
    const bySegment = await chartData<{ rfmSegment: string }>(w.page, 'chart-scatter-fm');
    expect(bySegment.length).toBeGreaterThan(0);
    expect([...new Set(bySegment.map((p) => p.rfmSegment))]).toEqual([segment]);
    await route(w.page, `#/segments?cluster=${encodeURIComponent(cluster)}`);
    const byCluster = await chartData<{ cluster: string }>(w.page, 'chart-scatter-rm');
    expect([...new Set(byCluster.map((p) => p.cluster))]).toEqual([cluster]);
    await route(w.page, '#/overview?from=2011-06-01&to=2011-08-31');
    const o = await get<{ kpis: { orders: number; revenue: number } }>('/api/overview?from=2011-06-01&to=2011-08-31');
    expect(Number((await w.page.textContent('#kpi-orders .v'))!.replace(/,/g, ''))).toBe(o.kpis.orders);
    const all = await get<{ kpis: { orders: number } }>('/api/overview');
    expect(o.kpis.orders).toBeLessThan(all.kpis.orders);
    expect(await w.page.textContent('#card-sales h2')).toContain('2011-06-01 to 2011-08-31');
  });

  it('a filter changes whose recommendations are listed: the filter’s top customer by revenue', async () => {
    await route(w.page, '#/recommendations');
    const first = await w.page.getAttribute('#card-recs .body', 'data-customer');
    const list = await w.page.$$eval('#rec-table tbody tr td:nth-child(2)', (tds) => tds.map((td) => td.textContent));
    await route(w.page, `#/recommendations?country=${encodeURIComponent(country)}`);
    const top = await get<{ rows: { customerId: string }[] }>(`/api/customers?country=${encodeURIComponent(country)}&sort=revenue&order=desc&pageSize=1`);
    const second = await w.page.getAttribute('#card-recs .body', 'data-customer');
    expect(second).toBe(top.rows[0]!.customerId);
    expect(second).not.toBe(first);
    const recs = await get<{ recommendations: { stockCode: string; scoreScaled: number }[] }>(`/api/customers/${second}/recommendations?k=10&seen=exclude`);
    const shown = await w.page.$$eval('#rec-table tbody tr td:nth-child(2)', (tds) => tds.map((td) => td.textContent));
    expect(shown).toEqual(recs.recommendations.map((r) => r.stockCode));
    expect(shown).not.toEqual(list);
    const scaled = await w.page.$$eval('#rec-table td.score', (tds) => tds.map((td) => Number((td as HTMLElement).dataset.scaled)));
    expect(Math.max(...scaled)).toBeCloseTo(1, 9);
    expect(scaled.every((x) => x >= 0 && x <= 1)).toBe(true);
  });

  it('keeps the page state in the URL: a reload and the back button restore it', async () => {
    await route(w.page, `#/customers?country=${encodeURIComponent(country)}&sort=recency&order=asc`);
    await w.page.reload();
    await settled(w.page);
    expect(await w.page.inputValue('#f-country')).toBe(country);
    expect(await w.page.getAttribute('#customers-table th[data-key=recency]', 'aria-sort')).toBe('ascending');
    const recency = await w.page.$$eval('#customers-table tbody tr td:nth-child(3)', (tds) => tds.map((td) => Number(td.textContent!.replace(/,/g, ''))));
    expect(recency).toEqual([...recency].sort((a, b) => a - b));
    const countries = await w.page.$$eval('#customers-table tbody tr td:nth-child(2)', (tds) => [...new Set(tds.map((td) => td.textContent))]);
    expect([...countries]).toEqual([country]);
    await afterRender(w.page, () => w.page.click('#customers-table th[data-key=monetary]'));
    expect(await w.page.getAttribute('#customers-table th[data-key=monetary]', 'aria-sort')).toBe('descending');
    await afterRender(w.page, () => w.page.goBack());
    expect(await w.page.getAttribute('#customers-table th[data-key=recency]', 'aria-sort')).toBe('ascending');
    expect(await w.page.inputValue('#f-country')).toBe(country);
  });

  it('a reversed date range clears every figure into the error state, and a valid one brings them back', async () => {
    await route(w.page, '#/overview');
    expect(await w.page.$$('.chart')).not.toHaveLength(0);
    const state = await afterRender(w.page, async () => {
      await w.page.fill('#f-from', '2011-09-02');
      await w.page.fill('#f-to', '2011-09-01');
      await w.page.click('#filters button[type=submit]');
    });
    expect(state).toBe('filter-error');
    expect(await w.page.$$('.chart')).toHaveLength(0);
    expect(await w.page.$$('.kpi')).toHaveLength(0);
    expect(await w.page.textContent('#filter-error')).toContain('before');
    // a country not in the data (a shared link of another analysis) clears the page the same way
    expect(await route(w.page, '#/overview?country=Atlantis')).toBe('filter-error');
    expect(await w.page.$$('.chart')).toHaveLength(0);
    expect(await w.page.textContent('#filter-error')).toContain('"Atlantis" is not in the data');
    // and so does a refusal that only the server can give (the page is shown figures of a valid filter first)
    await route(w.page, '#/overview?from=2011-06-01');
    const refused = await afterRender(w.page, () =>
      w.page.evaluate(() => {
        (window as unknown as { dashboard: { meta: { countries: string[] } } }).dashboard.meta.countries.push('Atlantis');
        location.hash = '#/overview?country=Atlantis';
      }),
    );
    expect(refused).toBe('filter-error');
    expect(await w.page.$$('.chart')).toHaveLength(0);
    expect(await w.page.textContent('#filter-error')).toContain('Atlantis');
    // the browser logs each refused request; nothing else went wrong
    expect(w.problems.filter((p) => !/status of 400 \(Bad Request\).*country=Atlantis/.test(p))).toEqual([]);
    w.problems.length = 0;
    expect(await route(w.page, '#/overview?from=2011-06-01&to=2011-08-31')).toBe('ready');
    expect(await w.page.$$('.chart')).not.toHaveLength(0);
  });

  it('opens a customer page from the list and a segment drill-down lists only that segment’s customers', async () => {
    await route(w.page, '#/customers');
    const id = (await w.page.textContent('#customers-table tbody tr:first-child td:first-child a'))!;
    await afterRender(w.page, () => w.page.click('#customers-table tbody tr:first-child td:first-child a'));
    expect(w.page.url()).toContain(`#/customer/${id}`);
    const d = await get<{ country: string; timeline: unknown[] }>(`/api/customers/${id}`);
    expect(await w.page.textContent('#card-customer h2')).toContain(d.country);
    expect((await chartData(w.page, 'chart-customer-timeline')).length).toBe(d.timeline.length);
    expect(Number(await w.page.getAttribute('#card-customer-recs .body', 'data-count'))).toBe(10);
    await route(w.page, '#/segments');
    const name = (await w.page.textContent('#rfm-table tbody tr:first-child a'))!;
    await afterRender(w.page, () => w.page.click('#rfm-table tbody tr:first-child a'));
    expect(decodeURIComponent(w.page.url())).toContain(`#/segment/rfm/${name}`);
    const segments = await w.page.$$eval('#customers-table tbody tr td:nth-child(7)', (tds) => [...new Set(tds.map((td) => td.textContent))]);
    expect(segments).toEqual([name]);
    const s = await get<{ customers: number }>(`/api/segments/${encodeURIComponent(name)}?kind=rfm`);
    expect(await w.page.textContent('#card-segment h2')).toContain(`${s.customers.toLocaleString('en-GB')} customers`);
  });

  it('downloads every table as CSV that parses, the same rows as the API', async () => {
    const save = async (selector: string) => {
      const [download] = await Promise.all([w.page.waitForEvent('download'), w.page.click(selector)]);
      return parseCsv(readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '')).filter((r) => r.length > 1 || r[0] !== '');
    };
    await route(w.page, `#/customers?country=${encodeURIComponent(country)}`);
    const customers = await save('#card-customers button.csv');
    const total = (await get<{ total: number }>(`/api/customers?country=${encodeURIComponent(country)}&pageSize=1`)).total;
    // the RFM table: the id, the country, R, F, M (money headers name the currency), the segment and the cluster
    expect(customers[0]!.slice(0, 2)).toEqual(['CustomerID', 'Country']);
    expect(customers[0]!.join('|')).toMatch(/Recency.*Frequency.*Monetary \(GBP\).*RFMSegment.*Cluster/);
    const page1 = await get<{ rows: { customerId: string }[] }>(`/api/customers?country=${encodeURIComponent(country)}&pageSize=200`);
    expect(customers.slice(1, 1 + page1.rows.length).map((r) => r[0])).toEqual(page1.rows.map((r) => r.customerId));
    expect(customers.length - 1).toBe(total);
    expect(customers.slice(1).every((r) => r.length === customers[0]!.length)).toBe(true);

    await route(w.page, '#/segments');
    const segments = await save('#card-rfm-segments button.csv');
    expect(segments.length).toBeGreaterThan(1);

    await route(w.page, '#/products');
    const products = await save('#card-products button.csv');
    expect(products[0]![0]).toMatch(/^stock ?code$/i);
    expect(products.length - 1).toBe(50);

    const id = server.state.models.get('item-knn')!.matrix.customers[5]!;
    await route(w.page, `#/customer/${id}`);
    const recs = await save('#card-customer-recs button.csv');
    expect(recs.length - 1).toBe(10);
    const bought = await save('#card-customer-products button.csv');
    expect(bought.length).toBeGreaterThan(1);
    expect(w.problems).toEqual([]);
  });
});
