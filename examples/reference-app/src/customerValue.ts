/**
 * Customer value in `analyze`: BG/NBD and Gamma-Gamma (`@shopper-spectrum/clv`) fitted on the
 * repeat-purchase summary of `@shopper-spectrum/rfm` (in days, as the clv README says), and per
 * customer the expected purchases in the next 12 months, P(alive), the expected spend per purchase
 * and the 12-month CLV (monthly discounting, as `customerLifetimeValue` defines it: each month's
 * expected purchases times the expected spend, discounted at the month's end). When a fit cannot run (too few repeat customers, a fit
 * that fails or gives non-finite parameters) the result says why and analyze goes on without it.
 */
import { CLV_DEFAULTS, calibrationHoldoutSplit, fitBgNbd, fitGammaGamma, holdoutByFrequency } from '@shopper-spectrum/clv';
import type { BgNbdModel, FrequencyBin, GammaGammaModel } from '@shopper-spectrum/clv';
import { MS_PER_DAY } from '@shopper-spectrum/core';
import { repeatPurchaseSummary } from '@shopper-spectrum/rfm';
import type { RepeatPurchaseSummary } from '@shopper-spectrum/rfm';
import type { TransactionTable } from '@shopper-spectrum/core';

/** Fewer customers with a repeat purchase than this and the models are not fitted. */
export const MIN_REPEAT_CUSTOMERS = 20;
/** The CLV horizon, months. */
export const CLV_HORIZON_MONTHS = 12;
/** Days in a month for the horizon and the discounting (`periodsPerMonth`: the summary is in days). */
export const DAYS_PER_MONTH = CLV_DEFAULTS.periodsPerMonth;

/** The calibration check's holdout: the last this many calendar months of the log. */
export const CALIBRATION_HOLDOUT_MONTHS = 3;

/**
 * The calibration check (`charts/clv-calibration`): BG/NBD refitted on the customers first seen
 * before a cut-off `CALIBRATION_HOLDOUT_MONTHS` months before the last day, and its expected holdout
 * purchases against the actual ones by calibration frequency (`holdoutByFrequency`); or why it was skipped.
 */
export type CalibrationCheck =
  | {
      /** The last calibration day, 'YYYY-MM-DD'. */
      readonly calibrationEnd: string;
      /** The last holdout day (the log's last day), 'YYYY-MM-DD'. */
      readonly holdoutEnd: string;
      readonly holdoutDays: number;
      /** Customers first seen before the cut-off (the calibration cohort). */
      readonly customers: number;
      readonly params: Readonly<Record<string, number>>;
      readonly converged: boolean;
      /** Mean actual and expected holdout purchases per customer over the cohort. */
      readonly actualPerCustomer: number;
      readonly expectedPerCustomer: number;
    }
  | { readonly skipped: string };

/** `summary.customerValue`: the fitted models in brief, or why they were not fitted. */
export type CustomerValueSummary =
  | {
      readonly model: 'bg-nbd + gamma-gamma';
      readonly params: { readonly bgNbd: Readonly<Record<string, number>>; readonly gammaGamma: Readonly<Record<string, number>> };
      readonly converged: { readonly bgNbd: boolean; readonly gammaGamma: boolean };
      readonly unit: 'days';
      readonly horizonMonths: number;
      /** The monthly discount rate. */
      readonly discount: number;
      /** Customers who bought on more than one day. */
      readonly repeatCustomers: number;
      /** Customers first seen on the last day (T = 0): not in the purchase fit; a new customer's figures (E[X(t)], P(alive) 1). */
      readonly newCustomers: number;
      /** Repeat customers whose mean repeat spend is not positive: not in the spend fit; the population mean spend. */
      readonly nonPositiveRepeatSpend: number;
      readonly totalClv: number;
      readonly meanClv: number;
      /** Mean P(alive) over every customer (those first seen on the last day count as 1), 4 decimals. */
      readonly meanPAlive: number;
      /** Mean and total CLV per RFM segment (the labels of the `--at-risk` rule), largest total first. */
      readonly bySegment: readonly SegmentClv[];
      readonly meaning: string;
      /** The calibration / holdout check of the purchase model, or why it was skipped. */
      readonly calibration: CalibrationCheck;
    }
  | { readonly model: null; readonly reason: string };

