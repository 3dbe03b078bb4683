/**
 * The edges of a running server the review found (issue 16): answers no hook reached (a path part
 * too long, a malformed percent-encoding, what Node's parser refuses) get the Host check and the
 * security headers like every other; every method of a known path but its own gets a 405 with
 * Allow; a request target that is not a path is a 404; a JSON body in another charset is a 415;
 * the access log never keeps a secret sent in the query; a wildcard bind prints a URL one can open.
 */
import { connect } from 'node:net';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/server.js';
import type { AccessLogLine, RunningServer, ServeOptions } from '../src/server.js';
import { smallArtifacts } from './fixture.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** One request with any method, path and Host (fetch forbids some of them). */
function send(port: number, path: string, init: { method?: string; host?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: { host: init.host ?? `127.0.0.1:${port}`, ...init.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        ok({ status: res.statusCode!, headers: res.headers, body });
      });
    });
    req.on('error', fail);
    req.end(init.body);
  });
}

/** Raw bytes to the server, and the raw answer. */
function raw(port: number, bytes: string): Promise<string> {
  return new Promise((ok, fail) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    let text = '';
    socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
    socket.on('end', () => ok(text));
    socket.on('error', fail);
  });
}

const SECURITY = ['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'cross-origin-resource-policy'];
const withSecurityHeaders = (a: Answer) => SECURITY.filter((h) => a.headers[h] === undefined);

const servers: RunningServer[] = [];
async function serve(options: Partial<ServeOptions> = {}): Promise<RunningServer> {
  const s = await startServer({ artifacts: await smallArtifacts(), port: 0, rateLimitPerMinute: 0, ...options });
  servers.push(s);
  return s;
}
afterAll(() => Promise.all(servers.map((s) => s.close())));

let s: RunningServer;
const lines: AccessLogLine[] = [];
beforeAll(async () => {
  s = await serve({ accessLog: (l) => lines.push(l) });
}, 120_000);

describe('answers that reach no route', () => {
  const long = `/api/products/${'a'.repeat(201)}`;

  it('refuse a foreign Host with a 403 even when the path is too long or badly encoded', async () => {
    for (const path of [long, '/api/%', '/%zz']) {
      const a = await send(s.port, path, { host: 'evil.example' });
      expect([path, a.status, a.body.error.code, a.body.error.parameter]).toEqual([path, 403, 'HOST_NOT_ALLOWED', 'host']);
      expect(withSecurityHeaders(a)).toEqual([]);
    }
  });

  it('answer a path part over 200 characters with a documented 414 PATH_TOO_LONG in the one shape, with the security headers', async () => {
    const a = await send(s.port, long);
    expect(a.status).toBe(414);
    expect(a.body).toEqual({ error: { code: 'PATH_TOO_LONG', message: 'a part of the path between slashes may be at most 200 characters', parameter: 'path', value: null, allowed: 'path parts of at most 200 characters' } });
    expect(withSecurityHeaders(a)).toEqual([]);
    expect(a.headers['cache-control']).toBe('no-store');
    const bad = await send(s.port, '/api/%');
    expect([bad.status, bad.body.error.code]).toEqual([400, 'INVALID_PATH']);
    expect(withSecurityHeaders(bad)).toEqual([]);
  });

  it("give what Node's HTTP parser refuses the same security headers", async () => {
    const text = await raw(s.port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(text.startsWith('HTTP/1.1 400 Bad Request\r\n')).toBe(true);
    const head = text.split('\r\n\r\n', 1)[0]!.toLowerCase();
    for (const h of SECURITY) expect(head).toContain(`\r\n${h}: `);
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)).error.code).toBe('BAD_REQUEST');
  });

  it('are written to the access log too', async () => {
    const before = lines.filter((l) => l.status === 414).length;
    await send(s.port, long);
    // one line for the request, not none and not two
    const logged = lines.filter((l) => l.status === 414);
    expect(logged.length).toBe(before + 1);
    expect(logged.at(-1)).toMatchObject({ method: 'GET', status: 414, client: '127.0.0.1', url: long });
  });
});

