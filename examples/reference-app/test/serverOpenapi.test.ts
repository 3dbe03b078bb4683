import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadArtifacts } from '../src/artifacts.js';
import type { LoadedArtifacts } from '../src/artifacts.js';
import { buildServer } from '../src/server.js';
import type { RegisteredRoute } from '../src/server.js';
import { ENDPOINTS_COMMAND, renderEndpoints, spliceEndpoints } from '../src/server/endpointDocs.js';
import type { JsonSchemaLike, OpenApiDocument } from '../src/server/endpointDocs.js';
import { smallArtifacts } from './fixture.js';

const docsFile = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'dashboard-and-api.md');
const ALL_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

let state: LoadedArtifacts;
let app: FastifyInstance;
let routes: readonly RegisteredRoute[];
let document: OpenApiDocument;

beforeAll(async () => {
  state = loadArtifacts(await smallArtifacts());
  ({ app, routes } = await buildServer(state, { rateLimitPerMinute: 0 }));
  const res = await app.inject('/api/openapi.json');
  expect(res.statusCode).toBe(200);
  document = res.json() as OpenApiDocument;
});
afterAll(() => app.close());

/** A Fastify path (`/api/products/:stockCode/similar`) as OpenAPI writes it (`/api/products/{stockCode}/similar`). */
const openapiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

describe('docs/dashboard-and-api.md', () => {
  it('holds the endpoint list GET /api/openapi.json renders, between its markers', () => {
    const docs = readFileSync(docsFile, 'utf8');
    const expected = spliceEndpoints(docs, renderEndpoints(document));
    if (expected !== docs) {
      const a = docs.split('\n');
      const b = expected.split('\n');
      let line = 0;
      while (line < a.length && a[line] === b[line]) line++;
      expect.fail(`the endpoint list of docs/dashboard-and-api.md differs from what GET /api/openapi.json documents (first at line ${line + 1}: the docs have ${JSON.stringify(a[line] ?? '(end)')}, the document gives ${JSON.stringify(b[line] ?? '(end)')}). Rewrite it with: ${ENDPOINTS_COMMAND}`);
    }
  });
});

describe('the OpenAPI document', () => {
  it('lists every API route the server registers, with its method', () => {
    const api = routes.filter((r) => r.url.startsWith('/api') && !r.hidden && r.method !== 'HEAD');
    expect(api.length).toBeGreaterThanOrEqual(12);
    for (const r of api) expect(document.paths[openapiPath(r.url)]?.[r.method.toLowerCase()], `${r.method} ${r.url}`).toBeDefined();
    // HEAD answers each GET; a hidden route is the 405 of a documented path
    for (const r of routes.filter((r) => r.url.startsWith('/api') && r.method === 'HEAD' && !r.hidden)) expect(document.paths[openapiPath(r.url)]?.get, `HEAD ${r.url}`).toBeDefined();
    for (const r of routes.filter((r) => r.hidden)) expect(document.paths[openapiPath(r.url)], `the 405 route ${r.method} ${r.url}`).toBeDefined();
  });

  it('lists no route the server does not answer, and every other method of its paths gets a 405', async () => {
    for (const [path, item] of Object.entries(document.paths)) {
      const registered = routes.filter((r) => openapiPath(r.url) === path);
      for (const method of Object.keys(item)) expect(registered.some((r) => r.method === method.toUpperCase() && !r.hidden), `${method} ${path}`).toBe(true);
      expect(new Set(registered.map((r) => r.method)), path).toEqual(new Set(ALL_METHODS));
      const other = ALL_METHODS.find((m) => m !== 'HEAD' && m !== 'OPTIONS' && !(m.toLowerCase() in item))!;
      const res = await app.inject({ method: other as 'PUT', url: path.replace(/\{\w+\}/g, 'x') });
      expect(res.statusCode, `${other} ${path}`).toBe(405);
    }
  });

  it('serves nothing outside /api but the dashboard and its static files, by GET and HEAD', () => {
    const pages = routes.filter((r) => !r.url.startsWith('/api'));
    expect(new Set(pages.map((r) => r.method))).toEqual(new Set(['GET', 'HEAD']));
    // the files at the top of public/ (each at its name) and the vendored Vega modules
    const files = new Set(readdirSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'public')).map((f) => `/${f}`));
    expect(pages.every((r) => r.url === '/' || files.has(r.url) || /^\/vendor\/[\w.-]+\.js$/.test(r.url)), pages.map((r) => r.url).join(' ')).toBe(true);
  });

  it('gives every operation a summary, its parameters a type and a meaning, and its answers 200, 4XX and 5XX', () => {
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const where = `${method} ${path}`;
        expect(op.summary?.length, where).toBeGreaterThan(10);
        for (const p of op.parameters ?? []) {
          expect(p.schema?.type, `${where} ${p.name}`).toBeDefined();
          expect((p.description ?? '').length, `${where} ${p.name}`).toBeGreaterThan(3);
        }
        expect(Object.keys(op.responses ?? {}), where).toEqual(['200', '4XX', '5XX']);
      }
    }
  });
});

