import type { Dialect } from '../dialect.js';
import type { SqlEngine } from '../engine.js';
import { streamRows } from '../engine.js';
import { invalidSqlOption } from '../errors.js';
import { rawSql, sql, toStatement } from '../statement.js';
import type { SqlStatement } from '../statement.js';
import { indexCtes } from './interactions.js';
import { resolveRelation } from './relation.js';
import type { RelationInput } from './relation.js';

/** Options of {@link sqlItemCooccurrence} and {@link itemCooccurrenceStatement}. */
export interface SqlCooccurrenceOptions {
  /**
   * Co-occurring products kept per product (the most frequent); `Infinity` keeps all.
   * @defaultValue `100` (recommend's `ITEM_SIMILARITY_DEFAULTS.neighbours`)
   */
  readonly neighbours?: number;
  /**
   * What "together" means: bought by the same customer (recommend's co-occurrence on the binary
   * matrix) or on the same invoice (a basket).
   * @defaultValue `'customer'`
   */
  readonly by?: 'customer' | 'invoice';
  /**
   * Rows per batch read from the engine.
   * @defaultValue `65536`
   */
  readonly batchRows?: number;
}

/**
 * Each product's most frequent co-occurring products, sparse (CSR), products numbered as the
 * interaction matrix numbers its columns.
 */
export interface ItemCooccurrence {
  /** StockCodes by index: the columns of {@link sqlInteractions}' matrix. */
  readonly items: readonly string[];
  /** Customers (or invoices, `by: 'invoice'`) with each product. */
  readonly popularity: Int32Array;
  /** Row offsets (items + 1). */
  readonly indptr: Int32Array;
  /** Co-occurring products, most frequent first (ties: the smaller index first). */
  readonly indices: Int32Array;
  /** Customers (or invoices) with both, aligned with `indices`. */
  readonly together: Int32Array;
}

function resolve(options: SqlCooccurrenceOptions): { neighbours: number; by: 'customer' | 'invoice'; batchRows: number } {
  const neighbours = options.neighbours ?? 100;
  if (!(neighbours === Infinity || (Number.isInteger(neighbours) && neighbours > 0))) invalidSqlOption('neighbours', neighbours, 'a positive integer or Infinity');
  const by = options.by ?? 'customer';
  if (by !== 'customer' && by !== 'invoice') invalidSqlOption('by', by, "'customer' or 'invoice'");
  const batchRows = options.batchRows ?? 65536;
  if (!(Number.isInteger(batchRows) && batchRows > 0)) invalidSqlOption('batchRows', batchRows, 'a positive integer');
  return { neighbours, by, batchRows };
}

/**
 * The statement behind {@link sqlItemCooccurrence}: the distinct (customer or invoice, product)
 * pairs of rows with a customer, joined with themselves on the customer (or invoice): per pair of
 * products the count, ranked per product by count descending then index, the first `neighbours`
 * kept (bound as a parameter), plus one row per product (`j` NULL) with its popularity. The engine
 * holds the pairs; only the kept ones come back, so the catalogue's co-occurrence never sits in
 * memory here.
 *
 * @param dialect - the engine's dialect
 * @param relation - the (cleaned) rows
 * @param options - `neighbours`, `by`
 * @returns the statement
 * @throws {@link SqlError} `INVALID_OPTION`
 * @example
 * ```ts
 * itemCooccurrenceStatement(DUCKDB_DIALECT, tableRelation(DUCKDB_DIALECT, 'cleaned'), { neighbours: 20 }).params;
 * // => [20]
 * ```
 */
export function itemCooccurrenceStatement(dialect: Dialect, relation: RelationInput, options: SqlCooccurrenceOptions = {}): SqlStatement {
  const { neighbours, by } = resolve(options);
  const rel = resolveRelation(dialect, relation);
  const key = rawSql(rel.col[by === 'customer' ? 'customerId' : 'invoiceNo'].parts[0]!.replace(/^r\./, 'ix_rows.'));
  const keep = neighbours === Infinity ? rawSql('') : sql` WHERE rk <= ${neighbours}`;
  return toStatement(dialect, sql`WITH ${indexCtes(dialect, rel)},
baskets AS (SELECT DISTINCT ${dialect.cast(key, 'text')} AS g, si FROM ix_rows),
popularity AS (SELECT si, count(*) AS n FROM baskets GROUP BY si),
pairs AS (
  SELECT a.si AS i, b.si AS j, count(*) AS together
  FROM baskets a JOIN baskets b ON a.g = b.g AND a.si <> b.si
  GROUP BY a.si, b.si
),
ranked AS (SELECT i, j, together, row_number() OVER (PARTITION BY i ORDER BY together DESC, j) AS rk FROM pairs)
SELECT i, j, together, rk, ${dialect.cast(rawSql('NULL'), 'text')} AS stock_code FROM (SELECT * FROM ranked${keep}) AS kept
UNION ALL
SELECT x.si, NULL, COALESCE(p.n, 0), 0, x.stock_code FROM ix_items x LEFT JOIN popularity p ON p.si = x.si
ORDER BY 1, 4`);
}

/**
 * Item co-occurrence computed in the engine: for each product, the products bought by the same
 * customers (recommend's co-occurrence of the binary interaction matrix: C_ij = customers who bought
 * both, its `together`), or on the same invoices, the `neighbours` most frequent kept per product,
 * ties to the smaller index: the pairs recommend's `itemSimilarity` keeps with a similarity of
 * `together`, with the same counts (the tests check Online Retail). A self-join in the engine, for
 * catalogues whose co-occurrence does not fit in memory: O(sum over customers of products^2) work
 * there, O(items x neighbours) here.
 *
 * @param engine - DuckDB or PostgreSQL
 * @param relation - the (cleaned) rows
 * @param options - `neighbours` (100), `by` (`'customer'`), `batchRows` (65536)
 * @returns the kept pairs per product
 * @throws {@link SqlError} `INVALID_OPTION`, and the engine's errors
 * @example
 * ```ts
 * const co = await sqlItemCooccurrence(engine, cleaned, { neighbours: 5 });
 * co.items[co.indices[co.indptr[0]]];
 * // => the product bought most often by the customers of the first product
 * ```
 */
export async function sqlItemCooccurrence(engine: SqlEngine, relation: RelationInput, options: SqlCooccurrenceOptions = {}): Promise<ItemCooccurrence> {
  const { batchRows } = resolve(options);
  const statement = itemCooccurrenceStatement(engine.dialect, relation, options);
  const items: string[] = [];
  const pop: number[] = [];
  let cap = 1 << 16;
  let indices = new Int32Array(cap);
  let together = new Int32Array(cap);
  const counts: number[] = [];
  let len = 0;
  for await (const batch of streamRows(engine, statement, { batchRows })) {
    for (const r of batch.rows) {
      const i = Number(r[0]);
      if (r[1] === null) {
        items[i] = String(r[4]);
        pop[i] = Number(r[2]);
        counts[i] = 0;
        continue;
      }
      if (len === cap) {
        cap *= 2;
        const a = new Int32Array(cap);
        a.set(indices);
        indices = a;
        const b = new Int32Array(cap);
        b.set(together);
        together = b;
      }
      indices[len] = Number(r[1]);
      together[len++] = Number(r[2]);
      counts[i]!++;
    }
  }
  const n = items.length;
  const indptr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) indptr[i + 1] = indptr[i]! + counts[i]!;
  return { items, popularity: Int32Array.from(pop), indptr, indices: indices.slice(0, len), together: together.slice(0, len) };
}
