import { MS_PER_DAY } from '@shopper-spectrum/core';
import type { Dialect } from '../dialect.js';
import { streamRows } from '../engine.js';
import type { SqlEngine } from '../engine.js';
import { invalidSqlOption, SqlError } from '../errors.js';
import { rawSql, sql, toStatement } from '../statement.js';
import type { SqlFragment, SqlStatement } from '../statement.js';
import { bestDescriptionCte } from './topProducts.js';
import { resolveRelation } from './relation.js';
import type { RelationInput, ResolvedRelation } from './relation.js';

/** How a customer-product cell is weighted: recommend's `InteractionWeight`. */
export type SqlInteractionWeight = 'binary' | 'invoices' | 'quantity' | 'revenue';

/** Options of {@link sqlInteractions}: recommend's `InteractionOptions` plus the batch size. */
export interface SqlInteractionOptions {
  /**
   * The cell value: `'binary'` (bought at all), `'invoices'` (invoices with the product), `'quantity'`
   * (units) or `'revenue'` (quantity x price); cells not above 0 are left out.
   * @defaultValue `'binary'` (recommend's `INTERACTION_DEFAULTS.weight`)
   */
  readonly weight?: SqlInteractionWeight;
  /**
   * Time decay: each row counts `0.5 ^ (age in days / halfLifeDays)`, age measured to the last
   * purchase of a known customer; `Infinity` is no decay.
   * @defaultValue `Infinity` (recommend's `INTERACTION_DEFAULTS.halfLifeDays`)
   */
  readonly halfLifeDays?: number;
  /**
   * Rows per batch read from the engine (through its streaming read when it has one).
   * @defaultValue `65536`
   */
  readonly batchRows?: number;
}

/**
 * A customer x product matrix in CSR form with its dictionaries: the fields of recommend's
 * `CsrParts`, so `matrixFromCsr(cells)` gives the `InteractionMatrix` every recommender takes.
 */
export interface InteractionCells {
  /** Customer ids by row (first seen first). */
  readonly customers: readonly string[];
  /** StockCodes by column (first seen first, among rows with a customer). */
  readonly items: readonly string[];
  /** Most frequent description per column (or `null`). */
  readonly descriptions: readonly (string | null)[];
  /** Row offsets (customers + 1). */
  readonly indptr: Int32Array;
  /** Column indices, ascending within a row. */
  readonly indices: Int32Array;
  /** Cell values (> 0). */
  readonly data: Float64Array;
}

/** The CTEs numbering customers and products in first-seen order among rows with a customer (internal). */
export function indexCtes(dialect: Dialect, rel: ResolvedRelation): SqlFragment {
  const { from, col } = rel;
  return sql`ix_customers AS (
  SELECT ${dialect.cast(col.customerId, 'text')} AS customer_id, row_number() OVER (ORDER BY min(${col.line})) - 1 AS ci
  FROM ${from} WHERE ${col.customerId} IS NOT NULL GROUP BY ${col.customerId}
),
ix_items AS (
  SELECT ${dialect.cast(col.stockCode, 'text')} AS stock_code, row_number() OVER (ORDER BY min(${col.line})) - 1 AS si
  FROM ${from} WHERE ${col.customerId} IS NOT NULL GROUP BY ${col.stockCode}
),
ix_rows AS (
  SELECT c.ci, i.si, r.*
  FROM ${from} JOIN ix_customers c ON c.customer_id = ${dialect.cast(col.customerId, 'text')} JOIN ix_items i ON i.stock_code = ${dialect.cast(col.stockCode, 'text')}
)`;
}

function resolve(options: SqlInteractionOptions): { weight: SqlInteractionWeight; half: number; batchRows: number } {
  if (options === null || typeof options !== 'object') invalidSqlOption('options', options, '{ weight, halfLifeDays, batchRows }');
  const weight = options.weight ?? 'binary';
  if (!['binary', 'invoices', 'quantity', 'revenue'].includes(weight)) invalidSqlOption('weight', weight, "'binary', 'invoices', 'quantity' or 'revenue'");
  const half = options.halfLifeDays ?? Infinity;
  if (!(half === Infinity || (typeof half === 'number' && Number.isFinite(half) && half > 0))) invalidSqlOption('halfLifeDays', half, 'a positive number of days (Infinity: no decay)');
  const batchRows = options.batchRows ?? 65536;
  if (!(Number.isInteger(batchRows) && batchRows > 0)) invalidSqlOption('batchRows', batchRows, 'a positive integer');
  return { weight, half, batchRows };
}

