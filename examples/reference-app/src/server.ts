/**
 * `serve`: the dashboard and its JSON API over an artifacts directory, on Fastify.
 *
 * Fastify, rather than Hono or a hand-written router: it is Node-first (the only runtime `serve`
 * targets), validates every route's parameters, query and body against JSON schemas with Ajv, and
 * generates the OpenAPI document from those same schemas (@fastify/swagger), so the checks, the
 * errors and the documentation cannot drift apart; and its routing and hooks add well under a
 * millisecond a request (docs/benchmarks.md compares it with the earlier hand-written server).
 *
 * Every answer of status 400 or more has one shape (httpError.ts); no request path, method, header
 * or body can end the process: framework, client and unexpected errors are all mapped here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import Fastify from 'fastify';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import { isShopperSpectrumError } from '@shopper-spectrum/core';
import { loadArtifacts } from './artifacts.js';
import type { LoadedArtifacts } from './artifacts.js';
import { httpStatusOf } from './errors.js';
import { accessControl, defaultAllowedHosts, isWildcard, securityHeaders } from './server/access.js';
import { AnswerCache } from './server/answerCache.js';
import { customerSegmentations } from './server/customerGroups.js';
import { TableFilters } from './server/filters.js';
import { echo, errorBody, HttpError } from './server/httpError.js';
import { redactUrl } from './server/redactUrl.js';
import { registerRoutes } from './server/routes.js';

export { HttpError } from './server/httpError.js';

/** Where one line per request goes. */
export type AccessLog = (line: AccessLogLine) => void;

/** One request, as the access log records it. */
export interface AccessLogLine {
  readonly time: string;
  readonly client: string;
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly bytes: number;
  readonly ms: number;
}

/** Options of {@link startServer} and {@link buildServer}. */
export interface ServeOptions {
  /** The artifacts directory `analyze` wrote. */
  readonly artifacts: string;
  readonly port?: number;
  readonly host?: string;
  /** The bearer token `/api` requires; null or absent: none. */
  readonly token?: string | null;
  /** Host names served besides the loopback names and the bind address. */
  readonly allowedHosts?: readonly string[];
  /** Origins given CORS headers (`*` for any). Default none. */
  readonly cors?: readonly string[];
  /** Requests per minute per client (0: no limit). Default 3000. */
  readonly rateLimitPerMinute?: number;
  /** Bytes of answers kept for repeated requests. Default 64 MiB. */
  readonly cacheBytes?: number;
  /** Take the client address from X-Forwarded-For (behind a reverse proxy). Default false. */
  readonly trustProxy?: boolean;
  /** The request log, or null for none. */
  readonly accessLog?: AccessLog | null;
  /** Where unexpected errors are logged (whatever the access log is). */
  readonly errorLog?: { write(s: string): unknown };
}

/** The defaults of {@link ServeOptions}. */
export const SERVE_DEFAULTS = Object.freeze({ port: 3000, host: '127.0.0.1', rateLimitPerMinute: 3000, cacheBytes: 64 * 1024 * 1024, bodyLimit: 16 * 1024, maxDepth: 16, maxParamLength: 200 });

/** A route as the server registered it (static files, API routes and their 405 answers alike). */
export interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
  /** Whether the route is kept out of the OpenAPI document on purpose (`schema.hide`: the 405 answers). */
  readonly hidden: boolean;
  /** The OpenAPI tags of the route; the document lists only tagged routes. */
  readonly tags: readonly string[];
}

/** A running server. */
export interface RunningServer {
  /** A URL a browser on this machine can open: the bind address, or for a wildcard bind (`0.0.0.0`, `::`) the loopback address. */
  readonly url: string;
  /** For a wildcard bind, the URLs of this machine's other interface addresses (each one a Host the server answers to); else none. */
  readonly otherUrls: readonly string[];
  readonly port: number;
  readonly server: Server;
  readonly app: FastifyInstance;
  readonly state: LoadedArtifacts;
  readonly cache: AnswerCache;
  /** Stops accepting connections, lets requests in flight finish (at most `graceMs`), then closes. */
  close(graceMs?: number): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));

