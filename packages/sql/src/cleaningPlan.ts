import { CLEAN_DEFAULTS, CLEANING_PRESETS, CLEANING_RULES } from '@shopper-spectrum/core';
import type { CleaningRuleName, CleanOptions } from '@shopper-spectrum/core';
import type { Dialect } from './dialect.js';
import { invalidSqlOption } from './errors.js';
import type { ResolvedSource } from './source.js';
import { joinSql, rawSql, sql } from './statement.js';
import type { SqlFragment } from './statement.js';
import { TRANSACTION_COLUMNS, transactionsRelation } from './transactionsRelation.js';

/**
 * The CTEs of a cleaning, shared by the cleaned relation, the report and the rows set aside.
 *
 * - `ss_rows`: the source's rows ({@link transactionsRelation}) with `is_cancel` (0/1);
 * - `ss_judged`: every row with `verdict` (0 kept, k + 1 dropped by `rules[k]`) before the netting;
 * - with `net-cancellations`: `ss_net` (per row of a customer-product pair with a cancellation: the
 *   units a cancellation matched, `matched`, or the units a purchase keeps, `left_q`) and the final
 *   `ss_final` (verdict after netting, `quantity` reduced where a purchase was cancelled in part);
 *   without it `ss_final` is `ss_judged`.
 *
 * @internal
 */
export interface CleaningPlan {
  /** The enabled rules, in the order of application. */
  readonly rules: readonly CleaningRuleName[];
  /** `WITH ...` (the CTE list, without a final SELECT). */
  readonly with: SqlFragment;
  /** `WITH ss_rows AS (...)` alone: for statements on the source's rows that need no verdict. */
  readonly rowsWith: SqlFragment;
  /** The verdict mark of the netting rule, or -1. */
  readonly netMark: number;
  /** The verdict mark of the non-product rule, or -1. */
  readonly nonProductMark: number;
}

/** The enabled rules of a preset plus switches, in the declared order (core's resolution, SqlError codes). */
export function enabledRules(options: CleanOptions): CleaningRuleName[] {
  const preset = options.preset ?? CLEAN_DEFAULTS.preset;
  if (typeof preset !== 'string' || !Object.prototype.hasOwnProperty.call(CLEANING_PRESETS, preset)) invalidSqlOption('preset', preset, Object.keys(CLEANING_PRESETS).map((k) => `'${k}'`).join(', '));
  const enabled = new Set<CleaningRuleName>(CLEANING_PRESETS[preset]);
  for (const [rule, on] of Object.entries(options.rules ?? CLEAN_DEFAULTS.rules)) {
    if (!(CLEANING_RULES as readonly string[]).includes(rule)) invalidSqlOption(`rules.${rule}`, on, `rule names ${CLEANING_RULES.join(', ')}`);
    if (typeof on !== 'boolean') invalidSqlOption(`rules.${rule}`, on, 'true or false');
    if (on) enabled.add(rule as CleaningRuleName);
    else enabled.delete(rule as CleaningRuleName);
  }
  return CLEANING_RULES.filter((r) => enabled.has(r));
}

/** The non-product test: exact codes bound as parameters, patterns as bound regular expressions. */
function nonProductTest(dialect: Dialect, stock: SqlFragment, codes: readonly (string | RegExp)[]): SqlFragment {
  if (!Array.isArray(codes)) invalidSqlOption('nonProductCodes', codes, 'an array of strings and RegExps');
  const exact = [...new Set(codes.filter((c): c is string => typeof c === 'string'))];
  const patterns = codes.filter((c): c is RegExp => c instanceof RegExp);
  if (exact.length + patterns.length !== codes.length) invalidSqlOption('nonProductCodes', codes, 'an array of strings and RegExps');
  const tests: SqlFragment[] = [];
  if (exact.length > 0) tests.push(sql`${stock} IN (${joinSql(exact.map((c) => sql`${c}`), ', ')})`);
  for (const p of patterns) {
    const flags = p.flags.replace(/[gu]/g, '');
    if (flags !== '' && flags !== 'i') invalidSqlOption('nonProductCodes', p, "patterns with no flag or the 'i' flag (an engine's regular expressions have no equivalent of the others)");
    tests.push(dialect.regexMatches(stock, sql`${p.source}`, flags === 'i'));
  }
  return tests.length === 0 ? rawSql('1 = 0') : sql`(${joinSql(tests, ' OR ')})`;
}

