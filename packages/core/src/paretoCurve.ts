import { groupTotals } from './groupTotals.js';
import { invalidOption } from './errors.js';
import { requireProducts } from './transactionTable.js';
import { checkTable } from './transactionTable.js';
import type { TransactionTable } from './transactionTable.js';

/** Options of {@link paretoCurve}. */
export interface ParetoOptions {
  /**
   * Whose revenue: customers (rows without a customer are left out) or products (StockCodes).
   * @defaultValue {@link PARETO_DEFAULTS | PARETO_DEFAULTS.by} (`'customer'`)
   */
  readonly by?: 'customer' | 'product';
  /**
   * The "top x%" to report the revenue share of, as a fraction.
   * @defaultValue {@link PARETO_DEFAULTS | PARETO_DEFAULTS.topFraction} (`0.2`)
   */
  readonly topFraction?: number;
}

/**
 * The defaults of {@link paretoCurve}, in one place: customers, and the share of revenue of the top
 * 20% (the "80/20" headline).
 *
 * @example
 * ```ts
 * PARETO_DEFAULTS;
 * // => { by: 'customer', topFraction: 0.2 }
 * ```
 */
export const PARETO_DEFAULTS: Readonly<Required<ParetoOptions>> = Object.freeze({
  by: 'customer',
  topFraction: 0.2,
});

/** A Pareto (cumulative revenue) curve. */
export interface ParetoCurve {
  /** Customers or products. */
  readonly by: 'customer' | 'product';
  /** Entities with at least one row. */
  readonly count: number;
  /** Total revenue of those entities. */
  readonly totalRevenue: number;
  /** The fraction asked for. */
  readonly topFraction: number;
  /** How many entities the top fraction is: `floor(topFraction x count)`, as pandas `head(int(0.2 * n))`. */
  readonly topCount: number;
  /** Share of total revenue that the top `topCount` entities bring. */
  readonly topRevenueShare: number;
  /** `entityShare[k] = k / count` for k = 0..count (x axis). */
  readonly entityShare: Float64Array;
  /** `revenueShare[k]` = revenue of the k biggest entities / total (y axis), k = 0..count. */
  readonly revenueShare: Float64Array;
}

/**
 * The Pareto curve: entities sorted by revenue (sum of quantity x unit price) descending, and the
 * cumulative share of revenue they bring. The headline figure is the share from the top 20%
 * (`topFraction`), counted as `floor(0.2 x n)` entities. Run it on a cleaned table: with returns
 * left in, net revenue can be negative and shares can leave [0, 1]. O(n + k log k).
 *
 * @param table - a (usually cleaned) table
 * @param options - customers or products, the top fraction
 * @returns the curve and the headline share
 * @throws {@link CoreError} `INVALID_OPTION` for an unknown `by` or a fraction outside [0, 1]
 * @example
 * ```ts
 * paretoCurve(cleaned, { by: 'customer' }).topRevenueShare;
 * // => 0.75 (about; notebook-cleaned Online Retail)
 * ```
 */
export function paretoCurve(table: TransactionTable, options: ParetoOptions = {}): ParetoCurve {
  checkTable(table);
  const by = options.by ?? PARETO_DEFAULTS.by;
  if (by !== 'customer' && by !== 'product') invalidOption('by', by, "'customer' or 'product'");
  if (by === 'product') requireProducts(table, "paretoCurve({ by: 'product' })");
  const topFraction = options.topFraction ?? PARETO_DEFAULTS.topFraction;
  if (!(topFraction >= 0 && topFraction <= 1)) invalidOption('topFraction', topFraction, 'a number from 0 to 1');
  const codes = by === 'customer' ? table.columns.customer : table.columns.stockCode;
  const k = by === 'customer' ? table.dictionaries.customer.length : table.dictionaries.stockCode.length;
  const { revenue, lines } = groupTotals(table, codes, k);
  const values: number[] = [];
  for (let g = 0; g < k; g++) if (lines[g]! > 0) values.push(revenue[g]!);
  values.sort((a, b) => b - a);
  const count = values.length;
  const revenueShare = new Float64Array(count + 1);
  const entityShare = new Float64Array(count + 1);
  let total = 0;
  for (const v of values) total += v;
  let cum = 0;
  for (let j = 0; j < count; j++) {
    cum += values[j]!;
    revenueShare[j + 1] = total === 0 ? 0 : cum / total;
    entityShare[j + 1] = (j + 1) / count;
  }
  const topCount = Math.floor(topFraction * count + 1e-9);
  return {
    by,
    count,
    totalRevenue: total,
    topFraction,
    topCount,
    topRevenueShare: revenueShare[topCount]!,
    entityShare,
    revenueShare,
  };
}
