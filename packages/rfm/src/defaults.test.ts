import { describe, expect, it } from 'vitest';
import { RFM_SCORE_DEFAULTS, rfmScores, WEIGHTED_RFM_DEFAULTS, weightedRfmScore } from '@shopper-spectrum/rfm';
import type { RfmValues } from '@shopper-spectrum/rfm';

// Twelve customers with ties in every column, so the tie policy and the bin count both matter.
const rfm: RfmValues = {
  customerIds: Array.from({ length: 12 }, (_, i) => String(i + 1)),
  recency: [1, 1, 3, 7, 7, 7, 20, 45, 45, 90, 200, 300],
  frequency: [1, 1, 1, 1, 1, 2, 2, 3, 5, 8, 13, 40],
  monetary: [10, 12, 12, 30, 55, 55, 80, 130, 210, 340, 550, 890],
};

describe('rfm defaults objects', () => {
  it('RFM_SCORE_DEFAULTS and WEIGHTED_RFM_DEFAULTS are frozen, down to their arrays', () => {
    expect(Object.isFrozen(RFM_SCORE_DEFAULTS)).toBe(true);
    expect(Object.isFrozen(WEIGHTED_RFM_DEFAULTS)).toBe(true);
    expect(Object.isFrozen(WEIGHTED_RFM_DEFAULTS.weights)).toBe(true);
  });

  it('the DEFAULTS objects hold the documented values, restated here so a change to one is deliberate', () => {
    expect(RFM_SCORE_DEFAULTS).toEqual({ bins: 5, ties: 'rank-first' });
    expect(WEIGHTED_RFM_DEFAULTS).toEqual({ weights: [1, 1, 1] });
  });

  it('rfmScores without options scores as RFM_SCORE_DEFAULTS given explicitly does', () => {
    const implicit = rfmScores(rfm);
    const explicit = rfmScores(rfm, { ...RFM_SCORE_DEFAULTS });
    expect({ ...explicit, code: null }).toEqual({ ...implicit, code: null });
    expect(implicit.customerIds.map((_, i) => implicit.code(i))).toEqual(explicit.customerIds.map((_, i) => explicit.code(i)));
    expect(implicit.bins).toBe(RFM_SCORE_DEFAULTS.bins);
    expect(implicit.ties).toBe(RFM_SCORE_DEFAULTS.ties);
    expect([...rfmScores(rfm, { ties: 'shared' }).f]).not.toEqual([...implicit.f]);
    expect([...rfmScores(rfm, { bins: 4 }).m]).not.toEqual([...implicit.m]);
  });

  it('weightedRfmScore without options weighs as WEIGHTED_RFM_DEFAULTS given explicitly does', () => {
    const scores = rfmScores(rfm);
    const implicit = weightedRfmScore(scores);
    expect(weightedRfmScore(scores, { ...WEIGHTED_RFM_DEFAULTS })).toEqual(implicit);
    expect([...implicit]).toEqual([...scores.total]);
    expect(weightedRfmScore(scores, { weights: [1, 1, 2] })).not.toEqual(implicit);
  });
});
