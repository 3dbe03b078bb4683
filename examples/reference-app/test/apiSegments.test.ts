/**
 * The segment routes within a filter, the scatter, a product's page, and an artifact set written
 * before analysis.json had currency, k, segmentation, lastPeriod and scoreMeanings.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTransactions, parseTransactionsCsv, salesTrend, selectRows } from '@shopper-spectrum/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadArtifacts } from '../src/artifacts.js';
import { buildServer } from '../src/server.js';
import { smallArtifacts } from './fixture.js';
import { api, days, parseCsv, qs, scan } from './apiShared.js';
import type { Api, Query } from './apiShared.js';

let A: Api;
let span: { first: string; last: string; mid: string };
beforeAll(async () => {
  A = await api();
  span = days(A.state);
});
afterAll(() => A.app.close());

/** Every month from the filter's first covered day to its last, YYYY-MM-01, with whether the covered days cut it. */
function monthsOf(q: Query): { period: string; partial: boolean }[] {
  const from = q.from !== undefined && q.from > span.first ? q.from : span.first;
  const to = q.to !== undefined && q.to < span.last ? q.to : span.last;
  const out: { period: string; partial: boolean }[] = [];
  for (let t = Date.UTC(Number(from.slice(0, 4)), Number(from.slice(5, 7)) - 1, 1); new Date(t).toISOString().slice(0, 10) <= to; ) {
    const d = new Date(t);
    const next = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    const start = d.toISOString().slice(0, 10);
    const lastDay = new Date(next - 86_400_000).toISOString().slice(0, 10);
    out.push({ period: start, partial: from > start || to < lastDay });
    t = next;
  }
  return out;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? null : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** The figures of the customers of one group with a row in the filter, computed from the scan and rfm.csv. */
function expected(q: Query, kind: 'rfmSegment' | 'cluster', name: string) {
  const t = A.state.table;
  const rev = new Map<string, number>();
  let total = 0;
  for (const i of scan(A.state, q)) {
    const amount = t.columns.quantity[i]! * t.columns.unitPrice[i]!;
    total += amount;
    const c = t.columns.customer[i]!;
    if (c >= 0) rev.set(t.dictionaries.customer[c]!, (rev.get(t.dictionaries.customer[c]!) ?? 0) + amount);
  }
  const ids = [...rev.keys()].filter((id) => A.state.rfm.get(id)?.[kind] === name);
  const revenue = ids.reduce((s, id) => s + rev.get(id)!, 0);
  const of = (k: 'recency' | 'frequency' | 'monetary') => median(ids.map((id) => A.state.rfm.get(id)![k]));
  return { customers: ids.length, revenue, revenueShare: total ? revenue / total : 0, median: { recency: of('recency'), frequency: of('frequency'), monetary: of('monetary') } };
}

describe('GET /api/segments within a filter', () => {
  it("without a filter, gives the RFM segments analysis.json gives", async () => {
    const r = await A.get('/api/segments');
    const mine = r.body.rfmSegments.business;
    A.state.summary.rfmSegments.forEach((s, i) => {
      expect(mine[i].segment).toBe(s.segment);
      expect(mine[i].customers).toBe(s.customers);
      expect(mine[i].revenue).toBeCloseTo(s.revenue, 2);
      expect(mine[i].revenueShare).toBeCloseTo(s.revenueShare, 9);
      expect([mine[i].medianRecency, mine[i].medianFrequency]).toEqual([s.medianRecency, s.medianFrequency]);
      expect(mine[i].medianMonetary).toBeCloseTo(s.medianMonetary, 2);
    });
    expect(r.body.segments.map((g: { customers: number }) => g.customers)).toEqual(A.state.summary.segments.map((g) => g.size));
  });

  it('sizes each RFM segment and cluster by the customers with a row in the filter, their revenue share and medians', async () => {
    const country = A.state.table.dictionaries.country[A.state.table.columns.country[0]!]!;
    for (const q of [{ from: span.mid }, { country, to: span.mid }] as Query[]) {
      const r = await A.get(`/api/segments?${qs({ ...q })}`);
      for (const row of r.body.rfmSegments.business) {
        const e = expected(q, 'rfmSegment', row.segment);
        expect(row.customers, row.segment).toBe(e.customers);
        expect(row.revenue).toBeCloseTo(e.revenue, 2);
        expect(row.revenueShare).toBeCloseTo(e.revenueShare, 9);
        expect(row.medianRecency).toBe(e.median.recency);
      }
      for (const g of r.body.segments) {
        const e = expected(q, 'cluster', g.name);
        expect(g.customers, g.name).toBe(e.customers);
        expect(g.revenueShare).toBeCloseTo(e.revenueShare, 9);
        expect(g.median.frequency).toBe(e.median.frequency);
      }
      const sum = r.body.rfmSegments.business.reduce((s: number, x: { customers: number }) => s + x.customers, 0);
      expect(sum).toBe(r.body.segments.reduce((s: number, x: { customers: number }) => s + x.customers, 0));
    }
  });

  it('passes the k sentence, the segmentation story, the currency and the last period through', async () => {
    const r = await A.get('/api/segments');
    const s = A.state.summary;
    expect(r.body).toMatchObject({ k: s.k, segmentation: JSON.parse(JSON.stringify(s.segmentation)), currency: s.currency, lastPeriod: s.lastPeriod });
    const health = await A.get('/api/health');
    expect(health.body).toMatchObject({ k: s.k, currency: s.currency, lastPeriod: s.lastPeriod });
  });

  it('gives the segment table as CSV that parses back to the JSON figures', async () => {
    const q = { from: span.mid };
    const json = await A.get(`/api/segments?${qs(q)}`);
    const csv = await A.get(`/api/segments?${qs({ ...q, format: 'csv' })}`);
    expect(csv.type).toBe('text/csv; charset=utf-8');
    const [head, ...body] = parseCsv(csv.text);
    expect(head!.slice(0, 5)).toEqual(['Kind', 'Segment', 'Customers', 'Share of customers', `Revenue (${A.state.summary.currency.code})`]);
    const rfm = json.body.rfmSegments.business;
    expect(body.length).toBe(rfm.length + json.body.segments.length);
    rfm.forEach((x: { segment: string; customers: number; revenue: number }, i: number) => expect(body[i]!.slice(0, 5)).toEqual(['rfm', x.segment, String(x.customers), expect.any(String), String(x.revenue)]));
    json.body.segments.forEach((g: { name: string; customers: number }, i: number) => expect(body[rfm.length + i]!.slice(0, 3)).toEqual(['cluster', g.name, String(g.customers)]));
  });
});

describe('GET /api/segments/:name', () => {
  it('gives a segment or cluster within a filter: customers, revenue share of the filter, medians, and its months', async () => {
    const q = { from: span.mid };
    for (const [kind, field, name] of [['rfm', 'rfmSegment', A.state.summary.rfmSegments[0]!.segment], ['cluster', 'cluster', A.state.segmentModel.names[0]!]] as const) {
      const r = await A.get(`/api/segments/${encodeURIComponent(name.toUpperCase())}?${qs({ ...q, kind })}`);
      expect(r.status).toBe(200);
      const e = expected(q, field, name);
      expect(r.body).toMatchObject({ name, kind, customers: e.customers, median: e.median });
      expect(r.body.revenueShare).toBeCloseTo(e.revenueShare, 9);
      const months = new Map(salesTrend(selectRows(A.state.table, scan(A.state, { ...q, [kind === 'rfm' ? 'segment' : 'cluster']: name })), { interval: 'month' }).map((m) => [m.period.slice(0, 10), m.customers]));
      expect(r.body.monthly.map((m: { period: string; customers: number; partial: boolean }) => [m.period, m.customers, m.partial])).toEqual(monthsOf(q).map((m) => [m.period, months.get(m.period) ?? 0, m.partial]));
      expect(r.body.reason === null).toBe(kind === 'rfm');
    }
  });
});

describe('the monthly series of a segment and of a product', () => {
  it("list every month of the filter, a month without a purchase of the segment's customers with zeros, partial months flagged as /api/sales flags them", async () => {
    // the RFM segment and country whose customers buy in the fewest months: the case with empty months
    const t = A.state.table;
    const active = new Map<string, Set<string>>();
    for (let i = 0; i < t.length; i++) {
      const c = t.columns.customer[i]!;
      const seg = c < 0 ? undefined : A.state.rfm.get(t.dictionaries.customer[c]!)?.rfmSegment;
      if (seg === undefined) continue;
      const key = `${seg}|${t.dictionaries.country[t.columns.country[i]!]}`;
      if (!active.has(key)) active.set(key, new Set());
      active.get(key)!.add(new Date(t.columns.invoiceDate[i]!).toISOString().slice(0, 7));
    }
    const [key, bought] = [...active].sort((a, b) => a[1].size - b[1].size || (a[0] < b[0] ? -1 : 1))[0]!;
    const [segment, country] = key.split('|') as [string, string];
    const all = monthsOf({});
    expect(bought.size).toBeLessThan(all.length);
    const r = await A.get(`/api/segments/${encodeURIComponent(segment)}?${qs({ kind: 'rfm', country })}`);
    expect(r.body.monthly.map((m: { period: string }) => m.period)).toEqual(all.map((m) => m.period));
    for (const m of r.body.monthly as { period: string; customers: number; revenue: number }[]) expect(m.customers > 0).toBe(bought.has(m.period.slice(0, 7)));
    const sales = await A.get(`/api/sales?${qs({ country })}`);
    const flagged = new Map(sales.body.points.map((p: { period: string; partial: boolean }) => [p.period, p.partial]));
    for (const m of r.body.monthly as { period: string; partial: boolean }[]) if (flagged.has(m.period)) expect(m.partial).toBe(flagged.get(m.period));
    expect(r.body.monthly.map((m: { partial: boolean }) => m.partial)).toEqual(all.map((m) => m.partial));
  });

  it('list every month of the filter for a product, zeros where it did not sell', async () => {
    const t = A.state.table;
    const rows = new Map<number, number>();
    for (const j of t.columns.stockCode) rows.set(j, (rows.get(j) ?? 0) + 1);
    const code = t.dictionaries.stockCode[[...rows].sort((a, b) => a[1] - b[1] || a[0] - b[0])[0]![0]]!;
    const q = { from: span.first, to: span.mid };
    const r = await A.get(`/api/products/${encodeURIComponent(code)}?${qs(q)}`);
    expect(r.body.trend.map((m: { period: string; partial: boolean }) => [m.period, m.partial])).toEqual(monthsOf(q).map((m) => [m.period, m.partial]));
    expect(r.body.trend.some((m: { revenue: number; quantity: number }) => m.revenue === 0 && m.quantity === 0)).toBe(true);
    // a filter outside the data: no month at all
    expect((await A.get(`/api/products/${encodeURIComponent(code)}?${qs({ from: '1990-01-01', to: '1990-12-31' })}`)).body.trend).toEqual([]);
  });
});

describe('GET /api/scatter', () => {
  it("gives the filter's customers in the two axes asked, a sample of at most limit that is the same each time and nested as limit grows", async () => {
    const seg = A.state.summary.rfmSegments.at(-1)!.segment;
    const all = await A.get(`/api/scatter?${qs({ segment: seg, x: 'frequency', y: 'recency', limit: 10000 })}`);
    const size = A.state.summary.rfmSegments.at(-1)!.customers;
    expect(all.body).toMatchObject({ x: 'frequency', y: 'recency', total: size, sampled: false });
    for (const p of all.body.points) {
      const r = A.state.rfm.get(p.customerId)!;
      expect([p.x, p.y, p.rfmSegment, p.cluster]).toEqual([r.frequency, r.recency, r.rfmSegment, r.cluster]);
    }
    const small = await A.get(`/api/scatter?${qs({ segment: seg, limit: 20 })}`);
    const again = await A.get(`/api/scatter?${qs({ segment: seg, limit: 20 })}`);
    const bigger = await A.get(`/api/scatter?${qs({ segment: seg, limit: 40 })}`);
    expect(small.body.points).toHaveLength(Math.min(20, size));
    expect(small.body.sampled).toBe(size > 20);
    expect(again.text).toBe(small.text);
    const ids = new Set(bigger.body.points.map((p: { customerId: string }) => p.customerId));
    expect(small.body.points.every((p: { customerId: string }) => ids.has(p.customerId))).toBe(true);
    expect((await A.get('/api/scatter?x=age')).body.error).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'x' });
    const same = await A.get('/api/scatter?x=recency&y=recency');
    expect([same.status, same.body.error.code, same.body.error.parameter, same.body.error.value, same.body.error.allowed]).toEqual([400, 'INVALID_PARAMETER', 'y', 'recency', 'frequency, monetary']);
    // y defaults to monetary: x=monetary alone is the same mistake
    expect((await A.get('/api/scatter?x=monetary')).body.error).toMatchObject({ parameter: 'y', value: 'monetary' });
  });
});

