import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameSegments } from '@shopper-spectrum/cluster';
import { codeOf } from '../test/helpers.js';

describe('nameSegments', () => {
  const C = [[20, 3, 900], [250, 1, 300], [10, 15, 8000], [40, 1, 250]];
  const F3 = ['recency', 'frequency', 'monetary'] as const;

  it('names four clusters by the declared rule, with reasons', () => {
    const { names, reasons } = nameSegments(C, F3);
    expect(names).toEqual(['Regular', 'At-Risk', 'High-Value', 'Occasional']);
    expect(reasons[1]).toContain('largest recency (250 days');
  });

  it('gives the same clusters the same names whatever their order (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 365 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 10000 })), { minLength: 1, maxLength: 7 }), fc.array(fc.nat()), (cs, keys) => {
        const distinct = new Set(cs.map((c) => c.join(','))).size === cs.length && new Set(cs.map((c) => c[0])).size === cs.length && new Set(cs.map((c) => c[1])).size === cs.length && new Set(cs.map((c) => c[2])).size === cs.length;
        fc.pre(distinct);
        const perm = cs.map((_, i) => i).sort((a, b) => (keys[a] ?? a) - (keys[b] ?? b) || a - b);
        const a = nameSegments(cs, F3).names;
        const b = nameSegments(perm.map((i) => cs[i]!), F3).names;
        perm.forEach((i, p) => expect(b[p]).toBe(a[i]));
        expect(new Set(a).size).toBe(cs.length);
      }),
    );
  });

  it('generalises to other k and other column orders', () => {
    expect(nameSegments([[5, 1, 1]], F3).names).toEqual(['All']);
    expect(nameSegments([[300, 1, 10], [5, 9, 900]], F3).names).toEqual(['At-Risk', 'High-Value']);
    expect(nameSegments([[9000, 2, 10], [3000, 20, 5], [400, 1, 200], [800, 5, 30], [600, 7, 20]], ['monetary', 'frequency', 'recency']).names).toEqual(['High-Value', 'Regular 1', 'At-Risk', 'Occasional', 'Regular 2']);
    expect(codeOf(() => nameSegments(C, ['recency', 'frequency'] as never))).toBe('INVALID_OPTION');
  });
});