/** Per-customer predictions in the order of the RFM table, plus the models and the summary. */
export interface CustomerValue {
  readonly summary: CustomerValueSummary;
  /** `null` when the models were not fitted. */
  readonly fitted: {
    readonly repeat: RepeatPurchaseSummary;
    readonly bgNbd: BgNbdModel;
    readonly gammaGamma: GammaGammaModel;
    readonly expectedPurchases: Float64Array;
    readonly probabilityAlive: Float64Array;
    readonly expectedSpend: Float64Array;
    readonly clv: Float64Array;
    /** `holdoutByFrequency` rows (empty bins left out); `null` when the check was skipped. */
    readonly calibrationBins: readonly FrequencyBin[] | null;
  } | null;
}

const isoDay = (day: number) => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);

/**
 * The calibration cut-off: the calendar day `CALIBRATION_HOLDOUT_MONTHS` months before the table's
 * last day (clamped to the month's end), wall-clock ms at its midnight.
 */
export function calibrationCutoff(table: TransactionTable): number {
  let last = -Infinity;
  const dates = table.columns.invoiceDate;
  for (let i = 0; i < table.length; i++) if (dates[i]! > last) last = dates[i]!;
  const d = new Date(Math.floor(last / MS_PER_DAY) * MS_PER_DAY);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() - CALIBRATION_HOLDOUT_MONTHS;
  const lastOfMonth = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), lastOfMonth));
}

/** The calibration check on the cleaned table; never throws. */
function calibrationCheck(table: TransactionTable): { check: CalibrationCheck; bins: FrequencyBin[] | null } {
  const skip = (why: string) => ({ check: { skipped: why }, bins: null });
  try {
    const cutoff = calibrationCutoff(table);
    const split = calibrationHoldoutSplit(table, { calibrationEnd: cutoff });
    let repeaters = 0;
    for (let i = 0; i < split.frequency.length; i++) if (split.frequency[i]! > 0) repeaters++;
    if (repeaters < MIN_REPEAT_CUSTOMERS) return skip(`only ${repeaters} customer${repeaters === 1 ? '' : 's'} first seen before ${isoDay(split.calibrationEndDay)} bought on more than one day by then; the calibration fit needs at least ${MIN_REPEAT_CUSTOMERS}`);
    if (split.holdoutLength <= 0) return skip('the holdout period is empty');
    const model = fitBgNbd(split);
    if (Object.values(model.params).some((v) => !Number.isFinite(v))) return skip('the calibration fit gave non-finite parameters');
    const bins = holdoutByFrequency(model, split).filter((b) => b.customers > 0);
    let actual = 0;
    let expected = 0;
    const ahead = model.conditionalExpectedPurchases(split.holdoutLength, split);
    for (let i = 0; i < split.frequency.length; i++) ((actual += split.holdoutPurchases[i]!), (expected += ahead[i]!));
    const n = split.frequency.length;
    const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
    return {
      check: { calibrationEnd: isoDay(split.calibrationEndDay), holdoutEnd: isoDay(split.holdoutEndDay), holdoutDays: split.holdoutLength, customers: n, params: { ...model.params }, converged: model.report.converged, actualPerCustomer: r4(actual / n), expectedPerCustomer: r4(expected / n) },
      bins,
    };
  } catch (e) {
    return skip(`the calibration check could not run: ${(e as Error).message}`);
  }
}

const MEANING =
  'CLV12m: the discounted spend the BG/NBD and Gamma-Gamma models expect from the customer over the next 12 months (1% a month); PAlive: the probability the customer has not lapsed for good; ExpectedPurchases12m: repeat purchase days expected in the next 12 months.';

const cents = (x: number) => Math.round(x * 100) / 100;

/**
 * Fits the models and predicts for every customer; never throws on data the models cannot fit.
 *
 * @param table - the cleaned transactions
 * @param options - `customerIds` (the RFM table's order) and `segments` (each customer's RFM segment name)
 */
