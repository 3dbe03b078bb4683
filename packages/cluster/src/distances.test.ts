import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cosineDistance, DISTANCES, euclideanDistance, manhattanDistance } from '@shopper-spectrum/cluster';

const vec = fc.array(fc.integer({ min: -100, max: 100 }), { minLength: 3, maxLength: 3 }).map((v) => Float64Array.from(v));

describe('distances', () => {
  it('are the textbook formulas (worked by hand)', () => {
    const a = Float64Array.of(0, 0);
    const b = Float64Array.of(3, 4);
    expect(euclideanDistance(a, b)).toBe(5);
    expect(manhattanDistance(a, b)).toBe(7);
    expect(cosineDistance(Float64Array.of(1, 0), Float64Array.of(0, 2))).toBe(1);
    expect(cosineDistance(Float64Array.of(1, 1), Float64Array.of(2, 2))).toBeCloseTo(0, 15);
    expect(cosineDistance(Float64Array.of(1, 0), Float64Array.of(-3, 0))).toBe(2);
  });

  it('give NaN for the cosine of a zero vector, whose direction is undefined', () => {
    expect(cosineDistance(Float64Array.of(0, 0), Float64Array.of(1, 0))).toBeNaN();
  });

  it('are listed by name in DISTANCES', () => {
    expect(Object.keys(DISTANCES)).toEqual(['euclidean', 'manhattan', 'cosine']);
    expect(DISTANCES.manhattan).toBe(manhattanDistance);
    expect(Object.isFrozen(DISTANCES)).toBe(true);
  });

  it('are symmetric, zero on the diagonal and never negative (property)', () => {
    fc.assert(
      fc.property(vec, vec, (a, b) => {
        for (const f of [euclideanDistance, manhattanDistance]) {
          expect(f(a, b)).toBe(f(b, a));
          expect(f(a, a)).toBe(0);
          expect(f(a, b)).toBeGreaterThanOrEqual(0);
        }
        fc.pre(a.some((v) => v !== 0) && b.some((v) => v !== 0));
        expect(cosineDistance(a, b)).toBeCloseTo(cosineDistance(b, a), 14);
        expect(cosineDistance(a, b)).toBeGreaterThanOrEqual(0);
        expect(cosineDistance(a, b)).toBeLessThanOrEqual(2);
      }),
    );
  });

  it('satisfy the triangle inequality, Euclidean and Manhattan (property)', () => {
    fc.assert(
      fc.property(vec, vec, vec, (a, b, c) => {
        for (const f of [euclideanDistance, manhattanDistance]) expect(f(a, c)).toBeLessThanOrEqual(f(a, b) + f(b, c) + 1e-9);
      }),
    );
  });
});
