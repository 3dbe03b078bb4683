/**
 * The customer routes: the list (search, sort, pages, CSV that parses back), a customer's page
 * against its rows in the table, their products as CSV, and recommendations with scaled scores,
 * the model's score meaning and CSV.
 */
import { formatWallClock } from '@shopper-spectrum/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, days, parseCsv, qs, scan } from './apiShared.js';
import type { Api } from './apiShared.js';

let A: Api;
let span: { first: string; last: string; mid: string };
beforeAll(async () => {
  A = await api();
  span = days(A.state);
});
afterAll(() => A.app.close());

interface Row {
  clv12m: number | null;
  pAlive: number | null;
  expectedPurchases12m: number | null;
  customerId: string;
  country: string;
  recency: number;
  frequency: number;
  monetary: number;
  score: string;
  rfmSegment: string;
  cluster: string;
  revenue: number;
  orders: number;
}

/** Every page of a list, joined. */
async function allPages(query: Record<string, string | number>): Promise<{ total: number; rows: Row[] }> {
  const rows: Row[] = [];
  let total = 0;
  for (let page = 1; ; page++) {
    const r = await A.get(`/api/customers?${qs({ ...query, page, pageSize: 37 })}`);
    expect(r.status).toBe(200);
    total = r.body.total;
    rows.push(...r.body.rows);
    if (r.body.rows.length < 37) break;
  }
  return { total, rows };
}

describe('GET /api/customers', () => {
  it('lists every customer once over its pages, revenue within the filter, R, F, M as of the analysis', async () => {
    const q = { from: span.mid };
    const { total, rows } = await allPages(q);
    const sel = scan(A.state, q);
    const t = A.state.table;
    const revenue = new Map<string, number>();
    for (const i of sel) {
      const c = t.columns.customer[i]!;
      if (c >= 0) revenue.set(t.dictionaries.customer[c]!, (revenue.get(t.dictionaries.customer[c]!) ?? 0) + t.columns.quantity[i]! * t.columns.unitPrice[i]!);
    }
    expect(total).toBe(revenue.size);
    expect(rows.length).toBe(total);
    expect(new Set(rows.map((r) => r.customerId)).size).toBe(total);
    for (const r of rows) {
      expect(r.revenue).toBeCloseTo(revenue.get(r.customerId)!, 2);
      const rfm = A.state.rfm.get(r.customerId)!;
      expect([r.recency, r.frequency, r.monetary, r.score, r.rfmSegment, r.cluster]).toEqual([rfm.recency, rfm.frequency, rfm.monetary, rfm.score, rfm.rfmSegment, rfm.cluster]);
    }
    // the default order: most revenue first
    expect(rows.map((r) => r.revenue)).toEqual([...rows.map((r) => r.revenue)].sort((a, b) => b - a));
  });

  it('sorts by each key, both ways, ties by CustomerID', async () => {
    for (const sort of ['revenue', 'recency', 'frequency', 'monetary', 'customerId', 'country', 'orders'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        const r = await A.get(`/api/customers?${qs({ sort, order, pageSize: 200 })}`);
        const rows = r.body.rows as Row[];
        const sign = order === 'asc' ? 1 : -1;
        for (let i = 1; i < rows.length; i++) {
          const a = rows[i - 1]![sort];
          const b = rows[i]![sort];
          const cmp = typeof a === 'number' ? (a as number) - (b as number) : a < b ? -1 : a > b ? 1 : 0;
          expect(sign * cmp, `${sort} ${order} at ${i}`).toBeLessThanOrEqual(0);
          if (cmp === 0 && sort !== 'customerId') expect(rows[i - 1]!.customerId < rows[i]!.customerId).toBe(true);
        }
      }
    }
  });

  it('finds customers by the start of their CustomerID', async () => {
    const id = [...A.state.rfm.keys()][5]!;
    const prefix = id.slice(0, 3);
    const r = await A.get(`/api/customers?${qs({ q: prefix, pageSize: 200 })}`);
    const expected = [...A.state.rfm.keys()].filter((k) => k.startsWith(prefix));
    expect(r.body.total).toBe(expected.length);
    expect(r.body.rows.map((x: Row) => x.customerId).sort()).toEqual(expected.sort().slice(0, 200));
    expect((await A.get(`/api/customers?q=${encodeURIComponent(id)}`)).body.rows.map((x: Row) => x.customerId)).toContain(id);
    expect((await A.get('/api/customers?q=zzzz-none')).body).toMatchObject({ total: 0, rows: [] });
  });

  it('gives every matching row as CSV that parses back to the JSON rows, the money columns naming the currency', async () => {
    const q = { country: A.state.table.dictionaries.country[A.state.table.columns.country[0]!]!, sort: 'recency', order: 'asc' };
    const csv = await A.get(`/api/customers?${qs({ ...q, format: 'csv' })}`);
    expect(csv.type).toBe('text/csv; charset=utf-8');
    const [head, ...body] = parseCsv(csv.text);
    const code = A.state.summary.currency.code;
    expect(head).toEqual(['CustomerID', 'Country', 'Recency (days)', 'Frequency (orders)', `Monetary (${code})`, 'RFMScore', 'RFMSegment', 'Cluster', `Revenue in filter (${code})`, 'Orders in filter', `CLV 12 months (${code})`, 'P(alive)', 'Expected purchases 12 months']);
    const { rows } = await allPages(q);
    expect(body.length).toBe(rows.length);
    body.forEach((cells, i) => {
      const r = rows[i]!;
      const opt = (x: number | null) => (x === null ? '' : String(x));
      expect(cells).toEqual([r.customerId, r.country, String(r.recency), String(r.frequency), String(r.monetary), r.score, r.rfmSegment, r.cluster, String(r.revenue), String(r.orders), opt(r.clv12m), opt(r.pAlive), opt(r.expectedPurchases12m)]);
    });
  });

  it('names the CSV file after what the filter keeps: the segment or cluster, the country and the dates', async () => {
    const segment = A.state.summary.rfmSegments[0]!.segment;
    const country = A.state.table.dictionaries.country[A.state.table.columns.country[0]!]!;
    const disposition = async (q: Record<string, string>) => String((await A.app.inject(`/api/customers?${qs({ ...q, format: 'csv' })}`)).headers['content-disposition']);
    const safe = (s: string) => s.replace(/[^\w.-]/g, '_');
    expect(await disposition({})).toBe('attachment; filename="customers.csv"');
    expect(await disposition({ segment, country, from: span.mid })).toMatch(new RegExp(`^attachment; filename="${safe(`customers-segment-${segment}-${country}-from-${span.mid}.csv`)}"`));
    const cluster = A.state.segmentModel.names[0]!;
    // a cluster name has spaces and commas: the ASCII name has _ for them, filename* has it exact
    const c = await disposition({ cluster });
    expect(c).toContain(`filename="${safe(`customers-cluster-${cluster}.csv`)}"`);
    expect(c).toContain(`filename*=UTF-8''${encodeURIComponent(`customers-cluster-${cluster}.csv`)}`);
    expect(String((await A.app.inject(`/api/segments?${qs({ country, format: 'csv' })}`)).headers['content-disposition'])).toContain(`filename="${safe(`segments-${country}.csv`)}"`);
  });

  it('refuses a page size over 200 and an unknown sort key, naming them', async () => {
    expect((await A.get('/api/customers?pageSize=201')).body.error).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'pageSize' });
    expect((await A.get('/api/customers?sort=name')).body.error).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'sort' });
    expect((await A.get('/api/customers?page=0')).body.error).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'page' });
  });
});

