import { describe, expect, it } from 'vitest';
import { allowedNames, quantileSorted, resolveStrategy } from '@shopper-spectrum/internal';

describe('quantileSorted', () => {
  it("matches numpy's linear percentiles", () => {
    // np.percentile([1, 2, 3, 4, 10], [0, 25, 50, 75, 90, 100]) = [1, 2, 3, 4, 7.6, 10]
    expect([0, 0.25, 0.5, 0.75, 0.9, 1].map((p) => quantileSorted([1, 2, 3, 4, 10], p))).toEqual([1, 2, 3, 4, 7.6000000000000005, 10]);
    expect(quantileSorted([5], 0.3)).toBe(5);
  });
});

describe('resolveStrategy', () => {
  const table = { a: () => 1, b: () => 2 };
  const fail = (parameter: string, value: unknown, allowed: string): never => {
    throw new Error(`${parameter}|${String(value)}|${allowed}`);
  };
  it('resolves a name, accepts a function, refuses anything else with the names allowed', () => {
    expect(resolveStrategy(table, 'b', 'x', fail)()).toBe(2);
    const own = () => 3;
    expect(resolveStrategy(table, own, 'x', fail)).toBe(own);
    expect(() => resolveStrategy(table, 'c', 'x', fail)).toThrow("x|c|'a' or 'b', or a function");
    expect(() => resolveStrategy(table, 'toString', 'x', fail)).toThrow('x|toString');
    expect(() => resolveStrategy(table, 5 as never, 'x', fail)).toThrow('x|5');
  });
  it('lists names for messages', () => {
    expect(allowedNames({ a: 1, b: 2, c: 3 })).toBe("'a', 'b' or 'c'");
  });
});
