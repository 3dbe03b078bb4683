import { MS_PER_DAY, parseIsoDate, selectRows } from '@shopper-spectrum/core';
import type { TransactionTable } from '@shopper-spectrum/core';
import { repeatPurchaseSummary } from '@shopper-spectrum/rfm';
import { ClvError } from './errors.js';
import type { PurchaseModel } from './model.js';

/** A time: wall-clock ms or `'YYYY-MM-DD[ HH:mm[:ss]]'` (its calendar day is what counts). */
export type DateInput = number | string;

/** Options of {@link calibrationHoldoutSplit}. */
export interface CalibrationHoldoutOptions {
  /** The last day of the calibration period (inclusive). Required. */
  readonly calibrationEnd: DateInput;
  /**
   * The last day of the holdout period (inclusive).
   * @defaultValue the day of the last transaction
   */
  readonly holdoutEnd?: DateInput;
  /**
   * Time unit of the summary and the holdout length: days, or weeks (days / 7, as the papers).
   * @defaultValue 'day'
   */
  readonly timeUnit?: 'day' | 'week';
}

/** A calibration / holdout split of a transaction table (see {@link calibrationHoldoutSplit}). */
export interface CalibrationHoldout {
  /** Customers first seen before the calibration end day (T > 0), in `repeatPurchaseSummary` order. */
  readonly customerIds: readonly string[];
  /** Repeat purchase days in calibration (x). */
  readonly frequency: Float64Array;
  /** First to last calibration purchase day, in the time unit (t_x). */
  readonly recency: Float64Array;
  /** First purchase day to the calibration end, in the time unit (T). */
  readonly T: Float64Array;
  /** Mean spend per repeat purchase day in calibration (0 where x = 0). */
  readonly monetary: Float64Array;
  /** Purchase days of each customer in the holdout period. */
  readonly holdoutPurchases: Float64Array;
  /** Spend of each customer in the holdout period. */
  readonly holdoutSpend: Float64Array;
  /** Length of the holdout period in the time unit. */
  readonly holdoutLength: number;
  /** First day of each customer, as day numbers (days since 1970-01-01). */
  readonly firstDay: Float64Array;
  /** Calibration end and holdout end, as day numbers. */
  readonly calibrationEndDay: number;
  /** Last holdout day, as a day number. */
  readonly holdoutEndDay: number;
  /** Days per time unit (1 or 7). */
  readonly daysPerUnit: number;
}

function toDay(value: DateInput, parameter: string): number {
  const t = typeof value === 'number' ? value : typeof value === 'string' ? parseIsoDate(value, 0, value.length) : NaN;
  if (!Number.isFinite(t)) throw new ClvError('INVALID_CUTOFF', parameter, value, "wall-clock ms or a date written 'YYYY-MM-DD'");
  return Math.floor(t / MS_PER_DAY);
}

/**
 * Splits a transaction table at a date, the papers' validation: customers first seen before the day
 * `calibrationEnd` (so T > 0; one first seen on that day has no age to model) are summarised over the calibration period (`repeatPurchaseSummary` with `asOf` the
 * calibration end: x, t_x, T, mean repeat spend) and their purchase days and spend in the holdout period
 * (the day after `calibrationEnd` to `holdoutEnd`) are counted. Customers first seen in the holdout
 * are left out, as the papers' fixed cohort. O(rows + customers log customers).
 *
 * @param table - a (cleaned) transaction table
 * @param options - `calibrationEnd`, `holdoutEnd`, `timeUnit`
 * @returns the calibration summary and the holdout outcome per customer
 * @throws {@link ClvError} `INVALID_CUTOFF` (unreadable, or no purchase on or before it, or a holdout end before it),
 *   `INVALID_OPTION`, `EMPTY_INPUT`
 * @example
 * ```ts
 * const split = calibrationHoldoutSplit(cdnowSample, { calibrationEnd: '1997-09-30', timeUnit: 'week' });
 * [split.customerIds.length, split.holdoutLength.toFixed(2)];
 * // => [2357, '39.00']
 * ```
 */
