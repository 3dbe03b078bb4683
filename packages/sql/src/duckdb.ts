/**
 * `@shopper-spectrum/sql/duckdb`: DuckDB, embedded (no server), through `@duckdb/node-api` (an
 * optional peer dependency: install it to use this entry).
 *
 * @packageDocumentation
 * @module @shopper-spectrum/sql/duckdb
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { DUCKDB_DIALECT } from './dialects/duckdb.js';
import { NumberColumns } from './engine.js';
import type { QueryResult, ResultValue, SqlEngine, StreamOptions } from './engine.js';
import { invalidSqlOption, SqlError } from './errors.js';
import type { SqlStatement } from './statement.js';

/** Options of {@link openDuckDb}. */
export interface DuckDbOptions {
  /**
   * A database file, created when missing; `':memory:'` for an in-memory database.
   * @defaultValue `':memory:'`
   */
  readonly path?: string;
  /**
   * Worker threads DuckDB may use.
   * @defaultValue DuckDB's own choice (the machine's cores)
   */
  readonly threads?: number;
  /**
   * Milliseconds after which a statement is interrupted (`QUERY_TIMEOUT`); 0 for none.
   * @defaultValue 0
   */
  readonly statementTimeoutMs?: number;
  /**
   * Opens the file read-only.
   * @defaultValue false
   */
  readonly readOnly?: boolean;
  /**
   * The most memory DuckDB may use, in MiB (its `memory_limit`); past it, sorts, joins and
   * aggregates spill to `tempDirectory`. 0 leaves DuckDB's default (80% of the machine's memory).
   * @defaultValue 0
   */
  readonly memoryLimitMb?: number;
  /**
   * Where DuckDB spills what does not fit in `memoryLimitMb` (its `temp_directory`).
   * @defaultValue DuckDB's own (`<database>.tmp` beside a file database; for `':memory:'`, `.tmp` in the working directory)
   */
  readonly tempDirectory?: string;
}

/** An engine on DuckDB, with the connection for anything the definitions do not cover. */
export interface DuckDbEngine extends SqlEngine {
  /** The `@duckdb/node-api` connection (for loading data, extensions, appenders). */
  readonly connection: DuckDBConnection;
  /** The `@duckdb/node-api` instance. */
  readonly instance: DuckDBInstance;
}

/** A DuckDB value as the definitions read it (see {@link ResultValue}). */
function plain(v: unknown): ResultValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.getTime();
  return Number(String(v));
}

/** Maps a DuckDB error to a coded SqlError. */
function duckError(e: unknown, statement: string, timedOut: boolean): SqlError {
  const message = e instanceof Error ? e.message : String(e);
  const head = message.split('\n')[0]!;
  if (timedOut || /INTERRUPT/i.test(message)) return new SqlError('QUERY_TIMEOUT', `Query timeout: DuckDB interrupted the statement at the statement timeout (${head}).`, { engine: 'duckdb', cause: e });
  let m = /Table with name (.+?) does not exist/.exec(message) ?? /Table (.+?) does not exist/.exec(message);
  if (m) return new SqlError('MISSING_TABLE', `Missing table: ${m[1]} does not exist in duckdb.`, { engine: 'duckdb', table: m[1], cause: e });
  m = /No files found that match the pattern "(.+?)"/.exec(message) ?? /(?:No such file or directory|Cannot open file) "?([^"]+)"?/.exec(message);
  if (m) return new SqlError('MISSING_TABLE', `Missing file: ${m[1]} was not found by duckdb.`, { engine: 'duckdb', table: m[1], cause: e });
  m = /(?:Referenced column|Column with name) "?(.+?)"? not found/.exec(message);
  if (m) return new SqlError('MISSING_COLUMN', `Missing column: ${m[1]} is not in the relation (duckdb: ${head}).`, { engine: 'duckdb', column: m[1], cause: e });
  if (/Conversion Error|Could not convert|No function matches/.test(message)) return new SqlError('WRONG_TYPE', `Wrong type: duckdb could not use a value as the type the statement needs (${head}).`, { engine: 'duckdb', cause: e });
  void statement;
  return new SqlError('QUERY_FAILED', `Query failed in duckdb: ${head}`, { engine: 'duckdb', cause: e });
}

/**
 * Opens DuckDB in-process: an in-memory database by default, or a database file. Parquet and CSV
 * files are read with `fileSource` (DuckDB's `read_parquet` / `read_csv`), tables and views with
 * `tableSource`, any query with `querySource`.
 *
 * Values come back as {@link ResultValue}s (BIGINT and DECIMAL as numbers, TIMESTAMP as core's
 * wall-clock milliseconds). DuckDB has no statement timeout of its own: `statementTimeoutMs`
 * interrupts the connection.
 *
 * @param options - file, threads, timeout
 * @returns the engine; `close()` it when done
 * @throws `SqlError` (`@shopper-spectrum/sql`) `MISSING_DRIVER` when `@duckdb/node-api` is not installed, `CONNECTION_FAILED` when the file cannot be opened
 * @example
 * ```ts
 * const engine = await openDuckDb({ threads: 2 });
 * (await engine.query({ text: 'SELECT 40 + $1 AS answer', params: [2] })).rows;
 * // => [ [ 42 ] ]
 * await engine.close();
 * ```
 */
