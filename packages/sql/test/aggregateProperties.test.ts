import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanTransactions, generateTransactionsCsv, parseTransactionsCsv, paretoCurve, topProducts } from '@shopper-spectrum/core';
import type { TransactionTable } from '@shopper-spectrum/core';
import { rfmScores, rfmTable } from '@shopper-spectrum/rfm';
import { isShopperSpectrumError } from '@shopper-spectrum/internal';
import { exactSum, rawSql, sql, sqlParetoCurve, sqlRfmScores, sqlRfmTable, sqlTopProducts, tableRelation, toStatement } from '@shopper-spectrum/sql';
import { duckEngine } from './aggregateFixtures.js';

let engine: Awaited<ReturnType<typeof duckEngine>>;
beforeAll(async () => {
  engine = await duckEngine();
});
afterAll(async () => engine?.close());

let loads = 0;
async function load(table: TransactionTable): Promise<string> {
  const name = `generated_${loads++}`;
  await engine.load(name, table);
  return name;
}

describe('SQL and in-process RFM on generated logs', () => {
  it('sqlRfmScores equals rfmScores(rfmTable(...)) for every tie policy on generated logs', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom('notebook', 'trusted', 'strict' as const),
        fc.constantFrom('rank-first', 'shared' as const),
        fc.integer({ min: 2, max: 7 }),
        async (seed, customers, products, preset, ties, bins) => {
          const csv = generateTransactionsCsv({ seed, customers, products, ordersPerCustomer: 3, linesPerOrder: 4, days: 60 });
          const table = cleanTransactions(parseTransactionsCsv(csv).table, { preset }).table;
          const local = table.length > 0 && table.columns.customer.some((c) => c >= 0) ? rfmTable(table) : null;
          const rel = tableRelation(engine.dialect, await load(table));
          if (local === null) {
            await expect(sqlRfmTable(engine, rel)).rejects.toMatchObject({ code: 'NO_CUSTOMERS' });
            return;
          }
          const { table: pushed, scores } = await sqlRfmScores(engine, rel, { ties, bins });
          expect({ ...pushed, index: undefined }).toEqual({ ...local, index: undefined });
          expect({ ...scores, code: null }).toEqual({ ...rfmScores(local, { ties, bins }), code: null });
          expect(await sqlTopProducts(engine, rel, { limit: Infinity })).toEqual(topProducts(table, { limit: Infinity }));
          expect(await sqlParetoCurve(engine, rel)).toEqual(paretoCurve(table));
        },
      ),
      { numRuns: 25, seed: 18 },
    );
  }, 180_000);

  it('exactSum is the correctly rounded sum of its terms', async () => {
    await fc.assert(
      // doubles resolved to 2^-60 (exactSum resolves terms to 2^-80), of every magnitude from there to 1e6
      fc.asyncProperty(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => Math.round(x * 2 ** 60) / 2 ** 60 + 0), { minLength: 1, maxLength: 40 }), async (xs) => {
        const values = xs.map((x) => sql`(${x})`);
        const rows = values.map((v) => sql`SELECT CAST(${v} AS DOUBLE) AS v`);
        let union = rows[0]!;
        for (const r of rows.slice(1)) union = sql`${union} UNION ALL ${r}`;
        const result = await engine.query(toStatement(engine.dialect, sql`SELECT ${exactSum(engine.dialect, rawSql('v'))} FROM (${union}) AS t`));
        // the exact sum of the doubles (BigInt fixed point at 2^-1100 covers every double), rounded once
        const scale = 1100n;
        const big = (x: number): bigint => {
          if (x === 0) return 0n;
          const buf = new DataView(new ArrayBuffer(8));
          buf.setFloat64(0, x);
          const bits = buf.getBigUint64(0);
          const exp = Number((bits >> 52n) & 0x7ffn);
          const mant = (bits & ((1n << 52n) - 1n)) | (exp === 0 ? 0n : 1n << 52n);
          const shift = BigInt(Math.max(exp, 1) - 1075) + scale;
          const v = shift >= 0n ? mant << shift : mant >> -shift;
          return bits >> 63n ? -v : v;
        };
        const total = xs.reduce((s, x) => s + big(x), 0n);
        const want = Number(total) === 0 ? 0 : correctlyRounded(total, scale);
        expect(Number(result.rows[0]![0])).toBe(want);
      }),
      { numRuns: 60, seed: 7 },
    );
  }, 60_000);
});