describe('methods', () => {
  it('answer TRACE and other methods on a known path with 405 and the methods it takes', async () => {
    for (const [method, path, allow] of [
      ['TRACE', '/api/health', 'GET, HEAD'],
      ['PROPFIND', '/api/customers/12347', 'GET, HEAD'],
      ['PUT', '/', 'GET, HEAD'],
      ['DELETE', '/index.html', 'GET, HEAD'],
      ['HEAD', '/api/segments/predict', 'POST'],
      ['TRACE', '/api/segments/predict', 'POST'],
    ] as const) {
      const a = await send(s.port, path, { method });
      expect([method, path, a.status, a.headers.allow]).toEqual([method, path, 405, allow]);
      if (method !== 'HEAD') expect(a.body.error).toMatchObject({ code: 'METHOD_NOT_ALLOWED', parameter: 'method', value: method, allowed: allow });
      expect(withSecurityHeaders(a)).toEqual([]);
    }
  });

  it('answer an unknown path with another method with a 404, not a 405', async () => {
    const a = await send(s.port, '/api/nothing-here', { method: 'TRACE' });
    expect([a.status, a.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('answer the request target * with a 404 in the one shape, not the dashboard', async () => {
    for (const method of ['GET', 'OPTIONS']) {
      const a = await send(s.port, '*', { method });
      expect([method, a.status, a.body.error?.code, a.body.error?.parameter]).toEqual([method, 404, 'NOT_FOUND', 'path']);
      expect(String(a.headers['content-type'])).toBe('application/json; charset=utf-8');
    }
  });
});

describe('JSON bodies', () => {
  const body = JSON.stringify({ recency: 10, frequency: 3, monetary: 500 });
  it('refuse a body declaring a charset other than UTF-8 with a 415 naming it', async () => {
    for (const type of ['application/json; charset=utf-16', 'application/json;charset="ISO-8859-1"']) {
      const a = await send(s.port, '/api/segments/predict', { method: 'POST', headers: { 'content-type': type }, body });
      const charset = /charset="?([^"]+)"?/.exec(type)![1]!.toLowerCase();
      expect([a.status, a.body.error.code, a.body.error.parameter, a.body.error.value]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE', 'content-type', charset]);
      expect(a.body.error.message).toContain(charset);
    }
  });

  it('accept UTF-8 declared in any case, or no charset', async () => {
    for (const type of ['application/json', 'application/json; charset=utf-8', 'application/json; charset=UTF-8', 'application/json; charset=utf8']) {
      const a = await send(s.port, '/api/segments/predict', { method: 'POST', headers: { 'content-type': type }, body });
      expect([type, a.status]).toEqual([type, 200]);
    }
  });
});

describe('the access log', () => {
  it('keeps the path and the query but not the value of a secret sent in the query', async () => {
    await send(s.port, '/api/health?token=s3cret-value-0123456789&x=1');
    await send(s.port, '/api/customers?country=France&API-Key=another-s3cret');
    const logged = lines.map((l) => l.url).join('\n');
    expect(logged).not.toContain('s3cret');
    expect(logged).toContain('/api/health?token=REDACTED&x=1');
    expect(logged).toContain('/api/customers?country=France&API-Key=REDACTED');
  });
});

describe('a server on every interface', () => {
  it('gives as its URL an address it answers to (loopback), and its other addresses apart', async () => {
    const w = await serve({ host: '0.0.0.0', token: 'a-test-token-of-some-length-42' });
    expect(w.url).toBe(`http://127.0.0.1:${w.port}`);
    const home = await send(w.port, '/', { host: new URL(w.url).host });
    expect([home.status, String(home.headers['content-type'])]).toEqual([200, 'text/html; charset=utf-8']);
    for (const other of w.otherUrls) {
      const u = new URL(other);
      expect(u.hostname).not.toBe('0.0.0.0');
      expect((await send(w.port, '/', { host: u.host })).status).toBe(200);
    }
  });
});
