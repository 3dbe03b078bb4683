/**
 * `GET /api/countries/revenue`: revenue by country over a filter's rows, every country ranked, and
 * the first against the rest together (on Online Retail, the United Kingdom against the 37 others),
 * so that a chart can show the one large bar and the ranked rest apart.
 */
import type { FilterEcho } from './filters.js';
import type { Selection } from './filteredAnswers.js';
import { round, share } from './numbers.js';

/** One country's figures over the selection. */
export interface CountryRevenueRow {
  /** The country as the data writes it, or null for rows without one. */
  readonly country: string | null;
  /** Revenue, rounded to cents. */
  readonly revenue: number;
  /** Its share of the selection's revenue. */
  readonly share: number;
  /** Distinct known customers. */
  readonly customers: number;
  /** Distinct invoices. */
  readonly orders: number;
}

/** The answer of `GET /api/countries/revenue`. */
export interface CountryRevenueAnswer {
  readonly filter: FilterEcho;
  /** The selection's revenue, rounded to cents. */
  readonly total: number;
  /** The first country by revenue, or null when nothing is selected. */
  readonly top: { readonly country: string | null; readonly revenue: number; readonly share: number } | null;
  /** Every other country together. */
  readonly rest: { readonly revenue: number; readonly share: number; readonly countries: number };
  /** Every country with a selected row, by revenue, largest first (ties by name). */
  readonly rows: readonly CountryRevenueRow[];
}

/** Options of {@link countryRevenueAnswer}. */
export interface CountryRevenueOptions extends Selection {
  /** The filter the answer echoes. */
  readonly echo: FilterEcho;
}

/**
 * Revenue, customers and orders per country of the selected rows, in one pass: O(rows + countries
 * x log countries) time; a byte per invoice and a set of (customer, country) pairs of scratch memory.
 * The figures equal core `revenueByCountry` on `selectRows(table, rows)` (test/apiOverview.test.ts).
 *
 * @example
 * ```ts
 * const a = countryRevenueAnswer({ table, rows: filters.rows(filters.parse({ from: '2011-09-01', to: '2011-11-30' })), echo });
 * [a.top.country, a.rest.countries];
 * // => ['United Kingdom', 27] (Online Retail, trusted preset)
 * ```
 */
export function countryRevenueAnswer(options: CountryRevenueOptions): CountryRevenueAnswer {
  const { table, rows, echo } = options;
  const { quantity, unitPrice, invoice, customer, country } = table.columns;
  const names = table.dictionaries.country;
  const k = names.length + 1; // slot 0: no country
  const revenue = new Float64Array(k);
  const lines = new Int32Array(k);
  const orders = new Int32Array(k);
  const customers = new Int32Array(k);
  const seenInvoice = new Uint8Array(table.dictionaries.invoice.length);
  const seenCustomer = new Set<number>();
  const n = rows === undefined ? table.length : rows.length;
  for (let r = 0; r < n; r++) {
    const i = rows === undefined ? r : rows[r]!;
    const g = country[i]! + 1;
    revenue[g]! += quantity[i]! * unitPrice[i]!;
    lines[g]!++;
    if (!seenInvoice[invoice[i]!]) ((seenInvoice[invoice[i]!] = 1), orders[g]!++);
    const c = customer[i]!;
    if (c >= 0 && !seenCustomer.has(c * k + g)) (seenCustomer.add(c * k + g), customers[g]!++);
  }
  let total = 0;
  for (let g = 0; g < k; g++) total += revenue[g]!;
  const list: { g: number; name: string | null }[] = [];
  for (let g = 0; g < k; g++) if (lines[g]! > 0) list.push({ g, name: g === 0 ? null : names[g - 1]! });
  list.sort((a, b) => revenue[b.g]! - revenue[a.g]! || (a.name === null ? 1 : b.name === null ? -1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out = list.map(({ g, name }) => ({ country: name, revenue: round(revenue[g]!, 2), share: share(revenue[g]!, total), customers: customers[g]!, orders: orders[g]! }));
  const first = list[0];
  const restRevenue = first === undefined ? 0 : total - revenue[first.g]!;
  return {
    filter: echo,
    total: round(total, 2),
    top: first === undefined ? null : { country: first.name, revenue: round(revenue[first.g]!, 2), share: share(revenue[first.g]!, total) },
    rest: { revenue: round(restRevenue, 2), share: share(restRevenue, total), countries: Math.max(0, list.length - 1) },
    rows: out,
  };
}
