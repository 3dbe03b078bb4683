import { RfmError } from './errors.js';
import { customerFacts, resolveTime, wholeDays } from './customers.js';
import type { TimeInput } from './customers.js';
import { MS_PER_DAY } from '@shopper-spectrum/core';
import type { TransactionTable } from '@shopper-spectrum/core';

/** Options of {@link rfmTable}. */
export interface RfmTableOptions {
  /**
   * The moment recency is measured from: wall-clock ms or `'YYYY-MM-DD[ HH:mm[:ss]]'`; must not be
   * before the last purchase in the table.
   * @defaultValue computed from the data: the last transaction time plus one day, as the notebooks'
   *   `snapshot_date = max + 1 day` (so {@link rfmTable} has no defaults object)
   */
  readonly asOf?: TimeInput;
  /**
   * Rows whose revenue counts in monetary value without being products: the lines the `non-product`
   * cleaning rule sets aside (`cleanTransactions(...).nonProduct`: postage, fees), for a spend that
   * includes what the customer paid for them. Their invoices do not count in frequency, and a
   * customer found only there is not added.
   * @defaultValue none (monetary is the spend on products)
   */
  readonly alsoSpend?: TransactionTable | null;
}

/** One customer's RFM facts (the row view of an {@link RfmTable}). */
export interface RfmRow {
  /** Customer id. */
  readonly customerId: string;
  /** Whole days from the last purchase to `asOf` (floor, like pandas `Timedelta.days`). */
  readonly recency: number;
  /** Distinct invoices. */
  readonly frequency: number;
  /** Net spend: sum of quantity x unit price. */
  readonly monetary: number;
  /** First purchase, wall-clock ms. */
  readonly firstPurchase: number;
  /** Last purchase, wall-clock ms. */
  readonly lastPurchase: number;
  /** Whole days from the first purchase to `asOf`. */
  readonly tenure: number;
  /** `monetary / frequency`. */
  readonly averageOrderValue: number;
}

/** The columns of an {@link RfmTable}, one entry per customer. */
export interface RfmColumns {
  /** Customer ids, sorted (numerically when all are numbers). */
  readonly customerIds: readonly string[];
  /** Days since the last purchase. */
  readonly recency: Int32Array;
  /** Distinct invoices. */
  readonly frequency: Int32Array;
  /** Net spend. */
  readonly monetary: Float64Array;
  /** First purchase (wall-clock ms). */
  readonly firstPurchase: Float64Array;
  /** Last purchase (wall-clock ms). */
  readonly lastPurchase: Float64Array;
  /** Days from the first purchase to `asOf`. */
  readonly tenure: Int32Array;
  /** Net spend per invoice. */
  readonly averageOrderValue: Float64Array;
}

/**
 * Recency, frequency and monetary value per customer, the segmentation definition: columns of typed
 * arrays plus a row view. Customers are sorted by id (numerically when every id is a number), which
 * is also the order `'rank-first'` scores break ties in.
 *
 * @example
 * ```ts
 * const rfm = rfmTable(cleaned);
 * [rfm.length, rfm.customerIds[0], rfm.recency[0]];
 * // => [4338, '12346', 326] (Online Retail, notebook preset)
 * ```
 */
export class RfmTable implements RfmColumns {
  /** Number of customers. */
  readonly length: number;
  /** The moment recency and tenure are measured to (wall-clock ms). */
  readonly asOf: number;
  readonly customerIds: readonly string[];
  readonly recency: Int32Array;
  readonly frequency: Int32Array;
  readonly monetary: Float64Array;
  readonly firstPurchase: Float64Array;
  readonly lastPurchase: Float64Array;
  readonly tenure: Int32Array;
  readonly averageOrderValue: Float64Array;

  /**
   * @param columns - one entry per customer in every column
   * @param asOf - the reference moment
   * @throws {@link RfmError} `INVALID_ARGUMENT` when column lengths differ
   */
  constructor(columns: RfmColumns, asOf: number) {
    const n = columns.customerIds.length;
    for (const [name, col] of Object.entries(columns) as [string, ArrayLike<unknown>][]) {
      if (col.length !== n) throw new RfmError('INVALID_ARGUMENT', `columns.${name}`, `length ${col.length}`, `length ${n}, as customerIds`);
    }
    this.length = n;
    this.asOf = asOf;
    this.customerIds = columns.customerIds;
    this.recency = columns.recency;
    this.frequency = columns.frequency;
    this.monetary = columns.monetary;
    this.firstPurchase = columns.firstPurchase;
    this.lastPurchase = columns.lastPurchase;
    this.tenure = columns.tenure;
    this.averageOrderValue = columns.averageOrderValue;
  }

