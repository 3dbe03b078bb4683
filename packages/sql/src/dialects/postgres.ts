import { quoteIdentifier } from '../dialect.js';
import type { CastType, Dialect, TruncUnit } from '../dialect.js';
import { rawSql, sql } from '../statement.js';
import type { SqlFragment } from '../statement.js';

const CASTS: Record<CastType, string> = { text: 'text', double: 'double precision', bigint: 'bigint', timestamp: 'timestamp' };

/**
 * PostgreSQL's SQL (11 and later): `$n` placeholders, `extract(epoch ...)` on a timestamp without
 * time zone (read as UTC, as core's wall-clock times are), `date_trunc`, the `~` regular expression
 * operator (POSIX ARE, which agrees with JavaScript on the anchors, classes and quantifiers the
 * non-product patterns use).
 *
 * @example
 * ```ts
 * toStatement(POSTGRES_DIALECT, POSTGRES_DIALECT.truncate(rawSql('"InvoiceDate"'), 'month')).text;
 * // => "date_trunc('month', CAST(\"InvoiceDate\" AS timestamp))"
 * ```
 */
export const POSTGRES_DIALECT: Dialect = Object.freeze({
  name: 'postgres',
  quote: quoteIdentifier,
  placeholder: (index: number) => `$${index}`,
  epochMs: (t: SqlFragment) => sql`CAST(extract(epoch FROM CAST(${t} AS timestamp)) * 1000 AS double precision)`,
  fromEpochMs: (ms: SqlFragment) => sql`CAST(to_timestamp(CAST(${ms} AS double precision) / 1000) AT TIME ZONE 'UTC' AS timestamp)`,
  truncate: (t: SqlFragment, unit: TruncUnit) => sql`date_trunc(${rawSql(`'${unit}'`)}, CAST(${t} AS timestamp))`,
  startsWith: (v: SqlFragment, p: SqlFragment) => sql`(left(${v}, length(${p})) = ${p})`,
  regexMatches: (v: SqlFragment, p: SqlFragment, ignoreCase: boolean) => sql`(${v} ${rawSql(ignoreCase ? '~*' : '~')} ${p})`,
  regexReplace: (v: SqlFragment, p: SqlFragment, r: SqlFragment) => sql`regexp_replace(${v}, ${p}, ${r})`,
  tableRowOrder: 'ctid',
  cast: (e: SqlFragment, type: CastType) => sql`CAST(${e} AS ${rawSql(CASTS[type])})`,
  sumDouble: (e: SqlFragment) => sql`sum(${e})`,
  isText: (t: string) => /^(text|varchar|character|char|bpchar|name|citext)/i.test(t),
  isNumber: (t: string) => /^(smallint|integer|bigint|int2|int4|int8|real|double precision|float4|float8|numeric|decimal)/i.test(t),
  isTimestamp: (t: string) => /^(timestamp|date)/i.test(t),
});
