/**
 * Who may talk to the server, and what every answer carries: the Host allow-list (against DNS
 * rebinding), an optional bearer token on `/api`, CORS for the origins named and none otherwise, a
 * per-client rate limit, and security headers on every response.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { HttpError } from './httpError.js';

/** What {@link accessControl} enforces. */
export interface AccessOptions {
  /** The bearer token `/api` requires, or null for none (loopback only, unless the operator allows it). */
  readonly token: string | null;
  /** Host names (lower case, IPv6 in brackets, no port) the server answers to. */
  readonly allowedHosts: ReadonlySet<string>;
  /** Origins given CORS headers (`https://app.example.com`), `*` for any; empty: none. */
  readonly corsOrigins: ReadonlySet<string>;
  /** Requests a client may make per minute (a token bucket holding ten seconds' worth); 0: no limit. */
  readonly rateLimitPerMinute: number;
}

/** Whether an address or name is this machine's loopback. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

/** Whether a bind address listens on every interface. */
export function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]' || host === '';
}

/** The host names served by default for a bind address: loopback names, the address itself, and for a wildcard bind this machine's interface addresses. */
export function defaultAllowedHosts(bind: string, extra: readonly string[]): Set<string> {
  const hosts = new Set(['localhost', '127.0.0.1', '[::1]']);
  const add = (h: string) => hosts.add(h.includes(':') && !h.startsWith('[') ? `[${h.toLowerCase()}]` : h.toLowerCase());
  if (isWildcard(bind)) {
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) add(a.address.replace(/%.*$/, ''));
  } else add(bind);
  for (const h of extra) add(h);
  return hosts;
}

/** The host name of a Host header, lower case, without port or trailing dot; null when malformed. */
export function hostOf(header: string | undefined): string | null {
  if (header === undefined || header === '' || header.length > 255) return null;
  const h = header.trim().toLowerCase();
  const m = h.startsWith('[') ? /^(\[[0-9a-f:.]+\])(?::\d{1,5})?$/.exec(h) : /^([a-z0-9._-]+?)\.?(?::\d{1,5})?$/.exec(h);
  return m ? m[1]! : null;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Constant-time comparison of a presented token with the expected one. */
export function tokenMatches(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

/** A per-client token bucket, its table bounded (the oldest clients are forgotten past 10,000). */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly capacity: number;
  private readonly perMs: number;
  constructor(perMinute: number, private readonly now: () => number = () => performance.now()) {
    this.capacity = Math.max(1, perMinute / 6);
    this.perMs = perMinute / 60_000;
  }
  /** Takes one request for `client`: 0 when allowed, else the seconds until the next is. */
  take(client: string): number {
    const t = this.now();
    let b = this.buckets.get(client);
    if (b === undefined) {
      if (this.buckets.size >= 10_000) this.buckets.delete(this.buckets.keys().next().value!);
      b = { tokens: this.capacity, at: t };
    } else this.buckets.delete(client); // re-inserted below: the map's order is the order of last use
    b.tokens = Math.min(this.capacity, b.tokens + (t - b.at) * this.perMs);
    b.at = t;
    this.buckets.set(client, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - b.tokens) / this.perMs / 1000);
  }
}

/** The Content-Security-Policy of the dashboard's pages; the API's answers get `default-src 'none'`. */
export const DASHBOARD_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** Security headers of every response. */
export function securityHeaders(dashboard: boolean): Record<string, string> {
  return {
    'content-security-policy': dashboard ? DASHBOARD_CSP : API_CSP,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  };
}

/** What a request looks like to the access checks. */
export interface AccessRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly client: string;
}

/** The outcome of the checks: headers to add, and whether the request is a CORS preflight answered here. */
export interface AccessDecision {
  readonly headers: Record<string, string>;
  readonly preflight: boolean;
}

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/**
 * The access checks, in order: Host, CORS preflight, rate limit, token. Throws an {@link HttpError}
 * (403 HOST_NOT_ALLOWED, 403 ORIGIN_NOT_ALLOWED, 429 RATE_LIMITED, 401 UNAUTHORIZED) or returns the
 * headers to add.
 */
export function accessControl(options: AccessOptions): (req: AccessRequest) => AccessDecision {
  const limiter = options.rateLimitPerMinute > 0 ? new RateLimiter(options.rateLimitPerMinute) : null;
  const anyOrigin = options.corsOrigins.has('*');
  return (req) => {
    const hostHeader = one(req.headers.host);
    const host = hostOf(hostHeader);
    if (host === null || !options.allowedHosts.has(host)) {
      throw new HttpError(403, 'HOST_NOT_ALLOWED', `this server does not answer to the host ${JSON.stringify((hostHeader ?? '').slice(0, 100))}: start serve with --allowed-host <name> to serve it`, 'host', hostHeader ?? null, [...options.allowedHosts].join(', '));
    }
    const headers: Record<string, string> = {};
    const api = req.path.startsWith('/api/') || req.path === '/api';
    const origin = one(req.headers.origin);
    const corsOk = origin !== undefined && api && (anyOrigin || options.corsOrigins.has(origin));
    if (corsOk) {
      headers['access-control-allow-origin'] = anyOrigin ? '*' : origin!;
      if (!anyOrigin) headers.vary = 'Origin';
    }
    const preflight = req.method === 'OPTIONS' && one(req.headers['access-control-request-method']) !== undefined;
    if (preflight) {
      if (!corsOk) throw new HttpError(403, 'ORIGIN_NOT_ALLOWED', `cross-origin requests from ${JSON.stringify((origin ?? 'no origin').slice(0, 100))} are not allowed: start serve with --cors <origin> to allow one`, 'origin', origin ?? null, options.corsOrigins.size ? [...options.corsOrigins].join(', ') : 'none (CORS is off)');
      headers['access-control-allow-methods'] = 'GET, HEAD, POST';
      headers['access-control-allow-headers'] = 'authorization, content-type';
      headers['access-control-max-age'] = '600';
      return { headers, preflight: true };
    }
    if (limiter) {
      const wait = limiter.take(req.client);
      if (wait > 0) throw new HttpError(429, 'RATE_LIMITED', `too many requests from this client: at most ${options.rateLimitPerMinute} a minute; retry in ${wait} s`, 'client', null, `${options.rateLimitPerMinute} requests a minute`, { 'retry-after': String(wait), ...headers });
    }
    if (api && options.token !== null) {
      const auth = one(req.headers.authorization) ?? '';
      const m = /^Bearer\s+(\S{1,512})\s*$/i.exec(auth);
      if (!m || !tokenMatches(m[1]!, options.token)) {
        throw new HttpError(401, 'UNAUTHORIZED', auth ? 'the bearer token is not the one this server was started with' : 'this API needs a bearer token: send the header Authorization: Bearer <token>', 'authorization', null, 'Bearer <the token given to serve>', { 'www-authenticate': 'Bearer realm="shopper-spectrum"', ...headers });
      }
    }
    return { headers, preflight: false };
  };
}