export function customerValue(table: TransactionTable, options: { readonly customerIds: readonly string[]; readonly segments: readonly string[] }): CustomerValue {
  const none = (reason: string): CustomerValue => ({ summary: { model: null, reason }, fitted: null });
  let repeat: RepeatPurchaseSummary;
  try {
    repeat = repeatPurchaseSummary(table);
  } catch (e) {
    return none(`the repeat-purchase summary could not be built: ${(e as Error).message}`);
  }
  if (repeat.length !== options.customerIds.length || repeat.customerIds.some((id, i) => id !== options.customerIds[i])) {
    return none('the repeat-purchase summary and the RFM table list different customers');
  }
  const n = repeat.length;
  let repeatCustomers = 0;
  for (let i = 0; i < n; i++) if (repeat.frequency[i]! > 0) repeatCustomers++;
  if (repeatCustomers < MIN_REPEAT_CUSTOMERS) return none(`only ${repeatCustomers} customer${repeatCustomers === 1 ? '' : 's'} bought on more than one day; the models need at least ${MIN_REPEAT_CUSTOMERS}`);
  // customers first seen on the last day (T = 0) tell the purchase model nothing: it is fitted on
  // the others, and they get a new customer's figures (E[X(t)], P(alive) 1)
  const aged: number[] = [];
  for (let i = 0; i < n; i++) if (repeat.T[i]! > 0) aged.push(i);
  const pick = (col: ArrayLike<number>) => Float64Array.from(aged, (i) => col[i]!);
  const sub = { frequency: Int32Array.from(aged, (i) => repeat.frequency[i]!), recency: pick(repeat.recency), T: pick(repeat.T) };
  // a repeat customer whose mean repeat spend is not positive (returns outweigh the repeat days'
  // purchases) has no spend Gamma-Gamma can model: the spend model takes the population mean for them
  const spendFrequency = Int32Array.from(repeat.frequency, (x, i) => (x > 0 && repeat.monetaryValue[i]! > 0 ? x : 0));
  let spendCustomers = 0;
  for (let i = 0; i < n; i++) if (spendFrequency[i]! > 0) spendCustomers++;
  if (spendCustomers < MIN_REPEAT_CUSTOMERS) return none(`only ${spendCustomers} repeat customer${spendCustomers === 1 ? '' : 's'} spent more than nothing on their repeat days; the spend model needs at least ${MIN_REPEAT_CUSTOMERS}`);
  let bgNbd: BgNbdModel;
  let gammaGamma: GammaGammaModel;
  try {
    bgNbd = fitBgNbd(sub);
    gammaGamma = fitGammaGamma({ frequency: spendFrequency, monetary: repeat.monetaryValue });
  } catch (e) {
    return none(`the models could not be fitted: ${(e as Error).message}`);
  }
  const params = [...Object.values(bgNbd.params), ...Object.values(gammaGamma.params)];
  if (params.some((v) => !Number.isFinite(v))) return none('a fit gave non-finite parameters');
  if (!Number.isFinite(gammaGamma.meanSpend())) return none('the spend model has no finite mean spend (q <= 1)');
  const expectedPurchases = new Float64Array(n);
  const probabilityAlive = new Float64Array(n).fill(1);
  const discounted = new Float64Array(n); // sum over months of the month's expected purchases / (1 + d)^month
  const horizon = CLV_HORIZON_MONTHS * DAYS_PER_MONTH;
  const ahead = bgNbd.conditionalExpectedPurchases(horizon, sub);
  const alive = bgNbd.probabilityAlive(sub);
  aged.forEach((i, j) => ((expectedPurchases[i] = ahead[j]!), (probabilityAlive[i] = alive[j]!)));
  const fresh = bgNbd.expectedPurchases(horizon);
  for (let i = 0; i < n; i++) if (repeat.T[i] === 0) expectedPurchases[i] = fresh;
  let previous: Float64Array = new Float64Array(aged.length);
  let previousFresh = 0;
  for (let m = 1; m <= CLV_HORIZON_MONTHS; m++) {
    const current = bgNbd.conditionalExpectedPurchases(m * DAYS_PER_MONTH, sub);
    const currentFresh = bgNbd.expectedPurchases(m * DAYS_PER_MONTH);
    const factor = (1 + CLV_DEFAULTS.monthlyDiscountRate) ** m;
    aged.forEach((i, j) => (discounted[i] = discounted[i]! + (current[j]! - previous[j]!) / factor));
    for (let i = 0; i < n; i++) if (repeat.T[i] === 0) discounted[i] = discounted[i]! + (currentFresh - previousFresh) / factor;
    previous = current;
    previousFresh = currentFresh;
  }
  const expectedSpend = gammaGamma.expectedSpend({ frequency: spendFrequency, monetary: repeat.monetaryValue });
  const clv = Float64Array.from(expectedSpend, (z, i) => z * discounted[i]!);
  let total = 0;
  let aliveTotal = 0;
  for (let i = 0; i < clv.length; i++) ((total += clv[i]!), (aliveTotal += probabilityAlive[i]!));
  const calibration = calibrationCheck(table);
  return {
    summary: {
      model: 'bg-nbd + gamma-gamma',
      params: { bgNbd: { ...bgNbd.params }, gammaGamma: { ...gammaGamma.params } },
      converged: { bgNbd: bgNbd.report.converged, gammaGamma: gammaGamma.report.converged },
      unit: 'days',
      horizonMonths: CLV_HORIZON_MONTHS,
      discount: CLV_DEFAULTS.monthlyDiscountRate,
      repeatCustomers,
      newCustomers: n - aged.length,
      nonPositiveRepeatSpend: repeatCustomers - spendCustomers,
      totalClv: cents(total),
      meanClv: cents(total / clv.length),
      meanPAlive: Math.round((aliveTotal / n) * 1e4) / 1e4,
      bySegment: clvBySegment({ clv, segments: options.segments }),
      meaning: MEANING,
      calibration: calibration.check,
    },
    fitted: { repeat, bgNbd, gammaGamma, expectedPurchases, probabilityAlive, expectedSpend, clv, calibrationBins: calibration.bins },
  };
}

