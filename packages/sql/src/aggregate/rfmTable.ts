import { MS_PER_DAY, formatWallClock, parseIsoDate } from '@shopper-spectrum/core';
import { RfmError, RfmTable } from '@shopper-spectrum/rfm';
import type { TimeInput } from '@shopper-spectrum/rfm';
import type { Dialect } from '../dialect.js';
import type { SqlEngine } from '../engine.js';
import { rawSql, sql, toStatement } from '../statement.js';
import type { SqlFragment, SqlStatement } from '../statement.js';
import { binaryText, exactSum } from './exactSum.js';
import { resolveRelation } from './relation.js';
import type { RelationInput } from './relation.js';

/** Options of {@link sqlRfmTable} and {@link rfmTableStatement}. */
export interface SqlRfmTableOptions {
  /**
   * The moment recency is measured from: wall-clock ms or `'YYYY-MM-DD[ HH:mm[:ss]]'`, not before the
   * last purchase (as rfm's `rfmTable`).
   * @defaultValue computed in the engine: the last purchase plus one day, as `rfmTable`
   */
  readonly asOf?: TimeInput;
}

/**
 * The per-customer CTEs both RFM statements start from (internal): `rfm_facts` (grouped per
 * customer) and `rfm` with `customer_id, pos, frequency, monetary, first_ms, last_ms, as_of, max_ms,
 * customers, recency, tenure, aov`, `pos` the customer's 1-based place in rfm's order.
 */
export function rfmCtes(dialect: Dialect, relation: RelationInput, asOf: number | undefined): SqlFragment {
  const { from, col } = resolveRelation(dialect, relation);
  const ms = dialect.cast(col.invoiceMs, 'double');
  const numeric = dialect.regexMatches(rawSql('customer_id'), sql`${'^[0-9]{1,15}$'}`, false);
  const asOfSql = asOf === undefined ? rawSql(`max_ms + ${MS_PER_DAY}`) : dialect.cast(sql`${asOf}`, 'double');
  const day = rawSql(String(MS_PER_DAY));
  return sql`rfm_facts AS (
  SELECT ${dialect.cast(col.customerId, 'text')} AS customer_id,
    count(DISTINCT ${col.invoiceNo}) AS frequency,
    ${exactSum(dialect, sql`${dialect.cast(col.quantity, 'double')} * ${dialect.cast(col.unitPrice, 'double')}`)} AS monetary,
    min(${ms}) AS first_ms,
    max(${ms}) AS last_ms
  FROM ${from}
  WHERE ${col.customerId} IS NOT NULL
  GROUP BY ${col.customerId}
),
rfm_ordered AS (
  SELECT rfm_facts.*, bool_and(${numeric}) OVER () AS numeric_ids, max(last_ms) OVER () AS max_ms, count(*) OVER () AS customers
  FROM rfm_facts
),
rfm_dated AS (
  SELECT rfm_ordered.*, ${asOfSql} AS as_of FROM rfm_ordered
),
rfm AS (
  SELECT customer_id,
    row_number() OVER (ORDER BY CASE WHEN numeric_ids THEN length(ltrim(customer_id, '0')) END, CASE WHEN numeric_ids THEN ${binaryText(dialect, rawSql("ltrim(customer_id, '0')"))} END, ${binaryText(dialect, rawSql('customer_id'))}) AS pos,
    frequency, monetary, first_ms, last_ms, as_of, max_ms, customers,
    floor((as_of - last_ms) / ${day}) AS recency,
    floor((as_of - first_ms) / ${day}) AS tenure,
    monetary / frequency AS aov
  FROM rfm_dated
)`;
}

/** The columns every RFM statement selects first, in this order (internal). */
export const RFM_COLUMNS = 'customer_id, frequency, monetary, first_ms, last_ms, as_of, max_ms, recency, tenure, aov';

/**
 * The statement behind {@link sqlRfmTable}: rfm's `rfmTable` definition in one dialect. Per customer
 * (rows with a customer only): frequency = `count(DISTINCT invoice)`; monetary = the correctly rounded
 * sum of quantity x unit price ({@link exactSum}); first and last purchase = min and max of the epoch
 * milliseconds; recency and tenure = `floor((asOf - last) / 86400000)` and the same from the first
 * purchase, in doubles as JavaScript computes them; average order value = monetary / frequency.
 * `asOf` is the bound value, or `max(last) + 86400000` in the engine. Customers come ordered as rfm
 * orders them: by number when every id is digits (1 to 15 of them), else by code point.
 *
 * @param dialect - the engine's dialect
 * @param relation - the (cleaned) rows
 * @param options - `asOf`
 * @returns the statement
 * @throws rfm's `RfmError` `INVALID_AS_OF` for an `asOf` that is not a time
 * @example
 * ```ts
 * rfmTableStatement(DUCKDB_DIALECT, tableRelation(DUCKDB_DIALECT, 'cleaned')).text.startsWith('WITH rfm_facts AS');
 * // => true
 * ```
 */
