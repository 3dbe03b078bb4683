/**
 * The one error shape of the API: every answer with a status of 400 or more has the body
 * `{ error: { code, message, parameter, value, allowed } }`, whatever produced it (a route's own
 * check, a schema, the framework, a library error, or an unexpected failure).
 */

/** The body of every error answer. */
export interface ErrorBody {
  readonly error: {
    /** Machine-readable reason, such as `INVALID_PARAMETER` or `UNKNOWN_PRODUCT`. */
    readonly code: string;
    /** A sentence a person can act on; never holds a file path or a stack trace. */
    readonly message: string;
    /** The parameter, header or body field concerned, or `null`. */
    readonly parameter: string | null;
    /** The value given (short text or a number as given, anything else described), or `null`. */
    readonly value: string | number | boolean | null;
    /** What would have been accepted, or `null`. */
    readonly allowed: string | null;
  };
}

/** An answer with a status of 400 or more, thrown by a route or a hook. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly parameter: string | null = null,
    readonly value: unknown = null,
    readonly allowed: string | null = null,
    /** Extra response headers (`Retry-After`, `WWW-Authenticate`, `Allow`). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/**
 * A value as an error answer may echo it: short strings and finite numbers as given (strings cut
 * to 120 characters), anything else described in a few words, never walked or serialised, so no
 * input can make an error answer large or slow.
 */
export function echo(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.length > 120 ? `${value.slice(0, 117)}...` : value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    return keys.length === 0 ? 'an empty object' : `an object with ${keys.length} key${keys.length === 1 ? '' : 's'} (${keys.slice(0, 5).map((k) => (k.length > 20 ? `${k.slice(0, 17)}...` : k)).join(', ')}${keys.length > 5 ? ', ...' : ''})`;
  }
  return typeof value;
}

/** The error body of an {@link HttpError}. */
export function errorBody(code: string, message: string, parameter: string | null = null, value: unknown = null, allowed: string | null = null): ErrorBody {
  return { error: { code, message, parameter, value: echo(value), allowed } };
}

/** The JSON schema of the error body, for the OpenAPI document. */
export const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'parameter', 'value', 'allowed'],
      properties: {
        code: { type: 'string', description: 'machine-readable reason' },
        message: { type: 'string' },
        parameter: { type: ['string', 'null'], description: 'the parameter, header or body field concerned' },
        value: { type: ['string', 'number', 'boolean', 'null'], description: 'the value given, short, or described' },
        allowed: { type: ['string', 'null'], description: 'what would have been accepted' },
      },
    },
  },
} as const;