describe('GET /api/products/:stockCode', () => {
  it('gives the product within a filter, its months and its buyers, as its rows say', async () => {
    const t = A.state.table;
    const code = t.dictionaries.stockCode[t.columns.stockCode[10]!]!;
    const q = { to: span.mid };
    const r = await A.get(`/api/products/${encodeURIComponent(code.toLowerCase())}?${qs(q)}`);
    expect(r.status).toBe(200);
    const rows = [...scan(A.state, q)].filter((i) => t.dictionaries.stockCode[t.columns.stockCode[i]!] === code);
    const revenue = rows.reduce((s, i) => s + t.columns.quantity[i]! * t.columns.unitPrice[i]!, 0);
    const buyers = new Map<string, number>();
    for (const i of rows) {
      const id = t.dictionaries.customer[t.columns.customer[i]!]!;
      buyers.set(id, (buyers.get(id) ?? 0) + t.columns.quantity[i]! * t.columns.unitPrice[i]!);
    }
    expect(r.body.stockCode).toBe(code);
    expect(r.body.revenue).toBeCloseTo(revenue, 2);
    expect(r.body.quantity).toBe(rows.reduce((s, i) => s + t.columns.quantity[i]!, 0));
    expect(r.body.orders).toBe(new Set(rows.map((i) => t.columns.invoice[i])).size);
    expect(r.body.customers).toBe(buyers.size);
    expect(r.body.trend.reduce((s: number, m: { revenue: number }) => s + m.revenue, 0)).toBeCloseTo(revenue, 1);
    expect(r.body.buyers[0].revenue).toBeCloseTo(Math.max(...buyers.values()), 2);
    expect(r.body.buyers.length).toBe(Math.min(100, buyers.size));
    expect((await A.get('/api/products/NO-SUCH-CODE')).body.error).toMatchObject({ code: 'UNKNOWN_PRODUCT', parameter: 'stockCode' });
  });
});

