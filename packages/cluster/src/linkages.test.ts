import { describe, expect, it } from 'vitest';
import { averageLinkage, centroidLinkage, completeLinkage, LINKAGES, medianLinkage, singleLinkage, wardLinkage, weightedLinkage } from '@shopper-spectrum/cluster';

describe('Lance-Williams updates', () => {
  it('follow scipy formulas on a worked case', () => {
    // x = {0}, y = {2} on a line, i = {5}: dxi = 5, dyi = 3, dxy = 2
    expect(singleLinkage(5, 3)).toBe(3);
    expect(completeLinkage(5, 3)).toBe(5);
    expect(averageLinkage(5, 3, 2, 1, 1)).toBe(4);
    expect(averageLinkage(5, 3, 2, 3, 1)).toBe(4.5);
    expect(weightedLinkage(5, 3)).toBe(4);
    // centroid of {0, 2} is 1: distance to 5 is 4
    expect(centroidLinkage(5, 3, 2, 1, 1)).toBe(4);
    expect(medianLinkage(5, 3, 2)).toBe(4);
    // Ward between {5} and {0, 2}: sqrt(2 * 1 * 2 / 3) * |5 - 1| = sqrt(4 / 3) * 4
    expect(wardLinkage(5, 3, 2, 1, 1, 1)).toBeCloseTo(Math.sqrt(4 / 3) * 4, 12);
  });

  it('weight the centroid update by size, unlike the median update', () => {
    // x = {0, 0, 0} (size 3) and y = {2}: centroid at 0.5, so 4.5 from i = 5; the median stays at 1
    expect(centroidLinkage(5, 3, 2, 3, 1)).toBeCloseTo(4.5, 12);
    expect(medianLinkage(5, 3, 2)).toBe(4);
  });

  it('never return NaN from rounding below zero', () => {
    expect(centroidLinkage(1, 1, 2 + 1e-15, 1, 1)).toBe(0);
    expect(medianLinkage(1, 1, 2 + 1e-15)).toBe(0);
    expect(wardLinkage(0, 0, 1e-300, 1, 1, 1)).toBe(0);
  });

  it('are listed by name in LINKAGES', () => {
    expect(Object.keys(LINKAGES)).toEqual(['ward', 'complete', 'average', 'single', 'weighted', 'centroid', 'median']);
    expect(LINKAGES.average).toBe(averageLinkage);
    expect(Object.isFrozen(LINKAGES)).toBe(true);
  });
});
