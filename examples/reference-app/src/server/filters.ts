/**
 * The dashboard's filters (a date range and a country) as row selections of the served table,
 * without copying it: one {@link dateIndex} is built at start-up (nothing but a check of the date
 * order for a table read from a file in date order, as `analyze` writes it; about 4 bytes a row
 * otherwise), and each filter is answered by it in O(log n + rows in the window). The answers
 * aggregate the selected rows in place (filteredAnswers.ts).
 */
import { dateIndex, MS_PER_DAY } from '@shopper-spectrum/core';
import type { DateIndex, RowFilter, TransactionTable } from '@shopper-spectrum/core';
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
  readonly echo: FilterEcho;
  /** A key for the answer cache. */
  readonly key: string;
}

/** The filters as an answer echoes them (`null` for an absent one). */
export interface FilterEcho {
  readonly from: string | null;
  readonly to: string | null;
  readonly country: string | null;
}

/** The query fields of a filtered route (already checked by the route schema for form). */
export interface FilterQuery {
  readonly from?: string;
  readonly to?: string;
  readonly country?: string;
}

/**
 * The filters of one table: its date index (built once) and its countries.
 *
 * @example
 * ```ts
 * const filters = new TableFilters(table); // the served table of Online Retail (trusted preset)
 * filters.rows(filters.parse({ from: '2011-09-01', to: '2011-11-30', country: 'France' }))!.length;
 * // => 3279
 * filters.indexBytes;
 * // => 0 (the table is in date order: a window is two binary searches over its date column)
 * ```
 */
export class TableFilters {
  /** The rows by date, for every filter of this table. */
  private readonly index: DateIndex;
  /** Lower-cased country name -> code, for countries with rows. */
  readonly countryIndex: ReadonlyMap<string, number>;
  /** Countries with their row counts, most rows first. */
  readonly countries: readonly { country: string; rows: number }[];

  constructor(readonly table: TransactionTable) {
    this.index = dateIndex(table);
    const { country } = table.columns;
    const rows = new Map<number, number>();
    for (let i = 0; i < table.length; i++) rows.set(country[i]!, (rows.get(country[i]!) ?? 0) + 1);
    const index = new Map<string, number>();
    table.dictionaries.country.forEach((name, c) => {
      if (rows.has(c)) index.set(name.toLowerCase(), c);
    });
    this.countryIndex = index;
    this.countries = [...index.values()].map((c) => ({ country: table.dictionaries.country[c]!, rows: rows.get(c)! })).sort((a, b) => b.rows - a.rows || (a.country < b.country ? -1 : 1));
  }

  /** The bytes the date index holds besides the table (0 for a table in date order). */
  get indexBytes(): number {
    return this.index.byteLength;
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

  /**
   * The selected rows, ascending indices into {@link TableFilters.table}, or undefined when no
   * filter is set (every row: the aggregations' default, and faster than listing them all).
   * O(log n + rows in the window); the result (4 bytes a selected row) is the only memory used.
   */
  rows(f: Filters): Int32Array | undefined {
    if (f.from === null && f.toExclusive === null && f.country === null) return undefined;
    const filter: { -readonly [K in keyof RowFilter]: RowFilter[K] } = {};
    if (f.from !== null) filter.from = f.from;
    if (f.toExclusive !== null) filter.toExclusive = f.toExclusive;
    if (f.country !== null) filter.country = f.country;
    return this.index.select(filter);
  }
}
