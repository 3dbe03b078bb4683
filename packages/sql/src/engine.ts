import type { Dialect } from './dialect.js';
import type { SqlStatement } from './statement.js';

/** A column of a result: its name and the engine's type name (`'VARCHAR'`, `'double precision'`, ...). */
export interface ResultColumn {
  /** The column's name as the engine reports it. */
  readonly name: string;
  /** The engine's type name, upper- or lower-case as the engine writes it. */
  readonly type: string;
}

/**
 * A value in a result row. Integers (including 64-bit ones within 2^53) and decimals come back as
 * numbers, text as strings, timestamps as core's wall-clock milliseconds (the zone-free time read as
 * UTC), dates likewise at midnight, NULL as `null`.
 */
export type ResultValue = string | number | boolean | null;

/** The rows of a result, one array per row in column order. */
export interface QueryResult {
  /** The columns, in order. */
  readonly columns: readonly ResultColumn[];
  /** The rows; `rows[i][j]` is column `j` of row `i`. */
  readonly rows: readonly (readonly ResultValue[])[];
}

/** Options of {@link SqlEngine.stream}. */
export interface StreamOptions {
  /**
   * Rows per batch.
   * @defaultValue 65536
   */
  readonly batchRows?: number;
}

/**
 * A connection to an SQL engine, as the definitions use it: one dialect, statements with bound
 * parameters, rows back. `openDuckDb` (`@shopper-spectrum/sql/duckdb`), `connectPostgres`
 * (`@shopper-spectrum/sql/postgres`) and the ClickHouse adapter return one; a user can wrap any
 * other client in this interface.
 *
 * Errors are {@link SqlError}s: a refused connection `CONNECTION_FAILED`, a missing table
 * `MISSING_TABLE`, a missing column `MISSING_COLUMN`, a statement timeout `QUERY_TIMEOUT`, other
 * failures `QUERY_FAILED`, never with a credential in any text.
 */
export interface SqlEngine {
  /** The SQL the engine speaks. */
  readonly dialect: Dialect;
  /** The engine's name (`'duckdb'`, `'postgres'`, `'clickhouse'`). */
  readonly name: string;
  /** Runs one statement and returns every row. */
  query(statement: SqlStatement): Promise<QueryResult>;
  /**
   * Runs one statement and yields its rows in batches, without holding the whole result (optional:
   * engines without a cursor leave it out, and callers fall back on `query`).
   */
  stream?(statement: SqlStatement, options?: StreamOptions): AsyncIterable<QueryResult>;
  /** Releases the connection; statements after it fail with `ENGINE_CLOSED`. Idempotent. */
  close(): Promise<void>;
}

/**
 * Runs a statement through `stream` when the engine has it, otherwise `query` once.
 *
 * @param engine - the engine
 * @param statement - the statement
 * @param options - batch size
 * @returns the batches of rows
 * @example
 * ```ts
 * for await (const batch of streamRows(engine, { text: 'SELECT 1 AS one', params: [] })) console.log(batch.rows);
 * // => [ [ 1 ] ]
 * ```
 */
export async function* streamRows(engine: SqlEngine, statement: SqlStatement, options: StreamOptions = {}): AsyncIterable<QueryResult> {
  if (engine.stream) yield* engine.stream(statement, options);
  else yield await engine.query(statement);
}