export async function openDuckDb(options: DuckDbOptions = {}): Promise<DuckDbEngine> {
  const path = options.path ?? ':memory:';
  if (typeof path !== 'string' || path === '') invalidSqlOption('path', path, "a file path or ':memory:'");
  if (options.threads !== undefined && !(Number.isInteger(options.threads) && options.threads >= 1)) invalidSqlOption('threads', options.threads, 'an integer >= 1');
  const timeoutMs = options.statementTimeoutMs ?? 0;
  if (!(Number.isFinite(timeoutMs) && timeoutMs >= 0)) invalidSqlOption('statementTimeoutMs', timeoutMs, 'a number of milliseconds >= 0');
  let api: typeof import('@duckdb/node-api');
  try {
    api = await import('@duckdb/node-api');
  } catch (e) {
    throw new SqlError('MISSING_DRIVER', 'Missing driver: @duckdb/node-api is not installed; allowed: install it (npm install @duckdb/node-api) to use @shopper-spectrum/sql/duckdb.', { engine: 'duckdb', cause: e });
  }
  const config: Record<string, string> = {};
  if (options.threads !== undefined) config.threads = String(options.threads);
  if (options.readOnly) config.access_mode = 'READ_ONLY';
  const memoryMb = options.memoryLimitMb ?? 0;
  if (!(Number.isInteger(memoryMb) && memoryMb >= 0)) invalidSqlOption('memoryLimitMb', memoryMb, 'a whole number of MiB >= 0 (0: DuckDB decides)');
  if (memoryMb > 0) config.memory_limit = `${memoryMb}MiB`;
  if (options.tempDirectory !== undefined) {
    if (typeof options.tempDirectory !== 'string' || options.tempDirectory === '') invalidSqlOption('tempDirectory', options.tempDirectory, 'a directory path');
    config.temp_directory = options.tempDirectory;
  }
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  try {
    instance = await api.DuckDBInstance.create(path, config);
    connection = await instance.connect();
  } catch (e) {
    throw new SqlError('CONNECTION_FAILED', `Connection failed: DuckDB could not open ${path} (${e instanceof Error ? e.message.split('\n')[0] : String(e)}).`, { engine: 'duckdb', source: path, cause: e });
  }
  let closed = false;
  // one statement at a time on the connection: DuckDB's connection is not re-entrant
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(run: () => Promise<T>): Promise<T> => {
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  };
  const guard = async <T>(statement: SqlStatement, run: () => Promise<T>): Promise<T> => {
    if (closed) throw new SqlError('ENGINE_CLOSED', 'Engine closed: the DuckDB engine was closed; allowed: statements before close().', { engine: 'duckdb' });
    let timedOut = false;
    const timer = timeoutMs > 0 ? setTimeout(() => ((timedOut = true), connection.interrupt()), timeoutMs) : undefined;
    try {
      return await run();
    } catch (e) {
      throw duckError(e, statement.text, timedOut);
    } finally {
      if (timer) clearTimeout(timer);
    }
  };
  const engine: DuckDbEngine = {
    dialect: DUCKDB_DIALECT,
    name: 'duckdb',
    connection,
    instance,
    query: (statement) =>
      serial(() =>
        guard(statement, async () => {
          const reader = await connection.runAndReadAll(statement.text, [...statement.params] as never);
          const names = reader.columnNames();
          const types = reader.columnTypes().map(String);
          const raw = reader.getRowsJS();
          const rows = raw.map((r) => r.map(plain));
          return { columns: names.map((name, k) => ({ name, type: types[k]! })), rows } satisfies QueryResult;
        }),
      ),
    readNumberColumns: (statement) =>
      serial(() =>
        guard(statement, async () => {
          // data chunks (2,048 rows) read vector by vector: no row object, no value object for numbers
          const result = await connection.stream(statement.text, [...statement.params] as never);
          const out = new NumberColumns();
          const count = result.columnCount;
          out.ensure(count);
          for (;;) {
            const chunk = await result.fetchChunk();
            if (chunk === null || chunk.rowCount === 0) break;
            const n = chunk.rowCount;
            const at = out.reserve(n);
            for (let k = 0; k < count; k++) {
              const vector = chunk.getColumnVector(k);
              const column = out.column(k);
              for (let i = 0; i < n; i++) {
                const v = vector.getItem(i);
                column[at + i] = typeof v === 'number' ? v : v === null ? Number.NaN : Number(plain(v));
              }
            }
          }
          return out.finish();
        }),
      ),
    async *stream(statement: SqlStatement, streamOptions: StreamOptions = {}) {
      const batchRows = streamOptions.batchRows ?? 65536;
      if (!(Number.isInteger(batchRows) && batchRows >= 1)) invalidSqlOption('batchRows', batchRows, 'an integer >= 1');
      // the whole stream holds the connection: other statements wait for it
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      await serial(() => Promise.resolve());
      const prior = queue;
      queue = prior.then(() => held);
      try {
        const result = await guard(statement, () => connection.stream(statement.text, [...statement.params] as never));
        const columns = result.columnNames().map((name, k) => ({ name, type: String(result.columnType(k)) }));
        let batch: ResultValue[][] = [];
        const iterator = result.yieldRowsJs();
        for (;;) {
          const next = await guard(statement, () => iterator.next());
          if (next.done) break;
          for (const r of next.value) batch.push(r.map(plain));
          if (batch.length >= batchRows) {
            yield { columns, rows: batch };
            batch = [];
          }
        }
        if (batch.length > 0) yield { columns, rows: batch };
      } finally {
        release();
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await queue.catch(() => undefined);
      connection.closeSync();
      instance.closeSync();
    },
  };
  return engine;
}