function packageFile(pkg: string, file: string): string {
  // walk up from the resolved entry to the package root
  let dir = dirname(fileURLToPath(import.meta.resolve(pkg)));
  for (let i = 0; i < 5; i++) {
    try {
      const name = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name;
      if (name === pkg) return join(dir, file);
    } catch {
      /* keep walking */
    }
    dir = dirname(dir);
  }
  throw new Error(`cannot find ${file} of ${pkg}`);
}

const JS = 'text/javascript; charset=utf-8';

/** The media type of each file extension served from `public/`; a file of another extension is not served. */
export const STATIC_TYPES: Readonly<Record<string, string>> = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.js': JS,
  '.mjs': JS,
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
});

/**
 * The only files served: URL path -> contents and type, read once at start. Every regular file at
 * the top of `public/` with a name of letters, digits, `.`, `_` and `-` and an extension of
 * {@link STATIC_TYPES} is served at `/<name>` (a module the dashboard adds is served without
 * touching this table; sub-folders, links, dot files and other names are not), plus the vendored
 * Vega modules. No request path reaches the file system, so no path can traverse out of it.
 */
function staticFiles(): Map<string, { body: Buffer; type: string; cache: string }> {
  const pub = join(here, '..', 'public');
  const vendor = (pkg: string, file: string, rewrite?: (s: string) => string) => {
    const text = readFileSync(packageFile(pkg, file), 'utf8');
    return { body: Buffer.from(rewrite ? rewrite(text) : text), type: JS, cache: 'public, max-age=86400' };
  };
  const files = new Map<string, { body: Buffer; type: string; cache: string }>();
  for (const entry of readdirSync(pub, { withFileTypes: true })) {
    const type = STATIC_TYPES[extname(entry.name).toLowerCase()];
    if (!entry.isFile() || type === undefined || !/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/.test(entry.name)) continue;
    files.set(`/${entry.name}`, { body: readFileSync(join(pub, entry.name)), type, cache: 'no-cache' });
  }
  const html = files.get('/index.html');
  if (!html) throw new Error(`the dashboard's index.html is missing from ${pub}`);
  files.set('/', html);
  files.set('/vendor/vega.min.js', vendor('vega', 'build/vega.min.js'));
  files.set('/vendor/vega-lite.min.js', vendor('vega-lite', 'build/vega-lite.min.js'));
  files.set('/vendor/vega-embed.min.js', vendor('vega-embed', 'build/vega-embed.min.js'));
  // Vega's expression interpreter, so that charts need no eval ('unsafe-eval' stays out of the CSP);
  // its three imports from vega-util are on the vega global the page already has
  files.set(
    '/vendor/vega-interpreter.js',
    vendor('vega-interpreter', 'build/vega-interpreter.js', (s) => s.replace(/^import \{([^}]*)\} from 'vega-util';/m, (_m, names: string) => `const {${names}} = globalThis.vega;`)),
  );
  return files;
}

/** Parses a query string: empty values are absent, a repeated key becomes an array (refused by the schemas), at most 100 keys. */
function parseQuery(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  let n = 0;
  for (const [k, v] of new URLSearchParams(text)) {
    if (++n > 100) break;
    if (v === '') continue;
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** Refuses JSON nested deeper than `max` before parsing it. O(length). */
function checkDepth(text: string, max: number): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) throw new HttpError(400, 'BODY_TOO_DEEP', `the body nests objects and arrays deeper than ${max} levels`, 'body', null, `JSON nested at most ${max} levels`);
    } else if (c === 125 || c === 93) depth--;
  }
}

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  parentSchema?: { description?: string; properties?: Record<string, { description?: string }> };
  data?: unknown;
  message?: string;
}

