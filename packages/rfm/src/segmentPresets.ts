import type { SegmentMap } from './segmentMap.js';

/**
 * The 10-segment R x F grid of the RFM notebooks (quintile scores; M is not used). It is the
 * regular-expression map `{'[1-2][1-2]': 'Hibernating', '[1-2][3-4]': 'At Risk', '[1-2]5': "Can't
 * Lose Them", '3[1-2]': 'About to Sleep', '33': 'Need Attention', '[3-4][4-5]': 'Loyal Customers',
 * '41': 'Promising', '51': 'New Customers', '[4-5][2-3]': 'Potential Loyalists', '5[4-5]':
 * 'Champions'}` on the string R + F, written as boxes. It covers the 25 cells exactly once.
 *
 * @example
 * ```ts
 * segmentRfm(rfmScores(rfm), RF_GRID_SEGMENTS).counts;
 * // => { Champions: ..., 'Loyal Customers': ..., ... }
 * ```
 */
export const RF_GRID_SEGMENTS: SegmentMap = {
  name: 'RF grid (notebooks)',
  bins: 5,
  segments: [
    { name: 'Champions', description: 'Bought recently and often: reward them, ask for reviews, offer new products first.', boxes: [{ recency: [5, 5], frequency: [4, 5] }] },
    { name: 'Loyal Customers', description: 'Buy often and fairly recently: upsell, loyalty programme.', boxes: [{ recency: [3, 4], frequency: [4, 5] }] },
    { name: 'Potential Loyalists', description: 'Recent, a few orders: membership offers, recommendations.', boxes: [{ recency: [4, 5], frequency: [2, 3] }] },
    { name: 'New Customers', description: 'Bought very recently, once: onboarding, early support.', boxes: [{ recency: [5, 5], frequency: [1, 1] }] },
    { name: 'Promising', description: 'Recent first-time buyers: build brand awareness, free trials.', boxes: [{ recency: [4, 4], frequency: [1, 1] }] },
    { name: 'Need Attention', description: 'Average recency and frequency: limited-time offers, recommendations.', boxes: [{ recency: [3, 3], frequency: [3, 3] }] },
    { name: 'About to Sleep', description: 'Below-average recency, few orders: reactivate with popular products.', boxes: [{ recency: [3, 3], frequency: [1, 2] }] },
    { name: 'At Risk', description: 'Bought often, but long ago: personalised win-back, renewals.', boxes: [{ recency: [1, 2], frequency: [3, 4] }] },
    { name: "Can't Lose Them", description: 'Made the most orders, long ago: win them back, talk to them.', boxes: [{ recency: [1, 2], frequency: [5, 5] }] },
    { name: 'Hibernating', description: 'Last order long ago, few orders: relevant offers, or let go.', boxes: [{ recency: [1, 2], frequency: [1, 2] }] },
  ],
};

/**
 * An R x F x M map with the segment names of the R `rfm` package's example (Champions ... Lost),
 * redrawn so that every one of the 125 cells belongs to exactly one segment: the package's example
 * ranges overlap and leave holes, which it files under "Others". F and M are read together: both high
 * (F, M >= 4), good (F, M >= 3, not both high), both low (F, M <= 2), and mixed (the rest).
 *
 * | R | both high | good | mixed | both low |
 * | --- | --- | --- | --- | --- |
 * | 5 | Champions | Loyal Customers | Potential Loyalist | New Customers |
 * | 4 | Champions | Loyal Customers | Potential Loyalist | Promising |
 * | 3 | Loyal Customers | Loyal Customers | Need Attention | About To Sleep |
 * | 1-2 | Can't Lose Them | At Risk | At Risk | Lost |
 *
 * @example
 * ```ts
 * validateSegmentMap(RFM_PACKAGE_SEGMENTS, 5).valid;
 * // => true
 * ```
 */
