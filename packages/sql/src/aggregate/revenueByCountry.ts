import type { CountryRow } from '@shopper-spectrum/core';
import type { Dialect } from '../dialect.js';
import type { SqlEngine } from '../engine.js';
import { sql, toStatement } from '../statement.js';
import type { SqlStatement } from '../statement.js';
import { binaryText, exactSum } from './exactSum.js';
import { resolveRelation } from './relation.js';
import type { RelationInput } from './relation.js';

/**
 * The statement behind {@link sqlRevenueByCountry}: per country (rows without one as one group),
 * revenue and items as correctly rounded sums, orders, customers, lines, and the country's first line
 * (the order core adds the totals in for the shares); by revenue descending, then name in code-point
 * order, the missing country last among equals.
 *
 * @param dialect - the engine's dialect
 * @param relation - the (cleaned) rows
 * @returns the statement
 * @example
 * ```ts
 * revenueByCountryStatement(DUCKDB_DIALECT, tableRelation(DUCKDB_DIALECT, 'cleaned')).params;
 * // => []
 * ```
 */
export function revenueByCountryStatement(dialect: Dialect, relation: RelationInput): SqlStatement {
  const { from, col } = resolveRelation(dialect, relation);
  const q = dialect.cast(col.quantity, 'double');
  return toStatement(dialect, sql`SELECT ${col.country} AS country,
  ${exactSum(dialect, sql`${q} * ${dialect.cast(col.unitPrice, 'double')}`)} AS revenue,
  count(DISTINCT ${col.invoiceNo}) AS orders,
  count(DISTINCT ${col.customerId}) AS customers,
  ${exactSum(dialect, q)} AS items,
  count(*) AS lines,
  min(${col.line}) AS first_line
FROM ${from}
GROUP BY ${col.country}
ORDER BY 2 DESC, ${col.country} IS NULL, ${binaryText(dialect, col.country)}`);
}

/**
 * core's `revenueByCountry` computed in the engine: the same {@link CountryRow}s in the same order
 * (see {@link revenueByCountryStatement}). The share's denominator is the countries' revenues added
 * here as core adds them (the missing country first, then in order of first appearance), so the
 * shares are core's doubles. One row per country comes back.
 *
 * @param engine - DuckDB or PostgreSQL
 * @param relation - the (cleaned) rows
 * @returns one row per country present
 * @throws {@link SqlError} from the engine
 * @example
 * ```ts
 * (await sqlRevenueByCountry(engine, cleaned))[0].country;
 * // => 'United Kingdom'
 * ```
 */
export async function sqlRevenueByCountry(engine: SqlEngine, relation: RelationInput): Promise<CountryRow[]> {
  const result = await engine.query(revenueByCountryStatement(engine.dialect, relation));
  const rows = result.rows;
  const order = rows.map((r, i) => ({ i, missing: r[0] === null, first: Number(r[6]) })).sort((a, b) => (a.missing !== b.missing ? (a.missing ? -1 : 1) : a.first - b.first));
  let total = 0;
  for (const o of order) total += Number(rows[o.i]![1]);
  return rows.map((r) => {
    const revenue = Number(r[1]);
    return {
      country: r[0] === null ? null : String(r[0]),
      revenue,
      revenueShare: total === 0 ? 0 : revenue / total,
      orders: Number(r[2]),
      customers: Number(r[3]),
      items: Number(r[4]),
      lines: Number(r[5]),
    };
  });
}
