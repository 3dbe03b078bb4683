/**
 * The API's routes: what each answers, from the loaded artifacts. Parameters arrive checked for
 * form by the route schemas (schemas.ts); the handlers check what a schema cannot (a known customer,
 * a real date, a country in the data) and throw {@link HttpError}s for the rest.
 */
import { basename } from 'node:path';
import type { FastifyInstance, FastifySchema } from 'fastify';
import type { ProductRanking, TrendInterval } from '@shopper-spectrum/core';
import { coveredDays, dataDays } from './periods.js';
import { findItems, RecommendError } from '@shopper-spectrum/recommend';
import type { LoadedArtifacts } from '../artifacts.js';
import { csvTable } from '../csv.js';
import { clusterScatterChart } from '../charts.js';
import { AnswerCache } from './answerCache.js';
import { ERROR_SCHEMA, HttpError } from './httpError.js';
import type { TableFilters } from './filters.js';
import { salesAnswer, topAnswer } from './filteredAnswers.js';
import type { FilterQuery } from './filters.js';
import { csvFileName } from './csvFileName.js';
import { registerDrillRoutes, sendCsv } from './drillRoutes.js';
import { round } from './numbers.js';
import { routeSchemas } from './schemas.js';
import type { RouteName } from './schemas.js';

/** What the routes answer from. */
export interface RouteContext {
  readonly state: LoadedArtifacts;
  readonly filters: TableFilters;
  readonly cache: AnswerCache;
  readonly started: number;
  readonly version: string;
}

/** The model product routes use: item-knn, else any served one; a log without products has none. */
function productModel(s: LoadedArtifacts, route: string) {
  const model = s.models.get('item-knn') ?? [...s.models.values()][0];
  if (!model) throw new HttpError(404, 'NO_PRODUCTS', `${route} needs products, and this analysis is of a log without them (customers, dates and amounts only)`, 'path', route, 'the customer and segment routes');
  return model;
}

