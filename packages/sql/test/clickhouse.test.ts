/**
 * The pushdown on a real distributed engine: ClickHouse (Debian's 18.16) with two shards on
 * loopback, a MergeTree table on each and a Distributed table over both sharded by customer; the real
 * Online Retail file inserted through the Distributed table; every pushed-down result compared with
 * the in-process one. In CI these tests fail, never skip, when the file or the server is missing.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildInteractions, matrixFromCsr } from '@shopper-spectrum/recommend';
import { cleanTransactions, revenueByCountry, topProducts } from '@shopper-spectrum/core';
import type { CleaningReport, TransactionTable } from '@shopper-spectrum/core';
import { loadTransactions } from '@shopper-spectrum/core/node';
import { rfmScores, rfmTable } from '@shopper-spectrum/rfm';
import {
  clickhouseCleaned,
  clickhouseCleaningReport,
  clickhouseIdentifier,
  clickhouseInteractionCells,
  clickhouseRevenueByCountry,
  clickhouseRfmTable,
  clickhouseTopProducts,
  connectClickHouse,
  createShardedTransactions,
  insertTransactions,
} from '@shopper-spectrum/sql/clickhouse';
import type { ClickHouseEngine } from '@shopper-spectrum/sql/clickhouse';
import { clusterAvailable, startTestCluster } from './clickhouseCluster.js';
import type { TestCluster } from './clickhouseCluster.js';

const dataPath = process.env.SHOPPER_SPECTRUM_DATA ?? fileURLToPath(new URL('../../../../shared/data/online-retail.csv.gz', import.meta.url));
const ci = process.env.CI === 'true' || process.env.CI === '1';
const mustRun = ci || (existsSync(dataPath) && (await clusterAvailable()));

/** Relative closeness for sums whose order differs (a shard's partial sums, then the merge). */
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

function expectSameReport(actual: CleaningReport, expected: CleaningReport) {
  const strip = (r: CleaningReport) => ({ ...r, revenueIn: 0, revenueKept: 0, dropped: r.dropped.map((d) => ({ ...d, revenue: 0 })) });
  expect(strip(actual)).toEqual(strip(expected));
  expect(close(actual.revenueIn, expected.revenueIn)).toBe(true);
  expect(close(actual.revenueKept, expected.revenueKept)).toBe(true);
  actual.dropped.forEach((d, k) => expect(close(d.revenue, expected.dropped[k]!.revenue), d.rule).toBe(true));
}

