import { TOP_PRODUCTS_DEFAULTS } from '@shopper-spectrum/core';
import type { ProductRanking, ProductSummaryRow } from '@shopper-spectrum/core';
import type { Dialect } from '../dialect.js';
import type { SqlEngine } from '../engine.js';
import { invalidSqlOption } from '../errors.js';
import { rawSql, sql, toStatement } from '../statement.js';
import type { SqlFragment, SqlStatement } from '../statement.js';
import { binaryText, exactSum } from './exactSum.js';
import { resolveRelation } from './relation.js';
import type { RelationInput, ResolvedRelation } from './relation.js';

/** Options of {@link sqlTopProducts} and {@link topProductsStatement}: core's `topProducts` options but `rows`. */
export interface SqlTopProductsOptions {
  /**
   * The measure to rank by (descending; ties by StockCode ascending, in code-point order).
   * @defaultValue `'revenue'` (core's `TOP_PRODUCTS_DEFAULTS.by`)
   */
  readonly by?: ProductRanking;
  /**
   * How many products to return; `Infinity` for all.
   * @defaultValue `10` (core's `TOP_PRODUCTS_DEFAULTS.limit`)
   */
  readonly limit?: number;
}

/**
 * The CTE `best_description` (internal): per StockCode, the description written most often on its
 * rows, ties to the description seen first in the relation (smallest `line` over all its rows), as
 * core's `mostFrequentDescription` breaks them by dictionary order.
 */
export function bestDescriptionCte(dialect: Dialect, rel: ResolvedRelation): SqlFragment {
  const { from, col } = rel;
  return sql`desc_first AS (
  SELECT ${col.description} AS description, min(${col.line}) AS first_line FROM ${from} WHERE ${col.description} IS NOT NULL GROUP BY ${col.description}
),
desc_votes AS (
  SELECT ${dialect.cast(col.stockCode, 'text')} AS stock_code, ${col.description} AS description, count(*) AS votes FROM ${from} WHERE ${col.description} IS NOT NULL GROUP BY ${col.stockCode}, ${col.description}
),
best_description AS (
  SELECT stock_code, description FROM (
    SELECT v.stock_code, v.description, row_number() OVER (PARTITION BY v.stock_code ORDER BY v.votes DESC, f.first_line) AS choice
    FROM desc_votes v JOIN desc_first f ON f.description = v.description
  ) AS ranked WHERE choice = 1
)`;
}

const MEASURES: readonly ProductRanking[] = ['revenue', 'quantity', 'orders', 'customers'];

/**
 * The statement behind {@link sqlTopProducts}: core's `productSummary` per StockCode (revenue and
 * quantity as correctly rounded sums, orders = distinct invoices, customers = distinct known
 * customers, lines, the most frequent description), ranked by the measure descending then StockCode,
 * the limit bound as a parameter.
 *
 * @param dialect - the engine's dialect
 * @param relation - the (cleaned) rows
 * @param options - `by`, `limit`
 * @returns the statement
 * @throws {@link SqlError} `INVALID_OPTION` for an unknown `by` or a limit that is not a positive integer or Infinity
 * @example
 * ```ts
 * topProductsStatement(DUCKDB_DIALECT, tableRelation(DUCKDB_DIALECT, 'cleaned'), { limit: 5 }).params;
 * // => [5]
 * ```
 */
export function topProductsStatement(dialect: Dialect, relation: RelationInput, options: SqlTopProductsOptions = {}): SqlStatement {
  const by = options.by ?? TOP_PRODUCTS_DEFAULTS.by;
  if (!MEASURES.includes(by)) invalidSqlOption('by', by, "'revenue', 'quantity', 'orders' or 'customers'");
  const limit = options.limit ?? TOP_PRODUCTS_DEFAULTS.limit;
  if (!(limit === Infinity || (Number.isInteger(limit) && limit > 0))) invalidSqlOption('limit', limit, 'a positive integer or Infinity');
  const rel = resolveRelation(dialect, relation);
  const { from, col } = rel;
  const q = dialect.cast(col.quantity, 'double');
  const limitSql = limit === Infinity ? rawSql('') : sql`
LIMIT ${limit}`;
  return toStatement(dialect, sql`WITH products AS (
  SELECT ${dialect.cast(col.stockCode, 'text')} AS stock_code,
    ${exactSum(dialect, sql`${q} * ${dialect.cast(col.unitPrice, 'double')}`)} AS revenue,
    ${exactSum(dialect, q)} AS quantity,
    count(DISTINCT ${col.invoiceNo}) AS orders,
    count(DISTINCT ${col.customerId}) AS customers,
    count(*) AS lines
  FROM ${from}
  GROUP BY ${col.stockCode}
),
top AS (
  SELECT * FROM products ORDER BY ${rawSql(by)} DESC, ${binaryText(dialect, rawSql('stock_code'))}${limitSql}
),
${bestDescriptionCte(dialect, rel)}
SELECT top.stock_code, d.description, top.revenue, top.quantity, top.orders, top.customers, top.lines
FROM top LEFT JOIN best_description d ON d.stock_code = top.stock_code
ORDER BY top.${rawSql(by)} DESC, ${binaryText(dialect, rawSql('top.stock_code'))}`);
}

/**
 * core's `topProducts` computed in the engine: the same {@link ProductSummaryRow}s in the same order
 * (see {@link topProductsStatement}); only the `limit` rows come back. Description ties go to the
 * description seen first in the relation (its smallest `line`), core's to the one first seen in the
 * source its dictionaries were read from: the same unless that description's first line was
 * dropped by cleaning.
 *
 * @param engine - DuckDB or PostgreSQL
 * @param relation - the (cleaned) rows
 * @param options - `by` (`'revenue'`), `limit` (10)
 * @returns up to `limit` products
 * @throws {@link SqlError} `INVALID_OPTION`, and the engine's errors
 * @example
 * ```ts
 * (await sqlTopProducts(engine, cleaned, { by: 'revenue', limit: 1 }))[0].stockCode;
 * // => '23843' (Online Retail, notebook preset)
 * ```
 */
export async function sqlTopProducts(engine: SqlEngine, relation: RelationInput, options: SqlTopProductsOptions = {}): Promise<ProductSummaryRow[]> {
  const result = await engine.query(topProductsStatement(engine.dialect, relation, options));
  return result.rows.map((r) => ({
    stockCode: String(r[0]),
    description: r[1] === null ? null : String(r[1]),
    revenue: Number(r[2]),
    quantity: Number(r[3]),
    orders: Number(r[4]),
    customers: Number(r[5]),
    lines: Number(r[6]),
  }));
}