export function calibrationHoldoutSplit(table: TransactionTable, options: CalibrationHoldoutOptions): CalibrationHoldout {
  if (!table || typeof table.length !== 'number' || table.length === 0) throw new ClvError('EMPTY_INPUT', 'table', table?.length, 'a transaction table with rows');
  if (options === null || typeof options !== 'object') throw new ClvError('INVALID_OPTION', 'options', options, 'an options object with calibrationEnd');
  const unit = options.timeUnit ?? 'day';
  if (unit !== 'day' && unit !== 'week') throw new ClvError('INVALID_OPTION', 'timeUnit', unit, "'day' or 'week'");
  const daysPerUnit = unit === 'week' ? 7 : 1;
  const calEnd = toDay(options.calibrationEnd, 'calibrationEnd');
  const dates = table.columns.invoiceDate;
  const customer = table.columns.customer;
  let lastDay = -Infinity;
  const calibrationRows: number[] = [];
  for (let i = 0; i < table.length; i++) {
    const day = Math.floor(dates[i]! / MS_PER_DAY);
    if (day > lastDay) lastDay = day;
    if (day <= calEnd && customer[i]! >= 0) calibrationRows.push(i);
  }
  const holdEnd = options.holdoutEnd === undefined ? lastDay : toDay(options.holdoutEnd, 'holdoutEnd');
  if (calibrationRows.length === 0) throw new ClvError('INVALID_CUTOFF', 'calibrationEnd', options.calibrationEnd, 'a date on or after the first purchase with a customer');
  if (holdEnd < calEnd) throw new ClvError('INVALID_CUTOFF', 'holdoutEnd', options.holdoutEnd, `a date on or after calibrationEnd`);
  const all = repeatPurchaseSummary(selectRows(table, calibrationRows), { asOf: (calEnd + 1) * MS_PER_DAY - 1 });
  // customers first seen before the cut-off day (T > 0): one first seen on it has no age to model
  const kept: number[] = [];
  for (let j = 0; j < all.length; j++) if (all.T[j]! > 0) kept.push(j);
  const s = {
    customerIds: kept.map((j) => all.customerIds[j]!),
    frequency: kept.map((j) => all.frequency[j]!),
    recency: kept.map((j) => all.recency[j]!),
    T: kept.map((j) => all.T[j]!),
    monetaryValue: kept.map((j) => all.monetaryValue[j]!),
  };
  const n = kept.length;
  if (n === 0) throw new ClvError('INVALID_CUTOFF', 'calibrationEnd', options.calibrationEnd, 'a date after the first purchase day of some customer');
  const position = new Map<string, number>();
  s.customerIds.forEach((id, j) => position.set(id, j));
  const ids = table.dictionaries.customer;
  const codeToPosition = new Int32Array(ids.length).fill(-1);
  for (let c = 0; c < ids.length; c++) codeToPosition[c] = position.get(ids[c]!) ?? -1;
  // holdout purchase days: distinct (customer, day) with calEnd < day <= holdEnd
  const seen = new Map<number, number>();
  const holdoutPurchases = new Float64Array(n);
  const holdoutSpend = new Float64Array(n);
  const { quantity, unitPrice } = table.columns;
  for (let i = 0; i < table.length; i++) {
    const c = customer[i]!;
    if (c < 0) continue;
    const j = codeToPosition[c]!;
    if (j < 0) continue;
    const day = Math.floor(dates[i]! / MS_PER_DAY);
    if (day <= calEnd || day > holdEnd) continue;
    holdoutSpend[j]! += quantity[i]! * unitPrice[i]!;
    const key = j * 1e6 + (day - calEnd);
    if (!seen.has(key)) {
      seen.set(key, 1);
      holdoutPurchases[j]!++;
    }
  }
  const frequency = Float64Array.from(s.frequency);
  const recency = Float64Array.from(s.recency, (d) => d / daysPerUnit);
  const T = Float64Array.from(s.T, (d) => d / daysPerUnit);
  const firstDay = Float64Array.from(s.T, (d) => calEnd - d);
  return {
    customerIds: s.customerIds,
    frequency,
    recency,
    T,
    monetary: Float64Array.from(s.monetaryValue),
    holdoutPurchases,
    holdoutSpend,
    holdoutLength: (holdEnd - calEnd) / daysPerUnit,
    firstDay,
    calibrationEndDay: calEnd,
    holdoutEndDay: holdEnd,
    daysPerUnit,
  };
}

/** One row of {@link holdoutByFrequency}. */
export interface FrequencyBin {
  /** Calibration frequency x (the last bin holds x >= this). */
  readonly frequency: number;
  /** Whether the bin holds every x >= `frequency`. */
  readonly orMore: boolean;
  /** Customers in the bin. */
  readonly customers: number;
  /** Mean actual purchases in the holdout. */
  readonly actual: number;
  /** Mean predicted purchases in the holdout (conditional expectation over its length). */
  readonly predicted: number;
}

/** Options of {@link holdoutByFrequency}. */
export interface HoldoutByFrequencyOptions {
  /**
   * The last bin: customers with x >= this are pooled (the papers' "7+").
   * @defaultValue 7
   */
  readonly maxFrequency?: number;
}

/**
 * The papers' conditional-expectation check (Fader, Hardie and Lee 2005, figure 4): customers grouped
 * by calibration frequency, the mean of their actual holdout purchases against the mean of the model's
 * E[Y(holdout length) | x, t_x, T]. O(n x series length).
 *
 * @param model - a purchase model fitted on `split`'s calibration summary
 * @param split - from {@link calibrationHoldoutSplit}
 * @param options - `maxFrequency`
 * @returns one row per calibration frequency 0..maxFrequency
 * @throws {@link ClvError} `INVALID_OPTION`
 * @example
 * ```ts
 * holdoutByFrequency(fitBgNbd(split), split)[0];
 * // => { frequency: 0, orMore: false, customers: 1411, actual: 0.2367..., predicted: 0.2251... }
 * ```
 */
