import { TransactionTable } from '@shopper-spectrum/core';
import type { CleanOptions, TransactionSchema } from '@shopper-spectrum/core';
import { cleaningPlan } from './cleaningPlan.js';
import { nullCheckList, throwOnNulls } from './cleaningReport.js';
import { readNumberColumns } from './engine.js';
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
   * Rows per batch read from an engine without a columnar reader (`SqlEngine.readNumberColumns`).
   * @defaultValue 65536
   */
  readonly batchRows?: number;
}

/**
 * Reads a source's rows (or, with `clean`, the rows the cleaning keeps, cleaned in the engine) into
 * a core `TransactionTable`, in the source's row order, so everything downstream runs unchanged.
 * The dictionaries are the source's, in order of first appearance over all its rows, as core's
 * loaders build them; a cleaned table shares them as `cleanTransactions`' result does, so the table
 * equals the in-process `cleanTransactions(load(source)).table` column for column. Purchases
 * cancelled in part carry the quantity left. The engine numbers each text column's values (its
 * dictionary) and sends integer codes and numbers only, read column by column where the engine can
 * (`SqlEngine.readNumberColumns`); each distinct text travels once. Two statements: the dictionaries with
 * the NULL checks, then the rows. O(rows) memory on the Node side (the table itself).
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

  // dictionaries in the engine: each text column's distinct values numbered by first appearance
  // over every row of the source (core's loaders' order); only the values and the codes travel
  const dictCols = [C.invoice, C.stockCode, C.description, C.customer, C.country];
  const dictCtes = dictCols.map((c, k) =>
    sql`ss_dict_${rawSql(String(k))} AS (SELECT dict_value, ${d.cast(rawSql('row_number() OVER (ORDER BY first_row) - 1'), 'double')} AS dict_code FROM (SELECT ${rawSql(q(c))} AS dict_value, min(${rawSql(q(C.row))}) AS first_row FROM ss_rows WHERE ${rawSql(q(c))} IS NOT NULL GROUP BY ${rawSql(q(c))}) AS g)`,
  );
  const nulls = nullCheckList(resolved);
  // one statement: the NULL counts (dict -1 - k) and the dictionaries, on the source's rows alone
  const nullBranches = nulls.sums.map((count, k) => sql`SELECT ${rawSql(String(-1 - k))} AS dict, ${d.cast(rawSql('NULL'), 'text')} AS dict_value, ${d.cast(sql`(SELECT ${count} FROM ss_rows)`, 'double')} AS dict_code`);
  const branches = dictCols.map((_, k) => rawSql(`SELECT ${k} AS dict, dict_value, dict_code FROM ss_dict_${k}`));
  const dictResult = await engine.query(toStatement(d, sql`${plan.rowsWith},\n${joinSql(dictCtes, ',\n')}\nSELECT dict, dict_value, dict_code FROM (${joinSql([...nullBranches, ...branches], ' UNION ALL ')}) AS dicts ORDER BY dict, dict_code`));
  const dicts: string[][] = dictCols.map(() => []);
  const nullCounts = nulls.checks.map(() => 0);
  for (const r of dictResult.rows) {
    const k = Number(r[0]);
    if (k < 0) nullCounts[-1 - k] = Number(r[2] ?? 0);
    else dicts[k]!.push(String(r[1]));
  }
  throwOnNulls(engine.name, resolved, nulls.checks, nullCounts);
  const withDicts = sql`${plan.with},\n${joinSql(dictCtes, ',\n')}`;

  const code = (k: number) => rawSql(`COALESCE(d${k}.dict_code, -1)`);
  const joins = dictCols.map((c, k) => rawSql(`LEFT JOIN ss_dict_${k} AS d${k} ON d${k}.dict_value = f.${q(c)}`));
  const num = (c: string) => d.cast(rawSql(c), 'double');
  const list = [code(0), code(1), code(2), num('f.kept_quantity'), num(`f.${q(C.invoiceMs)}`), num(`f.${q(C.unitPrice)}`), code(3), code(4)];
  const statement = toStatement(d, sql`${withDicts}\nSELECT ${joinSql(list, ', ')} FROM ss_final AS f ${joinSql(joins, ' ')} WHERE f.final_verdict = 0 ORDER BY f.${rawSql(q(C.row))}`);
  const [inv, stock, desc, qty, date, price, cust, country] = await readNumberColumns(engine, statement, options.batchRows === undefined ? {} : { batchRows: options.batchRows });
  const ints = (c: Float64Array | undefined) => Int32Array.from(c ?? []);
  const schema: TransactionSchema = resolved.minimal ? { invoices: 'derived', products: false, prices: 'derived' } : { invoices: 'source', products: true, prices: 'source' };
  return new TransactionTable(
    { invoice: ints(inv), stockCode: ints(stock), description: ints(desc), quantity: qty ?? new Float64Array(0), invoiceDate: date ?? new Float64Array(0), unitPrice: price ?? new Float64Array(0), customer: ints(cust), country: ints(country) },
    { invoice: dicts[0]!, stockCode: dicts[1]!, description: dicts[2]!, customer: dicts[3]!, country: dicts[4]! },
    schema,
  );
}