describe('a product\'s cancellations', () => {
  it('are the whole log\'s cancellation lines of that product as loaded, whatever the filter, and zero for one never cancelled', async () => {
    // the fixture's log, as analyze loaded it (cancellations still in it)
    const raw = parseTransactionsCsv(generateTransactions({ seed: 7, customers: 400 })).table;
    const { stockCode, quantity, unitPrice, invoice } = raw.columns;
    const by = new Map<string, { quantity: number; revenue: number; lines: number; sales: number }>();
    for (let i = 0; i < raw.length; i++) {
      const code = raw.dictionaries.stockCode[stockCode[i]!]!;
      const b = by.get(code) ?? { quantity: 0, revenue: 0, lines: 0, sales: 0 };
      if (raw.dictionaries.invoice[invoice[i]!]!.startsWith('C')) {
        b.quantity += -quantity[i]!;
        b.revenue += -quantity[i]! * unitPrice[i]!;
        b.lines++;
      } else if (quantity[i]! > 0) b.sales += quantity[i]! * unitPrice[i]!;
      by.set(code, b);
    }
    const served = new Set(A.state.table.dictionaries.stockCode.filter((_, j) => A.state.table.columns.stockCode.includes(j)));
    const [code, most] = [...by].filter(([c, b]) => b.lines > 0 && served.has(c)).sort((a, b) => b[1].revenue - a[1].revenue)[0]!;
    for (const q of [{}, { to: span.mid }]) {
      const r = await A.get(`/api/products/${encodeURIComponent(code)}?${qs(q)}`);
      expect(r.body.cancelled).toEqual({ quantity: most.quantity, revenue: Math.round(most.revenue * 100) / 100, lines: most.lines, share: Math.round((most.revenue / most.sales) * 1e6) / 1e6, scope: 'whole log' });
    }
    const never = [...served].find((c) => !(by.get(c)?.lines));
    if (never !== undefined) expect((await A.get(`/api/products/${encodeURIComponent(never)}`)).body.cancelled).toMatchObject({ quantity: 0, lines: 0, share: 0 });
  });
});

