/**
 * `serve`: the dashboard and its JSON API over an artifacts directory, on Node's own HTTP server.
 *
 * Every parameter is validated; bad input gets a 400 whose JSON names the field, the value and what
 * is allowed. Static files come from a fixed table of names (the dashboard and the Vega bundles), so
 * no path taken from a request ever reaches the file system.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isShopperSpectrumError, MS_PER_DAY, salesTrend, selectRows, topProducts } from '@shopper-spectrum/core';
import { httpStatusOf } from './errors.js';
import type { ProductRanking, TransactionTable, TrendInterval } from '@shopper-spectrum/core';
import { findItems, RecommendError } from '@shopper-spectrum/recommend';
import { loadArtifacts } from './artifacts.js';
import type { LoadedArtifacts } from './artifacts.js';
import { toCsv } from './analyze.js';
import { clusterScatterChart, salesTrendChart, topProductsChart } from './charts.js';
import type { ChartSpec } from './charts.js';

/** Options of {@link startServer}. */
export interface ServeOptions {
  readonly artifacts: string;
  readonly port?: number;
  readonly host?: string;
  /** Request log stream, or null for none. */
  readonly log?: { write(s: string): unknown } | null;
  /** Where unexpected errors are logged (whatever `log` is). */
  readonly errorLog?: { write(s: string): unknown };
}

/** A running server. */
export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  readonly state: LoadedArtifacts;
  close(): Promise<void>;
}

/** A 4xx answer: status, code, and the field it is about. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly value?: unknown,
    readonly allowed?: string,
  ) {
    super(message);
  }
}

const here = dirname(fileURLToPath(import.meta.url));

function packageFile(pkg: string, file: string): string {
  // walk up from the resolved entry to the package root
  let dir = dirname(fileURLToPath(import.meta.resolve(pkg)));
  for (let i = 0; i < 4; i++) {
    try {
      const name = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name;
      if (name === pkg) return join(dir, file);
    } catch {
      /* keep walking */
    }
    dir = dirname(dir);
  }
  throw new Error(`cannot find ${file} of ${pkg}`);
}

/** The only files served: URL path -> [file, content type]. */
function staticFiles(): Map<string, { path: string; type: string }> {
  const pub = join(here, '..', 'public');
  return new Map([
    ['/', { path: join(pub, 'index.html'), type: 'text/html; charset=utf-8' }],
    ['/index.html', { path: join(pub, 'index.html'), type: 'text/html; charset=utf-8' }],
    ['/app.js', { path: join(pub, 'app.js'), type: 'text/javascript; charset=utf-8' }],
    ['/style.css', { path: join(pub, 'style.css'), type: 'text/css; charset=utf-8' }],
    ['/vendor/vega.min.js', { path: packageFile('vega', 'build/vega.min.js'), type: 'text/javascript; charset=utf-8' }],
    ['/vendor/vega-lite.min.js', { path: packageFile('vega-lite', 'build/vega-lite.min.js'), type: 'text/javascript; charset=utf-8' }],
    ['/vendor/vega-embed.min.js', { path: packageFile('vega-embed', 'build/vega-embed.min.js'), type: 'text/javascript; charset=utf-8' }],
  ]);
}

// ---- parameter validation -------------------------------------------------------------------

function intParam(q: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = q.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) throw new HttpError(400, 'INVALID_PARAMETER', `${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`, name, raw, `${min}..${max}`);
  return n;
}

