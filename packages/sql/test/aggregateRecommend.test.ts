import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInteractions, itemSimilarity, matrixFromCsr } from '@shopper-spectrum/recommend';
import type { InteractionMatrix, SimilarityFn } from '@shopper-spectrum/recommend';
import { sqlInteractions, sqlItemCooccurrence, tableRelation } from '@shopper-spectrum/sql';
import { cleanedTable, duckEngine, mustRun } from './aggregateFixtures.js';

function expectSameMatrix(a: InteractionMatrix, b: InteractionMatrix): void {
  expect(a.customers).toEqual(b.customers);
  expect(a.items).toEqual(b.items);
  expect(a.descriptions).toEqual(b.descriptions);
  expect(a.indptr).toEqual(b.indptr);
  expect(a.indices).toEqual(b.indices);
  expect(a.data).toEqual(b.data);
}

const together: SimilarityFn = (p) => p.together;

describe.runIf(mustRun)('interaction cells and co-occurrence pushed down to DuckDB on Online Retail', () => {
  let engine: Awaited<ReturnType<typeof duckEngine>>;
  beforeAll(async () => {
    engine = await duckEngine();
    await engine.load('notebook', await cleanedTable('notebook'));
  }, 120_000);
  afterAll(async () => engine?.close());

  const cases = [
    { weight: 'binary', halfLifeDays: Infinity },
    { weight: 'binary', halfLifeDays: 30 },
    { weight: 'invoices', halfLifeDays: Infinity },
    { weight: 'invoices', halfLifeDays: 90 },
    { weight: 'quantity', halfLifeDays: Infinity },
    { weight: 'revenue', halfLifeDays: Infinity },
    { weight: 'revenue', halfLifeDays: 60 },
  ] as const;
  for (const options of cases) {
    it(`sqlInteractions gives buildInteractions' matrix with ${options.weight} cells and a half-life of ${options.halfLifeDays} days`, async () => {
      const cells = await sqlInteractions(engine, tableRelation(engine.dialect, 'notebook'), { ...options, batchRows: 50_000 });
      expectSameMatrix(matrixFromCsr(cells), buildInteractions(await cleanedTable('notebook'), options));
    }, 120_000);
  }

  it("sqlItemCooccurrence keeps the pairs and counts itemSimilarity keeps with the customers who bought both", async () => {
    const co = await sqlItemCooccurrence(engine, tableRelation(engine.dialect, 'notebook'), { neighbours: 25 });
    const m = buildInteractions(await cleanedTable('notebook'));
    const sim = itemSimilarity(m, { similarity: together, neighbours: 25 });
    expect(co.items).toEqual(m.items);
    expect(co.popularity).toEqual(m.popularity);
    expect(co.indptr).toEqual(sim.indptr);
    expect(co.indices).toEqual(sim.indices);
    expect(co.together).toEqual(sim.together);
  }, 120_000);
});
