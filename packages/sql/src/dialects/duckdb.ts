import { quoteIdentifier } from '../dialect.js';
import type { CastType, Dialect, TruncUnit } from '../dialect.js';
import { rawSql, sql } from '../statement.js';
import type { SqlFragment } from '../statement.js';

const CASTS: Record<CastType, string> = { text: 'VARCHAR', double: 'DOUBLE', bigint: 'BIGINT', timestamp: 'TIMESTAMP' };

/**
 * DuckDB's SQL: `$n` placeholders, `epoch_ms`, `date_trunc`, `regexp_matches` (RE2), and `fsum`
 * (compensated) for sums of doubles.
 *
 * @example
 * ```ts
 * toStatement(DUCKDB_DIALECT, DUCKDB_DIALECT.epochMs(rawSql('"InvoiceDate"'))).text;
 * // => 'CAST(epoch_ms(CAST("InvoiceDate" AS TIMESTAMP)) AS DOUBLE)'
 * ```
 */
export const DUCKDB_DIALECT: Dialect = Object.freeze({
  name: 'duckdb',
  quote: quoteIdentifier,
  placeholder: (index: number) => `$${index}`,
  epochMs: (t: SqlFragment) => sql`CAST(epoch_ms(CAST(${t} AS TIMESTAMP)) AS DOUBLE)`,
  fromEpochMs: (ms: SqlFragment) => sql`make_timestamp(CAST(${ms} AS BIGINT) * 1000)`,
  truncate: (t: SqlFragment, unit: TruncUnit) => sql`date_trunc(${rawSql(`'${unit}'`)}, CAST(${t} AS TIMESTAMP))`,
  startsWith: (v: SqlFragment, p: SqlFragment) => sql`starts_with(${v}, ${p})`,
  regexMatches: (v: SqlFragment, p: SqlFragment, ignoreCase: boolean) => (ignoreCase ? sql`regexp_matches(${v}, ${p}, 'i')` : sql`regexp_matches(${v}, ${p})`),
  regexReplace: (v: SqlFragment, p: SqlFragment, r: SqlFragment) => sql`regexp_replace(${v}, ${p}, ${r})`,
  tableRowOrder: 'rowid',
  cast: (e: SqlFragment, type: CastType) => sql`CAST(${e} AS ${rawSql(CASTS[type])})`,
  sumDouble: (e: SqlFragment) => sql`fsum(${e})`,
  isText: (t: string) => /^(VARCHAR|TEXT|STRING|CHAR|BPCHAR|ENUM)/i.test(t),
  isNumber: (t: string) => /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL|NUMERIC)/i.test(t),
  isTimestamp: (t: string) => /^(TIMESTAMP|DATE|DATETIME)/i.test(t),
});
