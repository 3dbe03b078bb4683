/**
 * `GET /api/overview`: the headline figures of a filter and their change against the previous
 * period of the same length (the same country, segment and cluster, the days just before).
 */
import { MS_PER_DAY } from '@shopper-spectrum/core';
import type { Currency } from '../charts.js';
import { selectionKpis } from './filteredAnswers.js';
import type { Kpis } from './filteredAnswers.js';
import type { FilterEcho, Filters, TableFilters } from './filters.js';
import { coveredDays, isoDay } from './periods.js';
import type { DayRange } from './periods.js';

/** The KPIs of the overview. */
export type OverviewKpis = Pick<Kpis, 'revenue' | 'orders' | 'customers' | 'averageOrderValue' | 'products'>;

/** One KPI against the previous period: its value there, and `(now - previous) / previous` (null when previous is 0). */
export interface KpiChange {
  readonly previous: number;
  readonly ratio: number | null;
}

/** The answer of `GET /api/overview`. */
export interface OverviewAnswer {
  readonly filter: FilterEcho;
  readonly currency: Currency;
  /** The days the figures cover: the data's days cut by the filter's dates. */
  readonly period: { readonly from: string; readonly to: string; readonly days: number };
  /** The same number of days just before, or null (no date in the filter, or before the data's first day). */
  readonly previous: { readonly from: string; readonly to: string } | null;
  readonly kpis: OverviewKpis;
  /** Each KPI against the previous period, or null when there is none. */
  readonly change: Readonly<Record<keyof OverviewKpis, KpiChange>> | null;
}

/** Options of {@link overviewAnswer}. */
export interface OverviewAnswerOptions {
  /** The served table's filters. */
  readonly filters: TableFilters;
  /** The filter asked. */
  readonly filter: Filters;
  /** The days the data holds (its first to its last invoice day). */
  readonly data: DayRange;
  /** The currency of the money figures. */
  readonly currency: Currency;
}

const KPI_NAMES = ['revenue', 'orders', 'customers', 'averageOrderValue', 'products'] as const;

const pick = (k: Kpis): OverviewKpis => ({ revenue: k.revenue, orders: k.orders, customers: k.customers, averageOrderValue: k.averageOrderValue, products: k.products });

/**
 * The overview of a filter: its KPIs over the covered days and, when the filter sets a date and
 * the days just before lie in the data, the same KPIs over the previous `days` days. O(rows of both
 * periods + invoices + customers + products).
 *
 * @example
 * ```ts
 * overviewAnswer({ filters, filter: filters.parse({ from: '2011-09-01', to: '2011-11-30' }), data, currency: GBP }).previous;
 * // => { from: '2011-06-02', to: '2011-08-31' } (91 days before)
 * ```
 */
export function overviewAnswer(options: OverviewAnswerOptions): OverviewAnswer {
  const { filters, filter: f, data, currency } = options;
  const table = filters.table;
  const covered = coveredDays(data, f);
  const kpis = pick(selectionKpis({ table, rows: filters.rows(f) }));
  const days = Math.max(0, Math.round((covered.toExclusive - covered.from) / MS_PER_DAY));
  const period = days > 0 ? { from: isoDay(covered.from), to: isoDay(covered.toExclusive - MS_PER_DAY), days } : { from: f.echo.from ?? isoDay(data.from), to: f.echo.to ?? isoDay(data.toExclusive - MS_PER_DAY), days: 0 };
  const dated = f.from !== null || f.toExclusive !== null;
  const before = covered.from - days * MS_PER_DAY;
  if (!dated || days === 0 || before < data.from) return { filter: f.echo, currency, period, previous: null, kpis, change: null };
  const previous = pick(selectionKpis({ table, rows: filters.rows({ ...f, from: before, toExclusive: covered.from }) ?? new Int32Array(0) }));
  const change = Object.fromEntries(KPI_NAMES.map((k) => [k, { previous: previous[k], ratio: previous[k] === 0 ? null : (kpis[k] - previous[k]) / previous[k] }])) as Record<keyof OverviewKpis, KpiChange>;
  return { filter: f.echo, currency, period, previous: { from: isoDay(before), to: isoDay(covered.from - MS_PER_DAY) }, kpis, change };
}