describe.runIf(mustRun)('ClickHouse, two shards behind a Distributed table (real data)', { timeout: 120_000 }, () => {
  let cluster: TestCluster;
  let shards: ClickHouseEngine[];
  let ch: ClickHouseEngine;
  let raw: TransactionTable;
  beforeAll(async () => {
    cluster = await startTestCluster();
    try {
      shards = await Promise.all(cluster.urls.map((url) => connectClickHouse({ url })));
      ch = shards[0]!;
      await createShardedTransactions({ shards, cluster: cluster.cluster, table: 'transactions', replace: true });
      raw = (await loadTransactions(dataPath)).table;
      await insertTransactions(ch, 'transactions', raw);
    } catch (e) {
      await cluster.stop();
      throw e;
    }
  }, 300_000);
  afterAll(async () => {
    if (process.env.SHOPPER_SPECTRUM_KEEP_LOGS && cluster) console.log(await Promise.all(cluster.urls.map((u) => fetch(u).then((r) => r.status, (e: Error) => e.message))));
    for (const s of shards ?? []) await s.close();
    await cluster?.stop();
  }, 60_000);

  it('the cluster has two shards and each holds part of the rows, summing to the file', async () => {
    expect(cluster.urls.length).toBe(2);
    const counts = await Promise.all(shards.map(async (s) => Number((await s.query({ text: 'SELECT count() FROM `transactions_local`', params: [] })).rows[0]![0])));
    for (const n of counts) expect(n).toBeGreaterThan(0);
    expect(counts[0]! + counts[1]!).toBe(541909);
    expect(raw.length).toBe(541909);
    const total = (await ch.query({ text: 'SELECT count() FROM `transactions`', params: [] })).rows[0]![0];
    expect(total).toBe(541909);
  });

  it('every customer lives on one shard (the sharding key is the customer)', async () => {
    const ids = await Promise.all(shards.map(async (s) => new Set((await s.query({ text: 'SELECT DISTINCT `CustomerID` FROM `transactions_local` WHERE isNotNull(`CustomerID`)', params: [] })).rows.map((r) => r[0]))));
    let both = 0;
    for (const id of ids[0]!) if (ids[1]!.has(id)) both++;
    expect(both).toBe(0);
    expect(ids[0]!.size + ids[1]!.size).toBe(4372);
  });

  it('the notebook preset’s cleaning report equals cleanTransactions’', async () => {
    const expected = cleanTransactions(raw, { preset: 'notebook' }).report;
    const actual = await clickhouseCleaningReport(ch, 'transactions', { preset: 'notebook' });
    expect(actual.rowsKept).toBe(397884);
    expectSameReport(actual, expected);
  });

  it('the strict preset’s report (duplicates and non-product codes included) equals cleanTransactions’', async () => {
    const expected = cleanTransactions(raw, { preset: 'strict' }).report;
    expectSameReport(await clickhouseCleaningReport(ch, 'transactions', { preset: 'strict' }), expected);
  });

  it('rule switches on top of a preset give the in-process report too', async () => {
    const options = { preset: 'none' as const, rules: { duplicate: true, 'non-positive-price': true } };
    expectSameReport(await clickhouseCleaningReport(ch, 'transactions', options), cleanTransactions(raw, options).report);
  });

  it('the trusted preset (cancellation matching) is refused with INVALID_OPTION on 18.16', async () => {
    await expect(clickhouseCleaningReport(ch, 'transactions', { preset: 'trusted' })).rejects.toMatchObject({ code: 'INVALID_OPTION', parameter: 'rules.net-cancellations' });
  });

  for (const preset of ['notebook', 'strict'] as const) {
    it(`the RFM table (${preset}) equals rfmTable’s, and rfmScores on it equal the in-process scores`, async () => {
      const expected = rfmTable(cleanTransactions(raw, { preset }).table);
      const actual = await clickhouseRfmTable(ch, clickhouseCleaned('transactions', { preset }));
      expect(actual.customerIds).toEqual(expected.customerIds);
      expect(actual.asOf).toBe(expected.asOf);
      expect(actual.recency).toEqual(expected.recency);
      expect(actual.frequency).toEqual(expected.frequency);
      expect(actual.firstPurchase).toEqual(expected.firstPurchase);
      expect(actual.lastPurchase).toEqual(expected.lastPurchase);
      expect(actual.tenure).toEqual(expected.tenure);
      let worst = 0;
      for (let j = 0; j < expected.length; j++) worst = Math.max(worst, Math.abs(actual.monetary[j]! - expected.monetary[j]!) / Math.max(1, Math.abs(expected.monetary[j]!)));
      expect(worst).toBeLessThan(1e-12);
      // scores from money rounded to the cent, so the last-bit differences of the sums cannot move a tie
      const cents = (t: typeof expected) => ({ customerIds: t.customerIds, recency: t.recency, frequency: t.frequency, monetary: t.monetary.map((m) => Math.round(m * 100) / 100) });
      for (const ties of ['rank-first', 'shared'] as const) {
        const pick = (x: ReturnType<typeof rfmScores>) => ({ customerIds: x.customerIds, r: [...x.r], f: [...x.f], m: [...x.m], total: [...x.total] });
        expect(pick(rfmScores(cents(actual), { ties }))).toEqual(pick(rfmScores(cents(expected), { ties })));
        expect(pick(rfmScores(actual, { ties }))).toEqual(pick(rfmScores(expected, { ties })));
      }
    });
  }

  it('top products by each measure equal topProducts’ (notebook preset)', async () => {
    const cleanedTable = cleanTransactions(raw, { preset: 'notebook' }).table;
    const cleaned = clickhouseCleaned('transactions', { preset: 'notebook' });
    for (const by of ['revenue', 'quantity', 'orders', 'customers'] as const) {
      const expected = topProducts(cleanedTable, { by, limit: 25 });
      const actual = await clickhouseTopProducts(ch, cleaned, { by, limit: 25 });
      expect(actual.map(({ revenue, ...r }) => r)).toEqual(expected.map(({ revenue, ...r }) => r));
      actual.forEach((r, k) => expect(close(r.revenue, expected[k]!.revenue)).toBe(true));
    }
    expect((await clickhouseTopProducts(ch, cleaned, { limit: 1 }))[0]!.stockCode).toBe('23843');
  });

  it('every product’s totals and description equal productSummary’s (limit Infinity, strict preset)', async () => {
    const expected = topProducts(cleanTransactions(raw, { preset: 'strict' }).table, { by: 'orders', limit: Infinity });
    const actual = await clickhouseTopProducts(ch, clickhouseCleaned('transactions', { preset: 'strict' }), { by: 'orders', limit: Infinity });
    expect(actual.length).toBe(expected.length);
    expect(actual.map((r) => [r.stockCode, r.description, r.orders, r.customers, r.lines, r.quantity])).toEqual(expected.map((r) => [r.stockCode, r.description, r.orders, r.customers, r.lines, r.quantity]));
  });

  it('revenue by country equals revenueByCountry’s', async () => {
    const expected = revenueByCountry(cleanTransactions(raw, { preset: 'notebook' }).table);
    const actual = await clickhouseRevenueByCountry(ch, clickhouseCleaned('transactions', { preset: 'notebook' }));
    expect(actual.map((r) => [r.country, r.orders, r.customers, r.items, r.lines])).toEqual(expected.map((r) => [r.country, r.orders, r.customers, r.items, r.lines]));
    actual.forEach((r, k) => {
      expect(close(r.revenue, expected[k]!.revenue)).toBe(true);
      expect(close(r.revenueShare, expected[k]!.revenueShare)).toBe(true);
    });
  });

  for (const weight of ['binary', 'quantity'] as const) {
    it(`the interaction cells (${weight}) make the same CSR matrix as buildInteractions`, async () => {
      const expected = buildInteractions(cleanTransactions(raw, { preset: 'notebook' }).table, { weight });
      const actual = matrixFromCsr(await clickhouseInteractionCells(ch, clickhouseCleaned('transactions', { preset: 'notebook' }), { weight }));
      expect(actual.customers).toEqual(expected.customers);
      expect(actual.items).toEqual(expected.items);
      expect(actual.descriptions).toEqual(expected.descriptions);
      expect(actual.indptr).toEqual(expected.indptr);
      expect(actual.indices).toEqual(expected.indices);
      expect(actual.data).toEqual(expected.data);
    });
  }

  describe('values and identifiers cannot break out of their literals', () => {
    it('any string bound as a value comes back unchanged (fast-check, 200 runs)', async () => {
      const hostile = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom("'", "\\'", "\\", "'; DROP TABLE transactions; --", "\\x27", "\u0000", "' OR 1=1 --", "`", "\n\r\t", "$1", "{p1:String}"));
      await fc.assert(
        fc.asyncProperty(fc.array(hostile, { minLength: 1, maxLength: 3 }), async (values) => {
          const text = `SELECT ${values.map((v, k) => `${ch.dialect.placeholder(k + 1, v)} AS c${k}`).join(', ')}`;
          const rows = (await ch.query({ text, params: values })).rows;
          // the HTTP body is UTF-8: a lone surrogate travels as U+FFFD, as any UTF-8 text would carry it
          expect(rows[0]).toEqual(values.map((v) => Buffer.from(v, 'utf8').toString('utf8')));
        }),
        { numRuns: 200 },
      );
      expect(Number((await ch.query({ text: 'SELECT count() FROM `transactions`', params: [] })).rows[0]![0])).toBe(541909);
    });

    it('any name quoted as an identifier names one column', async () => {
      await fc.assert(
        fc.asyncProperty(fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !s.includes('\u0000') && !/[\ud800-\udfff]/.test(s)), async (name) => {
          const res = await ch.query({ text: `SELECT 1 AS ${clickhouseIdentifier(name)}`, params: [] });
          expect(res.columns.map((c) => c.name)).toEqual([name]);
        }),
        { numRuns: 100 },
      );
    });
  });

  describe('bad input gives coded errors', () => {
    it('a missing table is MISSING_TABLE naming it', async () => {
      await expect(clickhouseCleaningReport(ch, 'no_such_table', { preset: 'notebook' })).rejects.toMatchObject({ name: 'SqlError', code: 'MISSING_TABLE', engine: 'clickhouse' });
    });
    it('a missing column is MISSING_COLUMN', async () => {
      await expect(ch.query({ text: 'SELECT `NoSuchColumn` FROM `transactions`', params: [] })).rejects.toMatchObject({ code: 'MISSING_COLUMN' });
    });
    it('a refused connection is CONNECTION_FAILED', async () => {
      await expect(connectClickHouse({ url: 'http://127.0.0.1:9' })).rejects.toMatchObject({ code: 'CONNECTION_FAILED' });
    });
    it('a statement over its timeout is QUERY_TIMEOUT', async () => {
      const slow = await connectClickHouse({ url: cluster.urls[0]!, statementTimeoutMs: 500 });
      await expect(slow.query({ text: 'SELECT count() FROM numbers(100000000000) WHERE sipHash64(number) = 0', params: [] })).rejects.toMatchObject({ code: 'QUERY_TIMEOUT' });
    }, 30_000);
    it('a refused password never appears in the message', async () => {
      const url = cluster.urls[0]!.replace('http://', 'http://intruder:hunter2secret@');
      const error = await connectClickHouse({ url }).catch((e: unknown) => e as Error);
      expect(error).toMatchObject({ code: 'CONNECTION_FAILED' });
      expect(JSON.stringify({ m: (error as Error).message, e: error })).not.toContain('hunter2secret');
    });
  });
});
