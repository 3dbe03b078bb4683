import { CLEAN_DEFAULTS, CLEANING_PRESETS, CLEANING_RULES } from '@shopper-spectrum/core';
import type { CleaningReport, CleaningRuleName, CleanOptions, EntityCounts } from '@shopper-spectrum/core';
import { SqlError } from '../errors.js';
import type { SqlEngine } from '../engine.js';
import { joinSql, rawSql, sql, toStatement } from '../statement.js';
import type { SqlFragment } from '../statement.js';
import { CLICKHOUSE_DIALECT } from './clickhouse.js';

const D = CLICKHOUSE_DIALECT;
const col = (name: string) => rawSql(D.quote(name));

/** The eight fields, as named in {@link createShardedTransactions}' tables, and `Row` (source order). */
export const CLICKHOUSE_FIELDS = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'] as const;

/**
 * A cleaned relation, in the shape that keeps a distributed query map-reduce: `from` and `where`
 * go at the same level as the caller's `GROUP BY`, so each shard filters and partially aggregates
 * its own rows and only the per-group states travel to the server that answers.
 */
export interface ClickHouseCleaned {
  /** The rows to read: the Distributed table, or (with `duplicate` on) one row per group of exact copies. */
  readonly from: SqlFragment;
  /** The rows kept. */
  readonly where: SqlFragment;
  /** The source table itself (for first-seen orders, which the in-process functions take from the raw log). */
  readonly source: SqlFragment;
  /** The rules applied, in order. */
  readonly rules: readonly CleaningRuleName[];
  /** The conditions of the row rules (all but `duplicate`), in order: `[rule, condition]`. */
  readonly conditions: readonly (readonly [CleaningRuleName, SqlFragment])[];
}

/** Resolves a preset and rule switches exactly as core's cleanTransactions does. */
export function resolveCleaningRules(options: CleanOptions): CleaningRuleName[] {
  const preset = options.preset ?? CLEAN_DEFAULTS.preset;
  const presetRules = (CLEANING_PRESETS as Record<string, readonly CleaningRuleName[]>)[preset as string];
  if (typeof preset !== 'string' || presetRules === undefined) throw new SqlError('INVALID_OPTION', `Invalid preset: got ${JSON.stringify(preset)}; allowed: ${Object.keys(CLEANING_PRESETS).join(', ')}.`, { parameter: 'preset', value: preset, allowed: Object.keys(CLEANING_PRESETS).join(', ') });
  const enabled = new Set(presetRules);
  for (const [rule, on] of Object.entries(options.rules ?? {})) {
    if (!(CLEANING_RULES as readonly string[]).includes(rule) || typeof on !== 'boolean') throw new SqlError('INVALID_OPTION', `Invalid rules.${rule}: got ${JSON.stringify(on)}; allowed: true or false for one of ${CLEANING_RULES.join(', ')}.`, { parameter: `rules.${rule}`, value: on, allowed: 'true or false' });
    if (on) enabled.add(rule as CleaningRuleName);
    else enabled.delete(rule as CleaningRuleName);
  }
  return CLEANING_RULES.filter((r) => enabled.has(r));
}

/**
 * The cleaned relation of a ClickHouse table of transactions for a preset (and rule switches), as
 * core's cleanTransactions defines it: `missing-customer` (`CustomerID IS NULL`), `cancelled`
 * (`startsWith(InvoiceNo, 'C')`), `non-positive-quantity` / `non-positive-price` (`NOT (x > 0)`, so
 * NaN counts as non-positive as in JavaScript), `non-product` (the codes, exact or RE2 `match` for
 * patterns), `duplicate` (one row per group of rows equal in all eight fields among those left,
 * keeping the first `Row`: the copies share a shard, since the sharding key is the customer, else
 * the invoice). `net-cancellations` (the trusted preset's matching) is refused with
 * `INVALID_OPTION`: it needs each (customer, product)'s rows in time order with a running stack, and
 * 18.16 has neither window functions nor `arrayFold` (see docs/distributed.md). O(1) to build.
 *
 * @param table - the Distributed (or any) table, unquoted
 * @param options - preset, rules, non-product codes, as core's
 * @returns the relation
 * @throws {@link @shopper-spectrum/sql!SqlError} `INVALID_OPTION` for an unknown preset or rule, a pattern with flags other than `i`, or `net-cancellations`
 * @example
 * ```ts
 * const cleaned = clickhouseCleaned('transactions', { preset: 'notebook' });
 * cleaned.rules;
 * // => ['missing-customer', 'cancelled', 'non-positive-quantity', 'non-positive-price']
 * ```
 */