export function rfmTableStatement(dialect: Dialect, relation: RelationInput, options: SqlRfmTableOptions = {}): SqlStatement {
  const asOf = options.asOf === undefined ? undefined : timeOf(options.asOf, 'asOf');
  return toStatement(dialect, sql`WITH ${rfmCtes(dialect, relation, asOf)}
SELECT ${rawSql(RFM_COLUMNS)} FROM rfm ORDER BY pos`);
}

/**
 * rfm's `rfmTable` computed in the engine: recency, frequency and monetary value per customer with
 * the same definitions (see {@link rfmTableStatement}), returned as the same {@link RfmTable}, so
 * scores, segments, clusters and customer-value models run on it unchanged. Equal to `rfmTable` on
 * the same rows in every column and bit (the tests check Online Retail under each cleaning preset on
 * DuckDB and PostgreSQL). The engine groups the rows; one row per customer comes back.
 *
 * @param engine - DuckDB or PostgreSQL
 * @param relation - the (cleaned) rows
 * @param options - `asOf`
 * @returns the RFM table
 * @throws rfm's `RfmError` `NO_CUSTOMERS` when no row has a customer, `INVALID_AS_OF` for an `asOf`
 *   that is not a time or is before the last purchase; {@link SqlError} from the engine
 * @example
 * ```ts
 * const rfm = await sqlRfmTable(engine, cleaned);
 * rfm.row(rfm.indexOf('12346'));
 * // => { customerId: '12346', recency: 326, frequency: 1, monetary: 77183.6, ... } (Online Retail, notebook preset)
 * ```
 */
export async function sqlRfmTable(engine: SqlEngine, relation: RelationInput, options: SqlRfmTableOptions = {}): Promise<RfmTable> {
  const result = await engine.query(rfmTableStatement(engine.dialect, relation, options));
  return rfmFromRows(result.rows, options.asOf);
}

/** Reads the rows of an RFM statement (first columns {@link RFM_COLUMNS}) into an RfmTable (internal). */
export function rfmFromRows(rows: readonly (readonly unknown[])[], asOfOption: TimeInput | undefined): RfmTable {
  const n = rows.length;
  if (n === 0) throw new RfmError('NO_CUSTOMERS', 'table', 'no rows with a customer id', 'rows with customer ids', { detail: 'The relation has no row with a customer (or no row at all).' });
  const customerIds: string[] = new Array(n);
  const recency = new Int32Array(n);
  const frequency = new Int32Array(n);
  const monetary = new Float64Array(n);
  const firstPurchase = new Float64Array(n);
  const lastPurchase = new Float64Array(n);
  const tenure = new Int32Array(n);
  const averageOrderValue = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    customerIds[i] = String(r[0]);
    frequency[i] = Number(r[1]);
    monetary[i] = Number(r[2]);
    firstPurchase[i] = Number(r[3]);
    lastPurchase[i] = Number(r[4]);
    recency[i] = Number(r[7]);
    tenure[i] = Number(r[8]);
    averageOrderValue[i] = Number(r[9]);
  }
  const asOf = Number(rows[0]![5]);
  const maxTime = Number(rows[0]![6]);
  if (asOfOption !== undefined && asOf < maxTime) {
    throw new RfmError('INVALID_AS_OF', 'asOf', typeof asOfOption === 'number' ? formatWallClock(asOfOption) : asOfOption, `a time on or after the last purchase in the table (${formatWallClock(maxTime)})`);
  }
  return new RfmTable({ customerIds, recency, frequency, monetary, firstPurchase, lastPurchase, tenure, averageOrderValue }, asOf);
}

/** A {@link TimeInput} as wall-clock ms (internal; the check of rfm's `asOf`). */
export function timeOf(value: TimeInput, parameter: string): number {
  const t = typeof value === 'number' ? value : typeof value === 'string' ? parseIsoDate(value, 0, value.length) : NaN;
  if (!Number.isFinite(t)) throw new RfmError('INVALID_AS_OF', parameter, value, "wall-clock ms or a date written 'YYYY-MM-DD[ HH:mm[:ss]]'");
  return t;
}
