import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDecimal } from '@shopper-spectrum/core';

const parse = (s: string) => parseDecimal(s, 0, s.length);

describe('parseDecimal', () => {
  it('reads integers, decimals and signs', () => {
    expect([parse('6'), parse('-80995'), parse('2.55'), parse('+0.5'), parse('.5'), parse('1.')]).toEqual([6, -80995, 2.55, 0.5, 0.5, 1]);
  });

  it('reads a field inside a longer text', () => {
    expect(parseDecimal('x,38970.0,y', 2, 9)).toBe(38970);
  });

  it('reads exponents and surrounding spaces through the slow path', () => {
    expect([parse('1e3'), parse(' 12 '), parse('-1.5E-2')]).toEqual([1000, 12, -0.015]);
  });

  it('rejects empty text, words, separators, hex and infinities', () => {
    for (const s of ['', ' ', '-', '.', 'six', '1,5', '1 000', '0x10', 'Infinity', 'NaN', '1.2.3', '--1']) expect(parse(s)).toBeNaN();
  });

  it('returns exactly what Number() returns for any decimal (property)', () => {
    const decimal = fc
      .tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^\d{1,18}$/), fc.option(fc.stringMatching(/^\d{0,18}$/)))
      .map(([sign, int, frac]) => `${sign}${int}${frac === null ? '' : `.${frac}`}`);
    fc.assert(fc.property(decimal, (s) => Object.is(parse(s), Number(s))), { numRuns: 5000 });
  });

  it('matches Number() on every price of the form x.yy', () => {
    for (let cents = 0; cents < 100_000; cents++) {
      const s = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
      if (parse(s) !== Number(s)) throw new Error(s);
    }
    expect(parse('999.99')).toBe(999.99);
  });
});
