import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanTransactions, generateTransactions, parseTransactionRows, parseTransactionsCsv } from '@shopper-spectrum/core';
import type { TransactionInput, TransactionTable } from '@shopper-spectrum/core';
import { compareEvaluations, evaluate, itemsByCustomer, leaveLastBasketOut, MetricsError, ratioSplit, temporalSplit } from '@shopper-spectrum/metrics';

const day = (d: number, h = 10) => Date.UTC(2011, 0, d, h);
const line = (invoiceNo: string, customerId: string | null, d: number, stockCode: string): TransactionInput => ({ invoiceNo, stockCode, quantity: 1, unitPrice: 1, invoiceDate: day(d), customerId });
const shop = parseTransactionRows([
  line('1', 'ann', 1, 'A'),
  line('1', 'ann', 1, 'B'),
  line('2', 'bob', 2, 'A'),
  line('3', 'ann', 5, 'C'),
  line('4', null, 6, 'A'),
  line('5', 'bob', 7, 'B'),
  line('5', 'bob', 7, 'D'),
  line('6', 'cat', 8, 'A'),
  line('7', 'ann', 9, 'A'),
]).table;

const generated = (seed: number): TransactionTable => cleanTransactions(parseTransactionsCsv(generateTransactions({ seed, customers: 60, products: 40, days: 120 })).table).table;

describe('temporalSplit', () => {
  it('trains on the past, tests known customers on the future and accounts for every row', () => {
    const { train, test, report } = temporalSplit(shop, { cutoff: '2011-01-06' });
    expect(train.length).toBe(4);
    expect(itemsByCustomer(test)).toEqual({ customerIds: ['bob', 'ann'], items: [['B', 'D'], ['A']] });
    expect(report).toMatchObject({ method: 'temporal', cutoff: '2011-01-06 00:00:00', customers: 3, evaluated: 2, trainRows: 4, testRows: 3 });
    expect(report.droppedRows).toEqual({ 'no customer id': 1, 'no purchase before the cutoff': 1 });
    expect(report.excluded).toEqual({ 'no purchase before the cutoff': 1 });
  });

  it('needs minTrainBaskets before the cutoff', () => {
    const { report } = temporalSplit(shop, { cutoff: '2011-01-06', minTrainBaskets: 2 });
    expect(report.evaluated).toBe(1);
    expect(report.excluded).toMatchObject({ 'fewer than 2 baskets before the cutoff': 1 });
  });

  it('never puts a test row before a train row, and keeps every row somewhere (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 10, max: 110 }), (seed, cut) => {
        const t = generated(seed);
        const cutoff = Date.UTC(2010, 11, 1) + cut * 86_400_000;
        const { train, test, report } = temporalSplit(t, { cutoff });
        const trainMax = train.columns.invoiceDate.reduce((a, b) => Math.max(a, b), -Infinity);
        const testMin = test.columns.invoiceDate.reduce((a, b) => Math.min(a, b), Infinity);
        expect(trainMax).toBeLessThan(cutoff);
        expect(testMin).toBeGreaterThanOrEqual(cutoff);
        const dropped = Object.values(report.droppedRows).reduce((a, b) => a + b, 0);
        expect(train.length + test.length + dropped).toBe(t.length);
        const trainCustomers = new Set(itemsByCustomer(train).customerIds);
        for (const c of itemsByCustomer(test).customerIds) expect(trainCustomers.has(c)).toBe(true);
      }),
      { numRuns: 10 },
    );
  });

  it('rejects an unreadable cutoff', () => {
    expect(() => temporalSplit(shop, { cutoff: 'soon' })).toThrow(MetricsError);
  });
});

