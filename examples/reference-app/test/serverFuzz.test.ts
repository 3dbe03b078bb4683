/**
 * Fuzz: generated paths, methods, headers, query strings and bodies sent to a real server on
 * loopback (bounded: a few hundred requests). No request ends the process, none gets a 5xx, and
 * every error answer has the one shape.
 */
import { connect } from 'node:net';
import { request } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/server.js';
import type { RunningServer } from '../src/server.js';
import { smallArtifacts } from './fixture.js';

let server: RunningServer;
const TOKEN = 'fuzz-token-0123456789abcdef';
beforeAll(async () => {
  server = await startServer({ artifacts: await smallArtifacts(), port: 0, token: TOKEN, rateLimitPerMinute: 0, cors: ['https://app.example.com'] });
}, 120_000);
afterAll(() => server.close());

interface Answer {
  status: number;
  type: string;
  text: string;
}

function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port: server.port, method, path, headers, setHost: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => ok({ status: res.statusCode!, type: String(res.headers['content-type'] ?? ''), text }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

/** The one error shape, or a reason it is not. */
function errorShape(a: Answer): string | null {
  if (!a.type.startsWith('application/json')) return `content-type ${a.type}`;
  let body: any;
  try {
    body = JSON.parse(a.text);
  } catch {
    return 'not JSON';
  }
  const e = body?.error;
  if (!e || typeof e.code !== 'string' || typeof e.message !== 'string') return 'no error.code / error.message';
  for (const k of ['parameter', 'value', 'allowed']) if (!(k in e)) return `no error.${k}`;
  if (e.message.length > 600) return 'a message longer than 600 characters';
  return null;
}

const ROUTES = [
  '/api/health', '/api/openapi.json', '/api/countries', '/api/segments', '/api/segments/{}', '/api/evaluation', '/api/overview', '/api/countries/revenue', '/api/pareto', '/api/cohorts', '/api/scatter',
  '/api/customers', '/api/customers/{}', '/api/customers/{}/products', '/api/customers/{}/recommendations', '/api/products/search', '/api/products/top', '/api/products/{}', '/api/products/{}/similar', '/api/sales', '/api/segments/predict', '/api/charts/{}',
  '/', '/app.js', '/charts.js', '/vendor/vega.min.js', '/{}', '/api/{}', '//', '///{}', '/api//health', '/{}.js',
];
const KEYS = ['k', 'seen', 'model', 'fallback', 'history', 'q', 'limit', 'from', 'to', 'country', 'segment', 'cluster', 'kind', 'sort', 'order', 'page', 'pageSize', 'by', 'chart', 'format', 'interval', 'recency', 'frequency', 'monetary', '__proto__', 'constructor', 'x', 'y'];

const segment = fc.oneof(
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
  fc.constantFrom('%', '%zz', '%E0%A4%A', '%00', '..', '%2e%2e', '[', ']', '{', '}', '%2F', '\\', 'x'.repeat(300), '12347', '85123A', 'pareto', 'cluster-scatter', '\u00e9', '%C3%A9', 'High-Value', 'At-Risk', 'Recent%2C%20frequent%2C%20high%20spend', 'predict'),
);
const value = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer({ min: -1e6, max: 1e6 }).map(String),
  fc.double().map(String),
  fc.constantFrom('', '0', '1', '-1', '1e400', 'NaN', 'all', 'exclude', 'allow', 'csv', 'json', 'week', 'day', '2011-02-30', '2011-05-01', '9999-12-31', 'United Kingdom', 'x'.repeat(9000), 'High-Value', 'At-Risk', 'rfm', 'cluster', 'recency', 'monetary', 'asc', 'desc', 'revenue', 'customerId', '200', '201', '1000000'),
);
const query = fc.array(fc.tuple(fc.constantFrom(...KEYS), value), { maxLength: 6 }).map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}` : ''));
const path = fc.tuple(fc.constantFrom(...ROUTES), segment, query).map(([r, s, q]) => `${r.replace('{}', s)}${q}`);
const method = fc.constantFrom('GET', 'GET', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND');
const deep = fc.integer({ min: 1, max: 3000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`);
const body = fc.oneof(
  fc.constant(undefined),
  fc.json({ maxDepth: 4 }),
  deep,
  fc.record({ recency: fc.anything(), frequency: fc.anything(), monetary: fc.anything() }).map((o) => {
    try {
      return JSON.stringify(o) ?? '{}';
    } catch {
      return '{}';
    }
  }),
  fc.string({ maxLength: 100 }),
  fc.constant(`{"recency":1,"frequency":1,"monetary":1,"pad":"${'x'.repeat(20_000)}"}`),
);
const headerValue = fc.oneof(fc.string({ maxLength: 40 }).filter((s) => /^[\x20-\x7e]*$/.test(s)), fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-16', 'multipart/form-data; boundary=x', ''));
const headers = fc.record(
  {
    host: fc.constantFrom('127.0.0.1', 'localhost', '[::1]', 'evil.example', '127.0.0.1:1', 'LocalHost.'),
    authorization: fc.oneof(fc.constant(`Bearer ${TOKEN}`), fc.constant(`Bearer ${TOKEN}`), headerValue, fc.constant('Bearer '), fc.constant(`bearer ${TOKEN} extra`)),
    'content-type': headerValue,
    origin: fc.constantFrom('https://app.example.com', 'https://evil.example', 'null'),
    'access-control-request-method': fc.constantFrom('POST', 'GET', 'DELETE'),
    accept: fc.constantFrom('*/*', 'text/html', 'application/json'),
  },
  { requiredKeys: ['host'] },
);

describe('a server under generated requests (loopback, bounded)', () => {
  it('answers every request below 500, every error in the one shape, and keeps running', async () => {
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(method, path, headers, body, async (m, p, h, b) => {
        const withBody = b !== undefined && m !== 'GET' && m !== 'HEAD';
        const hs: Record<string, string> = Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined)) as Record<string, string>;
        if (withBody) hs['content-length'] = String(Buffer.byteLength(b!));
        const a = await send(m, p, hs, withBody ? b : undefined);
        if (a.status >= 500) failures.push(`${m} ${p.slice(0, 120)} -> ${a.status} ${a.text.slice(0, 200)}`);
        if (a.status >= 400 && m !== 'HEAD') {
          const why = errorShape(a);
          if (why) failures.push(`${m} ${p.slice(0, 120)} -> ${a.status}: ${why}: ${a.text.slice(0, 120)}`);
        }
        expect(failures).toEqual([]);
      }),
      { numRuns: 600, seed: 20261201 },
    );
    const health = await fetch(`${server.url}/api/health`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(health.status).toBe(200);
  }, 180_000);

  it('survives raw bytes that are not HTTP, answering what it answers in the one shape', async () => {
    const junk = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 2000 }).map((u) => Buffer.from(u)),
      fc.constantFrom('GET / HTTP/1.1\r\n\r\n', 'GET /api/health HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n', `GET /${'a'.repeat(100_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`, `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX: ${'b'.repeat(40_000)}\r\n\r\n`, 'POST /api/segments/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n').map((s) => Buffer.from(s)),
    );
    await fc.assert(
      fc.asyncProperty(junk, async (bytes) => {
        const reply = await new Promise<string>((ok) => {
          let got = '';
          const socket = connect(server.port, '127.0.0.1', () => socket.end(bytes));
          socket.setEncoding('latin1');
          socket.on('data', (c: string) => (got += c));
          socket.on('close', () => ok(got));
          socket.on('error', () => ok(got));
          socket.setTimeout(5000, () => socket.destroy());
        });
        const status = /^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1];
        if (status !== undefined) {
          expect(Number(status)).toBeLessThan(500);
          if (Number(status) >= 400) expect(reply).toMatch(/"error":\{"code":"[A-Z_]+","message":/);
        }
      }),
      { numRuns: 80, seed: 7 },
    );
    const health = await fetch(`${server.url}/api/health`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(health.status).toBe(200);
  }, 120_000);
});
