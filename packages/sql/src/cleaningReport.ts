import type { CancellationReport, CleaningReport, CleanOptions, EntityCounts, UnmatchedCancellation } from '@shopper-spectrum/core';
import { cleaningPlan } from './cleaningPlan.js';
import type { Dialect } from './dialect.js';
import type { SqlEngine } from './engine.js';
import { SqlError } from './errors.js';
import { resolveSource } from './source.js';
import type { ResolvedSource, Source } from './source.js';
import { joinSql, rawSql, sql, toStatement } from './statement.js';
import type { SqlFragment } from './statement.js';
import { TRANSACTION_COLUMNS } from './transactionsRelation.js';

/** The source's required fields, checked for NULLs in the report's scan (field, normalised column). */
function requiredChecks(source: ResolvedSource): { field: string; column: string; test: string }[] {
  const C = TRANSACTION_COLUMNS;
  const out: { field: string; column: string; test: string }[] = [];
  const add = (field: keyof ResolvedSource['fields'], column: string, emptyToo: boolean) => {
    if (source.fields[field] !== null) out.push({ field, column: source.fields[field]!, test: emptyToo ? `(${column} IS NULL OR ${column} = '')` : `${column} IS NULL` });
  };
  if (source.minimal) add('customerId', `"${C.customer}"`, false);
  else {
    add('invoiceNo', `"${C.invoice}"`, true);
    add('stockCode', `"${C.stockCode}"`, true);
    add('unitPrice', `"${C.unitPrice}"`, false);
    add('quantity', `"${C.quantity}"`, false);
  }
  add('invoiceDate', `"${C.invoiceMs}"`, false);
  if (source.minimal) add('amount', `"${C.unitPrice}"`, false);
  return out;
}

/**
 * Throws `NULL_VALUE` for the first required column with NULLs.
 *
 * @internal
 */
export function throwOnNulls(engineName: string, source: ResolvedSource, checks: { field: string; column: string }[], counts: readonly number[]): void {
  checks.forEach((c, k) => {
    const n = counts[k] ?? 0;
    if (n > 0) {
      throw new SqlError('NULL_VALUE', `NULL values in ${source.label}: column ${JSON.stringify(c.column)} (${c.field}) is NULL or empty on ${n} row${n === 1 ? '' : 's'}; allowed: a value on every row (filter them out in a query source).`, { engine: engineName, source: source.label, table: source.table, column: c.column, value: n, allowed: 'no NULL' });
    }
  });
}

/**
 * The NULL checks of a source as one SELECT list (`sum(CASE WHEN ... THEN 1 ELSE 0 END)` per required field).
 *
 * @internal
 */
