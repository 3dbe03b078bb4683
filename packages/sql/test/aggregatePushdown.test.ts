/**
 * The whole path a user takes, on both engines: the raw Online Retail rows in a table, cleaned in
 * the engine by cleanedRelation under each preset, then every aggregate pushed down on that SQL,
 * compared with core's / rfm's / recommend's functions on the table cleaned in-process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paretoCurve, revenueByCountry, salesTrend, topProducts } from '@shopper-spectrum/core';
import type { CleaningPreset } from '@shopper-spectrum/core';
import { rfmScores, rfmTable } from '@shopper-spectrum/rfm';
import { buildInteractions, matrixFromCsr } from '@shopper-spectrum/recommend';
import { cleanedRelation, resolveSource, sqlInteractions, sqlParetoCurve, sqlRevenueByCountry, sqlRfmScores, sqlRfmTable, sqlSalesTrend, sqlTopProducts, tableSource } from '@shopper-spectrum/sql';
import type { SqlEngine, SqlFragment } from '@shopper-spectrum/sql';
import { openDuckDb } from '@shopper-spectrum/sql/duckdb';
import { connectPostgres } from '@shopper-spectrum/sql/postgres';
import { cleanedTable, mustRun, rawTable } from './aggregateFixtures.js';
import { startPostgres } from './aggregatePostgres.js';
import type { PostgresServer } from './aggregatePostgres.js';
import { writeDuckDbTable, writePostgresTable } from './loadTable.js';

const PRESETS: CleaningPreset[] = ['notebook', 'trusted', 'strict'];

for (const engineName of ['duckdb', 'postgres'] as const) {
  describe.runIf(mustRun)(`aggregates on cleanedRelation in ${engineName}, Online Retail`, () => {
    let engine: SqlEngine;
    let server: PostgresServer | undefined;
    const relations = new Map<CleaningPreset, SqlFragment>();
    beforeAll(async () => {
      const raw = await rawTable();
      if (engineName === 'duckdb') {
        const duck = await openDuckDb({ threads: 2 });
        await writeDuckDbTable(duck, 'online_retail', raw);
        engine = duck;
      } else {
        server = await startPostgres();
        engine = await connectPostgres({ connectionString: server.url });
        await writePostgresTable(engine, 'online_retail', raw);
      }
      const resolved = await resolveSource(engine, tableSource({ table: 'online_retail', orderBy: 'row_id' }));
      for (const preset of PRESETS) relations.set(preset, cleanedRelation(engine.dialect, resolved, { preset }));
    }, 300_000);
    afterAll(async () => {
      await engine?.close();
      server?.stop();
    });

    for (const preset of PRESETS) {
      it(`RFM table and scores (rank-first, shared) equal rfm's under the ${preset} preset`, async () => {
        const local = rfmTable(await cleanedTable(preset));
        const pushed = await sqlRfmTable(engine, relations.get(preset)!);
        expect(pushed.customerIds).toEqual(local.customerIds);
        expect({ ...pushed, index: undefined }).toEqual({ ...local, index: undefined });
        for (const ties of ['rank-first', 'shared'] as const) {
          const { scores } = await sqlRfmScores(engine, relations.get(preset)!, { ties });
          const want = rfmScores(local, { ties });
          expect({ ...scores, code: null }).toEqual({ ...want, code: null });
        }
      }, 120_000);
    }

    it('RFM with an asOf and custom thresholds equals rfm\'s (notebook preset)', async () => {
      const local = rfmTable(await cleanedTable('notebook'), { asOf: '2012-01-01' });
      const ties = { recency: [30, 90, 180, 270], frequency: [1, 2, 4, 8], monetary: [250, 500, 1000, 3000] };
      const { table, scores } = await sqlRfmScores(engine, relations.get('notebook')!, { asOf: '2012-01-01', ties, bins: 5 });
      expect({ ...table, index: undefined }).toEqual({ ...local, index: undefined });
      expect({ ...scores, code: null }).toEqual({ ...rfmScores(local, { ties }), code: null });
    }, 120_000);

    for (const preset of ['notebook', 'trusted'] as const) {
      it(`explorations equal core's under the ${preset} preset`, async () => {
        const rel = relations.get(preset)!;
        const table = await cleanedTable(preset);
        expect(await sqlTopProducts(engine, rel, { limit: 50 })).toEqual(topProducts(table, { limit: 50 }));
        expect(await sqlTopProducts(engine, rel, { by: 'customers', limit: 20 })).toEqual(topProducts(table, { by: 'customers', limit: 20 }));
        expect(await sqlSalesTrend(engine, rel, { interval: 'week' })).toEqual(salesTrend(table, { interval: 'week' }));
        expect(await sqlSalesTrend(engine, rel, { interval: 'month' })).toEqual(salesTrend(table, { interval: 'month' }));
        expect(await sqlRevenueByCountry(engine, rel)).toEqual(revenueByCountry(table));
        expect(await sqlParetoCurve(engine, rel)).toEqual(paretoCurve(table));
        expect(await sqlParetoCurve(engine, rel, { by: 'product' })).toEqual(paretoCurve(table, { by: 'product' }));
      }, 180_000);
    }

    it("interaction cells equal buildInteractions' (binary and revenue, notebook preset)", async () => {
      const table = await cleanedTable('notebook');
      for (const options of [{ weight: 'binary' }, { weight: 'revenue', halfLifeDays: 60 }] as const) {
        const m = matrixFromCsr(await sqlInteractions(engine, relations.get('notebook')!, { ...options, batchRows: 20_000 }));
        const want = buildInteractions(table, options);
        expect([m.customers, m.items, m.descriptions]).toEqual([want.customers, want.items, want.descriptions]);
        expect([m.indptr, m.indices, m.data]).toEqual([want.indptr, want.indices, want.data]);
      }
    }, 180_000);
  });
}
