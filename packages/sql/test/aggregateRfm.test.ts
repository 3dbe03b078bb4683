import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rfmScores, rfmTable } from '@shopper-spectrum/rfm';
import type { RfmScores, RfmTable } from '@shopper-spectrum/rfm';
import type { CleaningPreset } from '@shopper-spectrum/core';
import { sqlRfmScores, sqlRfmTable, tableRelation } from '@shopper-spectrum/sql';
import { cleanedTable, duckEngine, mustRun } from './aggregateFixtures.js';

const PRESETS: CleaningPreset[] = ['notebook', 'trusted', 'strict'];

function expectSameTable(a: RfmTable, b: RfmTable): void {
  expect(a.length).toBe(b.length);
  expect(a.asOf).toBe(b.asOf);
  expect(a.customerIds).toEqual(b.customerIds);
  for (const k of ['recency', 'frequency', 'monetary', 'firstPurchase', 'lastPurchase', 'tenure', 'averageOrderValue'] as const) expect([k, a[k]]).toEqual([k, b[k]]);
}

function expectSameScores(a: RfmScores, b: RfmScores): void {
  expect({ ...a, code: null }).toEqual({ ...b, code: null });
  expect(a.code(0)).toBe(b.code(0));
}

describe.runIf(mustRun)('RFM pushed down to DuckDB on Online Retail', () => {
  let engine: Awaited<ReturnType<typeof duckEngine>>;
  beforeAll(async () => {
    engine = await duckEngine();
    for (const p of PRESETS) await engine.load(p, await cleanedTable(p));
  }, 120_000);
  afterAll(async () => engine?.close());

  for (const preset of PRESETS) {
    it(`sqlRfmTable equals rfmTable under the ${preset} preset`, async () => {
      const rel = tableRelation(engine.dialect, preset);
      expectSameTable(await sqlRfmTable(engine, rel), rfmTable(await cleanedTable(preset)));
    });
    for (const ties of ['rank-first', 'shared'] as const) {
      it(`sqlRfmScores equals rfmScores with ${ties} ties under the ${preset} preset`, async () => {
        const rel = tableRelation(engine.dialect, preset);
        const { table, scores } = await sqlRfmScores(engine, rel, { ties });
        const local = rfmTable(await cleanedTable(preset));
        expectSameTable(table, local);
        expectSameScores(scores, rfmScores(local, { ties }));
      });
    }
  }
});
