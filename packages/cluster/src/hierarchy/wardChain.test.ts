/**
 * The grid-pruned nearest-neighbour chain against the full scan (scipy's): the same merges, bit for
 * bit, ties included. An engine test, so it imports the engine itself, not the public entry.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeededRandom, toMatrix } from '@shopper-spectrum/cluster';
import { blobs } from '../../test/fixtures/blobs.js';
import { wardChain } from './wardChain.js';

const same = (rows: number[][]): void => {
  const m = toMatrix(rows);
  const grid = wardChain(m);
  const full = wardChain(m, { grid: false });
  expect([...grid.a]).toEqual([...full.a]);
  expect([...grid.b]).toEqual([...full.b]);
  expect([...grid.h]).toEqual([...full.h]);
};

describe('wardChain', () => {
  it('gives the full scan its merges on 3,000 seeded 3-d points in blobs of unequal spread', () => {
    same([...blobs([[0, 0, 0], [4, 0, 1], [0, 5, 2]], 600, 1, 3), ...blobs([[20, 20, 20]], 1200, 0.05, 4)]);
  });

  it('gives the full scan its merges with outliers far from the rest', () => {
    const rows = blobs([[0, 0, 0], [1, 1, 1]], 300, 0.2, 9);
    rows.push([1e4, 0, 0], [-1e4, 5, 5], [0, 3e3, -2e3]);
    same(rows);
  });

  it('gives the full scan its merges on integer grids, where duplicates and tied distances abound', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -4, max: 4 }), fc.integer({ min: -4, max: 4 }), fc.integer({ min: -2, max: 2 })), { minLength: 33, maxLength: 400 }),
        (ps) => same(ps.map(([a, b, c]) => [a, b, c])),
      ),
      { numRuns: 60, seed: 19 },
    );
  });

  it('gives the full scan its merges in 1, 2 and 5 dimensions', () => {
    const random = new SeededRandom(5);
    for (const d of [1, 2, 5]) {
      same(Array.from({ length: 700 }, (_, i) => Array.from({ length: d }, (_, j) => (i % 7) * (j + 1) + random.normal())));
      same(Array.from({ length: 300 }, () => Array.from({ length: d }, () => Math.round(3 * random.normal()))));
    }
  });

  it('merges every row exactly once, one fewer merge than rows, for one identical row repeated', () => {
    const m = toMatrix(Array.from({ length: 200 }, () => [1, 2, 3]));
    const raw = wardChain(m);
    expect(raw.a.length).toBe(199);
    expect([...raw.h].every((h) => h === 0)).toBe(true);
    same(Array.from({ length: 200 }, () => [1, 2, 3]));
  });
});
