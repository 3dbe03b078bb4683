/**
 * The analyst's routes over a filter (issue 16): the overview with its previous period, countries,
 * Pareto curves, the customer list and a customer's page, segments and a segment's page, the
 * scatter, cohorts and a product's page. Every answer is computed over the filter's row selection
 * in place (no copy of the table) and kept in the byte-bounded answer cache.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { moneyFormatter } from '../charts.js';
import { csvTable } from '../csv.js';
import type { RouteContext } from './routes.js';
import type { RouteName } from './schemas.js';
import { cohortAnswer, firstPurchases } from './cohortAnswer.js';
import { countryRevenueAnswer } from './countryAnswer.js';
import { attachmentDisposition, csvFileName } from './csvFileName.js';
import { customerDirectory } from './customerDirectory.js';
import { customerList } from './customerList.js';
import type { CustomerListRow, CustomerSort } from './customerList.js';
import { customerProfile, productsByRevenue } from './customerProfile.js';
import { customerTotals } from './customerTotals.js';
import type { FilterQuery, Filters } from './filters.js';
import { HttpError } from './httpError.js';
import { round } from './numbers.js';
import { overviewAnswer } from './overviewAnswer.js';
import { paretoAnswer } from './paretoAnswer.js';
import { coveredDays, dataDays } from './periods.js';
import { productAnswer, productCodes } from './productAnswer.js';
import { SCATTER_AXES, scatterAnswer } from './scatterAnswer.js';
import type { ScatterAxis } from './scatterAnswer.js';
import { groupStats, segmentDetail, valueStats } from './segmentAnswers.js';
import type { GroupStats } from './segmentAnswers.js';

/** A route's schema and OpenAPI words, by the name of its entry in schemas.ts. */
export type RouteDoc = (name: RouteName, tag: string) => object;

const json = 'application/json; charset=utf-8';

/** Sends a CSV attachment. */
export function sendCsv(reply: FastifyReply, filename: string, text: string): FastifyReply {
  return reply.header('content-disposition', attachmentDisposition(filename)).type('text/csv; charset=utf-8').send(text);
}