export function nullCheckList(source: ResolvedSource): { list: SqlFragment[]; sums: SqlFragment[]; checks: { field: string; column: string }[] } {
  const checks = requiredChecks(source);
  const sums = checks.map((c) => rawSql(`sum(CASE WHEN ${c.test} THEN 1 ELSE 0 END)`));
  return { list: sums.map((s, k) => sql`${s} AS ${rawSql(`null_${k}`)}`), sums, checks };
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/**
 * The cleaning report of core's `cleanTransactions`, computed in the engine: rows in, kept and per
 * rule (in rule order), revenue in, kept and per rule, entities before and after, and the
 * cancellation account of the `net-cancellations` rule with its first 100 unmatched lines, chosen and
 * ordered as core chooses them (customer-product pairs in dictionary order, that is by the row of
 * first appearance, then the anonymous lines). Counts are exact; revenues are sums of doubles in
 * the engine's order (DuckDB's compensated `fsum`; PostgreSQL's plain `sum`), equal to core's
 * compensated sums within a relative 1e-9. One statement (with the netting, the totals joined with
 * the unmatched lines); the engine scans the source once, groups each entity once, and sorts the
 * rows of customer-product pairs that have a cancellation for the netting.
 *
 * @param engine - the engine
 * @param source - a source, or one already resolved
 * @param options - core's cleaning options
 * @returns the report, deep-equal to core's (revenues to the stated tolerance)
 * @throws {@link SqlError} `NULL_VALUE` naming the column when a required field is NULL; the source's errors ({@link resolveSource})
 * @example
 * ```ts
 * const report = await cleaningReport(engine, tableSource({ table: 'online_retail' }), { preset: 'notebook' });
 * report.rowsKept;
 * // => 397884
 * ```
 */
export async function cleaningReport(engine: SqlEngine, source: Source | ResolvedSource, options: CleanOptions = {}): Promise<CleaningReport> {
  const resolved = 'relation' in source ? source : await resolveSource(engine, source);
  const d = engine.dialect;
  const plan = cleaningPlan(d, resolved, options);
  const C = TRANSACTION_COLUMNS;
  const q = (n: string) => rawSql(d.quote(n));
  const rev = sql`${q(C.quantity)} * ${q(C.unitPrice)}`;
  const marks = plan.rules.length;
  const list: SqlFragment[] = [rawSql('count(*) AS rows_in'), sql`${d.sumDouble(rev)} AS revenue_in`];
  for (let k = 0; k <= marks; k++) {
    list.push(rawSql(`sum(CASE WHEN final_verdict = ${k} THEN 1 ELSE 0 END) AS rows_${k}`));
    list.push(sql`${d.sumDouble(sql`CASE WHEN final_verdict = ${rawSql(String(k))} THEN ${rev} ELSE 0 END`)} AS revenue_${rawSql(String(k))}`);
  }
  // purchases cancelled in part: the units taken off are the netting's revenue, the rest is kept
  list.push(sql`${d.sumDouble(sql`CASE WHEN final_verdict = 0 THEN kept_quantity * ${q(C.unitPrice)} ELSE 0 END`)} AS revenue_kept`);
  list.push(sql`${d.sumDouble(sql`CASE WHEN final_verdict = 0 THEN (${q(C.quantity)} - kept_quantity) * ${q(C.unitPrice)} ELSE 0 END`)} AS revenue_reduced`);
  // entities before and after: one hash aggregate per entity (each value once, whether a kept row
  // has it), not two count(DISTINCT ...) each (PostgreSQL sorts the rows for every one of them)
  const entities: SqlFragment[] = [];
  for (const [name, c] of [['customers', C.customer], ['products', C.stockCode], ['invoices', C.invoice], ['countries', C.country]] as const) {
    entities.push(
      rawSql(
        `(SELECT count(*) AS before_${name}, COALESCE(sum(kept), 0) AS after_${name} FROM (SELECT ${d.quote(c)}, max(CASE WHEN final_verdict = 0 THEN 1 ELSE 0 END) AS kept FROM ss_final WHERE ${d.quote(c)} IS NOT NULL GROUP BY ${d.quote(c)}) AS g) AS entity_${name}`,
      ),
    );
  }
  if (plan.netMark > 0) {
    list.push(rawSql('sum(CASE WHEN verdict = 0 AND is_cancel = 1 THEN 1 ELSE 0 END) AS net_lines'));
    list.push(rawSql(`sum(CASE WHEN verdict = 0 AND is_cancel = 1 THEN GREATEST(-${d.quote(C.quantity)}, 0) ELSE 0 END) AS net_cancelled`));
    list.push(sql`${d.sumDouble(sql`CASE WHEN verdict = 0 AND is_cancel = 1 THEN ${rev} ELSE 0 END`)} AS net_revenue_cancellations`);
  }
  const nulls = nullCheckList(resolved);
  list.push(...nulls.list);
  let body = sql`SELECT * FROM (SELECT ${joinSql(list, ', ')} FROM ss_final) AS counts CROSS JOIN ${joinSql(entities, ' CROSS JOIN ')}`;
  if (plan.netMark > 0) {
    const netList = [
      'sum(CASE WHEN is_cancel = 1 AND GREATEST(-step_quantity, 0) - matched = 0 THEN 1 ELSE 0 END) AS net_matched',
      'sum(CASE WHEN is_cancel = 1 AND GREATEST(-step_quantity, 0) - matched > 0 AND matched > 0 THEN 1 ELSE 0 END) AS net_partly',
      'sum(CASE WHEN is_cancel = 1 THEN matched ELSE 0 END) AS net_netted',
      'sum(CASE WHEN is_cancel = 0 AND left_q < step_quantity AND left_q <= 0 THEN 1 ELSE 0 END) AS net_removed',
      'sum(CASE WHEN is_cancel = 0 AND left_q < step_quantity AND left_q > 0 THEN 1 ELSE 0 END) AS net_reduced',
    ].map(rawSql);
    netList.push(sql`${d.sumDouble(rawSql('CASE WHEN is_cancel = 0 AND left_q < step_quantity THEN (step_quantity - left_q) * step_price ELSE 0 END'))} AS net_revenue_netted`);
    // one statement: the totals row joined with core's first 100 unmatched lines (at most 100 rows,
    // the totals repeated; one row with NULL lines when there is none), so the netting runs once
    body = sql`${rawSql(unmatchedCtes(d))},
ss_totals AS (SELECT * FROM (${body}) AS totals CROSS JOIN (SELECT ${joinSql(netList, ', ')} FROM ss_net) AS netting)
SELECT * FROM ss_totals LEFT JOIN ss_unmatched_top ON 1 = 1`;
  }
  const result = await engine.query(toStatement(d, plan.netMark > 0 ? sql`${plan.with},\n${body}` : sql`${plan.with}\n${body}`));
  const row = result.rows[0]!;
  const at = new Map(result.columns.map((c, k) => [c.name.toLowerCase(), k]));
  const v = (name: string) => num(row[at.get(name)!]);
  throwOnNulls(engine.name, resolved, nulls.checks, nulls.checks.map((_, k) => v(`null_${k}`)));

  const entity = (prefix: string): EntityCounts => ({ customers: v(`${prefix}_customers`), products: v(`${prefix}_products`), invoices: v(`${prefix}_invoices`), countries: v(`${prefix}_countries`) });
  const rowsIn = v('rows_in');
  const kept = v('rows_0');
  const reducedOff = v('revenue_reduced');
  let cancellations: CancellationReport | null = null;
  if (plan.netMark > 0) {
    const lines = v('net_lines');
    const matchedLines = v('net_matched');
    const partly = v('net_partly');
    const quantityCancelled = v('net_cancelled');
    const quantityNetted = v('net_netted');
    cancellations = {
      lines,
      matchedLines,
      partlyMatchedLines: partly,
      unmatchedLines: lines - matchedLines - partly,
      quantityCancelled,
      quantityNetted,
      quantityUnmatched: quantityCancelled - quantityNetted,
      purchasesRemoved: v('net_removed'),
      purchasesReduced: v('net_reduced'),
      revenueNetted: v('net_revenue_netted'),
      revenueOfCancellations: v('net_revenue_cancellations'),
      unmatched: unmatchedLines(result.rows, (name) => at.get(name)!),
    };
  }
  return {
    rowsIn,
    rowsKept: kept,
    rowsDropped: rowsIn - kept,
    dropped: plan.rules.map((rule, k) => ({ rule, rows: v(`rows_${k + 1}`), revenue: v(`revenue_${k + 1}`) + (k + 1 === plan.netMark ? reducedOff : 0) })),
    revenueIn: v('revenue_in'),
    revenueKept: v('revenue_kept'),
    before: entity('before'),
    after: entity('after'),
    cancellations,
  };
}

/** The CTEs of core's first 100 unmatched cancellation lines (`ss_unmatched_top`): pairs in dictionary order (first appearance), then anonymous lines. */
function unmatchedCtes(d: Dialect): string {
  const C = TRANSACTION_COLUMNS;
  const q = (n: string) => d.quote(n);
  return `ss_first_customer AS (SELECT ${q(C.customer)} AS fc_customer, min(${q(C.row)}) AS fc_first FROM ss_rows GROUP BY ${q(C.customer)}),
ss_first_stock AS (SELECT ${q(C.stockCode)} AS fs_stock, min(${q(C.row)}) AS fs_first FROM ss_rows GROUP BY ${q(C.stockCode)}),
ss_unmatched AS (
  SELECT n.step_row AS u_row, 0 AS u_group, fc.fc_first AS u_k1, fs.fs_first AS u_k2, n.step_ms AS u_ms, n.step_invoice AS u_invoice, n.step_stock AS u_stock, n.step_customer AS u_customer, GREATEST(-n.step_quantity, 0) - n.matched AS u_rest
  FROM ss_net AS n JOIN ss_first_customer AS fc ON fc.fc_customer = n.step_customer JOIN ss_first_stock AS fs ON fs.fs_stock = n.step_stock
  WHERE n.is_cancel = 1 AND GREATEST(-n.step_quantity, 0) - n.matched > 0
  UNION ALL
  SELECT ${q(C.row)}, 1, 0, 0, 0, ${q(C.invoice)}, ${q(C.stockCode)}, ${q(C.customer)}, GREATEST(-${q(C.quantity)}, 0)
  FROM ss_judged WHERE verdict = 0 AND is_cancel = 1 AND ${q(C.customer)} IS NULL),
ss_unmatched_top AS (SELECT u_row, u_invoice, u_stock, u_customer, u_rest FROM ss_unmatched ORDER BY u_group, u_k1, u_k2, u_ms, u_row LIMIT 100)`;
}

/** The unmatched lines of the report's rows (those with a line), sorted by row. */
function unmatchedLines(rows: readonly (readonly unknown[])[], at: (name: string) => number): UnmatchedCancellation[] {
  const [row, invoice, stock, customer, rest] = ['u_row', 'u_invoice', 'u_stock', 'u_customer', 'u_rest'].map(at) as [number, number, number, number, number];
  return rows
    .filter((r) => r[row] !== null && r[row] !== undefined)
    .map((r) => ({ row: num(r[row]), invoice: String(r[invoice]), stockCode: String(r[stock]), customerId: r[customer] === null ? null : String(r[customer]), quantity: num(r[rest]) }))
    .sort((a, b) => a.row - b.row);
}