/** Registers every API route on `app` (the schemas document them in the OpenAPI document). */
export function registerRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { state, filters, cache } = ctx;
  const models = [...state.models.keys()];
  const schemas = routeSchemas({ models, charts: [...state.charts.keys()] });
  const defaultModel = state.models.has('item-knn') ? 'item-knn' : models[0];
  const catalogue = state.models.get('item-knn') ?? [...state.models.values()][0];
  const stockCodes = new Map((catalogue?.matrix.items ?? []).map((c) => [c.toUpperCase(), c]));
  const json = 'application/json; charset=utf-8';
  const data = dataDays(state.table);
  const errors = {
    '4xx': { description: 'an error in the one shape', ...ERROR_SCHEMA },
    '5xx': { description: 'an unexpected error (500, logged) or a server stopping (503), in the one shape', ...ERROR_SCHEMA },
  };
  // a route's schema: validation and the error serialisation; its answer of status 200 goes into
  // the OpenAPI document only (the routes' answers are not serialised through a schema)
  const doc = (name: RouteName, tag: string) => {
    const { summary, answer, ...parts } = schemas[name] as { summary: string; answer: object } & Record<string, unknown>;
    return {
      schema: { summary, tags: [tag], ...parts, response: errors },
      config: { swaggerTransform: ({ schema, url }: { schema: FastifySchema; url: string }) => ({ schema: { ...schema, response: { 200: answer, ...errors } }, url }) },
    };
  };

  app.get('/api/openapi.json', doc('openapi', 'service'), () => app.swagger());

  app.get('/api/health', doc('health', 'service'), () => {
    const s = state.summary;
    return {
      status: 'ok',
      version: ctx.version,
      source: basename(s.source), // never an absolute path
      rows: state.table.length,
      customers: s.customers,
      products: s.products,
      models,
      period: s.period,
      artifacts: state.verified,
      currency: state.extras.currency,
      k: state.extras.k,
      lastPeriod: state.extras.lastPeriod,
      uptimeSeconds: Math.round((Date.now() - ctx.started) / 1000),
    };
  });

  app.get('/api/countries', doc('countries', 'data'), (_req, reply) => reply.type(json).send(cache.get('countries', () => ({ countries: filters.countries }))));

  app.get('/api/evaluation', doc('evaluation', 'recommendations'), (_req, reply) => reply.type(json).send(cache.get('evaluation', () => ({ protocol: state.summary.evaluationProtocol, rows: state.summary.evaluation }))));

  app.get('/api/customers/:id/recommendations', doc('recommendations', 'recommendations'), (req, reply) => {
    const { id } = req.params as { id: string };
    const q = req.query as { k: number; seen: 'exclude' | 'allow'; model?: string; fallback: 'popularity' | 'none'; history?: string; format: 'json' | 'csv' };
    productModel(state, 'recommendations');
    const modelName = q.model ?? defaultModel!;
    const history = q.history ? q.history.split(',').map((x) => x.trim()).filter(Boolean) : undefined;
    if (history && history.length > 200) throw new HttpError(400, 'INVALID_PARAMETER', `history may list at most 200 StockCodes, got ${history.length}`, 'history', history.length, 'up to 200 comma-separated StockCodes');
    const model = state.models.get(modelName)!;
    const known = model.matrix.customerIndex.has(id);
    if (!known && q.fallback === 'none' && !history) throw new HttpError(404, 'UNKNOWN_CUSTOMER', `customer ${id} is not in the data and fallback=none`, 'id', id, 'a CustomerID from the data, or fallback=popularity');
    const recs = model.recommend(id, q.k, { seen: q.seen, explain: true, ...(history ? { history } : {}) });
    const code = state.customerCode.get(id);
    const top = recs.reduce((m, r) => Math.max(m, r.score), 0);
    const recommendations = recs.map((r) => ({ stockCode: r.item, description: state.descriptions.get(r.item) ?? null, score: round(r.score, 6), scoreScaled: top > 0 ? round(r.score / top, 6) : 0, because: r.because, source: r.source }));
    const scoreMeaning = state.extras.scoreMeanings[modelName] ?? null;
    if (q.format === 'csv') {
      return sendCsv(reply, `recommendations-${id}-${modelName}.csv`, csvTable(recommendations.map((r, i) => ({ rank: i + 1, ...r })), [['rank', 'Rank'], ['stockCode', 'StockCode'], ['description', 'Description'], ['score', `Score (${scoreMeaning ?? modelName})`], ['scoreScaled', 'Score scaled 0-1 (score / the top score)'], ['because', 'Because'], ['source', 'Source']]));
    }
    return {
      customer: id,
      known,
      model: modelName,
      scoreMeaning,
      seen: q.seen,
      fallback: known ? null : recs[0]?.source ?? 'popularity',
      note: known ? null : history ? 'unknown customer: recommended from the history given' : 'unknown customer: the declared fallback (most popular products)',
      profile: state.rfm.get(id) ?? null,
      recommendations,
      history: code === undefined ? [] : state.history(code, 50),
    };
  });

  registerDrillRoutes(app, ctx, doc);

  app.get('/api/products/search', doc('search', 'products'), (req) => {
    const { q: query, limit } = req.query as { q: string; limit: number };
    if (query.trim() === '') throw new HttpError(400, 'INVALID_PARAMETER', 'q must be a StockCode or words of a product name', 'q', query, 'a non-empty string');
    const matrix = productModel(state, 'product search').matrix;
    try {
      const matches = findItems(matrix, query, { limit });
      return { query, matches: matches.map((m) => ({ stockCode: m.item, description: m.description, score: round(m.score, 3), matched: m.matched, customers: matrix.popularity[matrix.itemIndex.get(m.item)!] })) };
    } catch (error) {
      if (error instanceof RecommendError && error.code === 'NOT_FOUND') return { query, matches: [], note: `no product matches ${JSON.stringify(query)}` };
      throw error;
    }
  });

  // Title Case, as the other CSVs write their headers
  const TOP_CSV = [['stockCode', 'StockCode'], ['description', 'Description'], ['revenue', `Revenue (${state.extras.currency.code})`], ['quantity', 'Quantity'], ['orders', 'Orders'], ['customers', 'Customers'], ['lines', 'Lines']] as const;
  app.get('/api/products/top', doc('top', 'products'), (req, reply) => {
    const q = req.query as FilterQuery & { by: ProductRanking; limit: number; chart?: '0' | '1'; format: 'json' | 'csv' };
    const f = filters.parse(q);
    const compute = () => topAnswer({ table: state.table, rows: filters.rows(f), echo: f.echo, by: q.by, limit: q.limit, chart: q.chart === '1' });
    if (q.format === 'csv') return sendCsv(reply, csvFileName({ base: `top-products-by-${q.by}`, echo: f.echo }), csvTable(compute().rows, TOP_CSV));
    return reply.type(json).send(cache.get(`top|${f.key}|${q.by}|${q.limit}|${q.chart ?? '0'}`, compute));
  });

  app.get('/api/products/:stockCode/similar', doc('similar', 'products'), (req) => {
    const { stockCode: raw } = req.params as { stockCode: string };
    const { k } = req.query as { k: number };
    const model = productModel(state, 'similar products');
    const code = stockCodes.get(raw.toUpperCase());
    if (code === undefined) throw new HttpError(404, 'UNKNOWN_PRODUCT', `StockCode ${JSON.stringify(raw)} is not in the data; search names with GET /api/products/search?q=`, 'stockCode', raw, 'a StockCode from the data');
    return {
      product: { stockCode: code, description: state.descriptions.get(code) ?? null, customers: model.matrix.popularity[model.matrix.itemIndex.get(code)!] },
      similar: model.similarItems(code, k).map((r) => ({ stockCode: r.item, description: state.descriptions.get(r.item) ?? null, score: round(r.score, 6), because: r.because })),
    };
  });

  app.get('/api/sales', doc('sales', 'data'), (req, reply) => {
    const q = req.query as FilterQuery & { interval: TrendInterval; chart?: '0' | '1' };
    const f = filters.parse(q);
    return reply.type(json).send(
      cache.get(`sales|${f.key}|${q.interval}|${q.chart ?? '0'}`, () => salesAnswer({ table: state.table, rows: filters.rows(f), echo: f.echo, interval: q.interval, chart: q.chart === '1', covered: coveredDays(data, f) })),
    );
  });

  const predict = (recency: number, frequency: number, monetary: number) => {
    const p = state.predict(recency, frequency, monetary);
    return {
      input: { recency, frequency, monetary },
      segment: p.segment,
      // the cluster's name, as rfm.csv's ClusterSegment and a recommendation's profile.cluster write it
      cluster: p.segment,
      clusterIndex: p.cluster,
      reason: p.reason,
      distances: p.distances,
      centroids: state.segmentModel.names.map((name, i) => {
        const [r, f, m] = state.segmentModel.centroids[i]!;
        return { segment: name, recency: r, frequency: f, monetary: m, customers: state.segmentModel.sizes[i] };
      }),
    };
  };

  app.post('/api/segments/predict', doc('predict', 'segments'), (req) => {
    const b = req.body as { recency: number; frequency: number; monetary: number };
    return predict(b.recency, b.frequency, b.monetary);
  });

  app.get('/api/charts/:name', doc('chart', 'charts'), (req, reply) => {
    const { name } = req.params as { name: string };
    const q = req.query as { recency?: number; frequency?: number; monetary?: number };
    if (q.recency !== undefined && name !== 'cluster-scatter') throw new HttpError(400, 'UNKNOWN_PARAMETER', 'recency, frequency and monetary mark a point on cluster-scatter only', 'recency', q.recency, 'no parameters for this chart');
    const spec = state.charts.get(name);
    if (!spec) throw new HttpError(404, 'UNKNOWN_CHART', `no chart named ${JSON.stringify(name)}`, 'name', name, [...state.charts.keys()].join(', '));
    if (q.recency === undefined) return reply.type(json).send(cache.get(`chart|${name}`, () => spec));
    const base = spec as { layer?: { data?: { values?: { recency: number; frequency: number; monetary: number; segment: string }[] } }[] };
    const p = predict(q.recency, q.frequency!, q.monetary!);
    return clusterScatterChart(base.layer?.[0]?.data?.values ?? [], state.segmentModel.names, { ...p.input, segment: p.segment }, state.summary.customers);
  });
}
