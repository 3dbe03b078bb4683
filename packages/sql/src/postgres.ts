/**
 * `@shopper-spectrum/sql/postgres`: PostgreSQL through `pg` (an optional peer dependency: install it
 * to use this entry).
 *
 * @packageDocumentation
 * @module @shopper-spectrum/sql/postgres
 */
import type { Client } from 'pg';
import { POSTGRES_DIALECT } from './dialects/postgres.js';
import type { QueryResult, ResultValue, SqlEngine } from './engine.js';
import { invalidSqlOption, redact, registerSecret, SqlError } from './errors.js';
import type { SqlStatement } from './statement.js';
import { pgpassPassword, pgpassTarget } from './pgpass.js';

/** Options of {@link connectPostgres}. */
export interface PostgresOptions {
  /**
   * A `postgresql://user:password@host:port/database` URL; its credentials are never printed.
   * @defaultValue the `PG*` environment variables (`PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE`), as libpq reads them
   */
  readonly connectionString?: string;
  /**
   * Milliseconds after which the server cancels a statement (`statement_timeout`; `QUERY_TIMEOUT`); 0 for none.
   * @defaultValue 0
   */
  readonly statementTimeoutMs?: number;
  /**
   * Milliseconds to wait for the connection.
   * @defaultValue 10000
   */
  readonly connectTimeoutMs?: number;
  /**
   * Megabytes each sort or hash of a statement may use before it spills to disk (the session's
   * `work_mem`, set on this connection only); 0 keeps the server's setting. The definitions sort
   * and hash whole tables (the source's row order, dictionaries, duplicates, the netting): at the
   * server's usual 4 MB those are external merges on disk.
   * @defaultValue 256
   */
  readonly workMemMb?: number;
}

/**
 * What {@link PostgresEngine.client} offers: the connected `pg` `Client` itself, typed by the few
 * methods most uses need, so these declarations do not require `@types/pg` (cast it to pg's `Client`
 * where you have those types).
 */
export interface PgClient {
  /** pg's `client.query({ text, values })`. */
  query(config: { text: string; values?: unknown[] }): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/** An engine on PostgreSQL, with the `pg` client for anything the definitions do not cover. */
export interface PostgresEngine extends SqlEngine {
  /** The connected `pg` client. */
  readonly client: PgClient;
}

// type OIDs whose values pg hands back as text but are numbers: int8, numeric
const NUMERIC_OIDS = new Set([20, 1700]);
const TIMESTAMP_OIDS = new Set([1114, 1082]);
const TYPE_NAMES: Record<number, string> = { 16: 'boolean', 20: 'bigint', 21: 'smallint', 23: 'integer', 25: 'text', 700: 'real', 701: 'double precision', 1042: 'character', 1043: 'character varying', 1082: 'date', 1114: 'timestamp', 1184: 'timestamptz', 1700: 'numeric' };

/** Core's wall-clock milliseconds of a timestamp / date written as text (`2011-12-09 09:15:00`). */
function wallClockMs(text: string): number {
  const m = /^(\d{4,})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d):(\d\d)(?:\.(\d+))?)?$/.exec(text);
  if (!m) return Number.NaN;
  const ms = m[7] === undefined ? 0 : Math.round(Number(`0.${m[7]}`) * 1000);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)) + ms;
}

function pgError(e: unknown, timedOut: boolean): SqlError {
  const err = e as { code?: string; message?: string; column?: string; table?: string };
  const message = redact(err?.message ?? String(e));
  switch (err?.code) {
    case '57014':
      return new SqlError('QUERY_TIMEOUT', `Query timeout: PostgreSQL cancelled the statement at the statement timeout (${message}).`, { engine: 'postgres', cause: e });
    case '42P01': {
      const t = /relation "(.+?)" does not exist/.exec(message)?.[1];
      return new SqlError('MISSING_TABLE', `Missing table: ${t ?? 'a relation'} does not exist in postgres (${message}).`, { engine: 'postgres', table: t, cause: e });
    }
    case '3F000':
      return new SqlError('MISSING_TABLE', `Missing table: ${message} (postgres).`, { engine: 'postgres', cause: e });
    case '42703': {
      const c = /column "?(.+?)"? does not exist/.exec(message)?.[1];
      return new SqlError('MISSING_COLUMN', `Missing column: ${c ?? 'a column'} does not exist in postgres (${message}).`, { engine: 'postgres', column: c, cause: e });
    }
    case '42804':
    case '42883':
    case '22P02':
      return new SqlError('WRONG_TYPE', `Wrong type: ${message} (postgres).`, { engine: 'postgres', cause: e });
    default:
      if (timedOut) return new SqlError('QUERY_TIMEOUT', `Query timeout: ${message}`, { engine: 'postgres', cause: e });
      if (err?.code?.startsWith('08') || err?.code === '28P01' || err?.code === '28000' || /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|timeout expired|Connection terminated/.test(message)) {
        return new SqlError('CONNECTION_FAILED', `Connection failed: PostgreSQL could not be reached or refused the login (${message}).`, { engine: 'postgres', cause: e });
      }
      return new SqlError('QUERY_FAILED', `Query failed in postgres: ${message}`, { engine: 'postgres', cause: e });
  }
}

