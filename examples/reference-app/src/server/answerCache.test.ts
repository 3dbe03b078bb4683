import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MS_PER_DAY } from '@shopper-spectrum/core';
import { smallArtifacts } from '../../test/fixture.js';
import { loadArtifacts } from '../artifacts.js';
import { buildServer } from '../server.js';
import { AnswerCache } from './answerCache.js';

const costOf = (key: string, value: unknown) => Buffer.byteLength(JSON.stringify(value)) + key.length * 2;

describe('AnswerCache', () => {
  it('answers a repeated key from the cache without computing it again', () => {
    const cache = new AnswerCache(10_000);
    let computed = 0;
    const first = cache.get('a', () => ({ n: ++computed }));
    const second = cache.get('a', () => ({ n: ++computed }));
    expect(second).toBe(first);
    expect(computed).toBe(1);
    expect([cache.hits, cache.misses]).toEqual([1, 1]);
  });

  it('drops the least recently used answer first when the budget is exceeded', () => {
    const value = { text: 'x'.repeat(100) };
    const cost = costOf('k0', value);
    const cache = new AnswerCache(cost * 8); // each answer is exactly an eighth of the budget: kept
    for (let i = 0; i < 8; i++) cache.get(`k${i}`, () => value);
    cache.get('k0', () => value); // k0 is now the most recently used
    cache.get('k8', () => value); // over budget by one answer: k1 goes
    expect(cache.count).toBe(8);
    const misses = cache.misses;
    cache.get('k0', () => value);
    expect(cache.misses).toBe(misses);
    cache.get('k1', () => value);
    expect(cache.misses).toBe(misses + 1);
  });

  it('keeps no answer larger than an eighth of its budget, and nothing with a budget of 0', () => {
    const big = new AnswerCache(800);
    big.get('big', () => 'y'.repeat(200));
    expect(big.count).toBe(0);
    const none = new AnswerCache(0);
    none.get('a', () => 1);
    expect([none.count, none.bytes]).toEqual([0, 0]);
  });

  it('never holds more bytes than its budget, and answers every key with its own value, whatever is asked', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1500 }), fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 40, maxLength: 200 }), (budget, keys) => {
        const cache = new AnswerCache(budget);
        const value = (k: number) => 'z'.repeat(k * 3);
        for (const k of keys) {
          expect(cache.get(`key-${k}`, () => value(k)).toString()).toBe(JSON.stringify(value(k)));
          expect(cache.bytes).toBeLessThanOrEqual(budget);
        }
        expect(cache.count).toBeLessThanOrEqual(new Set(keys).size);
        expect(cache.hits + cache.misses).toBe(keys.length);
      }),
      { numRuns: 100, seed: 15 },
    );
  });
});

describe("the server's answer cache", () => {
  it('stays within --cache-mb however many distinct filters are asked, and answers each the same cached or not', async () => {
    const state = loadArtifacts(await smallArtifacts());
    const budget = 64 * 1024;
    const { app, cache } = await buildServer(state, { rateLimitPerMinute: 0, cacheBytes: budget });
    try {
      const first = Math.floor(state.table.columns.invoiceDate[0]! / MS_PER_DAY);
      const day = (d: number) => new Date((first + d) * MS_PER_DAY).toISOString().slice(0, 10);
      const urls = Array.from({ length: 300 }, (_, i) => `/api/sales?from=${day(i % 150)}&to=${day(150 + (i % 150) + Math.floor(i / 150))}&interval=month`);
      const bodies: string[] = [];
      for (const url of urls) {
        bodies.push((await app.inject(url)).body);
        expect(cache.bytes).toBeLessThanOrEqual(budget);
      }
      expect(cache.misses).toBe(300);
      expect(cache.count).toBeLessThan(300);
      // the most recent answer is held, and served as it was computed
      const hits = cache.hits;
      expect((await app.inject(urls.at(-1)!)).body).toBe(bodies.at(-1));
      expect(cache.hits).toBe(hits + 1);
      // an answer that was dropped is computed again, byte for byte the same
      expect((await app.inject(urls[0]!)).body).toBe(bodies[0]);
      expect(cache.misses).toBe(301);
    } finally {
      await app.close();
    }
  });
});
