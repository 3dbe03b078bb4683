import type { CastType, Dialect, TruncUnit } from '../dialect.js';
import { rawSql, sql } from '../statement.js';
import type { SqlFragment, SqlValue } from '../statement.js';
import { clickhouseIdentifier, clickhouseLiteral } from './clickhouseLiteral.js';

const CASTS: Record<CastType, string> = { text: 'String', double: 'Float64', bigint: 'Int64', timestamp: 'DateTime' };

/**
 * ClickHouse's SQL, as 18.16 (Debian's build) and later speak it. 18.16 has no query parameters, so
 * a bound value's "placeholder" is the value itself written by {@link clickhouseLiteral} (an escaped,
 * always-closed literal: a value can never become SQL); identifiers are backquoted by
 * {@link clickhouseIdentifier}. Times: `DateTime` columns read as UTC (the cluster script sets the
 * server time zone to UTC; otherwise declare the column `DateTime('UTC')`), whole seconds;
 * `epochMs` is `toUnixTimestamp(t) * 1000`. Truncation: `toStartOfDay`, `toMonday` (ISO week),
 * `toStartOfMonth`. Regular expressions: `match` (RE2). Sums of doubles: plain `sum` (18.16's compensated `sumKahan` crashes the server that merges its
 * states from another shard: `Unknown BlockInfo field number` and the process exits), so sums differ
 * from core's compensated ones in the last bits.
 * No window functions in 18.16: the definitions that need them have ClickHouse-specific forms.
 *
 * @example
 * ```ts
 * toStatement(CLICKHOUSE_DIALECT, sql`SELECT ${CLICKHOUSE_DIALECT.truncate(rawSql('`InvoiceDate`'), 'month')} WHERE x = ${"a'b"}`).text;
 * // => "SELECT toStartOfMonth(`InvoiceDate`) WHERE x = 'a\\'b'"
 * ```
 */
export const CLICKHOUSE_DIALECT: Dialect = Object.freeze({
  name: 'clickhouse',
  quote: clickhouseIdentifier,
  placeholder: (_index: number, value: SqlValue) => clickhouseLiteral(value),
  epochMs: (t: SqlFragment) => sql`toFloat64(toUnixTimestamp(${t})) * 1000`,
  fromEpochMs: (ms: SqlFragment) => sql`toDateTime(toUInt32(intDiv(toInt64(${ms}), 1000)), 'UTC')`,
  truncate: (t: SqlFragment, unit: TruncUnit) => sql`${rawSql(unit === 'day' ? 'toStartOfDay' : unit === 'week' ? 'toMonday' : 'toStartOfMonth')}(${t})`,
  startsWith: (v: SqlFragment, p: SqlFragment) => sql`startsWith(${v}, ${p})`,
  regexMatches: (v: SqlFragment, p: SqlFragment, ignoreCase: boolean) => (ignoreCase ? sql`match(${v}, concat('(?i)', ${p}))` : sql`match(${v}, ${p})`),
  regexReplace: (v: SqlFragment, p: SqlFragment, r: SqlFragment) => sql`replaceRegexpOne(${v}, ${p}, ${r})`,
  cast: (e: SqlFragment, type: CastType) => sql`CAST(${e} AS ${rawSql(CASTS[type])})`,
  sumDouble: (e: SqlFragment) => sql`sum(${e})`,
  isText: (t: string) => /^(Nullable\()?(LowCardinality\()?(String|FixedString|Enum)/.test(t),
  isNumber: (t: string) => /^(Nullable\()?(U?Int(8|16|32|64)|Float(32|64)|Decimal)/.test(t),
  isTimestamp: (t: string) => /^(Nullable\()?(DateTime|Date)/.test(t),
});
