/**
 * The dashboard's filters (a date range and a country) as row selections of the served table,
 * without copying it: rows are ordered by date once at start-up (4 bytes a row), a window is two
 * binary searches, a country a pass over the window. Answers are aggregated over the selected rows.
 */
import { MS_PER_DAY, salesTrend, selectRows, topProducts } from '@shopper-spectrum/core';
import type { ProductRanking, ProductSummaryRow, TransactionTable, TrendInterval, TrendPoint } from '@shopper-spectrum/core';
import { HttpError } from './httpError.js';

/** Validated filters. */
export interface Filters {
  /** First day, wall-clock ms at 00:00, or null. */
  readonly from: number | null;
  /** The day after the last day, wall-clock ms at 00:00 (exclusive), or null. */
  readonly toExclusive: number | null;
  /** Country code in the table's dictionary, or null for all. */
  readonly country: number | null;
  /** The filters as the answer echoes them. */
  readonly echo: { readonly from: string | null; readonly to: string | null; readonly country: string | null };
  /** A key for the answer cache. */
  readonly key: string;
}

/** The query fields of a filtered route (already checked by the route schema for form). */
export interface FilterQuery {
  readonly from?: string;
  readonly to?: string;
  readonly country?: string;
}

/** Row selections and aggregates over one table. */
export class TableFilters {
  /** Row indices by ascending date (stable). */
  private readonly byDate: Int32Array;
  private readonly dates: Float64Array;
  /** Lower-cased country name -> code, for countries with rows. */
  readonly countryIndex: ReadonlyMap<string, number>;
  /** Countries with their row counts, most rows first. */
  readonly countries: readonly { country: string; rows: number }[];

  constructor(readonly table: TransactionTable) {
    const n = table.length;
    const { invoiceDate, country } = table.columns;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    // Array.prototype.sort is stable: equal dates keep the table's order
    const sorted = Int32Array.from(Array.from(order).sort((a, b) => invoiceDate[a]! - invoiceDate[b]!));
    this.byDate = sorted;
    this.dates = Float64Array.from(sorted, (i) => invoiceDate[i]!);
    const rows = new Map<number, number>();
    for (let i = 0; i < n; i++) rows.set(country[i]!, (rows.get(country[i]!) ?? 0) + 1);
    const index = new Map<string, number>();
    table.dictionaries.country.forEach((name, c) => {
      if (rows.has(c)) index.set(name.toLowerCase(), c);
    });
    this.countryIndex = index;
    this.countries = [...index.values()].map((c) => ({ country: table.dictionaries.country[c]!, rows: rows.get(c)! })).sort((a, b) => b.rows - a.rows || (a.country < b.country ? -1 : 1));
  }

  /** Checks the filter values beyond their form (a real date, the order of the two, a known country). */
  parse(q: FilterQuery): Filters {
    const day = (name: 'from' | 'to'): number | null => {
      const raw = q[name];
      if (raw === undefined) return null;
      const t = Date.parse(`${raw}T00:00:00Z`);
      if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== raw) throw new HttpError(400, 'INVALID_PARAMETER', `${name} must be a real date YYYY-MM-DD, got ${JSON.stringify(raw)}`, name, raw, 'a date YYYY-MM-DD');
      return t;
    };
    const from = day('from');
    const to = day('to');
    if (from !== null && to !== null && to < from) throw new HttpError(400, 'INVALID_PARAMETER', `to (${q.to}) is before from (${q.from})`, 'to', q.to, 'a date on or after from');
    let country: number | null = null;
    const raw = q.country;
    if (raw !== undefined && raw.toLowerCase() !== 'all') {
      const c = this.countryIndex.get(raw.toLowerCase());
      if (c === undefined) throw new HttpError(400, 'INVALID_PARAMETER', `country ${JSON.stringify(raw)} is not in the data; GET /api/countries lists the ${this.countryIndex.size} that are`, 'country', raw, 'a country from GET /api/countries, or all');
      country = c;
    }
    const toExclusive = to === null ? null : to + MS_PER_DAY;
    return { from, toExclusive, country, echo: { from: q.from ?? null, to: q.to ?? null, country: country === null ? null : this.table.dictionaries.country[country]! }, key: `${from}|${toExclusive}|${country}` };
  }

  /** The selected rows in table order, or null for every row. O(rows in the window). */
  rows(f: Filters): Int32Array | null {
    if (f.from === null && f.toExclusive === null && f.country === null) return null;
    const lo = f.from === null ? 0 : lowerBound(this.dates, f.from);
    const hi = f.toExclusive === null ? this.dates.length : lowerBound(this.dates, f.toExclusive);
    const country = this.table.columns.country;
    const out = new Int32Array(Math.max(0, hi - lo));
    let m = 0;
    for (let k = lo; k < hi; k++) {
      const i = this.byDate[k]!;
      if (f.country === null || country[i] === f.country) out[m++] = i;
    }
    return out.subarray(0, m).sort();
  }

  /** Revenue, orders, customers, products and rows of a selection, without copying the table. */
  kpis(rows: Int32Array | null) {
    const { quantity, unitPrice, invoice, customer, stockCode } = this.table.columns;
    const d = this.table.dictionaries;
    const seenInvoice = new Uint8Array(d.invoice.length);
    const seenCustomer = new Uint8Array(d.customer.length);
    const seenProduct = new Uint8Array(d.stockCode.length);
    let revenue = 0;
    let orders = 0;
    let customers = 0;
    let products = 0;
    const n = rows === null ? this.table.length : rows.length;
    for (let r = 0; r < n; r++) {
      const i = rows === null ? r : rows[r]!;
      revenue += quantity[i]! * unitPrice[i]!;
      if (!seenInvoice[invoice[i]!]) ((seenInvoice[invoice[i]!] = 1), orders++);
      const c = customer[i]!;
      if (c >= 0 && !seenCustomer[c]) ((seenCustomer[c] = 1), customers++);
      if (!seenProduct[stockCode[i]!]) ((seenProduct[stockCode[i]!] = 1), products++);
    }
    return { revenue: Math.round(revenue * 100) / 100, orders, customers, products, rows: n, averageOrderValue: orders ? Math.round((revenue / orders) * 100) / 100 : 0 };
  }

  /** Sales by period over a selection. */
  trend(rows: Int32Array | null, interval: TrendInterval): TrendPoint[] {
    if (rows !== null && rows.length === 0) return [];
    return salesTrend(rows === null ? this.table : selectRows(this.table, rows), { interval });
  }

  /** Top products over a selection. */
  top(rows: Int32Array | null, by: ProductRanking, limit: number): ProductSummaryRow[] {
    if (rows !== null && rows.length === 0) return [];
    return topProducts(rows === null ? this.table : selectRows(this.table, rows), { by, limit });
  }
}

/** The first index whose value is >= x in an ascending array. */
function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
