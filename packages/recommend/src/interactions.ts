import { dateExtent, MS_PER_DAY, mostFrequentDescription, requireProducts } from '@shopper-spectrum/core';
import type { TransactionTable } from '@shopper-spectrum/core';
import { checkFloats, checkIds, checkIndices, checkOffsets, CHECKS, optionValue, resolveName } from './checks.js';
import type { Fail } from './checks.js';
import { checkTableArgument } from './checkMatrix.js';
import { RecommendError } from './errors.js';

/**
 * The cell weights of {@link buildInteractions}, by name, with what each counts.
 *
 * @example
 * ```ts
 * Object.keys(INTERACTION_WEIGHTS);
 * // => ['binary', 'invoices', 'quantity', 'revenue']
 * ```
 */
export const INTERACTION_WEIGHTS = Object.freeze({
  binary: 'bought at all (1), or the decayed weight of the latest purchase',
  invoices: 'distinct invoices with the product',
  quantity: 'units bought',
  revenue: 'quantity x unit price',
});

/** How one customer-product cell is weighted: a key of {@link INTERACTION_WEIGHTS}. */
export type InteractionWeight = keyof typeof INTERACTION_WEIGHTS;

/** Options of {@link buildInteractions}. */
export interface InteractionOptions {
  /**
   * The cell value: `'binary'` (bought at all), `'invoices'` (distinct invoices), `'quantity'` (units)
   * or `'revenue'` (quantity x price). Negative totals (returns left in) are clipped to 0.
   * @defaultValue {@link INTERACTION_DEFAULTS | INTERACTION_DEFAULTS.weight}
   */
  readonly weight?: InteractionWeight;
  /**
   * Time decay: each row counts `0.5 ^ (age in days / halfLifeDays)`, age measured to the last
   * transaction; with `'binary'` the cell is the decayed weight of the most recent purchase.
   * `Infinity` is no decay.
   * @defaultValue {@link INTERACTION_DEFAULTS | INTERACTION_DEFAULTS.halfLifeDays}
   */
  readonly halfLifeDays?: number;
}

/**
 * The defaults of {@link buildInteractions}: one cell per customer and product bought, no time decay.
 *
 * @example
 * ```ts
 * INTERACTION_DEFAULTS;
 * // => { weight: 'binary', halfLifeDays: Infinity }
 * ```
 */
export const INTERACTION_DEFAULTS: Readonly<Required<InteractionOptions>> = Object.freeze({ weight: 'binary', halfLifeDays: Infinity });

/**
 * The matrix TIFU-kNN and repeat-purchase are fitted on by `fitRecommender`: invoice counts (how
 * often each product was on the customer's invoices), no decay.
 *
 * @example
 * ```ts
 * INVOICE_INTERACTIONS;
 * // => { weight: 'invoices', halfLifeDays: Infinity }
 * ```
 */
export const INVOICE_INTERACTIONS: Readonly<Required<InteractionOptions>> = Object.freeze({ ...INTERACTION_DEFAULTS, weight: 'invoices' });

/** The check of `halfLifeDays`: a positive number of days, or `Infinity` (no decay). */
const HALF_LIFE = { allowed: 'a positive number of days (Infinity: no decay)', test: (v: unknown): v is number => v === Infinity || CHECKS.positive.test(v) };

/**
 * Internal: interaction options with every default filled in and checked (also the cache key of a
 * fit's matrices).
 */
export function resolveInteractionOptions(options: InteractionOptions = {}): Required<InteractionOptions> {
  if (options === null || typeof options !== 'object') throw new RecommendError('INVALID_OPTION', 'interactions', options, '{ weight, halfLifeDays }');
  return {
    weight: resolveName(INTERACTION_WEIGHTS, options.weight ?? INTERACTION_DEFAULTS.weight, 'weight'),
    halfLifeDays: optionValue(options.halfLifeDays, INTERACTION_DEFAULTS.halfLifeDays, 'halfLifeDays', HALF_LIFE),
  };
}

