/**
 * A source column as the readers hand it over: its rows in order, as one or more segments, each in
 * the form its source stores it (typed numbers, dictionary codes, UTF-8 bytes), so that nothing is
 * turned into a JavaScript value per row unless a check needs it.
 */

/**
 * One run of consecutive rows of a column:
 * - `values`: a value per row as JavaScript sees it (a plain array with null or undefined where
 *   missing, or a typed array: numbers, bigints); `valid`, when present, is 0 where a row is missing.
 * - `codes`: row i holds `dictionary[codes[i]]`, or nothing where `codes[i]` is -1.
 * - `utf8`: row i holds the UTF-8 text `bytes[offsets[i], offsets[i + 1])` (Arrow's Utf8 layout);
 *   `valid`, when present, is 0 where a row is missing.
 */
export type Segment =
  | { readonly kind: 'values'; readonly values: ArrayLike<unknown>; readonly valid?: Uint8Array | undefined }
  | { readonly kind: 'codes'; readonly codes: Int32Array; readonly dictionary: ArrayLike<unknown> }
  | { readonly kind: 'utf8'; readonly offsets: Int32Array; readonly bytes: Uint8Array; readonly valid?: Uint8Array | undefined };

/** One source column: its name as the source spells it, a type in words, and its rows as segments in order. */
export interface SourceColumn {
  readonly name: string;
  readonly type: string;
  readonly segments: readonly Segment[];
}

/** The number of rows a segment holds. */
export function segmentLength(segment: Segment): number {
  if (segment.kind === 'values') return segment.values.length;
  if (segment.kind === 'codes') return segment.codes.length;
  return segment.offsets.length - 1;
}

const decoder = new TextDecoder();

/** The text of row i of a UTF-8 segment, decoded as apache-arrow decodes it (WHATWG UTF-8, invalid bytes as U+FFFD). */
export function utf8At(segment: Extract<Segment, { kind: 'utf8' }>, i: number): string {
  return decoder.decode(segment.bytes.subarray(segment.offsets[i]!, segment.offsets[i + 1]!));
}

/**
 * The column's values as one array of JavaScript values (null where missing), for the row path:
 * what the readers gave core's row parser before the columnar builder. O(rows).
 */
export function columnValues(column: SourceColumn, length: number): unknown[] {
  const out = new Array<unknown>(length).fill(null);
  let at = 0;
  for (const s of column.segments) {
    const n = Math.min(segmentLength(s), length - at);
    if (s.kind === 'values') {
      const { values, valid } = s;
      for (let i = 0; i < n; i++) out[at + i] = valid !== undefined && valid[i] === 0 ? null : (values[i] ?? null);
    } else if (s.kind === 'codes') {
      const { codes, dictionary } = s;
      for (let i = 0; i < n; i++) out[at + i] = codes[i]! < 0 ? null : (dictionary[codes[i]!] ?? null);
    } else {
      const valid = s.valid;
      for (let i = 0; i < n; i++) out[at + i] = valid !== undefined && valid[i] === 0 ? null : utf8At(s, i);
    }
    at += n;
  }
  return out;
}