function enumParam<T extends string>(q: URLSearchParams, name: string, fallback: T, allowed: readonly T[]): T {
  const raw = q.get(name);
  if (raw === null || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new HttpError(400, 'INVALID_PARAMETER', `${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(raw)}`, name, raw, allowed.join(' | '));
  return raw as T;
}

function dateParam(q: URLSearchParams, name: string): number | null {
  const raw = q.get(name);
  if (raw === null || raw === '') return null;
  const t = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? Date.parse(`${raw}T00:00:00Z`) : NaN;
  if (Number.isNaN(t)) throw new HttpError(400, 'INVALID_PARAMETER', `${name} must be a date YYYY-MM-DD, got ${JSON.stringify(raw)}`, name, raw, 'YYYY-MM-DD');
  return t;
}

/** Date range and country, validated. */
interface Filters {
  readonly from: number | null;
  readonly to: number | null;
  readonly country: number | null;
  readonly key: string;
  readonly echo: { from: string | null; to: string | null; country: string | null };
}

function filtersOf(q: URLSearchParams, s: LoadedArtifacts, countryIndex: ReadonlyMap<string, number>): Filters {
  const from = dateParam(q, 'from');
  const to = dateParam(q, 'to');
  if (from !== null && to !== null && to < from) throw new HttpError(400, 'INVALID_PARAMETER', `to (${q.get('to')}) is before from (${q.get('from')})`, 'to', q.get('to'), 'a date on or after from');
  const rawCountry = q.get('country');
  let country: number | null = null;
  if (rawCountry !== null && rawCountry !== '' && rawCountry.toLowerCase() !== 'all') {
    const c = countryIndex.get(rawCountry.toLowerCase());
    if (c === undefined) throw new HttpError(400, 'INVALID_PARAMETER', `country ${JSON.stringify(rawCountry)} is not in the data; GET /api/countries lists the ${countryIndex.size} that are`, 'country', rawCountry, 'a country from GET /api/countries, or all');
    country = c;
  }
  return {
    from,
    to,
    country,
    key: `${from}|${to}|${country}`,
    echo: { from: q.get('from') || null, to: q.get('to') || null, country: country === null ? null : s.table.dictionaries.country[country]! },
  };
}

// ---- the handlers ---------------------------------------------------------------------------

interface Context {
  readonly state: LoadedArtifacts;
  readonly countryIndex: ReadonlyMap<string, number>;
  readonly filtered: (f: Filters) => TransactionTable;
  readonly started: number;
  /** Upper-cased StockCode -> StockCode, for case-insensitive lookups. */
  readonly stockCodes: ReadonlyMap<string, string>;
}

function kpis(t: TransactionTable) {
  const { quantity, unitPrice, invoice, customer, stockCode } = t.columns;
  let revenue = 0;
  const inv = new Set<number>();
  const cus = new Set<number>();
  const prod = new Set<number>();
  for (let i = 0; i < t.length; i++) {
    revenue += quantity[i]! * unitPrice[i]!;
    inv.add(invoice[i]!);
    if (customer[i]! >= 0) cus.add(customer[i]!);
    prod.add(stockCode[i]!);
  }
  return { revenue: Math.round(revenue * 100) / 100, orders: inv.size, customers: cus.size, products: prod.size, rows: t.length, averageOrderValue: inv.size ? Math.round((revenue / inv.size) * 100) / 100 : 0 };
}

/** The model product routes use: item-knn, else any served one; a log without products has none. */
function productModel(s: LoadedArtifacts, route: string) {
  const model = s.models.get('item-knn') ?? [...s.models.values()][0];
  if (!model) throw new HttpError(404, 'NO_PRODUCTS', `${route} needs products, and this analysis is of a log without them (customers, dates and amounts only)`, 'path', route, 'the customer and segment routes');
  return model;
}

function recommendations(ctx: Context, id: string, q: URLSearchParams) {
  const s = ctx.state;
  productModel(s, 'recommendations');
  const k = intParam(q, 'k', 10, 1, 100);
  const seen = enumParam(q, 'seen', 'exclude', ['exclude', 'allow'] as const);
  const modelName = enumParam(q, 'model', s.models.has('item-knn') ? 'item-knn' : [...s.models.keys()][0]!, [...s.models.keys()]);
  const fallback = enumParam(q, 'fallback', 'popularity', ['popularity', 'none'] as const);
  const historyRaw = q.get('history');
  const history = historyRaw ? historyRaw.split(',').map((x) => x.trim()).filter(Boolean) : undefined;
  if (history && history.length > 200) throw new HttpError(400, 'INVALID_PARAMETER', `history may list at most 200 StockCodes, got ${history.length}`, 'history', history.length, 'up to 200 comma-separated StockCodes');
  if (!/^[\w.-]{1,40}$/.test(id)) throw new HttpError(400, 'INVALID_PARAMETER', `customer id must be 1 to 40 letters, digits, '.', '_' or '-', got ${JSON.stringify(id)}`, 'id', id, '[A-Za-z0-9._-]{1,40}');
  const model = s.models.get(modelName)!;
  const known = model.matrix.customerIndex.has(id);
  if (!known && fallback === 'none' && !history) throw new HttpError(404, 'UNKNOWN_CUSTOMER', `customer ${id} is not in the data and fallback=none`, 'id', id, 'a CustomerID from the data, or fallback=popularity');
  const recs = model.recommend(id, k, { seen, explain: true, ...(history ? { history } : {}) });
  const code = s.customerCode.get(id);
  const hist = code === undefined ? [] : s.history(code, 50);
  return {
    customer: id,
    known,
    model: modelName,
    seen,
    fallback: known ? null : recs[0]?.source ?? 'popularity',
    note: known ? null : history ? 'unknown customer: recommended from the history given' : 'unknown customer: the declared fallback (most popular products)',
    profile: s.rfm.get(id) ?? null,
    recommendations: recs.map((r) => ({ stockCode: r.item, description: s.descriptions.get(r.item) ?? null, score: Math.round(r.score * 1e6) / 1e6, because: r.because, source: r.source })),
    history: hist,
  };
}

function similar(ctx: Context, raw: string, q: URLSearchParams) {
  const s = ctx.state;
  const k = intParam(q, 'k', 10, 1, 100);
  const model = productModel(s, 'similar products');
  const code = ctx.stockCodes.get(raw.toUpperCase());
  if (code === undefined) throw new HttpError(404, 'UNKNOWN_PRODUCT', `StockCode ${JSON.stringify(raw)} is not in the data; search names with GET /api/products/search?q=`, 'stockCode', raw, 'a StockCode from the data');
  return {
    product: { stockCode: code, description: s.descriptions.get(code) ?? null, customers: model.matrix.popularity[model.matrix.itemIndex.get(code)!] },
    similar: model.similarItems(code, k).map((r) => ({ stockCode: r.item, description: s.descriptions.get(r.item) ?? null, score: Math.round(r.score * 1e6) / 1e6, because: r.because })),
  };
}

function search(ctx: Context, q: URLSearchParams) {
  const query = q.get('q');
  if (query === null || query.trim() === '') throw new HttpError(400, 'INVALID_PARAMETER', 'q must be a StockCode or words of a product name', 'q', query, 'a non-empty string');
  if (query.length > 200) throw new HttpError(400, 'INVALID_PARAMETER', `q may be at most 200 characters, got ${query.length}`, 'q', query.length, 'up to 200 characters');
  const limit = intParam(q, 'limit', 10, 1, 50);
  const matrix = productModel(ctx.state, 'product search').matrix;
  try {
    const matches = findItems(matrix, query, { limit });
    return { query, matches: matches.map((m) => ({ stockCode: m.item, description: m.description, score: Math.round(m.score * 1000) / 1000, matched: m.matched, customers: matrix.popularity[matrix.itemIndex.get(m.item)!] })) };
  } catch (error) {
    if (error instanceof RecommendError && error.code === 'NOT_FOUND') return { query, matches: [], note: `no product matches ${JSON.stringify(query)}` };
    throw error;
  }
}

function predictSegment(ctx: Context, body: unknown) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'INVALID_BODY', 'the body must be a JSON object { recency, frequency, monetary }', 'body', body, '{ recency, frequency, monetary }');
  const b = body as Record<string, unknown>;
  const num = (field: string, min: number, what: string) => {
    const v = b[field];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) throw new HttpError(400, 'INVALID_PARAMETER', `${field} must be ${what}, got ${JSON.stringify(v) ?? 'nothing'}`, field, v ?? null, what);
    return v;
  };
  const recency = num('recency', 0, 'a number of days >= 0');
  const frequency = num('frequency', 1, 'a number of orders >= 1');
  const monetary = num('monetary', 0, 'an amount >= 0');
  const p = ctx.state.predict(recency, frequency, monetary);
  return {
    input: { recency, frequency, monetary },
    ...p,
    centroids: ctx.state.segmentModel.names.map((name, i) => {
      const [r, f, m] = ctx.state.segmentModel.centroids[i]!;
      return { segment: name, recency: r, frequency: f, monetary: m, customers: ctx.state.segmentModel.sizes[i] };
    }),
  };
}

