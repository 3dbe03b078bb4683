import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BUSINESS_SEGMENTS,
  RF_GRID_SEGMENTS,
  RfmError,
  RFM_PACKAGE_SEGMENTS,
  rfmScores,
  RfmTable,
  SEGMENT_MAPS,
  segmentRfm,
  segmentSummary,
  validateSegmentMap,
} from '@shopper-spectrum/rfm';
import type { SegmentMap } from '@shopper-spectrum/rfm';

const holey: SegmentMap = {
  name: 'holey',
  bins: 5,
  segments: [
    { name: 'Recent', description: '', boxes: [{ recency: [4, 5], frequency: [1, 5] }] },
    { name: 'Frequent', description: '', boxes: [{ recency: [1, 5], frequency: [5, 5] }] },
  ],
};

function rfmOf(n: number, seed: number): RfmTable {
  let s = seed;
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const recency = Int32Array.from({ length: n }, () => Math.floor(next() * 365));
  const frequency = Int32Array.from({ length: n }, () => 1 + Math.floor(next() ** 3 * 40));
  const monetary = Float64Array.from(frequency, (f) => f * (10 + next() * 300));
  return new RfmTable(
    {
      customerIds: Array.from({ length: n }, (_, i) => String(1000 + i)),
      recency,
      frequency,
      monetary,
      firstPurchase: new Float64Array(n),
      lastPurchase: new Float64Array(n),
      tenure: new Int32Array(n),
      averageOrderValue: Float64Array.from(monetary, (m, i) => m / frequency[i]!),
    },
    0,
  );
}

describe('segment maps', () => {
  it('the presets cover every cell exactly once', () => {
    for (const map of Object.values(SEGMENT_MAPS)) {
      expect(validateSegmentMap(map), map.name).toEqual({ valid: true, holes: [], overlaps: [], errors: [] });
    }
    expect(RF_GRID_SEGMENTS.segments).toHaveLength(10);
    expect(RFM_PACKAGE_SEGMENTS.segments).toHaveLength(10);
    expect(BUSINESS_SEGMENTS.segments.map((s) => s.name)).toEqual(['High-Value', 'Regular', 'Occasional', 'At-Risk']);
  });

  it('reports holes and overlaps cell by cell', () => {
    const v = validateSegmentMap(holey);
    expect(v.valid).toBe(false);
    expect(v.holes).toHaveLength(12);
    expect(v.holes[0]).toEqual({ recency: 1, frequency: 1, monetary: null });
    expect(v.overlaps).toEqual([
      { cell: { recency: 4, frequency: 5, monetary: null }, segments: ['Recent', 'Frequent'] },
      { cell: { recency: 5, frequency: 5, monetary: null }, segments: ['Recent', 'Frequent'] },
    ]);
  });

  it('reports boxes outside the bins, empty ranges and duplicate names', () => {
    const bad: SegmentMap = {
      name: 'bad',
      bins: 5,
      segments: [
        { name: 'A', description: '', boxes: [{ recency: [0, 5], frequency: [1, 5] }] },
        { name: 'A', description: '', boxes: [{ recency: [3, 2], frequency: [1, 5], monetary: [1, 6] }] },
      ],
    };
    const v = validateSegmentMap(bad);
    expect(v.errors).toHaveLength(4);
    expect(v.errors).toContain('segment name "A" is used twice');
  });

  it('puts customers in holes in no segment and counts them', () => {
    const rfm = rfmOf(500, 3);
    const seg = segmentRfm(rfmScores(rfm), holey);
    expect(seg.unmatched).toBeGreaterThan(0);
    expect(seg.unmatched + Object.values(seg.counts).reduce((a, b) => a + b, 0)).toBe(500);
    const i = [...seg.segment].indexOf(-1);
    expect(seg.nameOf(i)).toBeNull();
    const rows = segmentSummary(rfm, seg);
    expect(rows.at(-1)).toMatchObject({ segment: '(unmatched)', customers: seg.unmatched });
  });

  it('gives an overlapped cell to the first segment in match order', () => {
    const rfm = rfmOf(500, 4);
    const scores = rfmScores(rfm);
    const seg = segmentRfm(scores, holey);
    for (let i = 0; i < 500; i++) if (scores.r[i]! >= 4 && scores.f[i] === 5) expect(seg.nameOf(i)).toBe('Recent');
  });

  it('rejects a map for other bins and a malformed map', () => {
    const rfm = rfmOf(50, 5);
    expect(() => segmentRfm(rfmScores(rfm, { bins: 4 }), RF_GRID_SEGMENTS)).toThrow(expect.objectContaining({ code: 'BINS_MISMATCH' }));
    const bad = { name: 'bad', bins: 5, segments: [{ name: 'A', description: '', boxes: [{ recency: [1, 9], frequency: [1, 5] }] }] } as SegmentMap;
    expect(() => segmentRfm(rfmScores(rfm), bad)).toThrow(RfmError);
  });

  it('segments every customer exactly once with the presets, and the summary adds up (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.integer(), fc.constantFrom('rank-first', 'shared') as fc.Arbitrary<'rank-first' | 'shared'>, (n, seed, ties) => {
        const rfm = rfmOf(n, seed);
        const scores = rfmScores(rfm, { ties });
        for (const map of Object.values(SEGMENT_MAPS)) {
          const seg = segmentRfm(scores, map);
          expect(seg.unmatched).toBe(0);
          const rows = segmentSummary(rfm, seg);
          expect(rows.reduce((a, r) => a + r.customers, 0)).toBe(n);
          expect(rows.reduce((a, r) => a + r.customerShare, 0)).toBeCloseTo(1, 9);
          expect(rows.reduce((a, r) => a + r.revenueShare, 0)).toBeCloseTo(1, 9);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('summarises a segment with medians and average order value', () => {
    const rfm = new RfmTable(
      {
        customerIds: ['a', 'b', 'c'],
        recency: Int32Array.of(1, 100, 3),
        frequency: Int32Array.of(10, 1, 4),
        monetary: Float64Array.of(1000, 10, 300),
        firstPurchase: new Float64Array(3),
        lastPurchase: new Float64Array(3),
        tenure: new Int32Array(3),
        averageOrderValue: Float64Array.of(100, 10, 75),
      },
      0,
    );
    const seg = segmentRfm(rfmScores(rfm, { bins: 2 }), { name: 'two', bins: 2, segments: [
      { name: 'Good', description: '', boxes: [{ recency: [2, 2], frequency: [1, 2] }] },
      { name: 'Gone', description: '', boxes: [{ recency: [1, 1], frequency: [1, 2] }] },
    ] });
    const [good, gone] = segmentSummary(rfm, seg);
    expect(good).toEqual({
      segment: 'Good',
      customers: 2,
      customerShare: 2 / 3,
      revenue: 1300,
      revenueShare: 1300 / 1310,
      medianRecency: 2,
      medianFrequency: 7,
      medianMonetary: 650,
      averageOrderValue: 1300 / 14,
    });
    expect(gone).toMatchObject({ segment: 'Gone', customers: 1, medianRecency: 100 });
  });
});
