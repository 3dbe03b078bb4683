import { checkTable, formatWallClock, parseIsoDate, selectRows } from '@shopper-spectrum/core';
import type { TransactionTable } from '@shopper-spectrum/core';
import { MetricsError } from './errors.js';

/** What a split kept and why it left customers and rows out. */
export interface SplitReport {
  /** The method. */
  readonly method: 'temporal' | 'leave-last-basket-out' | 'ratio';
  /** The cut-off time (temporal split only), as `YYYY-MM-DD HH:mm:ss`. */
  readonly cutoff: string | null;
  /** Customers with an id in the input. */
  readonly customers: number;
  /** Customers with rows in the test table (the ones to evaluate). */
  readonly evaluated: number;
  /** Customers left out of the test table, by reason. */
  readonly excluded: Readonly<Record<string, number>>;
  /** Rows in the train table. */
  readonly trainRows: number;
  /** Rows in the test table. */
  readonly testRows: number;
  /** Rows in neither table, by reason (the input = train + test + these). */
  readonly droppedRows: Readonly<Record<string, number>>;
}

/** A train table, a test table (sharing the input's dictionaries) and the account of the split. */
export interface Split {
  /** Rows to fit on. */
  readonly train: TransactionTable;
  /** Rows to score against, only for customers with enough history in `train`. */
  readonly test: TransactionTable;
  /** What was kept and why. */
  readonly report: SplitReport;
}

/** Distinct invoices per customer and each invoice's time (its earliest row). */
function baskets(table: TransactionTable): { invoiceTime: Float64Array; invoiceCustomer: Int32Array; byCustomer: number[][] } {
  const { invoice, invoiceDate, customer } = table.columns;
  const nInv = table.dictionaries.invoice.length;
  const invoiceTime = new Float64Array(nInv).fill(Infinity);
  const invoiceCustomer = new Int32Array(nInv).fill(-2);
  for (let i = 0; i < table.length; i++) {
    const v = invoice[i]!;
    if (invoiceDate[i]! < invoiceTime[v]!) invoiceTime[v] = invoiceDate[i]!;
    invoiceCustomer[v] = customer[i]!;
  }
  const byCustomer: number[][] = Array.from({ length: table.dictionaries.customer.length }, () => []);
  for (let v = 0; v < nInv; v++) {
    const c = invoiceCustomer[v]!;
    if (c >= 0 && invoiceTime[v] !== Infinity) byCustomer[c]!.push(v);
  }
  // in time order; ties by invoice code (first seen in the source first)
  for (const list of byCustomer) list.sort((a, b) => invoiceTime[a]! - invoiceTime[b]! || a - b);
  return { invoiceTime, invoiceCustomer, byCustomer };
}

function customerCount(table: TransactionTable): number {
  const seen = new Uint8Array(table.dictionaries.customer.length);
  let n = 0;
  for (const c of table.columns.customer) if (c >= 0 && seen[c] === 0) (seen[c] = 1), n++;
  return n;
}

function checkCount(name: string, v: number, min: number): number {
  if (!Number.isInteger(v) || v < min) throw new MetricsError('INVALID_OPTION', name, v, `an integer >= ${min}`);
  return v;
}

/** Options of {@link temporalSplit}. */
export interface TemporalSplitOptions {
  /** The cut-off: rows before it train, rows on or after it test. Wall-clock ms or `'YYYY-MM-DD[ HH:mm[:ss]]'`. */
  readonly cutoff: number | string;
  /**
   * Baskets (invoices) a customer needs before the cut-off to be evaluated.
   * @defaultValue {@link TEMPORAL_SPLIT_DEFAULTS | TEMPORAL_SPLIT_DEFAULTS.minTrainBaskets} (`1`)
   */
  readonly minTrainBaskets?: number;
}

/**
 * The defaults of {@link temporalSplit}, in one place: one basket before the cut-off is enough to be
 * evaluated. The cut-off itself has no default: it is required.
 *
 * @example
 * ```ts
 * TEMPORAL_SPLIT_DEFAULTS;
 * // => { minTrainBaskets: 1 }
 * ```
 */
export const TEMPORAL_SPLIT_DEFAULTS: Readonly<Required<Omit<TemporalSplitOptions, 'cutoff'>>> = Object.freeze({
  minTrainBaskets: 1,
});

/**
 * Splits in time: every row before `cutoff` trains, and the rows on or after it test, for the
 * customers who bought at least `minTrainBaskets` times before it. Test rows of anonymous sales, of
 * customers first seen after the cut-off (cold start) and of customers with too little history are
 * dropped and counted. No test row is earlier than any train row. O(n).
 *
 * @param table - a cleaned table
 * @param options - the cut-off and the history a customer needs
 * @returns train, test and the report
 * @throws {@link MetricsError} `INVALID_ARGUMENT` for an unreadable cut-off, `INVALID_OPTION`
 * @example
 * ```ts
 * const { train, test, report } = temporalSplit(cleaned, { cutoff: '2011-11-01' });
 * [report.evaluated, report.excluded];
 * // => [1544, { 'no purchase before the cutoff': 364 }] (Online Retail, notebook preset)
 * ```
 */
