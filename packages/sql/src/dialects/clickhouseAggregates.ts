import { MS_PER_DAY } from '@shopper-spectrum/core';
import type { CountryRow, ProductRanking, ProductSummaryRow } from '@shopper-spectrum/core';
import { RfmTable } from '@shopper-spectrum/rfm';
import { SqlError } from '../errors.js';
import type { SqlEngine } from '../engine.js';
import { rawSql, sql, toStatement } from '../statement.js';
import { CLICKHOUSE_DIALECT } from './clickhouse.js';
import type { ClickHouseCleaned } from './clickhouseCleaning.js';

const D = CLICKHOUSE_DIALECT;
const col = (name: string) => rawSql(D.quote(name));
const num = (v: unknown) => (typeof v === 'number' ? v : Number(v));
const REVENUE = sql`${col('Quantity')} * ${col('UnitPrice')}`;

/** Options of {@link clickhouseRfmTable}. */
export interface ClickHouseRfmOptions {
  /**
   * The moment recency is measured from (wall-clock ms).
   * @defaultValue the last purchase of the cleaned rows plus one day, as rfmTable's
   */
  readonly asOf?: number;
}

/**
 * packages/rfm's RfmTable computed by a distributed GROUP BY CustomerID in ClickHouse: per customer
 * `max`/`min(InvoiceDate)` (last and first purchase), `uniqExact(InvoiceNo)` (frequency) and
 * `sum(Quantity * UnitPrice)` (monetary) over the cleaned rows; recency and tenure (whole days
 * to `asOf`, floor) and the average order value are derived in-process exactly as rfmTable does, and
 * the customers sorted as it sorts them (numerically when every id is a number). Each shard
 * aggregates its own customers (the sharding key is the customer). Score it with rfm's rfmScores:
 * the scores are the in-process ones because the table is. O(customers) transferred.
 *
 * @param engine - a ClickHouse engine
 * @param cleaned - the cleaned relation ({@link clickhouseCleaned})
 * @param options - `asOf`
 * @returns the RFM table
 * @throws {@link @shopper-spectrum/sql!SqlError} `INVALID_OPTION` when no cleaned row has a customer, or `asOf` is before the last purchase
 * @example
 * ```ts
 * const rfm = await clickhouseRfmTable(ch, clickhouseCleaned('transactions', { preset: 'notebook' }));
 * rfm.row(rfm.indexOf('12346'));
 * // => { customerId: '12346', recency: 326, frequency: 1, monetary: 77183.6, ... }
 * ```
 */
