import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTransactionsCsv, parseTransactionsCsv } from '@shopper-spectrum/core';
import { cleanedRelation, materializeRelation, resolveSource, sqlInteractions, sqlRfmScores, sqlTopProducts, tableSource } from '@shopper-spectrum/sql';
import { openDuckDb } from '@shopper-spectrum/sql/duckdb';
import type { DuckDbEngine } from '@shopper-spectrum/sql/duckdb';
import { writeDuckDbTable } from './loadTable.js';

let engine: DuckDbEngine;
beforeAll(async () => {
  engine = await openDuckDb();
  await writeDuckDbTable(engine, 'generated', parseTransactionsCsv(generateTransactionsCsv({ seed: 5, customers: 120, products: 60 })).table);
});
afterAll(async () => engine?.close());

describe('materializeRelation', () => {
  it('gives every aggregate the same answer as the cleaned relation it stores, and drops its table', async () => {
    const resolved = await resolveSource(engine, tableSource({ table: 'generated', orderBy: ['row_id'] }));
    const cleaned = cleanedRelation(engine.dialect, resolved, { preset: 'trusted' });
    const stored = await materializeRelation(engine, cleaned, { name: 'cleaned_once' });
    expect(stored.name).toBe('cleaned_once');
    const count = await engine.query({ text: 'SELECT count(*) FROM (' + 'SELECT 1 FROM "cleaned_once") t', params: [] });
    expect(stored.rows).toBe(Number(count.rows[0]![0]));
    expect(stored.rows).toBeGreaterThan(0);
    const [once, again] = [await sqlRfmScores(engine, stored), await sqlRfmScores(engine, cleaned)];
    expect(once.table).toEqual(again.table);
    // the scores carry a code(i) method, a new closure per result: compare its values, and the data
    const data = (s: object) => Object.fromEntries(Object.entries(s).filter(([, v]) => typeof v !== 'function'));
    expect(data(once.scores)).toEqual(data(again.scores));
    for (let i = 0; i < once.table.length; i++) expect(once.scores.code(i)).toBe(again.scores.code(i));
    expect(await sqlTopProducts(engine, stored, { limit: 20 })).toEqual(await sqlTopProducts(engine, cleaned, { limit: 20 }));
    expect(await sqlInteractions(engine, stored)).toEqual(await sqlInteractions(engine, cleaned));
    await stored.drop();
    await expect(engine.query({ text: 'SELECT 1 FROM "cleaned_once"', params: [] })).rejects.toMatchObject({ code: 'MISSING_TABLE' });
  });

  it('refuses a name that is not a plain identifier, naming the parameter', async () => {
    const resolved = await resolveSource(engine, tableSource({ table: 'generated' }));
    const cleaned = cleanedRelation(engine.dialect, resolved, { preset: 'notebook' });
    for (const name of ['', 'a b', 'x"; DROP TABLE generated; --', '1abc', 'a'.repeat(64)]) {
      await expect(materializeRelation(engine, cleaned, { name })).rejects.toMatchObject({ code: 'INVALID_OPTION', parameter: 'name' });
    }
  });
});