describe("each route's answer", () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  let customer: string;
  let stockCode: string;
  beforeAll(() => {
    const matrix = state.models.get('item-knn')!.matrix;
    customer = matrix.customers[3]!;
    stockCode = matrix.items[0]!;
  });

  const schemaOf = (method: string, path: string, type = 'application/json'): JsonSchemaLike => {
    const schema = document.paths[path]?.[method]?.responses?.['200']?.content?.[type]?.schema;
    expect(schema, `${method} ${path} ${type}`).toBeDefined();
    return schema!;
  };

  const requests = (): [string, string, string, string?][] => [
    ['get', '/api/openapi.json', '/api/openapi.json'],
    ['get', '/api/health', '/api/health'],
    ['get', '/api/countries', '/api/countries'],
    ['get', '/api/segments', '/api/segments'],
    ['get', '/api/evaluation', '/api/evaluation'],
    ['get', '/api/customers/{id}/recommendations', `/api/customers/${customer}/recommendations?k=3`],
    ['get', '/api/customers/{id}/recommendations', '/api/customers/NEW-1/recommendations'],
    ['get', '/api/customers/{id}/recommendations', `/api/customers/NEW-1/recommendations?history=${stockCode}`],
    ['get', '/api/products/search', `/api/products/search?q=${stockCode}`],
    ['get', '/api/products/search', '/api/products/search?q=zzqqxx'],
    ['get', '/api/products/top', '/api/products/top?limit=3'],
    ['get', '/api/products/top', '/api/products/top?limit=3&chart=1&country=all'],
    ['get', '/api/products/{stockCode}/similar', `/api/products/${stockCode}/similar?k=3`],
    ['get', '/api/sales', '/api/sales'],
    ['get', '/api/sales', '/api/sales?interval=week&chart=1&from=2011-03-01&to=2011-03-31'],
    ['post', '/api/segments/predict', '/api/segments/predict', JSON.stringify({ recency: 5, frequency: 4, monetary: 900 })],
    ['get', '/api/charts/{name}', '/api/charts/pareto'],
    ['get', '/api/charts/{name}', '/api/charts/cluster-scatter?recency=5&frequency=4&monetary=900'],
  ];

  it('has the fields its OpenAPI answer lists, of their types, and no other', async () => {
    for (const [method, path, url, body] of requests()) {
      const res = await app.inject({ method: method.toUpperCase() as 'GET', url, ...(body ? { payload: body, headers: { 'content-type': 'application/json' } } : {}) });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toBe('application/json; charset=utf-8');
      const validate = ajv.compile(schemaOf(method, path) as object);
      expect(validate(res.json()) ? [] : validate.errors, url).toEqual([]);
    }
  });

  it('is CSV for GET /api/products/top?format=csv, as documented', async () => {
    expect(schemaOf('get', '/api/products/top', 'text/csv').type).toBe('string');
    const res = await app.inject('/api/products/top?limit=3&format=csv');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    // the money column names the currency of the analysis
    // Title Case, as every other CSV of the API writes its header
    expect(res.body.split('\n')[0]).toBe(`StockCode,Description,Revenue (${state.summary.currency.code}),Quantity,Orders,Customers,Lines`);
    expect(res.headers['content-disposition']).toBe('attachment; filename="top-products-by-revenue.csv"');
  });

  it('names the charts and the models this server serves', () => {
    const chart = document.paths['/api/charts/{name}']!.get!.responses!['200']!.description!;
    for (const name of state.charts.keys()) expect(chart).toContain(name);
    const model = document.paths['/api/customers/{id}/recommendations']!.get!.parameters!.find((p) => p.name === 'model')!;
    expect(model.schema?.enum).toEqual([...state.models.keys()]);
  });
});