/**
 * A sparse customer x product matrix in CSR form (rows = customers, sorted column indices), with the
 * id <-> index dictionaries, a product x customer transpose (CSC view), popularity and descriptions.
 */
export interface InteractionMatrix {
  /** Customer ids by row. */
  readonly customers: readonly string[];
  /** StockCodes by column. */
  readonly items: readonly string[];
  /** Most frequent description per column (or `null`). */
  readonly descriptions: readonly (string | null)[];
  /** Row of a customer id. */
  readonly customerIndex: ReadonlyMap<string, number>;
  /** Column of a StockCode. */
  readonly itemIndex: ReadonlyMap<string, number>;
  /** CSR row offsets (customers + 1). */
  readonly indptr: Int32Array;
  /** CSR column indices, ascending within a row. */
  readonly indices: Int32Array;
  /** CSR values. */
  readonly data: Float64Array;
  /** CSC (product x customer) offsets. */
  readonly itemIndptr: Int32Array;
  /** CSC row indices (customers), ascending within a column. */
  readonly itemCustomers: Int32Array;
  /** CSC values. */
  readonly itemData: Float64Array;
  /** Distinct customers per product (the popularity used for tie-breaks). */
  readonly popularity: Int32Array;
  /** Stored cells. */
  readonly nnz: number;
}

/**
 * Builds the customer x product matrix from a (cleaned) table, without a dense pivot: O(n + nnz log)
 * time, O(nnz) memory. Rows without a customer are left out; products and customers are numbered in
 * first-seen order.
 *
 * @param table - a cleaned transaction table
 * @param options - the cell weight and time decay
 * @returns the matrix with its dictionaries
 * @throws {@link RecommendError} `EMPTY_INPUT` when no row has a customer, `INVALID_OPTION`,
 * `INVALID_ARGUMENT` for an interaction matrix or fit data (saying what to pass); core's `CoreError`
 * `INVALID_ARGUMENT` for anything else that is not a table (a whole `{ table, report }` result: its
 * `.table`; see `checkTable`) and `NO_PRODUCTS` for a table without products
 * @example
 * ```ts
 * const m = buildInteractions(train, { weight: 'binary' });
 * [m.customers.length, m.items.length, m.nnz];
 * // => [3947, 3552, 230000] (about; Online Retail before 2011-09-01)
 * ```
 */
