import type { TransactionTable } from './transactionTable.js';

/** A cancellation line that matched no earlier purchase (or not all of its quantity). */
export interface UnmatchedCancellation {
  /** Row index in the table given to the cleaning. */
  readonly row: number;
  /** The cancellation's invoice (`C581484`). */
  readonly invoice: string;
  /** Its StockCode. */
  readonly stockCode: string;
  /** Its customer, or `null`. */
  readonly customerId: string | null;
  /** Units it cancels that no earlier purchase of that customer and product could absorb. */
  readonly quantity: number;
}

/** What the `net-cancellations` rule did (see {@link netCancellations}). */
export interface CancellationReport {
  /** Cancellation lines (invoice starting with `C`) met. */
  readonly lines: number;
  /** Lines whose whole quantity was netted against earlier purchases. */
  readonly matchedLines: number;
  /** Lines netted in part (some quantity had no earlier purchase left to cancel). */
  readonly partlyMatchedLines: number;
  /** Lines with nothing to net against. */
  readonly unmatchedLines: number;
  /** Units the cancellation lines cancel. */
  readonly quantityCancelled: number;
  /** Units taken off earlier purchase lines. */
  readonly quantityNetted: number;
  /** Units cancelled with no purchase to take them from. */
  readonly quantityUnmatched: number;
  /** Purchase lines cancelled entirely (dropped). */
  readonly purchasesRemoved: number;
  /** Purchase lines cancelled in part (kept with the quantity left). */
  readonly purchasesReduced: number;
  /** Revenue taken off purchase lines (their unit price x the units netted). */
  readonly revenueNetted: number;
  /** Revenue of the cancellation lines themselves (negative). */
  readonly revenueOfCancellations: number;
  /** The first unmatched cancellations, in input order (at most 100; the counts above are complete). */
  readonly unmatched: readonly UnmatchedCancellation[];
}

/** The rows the rule drops and the quantities it leaves on the purchase lines it reduces. */
export interface NettingResult {
  /** Rows to drop: every cancellation line, and every purchase line cancelled entirely. */
  readonly dropped: readonly number[];
  /** Purchase lines kept with a smaller quantity: row -> quantity left. */
  readonly reduced: ReadonlyMap<number, number>;
  /** The account. */
  readonly report: CancellationReport;
}

/**
 * Matches each cancellation line (invoice starting with `C`, negative quantity) to the purchases it
 * cancels: the same customer and StockCode, at or before the cancellation's time, most recent first;
 * a cancellation larger than the latest purchase takes the rest from the one before, and so on; a
 * purchase is never netted below zero. Cancelled quantity (and its revenue, at the purchase's unit
 * price) comes off the purchase lines: a purchase cancelled entirely is dropped, one cancelled in part
 * keeps the quantity left. The cancellation lines themselves are always dropped; what they could not
 * match is counted and listed. Only rows still kept (`keep[i] === 1`) take part.
 *
 * The Online Retail example: `581483` sells 80,995 x `23843` to customer 16446 at 09:15 on 2011-12-09
 * and `C581484` cancels all of it at 09:27; the notebooks drop only the cancellation line, so the
 * sale of 168,470 counts in every figure. Netted, neither line remains.
 *
 * O(n + m log m) for the m rows of customer-product pairs that have a cancellation.
 *
 * @param table - the table being cleaned
 * @param keep - 1 for the rows still kept by the earlier rules
 * @returns the rows to drop, the purchases reduced and the account
 */
