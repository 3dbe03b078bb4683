import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeSegments, nameSegments } from '@shopper-spectrum/cluster';
import { codeOf } from '../test/helpers.js';

// an independent numpy-style quantile (linear interpolation, R type 7)
const quantile = (values: readonly number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return lo + 1 < s.length ? s[lo]! + (h - lo) * (s[lo + 1]! - s[lo]!) : s[lo]!;
};
const thirdOf = (v: number, column: readonly number[]) => (v <= quantile(column, 1 / 3) ? 0 : v <= quantile(column, 2 / 3) ? 1 : 2);
const WORDS = [
  ['Recent', 'Lapsing', 'Lapsed'],
  ['infrequent', 'occasional', 'frequent'],
  ['low spend', 'mid spend', 'high spend'],
] as const;

/** The words a centroid should get, computed here from the rule as documented. */
function expectedWords(c: readonly number[], reference: readonly (readonly number[])[]): string {
  const [r, f, m] = [0, 1, 2].map((j) => thirdOf(c[j]!, reference.map((row) => row[j]!)));
  return `${WORDS[0][r!]}, ${c[1]! < 1.5 ? 'one-off' : WORDS[1][f!]}, ${WORDS[2][m!]}`;
}

const customers = [[5, 12, 5200], [9, 8, 3100], [20, 4, 1400], [35, 3, 900], [60, 2, 450], [120, 1, 300], [200, 1, 150], [300, 1, 90], [15, 6, 2000]];

describe('describeSegments', () => {
  it('names clusters by the third of the customers each of R, F and M falls in', () => {
    const d = describeSegments([[8, 10, 4000], [250, 1, 120], [40, 3, 800]], { reference: customers });
    expect(d.names).toEqual(['Recent, frequent, high spend', 'Lapsed, one-off, low spend', 'Lapsing, occasional, mid spend']);
    expect(d.levels[1]).toEqual({ recency: 'high', frequency: 'low', monetary: 'low' });
    expect(d.thirds.monetary[0]).toBeCloseTo(400, 9);
  });

  it('says in its reasons where each figure lies among the customers, with the cut points', () => {
    const { reasons } = describeSegments([[8, 10, 4000], [250, 1, 120]], { reference: customers });
    expect(reasons[0]).toBe('recency 8 days: among the most recent third of customers (at most 18 days); 10 orders: among the top third (over 4.7); spend 4,000: among the top third (over 1,600)');
    expect(reasons[1]).toContain('1 order: among the bottom third (at most 1.7), most customers in it ordered once');
  });

  it('tells colliding clusters apart by the figure on which they differ most', () => {
    expect(describeSegments([[8, 10, 4000], [12, 9, 3500]], { reference: customers }).names).toEqual(['Recent, frequent, high spend (8 days)', 'Recent, frequent, high spend (12 days)']);
    // the same recency: spend is what differs, written with the given money formatter
    expect(describeSegments([[8, 10, 4000], [8, 10, 2500]], { reference: customers, money: (v) => `£${Math.round(v)}` }).names).toEqual(['Recent, frequent, high spend (£4000)', 'Recent, frequent, high spend (£2500)']);
  });

  it('tells identical centroids apart by their position', () => {
    expect(describeSegments([[8, 10, 4000], [8, 10, 4000]], { reference: customers }).names).toEqual(['Recent, frequent, high spend (cluster 1)', 'Recent, frequent, high spend (cluster 2)']);
  });

  it('reads the columns in the order features gives', () => {
    const reordered = customers.map(([r, f, m]) => [m!, r!, f!]);
    const d = describeSegments([[4000, 8, 10]], { reference: reordered, features: ['monetary', 'recency', 'frequency'] });
    expect(d.names).toEqual(['Recent, frequent, high spend']);
  });

  it('never gives the business names of nameSegments', () => {
    const business = new Set(['All', 'At-Risk', 'High-Value', 'Occasional', 'Regular']);
    for (const name of describeSegments([[8, 10, 4000], [250, 1, 120], [40, 3, 800], [100, 2, 300]], { reference: customers }).names) expect(business.has(name.replace(/ \d+$/, ''))).toBe(false);
    expect(nameSegments([[8, 10, 4000], [250, 1, 120]], ['recency', 'frequency', 'monetary']).names).toEqual(['High-Value', 'At-Risk']); // the old rule is kept
  });

  describe('edge cases', () => {
    it('names a single cluster and a single reference row', () => {
      expect(describeSegments([[3, 2, 50]], { reference: [[3, 2, 50]] }).names).toEqual(['Recent, infrequent, low spend']);
    });

    it('refuses missing features, ragged centroids, NaN and a reference of another width', () => {
      expect(codeOf(() => describeSegments([], { reference: customers }))).toBe('INVALID_OPTION');
      expect(codeOf(() => describeSegments([[1, 2, 3]], { reference: customers, features: ['recency', 'frequency', 'frequency'] as never }))).toBe('INVALID_OPTION');
      expect(codeOf(() => describeSegments([[1, 2]], { reference: customers }))).toBe('INVALID_OPTION');
      expect(codeOf(() => describeSegments([[1, Number.NaN, 3]], { reference: customers }))).toBe('INVALID_OPTION');
      expect(codeOf(() => describeSegments([[1, 2, 3]], { reference: [[1, Number.NaN, 3]] }))).toBe('NON_FINITE');
      expect(codeOf(() => describeSegments([[1, 2, 3]], { reference: [[1, 2]] }))).toBe('DIMENSION_MISMATCH');
    });
  });

  const row = fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 20_000 }));
  const centroid = fc.tuple(fc.double({ min: 0, max: 400, noNaN: true }), fc.double({ min: 1, max: 60, noNaN: true }), fc.double({ min: 1, max: 20_000, noNaN: true }));

  it('gives unique names that describe their centroids, for any centroids (property)', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 80 }), fc.array(centroid, { minLength: 1, maxLength: 10 }), (reference, centroids) => {
        const { names, levels } = describeSegments(centroids, { reference });
        expect(new Set(names).size).toBe(centroids.length);
        centroids.forEach((c, i) => {
          const words = expectedWords(c, reference);
          expect(names[i] === words || names[i]!.startsWith(`${words} (`)).toBe(true);
          expect(levels[i]).toEqual(Object.fromEntries(['recency', 'frequency', 'monetary'].map((f, j) => [f, ['low', 'mid', 'high'][thirdOf(c[j]!, reference.map((r) => r[j]!))]])));
        });
      }),
    );
  });

  it('gives the same clusters the same names whatever their order (property)', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), fc.uniqueArray(row, { minLength: 1, maxLength: 7, selector: (c) => c.join(',') }), fc.array(fc.nat()), (reference, centroids, keys) => {
        const a = describeSegments(centroids, { reference }).names;
        fc.pre(!a.some((n) => n.includes('(cluster'))); // position tells only identical figures apart
        const perm = centroids.map((_, i) => i).sort((x, y) => (keys[x] ?? x) - (keys[y] ?? y) || x - y);
        const b = describeSegments(perm.map((i) => centroids[i]!), { reference }).names;
        perm.forEach((i, p) => expect(b[p]).toBe(a[i]));
      }),
    );
  });
});
