import { RfmError } from './errors.js';

/** An inclusive range of scores, `[low, high]`. */
export type ScoreInterval = readonly [number, number];

/** A box of score cells: every (r, f, m) with r, f, m in the given ranges. Without `monetary`, any M. */
export interface ScoreBox {
  /** Recency scores. */
  readonly recency: ScoreInterval;
  /** Frequency scores. */
  readonly frequency: ScoreInterval;
  /** Monetary scores; absent means any. */
  readonly monetary?: ScoreInterval;
}

/** A named segment: the union of its boxes. */
export interface SegmentDefinition {
  /** The segment's name, unique within its map. */
  readonly name: string;
  /** What the segment means and what to do about it, for the marketer. */
  readonly description: string;
  /** The score cells it covers. */
  readonly boxes: readonly ScoreBox[];
}

/**
 * A segment map: data, not code. Segments are tried in array order (the declared match order) and a
 * customer takes the first that covers its scores; a valid map covers each cell exactly once, so
 * the order then never matters (see {@link validateSegmentMap}).
 */
export interface SegmentMap {
  /** The map's name. */
  readonly name: string;
  /** The number of score bins it is written for. */
  readonly bins: number;
  /** The segments, in match order. */
  readonly segments: readonly SegmentDefinition[];
}

/** One score cell; `monetary` is `null` for maps that do not look at M. */
export interface ScoreCell {
  /** Recency score. */
  readonly recency: number;
  /** Frequency score. */
  readonly frequency: number;
  /** Monetary score, or `null` when the map ignores M. */
  readonly monetary: number | null;
}

/** The verdict of {@link validateSegmentMap}. */
export interface SegmentMapValidation {
  /** True when every cell is covered exactly once and there is no error. */
  readonly valid: boolean;
  /** Cells no segment covers (customers there would match nothing). */
  readonly holes: readonly ScoreCell[];
  /** Cells two or more segments cover, with those segments in match order. */
  readonly overlaps: readonly { readonly cell: ScoreCell; readonly segments: readonly string[] }[];
  /** Structural errors: boxes outside 1..bins, empty ranges, duplicate names, a bins mismatch. */
  readonly errors: readonly string[];
}

/**
 * Whether any box of the map constrains M (if not, cells are (r, f) pairs).
 *
 * @param map - the map
 * @returns true for R x F x M maps
 * @example
 * ```ts
 * [usesMonetary(RF_GRID_SEGMENTS), usesMonetary(BUSINESS_SEGMENTS)];
 * // => [false, true]
 * ```
 */
export function usesMonetary(map: SegmentMap): boolean {
  return map.segments.some((s) => s.boxes.some((b) => b.monetary !== undefined));
}

/**
 * Checks that a segment map covers every score cell exactly once, and reports its holes and overlaps
 * instead of filling them with an "Other" bucket. Cells are (r, f) pairs for maps that ignore M and
 * (r, f, m) triples otherwise. O(segments x boxes x bins^3).
 *
 * @param map - the map
 * @param bins - the number of bins the scores use
 * @returns the verdict with every hole and overlap
 * @example
 * ```ts
 * validateSegmentMap(RF_GRID_SEGMENTS, 5).valid;
 * // => true
 * validateSegmentMap({ name: 'half', bins: 5, segments: [{ name: 'Recent', description: '', boxes: [{ recency: [4, 5], frequency: [1, 5] }] }] }, 5).holes.length;
 * // => 15
 * ```
 */
export function validateSegmentMap(map: SegmentMap, bins: number = map.bins): SegmentMapValidation {
  const errors: string[] = [];
  if (!Number.isInteger(bins) || bins < 2 || bins > 20) throw new RfmError('INVALID_BINS', 'bins', bins, 'an integer from 2 to 20');
  if (map.bins !== bins) errors.push(`the map is written for ${map.bins} bins, the scores have ${bins}`);
  if (!Array.isArray(map.segments) || map.segments.length === 0) errors.push('the map has no segments');
  const names = new Set<string>();
  const segments = Array.isArray(map.segments) ? map.segments : [];
  for (const s of segments) {
    if (names.has(s.name)) errors.push(`segment name "${s.name}" is used twice`);
    names.add(s.name);
    if (!Array.isArray(s.boxes) || s.boxes.length === 0) errors.push(`segment "${s.name}" has no boxes`);
    for (const b of s.boxes ?? []) {
      for (const dim of ['recency', 'frequency', 'monetary'] as const) {
        const r = b[dim];
        if (r === undefined && dim === 'monetary') continue;
        if (!Array.isArray(r) || r.length !== 2 || !Number.isInteger(r[0]) || !Number.isInteger(r[1]) || r[0] < 1 || r[1] > bins || r[0] > r[1]) {
          errors.push(`segment "${s.name}": ${dim} ${JSON.stringify(r)} is not a range [low, high] with 1 <= low <= high <= ${bins}`);
        }
      }
    }
  }
  const withM = usesMonetary(map);
  const holes: ScoreCell[] = [];
  const overlaps: { cell: ScoreCell; segments: string[] }[] = [];
  const mValues = withM ? Array.from({ length: bins }, (_, i) => i + 1) : [null];
  for (let r = 1; r <= bins; r++) {
    for (let f = 1; f <= bins; f++) {
      for (const m of mValues) {
        const hits = segments.filter((s) => (s.boxes ?? []).some((b: ScoreBox) => covers(b, r, f, m ?? 1, m === null)));
        const cell = { recency: r, frequency: f, monetary: m };
        if (hits.length === 0) holes.push(cell);
        else if (hits.length > 1) overlaps.push({ cell, segments: hits.map((s) => s.name) });
      }
    }
  }
  return { valid: errors.length === 0 && holes.length === 0 && overlaps.length === 0, holes, overlaps, errors };
}

/**
 * Whether a box covers the cell (any M when `anyM`).
 *
 * @param box - the box
 * @param r - recency score
 * @param f - frequency score
 * @param m - monetary score
 * @param anyM - ignore M
 * @returns true when the cell is inside the box
 * @example
 * ```ts
 * covers({ recency: [4, 5], frequency: [1, 2] }, 5, 2, 3);
 * // => true
 * ```
 */
export function covers(box: ScoreBox, r: number, f: number, m: number, anyM = false): boolean {
  const inside = (range: ScoreInterval | undefined, v: number) => range === undefined || (v >= range[0] && v <= range[1]);
  return inside(box.recency, r) && inside(box.frequency, f) && (anyM || inside(box.monetary, m));
}