/** A schema's refusal as the one error shape, naming the parameter, the value and what is allowed. */
function validationError(errors: readonly AjvError[], context: string): HttpError {
  const v = errors[0]!;
  const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const where = context === 'body' ? 'body' : context === 'params' ? 'path' : 'query';
  if (v.keyword === 'additionalProperties') {
    const name = String(v.params.additionalProperty);
    const allowed = Object.keys(v.parentSchema?.properties ?? {});
    return new HttpError(400, 'UNKNOWN_PARAMETER', `${where} has an unknown ${context === 'body' ? 'field' : 'parameter'} ${JSON.stringify(name.slice(0, 60))}; allowed: ${allowed.join(', ') || 'none'}`, name, null, allowed.join(', ') || 'none');
  }
  if (v.keyword === 'required' || v.keyword === 'dependentRequired') {
    const name = String(v.params.missingProperty);
    const allowed = v.parentSchema?.properties?.[name]?.description ?? 'a value';
    return new HttpError(400, 'INVALID_PARAMETER', `${name} is required: ${allowed}`, path ? `${path}.${name}` : name, null, allowed);
  }
  if (path === '' && context === 'body') return new HttpError(400, 'INVALID_BODY', 'the body must be a JSON object { recency, frequency, monetary }', 'body', v.data, 'a JSON object');
  const allowed = v.parentSchema?.description ?? v.message ?? 'a valid value';
  const value = v.data;
  if (Array.isArray(value) && context === 'querystring') return new HttpError(400, 'INVALID_PARAMETER', `${path} is given ${value.length} times: give it once`, path, value, allowed.replace(/^[^:]*: /, ''));
  return new HttpError(400, 'INVALID_PARAMETER', `${path || where} must be ${allowed.replace(/^[^:]*: /, '')}, got ${JSON.stringify(echo(value))}`, path || where, value, allowed.replace(/^[^:]*: /, ''));
}

/** The framework's own 4xx errors, as the one shape. */
function frameworkError(error: FastifyError): HttpError | null {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'only application/json bodies are accepted', 'content-type', null, 'application/json');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpError(413, 'BODY_TOO_LARGE', `the body may be at most ${SERVE_DEFAULTS.bodyLimit} bytes`, 'body', null, `up to ${SERVE_DEFAULTS.bodyLimit} bytes`);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HttpError(400, 'INVALID_JSON', 'the body is empty; it must be a JSON object', 'body', null, 'a JSON object');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new HttpError(400, 'INVALID_BODY', 'the Content-Length does not match the body', 'content-length', null, 'the length of the body');
    case 'FST_ERR_BAD_URL':
      return new HttpError(400, 'INVALID_PATH', 'the path is not valid percent-encoding', 'path', null, 'a percent-encoded path');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new HttpError(414, 'PATH_TOO_LONG', `a part of the path between slashes may be at most ${SERVE_DEFAULTS.maxParamLength} characters`, 'path', null, `path parts of at most ${SERVE_DEFAULTS.maxParamLength} characters`);
    default:
      // another refusal of the framework: its status, with a documented code and a message of ours
      // (the framework's own messages quote the request half-way)
      return typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? new HttpError(error.statusCode, 'BAD_REQUEST', `the request was refused (${error.statusCode})`, null, null, null) : null;
  }
}

/** Sends an error in the one shape, with the security headers (the hooks that add them do not run for every error). */
function sendError(reply: FastifyReply, e: HttpError): FastifyReply {
  return reply.code(e.status).headers(securityHeaders(false)).headers(e.headers).type('application/json; charset=utf-8').send(errorBody(e.code, e.message, e.parameter, e.value, e.allowed));
}

/** The charset a Content-Type names, lower case, or null when it names none. */
function charsetOf(contentType: string | undefined): string | null {
  const m = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType ?? '');
  return m ? m[1]!.toLowerCase() : null;
}

/** A route path of the table above as a pattern (`:name` one path part). */
const routePattern = (path: string) => new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+')}$`);

const API_ROUTES: Record<string, string> = {
  '/api/health': 'GET, HEAD',
  '/api/openapi.json': 'GET, HEAD',
  '/api/countries': 'GET, HEAD',
  '/api/segments': 'GET, HEAD',
  '/api/segments/:name': 'GET, HEAD',
  '/api/evaluation': 'GET, HEAD',
  '/api/overview': 'GET, HEAD',
  '/api/countries/revenue': 'GET, HEAD',
  '/api/pareto': 'GET, HEAD',
  '/api/cohorts': 'GET, HEAD',
  '/api/scatter': 'GET, HEAD',
  '/api/customers': 'GET, HEAD',
  '/api/customers/:id': 'GET, HEAD',
  '/api/customers/:id/products': 'GET, HEAD',
  '/api/customers/:id/recommendations': 'GET, HEAD',
  '/api/products/search': 'GET, HEAD',
  '/api/products/top': 'GET, HEAD',
  '/api/products/:stockCode': 'GET, HEAD',
  '/api/products/:stockCode/similar': 'GET, HEAD',
  '/api/sales': 'GET, HEAD',
  '/api/segments/predict': 'POST',
  '/api/charts/:name': 'GET, HEAD',
};

function appVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(here, '..', 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Builds the Fastify app over loaded artifacts (ready, not listening). */
export async function buildServer(state: LoadedArtifacts, options: Omit<ServeOptions, 'artifacts'> = {}): Promise<{ app: FastifyInstance; cache: AnswerCache; routes: readonly RegisteredRoute[] }> {
  const errorLog = options.errorLog ?? process.stderr;
  const host = options.host ?? SERVE_DEFAULTS.host;
  const check = accessControl({
    token: options.token ?? null,
    allowedHosts: defaultAllowedHosts(host, options.allowedHosts ?? []),
    corsOrigins: new Set(options.cors ?? []),
    rateLimitPerMinute: options.rateLimitPerMinute ?? SERVE_DEFAULTS.rateLimitPerMinute,
  });
  const files = staticFiles();
  const cache = new AnswerCache(options.cacheBytes ?? SERVE_DEFAULTS.cacheBytes);
  const log = options.accessLog ?? null;
  let requestIds = 0;
  // the raw answers of the HTTP parser's refusals carry the same security headers as every other
  const rawSecurityHeaders = Object.entries(securityHeaders(false)).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  /** The access log line of a request: the query's secrets replaced, the URL cut to 300 characters. */
  const logLine = (req: FastifyRequest, reply: FastifyReply, started: number): AccessLogLine => {
    const url = redactUrl(req.url);
    return { time: new Date().toISOString(), client: req.ip, method: req.method, url: url.length > 300 ? `${url.slice(0, 297)}...` : url, status: reply.statusCode, bytes: Number(reply.getHeader('content-length') ?? 0), ms: Math.round((performance.now() - started) * 10) / 10 };
  };

  const app = Fastify({
    logger: false,
    bodyLimit: SERVE_DEFAULTS.bodyLimit,
    routerOptions: { maxParamLength: SERVE_DEFAULTS.maxParamLength, querystringParser: parseQuery },
    trustProxy: options.trustProxy ?? false,
    requestTimeout: 30_000,
    keepAliveTimeout: 5_000,
    // answered in the hook below instead, in the one shape and with the security headers
    return503OnClosing: false,
    exposeHeadRoutes: true,
    // a request without Host reaches the Host check (a 403 in the one shape) instead of Node's bare 400
    serverFactory: (handler) => createServer({ requireHostHeader: false }, handler),
    // a malformed or too long URL reaches no route, and no hook runs for it: the access checks (a
    // foreign Host gets its 403 here too), the headers and the log line are applied here
    frameworkErrors: (error, req, reply) => {
      const started = performance.now();
      let answer = frameworkError(error) ?? new HttpError(400, 'BAD_REQUEST', 'the request could not be routed', null, null, null);
      try {
        reply.headers(check({ method: req.method, path: req.url.split('?', 1)[0]!, headers: req.headers, client: req.ip }).headers);
      } catch (refused) {
        if (!(refused instanceof HttpError)) throw refused;
        answer = refused;
      }
      if (req.url.startsWith('/api')) reply.header('cache-control', 'no-store');
      if (log) reply.raw.once('finish', () => log(logLine(req, reply, started)));
      sendError(reply, answer);
    },
    // what Node's HTTP parser refuses (an unknown method, a malformed request line, headers too large)
    clientErrorHandler: (error: Error & { code?: string }, socket: Socket) => {
      if (!socket.writable) return socket.destroy();
      const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
      const body = JSON.stringify(errorBody(status === 431 ? 'HEADERS_TOO_LARGE' : status === 408 ? 'REQUEST_TIMEOUT' : 'BAD_REQUEST', status === 431 ? 'the request headers are too large' : status === 408 ? 'the request took too long to arrive' : 'the request is not valid HTTP/1.1'));
      // an answer to HEAD has no body (a client would read the body as the start of a next answer)
      const head = (error as Error & { rawPacket?: Buffer }).rawPacket?.subarray(0, 5).toString('latin1') === 'HEAD ';
      socket.end(`HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request'}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n${rawSecurityHeaders}\r\n${head ? '' : body}`);
    },
  });

  // types are not coerced in bodies (a JSON "5" is not a number); query strings are text, so they are
  const querySide = new Ajv({ coerceTypes: true, useDefaults: true, removeAdditional: false, allErrors: false, verbose: true, strict: false });
  const bodySide = new Ajv({ coerceTypes: false, useDefaults: true, removeAdditional: false, allErrors: false, verbose: true, strict: false });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodySide : querySide).compile(schema as object));
  app.setSchemaErrorFormatter((errors, context) => validationError(errors as unknown as AjvError[], context));

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    // the body is read as UTF-8 (RFC 8259 allows nothing else): a body declaring another charset is refused, not misread
    const charset = charsetOf(req.headers['content-type']);
    if (charset !== null && charset !== 'utf-8' && charset !== 'utf8') {
      return done(new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `the body declares the charset ${JSON.stringify(charset.slice(0, 40))}: JSON bodies are read as UTF-8 only (send application/json, or application/json; charset=utf-8)`, 'content-type', charset, 'application/json; charset=utf-8'), undefined);
    }
    try {
      const text = body as string;
      checkDepth(text, SERVE_DEFAULTS.maxDepth);
      done(null, JSON.parse(text));
    } catch (error) {
      done(error instanceof HttpError ? error : new HttpError(400, 'INVALID_JSON', 'the body is not valid JSON', 'body', null, 'a JSON object'), undefined);
    }
  });

  // every route registered, each method apart (HEAD included), to check the OpenAPI document against
  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (route) => {
    const schema = route.schema as { hide?: boolean; tags?: string[] } | undefined;
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, hidden: schema?.hide === true, tags: schema?.tags ?? [] });
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'shopper-spectrum API', version: appVersion(), description: 'Segments, recommendations and sales over the artifacts `shopper-spectrum analyze` wrote. Errors: { error: { code, message, parameter, value, allowed } }.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'required when serve was started with a token' } } },
      security: options.token ? [{ bearer: [] }] : [],
    },
    hideUntagged: true,
  });

  // once close() is called, a request still arriving on an open connection gets a 503 and the
  // connection is closed (the requests already in flight finish)
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });

  app.addHook('onRequest', async (req, reply) => {
    (req as FastifyRequest & { started?: number }).started = performance.now();
    if (closing) throw new HttpError(503, 'SHUTTING_DOWN', 'the server is stopping: retry in a moment', null, null, null, { connection: 'close' });
    const path = req.url.split('?', 1)[0]!;
    const decision = check({ method: req.method, path, headers: req.headers, client: req.ip });
    reply.headers(decision.headers);
    // a request target that is not a path (`*`, `OPTIONS *`'s form) names no page of this server
    if (!path.startsWith('/')) throw new HttpError(404, 'NOT_FOUND', 'no such page: the request target must be a path starting with /', 'path', path, '/ (the dashboard) and the routes of GET /api/openapi.json');
    if (decision.preflight) return reply.code(204).send();
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const dashboard = String(reply.getHeader('content-type') ?? '').startsWith('text/html');
    reply.headers(securityHeaders(dashboard));
    if (req.url.startsWith('/api')) reply.header('cache-control', 'no-store');
    return payload;
  });

  if (log) {
    app.addHook('onResponse', async (req, reply) => {
      const started = (req as FastifyRequest & { started?: number }).started ?? performance.now();
      log(logLine(req, reply, started));
    });
  }

  app.setErrorHandler((error: FastifyError & { validation?: unknown }, req, reply) => {
    if (error instanceof HttpError) return sendError(reply, error);
    if (isShopperSpectrumError(error)) {
      // a library error from any package: its status, code, message and what it names
      const j = error.toJSON();
      return sendError(reply, new HttpError(httpStatusOf(error), j.code, j.message, j.parameter ?? null, error.value, j.allowed ?? null));
    }
    const framework = frameworkError(error);
    if (framework) return sendError(reply, framework);
    const id = `${Date.now().toString(36)}-${(++requestIds).toString(36)}`;
    errorLog.write(`unexpected error ${id} on ${req.method} ${req.url.slice(0, 200)}: ${(error as Error)?.stack ?? String(error)}\n`);
    return sendError(reply, new HttpError(500, 'INTERNAL', `an unexpected error; it has been logged as ${id}`));
  });

  // the methods of each path served, for the 405 of any other method (TRACE, PROPFIND, PUT / ...)
  const known: { pattern: RegExp; allow: string }[] = [...[...files.keys()].map((p) => ({ pattern: routePattern(p), allow: 'GET, HEAD' })), ...Object.entries(API_ROUTES)
    // a fixed path before a pattern it also matches (/api/segments/predict before /api/segments/:name), as the router picks
    .sort((a, b) => a[0].split(':').length - b[0].split(':').length)
    .map(([p, allow]) => ({ pattern: routePattern(p), allow }))];
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?', 1)[0]!;
    let decoded = path;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      /* matched as sent */
    }
    const route = known.find((k) => k.pattern.test(path) || k.pattern.test(decoded));
    if (route) return sendError(reply, new HttpError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${path.slice(0, 100)}`, 'method', req.method, route.allow, { allow: route.allow }));
    if (!path.startsWith('/api/')) return sendError(reply, new HttpError(404, 'NOT_FOUND', 'no such page', 'path', path, '/ (the dashboard)'));
    return sendError(reply, new HttpError(404, 'NOT_FOUND', `no API route ${JSON.stringify(path.slice(0, 100))}`, 'path', path, 'the routes of GET /api/openapi.json'));
  });

  for (const [path, file] of files) {
    app.get(path, (_req, reply) => reply.type(file.type).header('cache-control', file.cache).send(file.body));
  }

  const segmentations = customerSegmentations({ table: state.table, rfm: state.rfm, rfmNames: state.summary.rfmSegments.map((r) => r.segment), clusterNames: state.segmentModel.names });
  registerRoutes(app, { state, filters: new TableFilters(state.table, segmentations), cache, started: Date.now(), version: appVersion() });

  // a known API path asked with another method: 405 naming the methods it takes
  for (const [path, allow] of Object.entries(API_ROUTES)) {
    const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].filter((m) => !allow.includes(m));
    app.route({ method: methods, url: path, schema: { hide: true }, handler: (req) => {
      throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${path}`, 'method', req.method, allow, { allow });
    } });
  }

  await app.ready();
  return { app, cache, routes };
}

