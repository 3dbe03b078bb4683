/**
 * The one error model of every shopper-spectrum package. Each package's error class (`CoreError`,
 * `RfmError`, `ClusterError`, `RecommendError`, `MetricsError`, `ClvError`, `SqlError`) extends
 * {@link ShopperSpectrumError}, so a program catches any library error with one check, whichever
 * package threw it, and reads the same fields.
 *
 * Every package bundles its own copy of this file (the internal package is never installed on its
 * own), so the check cannot rely on class identity: errors carry a registered symbol, and both
 * {@link isShopperSpectrumError} and `instanceof ShopperSpectrumError` test for it.
 */

const BRAND = Symbol.for('shopper-spectrum.error');

/** Details of a {@link ShopperSpectrumError}: what was wrong, where, and what would have been accepted. */
export interface ErrorDetails {
  /** The option, argument, column or field concerned. */
  readonly parameter?: string;
  /** The offending value (kept as given; messages show it shortened). */
  readonly value?: unknown;
  /** What is allowed instead, in words. */
  readonly allowed?: string;
  /** The underlying error, when this one wraps another. */
  readonly cause?: unknown;
}

/** The plain-data form of a {@link ShopperSpectrumError}, as an API answers it. */
export interface ErrorJSON {
  /** The error class, such as `'RfmError'`. */
  readonly name: string;
  /** Machine-readable reason. */
  readonly code: string;
  /** The sentence a person reads. */
  readonly message: string;
  /** The option, argument or field concerned, or `null`. */
  readonly parameter: string | null;
  /** The offending value as text (shortened), or `null`. */
  readonly value: string | null;
  /** What is allowed instead, or `null`. */
  readonly allowed: string | null;
}

/**
 * The base class of every shopper-spectrum error: a machine-readable `code` (a string-literal union
 * per package), the `parameter` concerned, the bad `value`, what is `allowed`, and `cause` when it
 * wraps another error. Programs tell errors apart by `code`, never by message.
 *
 * `err instanceof ShopperSpectrumError` is true for an error of any shopper-spectrum package, even
 * when two packages carry their own copy of this class; `err instanceof RfmError` still tells the
 * packages apart.
 *
 * @example
 * ```ts
 * try {
 *   rfmScores(rfm, { bins: 1 });
 * } catch (e) {
 *   if (isShopperSpectrumError(e)) console.log(e.name, e.code, e.parameter, e.allowed);
 * }
 * // => RfmError INVALID_BINS bins an integer from 2 to 20
 * ```
 */
export class ShopperSpectrumError extends Error {
  /** Machine-readable reason. */
  readonly code: string;
  /** The option, argument or field concerned, if any. */
  readonly parameter: string | undefined;
  /** The offending value, if any. */
  readonly value: unknown;
  /** What is allowed instead, if it can be said. */
  readonly allowed: string | undefined;

  /**
   * @param code - machine-readable reason
   * @param message - a sentence naming the parameter, the bad value and what is allowed
   * @param details - the same facts as fields, plus an optional `cause`
   */
  constructor(code: string, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ShopperSpectrumError';
    this.code = code;
    this.parameter = details.parameter;
    this.value = details.value;
    this.allowed = details.allowed;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** True for any shopper-spectrum error on the base class; the usual prototype check on a subclass. */
  static override [Symbol.hasInstance](candidate: unknown): boolean {
    if (this === ShopperSpectrumError) return isShopperSpectrumError(candidate);
    return Function.prototype[Symbol.hasInstance].call(this, candidate);
  }

  /** The error as plain data (the value shortened to text), for logs and API answers. */
  toJSON(): ErrorJSON {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      parameter: this.parameter ?? null,
      value: this.value === undefined ? null : describeValue(this.value),
      allowed: this.allowed ?? null,
    };
  }
}

/**
 * The base of the packages whose errors name one parameter (`RfmError`, `ClusterError`,
 * `MetricsError`, `RecommendError`, ...): the message is always "Invalid P: got V; allowed: A."
 * (plus an optional sentence), written from the fields. A package's class only narrows the code
 * union and sets its name.
 *
 * @typeParam C - the package's code union
 * @example
 * ```ts
 * class ShopError extends ParameterError<'BAD'> { override readonly name = 'ShopError'; }
 * new ShopError('BAD', 'k', 0, 'an integer >= 1').message;
 * // => 'Invalid k: got 0; allowed: an integer >= 1.'
 * ```
 */