/** Whether a weight is folded from the rows here (in row order, as recommend adds them) rather than aggregated per cell in the engine. */
function foldsRows(weight: SqlInteractionWeight, half: number): boolean {
  return !(weight === 'binary' || (weight === 'invoices' && half === Infinity));
}

/**
 * The dictionaries' statement of {@link sqlInteractions}: kind (`0` customer, `1` product), index,
 * id, description (products), and one row of kind `2` with the last purchase time of a known customer.
 *
 * @param dialect - the engine's dialect
 * @param relation - the (cleaned) rows
 * @returns the statement
 * @example
 * ```ts
 * interactionDictionariesStatement(DUCKDB_DIALECT, tableRelation(DUCKDB_DIALECT, 'cleaned')).text.startsWith('WITH ix_customers');
 * // => true
 * ```
 */
export function interactionDictionariesStatement(dialect: Dialect, relation: RelationInput): SqlStatement {
  const rel = resolveRelation(dialect, relation);
  const text = dialect.cast(rawSql('NULL'), 'text');
  return toStatement(dialect, sql`WITH ${indexCtes(dialect, rel)},
${bestDescriptionCte(dialect, rel)}
SELECT 0 AS kind, ci AS idx, customer_id AS id, ${text} AS description, CAST(NULL AS DOUBLE PRECISION) AS last_ms FROM ix_customers
UNION ALL
SELECT 1, si, i.stock_code, d.description, NULL FROM ix_items i LEFT JOIN best_description d ON d.stock_code = i.stock_code
UNION ALL
SELECT 2, 0, ${text}, ${text}, max(${dialect.cast(rel.col.invoiceMs, 'double')}) FROM ${rel.from} WHERE ${rel.col.customerId} IS NOT NULL
ORDER BY 1, 2`);
}

/**
 * The cells' statement of {@link sqlInteractions}, ordered by row and column: per cell the latest
 * purchase time (`'binary'`) or the number of runs of one invoice in row order (`'invoices'` without
 * decay: recommend counts an invoice again when another invoice's row came between); for the other
 * weights, the rows themselves (row, column, invoice, quantity, price, time) in row order, which
 * are folded into cells as recommend adds them.
 *
 * @param dialect - the engine's dialect
 * @param relation - the (cleaned) rows
 * @param options - `weight`, `halfLifeDays`
 * @returns the statement
 * @throws {@link SqlError} `INVALID_OPTION` for an unknown weight or a half-life that is not positive
 * @example
 * ```ts
 * interactionCellsStatement(DUCKDB_DIALECT, tableRelation(DUCKDB_DIALECT, 'cleaned')).text.includes('max(');
 * // => true
 * ```
 */
export function interactionCellsStatement(dialect: Dialect, relation: RelationInput, options: SqlInteractionOptions = {}): SqlStatement {
  const { weight, half } = resolve(options);
  const rel = resolveRelation(dialect, relation);
  // ix_rows carries the relation's columns (r.*) under their own names
  const c = (k: keyof typeof rel.col) => rawSql(rel.col[k].parts[0]!.replace(/^r\./, 'ix_rows.'));
  const ms = dialect.cast(c('invoiceMs'), 'double');
  if (!foldsRows(weight, half)) {
    if (weight === 'binary') return toStatement(dialect, sql`WITH ${indexCtes(dialect, rel)}
SELECT ci, si, max(${ms}) AS value FROM ix_rows GROUP BY ci, si ORDER BY ci, si`);
    return toStatement(dialect, sql`WITH ${indexCtes(dialect, rel)},
runs AS (
  SELECT ci, si, CASE WHEN lag(${c('invoiceNo')}) OVER (PARTITION BY ci, si ORDER BY ${c('line')}) IS NOT DISTINCT FROM ${c('invoiceNo')} THEN 0 ELSE 1 END AS starts
  FROM ix_rows
)
SELECT ci, si, sum(starts) AS value FROM runs GROUP BY ci, si ORDER BY ci, si`);
  }
  return toStatement(dialect, sql`WITH ${indexCtes(dialect, rel)}
SELECT ci, si, ${dialect.cast(c('invoiceNo'), 'text')} AS invoice, ${dialect.cast(c('quantity'), 'double')} AS quantity, ${dialect.cast(c('unitPrice'), 'double')} AS unit_price, ${ms} AS ms
FROM ix_rows ORDER BY ci, si, ${c('line')}`);
}

