import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallArtifacts } from '../test/fixture.js';
import { startServer } from './server.js';
import type { RunningServer } from './server.js';

let server: RunningServer;
let customer: string;
let stockCode: string;

beforeAll(async () => {
  server = await startServer({ artifacts: await smallArtifacts(), port: 0 });
  customer = server.state.models.get('item-knn')!.matrix.customers[3]!;
  stockCode = server.state.models.get('item-knn')!.matrix.items[0]!;
});
afterAll(() => server.close());

async function get(path: string, init?: RequestInit): Promise<{ status: number; body: any; type: string | null }> {
  const res = await fetch(`${server.url}${path}`, init);
  const type = res.headers.get('content-type');
  return { status: res.status, type, body: type?.startsWith('application/json') ? await res.json() : await res.text() };
}

const post = (path: string, body: string) => get(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

function expectError(r: { status: number; body: any }, status: number, field: string | null, code = 'INVALID_PARAMETER') {
  expect(r.status).toBe(status);
  expect(r.body.error.code).toBe(code);
  expect(r.body.error.parameter).toBe(field);
  expect(r.body.error.message.length).toBeGreaterThan(10);
}

describe('the JSON API on a real server (ephemeral port)', () => {
  it('GET /api/health reports the data and the models', async () => {
    const r = await get('/api/health');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'ok', models: ['item-knn', 'user-knn', 'repeat-purchase', 'tifu-knn'] });
    expect(r.body.rows).toBe(server.state.table.length);
    // the artifact set serve verified at start: its manifest's hash, files and bytes, no path
    expect(r.body.artifacts).toMatchObject({ manifestSha256: expect.stringMatching(/^[0-9a-f]{64}$/), files: expect.any(Number), bytes: expect.any(Number), generator: { name: 'shopper-spectrum' } });
  });

  it('recommends for a known customer, each with a reason, plus the history', async () => {
    const r = await get(`/api/customers/${customer}/recommendations?k=5`);
    expect(r.status).toBe(200);
    expect(r.body.known).toBe(true);
    expect(r.body.fallback).toBeNull();
    expect(r.body.recommendations).toHaveLength(5);
    const bought = new Set(r.body.history.map((h: { stockCode: string }) => h.stockCode));
    for (const x of r.body.recommendations) {
      expect(x.because.length).toBeGreaterThan(5);
      expect(bought.has(x.stockCode)).toBe(false);
    }
    const scores = r.body.recommendations.map((x: { score: number }) => x.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(r.body.profile.frequency).toBeGreaterThan(0);
  });

  it('allows re-orders with seen=allow and switches models with model=', async () => {
    const r = await get(`/api/customers/${customer}/recommendations?k=3&seen=allow&model=repeat-purchase`);
    expect(r.status).toBe(200);
    const bought = new Set(r.body.history.map((h: { stockCode: string }) => h.stockCode));
    expect(bought.has(r.body.recommendations[0].stockCode)).toBe(true);
  });

  it('gives an unknown customer the declared fallback, flagged, or a 404 with fallback=none', async () => {
    const r = await get('/api/customers/NEW-1/recommendations?k=4');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ known: false, fallback: 'popularity' });
    expect(r.body.recommendations.every((x: { source: string }) => x.source === 'popularity')).toBe(true);
    const h = await get(`/api/customers/NEW-1/recommendations?k=4&history=${stockCode}`);
    expect(h.body.fallback).toBe('history');
    expectError(await get('/api/customers/NEW-1/recommendations?fallback=none'), 404, 'id', 'UNKNOWN_CUSTOMER');
  });

  it('finds similar products by StockCode in any case, and 404s an unknown one', async () => {
    const r = await get(`/api/products/${stockCode.toLowerCase()}/similar?k=6`);
    expect(r.status).toBe(200);
    expect(r.body.product.stockCode).toBe(stockCode);
    expect(r.body.similar).toHaveLength(6);
    expect(r.body.similar.map((s: { stockCode: string }) => s.stockCode)).not.toContain(stockCode);
    expectError(await get('/api/products/NOPE-999/similar'), 404, 'stockCode', 'UNKNOWN_PRODUCT');
  });

  it('searches product names with typos, and says when nothing matches', async () => {
    const description = server.state.descriptions.get(stockCode)!;
    const word = description.split(' ').find((w) => w.length >= 7) ?? description.split(' ')[0]!;
    const typo = word.length >= 7 ? `${word.slice(0, 2)}${word[3]}${word[2]}${word.slice(4)}` : word;
    const r = await get(`/api/products/search?q=${encodeURIComponent(typo.toLowerCase())}`);
    expect(r.status).toBe(200);
    expect(r.body.matches.some((m: { description: string }) => m.description.includes(word))).toBe(true);
    const none = await get('/api/products/search?q=zzqqxx');
    expect(none.body.matches).toEqual([]);
    expect(none.body.note).toContain('no product matches');
  });

  it('predicts a cluster from R, F, M with the centroid distances, named as rfm.csv and the recommendations name it', async () => {
    const segments = server.state.summary.segments;
    const biggest = [...segments].sort((a, b) => b.centroid.monetary - a.centroid.monetary)[0]!;
    const lapsed = [...segments].sort((a, b) => b.centroid.recency - a.centroid.recency)[0]!;
    const r = await post('/api/segments/predict', JSON.stringify({ recency: 5, frequency: 40, monetary: 20000 }));
    expect(r.status).toBe(200);
    expect(r.body.segment).toBe(biggest.name);
    expect(r.body.cluster).toBe(biggest.name);
    expect(server.state.segmentModel.names[r.body.clusterIndex]).toBe(biggest.name);
    expect(r.body.distances).toHaveLength(segments.length);
    expect(r.body.distances[0].segment).toBe(biggest.name);
    expect((await post('/api/segments/predict', JSON.stringify({ recency: 330, frequency: 1, monetary: 40 }))).body.segment).toBe(lapsed.name);
    // a customer's own R, F, M predict the cluster their recommendations' profile names
    const ids = [...server.state.rfm.keys()].slice(0, 10);
    for (const id of ids) {
      const rec = await get(`/api/customers/${id}/recommendations?k=1`);
      const p = rec.body.profile;
      const again = await post('/api/segments/predict', JSON.stringify({ recency: p.recency, frequency: p.frequency, monetary: p.monetary }));
      expect(again.body.cluster, id).toBe(p.cluster);
    }
  });

  it('recomputes sales and top products for a date range and a country', async () => {
    const all = await get('/api/sales');
    const some = await get('/api/sales?from=2011-03-01&to=2011-05-31&interval=week');
    expect(some.body.kpis.revenue).toBeLessThan(all.body.kpis.revenue);
    expect(some.body.points.every((p: { period: string }) => p.period >= '2011-02-28' && p.period <= '2011-05-31')).toBe(true);
    const country = (await get('/api/countries')).body.countries[1].country;
    const c = await get(`/api/sales?country=${encodeURIComponent(country)}&chart=1`);
    expect(c.body.filter.country).toBe(country);
    expect(c.body.kpis.orders).toBeLessThan(all.body.kpis.orders);
    expect(c.body.chart.$schema).toContain('vega-lite');
    const top = await get(`/api/products/top?by=orders&limit=7&country=${encodeURIComponent(country)}`);
    expect(top.body.rows).toHaveLength(7);
    expect(top.body.rows[0].orders).toBeGreaterThanOrEqual(top.body.rows[6].orders);
    const chart = (await get('/api/products/top?by=orders&limit=5&chart=1')).body.chart;
    expect(chart.encoding.x.field).toBe('orders');
    const csv = await get('/api/products/top?limit=50&format=csv');
    expect(csv.type).toContain('text/csv');
    expect(csv.body.trim().split('\n')).toHaveLength(51);
  });

  it.each([
    ['/api/customers/x/recommendations?k=0', 'k'],
    ['/api/customers/x/recommendations?k=ten', 'k'],
    ['/api/customers/x/recommendations?seen=maybe', 'seen'],
    ['/api/customers/x/recommendations?model=magic', 'model'],
    ['/api/customers/%3Cscript%3E/recommendations', 'id'],
    ['/api/products/search', 'q'],
    ['/api/products/search?q=mug&limit=500', 'limit'],
    ['/api/sales?from=2011-13-45', 'from'],
    ['/api/sales?from=2011-06-01&to=2011-01-01', 'to'],
    ['/api/sales?country=Atlantis', 'country'],
    ['/api/sales?interval=hour', 'interval'],
    ['/api/products/top?by=colour', 'by'],
    ['/api/products/top?limit=9999', 'limit'],
  ])('answers %s with a 400 naming the field %s', async (path, field) => {
    expectError(await get(path), 400, field);
  });

  it.each([
    ['not json', 'body', 'INVALID_JSON'],
    ['[1,2,3]', 'body', 'INVALID_BODY'],
    ['{"recency":"ten","frequency":2,"monetary":3}', 'recency', 'INVALID_PARAMETER'],
    ['{"recency":1,"frequency":0,"monetary":3}', 'frequency', 'INVALID_PARAMETER'],
    ['{"recency":1,"frequency":2}', 'monetary', 'INVALID_PARAMETER'],
  ])('answers a bad predict body %s with a 400 naming %s', async (body, field, code) => {
    expectError(await post('/api/segments/predict', body), 400, field, code);
  });

  it('never serves a file outside its fixed list', async () => {
    for (const path of ['/../../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/vendor/../../../package.json', '/public/app.js', '/models/segment-model.json', '/analysis.json']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(404);
    }
    expect((await get('/api/nothing')).status).toBe(404);
    expect((await get('/api/health', { method: 'DELETE' })).status).toBe(405);
    const page = await get('/');
    expect(page.body).toContain('<title>shopper-spectrum dashboard</title>');
    expect((await fetch(`${server.url}/vendor/vega-lite.min.js`)).status).toBe(200);
  });
});
