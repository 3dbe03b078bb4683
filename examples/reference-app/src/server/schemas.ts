/**
 * The JSON schemas of every route's parameters, query and body: the server validates requests
 * with them and the OpenAPI document at `/api/openapi.json` is generated from them. Each property's
 * `description` says what is allowed; a refused value's error answer quotes it.
 */

const int = (min: number, max: number, dflt: number, what: string) => ({ type: 'integer', minimum: min, maximum: max, default: dflt, description: `${what}: an integer from ${min} to ${max} (default ${dflt})` }) as const;
const oneOf = <T extends string>(values: readonly T[], dflt: T | undefined, what: string) => ({ type: 'string', enum: values, ...(dflt === undefined ? {} : { default: dflt }), description: `${what}: one of ${values.join(', ')}${dflt === undefined ? '' : ` (default ${dflt})`}` }) as const;
const date = (what: string) => ({ type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: `${what}: a date YYYY-MM-DD` }) as const;
const flag = (what: string) => ({ type: 'string', enum: ['0', '1'], description: `${what}: 1 to include it, 0 or absent not to` }) as const;

const filters = {
  from: date('first day (inclusive)'),
  to: date('last day (inclusive)'),
  country: { type: 'string', minLength: 1, maxLength: 100, description: 'a country from GET /api/countries, or all' },
} as const;

/** The JSON types an answer's field may have. */
type FieldType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

/**
 * A route's answer of status 200, for the OpenAPI document only (the routes are not serialised
 * through it): its top-level fields, each `[type, what it holds]`; `optional` names the fields only
 * some answers carry. No other field is sent (`additionalProperties: false`; test/serverOpenapi.test.ts
 * checks real answers against it).
 */
const answer = (description: string, fields: Record<string, readonly [FieldType | readonly FieldType[], string]>, optional: readonly string[] = []) => ({
  description,
  content: {
    'application/json': {
      schema: {
        type: 'object',
        additionalProperties: false,
        required: Object.keys(fields).filter((k) => !optional.includes(k)),
        properties: Object.fromEntries(Object.entries(fields).map(([name, [type, what]]) => [name, { type, description: what }])),
      },
    },
  },
});

/** An answer that is CSV too (with format=csv). */
const csvToo = <A extends { content: Record<string, unknown> }>(a: A, csv: string) => ({ ...a, content: { ...a.content, 'text/csv': { schema: { type: 'string', description: csv } } } });

/** Fields of the two filtered answers. */
const filterEcho = ['object', 'the filters applied, { from, to, country } (null where not set; the country as the data writes it)'] as const;

/** Query of a route with no parameters. */
const none = { type: 'object', additionalProperties: false, properties: {} } as const;

/** What the schemas of one server depend on: the names of what it serves. */
export interface RouteSchemaOptions {
  /** The recommenders served (the values of `model=`). */
  readonly models: readonly string[];
  /** The charts analyze saved (the names of `/api/charts/{name}`). */
  readonly charts: readonly string[];
}