export function buildInteractions(table: TransactionTable, options: InteractionOptions = {}): InteractionMatrix {
  checkTableArgument(table, 'table');
  requireProducts(table, 'buildInteractions (every recommender)');
  const { weight, halfLifeDays: half } = resolveInteractionOptions(options);
  const { customer, stockCode, invoice, quantity, unitPrice, invoiceDate } = table.columns;
  const extent = dateExtent(table, { withCustomer: true });
  if (extent === null) throw new RecommendError('EMPTY_INPUT', 'table', `${table.length} rows, none with a customer`, 'rows with customer ids');
  const { last } = extent;
  const custRow = new Int32Array(table.dictionaries.customer.length).fill(-1);
  const itemCol = new Int32Array(table.dictionaries.stockCode.length).fill(-1);
  const customers: string[] = [];
  const itemCodes: number[] = [];
  // pass 1: rows and columns by first appearance, and rows per customer (a counting sort of the
  // table's rows by customer row, each customer's rows kept in table order)
  let withCustomer = 0;
  for (let i = 0; i < table.length; i++) {
    const c = customer[i]!;
    if (c < 0) continue;
    withCustomer++;
    if (custRow[c] === -1) {
      custRow[c] = customers.length;
      customers.push(table.dictionaries.customer[c]!);
    }
    const s = stockCode[i]!;
    if (itemCol[s] === -1) {
      itemCol[s] = itemCodes.length;
      itemCodes.push(s);
    }
  }
  const nRows = customers.length;
  const nCols = itemCodes.length;
  const start = new Int32Array(nRows + 1);
  for (let i = 0; i < table.length; i++) if (customer[i]! >= 0) start[custRow[customer[i]!]! + 1]!++;
  for (let r = 0; r < nRows; r++) start[r + 1]! += start[r]!;
  const order = new Int32Array(withCustomer);
  const fill = start.slice(0, nRows);
  for (let i = 0; i < table.length; i++) if (customer[i]! >= 0) order[fill[custRow[customer[i]!]!]!++] = i;
  // pass 2: one customer at a time, the cells accumulated in a dense row of scratch (in table order,
  // so sums add as before), then written out in column order. No map of every cell: a log of 100M
  // rows has more cells than a JavaScript Map can hold (2^24)
  const value = new Float64Array(nCols);
  const lastInvoice = new Int32Array(nCols).fill(-1);
  const touched = new Int32Array(nCols);
  const indptr = new Int32Array(nRows + 1);
  let indices = new Int32Array(Math.max(16, withCustomer >>> 2));
  let data = new Float64Array(indices.length);
  let nnz = 0;
  for (let r = 0; r < nRows; r++) {
    let nTouched = 0;
    for (let k = start[r]!; k < start[r + 1]!; k++) {
      const i = order[k]!;
      const j = itemCol[stockCode[i]!]!;
      const fresh = lastInvoice[j] === -1 && value[j] === 0;
      const decay = half === Infinity ? 1 : 0.5 ** ((last - invoiceDate[i]!) / MS_PER_DAY / half);
      if (weight === 'binary') value[j] = Math.max(value[j]!, decay);
      else if (weight === 'invoices') {
        // an invoice counts once per cell when its rows for the product are adjacent (as in the exports)
        if (lastInvoice[j] === invoice[i]) continue;
        value[j] = value[j]! + decay;
      } else if (weight === 'quantity') value[j] = value[j]! + quantity[i]! * decay;
      else value[j] = value[j]! + quantity[i]! * unitPrice[i]! * decay;
      if (fresh) touched[nTouched++] = j;
      lastInvoice[j] = invoice[i]!;
    }
    const cols = touched.subarray(0, nTouched).sort();
    if (nnz + nTouched > indices.length) {
      const grown = Math.max(nnz + nTouched, Math.ceil(indices.length * 1.5));
      const ni = new Int32Array(grown);
      ni.set(indices.subarray(0, nnz));
      indices = ni;
      const nd = new Float64Array(grown);
      nd.set(data.subarray(0, nnz));
      data = nd;
    }
    for (let t = 0; t < nTouched; t++) {
      const j = cols[t]!;
      const v = value[j]!;
      if (v > 0) {
        indices[nnz] = j;
        data[nnz] = v;
        nnz++;
      }
      value[j] = 0;
      lastInvoice[j] = -1;
    }
    indptr[r + 1] = nnz;
  }
  const desc = mostFrequentDescription(table);
  return matrixFromCsr({
    customers,
    items: itemCodes.map((s) => table.dictionaries.stockCode[s]!),
    descriptions: itemCodes.map((s) => (desc[s]! < 0 ? null : table.dictionaries.description[desc[s]!]!)),
    indptr,
    indices: indices.slice(0, nnz),
    data: data.slice(0, nnz),
  });
}

/** The stored part of an {@link InteractionMatrix}: the rest is derived by {@link matrixFromCsr}. */
export interface CsrParts {
  /** Customer ids by row. */
  readonly customers: readonly string[];
  /** StockCodes by column. */
  readonly items: readonly string[];
  /** Description per column (or `null`). */
  readonly descriptions: readonly (string | null)[];
  /** CSR row offsets (customers + 1). */
  readonly indptr: Int32Array;
  /** CSR column indices, ascending within a row. */
  readonly indices: Int32Array;
  /** CSR values (> 0). */
  readonly data: Float64Array;
}

