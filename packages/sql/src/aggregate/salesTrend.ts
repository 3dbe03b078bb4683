import { formatWallClock, MS_PER_DAY, SALES_TREND_DEFAULTS } from '@shopper-spectrum/core';
import type { TrendInterval, TrendPoint } from '@shopper-spectrum/core';
import type { Dialect } from '../dialect.js';
import type { SqlEngine } from '../engine.js';
import { invalidSqlOption } from '../errors.js';
import { rawSql, sql, toStatement } from '../statement.js';
import type { SqlFragment, SqlStatement } from '../statement.js';
import { exactSum } from './exactSum.js';
import { resolveRelation } from './relation.js';
import type { RelationInput } from './relation.js';

/** Options of {@link sqlSalesTrend} and {@link salesTrendStatement}: core's `salesTrend` options but `rows`. */
export interface SqlSalesTrendOptions {
  /**
   * Period length.
   * @defaultValue `'month'` (core's `SALES_TREND_DEFAULTS.interval`)
   */
  readonly interval?: TrendInterval;
  /**
   * First day of a week, 0 = Sunday ... 6 = Saturday.
   * @defaultValue `1`: Monday (core's `SALES_TREND_DEFAULTS.weekStartsOn`)
   */
  readonly weekStartsOn?: 0 | 1 | 2 | 3 | 4 | 5 | 6;
  /**
   * Include periods without sales (zeros) between the first and the last.
   * @defaultValue `true` (core's `SALES_TREND_DEFAULTS.fill`)
   */
  readonly fill?: boolean;
}

function resolve(options: SqlSalesTrendOptions): { interval: TrendInterval; shift: number; fill: boolean } {
  const interval = options.interval ?? SALES_TREND_DEFAULTS.interval;
  if (interval !== 'day' && interval !== 'week' && interval !== 'month') invalidSqlOption('interval', interval, "'day', 'week' or 'month'");
  const weekStartsOn = options.weekStartsOn ?? SALES_TREND_DEFAULTS.weekStartsOn;
  if (!(Number.isInteger(weekStartsOn) && weekStartsOn >= 0 && weekStartsOn <= 6)) invalidSqlOption('weekStartsOn', weekStartsOn, 'an integer from 0 (Sunday) to 6');
  const fill = options.fill ?? SALES_TREND_DEFAULTS.fill;
  if (typeof fill !== 'boolean') invalidSqlOption('fill', fill, 'true or false');
  return { interval, shift: (4 - weekStartsOn + 7) % 7, fill };
}

/** The period key of a row, as core numbers periods: the day, the week `floor((day + shift) / 7)`, or `year * 12 + month - 1`. */
function periodKey(dialect: Dialect, ms: SqlFragment, interval: TrendInterval, shift: number): SqlFragment {
  const day = sql`floor(${dialect.cast(ms, 'double')} / ${rawSql(String(MS_PER_DAY))})`;
  if (interval === 'day') return day;
  if (interval === 'week') return sql`floor((${day} + ${rawSql(String(shift))}) / 7)`;
  const ts = dialect.fromEpochMs(ms);
  return dialect.cast(sql`extract(year FROM ${ts}) * 12 + extract(month FROM ${ts}) - 1`, 'double');
}

/**
 * The statement behind {@link sqlSalesTrend}: per calendar period (day, week from `weekStartsOn`,
 * month, of the zone-free dates), revenue and items as correctly rounded sums, orders = distinct
 * invoices, customers = distinct known customers, lines; periods in time order (those without sales
 * are filled in afterwards, as core does).
 *
 * @param dialect - the engine's dialect
 * @param relation - the (cleaned) rows
 * @param options - `interval`, `weekStartsOn` (`fill` does not change the statement)
 * @returns the statement
 * @throws {@link SqlError} `INVALID_OPTION` for an unknown interval or week start
 * @example
 * ```ts
 * salesTrendStatement(DUCKDB_DIALECT, tableRelation(DUCKDB_DIALECT, 'cleaned'), { interval: 'week' }).text.includes('floor((floor(');
 * // => true
 * ```
 */
export function salesTrendStatement(dialect: Dialect, relation: RelationInput, options: SqlSalesTrendOptions = {}): SqlStatement {
  const { interval, shift } = resolve(options);
  const { from, col } = resolveRelation(dialect, relation);
  const q = dialect.cast(col.quantity, 'double');
  return toStatement(dialect, sql`SELECT ${periodKey(dialect, col.invoiceMs, interval, shift)} AS period_key,
  ${exactSum(dialect, sql`${q} * ${dialect.cast(col.unitPrice, 'double')}`)} AS revenue,
  count(DISTINCT ${col.invoiceNo}) AS orders,
  count(DISTINCT ${col.customerId}) AS customers,
  ${exactSum(dialect, q)} AS items,
  count(*) AS lines
FROM ${from}
GROUP BY 1
ORDER BY 1`);
}

/**
 * core's `salesTrend` computed in the engine: the same {@link TrendPoint}s (see
 * {@link salesTrendStatement}); one row per period with sales comes back, and the periods between
 * without sales are filled with zeros here when `fill` is on, as core fills them.
 *
 * @param engine - DuckDB or PostgreSQL
 * @param relation - the (cleaned) rows
 * @param options - `interval` (`'month'`), `weekStartsOn` (1), `fill` (true)
 * @returns one point per period, in time order (empty for no rows)
 * @throws {@link SqlError} `INVALID_OPTION`, and the engine's errors
 * @example
 * ```ts
 * (await sqlSalesTrend(engine, cleaned, { interval: 'month' }))[0].period;
 * // => '2010-12-01'
 * ```
 */
export async function sqlSalesTrend(engine: SqlEngine, relation: RelationInput, options: SqlSalesTrendOptions = {}): Promise<TrendPoint[]> {
  const { interval, shift, fill } = resolve(options);
  const result = await engine.query(salesTrendStatement(engine.dialect, relation, options));
  const out: TrendPoint[] = [];
  const point = (key: number, r: readonly unknown[] | null) => {
    const start = interval === 'day' ? key * MS_PER_DAY : interval === 'week' ? (key * 7 - shift) * MS_PER_DAY : Date.UTC(Math.floor(key / 12), key % 12, 1);
    out.push({
      period: formatWallClock(start, true),
      start,
      revenue: r === null ? 0 : Number(r[1]),
      orders: r === null ? 0 : Number(r[2]),
      customers: r === null ? 0 : Number(r[3]),
      items: r === null ? 0 : Number(r[4]),
      lines: r === null ? 0 : Number(r[5]),
    });
  };
  let previous: number | null = null;
  for (const r of result.rows) {
    const key = Number(r[0]);
    if (fill && previous !== null) for (let k = previous + 1; k < key; k++) point(k, null);
    point(key, r);
    previous = key;
  }
  return out;
}