export function holdoutByFrequency(model: PurchaseModel<unknown>, split: CalibrationHoldout, options: HoldoutByFrequencyOptions = {}): FrequencyBin[] {
  const maxFrequency = options.maxFrequency ?? 7;
  if (!Number.isInteger(maxFrequency) || maxFrequency < 0) throw new ClvError('INVALID_OPTION', 'maxFrequency', maxFrequency, 'a whole number >= 0');
  const predicted = model.conditionalExpectedPurchases(split.holdoutLength, split);
  const count = new Float64Array(maxFrequency + 1);
  const actual = new Float64Array(maxFrequency + 1);
  const pred = new Float64Array(maxFrequency + 1);
  for (let i = 0; i < split.frequency.length; i++) {
    const b = Math.min(split.frequency[i]!, maxFrequency);
    count[b]!++;
    actual[b]! += split.holdoutPurchases[i]!;
    pred[b]! += predicted[i]!;
  }
  return Array.from(count, (c, b) => ({ frequency: b, orMore: b === maxFrequency, customers: c, actual: c ? actual[b]! / c : NaN, predicted: c ? pred[b]! / c : NaN }));
}

/** One point of {@link cumulativeRepeatPurchases}. */
export interface TrackingPoint {
  /** Time since the calibration start (the first customer's first day), in the time unit. */
  readonly time: number;
  /** Actual cumulative repeat purchase days of the cohort up to this time. */
  readonly actual: number;
  /** Predicted cumulative repeat purchases: the sum over customers of E[X(time - their first day)]. */
  readonly predicted: number;
}

/**
 * The papers' tracking plot (Fader, Hardie and Lee 2005, figure 2): cumulative repeat purchases of the
 * cohort over calibration and holdout, actual against predicted, where the prediction for each
 * customer is the new-customer expectation E[X(t - s)] from their first day s. Every `step` time units
 * from the start to the holdout end. O((customers + points) x series length).
 *
 * @param model - a purchase model fitted on `split`'s calibration summary
 * @param split - from {@link calibrationHoldoutSplit}, with the transaction table it came from
 * @param table - the same transaction table
 * @param step - spacing of the points in the time unit
 * @returns one point per step
 * @throws {@link ClvError} `INVALID_ARGUMENT`
 * @example
 * ```ts
 * cumulativeRepeatPurchases(bg, split, cdnowSample, 1).at(-1);
 * // => { time: 78, actual: 4339, predicted: 4160.6... }
 * ```
 */
export function cumulativeRepeatPurchases(model: PurchaseModel<unknown>, split: CalibrationHoldout, table: TransactionTable, step = 1): TrackingPoint[] {
  if (!(step > 0) || !Number.isFinite(step)) throw new ClvError('INVALID_ARGUMENT', 'step', step, 'a finite number > 0 in the time unit');
  const unit = split.daysPerUnit;
  let start = Infinity;
  for (let i = 0; i < split.firstDay.length; i++) start = Math.min(start, split.firstDay[i]!);
  const span = (split.holdoutEndDay - start + 1) / unit;
  const points = Math.floor(span / step);
  // actual: repeat purchase days by day offset
  const position = new Map<string, number>();
  split.customerIds.forEach((id, j) => position.set(id, j));
  const ids = table.dictionaries.customer;
  const customer = table.columns.customer;
  const dates = table.columns.invoiceDate;
  const days = split.holdoutEndDay - start + 1;
  const repeatByDay = new Float64Array(days + 1);
  const seen = new Set<number>();
  for (let i = 0; i < table.length; i++) {
    const c = customer[i]!;
    if (c < 0) continue;
    const j = position.get(ids[c]!);
    if (j === undefined) continue;
    const day = Math.floor(dates[i]! / MS_PER_DAY);
    if (day > split.holdoutEndDay || day <= split.firstDay[j]!) continue;
    const key = j * 1e6 + (day - start);
    if (seen.has(key)) continue;
    seen.add(key);
    repeatByDay[day - start + 1]!++;
  }
  for (let d = 1; d <= days; d++) repeatByDay[d]! += repeatByDay[d - 1]!;
  // predicted: customers grouped by first day
  const cohortByDay = new Float64Array(days);
  for (let i = 0; i < split.firstDay.length; i++) cohortByDay[split.firstDay[i]! - start]!++;
  const out: TrackingPoint[] = [];
  for (let k = 1; k <= points; k++) {
    const time = k * step;
    const endDay = time * unit; // days since start, end of the point
    let predicted = 0;
    for (let d = 0; d < days && d < endDay; d++) if (cohortByDay[d]! > 0) predicted += cohortByDay[d]! * model.expectedPurchases((endDay - d - 1) / unit);
    out.push({ time, actual: repeatByDay[Math.min(days, Math.floor(endDay))]!, predicted });
  }
  return out;
}
