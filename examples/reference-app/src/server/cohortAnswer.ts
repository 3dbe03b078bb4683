/**
 * `GET /api/cohorts`: monthly cohort retention within a filter, each customer in the cohort of
 * their real first purchase (their first invoice in the whole log as served), never the first
 * purchase the filter happens to show: a filter from September lists a customer acquired in 2010
 * nowhere, instead of in a September "cohort" of customers who were not new then.
 */
import { MS_PER_DAY } from '@shopper-spectrum/core';
import type { TransactionTable } from '@shopper-spectrum/core';
import type { FilterEcho } from './filters.js';
import { round } from './numbers.js';
import { isPartial, monthStarts } from './periods.js';
import type { DayRange } from './periods.js';

/** How the cohorts of an answer are formed, in fields and in words. */
export const COHORT_BASIS = Object.freeze({
  firstPurchase: 'whole log',
  activity: 'filter',
  text: "Cohorts by each customer's first purchase in the whole log. A customer counts when that first purchase is within the filter (its dates, country, segment and cluster); retention counts their purchases within the filter, month by month.",
} as const);

/** One cohort of {@link CohortAnswer}. */
export interface CohortAnswerRow {
  /** The month of the first purchase, `YYYY-MM`. */
  readonly cohort: string;
  /** Customers whose first purchase (whole log) falls in this month and within the filter. */
  readonly customers: number;
  /** `active[j]`: those of them buying within the filter `j` months after the cohort month. */
  readonly active: readonly number[];
  /** `active[j] / customers`, rounded to 6 decimals; `retention[0] = 1`. */
  readonly retention: readonly number[];
  /** Whether the covered days cut the cohort month (its customers were acquired over part of it). */
  readonly partial: boolean;
}

/** The answer of `GET /api/cohorts`. */
export interface CohortAnswer {
  readonly filter: FilterEcho;
  readonly interval: 'month';
  /** {@link COHORT_BASIS}. */
  readonly basis: typeof COHORT_BASIS;
  /** Customers with a purchase in the filter whose first purchase is not in it (bought before its first day, or first elsewhere): in no cohort. */
  readonly excluded: number;
  /** The last month of every cohort's row, and whether the covered days cut it. */
  readonly lastMonth: { readonly month: string; readonly partial: boolean } | null;
  readonly cohorts: readonly CohortAnswerRow[];
}

/** Options of {@link cohortAnswer}. */
export interface CohortAnswerOptions {
  readonly table: TransactionTable;
  /**
   * Ascending row indices of the filter (as `TableFilters.rows` gives them).
   * @defaultValue every row of the table
   */
  readonly rows?: Int32Array | undefined;
  /** Each customer's first invoice time over the whole table ({@link firstPurchases}). */
  readonly first: Float64Array;
  /** The days the filter covers (`coveredDays`). */
  readonly covered: DayRange;
  readonly echo: FilterEcho;
}

/**
 * Each customer's first invoice time (wall-clock ms) over every row of the table, NaN for a code
 * without a row. O(rows).
 *
 * @example
 * ```ts
 * firstPurchases(table)[table.dictionaries.customer.indexOf('12347')];
 * // => Date.UTC(2010, 11, 7, 14, 57) (Online Retail)
 * ```
 */
export function firstPurchases(table: TransactionTable): Float64Array {
  const first = new Float64Array(table.dictionaries.customer.length).fill(NaN);
  const { customer, invoiceDate } = table.columns;
  for (let i = 0; i < table.length; i++) {
    const c = customer[i]!;
    if (c >= 0 && !(invoiceDate[i]! >= first[c]!)) first[c] = invoiceDate[i]!;
  }
  return first;
}

const monthIndex = (t: number) => {
  const d = new Date(Math.floor(t / MS_PER_DAY) * MS_PER_DAY);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
};

/**
 * The cohorts of a filter: a customer with a selected row at their first invoice time (of the whole
 * log) is in the cohort of that month; `active[j]` counts the cohort's customers with a selected row
 * `j` months later. Every cohort's row runs to the last month the filter covers (zeros included);
 * a month without a new customer has no cohort. O(rows + customers + cohorts x months).
 *
 * @example
 * ```ts
 * const f = filters.parse({ country: 'France', from: '2011-09-01', to: '2011-11-30' });
 * cohortAnswer({ table, rows: filters.rows(f), first: firstPurchases(table), covered: coveredDays(data, f), echo: f.echo }).cohorts[0];
 * // => { cohort: '2011-09', customers: 6, active: [6, 3, 4], retention: [1, 0.5, 0.666667], partial: false } (Online Retail; 44 other customers of the filter first bought before it: excluded)
 * ```
 */
export function cohortAnswer(options: CohortAnswerOptions): CohortAnswer {
  const { table, rows, first, covered, echo } = options;
  const months = monthStarts(covered);
  const empty = { filter: echo, interval: 'month' as const, basis: COHORT_BASIS, excluded: 0, lastMonth: null, cohorts: [] };
  if (months.length === 0) return empty;
  const m0 = monthIndex(months[0]!);
  const span = months.length;
  const { customer, invoiceDate } = table.columns;
  const n = rows === undefined ? table.length : rows.length;
  // pass 1: who is in a cohort (a selected row at the first purchase time), and who bought at all
  const state = new Uint8Array(first.length); // 1: bought in the filter, 2: in a cohort
  for (let r = 0; r < n; r++) {
    const i = rows === undefined ? r : rows[r]!;
    const c = customer[i]!;
    if (c < 0) continue;
    if (invoiceDate[i] === first[c]) state[c] = 2;
    else if (state[c] === 0) state[c] = 1;
  }
  // pass 2: the months each member bought in, counted once a customer and month
  const lastMonthOf = new Int32Array(first.length).fill(-1);
  const active: number[][] = Array.from({ length: span }, (_, k) => new Array<number>(span - k).fill(0));
  const cohortOf = new Int32Array(first.length).fill(-1);
  let excluded = 0;
  for (let c = 0; c < first.length; c++) {
    if (state[c] === 2) cohortOf[c] = monthIndex(first[c]!) - m0;
    else if (state[c] === 1) excluded++;
  }
  // rows are not assumed in time order: a customer-month seen is remembered in a small set per customer
  const seen = new Map<number, Set<number>>();
  for (let r = 0; r < n; r++) {
    const i = rows === undefined ? r : rows[r]!;
    const c = customer[i]!;
    if (c < 0) continue;
    const k = cohortOf[c]!;
    if (k < 0 || k >= span) continue;
    const p = monthIndex(invoiceDate[i]!) - m0;
    if (p < k || p >= span) continue;
    if (lastMonthOf[c] === p) continue;
    lastMonthOf[c] = p;
    let s = seen.get(c);
    if (s === undefined) seen.set(c, (s = new Set()));
    if (s.has(p)) continue;
    s.add(p);
    active[k]![p - k]!++;
  }
  const label = (start: number) => new Date(start).toISOString().slice(0, 7);
  const cohorts: CohortAnswerRow[] = [];
  for (let k = 0; k < span; k++) {
    const counts = active[k]!;
    const size = counts[0]!;
    if (size === 0) continue;
    cohorts.push({ cohort: label(months[k]!), customers: size, active: counts, retention: counts.map((a) => round(a / size, 6)), partial: isPartial(months[k]!, 'month', covered) });
  }
  const last = months[span - 1]!;
  return { ...empty, excluded, lastMonth: { month: label(last), partial: isPartial(last, 'month', covered) }, cohorts };
}