function sales(ctx: Context, q: URLSearchParams) {
  const f = filtersOf(q, ctx.state, ctx.countryIndex);
  const interval = enumParam<TrendInterval>(q, 'interval', 'month', ['day', 'week', 'month']);
  const t = ctx.filtered(f);
  const points = t.length ? salesTrend(t, { interval }) : [];
  const out: { filters: unknown; interval: string; kpis: unknown; points: unknown; chart?: ChartSpec } = {
    filters: f.echo,
    interval,
    kpis: kpis(t),
    points: points.map((p) => ({ period: p.period.slice(0, 10), revenue: Math.round(p.revenue * 100) / 100, orders: p.orders, customers: p.customers, items: p.items })),
  };
  if (q.get('chart') === '1') out.chart = salesTrendChart(points, `Revenue by ${interval}`);
  return out;
}

function top(ctx: Context, q: URLSearchParams) {
  const f = filtersOf(q, ctx.state, ctx.countryIndex);
  const by = enumParam<ProductRanking>(q, 'by', 'revenue', ['revenue', 'quantity', 'orders', 'customers']);
  const limit = intParam(q, 'limit', 50, 1, 500);
  const t = ctx.filtered(f);
  const rows = t.length ? topProducts(t, { by, limit }).map((r) => ({ ...r, revenue: Math.round(r.revenue * 100) / 100 })) : [];
  return { filters: f.echo, by, limit, rows, ...(q.get('chart') === '1' ? { chart: topProductsChart(rows.slice(0, 15), `Top products by ${by}`, by) } : {}) };
}