describe('an artifact set written before issue 16', () => {
  it('loads and serves without currency, k, segmentation, lastPeriod and scoreMeanings, with defaults', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ss-old-')), 'out');
    cpSync(await smallArtifacts(), dir, { recursive: true });
    const file = join(dir, 'analysis.json');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    for (const k of ['currency', 'k', 'segmentation', 'lastPeriod', 'scoreMeanings']) delete doc[k];
    const write = (d: unknown) => {
      writeFileSync(file, JSON.stringify(d));
      const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      const bytes = readFileSync(file);
      Object.assign(m.files.find((f: { path: string }) => f.path === 'analysis.json'), { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
    };
    write(doc);
    const state = loadArtifacts(dir);
    expect(state.extras.currency).toEqual({ code: 'GBP', symbol: '£' });
    expect(state.extras.k.k).toBe(doc.segments.length);
    expect(state.extras.k.text).toContain(`k = ${doc.segments.length}`);
    expect(state.extras.lastPeriod).toEqual(A.state.summary.lastPeriod);
    const { app } = await buildServer(state, { rateLimitPerMinute: 0 });
    try {
      const s = (await app.inject('/api/segments')).json();
      expect(s).toMatchObject({ segmentation: null, currency: { code: 'GBP' } });
      const id = [...state.rfm.keys()][0]!;
      expect((await app.inject(`/api/customers/${id}/recommendations`)).json().scoreMeaning).toBeNull();
      expect((await app.inject('/api/health')).statusCode).toBe(200);
    } finally {
      await app.close();
    }
    // present but of another shape: refused, naming the field
    write({ ...doc, currency: 'GBP' });
    expect(() => loadArtifacts(dir)).toThrow(/currency \(an object, not string\)/);
    write({ ...doc, lastPeriod: { month: '2011-12' } });
    expect(() => loadArtifacts(dir)).toThrow(/lastPeriod\.days/);
  });
});
