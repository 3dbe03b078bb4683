/**
 * The dashboard's filters (a date range, a country, an RFM segment and a cluster) as row selections
 * of the served table, without copying it: one {@link dateIndex} is built at start-up (nothing but a
 * check of the date order for a table read from a file in date order, as `analyze` writes it; about
 * 4 bytes a row otherwise), and each date and country filter is answered by it in O(log n + rows in
 * the window). A segment or a cluster keeps the rows of its customers (segments as of the analysis):
 * the window's rows are tested against the customer -> group arrays built once
 * (customerGroups.ts), O(rows in the window). The answers aggregate the selected rows in place.
 */
import { dateIndex, MS_PER_DAY } from '@shopper-spectrum/core';
import type { DateIndex, RowFilter, TransactionTable } from '@shopper-spectrum/core';
import type { CustomerGroups, CustomerSegmentations } from './customerGroups.js';
import { HttpError } from './httpError.js';

/** Validated filters. */
export interface Filters {
  /** First day, wall-clock ms at 00:00, or null. */
  readonly from: number | null;
  /** The day after the last day, wall-clock ms at 00:00 (exclusive), or null. */
  readonly toExclusive: number | null;
  /** Country code in the table's dictionary, or null for all. */
  readonly country: number | null;
  /** The RFM segment (index into the segmentation's names), or null for all. */
  readonly segment: number | null;
  /** The cluster (index into the segmentation's names), or null for all. */
  readonly cluster: number | null;
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
  readonly segment: string | null;
  readonly cluster: string | null;
}

/** The query fields of a filtered route (already checked by the route schema for form). */
export interface FilterQuery {
  readonly from?: string;
  readonly to?: string;
  readonly country?: string;
  readonly segment?: string;
  readonly cluster?: string;
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

  /**
   * @param table - the served table
   * @param segmentations - which RFM segment and cluster each customer is in; without them, the
   *   segment and cluster filters accept no value
   */
  constructor(
    readonly table: TransactionTable,
    readonly segmentations: CustomerSegmentations | null = null,
  ) {
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
    const group = (name: 'segment' | 'cluster', groups: CustomerGroups | undefined): number | null => {
      const value = q[name];
      if (value === undefined) return null;
      const g = groups?.index.get(value.toLowerCase());
      if (g === undefined) {
        const names = groups?.names ?? [];
        const what = name === 'segment' ? 'an RFM segment' : 'a cluster';
        throw new HttpError(400, 'INVALID_PARAMETER', `${name} ${JSON.stringify(value)} is not ${what} of this analysis; GET /api/segments lists the ${names.length} there are`, name, value, names.length ? names.join(', ') : `no ${name}s in this analysis`);
      }
      return g;
    };
    const segment = group('segment', this.segmentations?.rfm);
    const cluster = group('cluster', this.segmentations?.cluster);
    return {
      from,
      toExclusive,
      country,
      segment,
      cluster,
      echo: {
        from: q.from ?? null,
        to: q.to ?? null,
        country: country === null ? null : this.table.dictionaries.country[country]!,
        segment: segment === null ? null : this.segmentations!.rfm.names[segment]!,
        cluster: cluster === null ? null : this.segmentations!.cluster.names[cluster]!,
      },
      key: `${from}|${toExclusive}|${country}|${segment}|${cluster}`,
    };
  }

  /** Whether a filter sets nothing (every row). */
  static isEmpty(f: Filters): boolean {
    return f.from === null && f.toExclusive === null && f.country === null && f.segment === null && f.cluster === null;
  }

  /** The same filter without its segment and cluster (the dates and the country only). */
  static withoutGroups(f: Filters): Filters {
    return { ...f, segment: null, cluster: null, echo: { ...f.echo, segment: null, cluster: null }, key: `${f.from}|${f.toExclusive}|${f.country}|null|null` };
  }

  /**
   * The selected rows, ascending indices into {@link TableFilters.table}, or undefined when no
   * filter is set (every row: the aggregations' default, and faster than listing them all).
   * O(log n + rows in the window), plus a pass over the window's rows (every row without a window)
   * for a segment or a cluster; the result (4 bytes a selected row) is the only memory used.
   */
  rows(f: Filters): Int32Array | undefined {
    if (TableFilters.isEmpty(f)) return undefined;
    let window: Int32Array | undefined;
    if (f.from !== null || f.toExclusive !== null || f.country !== null) {
      const filter: { -readonly [K in keyof RowFilter]: RowFilter[K] } = {};
      if (f.from !== null) filter.from = f.from;
      if (f.toExclusive !== null) filter.toExclusive = f.toExclusive;
      if (f.country !== null) filter.country = f.country;
      window = this.index.select(filter);
    }
    if (f.segment === null && f.cluster === null) return window;
    // the window's rows (or every row) whose customer is in the segment and the cluster asked
    const { customer } = this.table.columns;
    const rfm = f.segment === null ? null : this.segmentations!.rfm.of;
    const cluster = f.cluster === null ? null : this.segmentations!.cluster.of;
    const keeps = (i: number) => {
      const c = customer[i]!;
      return c >= 0 && (rfm === null || rfm[c] === f.segment) && (cluster === null || cluster[c] === f.cluster);
    };
    const n = window === undefined ? this.table.length : window.length;
    let kept = 0;
    for (let r = 0; r < n; r++) if (keeps(window === undefined ? r : window[r]!)) kept++;
    const out = new Int32Array(kept);
    kept = 0;
    for (let r = 0; r < n; r++) {
      const i = window === undefined ? r : window[r]!;
      if (keeps(i)) out[kept++] = i;
    }
    return out;
  }
}