export class ParameterError<C extends string> extends ShopperSpectrumError {
  /** Machine-readable reason. */
  declare readonly code: C;
  /** The option or argument concerned. */
  declare readonly parameter: string;
  /** What is allowed instead. */
  declare readonly allowed: string;

  /**
   * @param code - machine-readable reason
   * @param parameter - the option or argument concerned
   * @param value - the offending value
   * @param allowed - what is allowed, in words
   * @param more - a sentence added to the message (`detail`) and the error wrapped (`cause`)
   */
  constructor(code: C, parameter: string, value: unknown, allowed: string, more: { readonly detail?: string; readonly cause?: unknown } = {}) {
    super(code, invalidMessage(parameter, value, allowed, more.detail), { parameter, value, allowed, cause: more.cause });
  }
}

/**
 * Whether a value is an error thrown by any shopper-spectrum package (whichever copy of the class
 * it was made by).
 *
 * @param error - anything caught
 * @returns true for a {@link ShopperSpectrumError}
 * @example
 * ```ts
 * isShopperSpectrumError(new TypeError('x'));
 * // => false
 * ```
 */
export function isShopperSpectrumError(error: unknown): error is ShopperSpectrumError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[BRAND] === true;
}

/** Longest text of a value shown in a message. */
const SHOWN = 120;

/**
 * Shortens a value for an error message: strings quoted, other values as JSON, anything longer than
 * 120 characters cut with an ellipsis, and nothing that could throw (cycles, BigInt, deep nesting).
 * Long strings are cut before they are quoted, so a huge input never makes a huge message.
 */
export function describeValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value.length > SHOWN ? `${value.slice(0, SHOWN)}` : value);
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value == null) text = String(value);
  else if (typeof value === 'function' || typeof value === 'symbol') text = typeof value;
  else if (ArrayBuffer.isView(value)) text = `${value.constructor.name} of ${(value as unknown as ArrayLike<unknown>).length ?? (value as ArrayBufferView).byteLength} values`;
  else text = boundedJson(value, SHOWN + 1);
  return text.length > SHOWN ? `${text.slice(0, SHOWN - 3)}...` : text;
}

/**
 * JSON-like text of a value, written only until `budget` characters are out (a whole matrix or table
 * is never serialised to say a few words about it), depth-bounded, and safe on cycles, BigInt,
 * typed arrays and getters that throw.
 */
function boundedJson(value: unknown, budget: number): string {
  let out = '';
  const seen = new Set<object>();
  const put = (s: string) => {
    out += s;
    return out.length < budget;
  };
  const walk = (v: unknown, depth: number): boolean => {
    if (v === null || typeof v === 'number' || typeof v === 'boolean') return put(String(v));
    if (typeof v === 'string') return put(JSON.stringify(v.length > budget ? v.slice(0, budget) : v));
    if (typeof v === 'bigint') return put(`"${v}"`);
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return put(typeof v === 'undefined' ? 'null' : typeof v);
    if (ArrayBuffer.isView(v)) return put(`"${v.constructor.name} of ${(v as unknown as ArrayLike<unknown>).length ?? v.byteLength} values"`);
    if (seen.has(v as object) || depth > 4) return put('...');
    seen.add(v as object);
    if (Array.isArray(v)) {
      if (!put('[')) return false;
      for (let i = 0; i < v.length; i++) {
        if (i > 0 && !put(',')) return false;
        if (!walk(v[i], depth + 1)) return false;
      }
      return put(']');
    }
    const proto = Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null;
    const name = proto && proto !== Object.prototype && proto.constructor?.name ? `${proto.constructor.name} ` : '';
    if (!put(`${name}{`)) return false;
    let first = true;
    for (const key of Object.keys(v as object)) {
      if (!first && !put(',')) return false;
      first = false;
      let field: unknown;
      try {
        field = (v as Record<string, unknown>)[key];
      } catch {
        field = '(unreadable)';
      }
      if (!put(`${JSON.stringify(key)}:`) || !walk(field, depth + 1)) return false;
    }
    return put('}');
  };
  try {
    walk(value, 0);
  } catch {
    return Object.prototype.toString.call(value);
  }
  return out;
}

/**
 * The message every package uses for a bad argument or option: "Invalid X: got V; allowed: A."
 * (plus an optional sentence).
 */
export function invalidMessage(parameter: string, value: unknown, allowed: string, detail = ''): string {
  return `Invalid ${parameter}: got ${describeValue(value)}; allowed: ${allowed}.${detail ? ` ${detail}` : ''}`;
}