export function temporalSplit(table: TransactionTable, options: TemporalSplitOptions): Split {
  checkTable(table);
  const cutoff = typeof options?.cutoff === 'number' ? options.cutoff : typeof options?.cutoff === 'string' ? parseIsoDate(options.cutoff, 0, options.cutoff.length) : NaN;
  if (!Number.isFinite(cutoff)) throw new MetricsError('INVALID_ARGUMENT', 'cutoff', options?.cutoff, "wall-clock ms or a date written 'YYYY-MM-DD[ HH:mm[:ss]]'");
  const minTrain = checkCount('minTrainBaskets', options.minTrainBaskets ?? TEMPORAL_SPLIT_DEFAULTS.minTrainBaskets, 1);
  const { invoice, invoiceDate, customer } = table.columns;
  const nCust = table.dictionaries.customer.length;
  const trainBaskets = new Int32Array(nCust);
  const counted = new Uint8Array(table.dictionaries.invoice.length);
  for (let i = 0; i < table.length; i++) {
    const c = customer[i]!;
    if (c >= 0 && invoiceDate[i]! < cutoff && counted[invoice[i]!] === 0) {
      counted[invoice[i]!] = 1;
      trainBaskets[c]!++;
    }
  }
  const train: number[] = [];
  const test: number[] = [];
  const dropped: Record<string, number> = {};
  const excludedCustomers: Record<string, Set<number>> = {};
  const drop = (reason: string, c: number) => {
    dropped[reason] = (dropped[reason] ?? 0) + 1;
    if (c >= 0) (excludedCustomers[reason] ??= new Set()).add(c);
  };
  for (let i = 0; i < table.length; i++) {
    if (invoiceDate[i]! < cutoff) {
      train.push(i);
      continue;
    }
    const c = customer[i]!;
    if (c < 0) drop('no customer id', c);
    else if (trainBaskets[c] === 0) drop('no purchase before the cutoff', c);
    else if (trainBaskets[c]! < minTrain) drop(`fewer than ${minTrain} baskets before the cutoff`, c);
    else test.push(i);
  }
  return finish('temporal', formatWallClock(cutoff), table, train, test, dropped, excludedCustomers);
}

/** Options of {@link leaveLastBasketOut}. */
export interface LeaveLastBasketOutOptions {
  /**
   * Baskets a customer needs in all (the last one is tested, the others train).
   * @defaultValue {@link LEAVE_LAST_BASKET_OUT_DEFAULTS | LEAVE_LAST_BASKET_OUT_DEFAULTS.minBaskets} (`2`)
   */
  readonly minBaskets?: number;
}

/**
 * The defaults of {@link leaveLastBasketOut}, in one place: every customer with two baskets or more
 * is evaluated on the last one.
 *
 * @example
 * ```ts
 * LEAVE_LAST_BASKET_OUT_DEFAULTS;
 * // => { minBaskets: 2 }
 * ```
 */
export const LEAVE_LAST_BASKET_OUT_DEFAULTS: Readonly<Required<LeaveLastBasketOutOptions>> = Object.freeze({
  minBaskets: 2,
});

/**
 * Leave-last-basket-out: for each customer with at least `minBaskets` invoices, the last invoice
 * (latest time; ties: the invoice seen last in the source) is the test; every other row trains,
 * including anonymous rows and customers with fewer baskets (who are then not evaluated). No test
 * basket is earlier than any train basket of the same customer. O(n + invoices log invoices).
 *
 * @param table - a cleaned table
 * @param options - the baskets a customer needs
 * @returns train, test and the report
 * @throws {@link MetricsError} `INVALID_OPTION`
 * @example
 * ```ts
 * leaveLastBasketOut(cleaned).report.evaluated;
 * // => 2845 (Online Retail, notebook preset: customers with 2+ invoices)
 * ```
 */
export function leaveLastBasketOut(table: TransactionTable, options: LeaveLastBasketOutOptions = {}): Split {
  checkTable(table);
  const minBaskets = checkCount('minBaskets', options.minBaskets ?? LEAVE_LAST_BASKET_OUT_DEFAULTS.minBaskets, 2);
  const { byCustomer } = baskets(table);
  const isTest = new Uint8Array(table.dictionaries.invoice.length);
  const excluded: Record<string, Set<number>> = {};
  byCustomer.forEach((list, c) => {
    if (list.length === 0) return;
    if (list.length < minBaskets) (excluded[`fewer than ${minBaskets} baskets`] ??= new Set()).add(c);
    else isTest[list[list.length - 1]!] = 1;
  });
  const train: number[] = [];
  const test: number[] = [];
  const inv = table.columns.invoice;
  for (let i = 0; i < table.length; i++) (isTest[inv[i]!] === 1 ? test : train).push(i);
  return finish('leave-last-basket-out', null, table, train, test, {}, excluded);
}

