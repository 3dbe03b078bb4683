import { TransactionTable } from '@shopper-spectrum/core';
import type { CleanOptions, TransactionSchema } from '@shopper-spectrum/core';
import { cleaningPlan } from './cleaningPlan.js';
import { nullCheckList, throwOnNulls } from './cleaningReport.js';
import { streamRows } from './engine.js';
import type { SqlEngine } from './engine.js';
import { resolveSource } from './source.js';
import type { ResolvedSource, Source } from './source.js';
import { joinSql, rawSql, sql, toStatement } from './statement.js';
import { TRANSACTION_COLUMNS } from './transactionsRelation.js';

/** Options of {@link readTransactions}. */
export interface ReadTransactionsOptions {
  /**
   * Cleans in the engine first (core's cleaning options), so only the kept rows travel; `false`
   * reads every row.
   * @defaultValue `false`
   */
  readonly clean?: CleanOptions | false;
  /**
   * Rows per batch read from the engine.
   * @defaultValue 65536
   */
  readonly batchRows?: number;
}

/** A growable typed column. */
class Grow<T extends Int32Array | Float64Array> {
  data: T;
  length = 0;
  constructor(private readonly make: (n: number) => T) {
    this.data = make(1024);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = this.make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  finish(): T {
    return this.data.slice(0, this.length) as T;
  }
}

/**
 * Reads a source's rows (or, with `clean`, the rows the cleaning keeps, cleaned in the engine) into
 * a core `TransactionTable`, in the source's row order, so everything downstream runs unchanged.
 * The dictionaries are the source's, in order of first appearance over all its rows, as core's
 * loaders build them; a cleaned table shares them as `cleanTransactions`' result does, so the table
 * equals the in-process `cleanTransactions(load(source)).table` column for column. Purchases
 * cancelled in part carry the quantity left. O(rows) memory on the Node side (the table itself).
 *
 * @param engine - the engine
 * @param source - a source, or one already resolved
 * @param options - cleaning in the engine, batch size
 * @returns the table
 * @throws {@link SqlError} `NULL_VALUE` naming the column when a required field is NULL; the source's errors
 * @example
 * ```ts
 * const table = await readTransactions(engine, fileSource({ files: 'orders.parquet' }), { clean: { preset: 'notebook' } });
 * table.length;
 * // => 397884 (Online Retail)
 * ```
 */
export async function readTransactions(engine: SqlEngine, source: Source | ResolvedSource, options: ReadTransactionsOptions = {}): Promise<TransactionTable> {
  const resolved = 'relation' in source ? source : await resolveSource(engine, source);
  const d = engine.dialect;
  const C = TRANSACTION_COLUMNS;
  const q = (n: string) => d.quote(n);
  const plan = cleaningPlan(d, resolved, options.clean === false || options.clean === undefined ? { preset: 'none' } : options.clean);

  // dictionaries: distinct values by first appearance over every row of the source
  const dictCols = [C.invoice, C.stockCode, C.description, C.customer, C.country];
  const nulls = nullCheckList(resolved);
  const branches = dictCols.map((c, k) => rawSql(`SELECT ${k} AS dict, ${q(c)} AS value, min(${q(C.row)}) AS first_row FROM ss_rows WHERE ${q(c)} IS NOT NULL GROUP BY ${q(c)}`));
  const dictResult = await engine.query(toStatement(d, sql`${plan.with}\nSELECT dict, value, first_row FROM (${joinSql(branches, ' UNION ALL ')}) AS dicts ORDER BY dict, first_row`));
  const checks = await engine.query(toStatement(d, sql`${plan.with}\nSELECT ${nulls.list.length > 0 ? joinSql(nulls.list, ', ') : rawSql('0 AS none')} FROM ss_rows`));
  throwOnNulls(engine.name, resolved, nulls.checks, checks.rows[0]!.map((v) => Number(v ?? 0)));
  const dicts: string[][] = dictCols.map(() => []);
  for (const r of dictResult.rows) dicts[Number(r[0])]!.push(String(r[1]));
  const codes = dicts.map((values) => new Map(values.map((v, i) => [v, i])));

  const cols = [C.invoice, C.stockCode, C.description].map(q).join(', ');
  const statement = toStatement(d, sql`${plan.with}\nSELECT ${rawSql(`${cols}, kept_quantity, ${q(C.invoiceMs)}, ${q(C.unitPrice)}, ${q(C.customer)}, ${q(C.country)}`)} FROM ss_final WHERE final_verdict = 0 ORDER BY ${rawSql(q(C.row))}`);
  const ints = () => new Grow((n) => new Int32Array(n));
  const floats = () => new Grow((n) => new Float64Array(n));
  const [inv, stock, desc, cust, country] = [ints(), ints(), ints(), ints(), ints()];
  const [qty, date, price] = [floats(), floats(), floats()];
  const code = (k: number, v: unknown) => (v === null ? -1 : codes[k]!.get(String(v))!);
  for await (const batch of streamRows(engine, statement, options.batchRows === undefined ? {} : { batchRows: options.batchRows })) {
    for (const r of batch.rows) {
      inv.push(code(0, r[0]));
      stock.push(code(1, r[1]));
      desc.push(code(2, r[2]));
      qty.push(Number(r[3]));
      date.push(Number(r[4]));
      price.push(Number(r[5]));
      cust.push(code(3, r[6]));
      country.push(code(4, r[7]));
    }
  }
  const schema: TransactionSchema = resolved.minimal ? { invoices: 'derived', products: false, prices: 'derived' } : { invoices: 'source', products: true, prices: 'source' };
  return new TransactionTable(
    { invoice: inv.finish(), stockCode: stock.finish(), description: desc.finish(), quantity: qty.finish(), invoiceDate: date.finish(), unitPrice: price.finish(), customer: cust.finish(), country: country.finish() },
    { invoice: dicts[0]!, stockCode: dicts[1]!, description: dicts[2]!, customer: dicts[3]!, country: dicts[4]! },
    schema,
  );
}
