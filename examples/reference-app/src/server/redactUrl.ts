/**
 * A request URL as the access log may keep it: the path and the query as sent, except the values
 * of keys that carry secrets (a token sent as `?token=...` by a script, a `password`, an `api_key`),
 * which are replaced, so that a log file shared for debugging gives no one access.
 */

/** The query keys whose values the log never keeps (compared in lower case, `-` read as `_`). */
export const SECRET_QUERY_KEYS: ReadonlySet<string> = new Set(['token', 'access_token', 'refresh_token', 'id_token', 'auth', 'authorization', 'bearer', 'key', 'api_key', 'apikey', 'password', 'passwd', 'pwd', 'secret', 'client_secret', 'session', 'sessionid', 'sig', 'signature', 'jwt', 'code']);

/** What a secret value is replaced with. */
export const REDACTED = 'REDACTED';

/**
 * `url` with the value of every query key of {@link SECRET_QUERY_KEYS} replaced by
 * {@link REDACTED} (a key given without `=` kept as given); everything else byte for byte,
 * malformed percent-encoding included. O(length).
 *
 * @example
 * ```ts
 * redactUrl('/api/health?token=s3cret&x=1&API-Key=k');
 * // => '/api/health?token=REDACTED&x=1&API-Key=REDACTED'
 * ```
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const parts = url.slice(q + 1).split('&').map((part) => {
    const eq = part.indexOf('=');
    if (eq < 0) return part;
    let key = part.slice(0, eq);
    try {
      key = decodeURIComponent(key.replaceAll('+', ' '));
    } catch {
      /* a malformed key is compared as sent */
    }
    return SECRET_QUERY_KEYS.has(key.trim().toLowerCase().replaceAll('-', '_')) ? `${part.slice(0, eq)}=${REDACTED}` : part;
  });
  return `${url.slice(0, q)}?${parts.join('&')}`;
}