/** Registers the routes of this file on `app`. */
export function registerDrillRoutes(app: FastifyInstance, ctx: RouteContext, doc: RouteDoc): void {
  const { state, filters, cache } = ctx;
  const { table } = state;
  const groups = filters.segmentations!;
  const directory = customerDirectory({ table, rows: state.customerRows, rfm: state.rfm, scores: state.scores });
  const data = dataDays(table);
  const currency = state.extras.currency;
  const code = currency.code;
  const money = moneyFormatter(currency, 2);
  const products = productCodes(table);
  const asOf = (state.rfmSegments as { asOf?: unknown } | null)?.asOf;
  const asOfDay = typeof asOf === 'string' ? asOf.slice(0, 10) : null;
  const parse = (q: FilterQuery) => filters.parse(q);
  const totalsOf = (f: Filters) => customerTotals({ table, rows: filters.rows(f) });

  app.get('/api/overview', doc('overview', 'data'), (req, reply) => {
    const f = parse(req.query as FilterQuery);
    return reply.type(json).send(cache.get(`overview|${f.key}`, () => overviewAnswer({ filters, filter: f, data, currency })));
  });

  app.get('/api/countries/revenue', doc('countriesRevenue', 'data'), (req, reply) => {
    const f = parse(req.query as FilterQuery);
    return reply.type(json).send(cache.get(`countries-revenue|${f.key}`, () => countryRevenueAnswer({ table, rows: filters.rows(f), echo: f.echo })));
  });

  app.get('/api/pareto', doc('pareto', 'data'), (req, reply) => {
    const f = parse(req.query as FilterQuery);
    return reply.type(json).send(cache.get(`pareto|${f.key}`, () => paretoAnswer({ table, rows: filters.rows(f), echo: f.echo })));
  });

  const first = firstPurchases(table);
  app.get('/api/cohorts', doc('cohorts', 'data'), (req, reply) => {
    const f = parse(req.query as FilterQuery);
    return reply.type(json).send(cache.get(`cohorts|${f.key}`, () => cohortAnswer({ table, rows: filters.rows(f), first, covered: coveredDays(data, f), echo: f.echo })));
  });

  const CUSTOMER_CSV: readonly (readonly [keyof CustomerListRow & string, string])[] = [
    ['customerId', 'CustomerID'],
    ['country', 'Country'],
    ['recency', 'Recency (days)'],
    ['frequency', 'Frequency (orders)'],
    ['monetary', `Monetary (${code})`],
    ['score', 'RFMScore'],
    ['rfmSegment', 'RFMSegment'],
    ['cluster', 'Cluster'],
    ['revenue', `Revenue in filter (${code})`],
    ['orders', 'Orders in filter'],
    ['clv12m', `CLV 12 months (${code})`],
    ['pAlive', 'P(alive)'],
    ['expectedPurchases12m', 'Expected purchases 12 months'],
  ];

  app.get('/api/customers', doc('customers', 'customers'), (req, reply) => {
    const q = req.query as FilterQuery & { q?: string; sort: CustomerSort; order: 'asc' | 'desc'; page: number; pageSize: number; format: 'json' | 'csv' };
    const f = parse(q);
    const list = (pageSize: number) => customerList({ directory, totals: totalsOf(f), echo: f.echo, ...(q.q === undefined ? {} : { q: q.q }), sort: q.sort, order: q.order, page: q.page, pageSize });
    if (q.format === 'csv') return sendCsv(reply, csvFileName({ base: 'customers', echo: f.echo }), csvTable(list(Infinity).rows, CUSTOMER_CSV));
    return reply.type(json).send(cache.get(`customers|${f.key}|${q.q ?? ''}|${q.sort}|${q.order}|${q.page}|${q.pageSize}`, () => list(q.pageSize)));
  });

  const customerCode = (id: string) => {
    const c = state.customerCode.get(id);
    if (c === undefined) throw new HttpError(404, 'UNKNOWN_CUSTOMER', `customer ${id} is not in the data; GET /api/customers?q= searches CustomerIDs`, 'id', id, 'a CustomerID from the data');
    return c;
  };

  app.get('/api/customers/:id', doc('customer', 'customers'), (req, reply) => {
    const { id } = req.params as { id: string };
    const c = customerCode(id);
    return reply.type(json).send(cache.get(`customer|${id}`, () => customerProfile({ table, rows: state.customerRows, directory, code: c, history: state.history, money, asOf: asOfDay })));
  });

  app.get('/api/customers/:id/products', doc('customerProducts', 'customers'), (req, reply) => {
    const { id } = req.params as { id: string };
    const { format } = req.query as { format: 'json' | 'csv' };
    const c = customerCode(id);
    const list = productsByRevenue(state.history(c, Infinity));
    if (format === 'csv') return sendCsv(reply, `customer-${id}-products.csv`, csvTable(list, [['stockCode', 'StockCode'], ['description', 'Description'], ['orders', 'Orders'], ['quantity', 'Quantity'], ['revenue', `Revenue (${code})`], ['lastPurchase', 'Last purchase']]));
    return reply.type(json).send({ customerId: id, products: list });
  });

  /** The segment and cluster tables of a filter. */
  const segmentTables = (f: Filters) => {
    const totals = totalsOf(f);
    return { totals, rfm: groupStats({ groups: groups.rfm, totals, directory }), cluster: groupStats({ groups: groups.cluster, totals, directory }) };
  };
  const SEGMENT_CSV: readonly (readonly [keyof (GroupStats & { kind: string }) & string, string])[] = [
    ['kind', 'Kind'],
    ['segment', 'Segment'],
    ['customers', 'Customers'],
    ['customerShare', 'Share of customers'],
    ['revenue', `Revenue (${code})`],
    ['revenueShare', 'Share of revenue'],
    ['medianRecency', 'Median recency (days)'],
    ['medianFrequency', 'Median frequency (orders)'],
    ['medianMonetary', `Median monetary (${code})`],
    ['averageOrderValue', `Average order value (${code})`],
    ['meanClv', `Mean CLV 12 months (${code})`],
    ['totalClv', `Total CLV 12 months (${code})`],
    ['meanPAlive', 'Mean P(alive)'],
  ];

  // the models as of the analysis and the customers' value within the filter; null without clv.csv or a fitted model
  const customerValueOf = (totals: ReturnType<typeof totalsOf>) => {
    const v = state.summary.customerValue;
    if (state.clv === null || !v || v.model === null) return null;
    const { bySegment: _bySegment, ...model } = v;
    return { ...model, filtered: valueStats({ customers: totals.present, directory }) };
  };

  app.get('/api/segments', doc('segments', 'segments'), (req, reply) => {
    const q = req.query as FilterQuery & { format: 'json' | 'csv' };
    const f = parse(q);
    if (q.format === 'csv') {
      const t = segmentTables(f);
      return sendCsv(reply, csvFileName({ base: 'segments', echo: f.echo }), csvTable([...t.rfm.map((r) => ({ kind: 'rfm', ...r })), ...t.cluster.map((r) => ({ kind: 'cluster', ...r }))], SEGMENT_CSV));
    }
    return reply.type(json).send(
      cache.get(`segments|${f.key}`, () => {
        const s = state.summary;
        const t = segmentTables(f);
        const byName = new Map(t.cluster.map((g) => [g.segment, g]));
        const rfmDoc = (state.rfmSegments ?? {}) as Record<string, unknown>;
        return {
          filter: f.echo,
          currency,
          segments: s.segments.map((g) => {
            const x = byName.get(g.name);
            return { ...g, customers: x?.customers ?? 0, customerShare: x?.customerShare ?? 0, revenue: x?.revenue ?? 0, revenueShare: x?.revenueShare ?? 0, median: { recency: x?.medianRecency ?? null, frequency: x?.medianFrequency ?? null, monetary: x?.medianMonetary ?? null }, meanClv: x?.meanClv ?? null, totalClv: x?.totalClv ?? null, meanPAlive: x?.meanPAlive ?? null };
          }),
          rfmSegments: { ...rfmDoc, business: t.rfm },
          customerValue: customerValueOf(t.totals),
          atRisk: state.summary.atRisk ?? null,
          k: state.extras.k,
          segmentation: state.extras.segmentation,
          lastPeriod: state.extras.lastPeriod,
          chooseK: s.chooseK,
          agglomerative: s.agglomerative,
          model: { features: state.segmentModel.features, preparation: state.segmentModel.preparation },
        };
      }),
    );
  });

  app.get('/api/segments/:name', doc('segment', 'segments'), (req, reply) => {
    const { name } = req.params as { name: string };
    const q = req.query as FilterQuery & { kind: 'rfm' | 'cluster' };
    const key = q.kind === 'rfm' ? 'segment' : 'cluster';
    const g = groups[q.kind].index.get(name.toLowerCase());
    if (g === undefined) throw new HttpError(404, 'UNKNOWN_SEGMENT', `${q.kind === 'rfm' ? 'RFM segment' : 'cluster'} ${JSON.stringify(name)} is not in this analysis${q.kind === 'rfm' ? ' (kind=cluster for a cluster)' : ''}`, 'name', name, groups[q.kind].names.join(', '));
    const canonical = groups[q.kind].names[g]!;
    if (q[key] !== undefined && q[key]!.toLowerCase() !== canonical.toLowerCase()) throw new HttpError(400, 'INVALID_PARAMETER', `${key}=${q[key]} contradicts the ${q.kind === 'rfm' ? 'segment' : 'cluster'} of the path (${canonical}): leave ${key} out`, key, q[key], `absent, or ${canonical}`);
    const f = parse({ ...q, [key]: canonical });
    return reply.type(json).send(
      cache.get(`segment|${q.kind}|${f.key}`, () => {
        // the segment's share of the filter without it, and its own figures
        const without = q.kind === 'rfm' ? { ...f, segment: null } : { ...f, cluster: null };
        const all = totalsOf(without);
        const stats = groupStats({ groups: groups[q.kind], totals: all, directory })[g]!;
        const reason = q.kind === 'cluster' ? state.summary.segments.find((s) => s.name === canonical)?.reason ?? null : null;
        return { ...segmentDetail({ table, rows: filters.rows(f), stats, kind: q.kind, echo: f.echo, reason, covered: coveredDays(data, f) }) };
      }),
    );
  });

  app.get('/api/scatter', doc('scatter', 'segments'), (req, reply) => {
    const q = req.query as FilterQuery & { x: ScatterAxis; y: ScatterAxis; limit: number };
    if (q.x === q.y) throw new HttpError(400, 'INVALID_PARAMETER', `y must be another measure than x (both are ${q.x}): a scatter needs two axes`, 'y', q.y, SCATTER_AXES.filter((a) => a !== q.x).join(', '));
    const f = parse(q);
    return reply.type(json).send(cache.get(`scatter|${f.key}|${q.x}|${q.y}|${q.limit}`, () => scatterAnswer({ directory, customers: totalsOf(f).present, echo: f.echo, x: q.x, y: q.y, limit: q.limit })));
  });

  app.get('/api/products/:stockCode', doc('product', 'products'), (req, reply) => {
    const { stockCode: raw } = req.params as { stockCode: string };
    const j = products.get(raw.toUpperCase());
    if (j === undefined || !table.schema.products) throw new HttpError(404, 'UNKNOWN_PRODUCT', `StockCode ${JSON.stringify(raw)} is not in the data; search names with GET /api/products/search?q=`, 'stockCode', raw, 'a StockCode from the data');
    const f = parse(req.query as FilterQuery);
    const stock = table.dictionaries.stockCode[j]!;
    return reply.type(json).send(cache.get(`product|${j}|${f.key}`, () => productAnswer({ table, rows: filters.rows(f), echo: f.echo, code: j, description: state.descriptions.get(stock) ?? null, covered: coveredDays(data, f), cancelled: state.cancellations === null ? null : (state.cancellations.get(stock) ?? { quantity: 0, revenue: 0, lines: 0, share: 0 }) })));
  });
}
