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

/** Query of a route with no parameters. */
const none = { type: 'object', additionalProperties: false, properties: {} } as const;

/** A route's schema pieces (query, params, body), its OpenAPI words, and the model names of this server. */
export function routeSchemas(models: readonly string[]) {
  const model = models.length ? { model: oneOf(models, undefined, 'the recommender (default item-knn, else the first served)') } : {};
  return {
    health: { summary: 'What is served: the data, the models and the verified artifact set', querystring: none },
    openapi: { summary: 'This document', querystring: none },
    countries: { summary: 'Countries in the data with their row counts, most rows first', querystring: none },
    segments: { summary: 'Segment summaries, RFM segments, the choice of k and the segment model', querystring: none },
    evaluation: { summary: 'Every recommender x policy x K on the temporal split, and the protocol', querystring: none },
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
    },
    similar: {
      summary: 'Products bought by the same customers, with reasons',
      params: { type: 'object', required: ['stockCode'], properties: { stockCode: { type: 'string', minLength: 1, maxLength: 40, description: 'a StockCode from the data (any case)' } } },
      querystring: { type: 'object', additionalProperties: false, properties: { k: int(1, 100, 10, 'number of products') } },
    },
    search: {
      summary: 'Products whose StockCode or name matches, typos allowed',
      querystring: { type: 'object', additionalProperties: false, required: ['q'], properties: { q: { type: 'string', minLength: 1, maxLength: 200, description: 'a StockCode or words of a product name, 1 to 200 characters' }, limit: int(1, 50, 10, 'number of matches') } },
    },
    top: {
      summary: 'Top products for a date range and a country (JSON or CSV)',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: { ...filters, by: oneOf(['revenue', 'quantity', 'orders', 'customers'] as const, 'revenue', 'ranking'), limit: int(1, 500, 50, 'number of products'), chart: flag('a Vega-Lite chart of the first 15'), format: oneOf(['json', 'csv'] as const, 'json', 'answer format') },
      },
    },
    sales: {
      summary: 'KPIs and sales by day, week or month for a date range and a country',
      querystring: { type: 'object', additionalProperties: false, properties: { ...filters, interval: oneOf(['day', 'week', 'month'] as const, 'month', 'period'), chart: flag('a Vega-Lite chart') } },
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
    },
  } as const;
}
