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
  /**
   * Runs a statement whose every column is a number and returns one `Float64Array` per column
   * (NULL as `NaN`), without an object per value (optional: readers fall back
   * on the rows).
   */
  readNumberColumns?(statement: SqlStatement): Promise<Float64Array[]>;
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

/**
 * Reads a statement whose columns are all numbers into one `Float64Array` per column, in the
 * result's row order: the engine's columnar path when it has one (`SqlEngine.readNumberColumns`:
 * DuckDB's data chunks, PostgreSQL's array rows), otherwise its rows converted with `Number`. NULL
 * reads as `NaN`. O(rows x columns) time and memory, with no object per value on the columnar path.
 *
 * @param engine - the engine
 * @param statement - a statement whose every column is a number
 * @param options - the batch size of the fallback on rows
 * @returns the columns, in the statement's column order
 * @example
 * ```ts
 * await readNumberColumns(engine, { text: 'SELECT 1.5 AS a, 2 AS b UNION ALL SELECT 3, 4', params: [] });
 * // => [ Float64Array [ 1.5, 3 ], Float64Array [ 2, 4 ] ]
 * ```
 */
export async function readNumberColumns(engine: SqlEngine, statement: SqlStatement, options: StreamOptions = {}): Promise<Float64Array[]> {
  if (engine.readNumberColumns) return engine.readNumberColumns(statement);
  const out = new NumberColumns();
  for await (const batch of streamRows(engine, statement, options)) {
    out.ensure(batch.columns.length);
    for (const r of batch.rows) out.push(r);
  }
  return out.finish();
}

/**
 * Growable `Float64Array` columns, for engines' columnar readers.
 *
 * @internal
 */
export class NumberColumns {
  private data: Float64Array[] = [];
  private length = 0;
  private capacity = 0;
  /** Sets the column count (once, before the first row). */
  ensure(count: number): void {
    if (this.data.length === 0 && count > 0) {
      this.capacity = 4096;
      this.data = Array.from({ length: count }, () => new Float64Array(this.capacity));
    }
  }
  /** Makes room for `n` more rows and returns the offset of the first. */
  reserve(n: number): number {
    if (this.length + n > this.capacity) {
      let cap = this.capacity;
      while (cap < this.length + n) cap *= 2;
      this.data = this.data.map((c) => {
        const next = new Float64Array(cap);
        next.set(c.subarray(0, this.length));
        return next;
      });
      this.capacity = cap;
    }
    const at = this.length;
    this.length += n;
    return at;
  }
  /** The column `k`'s buffer (valid until the next `reserve`). */
  column(k: number): Float64Array {
    return this.data[k]!;
  }
  /** Appends one row of values (NULL as NaN). */
  push(row: readonly unknown[]): void {
    const at = this.reserve(1);
    for (let k = 0; k < this.data.length; k++) {
      const v = row[k];
      this.data[k]![at] = v === null || v === undefined ? Number.NaN : Number(v);
    }
  }
  /** The columns, trimmed to the rows. */
  finish(): Float64Array[] {
    return this.data.map((c) => c.slice(0, this.length));
  }
}
