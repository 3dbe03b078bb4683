import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startServer } from '../src/server.js';
import { smallArtifacts } from './fixture.js';

/** Resolves once nothing accepts connections on the port any more (at most 200 attempts). */
async function untilRefused(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const refused = await new Promise<boolean>((done) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), done(false)));
      s.once('error', () => done(true));
    });
    if (refused) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`port ${port} still accepts connections`);
}

/** Everything a socket receives until the other side closes it. */
const received = (socket: Socket) =>
  new Promise<string>((done) => {
    let data = '';
    socket.on('data', (d) => (data += d));
    socket.once('close', () => done(data));
  });

describe('graceful shutdown', () => {
  it('finishes the request in flight, and answers one arriving on the same connection after close() with a 503 in the one shape', async () => {
    const server = await startServer({ artifacts: await smallArtifacts(), port: 0, rateLimitPerMinute: 0 });
    const socket = connect(server.port, '127.0.0.1');
    const answers = received(socket);
    await new Promise((r) => socket.once('connect', r));
    const body = JSON.stringify({ recency: 5, frequency: 4, monetary: 900 });
    // the request is in flight: its headers are read, half its body is not there yet
    const started = new Promise((r) => server.server.once('request', r));
    socket.write(`POST /api/segments/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`);
    await started;
    const closed = server.close(10_000);
    await untilRefused(server.port);
    // the rest of the body, then a second request on the same (keep-alive) connection
    socket.write(`${body.slice(10)}GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    await closed;
    const text = await answers;
    const [first, second] = text.split(/(?=HTTP\/1\.1 )/);
    expect(first).toMatch(/^HTTP\/1\.1 200 /);
    expect(JSON.parse(first!.slice(first!.indexOf('\r\n\r\n') + 4)).segment).toEqual(expect.any(String));
    expect(second).toMatch(/^HTTP\/1\.1 503 /);
    const [head, payload] = second!.split('\r\n\r\n');
    expect(head).toMatch(/\r\nconnection: close\r\n/i);
    expect(head).toMatch(/\r\nx-content-type-options: nosniff\r\n/i);
    expect(JSON.parse(payload!)).toEqual({ error: { code: 'SHUTTING_DOWN', message: 'the server is stopping: retry in a moment', parameter: null, value: null, allowed: null } });
  });
});