describe('GET /api/customers/:id', () => {
  it("gives the customer's country, purchases, timeline and products as their rows in the table say", async () => {
    const t = A.state.table;
    const id = [...A.state.rfm.keys()].find((k) => A.state.rfm.get(k)!.frequency >= 3)!;
    const r = await A.get(`/api/customers/${id}`);
    expect(r.status).toBe(200);
    const c = t.dictionaries.customer.indexOf(id);
    const rows = [...Array(t.length).keys()].filter((i) => t.columns.customer[i] === c);
    const invoices = new Map<string, { lines: number; revenue: number; time: number }>();
    for (const i of rows) {
      const inv = t.dictionaries.invoice[t.columns.invoice[i]!]!;
      const e = invoices.get(inv) ?? { lines: 0, revenue: 0, time: Infinity };
      e.lines++;
      e.revenue += t.columns.quantity[i]! * t.columns.unitPrice[i]!;
      e.time = Math.min(e.time, t.columns.invoiceDate[i]!);
      invoices.set(inv, e);
    }
    const times = rows.map((i) => t.columns.invoiceDate[i]!);
    expect(r.body.customerId).toBe(id);
    expect(r.body.country).toBe(t.dictionaries.country[t.columns.country[rows[0]!]!]);
    expect(r.body.firstPurchase).toBe(formatWallClock(Math.min(...times)));
    expect(r.body.lastPurchase).toBe(formatWallClock(Math.max(...times)));
    expect(r.body.orders).toBe(invoices.size);
    expect(r.body.orders).toBe(A.state.rfm.get(id)!.frequency);
    expect(r.body.timeline.map((e: { invoice: string }) => e.invoice).sort()).toEqual([...invoices.keys()].sort());
    for (const e of r.body.timeline) {
      expect(e.lines).toBe(invoices.get(e.invoice)!.lines);
      expect(e.revenue).toBeCloseTo(invoices.get(e.invoice)!.revenue, 2);
      expect(e.date).toBe(formatWallClock(invoices.get(e.invoice)!.time));
    }
    expect(r.body.timeline.map((e: { date: string }) => e.date)).toEqual([...r.body.timeline.map((e: { date: string }) => e.date)].sort());
    const products = new Set(rows.map((i) => t.dictionaries.stockCode[t.columns.stockCode[i]!]));
    expect(new Set(r.body.products.map((p: { stockCode: string }) => p.stockCode))).toEqual(products);
    expect(r.body.products.map((p: { revenue: number }) => p.revenue)).toEqual([...r.body.products.map((p: { revenue: number }) => p.revenue)].sort((a, b) => b - a));
  });

  it('gives the RFM values, the quintile scores of rfm.csv and what each means in words', async () => {
    const id = [...A.state.rfm.keys()][0]!;
    const r = await A.get(`/api/customers/${id}`);
    const rfm = A.state.rfm.get(id)!;
    expect(r.body.rfm).toMatchObject({ recency: rfm.recency, frequency: rfm.frequency, monetary: rfm.monetary, score: rfm.score });
    expect(`${r.body.rfm.r}${r.body.rfm.f}${r.body.rfm.m}`).toBe(rfm.score);
    expect(r.body.rfm.meaning.r).toContain(`${rfm.recency} day`);
    expect(r.body.rfm.meaning.r).toContain(`score ${r.body.rfm.r} of 5`);
    expect(r.body.rfm.meaning.f).toContain(`${rfm.frequency} order`);
    expect(r.body.rfm.meaning.m).toContain(A.state.summary.currency.symbol);
    expect([r.body.rfmSegment, r.body.cluster]).toEqual([rfm.rfmSegment, rfm.cluster]);
  });

  it('answers 404 UNKNOWN_CUSTOMER for a customer not in the data, on the page and its products', async () => {
    for (const path of ['/api/customers/no-such-1', '/api/customers/no-such-1/products?format=csv']) {
      const r = await A.get(path);
      expect(r.status).toBe(404);
      expect(r.body.error).toMatchObject({ code: 'UNKNOWN_CUSTOMER', parameter: 'id', value: 'no-such-1' });
    }
  });

  it("gives the customer's products as CSV that parses back to the page's products", async () => {
    const id = [...A.state.rfm.keys()][2]!;
    const page = await A.get(`/api/customers/${id}`);
    const csv = await A.get(`/api/customers/${id}/products?format=csv`);
    expect(csv.type).toBe('text/csv; charset=utf-8');
    const [head, ...body] = parseCsv(csv.text);
    expect(head).toEqual(['StockCode', 'Description', 'Orders', 'Quantity', `Revenue (${A.state.summary.currency.code})`, 'Last purchase']);
    expect(body).toEqual(page.body.products.map((p: { stockCode: string; description: string | null; orders: number; quantity: number; revenue: number; lastPurchase: string }) => [p.stockCode, p.description ?? '', String(p.orders), String(p.quantity), String(p.revenue), p.lastPurchase]));
    expect((await A.get(`/api/customers/${id}/products`)).body.products).toEqual(page.body.products);
  });
});

