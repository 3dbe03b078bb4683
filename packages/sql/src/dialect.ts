import { SqlError } from './errors.js';
import type { SqlFragment } from './statement.js';

/**
 * A date unit the definitions truncate timestamps to.
 */
export type TruncUnit = 'day' | 'week' | 'month';

/** A type the definitions cast to. */
export type CastType = 'text' | 'double' | 'bigint' | 'timestamp';

/**
 * What the SQL definitions need to know about one engine's SQL: how to quote an identifier, how to
 * write a bound parameter's placeholder, and the handful of functions whose spelling differs between
 * engines. Every function takes SQL expressions as fragments (which may hold bound parameters:
 * a user's value is never text) and returns a fragment; write them with the `sql` template tag. The definitions use only standard SQL besides these
 * (window functions with `ROWS` frames, `CASE`, `COALESCE`, `GROUP BY`, `count(DISTINCT ...)`).
 *
 * Built in: {@link DUCKDB_DIALECT}, {@link POSTGRES_DIALECT}; a ClickHouse dialect ships in
 * `@shopper-spectrum/sql/clickhouse`'s definitions. A user's own dialect implements this interface.
 */
export interface Dialect {
  /** The dialect's name (`'duckdb'`, `'postgres'`, `'clickhouse'`). */
  readonly name: string;
  /**
   * An identifier quoted so that any text is one identifier (quotes inside doubled).
   * @example `quote('Customer ID')` gives `"Customer ID"` in DuckDB and PostgreSQL.
   */
  quote(identifier: string): string;
  /** The placeholder of the `index`-th bound parameter (1-based) holding `value` (`$1`, or `{p1:Float64}` in ClickHouse). */
  placeholder(index: number, value: string | number | boolean | null): string;
  /** Milliseconds since 1970-01-01 00:00 of a zone-free timestamp read as UTC (core's wall-clock times), as a double. */
  epochMs(timestamp: SqlFragment): SqlFragment;
  /** A double of milliseconds (core's wall-clock time) back to a zone-free timestamp. */
  fromEpochMs(ms: SqlFragment): SqlFragment;
  /** A timestamp truncated to the start of its day, ISO week (Monday) or month. */
  truncate(timestamp: SqlFragment, unit: TruncUnit): SqlFragment;
  /** True when the text `value` starts with the text `prefix`. */
  startsWith(value: SqlFragment, prefix: SqlFragment): SqlFragment;
  /** True when the text `value` matches the regular expression `pattern` anywhere (as JavaScript's `RegExp.test`). */
  regexMatches(value: SqlFragment, pattern: SqlFragment, ignoreCase: boolean): SqlFragment;
  /** The text `value` with the first match of the regular expression `pattern` replaced (`\\1` names a group). */
  regexReplace(value: SqlFragment, pattern: SqlFragment, replacement: SqlFragment): SqlFragment;
  /**
   * The expression that orders a table's rows as they were written, when the engine has one
   * (`rowid` in DuckDB, `ctid` in PostgreSQL); absent when it has none.
   */
  readonly tableRowOrder?: string;
  /** A cast. */
  cast(expression: SqlFragment, type: CastType): SqlFragment;
  /** The sum of a double expression, compensated where the engine offers it (DuckDB's `fsum`). */
  sumDouble(expression: SqlFragment): SqlFragment;
  /** Whether a source type name (as the engine reports it) is a text type. */
  isText(typeName: string): boolean;
  /** Whether a source type name is a number type (integer, decimal or floating point). */
  isNumber(typeName: string): boolean;
  /** Whether a source type name is a timestamp or date type. */
  isTimestamp(typeName: string): boolean;
}

/**
 * Quotes an identifier the SQL-standard way: in double quotes, a double quote inside doubled
 * (DuckDB, PostgreSQL, ClickHouse all accept it). Refuses a NUL character, which no engine allows.
 *
 * @param identifier - any name
 * @returns the quoted identifier
 * @throws {@link SqlError} `INVALID_OPTION` for an empty name or one holding NUL
 * @example
 * ```ts
 * quoteIdentifier('Customer "ID"');
 * // => '"Customer ""ID"""'
 * ```
 */
export function quoteIdentifier(identifier: string): string {
  if (typeof identifier !== 'string' || identifier.length === 0 || identifier.includes('\u0000')) {
    throw new SqlError('INVALID_OPTION', `Invalid identifier: got ${JSON.stringify(String(identifier).slice(0, 60))}; allowed: a non-empty name without NUL characters.`, { parameter: 'identifier', value: identifier, allowed: 'a non-empty name without NUL characters' });
  }
  return `"${identifier.replace(/"/g, '""')}"`;
}