/** Options of {@link ratioSplit}. */
export interface RatioSplitOptions {
  /**
   * Share of each customer's baskets, oldest first, that trains (at least one basket trains and one
   * tests).
   * @defaultValue {@link RATIO_SPLIT_DEFAULTS | RATIO_SPLIT_DEFAULTS.ratio} (`0.8`)
   */
  readonly ratio?: number;
  /**
   * Baskets a customer needs to be evaluated.
   * @defaultValue {@link RATIO_SPLIT_DEFAULTS | RATIO_SPLIT_DEFAULTS.minBaskets} (`2`)
   */
  readonly minBaskets?: number;
}

/**
 * The defaults of {@link ratioSplit}, in one place: each customer's oldest 80% of baskets train, for
 * customers with two baskets or more.
 *
 * @example
 * ```ts
 * RATIO_SPLIT_DEFAULTS;
 * // => { ratio: 0.8, minBaskets: 2 }
 * ```
 */
export const RATIO_SPLIT_DEFAULTS: Readonly<Required<RatioSplitOptions>> = Object.freeze({
  ratio: 0.8,
  minBaskets: 2,
});

/**
 * Per-customer chronological split: each customer's baskets in time order, the first
 * `round(ratio x baskets)` (at least 1, at most all but 1) train and the rest test. Customers with
 * fewer than `minBaskets` baskets train only. O(n + invoices log invoices).
 *
 * @param table - a cleaned table
 * @param options - the share and the baskets a customer needs
 * @returns train, test and the report
 * @throws {@link MetricsError} `INVALID_OPTION`
 * @example
 * ```ts
 * ratioSplit(cleaned, { ratio: 0.8 }).report.testRows;
 * ```
 */
export function ratioSplit(table: TransactionTable, options: RatioSplitOptions = {}): Split {
  checkTable(table);
  const ratio = options.ratio ?? RATIO_SPLIT_DEFAULTS.ratio;
  if (!(ratio > 0 && ratio < 1)) throw new MetricsError('INVALID_OPTION', 'ratio', ratio, 'a number between 0 and 1 (exclusive)');
  const minBaskets = checkCount('minBaskets', options.minBaskets ?? RATIO_SPLIT_DEFAULTS.minBaskets, 2);
  const { byCustomer } = baskets(table);
  const isTest = new Uint8Array(table.dictionaries.invoice.length);
  const excluded: Record<string, Set<number>> = {};
  byCustomer.forEach((list, c) => {
    if (list.length === 0) return;
    if (list.length < minBaskets) {
      (excluded[`fewer than ${minBaskets} baskets`] ??= new Set()).add(c);
      return;
    }
    const trainCount = Math.min(list.length - 1, Math.max(1, Math.round(ratio * list.length)));
    for (let b = trainCount; b < list.length; b++) isTest[list[b]!] = 1;
  });
  const train: number[] = [];
  const test: number[] = [];
  const inv = table.columns.invoice;
  for (let i = 0; i < table.length; i++) (isTest[inv[i]!] === 1 ? test : train).push(i);
  return finish('ratio', null, table, train, test, {}, excluded);
}

function finish(
  method: SplitReport['method'],
  cutoff: string | null,
  table: TransactionTable,
  train: number[],
  test: number[],
  droppedRows: Record<string, number>,
  excluded: Record<string, Set<number>>,
): Split {
  const testTable = selectRows(table, test);
  return {
    train: selectRows(table, train),
    test: testTable,
    report: {
      method,
      cutoff,
      customers: customerCount(table),
      evaluated: customerCount(testTable),
      excluded: Object.fromEntries(Object.entries(excluded).map(([k, v]) => [k, v.size])),
      trainRows: train.length,
      testRows: test.length,
      droppedRows,
    },
  };
}

/** Per customer, the distinct StockCodes of a table, customers and items in first-seen order. */
export interface CustomerItems {
  /** Customer ids. */
  readonly customerIds: readonly string[];
  /** Distinct StockCodes per customer. */
  readonly items: readonly (readonly string[])[];
}

/**
 * The distinct StockCodes each customer has in a table: the relevant items of a test table, or the
 * items seen in a train table. Rows without a customer are ignored. O(n).
 *
 * @param table - a table
 * @returns customers and their items
 * @example
 * ```ts
 * const { customerIds, items } = itemsByCustomer(split.test);
 * [customerIds[0], items[0].length];
 * ```
 */
export function itemsByCustomer(table: TransactionTable): CustomerItems {
  const { customer, stockCode } = table.columns;
  const index = new Map<number, number>();
  const sets: Set<number>[] = [];
  const codes: number[] = [];
  for (let i = 0; i < table.length; i++) {
    const c = customer[i]!;
    if (c < 0) continue;
    let j = index.get(c);
    if (j === undefined) {
      j = sets.length;
      index.set(c, j);
      sets.push(new Set());
      codes.push(c);
    }
    sets[j]!.add(stockCode[i]!);
  }
  const d = table.dictionaries;
  return { customerIds: codes.map((c) => d.customer[c]!), items: sets.map((s) => [...s].map((code) => d.stockCode[code]!)) };
}