/**
 * Completes CSR parts into an {@link InteractionMatrix} (transpose, popularity, dictionaries): what
 * {@link buildInteractions} returns and what a saved model loads into. O(nnz).
 *
 * @param parts - ids, descriptions and the CSR arrays
 * @returns the matrix
 * @throws {@link RecommendError} `INVALID_ARGUMENT` when the parts do not fit together: ids that are
 * not distinct strings, one description per column, `indptr` an `Int32Array` of rows + 1 offsets from
 * 0 never decreasing and ending at nnz, `indices` an `Int32Array` strictly ascending within each row
 * and inside the columns, `data` a `Float64Array` of nnz finite values > 0 (the field is named)
 * @example
 * ```ts
 * const m = matrixFromCsr({ customers: ['a', 'b'], items: ['X', 'Y'], descriptions: [null, null], indptr: Int32Array.of(0, 2, 3), indices: Int32Array.of(0, 1, 1), data: Float64Array.of(1, 1, 1) });
 * [...m.popularity];
 * // => [1, 2]
 * ```
 */
export function matrixFromCsr(parts: CsrParts): InteractionMatrix {
  checkCsrParts(parts, (field, value, allowed) => {
    throw new RecommendError('INVALID_ARGUMENT', `matrix.${field}`, value, allowed);
  });
  const { customers, items, descriptions, indptr: counts, indices: ind, data: dat } = parts;
  const nRows = customers.length;
  const nCols = items.length;
  const nnz = ind.length;
  // transpose
  const itemIndptr = new Int32Array(nCols + 1);
  for (let p = 0; p < nnz; p++) itemIndptr[ind[p]! + 1]!++;
  for (let j = 0; j < nCols; j++) itemIndptr[j + 1]! += itemIndptr[j]!;
  const fill = itemIndptr.slice(0, nCols);
  const itemCustomers = new Int32Array(nnz);
  const itemData = new Float64Array(nnz);
  for (let r = 0; r < nRows; r++) {
    for (let p = counts[r]!; p < counts[r + 1]!; p++) {
      const q = fill[ind[p]!]!++;
      itemCustomers[q] = r;
      itemData[q] = dat[p]!;
    }
  }
  const popularity = new Int32Array(nCols);
  for (let j = 0; j < nCols; j++) popularity[j] = itemIndptr[j + 1]! - itemIndptr[j]!;
  return {
    customers,
    items,
    descriptions,
    customerIndex: new Map(customers.map((c, i) => [c, i])),
    itemIndex: new Map(items.map((s, j) => [s, j])),
    indptr: counts,
    indices: ind,
    data: dat,
    itemIndptr,
    itemCustomers,
    itemData,
    popularity,
    nnz,
  };
}

/**
 * Internal: checks CSR parts (the one validation of a matrix, shared by {@link matrixFromCsr} and the
 * model loader, which fail with their own codes).
 */
export function checkCsrParts(parts: unknown, fail: Fail): asserts parts is CsrParts {
  if (parts === null || typeof parts !== 'object') fail('parts', parts, '{ customers, items, descriptions, indptr, indices, data }');
  const p = parts as Record<string, unknown>;
  const customers = checkIds(p.customers, undefined, 'customers', fail);
  const items = checkIds(p.items, undefined, 'items', fail);
  const descriptions = p.descriptions;
  if (!Array.isArray(descriptions) || descriptions.length !== items.length) fail('descriptions', descriptions, `an array of ${items.length} descriptions (strings or null)`);
  (descriptions as unknown[]).forEach((d, j) => {
    if (d !== null && typeof d !== 'string') fail(`descriptions[${j}]`, d, 'a string or null');
  });
  const nnz = p.indices instanceof Int32Array ? p.indices.length : -1;
  if (nnz < 0) fail('indices', p.indices, 'an Int32Array of column indices');
  const indptr = checkOffsets(p.indptr, customers.length, nnz, 'indptr', fail);
  checkIndices(p.indices, indptr, items.length, true, 'indices', fail);
  checkFloats(p.data, Float64Array, nnz, 'data', fail, { value: 0, exclusive: true });
}