  /**
   * One customer as a plain object.
   *
   * @param index - 0-based position
   * @returns the row
   */
  row(index: number): RfmRow {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) {
      throw new RfmError('INVALID_ARGUMENT', 'index', index, `an integer from 0 to ${this.length - 1}`);
    }
    return {
      customerId: this.customerIds[index]!,
      recency: this.recency[index]!,
      frequency: this.frequency[index]!,
      monetary: this.monetary[index]!,
      firstPurchase: this.firstPurchase[index]!,
      lastPurchase: this.lastPurchase[index]!,
      tenure: this.tenure[index]!,
      averageOrderValue: this.averageOrderValue[index]!,
    };
  }

  /** Iterates customers as plain objects. */
  *rows(): IterableIterator<RfmRow> {
    for (let i = 0; i < this.length; i++) yield this.row(i);
  }

  /**
   * The position of a customer id, or -1. O(customers) the first time, then O(1).
   *
   * @param customerId - the id
   * @returns the position
   */
  indexOf(customerId: string): number {
    this.index ??= new Map(this.customerIds.map((id, i) => [id, i]));
    return this.index.get(customerId) ?? -1;
  }

  private index: Map<string, number> | undefined;
}

/**
 * Recency, frequency and monetary value per customer (the segmentation definition used by the
 * RFM notebooks): recency = whole days from the last purchase to `asOf` (floor of the wall-clock
 * difference, so daylight-saving changes cannot shift it); frequency = distinct invoices;
 * monetary = net spend (sum of quantity x unit price); plus first and last purchase, tenure (whole
 * days from the first purchase to `asOf`) and average order value (monetary / frequency).
 * Rows without a customer are ignored. Run it on a cleaned table: on raw data, cancellations count
 * as invoices and net spend can be 0 or negative. O(n + c log c) for n rows and c customers.
 *
 * For the customer-lifetime-value definition (repeat purchase days, T), see
 * {@link repeatPurchaseSummary}.
 *
 * @param table - a (cleaned) transaction table
 * @param options - `asOf`, and `alsoSpend` for fees and postage in monetary value
 * @returns one row per customer
 * @throws {@link RfmError} `EMPTY_INPUT`, `NO_CUSTOMERS`, `INVALID_AS_OF`
 * @example
 * ```ts
 * const rfm = rfmTable(cleanTransactions(table).table);
 * rfm.row(rfm.indexOf('12346'));
 * // => { customerId: '12346', recency: 326, frequency: 1, monetary: 77183.6, ... } (Online Retail, notebook preset)
 * ```
 */
export function rfmTable(table: TransactionTable, options: RfmTableOptions = {}): RfmTable {
  const facts = customerFacts(table);
  const asOf = options.asOf === undefined ? facts.maxTime + MS_PER_DAY : resolveTime(options.asOf, 'asOf', facts.maxTime);
  const n = facts.customerIds.length;
  const recency = new Int32Array(n);
  const frequency = new Int32Array(n);
  const monetary = new Float64Array(n);
  const firstPurchase = new Float64Array(n);
  const lastPurchase = new Float64Array(n);
  const tenure = new Int32Array(n);
  const averageOrderValue = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const c = facts.codes[j]!;
    frequency[j] = facts.invoices[c]!;
    monetary[j] = facts.totals.revenue[c]!;
    firstPurchase[j] = facts.first[c]!;
    lastPurchase[j] = facts.last[c]!;
    recency[j] = wholeDays(facts.last[c]!, asOf);
    tenure[j] = wholeDays(facts.first[c]!, asOf);
    averageOrderValue[j] = monetary[j]! / frequency[j]!;
  }
  const extra = options.alsoSpend;
  if (extra !== undefined && extra !== null) {
    if (typeof extra !== 'object' || !extra.columns || !extra.dictionaries) throw new RfmError('INVALID_OPTION', 'alsoSpend', typeof extra, 'a TransactionTable (such as cleanTransactions(...).nonProduct) or null');
    const position = new Map(facts.customerIds.map((id, j) => [id, j]));
    const { customer, quantity, unitPrice } = extra.columns;
    for (let i = 0; i < extra.length; i++) {
      const c = customer[i]!;
      if (c < 0) continue;
      const j = position.get(extra.dictionaries.customer[c]!);
      if (j !== undefined) monetary[j]! += quantity[i]! * unitPrice[i]!;
    }
    for (let j = 0; j < n; j++) averageOrderValue[j] = monetary[j]! / frequency[j]!;
  }
  return new RfmTable({ customerIds: facts.customerIds, recency, frequency, monetary, firstPurchase, lastPurchase, tenure, averageOrderValue }, asOf);
}
