import { distinctInGroups, groupRows, MS_PER_DAY } from '@shopper-spectrum/core';
import type { TransactionTable } from '@shopper-spectrum/core';
import { customerFacts, resolveTime } from './customers.js';
import type { TimeInput } from './customers.js';

/** Options of {@link repeatPurchaseSummary}. */
export interface RepeatPurchaseOptions {
  /**
   * The end of the observation period (its calendar day counts): wall-clock ms or
   * `'YYYY-MM-DD[ HH:mm[:ss]]'`; must not be before the last purchase.
   * @defaultValue computed from the data: the last transaction time, as lifetimes'
   *   `observation_period_end` (so {@link repeatPurchaseSummary} has no defaults object)
   */
  readonly asOf?: TimeInput;
}

/** The repeat-purchase summary (customer-lifetime-value definition), one entry per customer. */
export interface RepeatPurchaseSummary {
  /** Number of customers. */
  readonly length: number;
  /** The end of the observation period (wall-clock ms). */
  readonly asOf: number;
  /** Customer ids, in the order of {@link rfmTable}. */
  readonly customerIds: readonly string[];
  /** Repeat purchase days: distinct purchase days minus one. */
  readonly frequency: Int32Array;
  /** Days from the first to the last purchase day (0 for one-day customers). */
  readonly recency: Int32Array;
  /** Age: days from the first purchase day to the `asOf` day. */
  readonly T: Int32Array;
  /** Mean spend per repeat purchase day, the first day left out (0 when frequency is 0). */
  readonly monetaryValue: Float64Array;
}

/**
 * The repeat-purchase summary that customer-lifetime-value models (BG/NBD, Pareto/NBD, Gamma-Gamma)
 * take, as lifetimes' `summary_data_from_transaction_data(..., freq='D')` defines it. Not the RFM of
 * segmentation: here frequency counts repeat purchase *days* (distinct days minus one), recency is the
 * time from the first to the last purchase (not to today), and T is the customer's age.
 *
 * Days are calendar days of the wall-clock times. Monetary value is the mean over repeat days of the
 * spend per day, the first purchase day excluded. O(n + c log c).
 *
 * @param table - a (cleaned) transaction table
 * @param options - `asOf`
 * @returns one entry per customer
 * @throws {@link RfmError} `EMPTY_INPUT`, `NO_CUSTOMERS`, `INVALID_AS_OF`
 * @example
 * ```ts
 * const s = repeatPurchaseSummary(cleaned);
 * const i = s.customerIds.indexOf('12347');
 * [s.frequency[i], s.recency[i], s.T[i]];
 * // => [6, 365, 367] (Online Retail, notebook preset)
 * ```
 */
export function repeatPurchaseSummary(table: TransactionTable, options: RepeatPurchaseOptions = {}): RepeatPurchaseSummary {
  const facts = customerFacts(table);
  const asOf = options.asOf === undefined ? facts.maxTime : resolveTime(options.asOf, 'asOf', facts.maxTime);
  const asOfDay = Math.floor(asOf / MS_PER_DAY);
  const { customer, invoiceDate, quantity, unitPrice } = table.columns;
  const k = table.dictionaries.customer.length;
  const firstDay = new Float64Array(k);
  let minDay = Infinity;
  for (let c = 0; c < k; c++) {
    firstDay[c] = Math.floor(facts.first[c]! / MS_PER_DAY);
    if (facts.totals.lines[c]! > 0 && firstDay[c]! < minDay) minDay = firstDay[c]!;
  }
  // Purchase days as dense codes; distinct days per customer without hashing.
  const dayCode = new Int32Array(table.length);
  const firstDaySpend = new Float64Array(k);
  for (let i = 0; i < table.length; i++) {
    const day = Math.floor(invoiceDate[i]! / MS_PER_DAY);
    dayCode[i] = day - minDay;
    const c = customer[i]!;
    if (c >= 0 && day === firstDay[c]) firstDaySpend[c]! += quantity[i]! * unitPrice[i]!;
  }
  const days = distinctInGroups(groupRows(customer, k), dayCode, asOfDay - minDay + 1);
  const n = facts.customerIds.length;
  const frequency = new Int32Array(n);
  const recency = new Int32Array(n);
  const T = new Int32Array(n);
  const monetaryValue = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const c = facts.codes[j]!;
    const f = days[c]! - 1;
    frequency[j] = f;
    recency[j] = Math.floor(facts.last[c]! / MS_PER_DAY) - firstDay[c]!;
    T[j] = asOfDay - firstDay[c]!;
    monetaryValue[j] = f === 0 ? 0 : (facts.totals.revenue[c]! - firstDaySpend[c]!) / f;
  }
  return { length: n, asOf, customerIds: facts.customerIds, frequency, recency, T, monetaryValue };
}
