/** `shopper-spectrum serve`: its flags, checks, start-up and shutdown. The server itself is loaded only when serving. */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
// light until it serves: --help and flag checks load no library (errors.ts and the server load then)
import { EXIT, EXIT_HELP } from './cliConstants.js';
import { intFlag, resolvePlugins, usage } from './cliShared.js';
import type { Io } from './cliShared.js';
import { isLoopback } from './server/access.js';
import { commandPrefix } from './invocation.js';

export const SERVE_HELP = `Usage: shopper-spectrum serve --artifacts <dir> [--port <n>] [--host <addr>] [options]

Serves the dashboard at / and the JSON API under /api over the artifacts analyze wrote, after
checking them against their manifest (a missing, changed, swapped or truncated file is refused).

Options:
  --artifacts <dir>        the --out directory of analyze (default: out)
  --port <n>               TCP port, 0 for any free port (default 3000)
  --host <addr>            address to listen on (default 127.0.0.1, this machine only)
  --token <t>              require "Authorization: Bearer <t>" on /api (at least 16 characters; the
                           dashboard asks for it once). Better: the environment variable
                           SHOPPER_SPECTRUM_TOKEN, or --token-file <file>, which ps does not show
  --token-file <file>      read the token from a file (its first line)
  --allow-unauthenticated  listen on an address other than loopback without a token (refused otherwise)
  --allowed-host <name>    a host name clients may use (the Host header); loopback names and the
                           --host address are always allowed. Repeatable
  --cors <origin>          give cross-origin access to /api to this origin (https://app.example.com),
                           or * for any. Repeatable. Default: none
  --rate-limit <n>         requests per minute per client, 0 for no limit (default 3000)
  --trust-proxy            take the client address from X-Forwarded-For (behind a reverse proxy)
  --cache-mb <n>           megabytes of answers kept for repeated requests (default 64)
  --access-log <file>      append one JSON line per request to a file (- for stderr)
  --plugin <file>          the --plugin modules analyze was given, so their model files load. Repeatable
  --quiet                  no request log on stderr
  --help                   this text

API: every route, its parameters and answers: GET /api/openapi.json (see docs/dashboard-and-api.md).
SIGTERM or Ctrl-C stops it after the requests in flight (at most 10 s).

${EXIT_HELP}`;

/** Checks a --cors value: an origin (scheme://host[:port]) or *. */
function corsOrigin(value: string): string | null {
  if (value === '*') return value;
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === value.replace(/\/$/, '') ? u.origin : null;
  } catch {
    return null;
  }
}

