import type { TransactionTable } from '@shopper-spectrum/core';

/**
 * The "buy again" baseline: a customer's own products, most often ordered first (distinct invoices;
 * ties by StockCode), then the popular list for the rest. Strong in wholesale data, where most of the
 * next basket is re-orders; a recommender should beat it on new products, not only on re-orders.
 *
 * @param train - the rows to learn from
 * @param popular - StockCodes for customers with no history, and to fill short lists
 * @returns a ranking function for `evaluate`
 */
export function buyAgainRanker(train: TransactionTable, popular: readonly string[]): (customerId: string, k: number) => string[] {
  const { customer, stockCode, invoice } = train.columns;
  const counts = new Map<number, Map<number, Set<number>>>();
  for (let i = 0; i < train.length; i++) {
    const c = customer[i]!;
    if (c < 0) continue;
    let items = counts.get(c);
    if (!items) counts.set(c, (items = new Map()));
    let invoices = items.get(stockCode[i]!);
    if (!invoices) items.set(stockCode[i]!, (invoices = new Set()));
    invoices.add(invoice[i]!);
  }
  const codeOf = new Map(train.dictionaries.customer.map((id, c) => [id, c]));
  const names = train.dictionaries.stockCode;
  return (customerId, k) => {
    const items = counts.get(codeOf.get(customerId) ?? -1);
    const own = items
      ? [...items].sort((a, b) => b[1].size - a[1].size || (names[a[0]]! < names[b[0]]! ? -1 : 1)).map(([s]) => names[s]!)
      : [];
    const out = own.slice(0, k);
    const seen = new Set(out);
    for (const p of popular) {
      if (out.length >= k) break;
      if (!seen.has(p)) {
        out.push(p);
        seen.add(p);
      }
    }
    return out;
  };
}