/** One row of `summary.customerValue.bySegment`. */
export interface SegmentClv {
  readonly segment: string;
  readonly customers: number;
  /** Mean 12-month CLV of its customers, rounded to cents. */
  readonly meanClv: number;
  /** Their total 12-month CLV, rounded to cents. */
  readonly totalClv: number;
}

/**
 * Mean and total CLV per segment name (a missing name counts as 'Unmatched'), largest total first,
 * ties by name. O(n + segments log segments).
 *
 * @example
 * ```ts
 * clvBySegment({ clv: Float64Array.of(10, 20, 5), segments: ['A', 'A', 'B'] });
 * // => [{ segment: 'A', customers: 2, meanClv: 15, totalClv: 30 }, { segment: 'B', customers: 1, meanClv: 5, totalClv: 5 }]
 * ```
 */
export function clvBySegment(options: { readonly clv: ArrayLike<number>; readonly segments: readonly string[] }): SegmentClv[] {
  const { clv, segments } = options;
  const bySegment = new Map<string, { customers: number; total: number }>();
  for (let i = 0; i < clv.length; i++) {
    const s = segments[i] ?? 'Unmatched';
    const row = bySegment.get(s) ?? { customers: 0, total: 0 };
    row.customers++;
    row.total += clv[i]!;
    bySegment.set(s, row);
  }
  return [...bySegment.entries()].map(([segment, r]) => ({ segment, customers: r.customers, meanClv: cents(r.total / r.customers), totalClv: cents(r.total) })).sort((a, b) => b.totalClv - a.totalClv || (a.segment < b.segment ? -1 : 1));
}

/** The rows of `clv.csv`, rounded: purchases and P(alive) to 4 decimals, money to cents. */
export function clvRows(value: NonNullable<CustomerValue['fitted']>): { CustomerID: string; ExpectedPurchases12m: number; PAlive: number; ExpectedSpend: number; CLV12m: number }[] {
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
  return value.repeat.customerIds.map((id, i) => ({ CustomerID: id, ExpectedPurchases12m: r4(value.expectedPurchases[i]!), PAlive: r4(value.probabilityAlive[i]!), ExpectedSpend: cents(value.expectedSpend[i]!), CLV12m: cents(value.clv[i]!) }));
}