export function clickhouseCleaned(table: string, options: CleanOptions = {}): ClickHouseCleaned {
  const rules = resolveCleaningRules(options);
  if (rules.includes('net-cancellations')) {
    throw new SqlError('INVALID_OPTION', "Invalid rules['net-cancellations']: got true; allowed: off on ClickHouse 18.16 (no window functions, no arrayFold: the matching of cancellations to purchases is not pushed down; use preset 'notebook' or 'strict', or the DuckDB / PostgreSQL pushdown).", { engine: 'clickhouse', parameter: 'rules.net-cancellations', value: true, allowed: 'false' });
  }
  const source = col(table);
  const conditions: [CleaningRuleName, SqlFragment][] = [];
  for (const rule of rules) {
    switch (rule) {
      case 'missing-customer':
        conditions.push([rule, sql`isNull(${col('CustomerID')})`]);
        break;
      case 'cancelled':
        conditions.push([rule, D.startsWith(col('InvoiceNo'), sql`${'C'}`)]);
        break;
      case 'non-positive-quantity':
        conditions.push([rule, sql`NOT (${col('Quantity')} > 0)`]);
        break;
      case 'non-positive-price':
        conditions.push([rule, sql`NOT (${col('UnitPrice')} > 0)`]);
        break;
      case 'non-product': {
        const codes = options.nonProductCodes ?? CLEAN_DEFAULTS.nonProductCodes;
        if (!Array.isArray(codes)) throw new SqlError('INVALID_OPTION', 'Invalid nonProductCodes: allowed: an array of strings and RegExps.', { parameter: 'nonProductCodes', allowed: 'an array of strings and RegExps' });
        const exact = codes.filter((c): c is string => typeof c === 'string');
        const parts: SqlFragment[] = [];
        if (exact.length > 0) parts.push(sql`${col('StockCode')} IN (${joinSql(exact.map((c) => sql`${c}`), ', ')})`);
        for (const p of codes.filter((c): c is RegExp => c instanceof RegExp)) {
          if (p.flags.replace('i', '') !== '') throw new SqlError('INVALID_OPTION', `Invalid nonProductCodes pattern /${p.source}/${p.flags}: allowed: no flags but i.`, { parameter: 'nonProductCodes', value: String(p), allowed: 'a RegExp without flags other than i' });
          parts.push(D.regexMatches(col('StockCode'), sql`${p.source}`, p.flags.includes('i')));
        }
        conditions.push([rule, parts.length === 0 ? rawSql('0') : sql`(${joinSql(parts, ' OR ')})`]);
        break;
      }
      default:
        break;
    }
  }
  const keep = conditions.length === 0 ? rawSql('1') : sql`NOT (${joinSql(conditions.map(([, c]) => sql`(${c})`), ' OR ')})`;
  if (!rules.includes('duplicate')) return { from: source, where: keep, source, rules, conditions };
  const fields = joinSql(CLICKHOUSE_FIELDS.map(col), ', ');
  const from = sql`(SELECT min(${col('Row')}) AS ${col('Row')}, count() AS ${col('Copies')}, ${fields} FROM ${source} WHERE ${keep} GROUP BY ${fields})`;
  return { from, where: rawSql('1'), source, rules, conditions };
}

const num = (v: unknown) => (typeof v === 'number' ? v : Number(v));