/** Loads (and verifies) the artifacts and listens; resolves once the port is open. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const state = loadArtifacts(options.artifacts);
  const { app, cache } = await buildServer(state, options);
  const host = options.host ?? SERVE_DEFAULTS.host;
  await app.listen({ port: options.port ?? SERVE_DEFAULTS.port, host });
  const port = (app.server.address() as AddressInfo).port;
  const urlOf = (h: string) => `http://${h.includes(':') && !h.startsWith('[') ? `[${h}]` : h}:${port}`;
  // a wildcard address is where to listen, not where to go: a browser opens the loopback address
  // (a Host the server answers to), and the other interfaces are listed apart
  const wildcard = isWildcard(host);
  const otherUrls = wildcard
    ? Object.values(networkInterfaces())
        .flat()
        .filter((a) => a !== undefined && !a.internal && (host.includes(':') || a.family === 'IPv4'))
        .map((a) => urlOf(a!.address.replace(/%.*$/, '')))
    : [];
  return {
    url: urlOf(wildcard ? (host.includes(':') ? '::1' : '127.0.0.1') : host),
    otherUrls: [...new Set(otherUrls)],
    port,
    server: app.server,
    app,
    state,
    cache,
    close: async (graceMs = 10_000) => {
      // stop accepting, let requests in flight finish, then cut what is left (idle keep-alives at once)
      const timer = setTimeout(() => app.server.closeAllConnections(), graceMs);
      app.server.closeIdleConnections();
      try {
        await app.close();
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