/** Every route's schema pieces (query, params, body), its OpenAPI words and its answer. */
export function routeSchemas(options: RouteSchemaOptions) {
  const { models, charts } = options;
  const model = models.length ? { model: oneOf(models, undefined, 'the recommender (default item-knn, else the first served)') } : {};
  return {
    health: {
      summary: 'What is served: the data, the models and the verified artifact set',
      querystring: none,
      answer: answer('the service and what it serves', {
        status: ['string', 'ok'],
        version: ['string', 'the version of shopper-spectrum serving'],
        source: ['string', 'the name of the data file analyze read (never its path)'],
        rows: ['integer', 'rows of the cleaned table served'],
        customers: ['integer', 'customers with an RFM profile'],
        products: ['integer', 'products (StockCodes) in the data'],
        models: ['array', 'the recommenders served, the values of model='],
        period: ['object', '{ from, to }: the first and last invoice time'],
        artifacts: ['object', 'the artifact set verified at start: { manifestSha256, files, bytes, createdAt, generator }'],
        uptimeSeconds: ['integer', 'seconds since the server started'],
      }),
    },
    openapi: { summary: 'This document: every route, its parameters and answers', querystring: none, answer: { description: 'this OpenAPI 3.1 document', content: { 'application/json': { schema: { type: 'object' } } } } },
    countries: {
      summary: 'Countries in the data with their row counts, most rows first',
      querystring: none,
      answer: answer('the values of country=', { countries: ['array', '[{ country, rows }], most rows first'] }),
    },
    segments: {
      summary: 'Segment summaries, RFM segments, the choice of k and the segment model',
      querystring: none,
      answer: answer('the segmentation analyze fitted', {
        segments: ['array', '[{ name, size, centroid: { recency, frequency, monetary }, reason }]: the k-means segments, centroids in original units, and why each has its name'],
        rfmSegments: ['object', '{ asOf, business, rfGrid }: the RFM quintile segments with their customers, revenue and medians'],
        chooseK: ['object', '{ ks, inertia, silhouette, calinskiHarabasz, daviesBouldin, elbow, chosen, reason, sampled }: the choice of k'],
        agglomerative: ['object', '{ linkage, comparedWith, customers, agreement }: ward clustering compared with k-means'],
        model: ['object', '{ features, preparation }: what the segment model clusters on'],
      }),
    },
    evaluation: {
      summary: 'Every recommender x policy x K on the temporal split, and the protocol',
      querystring: none,
      answer: answer('the offline evaluation analyze ran', {
        protocol: ['object', '{ cutoff, evaluated, note? }: the split date and the customers evaluated'],
        rows: ['array', '[{ recommender, policy, k, precision, recall, map, ndcg, hitRate, users }]'],
      }),
    },
    recommendations: {
      summary: "A customer's recommendations with reasons, profile and history (the declared fallback for an unknown customer)",
      params: { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[\\w.-]{1,40}$', description: "customer id: 1 to 40 letters, digits, '.', '_' or '-'" } } },
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          k: int(1, 100, 10, 'number of recommendations'),
          seen: oneOf(['exclude', 'allow'] as const, 'exclude', 'products the customer bought'),
          ...model,
          fallback: oneOf(['popularity', 'none'] as const, 'popularity', 'for an unknown customer'),
          history: { type: 'string', maxLength: 8200, description: 'StockCodes the customer bought, comma-separated (up to 200), for a customer not in the data' },
        },
      },
      answer: answer('the recommendations, or the declared fallback for a customer the model does not know', {
        customer: ['string', 'the customer id asked'],
        known: ['boolean', 'whether the model knows the customer'],
        model: ['string', 'the recommender used'],
        seen: ['string', 'exclude or allow, as asked'],
        fallback: [['string', 'null'], 'null for a known customer, else the path used: history, content or popularity'],
        note: [['string', 'null'], 'null for a known customer, else what the fallback was'],
        profile: [['object', 'null'], "{ recency, frequency, monetary, score, rfmSegment, cluster }: the customer's RFM profile, null for an unknown customer"],
        recommendations: ['array', '[{ stockCode, description, score, because, source }], best first; because says why, source is model or the fallback'],
        history: ['array', "[{ stockCode, description, orders, quantity, revenue, lastPurchase }]: the customer's products, most ordered first (up to 50)"],
      }),
    },
    similar: {
      summary: 'Products bought by the same customers, with reasons',
      params: { type: 'object', required: ['stockCode'], properties: { stockCode: { type: 'string', minLength: 1, maxLength: 40, description: 'a StockCode from the data (any case)' } } },
      querystring: { type: 'object', additionalProperties: false, properties: { k: int(1, 100, 10, 'number of products') } },
      answer: answer('the product and its neighbours', {
        product: ['object', '{ stockCode, description, customers }: the product asked, its StockCode as the data writes it'],
        similar: ['array', '[{ stockCode, description, score, because }], most similar first; score is the cosine of the item-knn model'],
      }),
    },
    search: {
      summary: 'Products whose StockCode or name matches, typos allowed',
      querystring: { type: 'object', additionalProperties: false, required: ['q'], properties: { q: { type: 'string', minLength: 1, maxLength: 200, description: 'a StockCode or words of a product name, 1 to 200 characters' }, limit: int(1, 50, 10, 'number of matches') } },
      answer: answer(
        'the matches, best first (none is not an error)',
        {
          query: ['string', 'q as asked'],
          matches: ['array', '[{ stockCode, description, score, matched, customers }]: matched lists the words found'],
          note: ['string', 'only when nothing matches: says so'],
        },
        ['note'],
      ),
    },
    top: {
      summary: 'Top products for a date range and a country (JSON or CSV)',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: { ...filters, by: oneOf(['revenue', 'quantity', 'orders', 'customers'] as const, 'revenue', 'ranking'), limit: int(1, 500, 50, 'number of products'), chart: flag('a Vega-Lite chart of the first 15'), format: oneOf(['json', 'csv'] as const, 'json', 'answer format') },
      },
      answer: csvToo(
        answer(
          'the products of the selected rows, ranked',
          {
            filters: filterEcho,
            by: ['string', 'the ranking, as asked'],
            limit: ['integer', 'the limit, as asked'],
            rows: ['array', '[{ stockCode, description, revenue, quantity, orders, customers, lines }]: each product over the selected rows, revenue rounded to cents'],
            chart: ['object', 'with chart=1: the Vega-Lite spec of the first 15'],
          },
          ['chart'],
        ),
        'the rows as CSV, with format=csv: a header line, then a product a line (cells starting with = + - @ escaped), as an attachment',
      ),
    },
    sales: {
      summary: 'KPIs and sales by day, week or month for a date range and a country',
      querystring: { type: 'object', additionalProperties: false, properties: { ...filters, interval: oneOf(['day', 'week', 'month'] as const, 'month', 'period'), chart: flag('a Vega-Lite chart') } },
      answer: answer(
        'the KPIs and the sales by period of the selected rows',
        {
          filters: filterEcho,
          interval: ['string', 'the period, as asked'],
          kpis: ['object', '{ revenue, orders, customers, products, rows, averageOrderValue }: over the selected rows, amounts rounded to cents'],
          points: ['array', '[{ period, revenue, orders, customers, items }]: a period a point (its first day; weeks start on Monday), from the first to the last period with sales, empty ones included'],
          chart: ['object', 'with chart=1: the Vega-Lite spec of the points'],
        },
        ['chart'],
      ),
    },
    predict: {
      summary: 'The segment of any recency, frequency and monetary value, with the distance to each centroid',
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['recency', 'frequency', 'monetary'],
        properties: {
          recency: { type: 'number', minimum: 0, maximum: 1e6, description: 'days since the last order: a number from 0 to 1e6' },
          frequency: { type: 'number', minimum: 1, maximum: 1e9, description: 'orders: a number from 1 to 1e9' },
          monetary: { type: 'number', minimum: 0, maximum: 1e15, description: 'amount spent: a number from 0 to 1e15' },
        },
      },
      answer: answer('the segment of the point', {
        input: ['object', '{ recency, frequency, monetary }: the body'],
        segment: ['string', 'the segment name'],
        cluster: ['integer', "the segment's cluster number in the model"],
        reason: ['string', 'why the segment has its name'],
        distances: ['array', '[{ segment, distance, centroid }]: to every centroid, nearest first, in the scaled space the model clusters in'],
        centroids: ['array', '[{ segment, recency, frequency, monetary, customers }]: the centroids in original units'],
      }),
    },
    chart: {
      summary: 'A chart saved by analyze, as a Vega-Lite spec (cluster-scatter can mark a point given recency, frequency and monetary)',
      params: { type: 'object', required: ['name'], properties: { name: { type: 'string', pattern: '^[a-z-]{1,40}$', description: 'a chart name (lower-case letters and -)' } } },
      querystring: {
        type: 'object',
        additionalProperties: false,
        dependentRequired: { recency: ['frequency', 'monetary'], frequency: ['recency', 'monetary'], monetary: ['recency', 'frequency'] },
        properties: {
          recency: { type: 'number', minimum: 0, maximum: 1e6, description: 'cluster-scatter only: days since the last order (with frequency and monetary)' },
          frequency: { type: 'number', minimum: 1, maximum: 1e9, description: 'cluster-scatter only: orders' },
          monetary: { type: 'number', minimum: 0, maximum: 1e15, description: 'cluster-scatter only: amount spent' },
        },
      },
      answer: { description: `the chart as a Vega-Lite spec (its $schema names the version); the charts of this analysis: ${charts.join(', ') || 'none'}`, content: { 'application/json': { schema: { type: 'object', required: ['$schema'] } } } },
    },
  } as const;
}
