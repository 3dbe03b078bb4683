import { ClvError } from './errors.js';
import type { GammaGammaModel } from './gammaGamma.js';
import type { PurchaseModel } from './model.js';
import type { NumberColumn, PurchaseSummary } from './summary.js';

/** A summary with the mean repeat spend, as `repeatPurchaseSummary` writes it (`monetaryValue`). */
export interface ValueSummary extends PurchaseSummary {
  /** Mean spend per repeat purchase (0 or anything where frequency is 0). */
  readonly monetary: NumberColumn;
}

/** Options of {@link customerLifetimeValue} and {@link predictCustomers}. */
export interface ClvOptions {
  /**
   * Months of the horizon.
   * @defaultValue 12
   */
  readonly months?: number;
  /**
   * Discount rate per month (0.01 is 1% a month, about 12.7% a year).
   * @defaultValue 0.01
   */
  readonly monthlyDiscountRate?: number;
  /**
   * Time units of the summary in a month: 30 for days (as `repeatPurchaseSummary`), 4.345 for weeks,
   * 1 for months (lifetimes' `freq` factors).
   * @defaultValue 30
   */
  readonly periodsPerMonth?: number;
}

/** The defaults of {@link ClvOptions}. */
export const CLV_DEFAULTS = { months: 12, monthlyDiscountRate: 0.01, periodsPerMonth: 30 } as const;

function resolve(options: ClvOptions): { months: number; rate: number; f: number } {
  const months = options.months ?? CLV_DEFAULTS.months;
  const rate = options.monthlyDiscountRate ?? CLV_DEFAULTS.monthlyDiscountRate;
  const f = options.periodsPerMonth ?? CLV_DEFAULTS.periodsPerMonth;
  if (!Number.isInteger(months) || months < 1 || months > 1200) throw new ClvError('INVALID_OPTION', 'months', months, 'a whole number of months from 1 to 1200');
  if (!(rate >= 0) || !Number.isFinite(rate)) throw new ClvError('INVALID_OPTION', 'monthlyDiscountRate', rate, 'a finite number >= 0');
  if (!(f > 0) || !Number.isFinite(f)) throw new ClvError('INVALID_OPTION', 'periodsPerMonth', f, 'a finite number > 0 (30 for days, 4.345 for weeks)');
  return { months, rate, f };
}

/**
 * Customer lifetime value over a horizon, as lifetimes' `customer_lifetime_value` defines it:
 * CLV = sum over months i = 1..months of E[Z] (E[Y(i m)] - E[Y((i-1) m)]) / (1 + d)^i, where E[Y(t)]
 * is the purchase model's conditional expected purchases in the next t, m the time units in a month
 * (`periodsPerMonth`), E[Z] the spend model's expected spend per purchase and d the monthly discount
 * rate (each month's purchases discounted at the month's end). Purchases are counted as the summary
 * counts them (repeat purchase days for `repeatPurchaseSummary`). O(n x months x series length).
 *
 * @param purchases - a fitted purchase model (BG/NBD, Pareto/NBD, modified BG/NBD)
 * @param spend - a fitted Gamma-Gamma model
 * @param summary - `{ frequency, recency, T, monetary }`
 * @param options - `months`, `monthlyDiscountRate`, `periodsPerMonth`
 * @returns the CLV of each customer, in the currency of `monetary`
 * @throws {@link ClvError} `INVALID_OPTION`, and the summary errors of the models
 * @example
 * ```ts
 * const clv = customerLifetimeValue(bg, spend, { ...cdnow, monetary: zbar }, { months: 12, periodsPerMonth: 4.345 });
 * clv[0].toFixed(2); // customer 1 of the CDNOW cohort: x = 2, t_x = 30.43, T = 38.86, zbar = 22.35
 * // => '36.28'
 * ```
 */
export function customerLifetimeValue(purchases: PurchaseModel<unknown>, spend: GammaGammaModel, summary: ValueSummary, options: ClvOptions = {}): Float64Array {
  const { months, rate, f } = resolve(options);
  const value = spend.expectedSpend({ frequency: summary.frequency, monetary: summary.monetary });
  const out = new Float64Array(value.length);
  let previous: Float64Array = new Float64Array(value.length);
  for (let i = 1; i <= months; i++) {
    const current = purchases.conditionalExpectedPurchases(i * f, summary);
    const discount = (1 + rate) ** i;
    for (let c = 0; c < out.length; c++) out[c]! += (value[c]! * (current[c]! - previous[c]!)) / discount;
    previous = current;
  }
  return out;
}

/** Per-customer predictions, one typed array per measure (see {@link predictCustomers}). */
export interface CustomerPredictions {
  /** Expected purchases in the next `horizon` time units. */
  readonly expectedPurchases: Float64Array;
  /** P(alive) at the end of the observation period. */
  readonly probabilityAlive: Float64Array;
  /** Expected spend per purchase (Gamma-Gamma); absent without a spend model. */
  readonly expectedSpend?: Float64Array;
  /** CLV over `months` (see {@link customerLifetimeValue}); absent without a spend model. */
  readonly clv?: Float64Array;
}

/** Options of {@link predictCustomers}. */
export interface PredictOptions extends ClvOptions {
  /**
   * Horizon of `expectedPurchases`, in the summary's time unit.
   * @defaultValue `months` x `periodsPerMonth` (12 months of days: 360)
   */
  readonly horizon?: number;
}

/**
 * Every per-customer prediction at once: expected purchases in the horizon, P(alive) and, with a
 * spend model, expected spend and CLV.
 *
 * @param purchases - a fitted purchase model
 * @param spend - a fitted Gamma-Gamma model, or null for purchases only
 * @param summary - `{ frequency, recency, T }`, plus `monetary` with a spend model
 * @param options - `horizon`, `months`, `monthlyDiscountRate`, `periodsPerMonth`
 * @returns typed arrays in the summary's customer order
 * @throws {@link ClvError} `INVALID_OPTION`, `INVALID_ARGUMENT` (a spend model but no `monetary`), and the summary errors
 * @example
 * ```ts
 * const p = predictCustomers(bg, spend, { ...cdnow, monetary: zbar }, { periodsPerMonth: 4.345, horizon: 52 });
 * [p.expectedPurchases[0].toFixed(3), p.probabilityAlive[0].toFixed(3)];
 * // => ['1.559', '0.727']
 * ```
 */
export function predictCustomers(purchases: PurchaseModel<unknown>, spend: GammaGammaModel | null, summary: PurchaseSummary & { readonly monetary?: NumberColumn }, options: PredictOptions = {}): CustomerPredictions {
  const { months, f } = resolve(options);
  const horizon = options.horizon ?? months * f;
  if (!(horizon >= 0) || !Number.isFinite(horizon)) throw new ClvError('INVALID_OPTION', 'horizon', horizon, 'a finite number >= 0 in the time unit of the summary');
  const expectedPurchases = purchases.conditionalExpectedPurchases(horizon, summary);
  const probabilityAlive = purchases.probabilityAlive(summary);
  if (spend === null) return { expectedPurchases, probabilityAlive };
  if (!summary.monetary) throw new ClvError('INVALID_ARGUMENT', 'summary.monetary', summary.monetary, 'the mean repeat spend per customer, with a spend model');
  const withSpend = summary as ValueSummary;
  const expectedSpend = spend.expectedSpend({ frequency: summary.frequency, monetary: withSpend.monetary });
  return { expectedPurchases, probabilityAlive, expectedSpend, clv: customerLifetimeValue(purchases, spend, withSpend, options) };
}
