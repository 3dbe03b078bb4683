import { redact, registerSecret, SqlError } from '../errors.js';
import type { SqlErrorCode } from '../errors.js';
import type { QueryResult, ResultColumn, ResultValue, SqlEngine } from '../engine.js';
import type { SqlStatement } from '../statement.js';
import { CLICKHOUSE_DIALECT } from './clickhouse.js';

/** Options of {@link connectClickHouse}. */
export interface ClickHouseOptions {
  /**
   * The server's HTTP interface (`http://127.0.0.1:8123`). A user and password may be given in the
   * URL's userinfo; they are sent as HTTP basic authentication and never appear in a message.
   */
  readonly url: string;
  /**
   * The database statements run in.
   * @defaultValue the user's default database (`default`)
   */
  readonly database?: string;
  /**
   * The user.
   * @defaultValue the URL's user, else `CLICKHOUSE_USER` from the environment, else ClickHouse's `default`
   */
  readonly user?: string;
  /**
   * The password.
   * @defaultValue the URL's password, else `CLICKHOUSE_PASSWORD` from the environment, else none
   */
  readonly password?: string;
  /**
   * Statement timeout in milliseconds: sent as ClickHouse's `max_execution_time` (whole seconds,
   * rounded up) and enforced on the client as well; `0` for none.
   * @defaultValue 0
   */
  readonly statementTimeoutMs?: number;
  /**
   * Further ClickHouse settings sent with every statement (`{ max_threads: 2 }`).
   * @defaultValue `{}`
   */
  readonly settings?: Readonly<Record<string, string | number>>;
}

/** A {@link SqlEngine} on ClickHouse's HTTP interface, with a bulk insert. */
export interface ClickHouseEngine extends SqlEngine {
  /** The server's URL without credentials. */
  readonly url: string;
  /** The server's version (`'18.16.1'`). */
  readonly version: string;
  /** Runs a statement that returns no rows (DDL, `INSERT ... SELECT`). */
  execute(statement: SqlStatement): Promise<void>;
  /**
   * Inserts rows into a table through `FORMAT JSONEachRow`: the values travel as JSON data, never
   * as SQL text. `settings` are sent with this insert only (`{ insert_distributed_sync: 1 }`).
   */
  insert(table: string, rows: readonly Readonly<Record<string, ResultValue>>[], settings?: Readonly<Record<string, string | number>>): Promise<void>;
}

/** The ClickHouse error codes the adapter tells apart (the rest are `QUERY_FAILED`). */
const CODES: Readonly<Record<number, SqlErrorCode>> = {
  60: 'MISSING_TABLE', // UNKNOWN_TABLE
  81: 'MISSING_TABLE', // UNKNOWN_DATABASE
  47: 'MISSING_COLUMN', // UNKNOWN_IDENTIFIER
  16: 'MISSING_COLUMN', // NO_SUCH_COLUMN_IN_TABLE
  43: 'WRONG_TYPE', // ILLEGAL_TYPE_OF_ARGUMENT
  53: 'WRONG_TYPE', // TYPE_MISMATCH
  386: 'WRONG_TYPE', // NO_COMMON_TYPE
  159: 'QUERY_TIMEOUT', // TIMEOUT_EXCEEDED
  516: 'CONNECTION_FAILED', // AUTHENTICATION_FAILED (later versions)
  192: 'CONNECTION_FAILED', // UNKNOWN_USER
  193: 'CONNECTION_FAILED', // WRONG_PASSWORD
};

