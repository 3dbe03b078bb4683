import { describe, expect, it } from 'vitest';
import { describeValue, invalidMessage, isShopperSpectrumError, ShopperSpectrumError } from '@shopper-spectrum/internal';

class AError extends ShopperSpectrumError {
  constructor(code: string) {
    super(code, `A ${code}`, { parameter: 'p', value: 1, allowed: 'two' });
    this.name = 'AError';
  }
}
class BError extends ShopperSpectrumError {}

/** What a second bundled copy of the base class looks like: another class, the same registered brand. */
function otherCopy(): Error {
  const brand = Symbol.for('shopper-spectrum.error');
  const e = new Error('from another package');
  Object.defineProperty(e, brand, { value: true });
  return e;
}

describe('ShopperSpectrumError', () => {
  it('carries code, parameter, value, allowed and cause', () => {
    const cause = new TypeError('inner');
    const e = new ShopperSpectrumError('INVALID_OPTION', 'msg', { parameter: 'k', value: 0, allowed: '>= 1', cause });
    expect([e.code, e.parameter, e.value, e.allowed, e.cause, e.message]).toEqual(['INVALID_OPTION', 'k', 0, '>= 1', cause, 'msg']);
    expect(e).toBeInstanceOf(Error);
  });

  it('instanceof on the base class is true for any copy of it, and false for other errors', () => {
    expect(new AError('X') instanceof ShopperSpectrumError).toBe(true);
    expect(otherCopy() instanceof ShopperSpectrumError).toBe(true);
    expect(new TypeError('t') instanceof ShopperSpectrumError).toBe(false);
    expect((null as unknown as object) instanceof ShopperSpectrumError).toBe(false);
  });

  it('instanceof on a subclass still tells the packages apart', () => {
    expect(new AError('X') instanceof AError).toBe(true);
    expect(new AError('X') instanceof BError).toBe(false);
    expect(otherCopy() instanceof AError).toBe(false);
  });

  it('isShopperSpectrumError is the same check as a type guard', () => {
    expect([new AError('X'), otherCopy(), new Error('x'), 'text', undefined].map(isShopperSpectrumError)).toEqual([true, true, false, false, false]);
  });

  it('toJSON gives plain data with the value shortened to text', () => {
    const e = new ShopperSpectrumError('BAD', 'm', { parameter: 'body', value: 'x'.repeat(1000) });
    const j = e.toJSON();
    expect(j.code).toBe('BAD');
    expect(j.value!.length).toBeLessThanOrEqual(120);
    expect(j.allowed).toBeNull();
    expect(JSON.parse(JSON.stringify(e))).toEqual(j);
  });
});

describe('describeValue', () => {
  it('quotes strings, shortens long values and never throws', () => {
    expect(describeValue('a')).toBe('"a"');
    expect(describeValue(NaN)).toBe('NaN');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue(Float64Array.of(1, 2))).toBe('Float64Array of 2 values');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(describeValue(cyclic)).toBe('{"self":...}');
    expect(describeValue({ n: 10n })).toBe('{"n":"10"}');
    let deep: unknown = 0;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(describeValue(deep).length).toBeLessThanOrEqual(120);
    expect(describeValue('y'.repeat(10_000_000)).length).toBeLessThanOrEqual(120);
  });

  it('writes only the start of a large value, never walking the rest of it', () => {
    let reads = 0;
    const wide: Record<string, unknown> = {};
    for (let i = 0; i < 10_000; i++) Object.defineProperty(wide, `k${i}`, { enumerable: true, get: () => (reads++, i) });
    expect(describeValue(wide).length).toBeLessThanOrEqual(120);
    expect(reads).toBeLessThan(50);
    expect(describeValue({ rows: new Array(1_000_000).fill(1) })).toMatch(/^\{"rows":\[1,1,1,.*\.\.\.$/);
    class Matrix {
      constructor(readonly rows = 2) {}
    }
    expect(describeValue(new Matrix())).toBe('Matrix {"rows":2}');
  });

  it('invalidMessage names the parameter, the value and what is allowed', () => {
    expect(invalidMessage('k', 0, 'an integer >= 1', 'See the docs.')).toBe('Invalid k: got 0; allowed: an integer >= 1. See the docs.');
  });
});
