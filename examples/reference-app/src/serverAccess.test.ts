/**
 * Access to a running server: the token, the Host allow-list, CORS, the rate limit, body limits,
 * security headers, and that an unexpected failure answers a 500 that leaks nothing.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallArtifacts } from '../test/fixture.js';
import { run } from '../test/helpers.js';
import { startServer } from './server.js';
import type { RunningServer, ServeOptions } from './server.js';

const TOKEN = 'a-test-token-of-some-length-42';

/** One request with any method and headers (fetch forbids setting Host). */
function send(server: RunningServer, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: any }> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: init.method ?? 'GET', headers: { host: `127.0.0.1:${server.port}`, ...init.headers } }, (res) => {
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

beforeAll(() => smallArtifacts(), 120_000); // made once; the first test would otherwise pay for it

const servers: RunningServer[] = [];
async function serve(options: Partial<ServeOptions> = {}): Promise<RunningServer> {
  const s = await startServer({ artifacts: await smallArtifacts(), port: 0, ...options });
  servers.push(s);
  return s;
}
afterAll(() => Promise.all(servers.map((s) => s.close())));

describe('a server started with a token', () => {
  let s: RunningServer;
  beforeAll(async () => {
    s = await serve({ token: TOKEN });
  });

  it('refuses the API without the bearer token or with another one, naming the header', async () => {
    const none = await send(s, '/api/health');
    expect([none.status, none.body.error.code, none.body.error.parameter, none.headers['www-authenticate']]).toEqual([401, 'UNAUTHORIZED', 'authorization', 'Bearer realm="shopper-spectrum"']);
    const wrong = await send(s, '/api/health', { headers: { authorization: 'Bearer not-the-right-token-000' } });
    expect([wrong.status, wrong.body.error.message]).toEqual([401, 'the bearer token is not the one this server was started with']);
    expect((await send(s, '/api/health', { headers: { authorization: `Basic ${TOKEN}` } })).status).toBe(401);
    const ok = await send(s, '/api/health', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect([ok.status, ok.body.status]).toEqual([200, 'ok']);
  });

  it('serves the dashboard page itself without a token (its API calls carry it)', async () => {
    expect((await send(s, '/')).status).toBe(200);
    expect((await send(s, '/api/openapi.json')).status).toBe(401);
  });
});

describe('the Host allow-list (DNS rebinding)', () => {
  it('answers loopback names and the names given, and refuses any other Host', async () => {
    const s = await serve({ allowedHosts: ['shop.example'] });
    for (const host of [`127.0.0.1:${s.port}`, `localhost:${s.port}`, 'LOCALHOST', `[::1]:${s.port}`, `shop.example:${s.port}`, 'shop.example.']) {
      expect((await send(s, '/api/health', { headers: { host } })).status, host).toBe(200);
    }
    for (const host of ['evil.example', `attacker.test:${s.port}`, '127.0.0.1.nip.io', 'shop.example.evil.test', 'a b']) {
      const r = await send(s, '/api/health', { headers: { host } });
      expect([r.status, r.body.error.code], host).toEqual([403, 'HOST_NOT_ALLOWED']);
    }
    // the page too: a rebinding attack would load it first
    expect((await send(s, '/', { headers: { host: 'evil.example' } })).status).toBe(403);
  });
});

describe('CORS', () => {
  it('is off by default: no CORS headers, and a preflight is refused', async () => {
    const s = await serve();
    const r = await send(s, '/api/health', { headers: { origin: 'https://other.example' } });
    expect([r.status, r.headers['access-control-allow-origin']]).toEqual([200, undefined]);
    const pre = await send(s, '/api/segments/predict', { method: 'OPTIONS', headers: { origin: 'https://other.example', 'access-control-request-method': 'POST' } });
    expect([pre.status, pre.body.error.code]).toEqual([403, 'ORIGIN_NOT_ALLOWED']);
  });

  it('answers the origins given, and only those', async () => {
    const s = await serve({ cors: ['https://app.example.com'] });
    const pre = await send(s, '/api/segments/predict', { method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' } });
    expect(pre.status).toBe(204);
    expect(pre.headers).toMatchObject({ 'access-control-allow-origin': 'https://app.example.com', 'access-control-allow-methods': 'GET, HEAD, POST', 'access-control-allow-headers': 'authorization, content-type', vary: 'Origin' });
    expect((await send(s, '/api/health', { headers: { origin: 'https://app.example.com' } })).headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect((await send(s, '/api/health', { headers: { origin: 'https://app.example.com.evil.test' } })).headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('limits', () => {
  it('rate-limits each client with a 429 and Retry-After', async () => {
    const s = await serve({ rateLimitPerMinute: 60 }); // a bucket of 10 requests, one more a second
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await send(s, '/api/health')).status);
    expect(statuses.slice(0, 10).every((x) => x === 200)).toBe(true);
    const r = await send(s, '/api/health');
    expect([r.status, r.body.error.code, Number(r.headers['retry-after'])]).toEqual([429, 'RATE_LIMITED', 1]);
  });

  it('accepts only JSON bodies, small and shallow, with the types the schema says (no coercion)', async () => {
    const s = await serve();
    const post = (body: string, type = 'application/json') => send(s, '/api/segments/predict', { method: 'POST', headers: { 'content-type': type }, body });
    const good = '{"recency":5,"frequency":3,"monetary":100}';
    expect((await post(good)).status).toBe(200);
    expect((await post(good, 'text/plain')).body.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', parameter: 'content-type' });
    expect((await post(good, 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await post(`{"recency":5,"frequency":3,"monetary":100,"pad":"${'x'.repeat(20_000)}"}`)).body.error.code).toBe('BODY_TOO_LARGE');
    const deep = await post(`${'['.repeat(5000)}${']'.repeat(5000)}`);
    expect([deep.status, deep.body.error.code]).toEqual([400, 'BODY_TOO_DEEP']);
    expect((await post('{"recency":"5","frequency":3,"monetary":100}')).body.error).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'recency' });
    const nested = await post('{"recency":{"a":{"b":{"c":[1,2,3]}}},"frequency":3,"monetary":100}');
    expect([nested.status, nested.body.error.value]).toEqual([400, 'an object with 1 key (a)']);
    expect((await post('{"recency":5,"frequency":3,"monetary":100,"__proto__":{"x":1}}')).body.error).toMatchObject({ code: 'UNKNOWN_PARAMETER', parameter: '__proto__' });
  });

  it('says which methods a route takes', async () => {
    const s = await serve();
    const r = await send(s, '/api/segments/predict');
    expect([r.status, r.body.error.code, r.headers.allow]).toEqual([405, 'METHOD_NOT_ALLOWED', 'POST']);
    expect((await send(s, '/api/health', { method: 'DELETE' })).headers.allow).toBe('GET, HEAD');
  });
});

describe('what every answer carries', () => {
  it('security headers on pages, API answers and errors alike; no file path anywhere', async () => {
    const s = await serve();
    for (const path of ['/', '/app.js', '/api/health', '/api/nope', '/nope', '/api/sales?from=x']) {
      const r = await send(s, path);
      expect(r.headers['x-content-type-options'], path).toBe('nosniff');
      expect(r.headers['x-frame-options'], path).toBe('DENY');
      expect(String(r.headers['content-security-policy']), path).toContain("frame-ancestors 'none'");
      expect(r.headers['referrer-policy'], path).toBe('no-referrer');
      if (path.startsWith('/api')) expect(r.headers['cache-control'], path).toBe('no-store');
    }
    const health = await send(s, '/api/health');
    expect(JSON.stringify(health.body)).not.toContain(tmpdir());
    expect(health.body.source).not.toContain('/');
  });

  it('answers an unexpected failure with a 500 that leaks nothing, and logs it', async () => {
    let logged = '';
    const s = await serve({ errorLog: { write: (x: string) => (logged += x) } });
    const model = s.state.models.get('item-knn')!;
    (model as { recommend: unknown }).recommend = () => {
      throw new TypeError('secret detail at /srv/private/file.ts');
    };
    const r = await send(s, `/api/customers/${model.matrix.customers[0]}/recommendations`);
    expect([r.status, r.body.error.code]).toEqual([500, 'INTERNAL']);
    expect(JSON.stringify(r.body)).not.toMatch(/secret|private|TypeError/);
    const id = /logged as (\S+)$/.exec(r.body.error.message)![1]!;
    expect(logged).toContain(`unexpected error ${id}`);
    expect(logged).toContain('secret detail');
    expect((await send(s, '/api/health')).status).toBe(200);
  });
});

describe('serve on the command line', () => {
  it('refuses to listen beyond loopback without a token, unless told to', async () => {
    const dir = await smallArtifacts();
    const r = await run(['serve', '--artifacts', dir, '--host', '0.0.0.0', '--port', '0']);
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/listens beyond this machine, and there is no token.*--allow-unauthenticated/s)]);
    expect((await run(['serve', '--artifacts', dir, '--token', 'short'])).code).toBe(2);
    expect((await run(['serve', '--artifacts', dir, '--token-file', 'no-such-file'])).code).toBe(3);
    expect((await run(['serve', '--artifacts', dir, '--cors', 'https://a.example/path'])).stderr).toMatch(/--cors must be an origin/);
    expect((await run(['serve', '--artifacts', dir, '--rate-limit', '-1'])).code).toBe(2);
  });

  it('listens on every interface with a token, logs requests as JSON lines, and stops on SIGTERM after the request in flight', async () => {
    const dir = await smallArtifacts();
    const log = join(mkdtempSync(join(tmpdir(), 'ss-log-')), 'access.log');
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@shopper-spectrum/source', join(import.meta.dirname, 'cli.ts'), 'serve', '--artifacts', dir, '--port', '0', '--host', '0.0.0.0', '--access-log', log], {
      env: { ...process.env, SHOPPER_SPECTRUM_TOKEN: TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c));
    child.stderr.on('data', (c: Buffer) => (err += c));
    const port = await new Promise<number>((ok, fail) => {
      const t = setInterval(() => {
        // the printed URL is one a browser can open (loopback), not the wildcard address
        const m = /Dashboard: http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
        if (m) ((clearInterval(t), ok(Number(m[1]))));
      }, 50);
      child.on('exit', (code) => fail(new Error(`exited ${code}: ${err}`)));
    });
    const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect((await get('/api/health')).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(401);
    const inFlight = get('/api/sales?interval=day&from=2011-01-01');
    child.kill('SIGTERM');
    expect((await inFlight).status).toBe(200);
    const code = await new Promise<number | null>((ok) => child.on('exit', ok));
    expect(code).toBe(0);
    expect(err).toContain('Stopped.');
    const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ method: 'GET', url: '/api/health', status: 200, client: '127.0.0.1' });
    expect(lines.map((l) => l.status)).toEqual([200, 401, 200]);
  }, 60_000);
});