// ---- the server -----------------------------------------------------------------------------

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new HttpError(413, 'BODY_TOO_LARGE', 'the body may be at most 64 KiB', 'body', size, 'up to 65536 bytes');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'INVALID_JSON', 'the body is not valid JSON', 'body', text.slice(0, 80), 'a JSON object');
  }
}

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json; charset=utf-8'): void {
  const text = typeof body === 'string' || body instanceof Buffer ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(text);
}

/** Creates the request handler over loaded artifacts. */
export function createHandler(state: LoadedArtifacts, errorLog: { write(s: string): unknown } = process.stderr): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const files = staticFiles();
  const fileCache = new Map<string, Buffer>();
  const countryIndex = new Map<string, number>();
  const countryRows = new Map<number, number>();
  for (const c of state.table.columns.country) countryRows.set(c, (countryRows.get(c) ?? 0) + 1);
  state.table.dictionaries.country.forEach((name, i) => {
    if (countryRows.has(i)) countryIndex.set(name.toLowerCase(), i);
  });
  const cache = new Map<string, TransactionTable>();
  const filtered = (f: Filters): TransactionTable => {
    if (f.from === null && f.to === null && f.country === null) return state.table;
    const hit = cache.get(f.key);
    if (hit) return hit;
    const { invoiceDate, country } = state.table.columns;
    const lo = f.from ?? -Infinity;
    const hi = f.to === null ? Infinity : f.to + MS_PER_DAY;
    const idx: number[] = [];
    for (let i = 0; i < state.table.length; i++) {
      const t = invoiceDate[i]!;
      if (t >= lo && t < hi && (f.country === null || country[i] === f.country)) idx.push(i);
    }
    const t = selectRows(state.table, idx);
    if (cache.size >= 64) cache.delete(cache.keys().next().value!);
    cache.set(f.key, t);
    return t;
  };
  const catalogue = state.models.get('item-knn') ?? [...state.models.values()][0];
  const stockCodes = new Map((catalogue?.matrix.items ?? []).map((c) => [c.toUpperCase(), c]));
  const ctx: Context = { state, countryIndex, filtered, started: Date.now(), stockCodes };
  // answers that depend only on the query (the artifacts never change while serving), last 256 kept
  const answers = new Map<string, unknown>();
  const memo = <T>(key: string, compute: () => T): T => {
    if (answers.has(key)) return answers.get(key) as T;
    const value = compute();
    if (answers.size >= 256) answers.delete(answers.keys().next().value!);
    answers.set(key, value);
    return value;
  };
  const countries = [...countryIndex.values()].map((i) => ({ country: state.table.dictionaries.country[i]!, rows: countryRows.get(i)! })).sort((a, b) => b.rows - a.rows);

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const q = url.searchParams;
    try {
      if (!path.startsWith('/api/')) {
        const file = files.get(path);
        if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) return send(res, 404, 'not found', 'text/plain; charset=utf-8');
        let body = fileCache.get(file.path);
        if (!body) fileCache.set(file.path, (body = readFileSync(file.path)));
        res.writeHead(200, { 'content-type': file.type, 'cache-control': path.startsWith('/vendor/') ? 'max-age=86400' : 'no-cache' });
        res.end(req.method === 'HEAD' ? undefined : body);
        return;
      }
      if (req.method === 'POST' && path === '/api/segments/predict') return send(res, 200, predictSegment(ctx, await readJson(req)));
      if (req.method !== 'GET') throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${path}`, 'method', req.method, path === '/api/segments/predict' ? 'POST' : 'GET');
      let m: RegExpMatchArray | null;
      if (path === '/api/health') {
        const s = state.summary;
        return send(res, 200, { status: 'ok', source: s.source, rows: state.table.length, customers: s.customers, products: s.products, models: [...state.models.keys()], period: s.period, uptimeSeconds: Math.round((Date.now() - ctx.started) / 1000) });
      }
      if ((m = path.match(/^\/api\/customers\/([^/]+)\/recommendations$/))) return send(res, 200, recommendations(ctx, decodeURIComponent(m[1]!), q));
      if (path === '/api/products/search') return send(res, 200, search(ctx, q));
      if (path === '/api/products/top') {
        const body = memo(`top?${q}`, () => top(ctx, q));
        if (q.get('format') === 'csv') {
          res.setHeader('content-disposition', `attachment; filename="top-products-by-${body.by}.csv"`);
          return send(res, 200, toCsv(body.rows, ['stockCode', 'description', 'revenue', 'quantity', 'orders', 'customers', 'lines']), 'text/csv; charset=utf-8');
        }
        return send(res, 200, body);
      }
      if ((m = path.match(/^\/api\/products\/([^/]+)\/similar$/))) return send(res, 200, similar(ctx, decodeURIComponent(m[1]!), q));
      if (path === '/api/sales') return send(res, 200, memo(`sales?${q}`, () => sales(ctx, q)));
      if (path === '/api/countries') return send(res, 200, { countries });
      if (path === '/api/segments') {
        const s = state.summary;
        return send(res, 200, { segments: s.segments, rfmSegments: state.rfmSegments, chooseK: s.chooseK, agglomerative: s.agglomerative, model: { features: state.segmentModel.features, preparation: state.segmentModel.preparation } });
      }
      if (path === '/api/evaluation') return send(res, 200, { protocol: state.summary.evaluationProtocol, rows: state.summary.evaluation });
      if ((m = path.match(/^\/api\/charts\/([a-z-]+)$/))) {
        const name = m[1]!;
        if (name === 'cluster-scatter' && q.has('recency')) {
          const base = state.charts.get('cluster-scatter') as { layer: { data: { values: { recency: number; frequency: number; monetary: number; segment: string }[] } }[] } | undefined;
          const body = predictSegment(ctx, { recency: Number(q.get('recency')), frequency: Number(q.get('frequency')), monetary: Number(q.get('monetary')) });
          return send(res, 200, clusterScatterChart(base?.layer[0]?.data.values ?? [], state.segmentModel.names, { ...body.input, segment: body.segment }, state.summary.customers));
        }
        const spec = state.charts.get(name);
        if (!spec) throw new HttpError(404, 'UNKNOWN_CHART', `no chart named ${JSON.stringify(name)}`, 'name', name, [...state.charts.keys()].join(' | '));
        return send(res, 200, spec);
      }
      throw new HttpError(404, 'NOT_FOUND', `no API route ${path}`, 'path', path, 'see GET /api/health and docs/dashboard-and-api.md');
    } catch (error) {
      if (error instanceof HttpError) {
        return send(res, error.status, { error: { code: error.code, message: error.message, field: error.field ?? null, value: error.value ?? null, allowed: error.allowed ?? null } });
      }
      if (isShopperSpectrumError(error)) {
        // a library error from any package: its status, code, message and what it names
        const j = error.toJSON();
        // the value as given when it is short text or a number (as the app's own errors send it), else described
        const value = typeof error.value === 'string' ? error.value.slice(0, 120) : typeof error.value === 'number' ? error.value : j.value;
        return send(res, httpStatusOf(error), { error: { code: j.code, message: j.message, field: j.parameter, value, allowed: j.allowed } });
      }
      if (error instanceof URIError) return send(res, 400, { error: { code: 'INVALID_PARAMETER', message: 'the path is not valid percent-encoding', field: 'path', value: path, allowed: 'a percent-encoded path' } });
      errorLog.write(`unexpected error on ${req.method} ${path}: ${(error as Error)?.stack ?? String(error)}\n`);
      send(res, 500, { error: { code: 'INTERNAL', message: 'an unexpected error; it has been logged', field: null, value: null, allowed: null } });
    }
  };
}

/** Loads the artifacts and listens; resolves once the port is open. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const state = loadArtifacts(options.artifacts);
  const log = options.log ?? null;
  // unexpected errors are logged even when the request log is off (--quiet)
  const handle = createHandler(state, options.errorLog ?? process.stderr);
  const server = createServer((req, res) => {
    const t = performance.now();
    res.on('finish', () => log?.write(`${req.method} ${req.url} ${res.statusCode} ${(performance.now() - t).toFixed(1)} ms\n`));
    void handle(req, res);
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    server,
    state,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
