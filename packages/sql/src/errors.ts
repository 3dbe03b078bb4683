import { describeValue, ShopperSpectrumError } from '@shopper-spectrum/internal';

/**
 * The codes a {@link SqlError} can carry. Programs tell errors apart by `code`, never by message.
 *
 * - `CONNECTION_FAILED`: the engine could not be reached or opened (refused, unknown host, bad
 *   credentials, a database file that cannot be opened).
 * - `MISSING_TABLE`: the source names a table (or file) the engine does not have.
 * - `MISSING_COLUMN`: the source lacks a column the mapping reads.
 * - `WRONG_TYPE`: a column holds another type than the definition needs (text where a number or a
 *   timestamp is needed).
 * - `NULL_VALUE`: a NULL in a column that must always have a value (invoice, StockCode, quantity,
 *   date, price; the customer in a minimal log).
 * - `QUERY_TIMEOUT`: the engine stopped a statement at the statement timeout.
 * - `QUERY_FAILED`: the engine refused or failed a statement for another reason (the cause is attached).
 * - `INVALID_SOURCE`: a source description that cannot be used (no table, an empty query, a file
 *   format the engine cannot read).
 * - `INVALID_OPTION`: an option outside what is allowed.
 * - `MISSING_DRIVER`: the optional peer dependency of an engine (`@duckdb/node-api`, `pg`) is not installed.
 * - `ENGINE_CLOSED`: a statement was sent to an engine after `close()`.
 */
export type SqlErrorCode =
  | 'CONNECTION_FAILED'
  | 'MISSING_TABLE'
  | 'MISSING_COLUMN'
  | 'WRONG_TYPE'
  | 'NULL_VALUE'
  | 'QUERY_TIMEOUT'
  | 'QUERY_FAILED'
  | 'INVALID_SOURCE'
  | 'INVALID_OPTION'
  | 'MISSING_DRIVER'
  | 'ENGINE_CLOSED';

/** Details of a {@link SqlError}: where (engine, source, table, column) and what was wrong. */
export interface SqlErrorDetails {
  /** The engine (`'duckdb'`, `'postgres'`, `'clickhouse'`). */
  readonly engine?: string | undefined;
  /** The source as a user would name it, credentials removed (`'table public.orders'`, `'files data/*.parquet'`). */
  readonly source?: string | undefined;
  /** The table concerned, when there is one. */
  readonly table?: string | undefined;
  /** The column concerned, when there is one. */
  readonly column?: string | undefined;
  /** The option, argument or field concerned. */
  readonly parameter?: string | undefined;
  /** The offending value (kept as given; never a credential). */
  readonly value?: unknown;
  /** What is allowed instead, in words. */
  readonly allowed?: string | undefined;
  /** The underlying error (its message redacted). */
  readonly cause?: unknown;
}

/**
 * The one error class of `@shopper-spectrum/sql`: a `code`, and where the problem is (`engine`,
 * `source`, `table`, `column`), each also named in the message. A credential (a password, the
 * userinfo of a URL) never appears in a message, a field or the wrapped cause's message: every
 * text goes through {@link redact}. Extends `ShopperSpectrumError`, so `isShopperSpectrumError(e)`
 * catches it with every other package's.
 *
 * @example
 * ```ts
 * try { await pullRows(engine, tableSource({ table: 'nope' })); } catch (e) { console.log((e as SqlError).code, (e as SqlError).table); }
 * // => MISSING_TABLE nope
 * ```
 */
export class SqlError extends ShopperSpectrumError {
  /** `'SqlError'`. */
  override readonly name = 'SqlError';
  /** Machine-readable reason. */
  declare readonly code: SqlErrorCode;
  /** The engine, if known. */
  readonly engine: string | undefined;
  /** The source, credentials removed, if known. */
  readonly source: string | undefined;
  /** The table, if known. */
  readonly table: string | undefined;
  /** The column, if known. */
  readonly column: string | undefined;

  /**
   * @param code - machine-readable reason
   * @param message - the sentence a person reads (redacted here again, whatever the caller wrote)
   * @param details - where, what, and the wrapped cause
   */
  constructor(code: SqlErrorCode, message: string, details: SqlErrorDetails = {}) {
    const base: { parameter?: string; value?: unknown; allowed?: string; cause?: unknown } = {};
    const parameter = details.parameter ?? details.column;
    if (parameter !== undefined) base.parameter = parameter;
    if (details.value !== undefined) base.value = typeof details.value === 'string' ? redact(details.value) : details.value;
    if (details.allowed !== undefined) base.allowed = details.allowed;
    if (details.cause !== undefined) base.cause = redactedCause(details.cause);
    super(code, redact(message), base);
    this.engine = details.engine;
    this.source = details.source === undefined ? undefined : redact(details.source);
    this.table = details.table === undefined ? undefined : redact(details.table);
    this.column = details.column;
  }
}

/** Credentials registered by the engines (the password of an open connection), removed from every text. */
const SECRETS = new Set<string>();

/**
 * Registers a secret (a password) that {@link redact} removes from any text from now on. The engines
 * call it with the password they connect with; a user can add others. Empty and one-character
 * strings are ignored (removing them would garble every message).
 *
 * @param secret - the text never to show
 * @example
 * ```ts
 * registerSecret('s3cret');
 * redact('password authentication failed: s3cret');
 * // => 'password authentication failed: ***'
 * ```
 */
export function registerSecret(secret: string | undefined | null): void {
  if (typeof secret === 'string' && secret.length > 1) SECRETS.add(secret);
}

/**
 * Removes credentials from a text: the userinfo of any URL (`postgres://user:pw@host` becomes
 * `postgres://***@host`), `password=...` / `pwd=...` pairs of a connection string, and every
 * registered secret ({@link registerSecret}). Used on every message, detail and cause of a
 * {@link SqlError}. O(length x secrets).
 *
 * @param text - any text
 * @returns the text with credentials replaced by `***`
 * @example
 * ```ts
 * redact('connect to postgresql://shop:hunter2@db:5432/sales failed');
 * // => 'connect to postgresql://***@db:5432/sales failed'
 * ```
 */
export function redact(text: string): string {
  let out = String(text)
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi, '$1***@')
    .replace(/\b(password|passwd|pwd|sslpassword|sslkey)\s*=\s*('[^']*'|"[^"]*"|[^\s&;]+)/gi, '$1=***');
  for (const s of SECRETS) if (out.includes(s)) out = out.split(s).join('***');
  return out;
}

/** A copy of an engine error with its message redacted (the driver's object may hold the connection config). */
function redactedCause(cause: unknown): unknown {
  if (!(cause instanceof Error)) return typeof cause === 'string' ? redact(cause) : undefined;
  const e = new Error(redact(cause.message));
  e.name = cause.name;
  const code = (cause as { code?: unknown }).code;
  if (typeof code === 'string') Object.defineProperty(e, 'code', { value: code, enumerable: true });
  return e;
}

/**
 * Throws the `INVALID_OPTION` error: "Invalid P: got V; allowed: A."
 *
 * @internal
 */
export function invalidSqlOption(parameter: string, value: unknown, allowed: string): never {
  throw new SqlError('INVALID_OPTION', `Invalid ${parameter}: got ${describeValue(value)}; allowed: ${allowed}.`, { parameter, value, allowed });
}