/**
 * Builds the CTEs of a cleaning (see {@link CleaningPlan}): core's rules, in its order, each row
 * charged to the first rule that drops it; duplicates by `row_number()` over all eight fields among
 * the rows the earlier rules kept (the first copy in row order kept); the cancellation netting of
 * core's `netCancellations` with window functions (see the body). O(1) to build.
 *
 * @internal
 */
export function cleaningPlan(dialect: Dialect, source: ResolvedSource, options: CleanOptions = {}): CleaningPlan {
  const rules = enabledRules(options);
  const C = TRANSACTION_COLUMNS;
  const q = (n: string) => rawSql(dialect.quote(n));
  const inv = q(C.invoice);
  const stock = q(C.stockCode);
  const qty = q(C.quantity);
  const price = q(C.unitPrice);
  const cust = q(C.customer);
  const ms = q(C.invoiceMs);
  const row = q(C.row);
  const hasNet = rules.includes('net-cancellations');

  const cases: SqlFragment[] = [];
  let dupMark = -1;
  rules.forEach((rule, k) => {
    const mark = rawSql(String(k + 1));
    switch (rule) {
      case 'missing-customer':
        cases.push(sql`WHEN ${cust} IS NULL THEN ${mark}`);
        break;
      case 'cancelled':
        cases.push(sql`WHEN is_cancel = 1 THEN ${mark}`);
        break;
      case 'non-positive-quantity':
        cases.push(hasNet ? sql`WHEN NOT (${qty} > 0) AND is_cancel = 0 THEN ${mark}` : sql`WHEN NOT (${qty} > 0) THEN ${mark}`);
        break;
      case 'non-positive-price':
        cases.push(sql`WHEN NOT (${price} > 0) THEN ${mark}`);
        break;
      case 'non-product':
        cases.push(sql`WHEN ${nonProductTest(dialect, stock, options.nonProductCodes ?? CLEAN_DEFAULTS.nonProductCodes)} THEN ${mark}`);
        break;
      case 'duplicate':
        // a log without invoices has one row per purchase: equal rows are two purchases, not a copy
        if (!source.minimal) dupMark = k + 1;
        break;
      case 'net-cancellations':
        break;
    }
  });
  const verdict0 = cases.length === 0 ? rawSql('0') : sql`CASE ${joinSql(cases, ' ')} ELSE 0 END`;
  const ctes: SqlFragment[] = [
    sql`ss_rows AS (SELECT t.*, CASE WHEN ${dialect.startsWith(inv, rawSql("'C'"))} THEN 1 ELSE 0 END AS is_cancel FROM (${transactionsRelation(dialect, source)}) AS t)`,
    sql`ss_rule AS (SELECT ss_rows.*, ${verdict0} AS verdict0 FROM ss_rows)`,
  ];
  if (dupMark > 0) {
    const all = rawSql([C.invoice, C.stockCode, C.description, C.quantity, C.invoiceMs, C.unitPrice, C.customer, C.country].map((c) => dialect.quote(c)).join(', '));
    // the first copy of each group of equal kept rows (a hash aggregate, not a sort of every row)
    ctes.push(
      sql`ss_first_copy AS (SELECT min(${row}) AS copy_row FROM ss_rule WHERE verdict0 = 0 GROUP BY ${all})`,
      sql`ss_judged AS (SELECT ss_rule.*, CASE WHEN verdict0 = 0 AND fc.copy_row IS NULL THEN ${rawSql(String(dupMark))} ELSE verdict0 END AS verdict FROM ss_rule LEFT JOIN ss_first_copy AS fc ON fc.copy_row = ss_rule.${row})`,
    );
  } else ctes.push(sql`ss_judged AS (SELECT ss_rule.*, verdict0 AS verdict FROM ss_rule)`);

  const netMark = hasNet ? rules.indexOf('net-cancellations') + 1 : -1;
  if (hasNet) {
    // Core's netting is a LIFO stack per customer-product pair (rows by time, purchases before
    // cancellations at one time, then row order): a purchase pushes its units, a cancellation pops
    // up to its units from the latest purchases. The stack's height after each row is the running
    // sum S of +units / -units clamped at zero, L = S - min(0, min S so far) (a reflected walk); a
    // cancellation matched L_before - L units; the units of a purchase sit at heights
    // (L - q, L], and those still there at the end are the ones the height never fell below:
    // left = max(0, min(L from this row on) - (L - q)).
    const w = sql`PARTITION BY ${cust}, ${stock} ORDER BY ${ms}, is_cancel, step_row`;
    ctes.push(
      sql`ss_kept AS (SELECT * FROM ss_judged WHERE verdict = 0)`,
      sql`ss_pairs AS (SELECT DISTINCT ${cust} AS pair_customer, ${stock} AS pair_stock FROM ss_kept WHERE is_cancel = 1 AND ${cust} IS NOT NULL)`,
      sql`ss_step AS (SELECT k.${row} AS step_row, k.${cust} AS ${cust}, k.${stock} AS ${stock}, k.${inv} AS ${inv}, k.${ms} AS ${ms}, k.${price} AS ${price}, k.is_cancel AS is_cancel, k.${qty} AS ${qty}, CASE WHEN k.is_cancel = 1 THEN -GREATEST(-k.${qty}, 0) WHEN k.${qty} > 0 THEN k.${qty} ELSE 0 END AS x FROM ss_kept AS k JOIN ss_pairs AS p ON k.${cust} = p.pair_customer AND k.${stock} = p.pair_stock)`,
      sql`ss_walk AS (SELECT ss_step.*, sum(x) OVER (${w} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS s FROM ss_step)`,
      sql`ss_level AS (SELECT ss_walk.*, s - LEAST(0, min(s) OVER (${w} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)) AS lvl FROM ss_walk)`,
      sql`ss_net AS (SELECT step_row, is_cancel, ${qty} AS step_quantity, ${price} AS step_price, ${cust} AS step_customer, ${stock} AS step_stock, ${inv} AS step_invoice, ${ms} AS step_ms, CASE WHEN is_cancel = 1 THEN COALESCE(lag(lvl) OVER (${w}), 0) - lvl END AS matched, CASE WHEN is_cancel = 0 AND x > 0 THEN GREATEST(0, min(lvl) OVER (${w} ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) - (lvl - x)) END AS left_q FROM ss_level)`,
      sql`ss_final AS (SELECT j.*, CASE WHEN j.verdict = 0 AND (j.is_cancel = 1 OR (n.left_q IS NOT NULL AND n.left_q < j.${qty} AND n.left_q <= 0)) THEN ${rawSql(String(netMark))} ELSE j.verdict END AS final_verdict, CASE WHEN j.verdict = 0 AND n.left_q IS NOT NULL AND n.left_q < j.${qty} AND n.left_q > 0 THEN n.left_q ELSE j.${qty} END AS kept_quantity FROM ss_judged AS j LEFT JOIN ss_net AS n ON n.step_row = j.${row})`,
    );
  } else ctes.push(sql`ss_final AS (SELECT ss_judged.*, verdict AS final_verdict, ${qty} AS kept_quantity FROM ss_judged)`);
  return { rules, with: sql`WITH ${joinSql(ctes, ',\n')}`, rowsWith: sql`WITH ${ctes[0]!}`, netMark, nonProductMark: rules.includes('non-product') ? rules.indexOf('non-product') + 1 : -1 };
}