function entities(row: readonly unknown[], at: number): EntityCounts {
  return { customers: num(row[at]), products: num(row[at + 1]), invoices: num(row[at + 2]), countries: num(row[at + 3]) };
}

const ENTITIES = sql`uniqExact(${col('CustomerID')}), uniqExact(${col('StockCode')}), uniqExact(${col('InvoiceNo')}), uniqExact(${col('Country')})`;
const REVENUE = sql`${col('Quantity')} * ${col('UnitPrice')}`;

/**
 * The cleaning report of core's cleanTransactions (`CleaningReport`: rows in = kept + each rule's
 * drops, in rule order, revenue in and kept, entities before and after), computed in ClickHouse in
 * three aggregate queries, each a distributed GROUP BY when `table` is a Distributed table: rows and
 * revenue per first rule that drops them (`multiIf` over the rules' conditions), the entities of the
 * source, and the kept rows' count, revenue and entities (with `duplicate`, the copies beyond the
 * first of each group of equal rows are that rule's). Revenue sums are plain `sum`s (see
 * {@link CLICKHOUSE_DIALECT}): equal to core's compensated ones to about 1e-12 relative.
 *
 * @param engine - a ClickHouse engine
 * @param table - the transactions table (Distributed)
 * @param options - as core's cleanTransactions (not `net-cancellations`)
 * @returns the report (`cancellations: null`)
 * @throws {@link @shopper-spectrum/sql!SqlError} as {@link clickhouseCleaned}, and the engine's errors
 * @example
 * ```ts
 * (await clickhouseCleaningReport(ch, 'transactions', { preset: 'notebook' })).rowsKept;
 * // => 397884 (Online Retail)
 * ```
 */
export async function clickhouseCleaningReport(engine: SqlEngine, table: string, options: CleanOptions = {}): Promise<CleaningReport> {
  const cleaned = clickhouseCleaned(table, options);
  const verdict = cleaned.conditions.length === 0 ? rawSql('0') : sql`multiIf(${joinSql(cleaned.conditions.map(([, c], k) => sql`${c}, ${rawSql(String(k + 1))}`), ', ')}, 0)`;
  const byVerdict = await engine.query(toStatement(D, sql`SELECT ${verdict} AS v, count() AS n, ${D.sumDouble(REVENUE)} AS revenue FROM ${cleaned.source} GROUP BY v ORDER BY v`));
  const before = await engine.query(toStatement(D, sql`SELECT ${ENTITIES} FROM ${cleaned.source}`));
  const copies = cleaned.rules.includes('duplicate') ? col('Copies') : rawSql('1');
  const after = await engine.query(
    toStatement(D, sql`SELECT count(), sum(${copies} - 1), ${D.sumDouble(REVENUE)}, ${D.sumDouble(sql`(${copies} - 1) * ${REVENUE}`)}, ${ENTITIES} FROM ${cleaned.from} WHERE ${cleaned.where}`),
  );
  const rows = new Map<number, [number, number]>();
  for (const r of byVerdict.rows) rows.set(num(r[0]), [num(r[1]), num(r[2])]);
  const a = after.rows[0]!;
  const dupRows = num(a[1]);
  const dupRevenue = num(a[3]);
  const dropped = cleaned.rules.map((rule) => {
    if (rule === 'duplicate') return { rule, rows: dupRows, revenue: dupRevenue };
    const k = cleaned.conditions.findIndex(([r]) => r === rule) + 1;
    const [n, revenue] = rows.get(k) ?? [0, 0];
    return { rule, rows: n, revenue };
  });
  let rowsIn = 0;
  let revenueIn = 0;
  for (const [n, revenue] of rows.values()) {
    rowsIn += n;
    revenueIn += revenue;
  }
  const rowsKept = num(a[0]);
  return {
    rowsIn,
    rowsKept,
    rowsDropped: rowsIn - rowsKept,
    dropped,
    revenueIn,
    revenueKept: num(a[2]),
    before: entities(before.rows[0]!, 0),
    after: entities(a, 4),
    cancellations: null,
  };
}
