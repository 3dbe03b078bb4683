import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paretoCurve, revenueByCountry, salesTrend, topProducts } from '@shopper-spectrum/core';
import type { CleaningPreset } from '@shopper-spectrum/core';
import { sqlParetoCurve, sqlRevenueByCountry, sqlSalesTrend, sqlTopProducts, tableRelation } from '@shopper-spectrum/sql';
import { cleanedTable, duckEngine, mustRun } from './aggregateFixtures.js';

const PRESETS: CleaningPreset[] = ['notebook', 'trusted'];

describe.runIf(mustRun)('explorations pushed down to DuckDB on Online Retail', () => {
  let engine: Awaited<ReturnType<typeof duckEngine>>;
  beforeAll(async () => {
    engine = await duckEngine();
    for (const p of PRESETS) await engine.load(p, await cleanedTable(p));
  }, 120_000);
  afterAll(async () => engine?.close());

  for (const preset of PRESETS) {
    for (const by of ['revenue', 'quantity', 'orders', 'customers'] as const) {
      it(`sqlTopProducts by ${by} equals topProducts under the ${preset} preset`, async () => {
        const rel = tableRelation(engine.dialect, preset);
        expect(await sqlTopProducts(engine, rel, { by, limit: 50 })).toEqual(topProducts(await cleanedTable(preset), { by, limit: 50 }));
      });
    }
    it(`sqlTopProducts with every product equals topProducts under the ${preset} preset`, async () => {
      const rel = tableRelation(engine.dialect, preset);
      expect(await sqlTopProducts(engine, rel, { limit: Infinity })).toEqual(topProducts(await cleanedTable(preset), { limit: Infinity }));
    });
    for (const interval of ['day', 'week', 'month'] as const) {
      it(`sqlSalesTrend by ${interval} equals salesTrend under the ${preset} preset`, async () => {
        const rel = tableRelation(engine.dialect, preset);
        const table = await cleanedTable(preset);
        expect(await sqlSalesTrend(engine, rel, { interval })).toEqual(salesTrend(table, { interval }));
        expect(await sqlSalesTrend(engine, rel, { interval, weekStartsOn: 0, fill: false })).toEqual(salesTrend(table, { interval, weekStartsOn: 0, fill: false }));
      });
    }
    it(`sqlRevenueByCountry equals revenueByCountry under the ${preset} preset`, async () => {
      const rel = tableRelation(engine.dialect, preset);
      expect(await sqlRevenueByCountry(engine, rel)).toEqual(revenueByCountry(await cleanedTable(preset)));
    });
    for (const by of ['customer', 'product'] as const) {
      it(`sqlParetoCurve by ${by} equals paretoCurve under the ${preset} preset`, async () => {
        const rel = tableRelation(engine.dialect, preset);
        expect(await sqlParetoCurve(engine, rel, { by, topFraction: 0.1 })).toEqual(paretoCurve(await cleanedTable(preset), { by, topFraction: 0.1 }));
      });
    }
  }
});
