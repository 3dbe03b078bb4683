import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectTop, topIndices } from '@shopper-spectrum/internal';

/** The reference: a full sort by (value desc, tie desc, index asc). */
const naive = (values: number[], k: number, tie?: number[]) =>
  values
    .map((v, j) => j)
    .sort((a, b) => values[b]! - values[a]! || (tie ? tie[b]! - tie[a]! : 0) || a - b)
    .slice(0, k);

describe('selectTop', () => {
  it('puts the k best first, ties to the smaller index', () => {
    const items = Int32Array.of(0, 1, 2, 3, 4);
    const n = selectTop(items, 5, 3, Float64Array.of(0.5, 0.9, 0.5, 0.1, 0.9));
    expect(n).toBe(3);
    expect([...items.subarray(0, 3)]).toEqual([1, 4, 0]);
  });

  it('uses the tie key before the index', () => {
    const items = Int32Array.of(0, 1, 2);
    selectTop(items, 3, 3, Float64Array.of(1, 1, 1), { tie: Float64Array.of(0, 5, 2) });
    expect([...items]).toEqual([1, 2, 0]);
  });

  it('returns min(k, n)', () => {
    expect(selectTop(Int32Array.of(0, 1), 2, 10, Float64Array.of(1, 2))).toBe(2);
    expect(selectTop(new Int32Array(0), 0, 3, new Float64Array(0))).toBe(0);
  });

  it('equals a full sort on large lists with many ties, with and without a tie key (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 0, maxLength: 600 }),
        fc.integer({ min: 1, max: 60 }),
        fc.boolean(),
        (raw, k, withTie) => {
          const values = raw.map((v) => v / 4);
          const tie = withTie ? raw.map((v, j) => (v * 7 + j) % 5) : undefined;
          const items = Int32Array.from(values.keys());
          const kept = selectTop(items, values.length, k, Float64Array.from(values), tie ? { tie: Float64Array.from(tie) } : {});
          expect([...items.subarray(0, kept)]).toEqual(naive(values, k, tie));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leaves the candidates a permutation of themselves, whichever path it takes (callers reset by them)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 0, maxLength: 400 }), fc.integer({ min: 1, max: 120 }), (raw, k) => {
        const items = Int32Array.from(raw.keys());
        selectTop(items, raw.length, k, Float64Array.from(raw));
        expect([...items].sort((a, b) => a - b)).toEqual([...raw.keys()]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('topIndices', () => {
  it('keeps only values above the floor and not skipped', () => {
    expect(topIndices(Float64Array.of(0.2, 0.9, 0, 0.2, -1, NaN), 10)).toEqual([1, 0, 3]);
    expect(topIndices(Float64Array.of(0.2, 0.9, 0.3), 2, { skip: (j) => j === 1 })).toEqual([2, 0]);
    expect(topIndices(Float64Array.of(1, 2, 3), 5, { floor: 1.5 })).toEqual([2, 1]);
  });
});
