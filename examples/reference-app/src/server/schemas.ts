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
  segment: { type: 'string', minLength: 1, maxLength: 100, description: "an RFM segment from GET /api/segments (rfmSegments.business[].segment): its customers' rows (segments as of the analysis)" },
  cluster: { type: 'string', minLength: 1, maxLength: 100, description: "a cluster from GET /api/segments (segments[].name): its customers' rows" },
} as const;

const format = oneOf(['json', 'csv'] as const, 'json', 'answer format');

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

/** The filter every filtered answer echoes. */
const filterEcho = ['object', 'the filter applied, { from, to, country, segment, cluster } (null where not set; names as the data writes them)'] as const;

const customerId = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[\\w.-]{1,40}$', description: "customer id: 1 to 40 letters, digits, '.', '_' or '-'" } } } as const;
const stockCodeParam = { type: 'object', required: ['stockCode'], properties: { stockCode: { type: 'string', minLength: 1, maxLength: 40, description: 'a StockCode from the data (any case)' } } } as const;
const axis = (dflt: 'recency' | 'monetary', what: string) => oneOf(['recency', 'frequency', 'monetary'] as const, dflt, what);
const csvRows = (what: string) => `${what} as CSV, with format=csv: a header line in Title Case (money columns name the currency), then a row a line (text cells starting with = + - @ escaped), as an attachment whose file name says what it holds (the filter too: customers-segment-At-Risk-France-from-2011-09-01.csv)`;

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
        currency: ['object', '{ code, symbol }: the currency of every money figure (GBP for an artifact set written before analyze had --currency)'],
        k: ['object', '{ k, asked, suggested, text }: the k the clusters use and the indices\' suggestion, in the sentence the CLI and the report print'],
        lastPeriod: ['object', '{ month, days, daysInMonth, partial }: the last month of the data and whether the data ends before it does'],
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
      summary: 'The RFM segments and the clusters within a filter (JSON or CSV), which drives the names, the choice of k and the segment model',
      querystring: { type: 'object', additionalProperties: false, properties: { ...filters, format } },
      answer: csvToo(
        answer('the segmentation analyze fitted, its sizes within the filter', {
          filter: filterEcho,
          currency: ['object', '{ code, symbol }: the currency of the money figures'],
          segments: ['array', '[{ name, size, centroid: { recency, frequency, monetary }, reason, customers, customerShare, revenue, revenueShare, median: { recency, frequency, monetary }, meanClv, totalClv, meanPAlive }]: the clusters (named by their centroids); size and centroid as of the analysis, customers and revenue within the filter; meanClv, totalClv (12-month CLV) and meanPAlive of those customers as of the analysis, null without clv.csv'],
          rfmSegments: ['object', '{ asOf, business, rfGrid }: business: the RFM segments within the filter [{ segment, customers, customerShare, revenue, revenueShare, medianRecency, medianFrequency, medianMonetary, averageOrderValue, meanClv, totalClv, meanPAlive }] (the CLV figures as of the analysis, null without clv.csv); rfGrid: the recency x frequency grid as of the analysis (all customers)'],
          customerValue: [['object', 'null'], '{ model, params, converged, unit, horizonMonths, discount, repeatCustomers, newCustomers, nonPositiveRepeatSpend, totalClv, meanClv, meanPAlive, meaning, calibration: { calibrationEnd, holdoutEnd, holdoutDays, customers, params, converged, actualPerCustomer, expectedPerCustomer } or { skipped }, filtered: { customers, totalClv, meanClv, meanPAlive } }: the BG/NBD + Gamma-Gamma models and their totals as of the analysis, and filtered: the value of the customers within the filter; null for an artifact set without clv.csv'],
          atRisk: [['object', 'null'], '{ asked, rule, threshold, definition, fallback, customers, changedFromRfm, leftAtRisk, joinedAtRisk, keptRfmLabel, moves: [{ from, to, customers }], text }: how the RFM segments decide At-Risk (analyze --at-risk: rfm, or p-alive<t) and what it changed against the RFM rule, as of the analysis; null for an artifact set written before it'],
          k: ['object', '{ k, asked, suggested, text }: the k used and the indices\' suggestion in one sentence'],
          segmentation: [['object', 'null'], '{ drivesNames, why, crosstab: { rfmSegments, clusters, counts }, agreement: { ari, comparedWith, text }, ... }: which segmentation carries the names and how the two agree (as of the analysis); null for an artifact set written before it'],
          lastPeriod: ['object', '{ month, days, daysInMonth, partial }: the last month of the data'],
          chooseK: ['object', '{ ks, inertia, silhouette, calinskiHarabasz, daviesBouldin, elbow, chosen, reason, sampled }: the choice of k'],
          agglomerative: ['object', '{ linkage, comparedWith, customers, agreement }: ward clustering compared with k-means'],
          model: ['object', '{ features, preparation }: what the segment model clusters on'],
        }),
        csvRows('the segment table (kind rfm or cluster, name, customers, customerShare, revenue, revenueShare, medians, mean and total CLV 12 months, mean P(alive))'),
      ),
    },
    segment: {
      summary: 'One RFM segment or cluster within a filter: size, revenue share, median R, F, M and its months',
      params: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1, maxLength: 100, description: 'an RFM segment or cluster name from GET /api/segments (any case)' } } },
      querystring: { type: 'object', additionalProperties: false, properties: { ...filters, kind: oneOf(['rfm', 'cluster'] as const, 'rfm', 'which segmentation the name is of') } },
      answer: answer('the segment within the filter', {
        filter: filterEcho,
        name: ['string', 'the segment as the analysis names it'],
        kind: ['string', 'rfm or cluster, as asked'],
        customers: ['integer', 'customers of the segment with a row in the filter'],
        revenue: ['number', 'their revenue within the filter, rounded to cents'],
        revenueShare: ['number', "its share of the filter's revenue (the filter without this segment)"],
        median: ['object', '{ recency, frequency, monetary }: the medians of those customers, as of the analysis'],
        reason: [['string', 'null'], 'a cluster: why it has its name; null for an RFM segment'],
        meanClv: [['number', 'null'], 'the mean 12-month CLV of those customers, as of the analysis; null for an artifact set without clv.csv or no customer in the filter'],
        totalClv: [['number', 'null'], 'their total 12-month CLV, as of the analysis; null as meanClv'],
        meanPAlive: [['number', 'null'], 'their mean P(alive), as of the analysis; null as meanClv'],
        monthly: ['array', '[{ period, customers, revenue, partial }]: the customers of the segment buying and their revenue each month; partial for a month the data or the filter cuts'],
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
      params: customerId,
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          format,
          k: int(1, 100, 10, 'number of recommendations'),
          seen: oneOf(['exclude', 'allow'] as const, 'exclude', 'products the customer bought'),
          ...model,
          fallback: oneOf(['popularity', 'none'] as const, 'popularity', 'for an unknown customer'),
          history: { type: 'string', maxLength: 8200, description: 'StockCodes the customer bought, comma-separated (up to 200), for a customer not in the data' },
        },
      },
      answer: csvToo(answer('the recommendations, or the declared fallback for a customer the model does not know', {
        customer: ['string', 'the customer id asked'],
        known: ['boolean', 'whether the model knows the customer'],
        model: ['string', 'the recommender used'],
        scoreMeaning: [['string', 'null'], "what the model's score is, in one sentence (scores of different models are not comparable); null for an artifact set written before analyze said"],
        seen: ['string', 'exclude or allow, as asked'],
        fallback: [['string', 'null'], 'null for a known customer, else the path used: history, content or popularity'],
        note: [['string', 'null'], 'null for a known customer, else what the fallback was'],
        profile: [['object', 'null'], "{ recency, frequency, monetary, score, rfmSegment, cluster }: the customer's RFM profile, null for an unknown customer"],
        recommendations: ['array', '[{ stockCode, description, score, scoreScaled, because, source }], best first; scoreScaled is score / the top score of the list (0 to 1), because says why, source is model or the fallback'],
        history: ['array', "[{ stockCode, description, orders, quantity, revenue, lastPurchase }]: the customer's products, most ordered first (up to 50)"],
      }), csvRows('the recommendations (rank, stockCode, description, score, scoreScaled, because, source)')),
    },
    similar: {
      summary: 'Products bought by the same customers, with reasons',
      params: stockCodeParam,
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
      summary: 'Top products within a filter (JSON or CSV)',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: { ...filters, by: oneOf(['revenue', 'quantity', 'orders', 'customers'] as const, 'revenue', 'ranking'), limit: int(1, 500, 50, 'number of products'), chart: flag('a Vega-Lite chart of the first 15'), format },
      },
      answer: csvToo(
        answer(
          'the products of the selected rows, ranked',
          {
            filter: filterEcho,
            by: ['string', 'the ranking, as asked'],
            limit: ['integer', 'the limit, as asked'],
            rows: ['array', '[{ stockCode, description, revenue, quantity, orders, customers, lines }]: each product over the selected rows, revenue rounded to cents'],
            chart: ['object', 'with chart=1: the Vega-Lite spec of the first 15'],
          },
          ['chart'],
        ),
        csvRows('the products'),
      ),
    },
    sales: {
      summary: 'KPIs and sales by day, week or month within a filter (partial periods flagged, a 7-day rolling mean for days)',
      querystring: { type: 'object', additionalProperties: false, properties: { ...filters, interval: oneOf(['day', 'week', 'month'] as const, 'month', 'period'), chart: flag('a Vega-Lite chart') } },
      answer: answer(
        'the KPIs and the sales by period of the selected rows',
        {
          filter: filterEcho,
          interval: ['string', 'the period, as asked'],
          kpis: ['object', '{ revenue, orders, customers, products, rows, averageOrderValue }: over the selected rows, amounts rounded to cents'],
          points: ['array', "[{ period, revenue, orders, customers, items, partial, rolling7? }]: a period a point (its first day; weeks start on Monday), from the first to the last period with sales, empty ones included; partial when the data's first or last day or the filter's dates cut the period; rolling7 (interval=day) the mean revenue of the day and the 6 before it (fewer at the start)"],
          chart: ['object', 'with chart=1: the Vega-Lite spec of the points'],
        },
        ['chart'],
      ),
    },
    overview: {
      summary: 'KPIs within a filter and their change against the previous period of the same length',
      querystring: { type: 'object', additionalProperties: false, properties: filters },
      answer: answer('the headline figures of the filter', {
        filter: filterEcho,
        currency: ['object', '{ code, symbol }: the currency of the money figures'],
        period: ['object', "{ from, to, days }: the days the figures cover (the data's days cut by the filter's dates)"],
        previous: [['object', 'null'], '{ from, to }: the same number of days just before; null without a date in the filter or when they start before the data'],
        kpis: ['object', '{ revenue, orders, customers, averageOrderValue, products }: amounts rounded to cents'],
        change: [['object', 'null'], '{ revenue, orders, customers, averageOrderValue, products }, each { previous, ratio }: the value in the previous period and (now - previous) / previous (null when previous is 0); null when there is no previous period'],
      }),
    },
    countriesRevenue: {
      summary: 'Revenue by country within a filter: the first country against the rest, and every country ranked',
      querystring: { type: 'object', additionalProperties: false, properties: filters },
      answer: answer('the countries of the filter', {
        filter: filterEcho,
        total: ['number', "the filter's revenue, rounded to cents"],
        top: [['object', 'null'], '{ country, revenue, share }: the first country by revenue; null when nothing is selected'],
        rest: ['object', '{ revenue, share, countries }: every other country together'],
        rows: ['array', '[{ country, revenue, share, customers, orders }]: every country with a selected row, largest revenue first'],
      }),
    },
    pareto: {
      summary: "How concentrated a filter's revenue is: the share of the top 20% of customers and of products, and the curves",
      querystring: { type: 'object', additionalProperties: false, properties: filters },
      answer: answer('the Pareto curves of the filter', {
        filter: filterEcho,
        customers: ['object', '{ count, topFraction, topRevenueShare, curve: [{ x, y }] }: customers by revenue, largest first; x the share of customers, y their share of revenue, at most 101 points'],
        products: [['object', 'null'], 'the same over products; null for a log without products'],
      }),
    },
    customers: {
      summary: "The filter's customers: search by CustomerID prefix, sort, pages (JSON), or all of them (CSV)",
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          ...filters,
          q: { type: 'string', minLength: 1, maxLength: 40, description: 'the start of a CustomerID (any case)' },
          sort: oneOf(['revenue', 'recency', 'frequency', 'monetary', 'customerId', 'country', 'orders', 'clv12m', 'pAlive'] as const, 'revenue', 'sort key (with clv12m or pAlive, customers without a value last)'),
          order: oneOf(['asc', 'desc'] as const, 'desc', 'order (ties by CustomerID)'),
          page: int(1, 1_000_000, 1, 'page'),
          pageSize: int(1, 200, 50, 'rows a page'),
          format,
        },
      },
      answer: csvToo(
        answer('a page of the customers with a row in the filter', {
          filter: filterEcho,
          total: ['integer', 'customers matching the filter and q (every page)'],
          page: ['integer', 'the page, as asked'],
          pageSize: ['integer', 'rows a page, as asked'],
          sort: ['string', 'the sort key, as asked'],
          order: ['string', 'asc or desc, as asked'],
          q: [['string', 'null'], 'the CustomerID prefix asked, or null'],
          rows: ['array', '[{ customerId, country, recency, frequency, monetary, score, rfmSegment, cluster, revenue, orders, clv12m, pAlive, expectedPurchases12m }]: R, F, M, score, segment and cluster as of the analysis; revenue and orders within the filter; clv12m (discounted spend expected over the next 12 months, BG/NBD + Gamma-Gamma), pAlive (probability the customer has not lapsed for good, 0 to 1) and expectedPurchases12m (repeat purchase days expected in the next 12 months) as of the analysis, null for an artifact set without clv.csv'],
        }),
        csvRows('every matching customer (all pages)'),
      ),
    },
    customer: {
      summary: "A customer's profile: country, first and last purchase, RFM scores and what they mean, segment, cluster, order timeline and products",
      params: customerId,
      querystring: none,
      answer: answer('the customer, over all of their rows', {
        customerId: ['string', 'the CustomerID'],
        country: [['string', 'null'], 'the country most of their rows name'],
        firstPurchase: ['string', 'the first invoice time, YYYY-MM-DD HH:mm:ss'],
        lastPurchase: ['string', 'the last invoice time'],
        orders: ['integer', 'invoices (cancellations not counted)'],
        revenue: ['number', 'rounded to cents'],
        rfm: [['object', 'null'], '{ recency, frequency, monetary, r, f, m, score, meaning: { r, f, m } }: values and quintile scores (1 to 5) as of the analysis, meaning says each in words'],
        rfmSegment: [['string', 'null'], 'the RFM segment (the business names)'],
        cluster: [['string', 'null'], 'the cluster (named by its centroid)'],
        clv12m: [['number', 'null'], 'customer lifetime value over the next 12 months: the spend BG/NBD and Gamma-Gamma expect, discounted 1% a month, as of the analysis; null for an artifact set without clv.csv'],
        pAlive: [['number', 'null'], 'P(alive): the probability the customer has not lapsed for good (BG/NBD, 0 to 1), as of the analysis; null for an artifact set without clv.csv'],
        expectedPurchases12m: [['number', 'null'], 'repeat purchase days BG/NBD expects in the next 12 months, as of the analysis; null for an artifact set without clv.csv'],
        timeline: ['array', '[{ invoice, date, lines, quantity, revenue, cancelled }]: one entry an invoice, oldest first'],
        products: ['array', '[{ stockCode, description, orders, quantity, revenue, lastPurchase }]: every product bought, most revenue first'],
      }),
    },
    customerProducts: {
      summary: 'The products a customer bought (JSON or CSV)',
      params: customerId,
      querystring: { type: 'object', additionalProperties: false, properties: { format } },
      answer: csvToo(
        answer("the customer's products", {
          customerId: ['string', 'the CustomerID'],
          products: ['array', '[{ stockCode, description, orders, quantity, revenue, lastPurchase }]: most revenue first'],
        }),
        csvRows("the customer's products"),
      ),
    },
    scatter: {
      summary: "The filter's customers in two of recency, frequency and monetary, with segment and cluster (a fixed sample of at most limit)",
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: { ...filters, x: axis('recency', 'horizontal axis'), y: axis('monetary', 'vertical axis, another measure than x'), limit: int(1, 10_000, 3000, 'most points') },
      },
      answer: answer('the points', {
        filter: filterEcho,
        x: ['string', 'the horizontal axis, as asked'],
        y: ['string', 'the vertical axis, as asked'],
        total: ['integer', "the filter's customers (before sampling)"],
        sampled: ['boolean', 'whether points is a sample of total'],
        points: ['array', '[{ customerId, x, y, rfmSegment, cluster }]: values as of the analysis, by CustomerID; the sample is the customers whose id hashes lowest, the same for the same filter'],
      }),
    },
    cohorts: {
      summary: "Monthly cohort retention within a filter: customers by the month of their first purchase in the whole log, and the share of each cohort buying in each later month of the filter",
      description: "Each customer is in the cohort of their real first purchase (their first invoice in the whole log), not of their first purchase inside the filter. The filter restricts which customers count (those whose first purchase is within its dates, country, segment and cluster) and which months of activity count (their purchases within the filter). Customers of the filter who first bought before it or elsewhere are in no cohort: their number is excluded.",
      querystring: { type: 'object', additionalProperties: false, properties: filters },
      answer: answer('the cohorts of the filter, by real first purchase', {
        filter: filterEcho,
        interval: ['string', 'month'],
        basis: ['object', "{ firstPurchase: 'whole log', activity: 'filter', text }: how the cohorts are formed, text in plain words for a title or a note"],
        excluded: ['integer', 'customers with a purchase in the filter whose first purchase (whole log) is not within it: in no cohort'],
        lastMonth: [['object', 'null'], '{ month: YYYY-MM, partial }: the last month of every cohort row, partial when the data or the filter cuts it; null for an empty filter'],
        cohorts: ['array', "[{ cohort, customers, active, retention, partial }]: cohort YYYY-MM of the customers' first purchase in the whole log (within the filter), active[j] those of them buying within the filter j months later, retention[j] = active[j] / customers (retention[0] = 1), every month to lastMonth, zeros included; partial when the cohort month is cut"],
      }),
    },
    product: {
      summary: 'A product within a filter: revenue, quantity, orders, customers, its monthly trend and its buyers',
      params: stockCodeParam,
      querystring: { type: 'object', additionalProperties: false, properties: filters },
      answer: answer('the product within the filter', {
        filter: filterEcho,
        stockCode: ['string', 'the StockCode as the data writes it'],
        description: [['string', 'null'], 'the product name'],
        revenue: ['number', 'rounded to cents'],
        quantity: ['number', 'units'],
        orders: ['integer', 'distinct invoices'],
        customers: ['integer', 'distinct known customers'],
        cancelled: [['object', 'null'], '{ quantity, revenue, lines, share, scope }: the product\'s cancellation lines over the whole log as loaded (whatever the filter: serve holds the orders net of their matched cancellations) and their share of its sales revenue; null for an older artifact set'],
        trend: ['array', '[{ period, revenue, quantity, partial }]: month by month; partial for a month the data or the filter cuts'],
        buyers: ['array', '[{ customerId, revenue, quantity, orders }]: most revenue first, at most 100'],
      }),
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
        segment: ['string', 'the cluster name (as rfm.csv ClusterSegment and profile.cluster write it)'],
        cluster: ['string', 'the cluster name, the same as segment'],
        clusterIndex: ['integer', "the cluster's number in the model"],
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

/** The name of a route's entry in {@link routeSchemas}. */
export type RouteName = keyof ReturnType<typeof routeSchemas>;
