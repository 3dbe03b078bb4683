import { PARETO_DEFAULTS } from '@shopper-spectrum/core';
import type { ParetoCurve } from '@shopper-spectrum/core';
import type { Dialect } from '../dialect.js';
import type { SqlEngine } from '../engine.js';
import { invalidSqlOption } from '../errors.js';
import { sql, toStatement } from '../statement.js';
import type { SqlStatement } from '../statement.js';
import { exactSum } from './exactSum.js';
import { resolveRelation } from './relation.js';
import type { RelationInput } from './relation.js';

/** Options of {@link sqlParetoCurve} and {@link paretoCurveStatement}: core's `paretoCurve` options. */
export interface SqlParetoOptions {
  /**
   * Whose revenue: customers (rows without one left out) or products.
   * @defaultValue `'customer'` (core's `PARETO_DEFAULTS.by`)
   */
  readonly by?: 'customer' | 'product';
  /**
   * The "top x%" to report the revenue share of, as a fraction.
   * @defaultValue `0.2` (core's `PARETO_DEFAULTS.topFraction`)
   */
  readonly topFraction?: number;
}

/**
 * The statement behind {@link sqlParetoCurve}: each customer's (or product's) revenue as a correctly
 * rounded sum, largest first.
 *
 * @param dialect - the engine's dialect
 * @param relation - the (cleaned) rows
 * @param options - `by` (`topFraction` does not change the statement)
 * @returns the statement
 * @throws {@link SqlError} `INVALID_OPTION` for an unknown `by`
 * @example
 * ```ts
 * paretoCurveStatement(DUCKDB_DIALECT, tableRelation(DUCKDB_DIALECT, 'cleaned'), { by: 'product' }).text.includes('GROUP BY r."stockCode"');
 * // => true
 * ```
 */
export function paretoCurveStatement(dialect: Dialect, relation: RelationInput, options: SqlParetoOptions = {}): SqlStatement {
  const by = options.by ?? PARETO_DEFAULTS.by;
  if (by !== 'customer' && by !== 'product') invalidSqlOption('by', by, "'customer' or 'product'");
  const { from, col } = resolveRelation(dialect, relation);
  const key = by === 'customer' ? col.customerId : col.stockCode;
  return toStatement(dialect, sql`SELECT ${exactSum(dialect, sql`${dialect.cast(col.quantity, 'double')} * ${dialect.cast(col.unitPrice, 'double')}`)} AS revenue
FROM ${from}
WHERE ${key} IS NOT NULL
GROUP BY ${key}
ORDER BY 1 DESC`);
}

/**
 * core's `paretoCurve` computed in the engine: the same {@link ParetoCurve} (see
 * {@link paretoCurveStatement}). The engine sums and sorts; one revenue per entity comes back (the
 * curve has a point per entity), and the cumulative shares are added here in core's order, so every
 * double is core's.
 *
 * @param engine - DuckDB or PostgreSQL
 * @param relation - the (cleaned) rows
 * @param options - `by` (`'customer'`), `topFraction` (0.2)
 * @returns the curve and the headline share
 * @throws {@link SqlError} `INVALID_OPTION` for an unknown `by` or a fraction outside [0, 1], and the engine's errors
 * @example
 * ```ts
 * (await sqlParetoCurve(engine, cleaned)).topRevenueShare;
 * // => 0.75 (about; Online Retail, notebook preset)
 * ```
 */
export async function sqlParetoCurve(engine: SqlEngine, relation: RelationInput, options: SqlParetoOptions = {}): Promise<ParetoCurve> {
  const by = options.by ?? PARETO_DEFAULTS.by;
  const topFraction = options.topFraction ?? PARETO_DEFAULTS.topFraction;
  if (!(topFraction >= 0 && topFraction <= 1)) invalidSqlOption('topFraction', topFraction, 'a number from 0 to 1');
  const result = await engine.query(paretoCurveStatement(engine.dialect, relation, options));
  const count = result.rows.length;
  const values = new Float64Array(count);
  for (let j = 0; j < count; j++) values[j] = Number(result.rows[j]![0]);
  const revenueShare = new Float64Array(count + 1);
  const entityShare = new Float64Array(count + 1);
  let total = 0;
  for (let j = 0; j < count; j++) total += values[j]!;
  let cum = 0;
  for (let j = 0; j < count; j++) {
    cum += values[j]!;
    revenueShare[j + 1] = total === 0 ? 0 : cum / total;
    entityShare[j + 1] = (j + 1) / count;
  }
  const topCount = Math.floor(topFraction * count + 1e-9);
  return { by, count, totalRevenue: total, topFraction, topCount, topRevenueShare: revenueShare[topCount]!, entityShare, revenueShare };
}