/**
 * The customer x product cells of recommend's `buildInteractions`, computed from rows in the engine
 * and streamed here in batches into the CSR arrays: the same customers and products in the same
 * order (first seen, among rows with a customer), the same descriptions (the most frequent, ties to
 * the one seen first) and the same values to the bit, for every weight and half-life (the tests
 * compare with `buildInteractions` on Online Retail). `'binary'` and undecayed `'invoices'` cells are
 * aggregated in the engine (one row per cell comes back); the other weights are sums that depend
 * on the order of their terms in floating point, so their rows come back in row order and are added
 * here as recommend adds them. Memory: the CSR arrays (12 bytes a cell) plus a batch of rows and the
 * dictionaries, never the rows at once. Pass the result to recommend's `matrixFromCsr`.
 *
 * @param engine - DuckDB or PostgreSQL
 * @param relation - the (cleaned) rows
 * @param options - `weight` (`'binary'`), `halfLifeDays` (Infinity), `batchRows` (65536)
 * @returns the CSR parts
 * @throws {@link SqlError} `INVALID_OPTION`, `INVALID_SOURCE` when no row has a customer, and the engine's errors
 * @example
 * ```ts
 * const m = matrixFromCsr(await sqlInteractions(engine, cleaned, { weight: 'binary' }));
 * [m.customers.length, m.items.length, m.nnz];
 * // => [4338, 3665, 266803] (Online Retail, notebook preset)
 * ```
 */
export async function sqlInteractions(engine: SqlEngine, relation: RelationInput, options: SqlInteractionOptions = {}): Promise<InteractionCells> {
  const { weight, half, batchRows } = resolve(options);
  const dict = await engine.query(interactionDictionariesStatement(engine.dialect, relation));
  const customers: string[] = [];
  const items: string[] = [];
  const descriptions: (string | null)[] = [];
  let last = NaN;
  for (const r of dict.rows) {
    const kind = Number(r[0]);
    if (kind === 0) customers.push(String(r[2]));
    else if (kind === 1) {
      items.push(String(r[2]));
      descriptions.push(r[3] === null ? null : String(r[3]));
    } else last = r[4] === null ? NaN : Number(r[4]);
  }
  if (customers.length === 0) throw new SqlError('INVALID_SOURCE', 'Invalid source: no row has a customer; allowed: rows with customer ids (the interaction matrix has a row per customer).', { parameter: 'relation' });
  const decay = (t: number) => (half === Infinity ? 1 : 0.5 ** ((last - t) / MS_PER_DAY / half));
  const nRows = customers.length;
  const indptr = new Int32Array(nRows + 1);
  let cap = 1 << 16;
  let indices = new Int32Array(cap);
  let data = new Float64Array(cap);
  let nnz = 0;
  const push = (row: number, column: number, v: number) => {
    if (!(v > 0)) return;
    if (nnz === cap) {
      cap *= 2;
      const i2 = new Int32Array(cap);
      i2.set(indices);
      indices = i2;
      const d2 = new Float64Array(cap);
      d2.set(data);
      data = d2;
    }
    indptr[row + 1]!++;
    indices[nnz] = column;
    data[nnz++] = v;
  };
  const statement = interactionCellsStatement(engine.dialect, relation, options);
  if (!foldsRows(weight, half)) {
    for await (const batch of streamRows(engine, statement, { batchRows })) {
      for (const r of batch.rows) push(Number(r[0]), Number(r[1]), weight === 'binary' ? decay(Number(r[2])) : Number(r[2]));
    }
  } else {
    // fold each cell's rows in row order, as buildInteractions does
    let row = -1;
    let column = -1;
    let v = 0;
    let lastInvoice: string | null = null;
    for await (const batch of streamRows(engine, statement, { batchRows })) {
      for (const r of batch.rows) {
        const ci = Number(r[0]);
        const si = Number(r[1]);
        if (ci !== row || si !== column) {
          if (row >= 0) push(row, column, v);
          row = ci;
          column = si;
          v = 0;
          lastInvoice = null;
        }
        const d = decay(Number(r[5]));
        if (weight === 'invoices') {
          const inv = String(r[2]);
          if (inv === lastInvoice) continue;
          lastInvoice = inv;
          v = v + d;
        } else if (weight === 'quantity') v = v + Number(r[3]) * d;
        else v = v + Number(r[3]) * Number(r[4]) * d;
      }
    }
    if (row >= 0) push(row, column, v);
  }
  for (let u = 0; u < nRows; u++) indptr[u + 1]! += indptr[u]!;
  return { customers, items, descriptions, indptr, indices: indices.slice(0, nnz), data: data.slice(0, nnz) };
}