/**
 * Connects to PostgreSQL with one `pg` client. Credentials come from the URL or the `PG*`
 * environment; the password is registered with {@link redact}, so no message, error field or cause
 * ever shows it. Values come back as {@link ResultValue}s (bigint and numeric as numbers, timestamp
 * and date as core's wall-clock milliseconds). Errors are coded: a refused connection or a bad login
 * `CONNECTION_FAILED`, a missing table `MISSING_TABLE`, the statement timeout `QUERY_TIMEOUT`.
 * The session's `work_mem` is raised (`workMemMb`) so the definitions' sorts and hashes stay in
 * memory. `readNumberColumns` reads a numeric result into `Float64Array`s from array rows.
 *
 * @param options - URL, statement timeout, connection timeout, work memory
 * @returns the engine; `close()` it when done
 * @throws `SqlError` (`@shopper-spectrum/sql`) `MISSING_DRIVER` when `pg` is not installed, `CONNECTION_FAILED`
 * @example
 * ```ts
 * const engine = await connectPostgres({ connectionString: process.env.DATABASE_URL, statementTimeoutMs: 60_000 });
 * (await engine.query({ text: 'SELECT 40 + $1::int AS answer', params: [2] })).rows;
 * // => [ [ 42 ] ]
 * await engine.close();
 * ```
 */
export async function connectPostgres(options: PostgresOptions = {}): Promise<PostgresEngine> {
  const timeout = options.statementTimeoutMs ?? 0;
  if (!(Number.isInteger(timeout) && timeout >= 0)) invalidSqlOption('statementTimeoutMs', timeout, 'an integer number of milliseconds >= 0');
  const connectTimeout = options.connectTimeoutMs ?? 10_000;
  if (!(Number.isInteger(connectTimeout) && connectTimeout >= 0)) invalidSqlOption('connectTimeoutMs', connectTimeout, 'an integer number of milliseconds >= 0');
  const workMem = options.workMemMb ?? 256;
  if (!(Number.isInteger(workMem) && workMem >= 0 && workMem <= 2_000_000)) invalidSqlOption('workMemMb', workMem, 'an integer number of megabytes from 0 to 2000000');
  let pg: typeof import('pg');
  try {
    pg = ((await import('pg')) as unknown as { default?: typeof import('pg') }).default ?? ((await import('pg')) as typeof import('pg'));
  } catch (e) {
    throw new SqlError('MISSING_DRIVER', 'Missing driver: pg is not installed; allowed: install it (npm install pg) to use @shopper-spectrum/sql/postgres.', { engine: 'postgres', cause: e });
  }
  if (options.connectionString !== undefined) {
    try {
      registerSecret(decodeURIComponent(new URL(options.connectionString).password));
    } catch {
      // not a URL (a key=value string): redact() removes its password= pair
    }
  }
  registerSecret(process.env.PGPASSWORD);
  // a password file is read here, not by pg (whose reading is deprecated and warns on stderr)
  const target = pgpassTarget(options.connectionString);
  const filed = target === null ? undefined : pgpassPassword(target);
  registerSecret(filed);
  // pg lets a URL's (absent) password override a separate `password`, so the file's goes into the URL
  let connectionString = options.connectionString;
  if (filed !== undefined && connectionString !== undefined) {
    const url = new URL(connectionString);
    url.password = encodeURIComponent(filed);
    connectionString = url.toString();
    registerSecret(url.password);
  }
  const client = new pg.Client({
    ...(connectionString === undefined ? {} : { connectionString }),
    ...(filed === undefined || connectionString !== undefined ? {} : { password: filed }),
    connectionTimeoutMillis: connectTimeout,
    ...(timeout > 0 ? { statement_timeout: timeout } : {}),
    types: {
      getTypeParser: (oid: number, format?: string) => {
        if (NUMERIC_OIDS.has(oid)) return (v: string) => Number(v);
        if (TIMESTAMP_OIDS.has(oid)) return (v: string) => wallClockMs(v);
        return pg.types.getTypeParser(oid, format as never);
      },
    } as never,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => undefined);
    throw new SqlError('CONNECTION_FAILED', `Connection failed: PostgreSQL could not be reached or refused the login (${redact((e as Error)?.message ?? String(e))}).`, { engine: 'postgres', cause: e });
  }
  if (workMem > 0) {
    try {
      await client.query({ text: "SELECT set_config('work_mem', $1, false)", values: [`${workMem}MB`] });
    } catch (e) {
      await client.end().catch(() => undefined);
      throw pgError(e, false);
    }
  }
  let closed = false;
  const engine: PostgresEngine = {
    dialect: POSTGRES_DIALECT,
    name: 'postgres',
    client,
    query: async (statement: SqlStatement): Promise<QueryResult> => {
      if (closed) throw new SqlError('ENGINE_CLOSED', 'Engine closed: the PostgreSQL engine was closed; allowed: statements before close().', { engine: 'postgres' });
      try {
        const r = await client.query({ text: statement.text, values: [...statement.params], rowMode: 'array' });
        return { columns: r.fields.map((f) => ({ name: f.name, type: TYPE_NAMES[f.dataTypeID] ?? `oid ${f.dataTypeID}` })), rows: r.rows as ResultValue[][] };
      } catch (e) {
        throw pgError(e, false);
      }
    },
    readNumberColumns: async (statement: SqlStatement): Promise<Float64Array[]> => {
      const r = await engine.query(statement);
      const n = r.rows.length;
      return r.columns.map((_, k) => {
        const column = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const v = r.rows[i]![k];
          column[i] = typeof v === 'number' ? v : v === null || v === undefined ? Number.NaN : Number(v);
        }
        return column;
      });
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await client.end().catch(() => undefined);
    },
  };
  return engine;
}