/** A fixed-point BigInt (value x 2^scale) rounded to the nearest double. */
function correctlyRounded(v: bigint, scale: bigint): number {
  const neg = v < 0n;
  let a = neg ? -v : v;
  const len = BigInt(a.toString(2).length);
  let drop = len - 53n;
  if (drop > 0n) {
    const rem = a & ((1n << drop) - 1n);
    a >>= drop;
    const half = 1n << (drop - 1n);
    if (rem > half || (rem === half && (a & 1n) === 1n)) a += 1n;
  } else drop = 0n;
  const out = Number(a) * 2 ** Number(drop - scale);
  return neg ? -out : out;
}

describe('edge cases', () => {
  it('sqlRfmTable refuses a relation without customers with rfm\'s NO_CUSTOMERS', async () => {
    const rel = tableRelation(engine.dialect, await load(cleanTransactions(parseTransactionsCsv('InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n1,A,x,1,2011-01-01 10:00,1,,UK\n').table, { preset: 'notebook', rules: { 'missing-customer': false } }).table));
    await expect(sqlRfmTable(engine, rel)).rejects.toMatchObject({ code: 'NO_CUSTOMERS' });
  });

  it('sqlRfmScores scores one customer as rfmScores does (a warning, every score 1 or 5)', async () => {
    const table = parseTransactionsCsv('InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n1,A,x,2,2011-01-01 10:00,1.5,7,UK\n2,B,y,1,2011-01-03 10:00,0.1,7,UK\n').table;
    const { table: t, scores } = await sqlRfmScores(engine, tableRelation(engine.dialect, await load(table)));
    const local = rfmTable(table);
    expect({ ...t, index: undefined }).toEqual({ ...local, index: undefined });
    expect({ ...scores, code: null }).toEqual({ ...rfmScores(local), code: null });
    expect(scores.code(0)).toBe('511');
  });

  it('sqlRfmScores refuses bins outside 2..20 and bad thresholds with rfm\'s codes before any query', async () => {
    const rel = tableRelation(engine.dialect, 'nowhere');
    await expect(sqlRfmScores(engine, rel, { bins: 1 })).rejects.toMatchObject({ code: 'INVALID_BINS' });
    await expect(sqlRfmScores(engine, rel, { ties: { recency: [1], frequency: [1, 2, 3, 4], monetary: [1, 2, 3, 4] } })).rejects.toMatchObject({ code: 'INVALID_OPTION', parameter: 'ties.recency' });
  });

  it('sqlRfmTable refuses an asOf before the last purchase with INVALID_AS_OF', async () => {
    const table = parseTransactionsCsv('InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n1,A,x,2,2011-01-01 10:00,1.5,7,UK\n').table;
    const rel = tableRelation(engine.dialect, await load(table));
    await expect(sqlRfmTable(engine, rel, { asOf: '2010-12-31' })).rejects.toMatchObject({ code: 'INVALID_AS_OF' });
    await expect(sqlRfmTable(engine, rel, { asOf: 'yesterday' })).rejects.toMatchObject({ code: 'INVALID_AS_OF' });
  });

  it('the explorations refuse unknown options with coded errors naming them', async () => {
    const rel = tableRelation(engine.dialect, 'nowhere');
    const err = await sqlTopProducts(engine, rel, { by: 'margin' as never }).catch((e: unknown) => e);
    expect(isShopperSpectrumError(err)).toBe(true);
    expect(err).toMatchObject({ code: 'INVALID_OPTION', parameter: 'by' });
    await expect(sqlTopProducts(engine, rel, { limit: 0 })).rejects.toMatchObject({ code: 'INVALID_OPTION', parameter: 'limit' });
    await expect(sqlParetoCurve(engine, rel, { topFraction: 2 })).rejects.toMatchObject({ code: 'INVALID_OPTION', parameter: 'topFraction' });
  });

  it('a customer id or a description holding quotes and SQL stays a bound value', async () => {
    const table = parseTransactionsCsv('InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n1,"A\'; DROP TABLE x; --","x"" OR 1=1",2,2011-01-01 10:00,1.5,"7\'--",UK\n').table;
    const rel = tableRelation(engine.dialect, await load(table));
    expect((await sqlRfmTable(engine, rel)).customerIds).toEqual(["7'--"]);
    expect((await sqlTopProducts(engine, rel))[0]).toMatchObject({ stockCode: "A'; DROP TABLE x; --", description: 'x" OR 1=1' });
  });
});
