/**
 * The dashboard's files: every file at the top of public/ is served with its type and the
 * dashboard's CSP, nothing else is, and no request path reaches the file system.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { extname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, STATIC_TYPES } from '../src/server.js';
import type { RunningServer } from '../src/server.js';
import { DASHBOARD_CSP } from '../src/server/access.js';
import { smallArtifacts } from './fixture.js';

let server: RunningServer;
const pub = join(import.meta.dirname, '..', 'public');
beforeAll(async () => {
  server = await startServer({ artifacts: await smallArtifacts(), port: 0 });
});
afterAll(() => server.close());

/** A raw GET whose path is sent as written (fetch would normalise `..`). */
function rawGet(path: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => ok({ status: res.statusCode!, type: String(res.headers['content-type'] ?? ''), body }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('the dashboard files', () => {
  it('serves every file of public/ at its name, byte for byte, with the type of its extension', async () => {
    const names = readdirSync(pub).filter((n) => STATIC_TYPES[extname(n)] !== undefined);
    expect(names).toEqual(expect.arrayContaining(['index.html', 'app.js', 'charts.js', 'style.css']));
    for (const name of names) {
      const res = await fetch(`${server.url}/${name}`);
      expect(res.status, name).toBe(200);
      expect(res.headers.get('content-type'), name).toBe(STATIC_TYPES[extname(name)]);
      expect(Buffer.from(await res.arrayBuffer()).equals(readFileSync(join(pub, name))), name).toBe(true);
    }
  });

  it('serves the charts module the dashboard imports as JavaScript under the strict CSP', async () => {
    const app = readFileSync(join(pub, 'app.js'), 'utf8');
    const imported = [...app.matchAll(/^import .* from '(\/[^']+)';$/gm)].map((m) => m[1]!);
    expect(imported).toContain('/charts.js');
    for (const path of imported) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    }
    const page = await fetch(`${server.url}/`);
    expect(page.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    expect(DASHBOARD_CSP).not.toMatch(/unsafe-eval/);
  });

  it('answers 404 in the one shape for paths outside public/, however they are spelt', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/%2e%2e%2fsrc%2fserver.ts', '/vendor/../package.json', '/public/app.js', '/app.js/', '/APP.JS', '/.gitignore', '/src/server.ts', '/app.js%00.html', '/tsup.config.ts']) {
      const r = await rawGet(path);
      expect(r.status, path).toBeGreaterThanOrEqual(400);
      expect(r.status, path).toBeLessThan(500);
      expect(r.type, path).toMatch(/^application\/json/);
      expect(JSON.parse(r.body).error.code, path).toMatch(/^[A-Z_]+$/);
    }
  });

  it('answers a HEAD that Node refuses to parse (a raw non-ASCII path) with a 400 and no body', async () => {
    const reply = await new Promise<string>((ok) => {
      let got = '';
      const socket = connect(server.port, '127.0.0.1', () => socket.end(Buffer.concat([Buffer.from('HEAD /'), Buffer.from('\u00e9', 'utf8'), Buffer.from(' HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')])));
      socket.setEncoding('latin1');
      socket.on('data', (c: string) => (got += c));
      socket.on('close', () => ok(got));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expect(reply.endsWith('\r\n\r\n')).toBe(true);
  });
});