const INT64 = /^(Nullable\()?U?Int64/;
const FLOAT = /^(Nullable\()?Float(32|64)/;
const DATETIME = /^(Nullable\()?DateTime/;
const DATE = /^(Nullable\()?Date\)?$/;

function convert(value: unknown, type: string): ResultValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    if (INT64.test(type)) return Number(value);
    if (FLOAT.test(type)) return value === 'nan' || value === '-nan' ? NaN : value === 'inf' || value === '+inf' ? Infinity : value === '-inf' ? -Infinity : Number(value);
    if (DATETIME.test(type)) return Date.parse(`${value.replace(' ', 'T')}Z`);
    if (DATE.test(type)) return Date.parse(`${value}T00:00:00Z`);
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

/**
 * Connects to a ClickHouse server over its HTTP interface with the platform's `fetch` (no driver to
 * install), and checks it answers (`SELECT version()`). Statements are the ClickHouse dialect's:
 * values are written as escaped literals (18.16 has no query parameters, see
 * {@link CLICKHOUSE_DIALECT}), results come back as `JSONCompact` with 64-bit integers as numbers,
 * `DateTime` as core's wall-clock milliseconds (read as UTC), NaN and infinities as numbers.
 * A query to a `Distributed` table runs on every shard and is merged by the server answering.
 *
 * @param options - URL, database, credentials, timeout, settings
 * @returns the engine
 * @throws {@link @shopper-spectrum/sql!SqlError} `CONNECTION_FAILED` when the server cannot be reached or refuses the
 * credentials, `INVALID_OPTION` for a URL that is not http(s)
 * @example
 * ```ts
 * const ch = await connectClickHouse({ url: 'http://127.0.0.1:8123' });
 * (await ch.query({ text: 'SELECT 1 + 1 AS two', params: [] })).rows;
 * // => [ [ 2 ] ]
 * await ch.close();
 * ```
 */
export async function connectClickHouse(options: ClickHouseOptions): Promise<ClickHouseEngine> {
  if (options === null || typeof options !== 'object' || typeof options.url !== 'string') {
    throw new SqlError('INVALID_OPTION', 'Invalid url: got none; allowed: the http(s) URL of a ClickHouse server.', { engine: 'clickhouse', parameter: 'url', allowed: 'an http(s) URL' });
  }
  let parsed: URL;
  try {
    parsed = new URL(options.url);
  } catch {
    throw new SqlError('INVALID_OPTION', `Invalid url: got ${redact(options.url)}; allowed: the http(s) URL of a ClickHouse server.`, { engine: 'clickhouse', parameter: 'url', value: options.url, allowed: 'an http(s) URL' });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new SqlError('INVALID_OPTION', `Invalid url: got ${redact(options.url)}; allowed: the http(s) URL of a ClickHouse server.`, { engine: 'clickhouse', parameter: 'url', value: options.url, allowed: 'an http(s) URL' });
  }
  const user = options.user ?? (parsed.username ? decodeURIComponent(parsed.username) : process.env.CLICKHOUSE_USER);
  const password = options.password ?? (parsed.password ? decodeURIComponent(parsed.password) : process.env.CLICKHOUSE_PASSWORD);
  registerSecret(password);
  parsed.username = '';
  parsed.password = '';
  const base = parsed.toString().replace(/\/$/, '');
  const timeoutMs = options.statementTimeoutMs ?? 0;
  if (!(Number.isFinite(timeoutMs) && timeoutMs >= 0)) {
    throw new SqlError('INVALID_OPTION', `Invalid statementTimeoutMs: got ${timeoutMs}; allowed: a number of milliseconds >= 0.`, { engine: 'clickhouse', parameter: 'statementTimeoutMs', value: timeoutMs, allowed: '>= 0' });
  }
  const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
  if (user !== undefined && user !== '') headers.authorization = `Basic ${Buffer.from(`${user}:${password ?? ''}`).toString('base64')}`;
  const settings: Record<string, string> = { output_format_json_quote_64bit_integers: '0', output_format_json_quote_denormals: '1' };
  if (options.database !== undefined) settings.database = options.database;
  if (timeoutMs > 0) settings.max_execution_time = String(Math.ceil(timeoutMs / 1000));
  for (const [k, v] of Object.entries(options.settings ?? {})) settings[k] = String(v);
  let closed = false;

  const post = async (text: string, extra: Record<string, string>, body?: string): Promise<string> => {
    if (closed) throw new SqlError('ENGINE_CLOSED', `The ClickHouse engine at ${base} is closed.`, { engine: 'clickhouse', source: base });
    const params = new URLSearchParams({ ...settings, ...extra });
    if (body !== undefined) params.set('query', text);
    let res: Response;
    try {
      res = await fetch(`${base}/?${params}`, { method: 'POST', headers, body: body ?? text, signal: timeoutMs > 0 ? AbortSignal.timeout(timeoutMs + 5000) : null });
    } catch (e) {
      if ((e as Error).name === 'TimeoutError') throw new SqlError('QUERY_TIMEOUT', `ClickHouse at ${base} did not answer within ${timeoutMs} ms.`, { engine: 'clickhouse', source: base, cause: e });
      throw new SqlError('CONNECTION_FAILED', `Could not reach ClickHouse at ${base}: ${redact(String((e as Error).cause ?? (e as Error).message))}.`, { engine: 'clickhouse', source: base, cause: e });
    }
    const out = await res.text();
    if (!res.ok) {
      const m = /Code: (\d+)/.exec(out);
      const code = m ? Number(m[1]) : 0;
      const message = out.replace(/, e\.what\(\) = .*$/s, '').trim().slice(0, 600);
      const kind = CODES[code] ?? (res.status === 401 || res.status === 403 ? 'CONNECTION_FAILED' : 'QUERY_FAILED');
      const table = kind === 'MISSING_TABLE' ? /Table ([^\s]+) doesn't exist|Database ([^\s]+) doesn't exist/.exec(out) : null;
      const column = kind === 'MISSING_COLUMN' ? /Missing columns: '([^']+)'|Unknown identifier: ([^\s,]+)|no column ([^\s,]+)/.exec(out) : null;
      throw new SqlError(kind, `ClickHouse at ${base} refused the statement: ${message}`, {
        engine: 'clickhouse',
        source: base,
        ...(table ? { table: table[1] ?? table[2]! } : {}),
        ...(column ? { column: column[1] ?? column[2] ?? column[3]! } : {}),
        cause: new Error(message),
      });
    }
    return out;
  };

  const query = async (statement: SqlStatement): Promise<QueryResult> => {
    const text = `${statement.text.trim().replace(/;\s*$/, '')}\nFORMAT JSONCompact`;
    let out: string;
    try {
      out = await post(text, {});
    } catch (e) {
      // a kept-alive socket the server closed between two statements: a read is sent once more
      if (!(e instanceof SqlError && e.code === 'CONNECTION_FAILED' && /other side closed|ECONNRESET/.test(e.message))) throw e;
      out = await post(text, {});
    }
    const json = JSON.parse(out) as { meta: { name: string; type: string }[]; data: unknown[][] };
    const columns: ResultColumn[] = json.meta.map((m) => ({ name: m.name, type: m.type }));
    const rows = json.data.map((r) => r.map((v, j) => convert(v, columns[j]!.type)));
    return { columns, rows };
  };

  const version = ((await query({ text: 'SELECT version() AS version', params: [] })).rows[0]?.[0] as string | undefined) ?? 'unknown';
  return {
    dialect: CLICKHOUSE_DIALECT,
    name: 'clickhouse',
    url: base,
    version,
    query,
    async execute(statement: SqlStatement): Promise<void> {
      await post(statement.text, {});
    },
    async insert(table: string, rows, extra = {}): Promise<void> {
      if (rows.length === 0) return;
      const body = rows.map((r) => JSON.stringify(r)).join('\n');
      const s: Record<string, string> = {};
      for (const [k, v] of Object.entries(extra)) s[k] = String(v);
      await post(`INSERT INTO ${CLICKHOUSE_DIALECT.quote(table)} FORMAT JSONEachRow`, s, body);
    },
    async close(): Promise<void> {
      closed = true;
    },
  };
}
