/**
 * `GET /api/customers/:id`: one customer's profile (country, first and last purchase, orders,
 * revenue), RFM values and quintile scores with what they mean in words, segment and cluster, the
 * order timeline (one entry an invoice) and the products bought, over all of the customer's rows.
 */
import { formatWallClock } from '@shopper-spectrum/core';
import type { TransactionTable } from '@shopper-spectrum/core';
import type { CustomerRows, HistoryRow } from '../artifacts.js';
import type { CustomerDirectory } from './customerDirectory.js';
import { round } from './numbers.js';

/** One invoice of the customer. */
export interface TimelineEntry {
  readonly invoice: string;
  /** The invoice time, `YYYY-MM-DD HH:mm:ss` (wall clock). */
  readonly date: string;
  readonly lines: number;
  readonly quantity: number;
  /** Rounded to cents. */
  readonly revenue: number;
  /** Whether it is a cancellation (its number starts with C, as Online Retail writes them; the trusted preset nets them against their orders, so a served table rarely holds one). */
  readonly cancelled: boolean;
}

/** The answer of `GET /api/customers/:id`. */
export interface CustomerProfile {
  readonly customerId: string;
  readonly country: string | null;
  readonly firstPurchase: string;
  readonly lastPurchase: string;
  readonly orders: number;
  readonly revenue: number;
  readonly rfm: {
    readonly recency: number;
    readonly frequency: number;
    readonly monetary: number;
    readonly r: number | null;
    readonly f: number | null;
    readonly m: number | null;
    readonly score: string;
    /** What each value and score means, in words. */
    readonly meaning: { readonly r: string; readonly f: string; readonly m: string };
  } | null;
  readonly rfmSegment: string | null;
  readonly cluster: string | null;
  /** Discounted spend expected over the next 12 months (BG/NBD + Gamma-Gamma, 1% a month, as of the analysis); null for a set without `clv.csv`. */
  readonly clv12m: number | null;
  /** The probability the customer has not lapsed for good (0 to 1); null for a set without `clv.csv`. */
  readonly pAlive: number | null;
  /** Repeat purchase days expected in the next 12 months; null for a set without `clv.csv`. */
  readonly expectedPurchases12m: number | null;
  /** Invoices, oldest first. */
  readonly timeline: readonly TimelineEntry[];
  /** Every product bought, most revenue first. */
  readonly products: readonly HistoryRow[];
}

/** Options of {@link customerProfile}. */
export interface CustomerProfileOptions {
  readonly table: TransactionTable;
  readonly rows: CustomerRows;
  readonly directory: CustomerDirectory;
  /** The customer's code. */
  readonly code: number;
  /** The customer's products (artifacts.ts `history`). */
  readonly history: (code: number, limit: number) => HistoryRow[];
  /** The money format of the words (`£1,234.50`). */
  readonly money: (x: number) => string;
  /** The day the analysis measured recency from, `YYYY-MM-DD`, for the words. */
  readonly asOf: string | null;
}

/** A customer's products, most revenue first (then most orders, then by StockCode). */
export const productsByRevenue = (rows: HistoryRow[]): HistoryRow[] => rows.sort((a, b) => b.revenue - a.revenue || b.orders - a.orders || (a.stockCode < b.stockCode ? -1 : 1));

const FIFTHS = ['the lowest fifth', 'the second fifth from the bottom', 'the middle fifth', 'the second fifth from the top', 'the top fifth'];

/** A quintile score in words: "score 5 of 5: the top fifth of customers, the most recent". */
function scoreWords(score: number | null, top: string): string {
  if (score === null || score < 1 || score > 5) return '';
  return `; score ${score} of 5: ${FIFTHS[score - 1]} of customers${score === 5 ? ` (${top})` : ''}`;
}

/**
 * The profile of one customer. O(rows of the customer x log of its products).
 *
 * @example
 * ```ts
 * const p = customerProfile({ table, rows, directory, code: state.customerCode.get('12347')!, history: state.history, money, asOf: '2011-12-10' });
 * [p.country, p.orders, p.rfm.meaning.r];
 * // => ['Iceland', 7, 'last ordered 2 days before 2011-12-10; score 5 of 5: the top fifth of customers (the most recent)'] (Online Retail)
 * ```
 */
export function customerProfile(options: CustomerProfileOptions): CustomerProfile {
  const { table, rows, directory: d, code, history, money, asOf } = options;
  const { invoice, quantity, unitPrice, invoiceDate } = table.columns;
  const names = table.dictionaries.invoice;
  const timeline: TimelineEntry[] = [];
  let first = Infinity;
  let last = -Infinity;
  let revenue = 0;
  let orders = 0;
  // the rows are grouped by invoice within the customer
  for (let r = rows.start[code]!; r < rows.start[code + 1]!; ) {
    const inv = invoice[rows.order[r]!]!;
    let lines = 0;
    let qty = 0;
    let rev = 0;
    let time = Infinity;
    for (; r < rows.start[code + 1]! && invoice[rows.order[r]!] === inv; r++) {
      const i = rows.order[r]!;
      lines++;
      qty += quantity[i]!;
      rev += quantity[i]! * unitPrice[i]!;
      if (invoiceDate[i]! < time) time = invoiceDate[i]!;
    }
    const cancelled = names[inv]!.startsWith('C');
    if (!cancelled) orders++;
    revenue += rev;
    if (time < first) first = time;
    if (time > last) last = time;
    timeline.push({ invoice: names[inv]!, date: formatWallClock(time), lines, quantity: qty, revenue: round(rev, 2), cancelled });
  }
  timeline.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.invoice < b.invoice ? -1 : 1));
  const products = productsByRevenue(history(code, Infinity));
  const rfm = d.rfm[code];
  const s = d.scores[code];
  const since = asOf ? ` before ${asOf}` : ' before the analysis date';
  return {
    customerId: d.ids[code]!,
    country: d.country[code] ?? null,
    firstPurchase: formatWallClock(first),
    lastPurchase: formatWallClock(last),
    orders,
    revenue: round(revenue, 2),
    rfm: rfm
      ? {
          recency: rfm.recency,
          frequency: rfm.frequency,
          monetary: rfm.monetary,
          r: s?.r ?? null,
          f: s?.f ?? null,
          m: s?.m ?? null,
          score: rfm.score,
          meaning: {
            r: `last ordered ${rfm.recency} day${rfm.recency === 1 ? '' : 's'}${since}${scoreWords(s?.r ?? null, 'the most recent')}`,
            f: `${rfm.frequency} order${rfm.frequency === 1 ? '' : 's'} (distinct invoices)${scoreWords(s?.f ?? null, 'the most frequent')}`,
            m: `${money(rfm.monetary)} spent in all${scoreWords(s?.m ?? null, 'the biggest spenders')}`,
          },
        }
      : null,
    rfmSegment: rfm?.rfmSegment ?? null,
    cluster: rfm?.cluster ?? null,
    clv12m: rfm?.value?.clv12m ?? null,
    pAlive: rfm?.value?.pAlive ?? null,
    expectedPurchases12m: rfm?.value?.expectedPurchases12m ?? null,
    timeline,
    products,
  };
}
