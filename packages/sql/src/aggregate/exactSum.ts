import { invalidSqlOption } from '../errors.js';
import type { Dialect } from '../dialect.js';
import { rawSql, sql } from '../statement.js';
import type { SqlFragment } from '../statement.js';

/** 2^20, 2^60 and 2^-80 as exact double literals. */
const HI = '1048576';
const LO = '1152921504606846976';
const BACK = String(2 ** -80);

/**
 * The sum of a double expression over a group, correctly rounded: what core's compensated sums
 * give (Neumaier's sum rounds to the exact sum of its terms but in the rarest cases), whatever the
 * order the engine adds rows in. An engine's plain `sum` of doubles depends on that order and its
 * threads (on Online Retail's 4,338 customers DuckDB's `sum` differs from core's monetary value in
 * the last bits for 2,512 of them, its Kahan `fsum` for 936; this sum for none).
 *
 * Each term `v` is split into two integers: `floor(v * 2^20)` and the remaining fraction times 2^60;
 * both are summed exactly as 128-bit (DuckDB `HUGEINT`) or arbitrary-precision (PostgreSQL
 * `numeric`) integers, recombined as `hi * 2^60 + lo`, converted to a double once (through its
 * decimal text, which both engines read correctly rounded) and scaled by 2^-80 (exact). Terms must
 * be below 2^43 (8.8e12) in magnitude and are resolved to 2^-80 (8e-25); a DuckDB group's total must
 * stay below 2^47 (1.4e14), or the engine stops with an overflow error rather than return a wrong sum.
 *
 * @param dialect - DuckDB or PostgreSQL
 * @param value - a double expression per row
 * @returns the aggregate expression (a double)
 * @throws {@link SqlError} `INVALID_OPTION` for another dialect
 * @example
 * ```ts
 * toStatement(DUCKDB_DIALECT, sql`SELECT ${exactSum(DUCKDB_DIALECT, rawSql('v'))} FROM t`).text;
 * // => 'SELECT (CAST(CAST(CAST(sum(CAST(floor((v) * 1048576) AS BIGINT)) AS HUGEINT) * ... AS DOUBLE) * 8.271806125530277e-25) FROM t'
 * ```
 */
export function exactSum(dialect: Dialect, value: SqlFragment): SqlFragment {
  const scaled = sql`(${value}) * ${rawSql(HI)}`;
  switch (dialect.name) {
    case 'duckdb':
      return sql`(CAST(CAST(CAST(sum(CAST(floor(${scaled}) AS BIGINT)) AS HUGEINT) * CAST(${rawSql(LO)} AS HUGEINT) + sum(CAST((${scaled} - floor(${scaled})) * ${rawSql(LO)}.0 AS BIGINT)) AS VARCHAR) AS DOUBLE) * ${rawSql(BACK)})`;
    case 'postgres':
      return sql`(CAST(sum(CAST(floor(${scaled}) AS bigint)) * ${rawSql(LO)} + sum(CAST((${scaled} - floor(${scaled})) * CAST(${rawSql(LO)} AS double precision) AS bigint)) AS double precision) * CAST(${rawSql(BACK)} AS double precision))`;
    default:
      return invalidSqlOption('dialect', dialect.name, "'duckdb' or 'postgres' (the exact sums of the aggregates)");
  }
}

/** Integer division of two integer expressions, rounded down (both non-negative here). Internal. */
export function intDiv(dialect: Dialect, a: SqlFragment, b: SqlFragment): SqlFragment {
  return dialect.name === 'duckdb' ? sql`((${a}) // (${b}))` : sql`div(${a}, ${b})`;
}

/** An ORDER BY key for text in code-point order, whatever the database's collation. Internal. */
export function binaryText(dialect: Dialect, text: SqlFragment): SqlFragment {
  return dialect.name === 'postgres' ? sql`(${text}) COLLATE "C"` : text;
}

/** The values of a group as an array, in the order given (DuckDB `list`, PostgreSQL `array_agg`). Internal. */
export function orderedList(dialect: Dialect, value: SqlFragment, orderBy: SqlFragment): SqlFragment {
  return dialect.name === 'duckdb' ? sql`list(${value} ORDER BY ${orderBy})` : sql`array_agg(${value} ORDER BY ${orderBy})`;
}