export function netCancellations(table: TransactionTable, keep: Uint8Array): NettingResult {
  const { invoice, stockCode, customer, quantity, unitPrice, invoiceDate } = table.columns;
  const dict = table.dictionaries;
  const n = table.length;
  const isCancel = new Uint8Array(dict.invoice.length);
  dict.invoice.forEach((no, c) => {
    if (no.charCodeAt(0) === 67 /* C */) isCancel[c] = 1;
  });
  const nStock = Math.max(1, dict.stockCode.length);
  // the customer-product pairs that have a cancellation
  const pairs = new Set<number>();
  let lines = 0;
  for (let i = 0; i < n; i++) {
    if (keep[i] !== 1 || isCancel[invoice[i]!] !== 1) continue;
    lines++;
    if (customer[i]! >= 0) pairs.add(customer[i]! * nStock + stockCode[i]!);
  }
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    if (keep[i] !== 1 || customer[i]! < 0) continue;
    if (pairs.has(customer[i]! * nStock + stockCode[i]!)) rows.push(i);
  }
  // by pair, then time; purchases before cancellations at the same time, then input order
  const key = (i: number) => customer[i]! * nStock + stockCode[i]!;
  rows.sort((a, b) => key(a) - key(b) || invoiceDate[a]! - invoiceDate[b]! || isCancel[invoice[a]!]! - isCancel[invoice[b]!]! || a - b);

  const left = new Map<number, number>(); // purchase row -> quantity left
  const dropped: number[] = [];
  const unmatched: UnmatchedCancellation[] = [];
  let matchedLines = 0;
  let partly = 0;
  let quantityCancelled = 0;
  let quantityNetted = 0;
  let quantityUnmatched = 0;
  let revenueNetted = 0;
  let revenueOfCancellations = 0;
  const stack: number[] = [];
  const record = (i: number, rest: number) => {
    quantityUnmatched += rest;
    if (unmatched.length < 100) {
      unmatched.push({ row: i, invoice: dict.invoice[invoice[i]!]!, stockCode: dict.stockCode[stockCode[i]!]!, customerId: customer[i]! >= 0 ? dict.customer[customer[i]!]! : null, quantity: rest });
    }
  };
  for (let t = 0; t < rows.length; t++) {
    const i = rows[t]!;
    if (t === 0 || key(rows[t - 1]!) !== key(i)) stack.length = 0;
    if (isCancel[invoice[i]!] !== 1) {
      if (quantity[i]! > 0) {
        stack.push(i);
        left.set(i, quantity[i]!);
      }
      continue;
    }
    // a cancellation line: take its quantity from the latest purchases first
    let want = -quantity[i]!;
    if (!(want > 0)) want = 0;
    const asked = want;
    while (want > 0 && stack.length > 0) {
      const p = stack[stack.length - 1]!;
      const have = left.get(p)!;
      const take = Math.min(have, want);
      left.set(p, have - take);
      want -= take;
      quantityNetted += take;
      revenueNetted += take * unitPrice[p]!;
      if (have - take <= 0) stack.pop();
    }
    quantityCancelled += asked;
    if (want > 0) record(i, want);
    if (want === 0) matchedLines++;
    else if (want < asked) partly++;
  }
  // every cancellation line goes (anonymous ones included: nothing to net them against)
  for (let i = 0; i < n; i++) {
    if (keep[i] !== 1 || isCancel[invoice[i]!] !== 1) continue;
    dropped.push(i);
    revenueOfCancellations += quantity[i]! * unitPrice[i]!;
    if (customer[i]! < 0) {
      const q = Math.max(0, -quantity[i]!);
      quantityCancelled += q;
      record(i, q);
    }
  }
  const reduced = new Map<number, number>();
  let purchasesRemoved = 0;
  for (const [p, q] of left) {
    if (q === quantity[p]) continue;
    if (q <= 0) {
      dropped.push(p);
      purchasesRemoved++;
    } else reduced.set(p, q);
  }
  dropped.sort((a, b) => a - b);
  const unmatchedLines = lines - matchedLines - partly;
  unmatched.sort((a, b) => a.row - b.row);
  return {
    dropped,
    reduced,
    report: {
      lines,
      matchedLines,
      partlyMatchedLines: partly,
      unmatchedLines,
      quantityCancelled,
      quantityNetted,
      quantityUnmatched,
      purchasesRemoved,
      purchasesReduced: reduced.size,
      revenueNetted,
      revenueOfCancellations,
      unmatched,
    },
  };
}
