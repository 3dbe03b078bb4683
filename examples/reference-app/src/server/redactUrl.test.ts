import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTED, redactUrl, SECRET_QUERY_KEYS } from './redactUrl.js';

describe('redactUrl', () => {
  it('replaces the value of a token, a key or a password in the query and keeps the rest as sent', () => {
    expect(redactUrl('/api/health?token=s3cret&x=1&API-Key=k&password=p%20w')).toBe(`/api/health?token=${REDACTED}&x=1&API-Key=${REDACTED}&password=${REDACTED}`);
  });

  it('reads a percent-encoded key as its name', () => {
    expect(redactUrl('/api/x?%74oken=abc')).toBe(`/api/x?%74oken=${REDACTED}`);
  });

  it('keeps a URL without a query, a key without a value, and malformed encoding as they are', () => {
    expect(redactUrl('/api/customers/12347')).toBe('/api/customers/12347');
    expect(redactUrl('/api/x?token&a=%zz')).toBe('/api/x?token&a=%zz');
    expect(redactUrl('/api/x?')).toBe('/api/x?');
  });

  it('never keeps the value given to a secret key, whatever the rest of the query', () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9]{12,40}$/);
    const other = fc.tuple(fc.stringMatching(/^[a-z]{1,8}$/), fc.stringMatching(/^[a-z0-9]{0,8}$/)).filter(([k]) => !SECRET_QUERY_KEYS.has(k));
    fc.assert(
      fc.property(fc.constantFrom(...SECRET_QUERY_KEYS), secret, fc.array(other, { maxLength: 5 }), fc.nat(5), (key, value, rest, at) => {
        const parts = rest.map(([k, v]) => `${k}=${v}`);
        parts.splice(Math.min(at, parts.length), 0, `${key}=${value}`);
        const out = redactUrl(`/api/health?${parts.join('&')}`);
        expect(out).not.toContain(value);
        // the other parts, in their order
        expect(out.split('?')[1]!.split('&').filter((p) => !p.startsWith(`${key}=`))).toEqual(parts.filter((p) => !p.startsWith(`${key}=`)));
      }),
    );
  });
});