export const RFM_PACKAGE_SEGMENTS: SegmentMap = (() => {
  type Box = { recency: [number, number]; frequency: [number, number]; monetary: [number, number] };
  const both = (r: [number, number]): Box[] => [{ recency: r, frequency: [4, 5], monetary: [4, 5] }];
  const good = (r: [number, number]): Box[] => [
    { recency: r, frequency: [3, 3], monetary: [3, 5] },
    { recency: r, frequency: [4, 5], monetary: [3, 3] },
  ];
  const low = (r: [number, number]): Box[] => [{ recency: r, frequency: [1, 2], monetary: [1, 2] }];
  const mixed = (r: [number, number]): Box[] => [
    { recency: r, frequency: [1, 2], monetary: [3, 5] },
    { recency: r, frequency: [3, 5], monetary: [1, 2] },
  ];
  return {
    name: 'R x F x M (rfm package names)',
    bins: 5,
    segments: [
      { name: 'Champions', description: 'Recent, frequent and big spenders.', boxes: both([4, 5]) },
      { name: 'Loyal Customers', description: 'Good frequency and spend, not lapsed.', boxes: [...good([3, 5]), ...both([3, 3])] },
      { name: 'Potential Loyalist', description: 'Recent, with either orders or spend still to grow.', boxes: mixed([4, 5]) },
      { name: 'New Customers', description: 'Bought very recently, little so far.', boxes: low([5, 5]) },
      { name: 'Promising', description: 'Recent, little so far.', boxes: low([4, 4]) },
      { name: 'Need Attention', description: 'Middling recency, uneven orders and spend.', boxes: mixed([3, 3]) },
      { name: 'About To Sleep', description: 'Middling recency, little bought.', boxes: low([3, 3]) },
      { name: 'At Risk', description: 'Lapsed customers who bought well.', boxes: [...good([1, 2]), ...mixed([1, 2])] },
      { name: "Can't Lose Them", description: 'Lapsed, and among the best by orders and spend.', boxes: both([1, 2]) },
      { name: 'Lost', description: 'Lapsed, little bought.', boxes: low([1, 2]) },
    ],
  };
})();

/**
 * The four business labels of the shopper-spectrum workflow, as an RFM map (quintile scores):
 * At-Risk = R 1-2 (lapsed, whatever they bought); among the others, High-Value = F 4-5 and M 4-5,
 * Regular = F 3-5 but not High-Value, Occasional = F 1-2.
 *
 * @example
 * ```ts
 * segmentRfm(scores, BUSINESS_SEGMENTS).names;
 * // => ['High-Value', 'Regular', 'Occasional', 'At-Risk']
 * ```
 */
export const BUSINESS_SEGMENTS: SegmentMap = {
  name: 'Business labels',
  bins: 5,
  segments: [
    { name: 'High-Value', description: 'Active, frequent, big spenders: protect and reward.', boxes: [{ recency: [3, 5], frequency: [4, 5], monetary: [4, 5] }] },
    {
      name: 'Regular',
      description: 'Active and buying regularly: grow the basket.',
      boxes: [
        { recency: [3, 5], frequency: [3, 3], monetary: [1, 5] },
        { recency: [3, 5], frequency: [4, 5], monetary: [1, 3] },
      ],
    },
    { name: 'Occasional', description: 'Active but rarely buying: give reasons to come back sooner.', boxes: [{ recency: [3, 5], frequency: [1, 2], monetary: [1, 5] }] },
    { name: 'At-Risk', description: 'Not seen for a long time: win back before they are gone.', boxes: [{ recency: [1, 2], frequency: [1, 5], monetary: [1, 5] }] },
  ],
};

/**
 * The preset maps, by name.
 *
 * @example
 * ```ts
 * segmentRfm(scores, SEGMENT_MAPS['rf-grid']).names.length;
 * // => 10
 * ```
 */
export const SEGMENT_MAPS = {
  /** {@link RF_GRID_SEGMENTS} */
  'rf-grid': RF_GRID_SEGMENTS,
  /** {@link RFM_PACKAGE_SEGMENTS} */
  'rfm-package': RFM_PACKAGE_SEGMENTS,
  /** {@link BUSINESS_SEGMENTS} */
  business: BUSINESS_SEGMENTS,
} as const;