describe('GET /api/customers/:id/recommendations', () => {
  it("scales each score to 0-1 within the list and says what the model's score is", async () => {
    const id = [...A.state.rfm.keys()][3]!;
    for (const model of A.state.summary.servedModels) {
      const r = await A.get(`/api/customers/${id}/recommendations?${qs({ model, k: 8 })}`);
      expect(r.status).toBe(200);
      expect(r.body.scoreMeaning).toBe(A.state.summary.scoreMeanings[model]);
      const top = Math.max(...r.body.recommendations.map((x: { score: number }) => x.score));
      // scoreScaled is of the raw scores; score is rounded to 6 decimals, so small scores agree to about 1e-4
      for (const x of r.body.recommendations) expect(x.scoreScaled).toBeCloseTo(x.score / top, 3);
      expect(r.body.recommendations.every((x: { scoreScaled: number }) => x.scoreScaled >= 0 && x.scoreScaled <= 1)).toBe(true);
      expect(r.body.recommendations[0].scoreScaled).toBe(1);
    }
  });

  it('gives the recommendations as CSV that parses back, with rank, scaled score and reason', async () => {
    const id = [...A.state.rfm.keys()][3]!;
    const json = await A.get(`/api/customers/${id}/recommendations?k=5`);
    const csv = await A.get(`/api/customers/${id}/recommendations?k=5&format=csv`);
    expect(csv.type).toBe('text/csv; charset=utf-8');
    const [head, ...body] = parseCsv(csv.text);
    expect(head![0]).toBe('Rank');
    expect(head![3]).toContain(json.body.scoreMeaning);
    expect(body).toEqual(json.body.recommendations.map((x: { stockCode: string; description: string | null; score: number; scoreScaled: number; because: string; source: string }, i: number) => [String(i + 1), x.stockCode, x.description ?? '', String(x.score), String(x.scoreScaled), x.because, x.source]));
  });
});