describe('leaveLastBasketOut and ratioSplit', () => {
  it("tests each customer's last basket and trains on the rest", () => {
    const { train, test, report } = leaveLastBasketOut(shop);
    expect(itemsByCustomer(test)).toEqual({ customerIds: ['bob', 'ann'], items: [['B', 'D'], ['A']] });
    expect(train.length + test.length).toBe(shop.length);
    expect(report.excluded).toEqual({ 'fewer than 2 baskets': 1 });
  });

  it("keeps each evaluated customer's train baskets no later than its test basket (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.constantFrom('lbo', 'ratio'), (seed, method) => {
        const t = generated(seed);
        const { train, test } = method === 'lbo' ? leaveLastBasketOut(t) : ratioSplit(t, { ratio: 0.7 });
        const latestTrain = new Map<number, number>();
        train.columns.customer.forEach((c, i) => c >= 0 && latestTrain.set(c, Math.max(latestTrain.get(c) ?? -Infinity, train.columns.invoiceDate[i]!)));
        const earliestTest = new Map<number, number>();
        test.columns.customer.forEach((c, i) => earliestTest.set(c, Math.min(earliestTest.get(c) ?? Infinity, test.columns.invoiceDate[i]!)));
        for (const [c, t0] of earliestTest) expect(latestTrain.get(c)!).toBeLessThanOrEqual(t0);
        if (method === 'lbo') {
          const invoices = new Map<number, Set<number>>();
          test.columns.customer.forEach((c, i) => (invoices.get(c) ?? invoices.set(c, new Set()).get(c)!).add(test.columns.invoice[i]!));
          for (const s of invoices.values()) expect(s.size).toBe(1);
        }
      }),
      { numRuns: 10 },
    );
  });

  it('rejects a ratio outside (0, 1) and minBaskets < 2', () => {
    expect(() => ratioSplit(shop, { ratio: 1 })).toThrow(MetricsError);
    expect(() => leaveLastBasketOut(shop, { minBaskets: 1 })).toThrow(MetricsError);
  });
});

describe('evaluate', () => {
  const { train, test } = temporalSplit(shop, { cutoff: '2011-01-06' });
  const popular = (_c: string, k: number) => ['A', 'B', 'C', 'D'].slice(0, k);

  it('scores a recommender against each test customer at every K', () => {
    const r = evaluate({ train, test, rank: popular, k: [1, 2] });
    expect(r.customerIds).toEqual(['bob', 'ann']);
    expect(r.evaluated).toBe(2);
    // bob wants {B, D}: top1 A -> 0, top2 A B -> 1 hit; ann wants {A}: hit at 1
    expect(r.means['precision@1']).toBe(0.5);
    expect(r.means['recall@2']).toBe((0.5 + 1) / 2);
    expect(r.means['mrr@2']).toBe((0.5 + 1) / 2);
    expect([...r.perUser['hit-rate@1']!]).toEqual([0, 1]);
  });

  it('with excludeSeen, drops items bought in train from rankings and relevant items', () => {
    const r = evaluate({ train, test, rank: popular, k: [2], excludeSeen: true });
    // bob bought A before: ranking B C, relevant {B, D}; ann bought A, B, C: relevant {} -> skipped
    expect(r.evaluated).toBe(1);
    expect(r.skipped).toEqual({ 'no relevant item left after excluding seen items': 1 });
    expect(r.means['precision@2']).toBe(0.5);
  });

  it('compares systems side by side with a paired test against the first', () => {
    const bad = evaluate({ train, test, rank: (_c, k) => ['Z', 'Y', 'X'].slice(0, k), k: [2] });
    const good = evaluate({ train, test, rank: popular, k: [2] });
    const c = compareEvaluations({ none: bad, popular: good }, { metric: 'recall@2', method: 't-test' });
    expect(c.rows.map((r) => r.name)).toEqual(['none', 'popular']);
    expect(c.tests[0]!.test.meanDifference).toBe(0.75);
    expect(c.table).toContain('| popular |');
  });

  it('rejects bad K, unknown metrics and a recommender that returns no list', () => {
    expect(() => evaluate({ train, test, rank: popular, k: [0] })).toThrow(MetricsError);
    expect(() => evaluate({ train, test, rank: popular, metrics: ['auc' as never] })).toThrow(MetricsError);
    expect(() => evaluate({ train, test, rank: () => 'A' as never })).toThrow(MetricsError);
  });
});

describe('splits and evaluate on a wrong argument', () => {
  it('refuse a load result (not its table) with a coded error naming .table', () => {
    const loaded = parseTransactionsCsv(generateTransactions({ seed: 1, customers: 20 }));
    expect(() => temporalSplit(loaded as never, { cutoff: '2011-06-01' })).toThrow(/pass its \.table/);
    expect(() => leaveLastBasketOut({} as never)).toThrow(/Invalid argument table/);
    expect(() => evaluate({ train: loaded.table, test: loaded as never, k: [5], rank: () => [] })).toThrow(/Invalid argument test/);
  });
});
