import type { CleanOptions } from '@shopper-spectrum/core';
import { cleaningPlan } from './cleaningPlan.js';
import type { Dialect } from './dialect.js';
import type { ResolvedSource } from './source.js';
import { rawSql, sql } from './statement.js';
import type { SqlFragment } from './statement.js';
import { TRANSACTION_COLUMNS } from './transactionsRelation.js';

/** The output columns, with the kept quantity (a purchase cancelled in part keeps what is left). */
function outputColumns(dialect: Dialect): SqlFragment {
  const C = TRANSACTION_COLUMNS;
  return rawSql(
    [C.invoice, C.stockCode, C.description, C.quantity, C.invoiceMs, C.unitPrice, C.customer, C.country, C.row]
      .map((c) => (c === C.quantity ? `kept_quantity AS ${dialect.quote(c)}` : dialect.quote(c)))
      .join(', '),
  );
}

/**
 * The rows core's `cleanTransactions` keeps, as SQL: a `SELECT` with the columns of
 * {@link TRANSACTION_COLUMNS} (the netted quantity on purchases cancelled in part), to use as a
 * subquery or a CTE: the relation every pushed-down aggregate reads. Same presets, rule switches and
 * non-product codes as core (strings bound as parameters, RegExps as bound regular expressions;
 * only the `i` flag is carried over). The rows are those of the in-process cleaning exactly; their
 * order is the engine's (`ORDER BY row_no` gives the source's). O(1) to build; the engine runs one
 * scan and, with `net-cancellations`, a sort of the rows of customer-product pairs that have a
 * cancellation.
 *
 * @param dialect - the dialect
 * @param source - the resolved source ({@link resolveSource})
 * @param options - core's cleaning options
 * @returns the relation
 * @throws {@link SqlError} `INVALID_OPTION` for an unknown preset or rule, or a pattern flag other than `i`
 * @example
 * ```ts
 * const cleaned = cleanedRelation(engine.dialect, await resolveSource(engine, tableSource({ table: 'orders' })), { preset: 'notebook' });
 * (await engine.query(toStatement(engine.dialect, sql`SELECT count(*) AS n FROM (${cleaned}) AS c`))).rows;
 * // => [ [ 397884 ] ] (the Online Retail file)
 * ```
 */
export function cleanedRelation(dialect: Dialect, source: ResolvedSource, options: CleanOptions = {}): SqlFragment {
  const plan = cleaningPlan(dialect, source, options);
  return sql`${plan.with}\nSELECT ${outputColumns(dialect)} FROM ss_final WHERE final_verdict = 0`;
}

/**
 * The rows the `non-product` rule set aside (postage, fees, adjustments: core's `CleanResult.nonProduct`),
 * as SQL with the columns of {@link TRANSACTION_COLUMNS}; a relation with no rows when the rule is off.
 *
 * @param dialect - the dialect
 * @param source - the resolved source
 * @param options - core's cleaning options
 * @returns the relation
 * @example
 * ```ts
 * const aside = nonProductRelation(engine.dialect, resolved, { preset: 'trusted' });
 * ```
 */
export function nonProductRelation(dialect: Dialect, source: ResolvedSource, options: CleanOptions = {}): SqlFragment {
  const plan = cleaningPlan(dialect, source, options);
  return sql`${plan.with}\nSELECT ${outputColumns(dialect)} FROM ss_final WHERE final_verdict = ${rawSql(String(plan.nonProductMark))}`;
}