export async function clickhouseRfmTable(engine: SqlEngine, cleaned: ClickHouseCleaned, options: ClickHouseRfmOptions = {}): Promise<RfmTable> {
  const res = await engine.query(
    toStatement(
      D,
      sql`SELECT ${col('CustomerID')}, ${D.epochMs(sql`min(${col('InvoiceDate')})`)}, ${D.epochMs(sql`max(${col('InvoiceDate')})`)}, uniqExact(${col('InvoiceNo')}), ${D.sumDouble(REVENUE)} FROM ${cleaned.from} WHERE ${cleaned.where} AND isNotNull(${col('CustomerID')}) GROUP BY ${col('CustomerID')}`,
    ),
  );
  const rows = res.rows.map((r) => ({ id: String(r[0]), first: num(r[1]), last: num(r[2]), frequency: num(r[3]), monetary: num(r[4]) }));
  if (rows.length === 0) throw new SqlError('INVALID_OPTION', 'No cleaned row has a customer: there is no RFM table to compute.', { engine: 'clickhouse', parameter: 'cleaned', allowed: 'rows with a CustomerID' });
  const numeric = rows.every((r) => /^\d{1,15}$/.test(r.id));
  rows.sort(numeric ? (a, b) => Number(a.id) - Number(b.id) : (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let maxTime = -Infinity;
  for (const r of rows) if (r.last > maxTime) maxTime = r.last;
  const asOf = options.asOf ?? maxTime + MS_PER_DAY;
  if (!(Number.isFinite(asOf) && asOf >= maxTime)) throw new SqlError('INVALID_OPTION', `Invalid asOf: got ${asOf}; allowed: a time at or after the last purchase (${maxTime}).`, { engine: 'clickhouse', parameter: 'asOf', value: asOf, allowed: `>= ${maxTime}` });
  const n = rows.length;
  const frequency = Int32Array.from(rows, (r) => r.frequency);
  const monetary = Float64Array.from(rows, (r) => r.monetary);
  return new RfmTable(
    {
      customerIds: rows.map((r) => r.id),
      recency: Int32Array.from(rows, (r) => Math.floor((asOf - r.last) / MS_PER_DAY)),
      frequency,
      monetary,
      firstPurchase: Float64Array.from(rows, (r) => r.first),
      lastPurchase: Float64Array.from(rows, (r) => r.last),
      tenure: Int32Array.from(rows, (r) => Math.floor((asOf - r.first) / MS_PER_DAY)),
      averageOrderValue: Float64Array.from({ length: n }, (_, j) => monetary[j]! / frequency[j]!),
    },
    asOf,
  );
}

/** Options of {@link clickhouseTopProducts}. */
export interface ClickHouseTopProductsOptions {
  /**
   * The measure to rank by (descending; ties by StockCode ascending, byte order).
   * @defaultValue `'revenue'`
   */
  readonly by?: ProductRanking;
  /**
   * How many products; `Infinity` for all.
   * @defaultValue 10
   */
  readonly limit?: number;
}

/**
 * core's topProducts in ClickHouse: per StockCode revenue, quantity, `uniqExact` orders
 * and known customers, lines, and the description written most often on its cleaned rows (ties: the
 * one first seen in the source, i.e. the smallest `Row` of the raw table, as core's dictionary order
 * is), ranked and cut in the engine. Three distributed GROUP BYs joined on the answering server.
 *
 * @param engine - a ClickHouse engine
 * @param cleaned - the cleaned relation
 * @param options - `by`, `limit`
 * @returns the products, as core's ProductSummaryRow
 * @throws {@link @shopper-spectrum/sql!SqlError} `INVALID_OPTION` for an unknown `by` or a bad limit
 * @example
 * ```ts
 * (await clickhouseTopProducts(ch, cleaned, { limit: 1 }))[0].stockCode;
 * // => '23843'
 * ```
 */
export async function clickhouseTopProducts(engine: SqlEngine, cleaned: ClickHouseCleaned, options: ClickHouseTopProductsOptions = {}): Promise<ProductSummaryRow[]> {
  const by = options.by ?? 'revenue';
  if (!['revenue', 'quantity', 'orders', 'customers'].includes(by)) throw new SqlError('INVALID_OPTION', `Invalid by: got ${JSON.stringify(by)}; allowed: 'revenue', 'quantity', 'orders' or 'customers'.`, { parameter: 'by', value: by, allowed: "'revenue', 'quantity', 'orders' or 'customers'" });
  const limit = options.limit ?? 10;
  if (!(limit === Infinity || (Number.isInteger(limit) && limit > 0))) throw new SqlError('INVALID_OPTION', `Invalid limit: got ${limit}; allowed: a positive integer or Infinity.`, { parameter: 'limit', value: limit, allowed: 'a positive integer or Infinity' });
  const limitSql = limit === Infinity ? rawSql('') : sql` LIMIT ${limit}`;
  const res = await engine.query(
    toStatement(
      D,
      sql`SELECT ${col('StockCode')}, ${col('desc')}, revenue, quantity, orders, customers, lines FROM (SELECT ${col('StockCode')}, ${D.sumDouble(REVENUE)} AS revenue, sum(${col('Quantity')}) AS quantity, uniqExact(${col('InvoiceNo')}) AS orders, uniqExact(${col('CustomerID')}) AS customers, count() AS lines FROM ${cleaned.from} WHERE ${cleaned.where} GROUP BY ${col('StockCode')}) ANY LEFT JOIN (SELECT ${col('StockCode')}, argMax(${col('Description')}, (votes, -first)) AS ${col('desc')} FROM (SELECT ${col('StockCode')}, ${col('Description')}, count() AS votes FROM ${cleaned.from} WHERE ${cleaned.where} AND isNotNull(${col('Description')}) GROUP BY ${col('StockCode')}, ${col('Description')}) ANY LEFT JOIN (SELECT ${col('Description')}, min(${col('Row')}) AS first FROM ${cleaned.source} WHERE isNotNull(${col('Description')}) GROUP BY ${col('Description')}) USING ${col('Description')} GROUP BY ${col('StockCode')}) USING ${col('StockCode')} ORDER BY ${rawSql(by)} DESC, ${col('StockCode')} ASC${limitSql}`,
    ),
  );
  return res.rows.map((r) => ({ stockCode: String(r[0]), description: r[1] === null || r[1] === '' ? null : String(r[1]), revenue: num(r[2]), quantity: num(r[3]), orders: num(r[4]), customers: num(r[5]), lines: num(r[6]) }));
}

/**
 * core's revenueByCountry in ClickHouse: per country (NULL for rows without one)
 * revenue, its share of the total, `uniqExact` orders and known customers, items, lines; by revenue
 * descending, ties by name, the missing country last among equals. One distributed GROUP BY.
 *
 * @param engine - a ClickHouse engine
 * @param cleaned - the cleaned relation
 * @returns one row per country, as core's CountryRow
 * @example
 * ```ts
 * (await clickhouseRevenueByCountry(ch, cleaned))[0].country;
 * // => 'United Kingdom'
 * ```
 */
export async function clickhouseRevenueByCountry(engine: SqlEngine, cleaned: ClickHouseCleaned): Promise<CountryRow[]> {
  const res = await engine.query(
    toStatement(D, sql`SELECT ${col('Country')}, ${D.sumDouble(REVENUE)}, uniqExact(${col('InvoiceNo')}), uniqExact(${col('CustomerID')}), sum(${col('Quantity')}), count() FROM ${cleaned.from} WHERE ${cleaned.where} GROUP BY ${col('Country')}`),
  );
  let total = 0;
  for (const r of res.rows) total += num(r[1]);
  const out: CountryRow[] = res.rows.map((r) => ({ country: r[0] === null ? null : String(r[0]), revenue: num(r[1]), revenueShare: total === 0 ? 0 : num(r[1]) / total, orders: num(r[2]), customers: num(r[3]), items: num(r[4]), lines: num(r[5]) }));
  return out.sort((a, b) => b.revenue - a.revenue || (a.country === null ? 1 : b.country === null ? -1 : a.country < b.country ? -1 : a.country > b.country ? 1 : 0));
}

/** The weights {@link clickhouseInteractionCells} computes (recommend's, without time decay). */
export type ClickHouseCellWeight = 'binary' | 'quantity' | 'revenue';

/** The customer x product cells, in the order recommend's matrix takes them (CSR parts). */
export interface ClickHouseCells {
  /** Customer ids by row, in order of first appearance among the cleaned rows. */
  readonly customers: string[];
  /** StockCodes by column, in order of first appearance among the cleaned rows. */
  readonly items: string[];
  /** The most frequent description per column (ties: first seen in the source), or null. */
  readonly descriptions: (string | null)[];
  /** CSR row offsets. */
  readonly indptr: Int32Array;
  /** CSR column indices, ascending within a row. */
  readonly indices: Int32Array;
  /** CSR values (> 0: cells whose total is not positive are left out, as recommend clips them). */
  readonly data: Float64Array;
}

/**
 * The customer x product cells of recommend's buildInteractions (weights `'binary'`, `'quantity'`,
 * `'revenue'`, no decay), aggregated by a distributed GROUP BY (CustomerID, StockCode) and returned
 * as the CSR parts `matrixFromCsr` takes: rows are customers in order of their first cleaned row,
 * columns products likewise (the smallest `Row`), as buildInteractions orders them. O(cells)
 * transferred; the server streams them sorted by row.
 *
 * @param engine - a ClickHouse engine
 * @param cleaned - the cleaned relation
 * @param options - `weight`
 * @returns the CSR parts
 * @throws {@link @shopper-spectrum/sql!SqlError} `INVALID_OPTION` for another weight
 * @example
 * ```ts
 * const m = matrixFromCsr(await clickhouseInteractionCells(ch, cleaned));
 * m.nnz;
 * // => 266803 (Online Retail, notebook preset)
 * ```
 */
export async function clickhouseInteractionCells(engine: SqlEngine, cleaned: ClickHouseCleaned, options: { readonly weight?: ClickHouseCellWeight } = {}): Promise<ClickHouseCells> {
  const weight = options.weight ?? 'binary';
  if (!['binary', 'quantity', 'revenue'].includes(weight)) throw new SqlError('INVALID_OPTION', `Invalid weight: got ${JSON.stringify(weight)}; allowed: 'binary', 'quantity' or 'revenue'.`, { parameter: 'weight', value: weight, allowed: "'binary', 'quantity' or 'revenue'" });
  const value = weight === 'binary' ? rawSql('1') : weight === 'quantity' ? sql`sum(${col('Quantity')})` : D.sumDouble(REVENUE);
  const base = sql`FROM ${cleaned.from} WHERE ${cleaned.where} AND isNotNull(${col('CustomerID')})`;
  const customers = await engine.query(toStatement(D, sql`SELECT ${col('CustomerID')} FROM (SELECT ${col('CustomerID')}, min(${col('Row')}) AS first ${base} GROUP BY ${col('CustomerID')}) ORDER BY first`));
  const items = await engine.query(
    toStatement(
      D,
      sql`SELECT ${col('StockCode')}, ${col('desc')} FROM (SELECT ${col('StockCode')}, min(${col('Row')}) AS first ${base} GROUP BY ${col('StockCode')}) ANY LEFT JOIN (SELECT ${col('StockCode')}, argMax(${col('Description')}, (votes, -dfirst)) AS ${col('desc')} FROM (SELECT ${col('StockCode')}, ${col('Description')}, count() AS votes FROM ${cleaned.from} WHERE ${cleaned.where} AND isNotNull(${col('Description')}) GROUP BY ${col('StockCode')}, ${col('Description')}) ANY LEFT JOIN (SELECT ${col('Description')}, min(${col('Row')}) AS dfirst FROM ${cleaned.source} WHERE isNotNull(${col('Description')}) GROUP BY ${col('Description')}) USING ${col('Description')} GROUP BY ${col('StockCode')}) USING ${col('StockCode')} ORDER BY first`,
    ),
  );
  const custIds = customers.rows.map((r) => String(r[0]));
  const itemIds = items.rows.map((r) => String(r[0]));
  const custRow = new Map(custIds.map((c, i) => [c, i]));
  const itemCol = new Map(itemIds.map((s, j) => [s, j]));
  const cells = await engine.query(toStatement(D, sql`SELECT ${col('CustomerID')}, ${col('StockCode')}, ${value} AS v ${base} GROUP BY ${col('CustomerID')}, ${col('StockCode')} HAVING v > 0`));
  const n = cells.rows.length;
  const rowOf = new Int32Array(n);
  const colOf = new Int32Array(n);
  const val = new Float64Array(n);
  const order = new Int32Array(n);
  cells.rows.forEach((r, k) => {
    rowOf[k] = custRow.get(String(r[0]))!;
    colOf[k] = itemCol.get(String(r[1]))!;
    val[k] = num(r[2]);
    order[k] = k;
  });
  order.sort((a, b) => rowOf[a]! - rowOf[b]! || colOf[a]! - colOf[b]!);
  const indptr = new Int32Array(custIds.length + 1);
  const indices = new Int32Array(n);
  const data = new Float64Array(n);
  order.forEach((k, p) => {
    indptr[rowOf[k]! + 1]!++;
    indices[p] = colOf[k]!;
    data[p] = val[k]!;
  });
  for (let r = 0; r < custIds.length; r++) indptr[r + 1]! += indptr[r]!;
  return { customers: custIds, items: itemIds, descriptions: items.rows.map((r) => (r[1] === null || r[1] === '' ? null : String(r[1]))), indptr, indices, data };
}
