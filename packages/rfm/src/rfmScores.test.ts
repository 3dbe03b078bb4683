import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RfmError, rfmScores, weightedRfmScore } from '@shopper-spectrum/rfm';
import type { RfmValues } from '@shopper-spectrum/rfm';

const values = (recency: number[], frequency: number[], monetary: number[]): RfmValues => ({
  customerIds: recency.map((_, i) => String(i)),
  recency,
  frequency,
  monetary,
});
const same = (xs: number[]) => values(xs, xs, xs);
const X = [5, 1, 1, 1, 2, 3, 8, 8, 9, 10];

describe('rfmScores', () => {
  it("'rank-first' matches pandas qcut(rank(method='first'), 5): equal bins, ties by customer order", () => {
    // pandas: pd.qcut(pd.Series(X).rank(method='first'), 5, labels=False) + 1
    const s = rfmScores(same(X));
    expect([...s.f]).toEqual([3, 1, 1, 2, 2, 3, 4, 4, 5, 5]);
    expect([...s.m]).toEqual([...s.f]);
    expect(s.frequency.ranges.map((r) => r.count)).toEqual([2, 2, 2, 2, 2]);
    expect(s.frequency.edges).toEqual([1, 1, 2, 5, 8, 10]);
  });

  it('reverses recency: the most recent customers score highest', () => {
    const s = rfmScores(same(X));
    expect([...s.r]).toEqual([...s.f].map((f) => 6 - f));
  });

  it("'shared' cuts at value quantiles so equal values share a score", () => {
    const s = rfmScores(same(X), { ties: 'shared' });
    expect([...s.f]).toEqual([3, 1, 1, 1, 2, 3, 4, 4, 5, 5]);
    [1, 1, 2.6, 6.2, 8.2, 10].forEach((e, k) => expect(s.frequency.edges[k]).toBeCloseTo(e, 12));
    expect(s.warnings).toEqual([]);
  });

  it("'shared' warns about empty scores when many customers share a value", () => {
    const s = rfmScores(same([1, 1, 1, 1, 1, 1, 1, 2, 3, 4]), { ties: 'shared' });
    expect(s.frequency.ranges.map((r) => r.count)).toEqual([7, 0, 0, 1, 2]);
    expect(s.warnings).toContain('frequency: scores 2, 3 are empty: tied values (or the cut points) leave no customer there.');
  });

  it('takes custom cut points, right-closed', () => {
    const s = rfmScores(same([1, 2, 3, 10, 30]), { bins: 3, ties: { recency: [2, 10], frequency: [1, 5], monetary: [2.5, 3] } });
    expect([...s.f]).toEqual([1, 2, 2, 3, 3]);
    expect([...s.m]).toEqual([1, 1, 2, 3, 3]);
    expect([...s.r]).toEqual([3, 3, 2, 2, 1]);
    expect(s.ties).toBe('thresholds');
  });

  it('writes codes and totals', () => {
    const s = rfmScores(values([1, 50], [9, 1], [500, 5]), { bins: 2 });
    expect([s.code(0), s.code(1)]).toEqual(['222', '111']);
    expect([...s.total]).toEqual([6, 3]);
    const wide = rfmScores(same(Array.from({ length: 30 }, (_, i) => i)), { bins: 10 });
    expect(wide.code(29)).toBe('1-10-10');
  });

  it('weights scores into one number', () => {
    const s = rfmScores(values([1, 50], [9, 1], [500, 5]), { bins: 2 });
    expect([...weightedRfmScore(s, { weights: [0.2, 0.3, 0.5] })]).toEqual([2, 1]);
    expect([...weightedRfmScore(s)]).toEqual([6, 3]);
    expect(() => weightedRfmScore(s, { weights: [1, 2] as never })).toThrow(RfmError);
  });

  it('scores a single customer without failing, with a warning', () => {
    const s = rfmScores(same([7]));
    expect([s.r[0], s.f[0], s.m[0]]).toEqual([5, 1, 1]);
    expect(s.warnings[0]).toContain('1 customers for 5 bins');
  });

  it('rejects bad bins, policies, thresholds and inputs with codes', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as RfmError).code;
      }
      return 'no error';
    };
    expect(code(() => rfmScores(same(X), { bins: 1 }))).toBe('INVALID_BINS');
    expect(code(() => rfmScores(same(X), { bins: 2.5 }))).toBe('INVALID_BINS');
    expect(code(() => rfmScores(same(X), { ties: 'average' as never }))).toBe('INVALID_OPTION');
    expect(code(() => rfmScores(same(X), { ties: { recency: [1, 2, 3, 4], frequency: [1, 2, 3], monetary: [1, 2, 3, 4] } }))).toBe('INVALID_OPTION');
    expect(code(() => rfmScores(same(X), { ties: { recency: [4, 3, 2, 1], frequency: [1, 2, 3, 4], monetary: [1, 2, 3, 4] } }))).toBe('INVALID_OPTION');
    expect(code(() => rfmScores(same([])))).toBe('EMPTY_INPUT');
    expect(code(() => rfmScores(same([1, Number.NaN])))).toBe('INVALID_ARGUMENT');
    expect(code(() => rfmScores({ ...same([1, 2]), monetary: [1] }))).toBe('INVALID_ARGUMENT');
  });

  const column = fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 200 });
  const policies = fc.constantFrom('rank-first', 'shared') as fc.Arbitrary<'rank-first' | 'shared'>;

  it('keeps every score in 1..bins (property)', () => {
    fc.assert(
      fc.property(column, fc.integer({ min: 2, max: 12 }), policies, (xs, bins, ties) => {
        const s = rfmScores(same(xs), { bins, ties });
        for (const dim of [s.r, s.f, s.m]) for (const v of dim) expect(v >= 1 && v <= bins).toBe(true);
      }),
    );
  });

  it("'rank-first' bins differ in size by at most one (property)", () => {
    fc.assert(
      fc.property(column, fc.integer({ min: 2, max: 10 }), (xs, bins) => {
        fc.pre(xs.length >= bins);
        const counts = rfmScores(same(xs), { bins }).monetary.ranges.map((r) => r.count);
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("'shared' gives equal values equal scores (property)", () => {
    fc.assert(
      fc.property(column, fc.integer({ min: 2, max: 10 }), (xs, bins) => {
        const s = rfmScores(same(xs), { bins, ties: 'shared' });
        const scoreOf = new Map<number, number>();
        xs.forEach((x, i) => {
          expect(scoreOf.get(x) ?? s.m[i]).toBe(s.m[i]);
          scoreOf.set(x, s.m[i]!);
        });
      }),
    );
  });

  it('is monotone: more spend never lowers M, fewer days never lowers R (property)', () => {
    fc.assert(
      fc.property(column, fc.integer({ min: 2, max: 10 }), policies, (xs, bins, ties) => {
        const s = rfmScores(same(xs), { bins, ties });
        for (let a = 0; a < xs.length; a++) {
          for (let b = 0; b < xs.length; b++) {
            if (xs[a]! > xs[b]!) {
              expect(s.m[a]!).toBeGreaterThanOrEqual(s.m[b]!);
              expect(s.r[a]!).toBeLessThanOrEqual(s.r[b]!);
            }
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('reports ranges consistent with the scores (property)', () => {
    fc.assert(
      fc.property(column, policies, (xs, ties) => {
        const s = rfmScores(same(xs), { ties });
        expect(s.frequency.ranges.reduce((n, r) => n + r.count, 0)).toBe(xs.length);
        xs.forEach((x, i) => {
          const r = s.frequency.ranges[s.f[i]! - 1]!;
          expect(x >= r.min && x <= r.max).toBe(true);
        });
      }),
    );
  });
});
