import { RfmError } from './errors.js';
import type { RfmScores } from './rfmScores.js';
import { covers, usesMonetary, validateSegmentMap } from './segmentMap.js';
import type { SegmentMap, SegmentMapValidation } from './segmentMap.js';

/** Which segment each customer is in, and why. */
export interface Segmentation {
  /** The map used. */
  readonly map: SegmentMap;
  /** Segment names in match order (the map's order). */
  readonly names: readonly string[];
  /** Customer ids, as in the scores. */
  readonly customerIds: readonly string[];
  /** Per customer, the index of its segment in `names`, or -1 when no segment covers its scores. */
  readonly segment: Int16Array;
  /** Customers per segment name. */
  readonly counts: Readonly<Record<string, number>>;
  /** Customers that matched no segment (only possible with a map that has holes). */
  readonly unmatched: number;
  /** The map's coverage check. */
  readonly validation: SegmentMapValidation;
  /** The segment name of customer `index`, or `null` when unmatched. */
  nameOf(index: number): string | null;
}

/**
 * Puts each customer into the first segment of the map (in its declared order) whose boxes cover
 * the customer's (R, F, M) scores. The map is validated first; a customer in a hole is reported as
 * unmatched (segment -1, counted in `unmatched`), never put into an "Other" bucket silently.
 * O(bins^3 x boxes + n).
 *
 * @param scores - the scores ({@link rfmScores})
 * @param map - the segment map (a preset or your own)
 * @returns the segment of each customer
 * @throws {@link RfmError} `BINS_MISMATCH` when the map and the scores use different bins,
 *   `INVALID_SEGMENT_MAP` when the map has structural errors
 * @example
 * ```ts
 * const seg = segmentRfm(rfmScores(rfm), RF_GRID_SEGMENTS);
 * seg.nameOf(rfm.indexOf('12346'));
 * // => 'Hibernating' (Online Retail, notebook preset)
 * ```
 */
export function segmentRfm(scores: RfmScores, map: SegmentMap): Segmentation {
  if (map.bins !== scores.bins) {
    throw new RfmError('BINS_MISMATCH', 'map.bins', map.bins, `the bins of the scores (${scores.bins})`, { detail: `Score with { bins: ${map.bins} } or use a map written for ${scores.bins} bins.` });
  }
  const validation = validateSegmentMap(map, scores.bins);
  if (validation.errors.length > 0) throw new RfmError('INVALID_SEGMENT_MAP', 'map', map.name, 'a map whose boxes lie within 1..bins', { detail: validation.errors.join('; ') });
  const b = scores.bins;
  const withM = usesMonetary(map);
  const lookup = new Int16Array((b + 1) ** 3).fill(-1);
  const cell = (r: number, f: number, m: number) => (r * (b + 1) + f) * (b + 1) + m;
  for (let r = 1; r <= b; r++) {
    for (let f = 1; f <= b; f++) {
      for (let m = 1; m <= b; m++) {
        lookup[cell(r, f, m)] = map.segments.findIndex((s) => s.boxes.some((box) => covers(box, r, f, m, !withM)));
      }
    }
  }
  const n = scores.length;
  const segment = new Int16Array(n);
  const perSegment = new Array<number>(map.segments.length).fill(0);
  let unmatched = 0;
  for (let i = 0; i < n; i++) {
    const s = lookup[cell(scores.r[i]!, scores.f[i]!, scores.m[i]!)]!;
    segment[i] = s;
    if (s < 0) unmatched++;
    else perSegment[s]!++;
  }
  const names = map.segments.map((s) => s.name);
  const counts = Object.fromEntries(names.map((name, k) => [name, perSegment[k]!]));
  return {
    map,
    names,
    customerIds: scores.customerIds,
    segment,
    counts,
    unmatched,
    validation,
    nameOf(index: number): string | null {
      if (!Number.isInteger(index) || index < 0 || index >= n) throw new RfmError('INVALID_ARGUMENT', 'index', index, `an integer from 0 to ${n - 1}`);
      const s = segment[index]!;
      return s < 0 ? null : names[s]!;
    },
  };
}