/** Runs `serve` with its arguments; resolves to the exit code once listening (or failing). */
export async function runServe(args: string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        artifacts: { type: 'string', default: 'out' },
        port: { type: 'string', default: '3000' },
        host: { type: 'string', default: '127.0.0.1' },
        token: { type: 'string' },
        'token-file': { type: 'string' },
        'allow-unauthenticated': { type: 'boolean', default: false },
        'allowed-host': { type: 'string', multiple: true, default: [] },
        cors: { type: 'string', multiple: true, default: [] },
        'rate-limit': { type: 'string', default: '3000' },
        'trust-proxy': { type: 'boolean', default: false },
        'cache-mb': { type: 'string', default: '64' },
        'access-log': { type: 'string' },
        plugin: { type: 'string', multiple: true, default: [] },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    return usage(io, (error as Error).message);
  }
  if (values.help) {
    io.stdout.write(`${SERVE_HELP}\n`);
    return EXIT.ok;
  }
  const port = intFlag(values.port, 'port', 0, 65535);
  if (typeof port === 'string') return usage(io, port);
  const rate = intFlag(values['rate-limit'], 'rate-limit', 0, 1_000_000);
  if (typeof rate === 'string') return usage(io, rate);
  const cacheMb = intFlag(values['cache-mb'], 'cache-mb', 0, 65_536);
  if (typeof cacheMb === 'string') return usage(io, cacheMb);
  const host = values.host.trim();
  if (!/^[\w.:[\]%-]{1,255}$/.test(host)) return usage(io, `--host must be an address or a name, got ${JSON.stringify(values.host)}`);

  let token: string | null = null;
  if (values.token !== undefined && values['token-file'] !== undefined) return usage(io, '--token and --token-file are two ways to give one token: pass one');
  if (values['token-file'] !== undefined) {
    const file = resolve(io.cwd, values['token-file']);
    try {
      token = readFileSync(file, 'utf8').split(/\r?\n/, 1)[0]!.trim();
    } catch (error) {
      io.stderr.write(`Cannot read --token-file ${JSON.stringify(values['token-file'])}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message} (looked at ${file}).\n`);
      return EXIT.missingFile;
    }
  } else token = values.token ?? process.env.SHOPPER_SPECTRUM_TOKEN ?? null;
  if (token !== null && !/^[\x21-\x7e]{16,512}$/.test(token)) return usage(io, 'the token must be 16 to 512 printable characters without spaces (for example: openssl rand -hex 24)');
  if (token === null && !isLoopback(host) && !values['allow-unauthenticated']) {
    return usage(io, `--host ${host} listens beyond this machine, and there is no token: anyone who can reach it could use the API. Give a token (SHOPPER_SPECTRUM_TOKEN, --token-file or --token), or pass --allow-unauthenticated to serve it open on purpose`);
  }
  const cors: string[] = [];
  for (const c of values.cors) {
    const o = corsOrigin(c.trim());
    if (o === null) return usage(io, `--cors must be an origin such as https://app.example.com (scheme, host and port only) or *, got ${JSON.stringify(c)}`);
    cors.push(o);
  }
  for (const h of values['allowed-host']) if (!/^[\w.-]{1,253}$|^\[[0-9a-fA-F:.]+\]$/.test(h)) return usage(io, `--allowed-host must be a host name or address without port, got ${JSON.stringify(h)}`);

  const dir = resolve(io.cwd, values.artifacts);
  if (!existsSync(resolve(dir, 'analysis.json'))) {
    io.stderr.write(`No artifacts in ${dir} (analysis.json is missing). Run first: ${commandPrefix()} analyze --out ${values.artifacts}\n`);
    return EXIT.missingFile;
  }
  const plugins = await resolvePlugins(values.plugin, io);
  if (typeof plugins === 'number') return plugins;

  const accessFile = values['access-log'];
  const accessLog = accessFile === '-' ? (l: object) => io.stderr.write(`${JSON.stringify(l)}\n`) : accessFile !== undefined ? ((path: string) => (l: object) => appendFileSync(path, `${JSON.stringify(l)}\n`))(resolve(io.cwd, accessFile)) : values.quiet ? null : (l: { method: string; url: string; status: number; ms: number }) => io.stderr.write(`${l.method} ${l.url} ${l.status} ${l.ms.toFixed(1)} ms\n`);
  try {
    const { startServer } = await import('./server.js');
    const server = await startServer({ artifacts: dir, port, host, token, allowedHosts: values['allowed-host'], cors, rateLimitPerMinute: rate, cacheBytes: cacheMb * 1024 * 1024, trustProxy: values['trust-proxy'], accessLog, errorLog: io.stderr });
    io.stdout.write(`Dashboard: ${server.url}/   API: ${server.url}/api/health   (Ctrl-C to stop)\n`);
    if (server.otherUrls.length) io.stdout.write(`Also on this machine's other addresses: ${server.otherUrls.map((u) => `${u}/`).join('  ')}\n`);
    if (token !== null) io.stdout.write('The API needs the token: the dashboard asks for it once per browser tab; API clients send Authorization: Bearer <token>.\n');
    if (io.stdout === process.stdout) {
      // graceful shutdown: stop accepting, finish what is in flight, exit 0
      const stop = (signal: string) => {
        io.stderr.write(`${signal}: stopping after the requests in flight...\n`);
        server.close(10_000).then(
          () => {
            io.stderr.write('Stopped.\n');
            process.exit(EXIT.ok);
          },
          () => process.exit(EXIT.failure),
        );
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    }
    return EXIT.ok;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      const why = code === 'EADDRINUSE' ? `port ${port} is already in use (another server, or an earlier serve still running): pass --port 0 for any free port, or another --port` : code === 'EACCES' ? `this user may not listen on port ${port} (ports below 1024 need privileges): pass a --port above 1023` : `${host} is not an address of this machine: pass --host 127.0.0.1`;
      io.stderr.write(`Cannot serve ${dir}: ${why}.\n`);
      return EXIT.cannotListen;
    }
    const { cliMessage, exitCodeOf } = await import('./errors.js');
    io.stderr.write(`Cannot serve ${dir}: ${cliMessage(error)}\n`);
    return exitCodeOf(error) === EXIT.failure ? EXIT.badData : exitCodeOf(error);
  }
}
