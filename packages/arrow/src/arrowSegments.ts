import { DataType, DateUnit, TimeUnit } from 'apache-arrow';
import type { Data, Vector } from 'apache-arrow';
import type { Segment } from './sourceColumn.js';

/** The values of a column as plain JavaScript values (null where missing): decimals as numbers, timestamps and dates as ms (apache-arrow's own reading). O(rows). */
export function vectorValues(vector: Vector): unknown[] {
  const type = vector.type as DataType;
  const out = new Array<unknown>(vector.length);
  let i = 0;
  if (DataType.isDecimal(type)) {
    const scale = 10 ** (type as unknown as { scale: number }).scale;
    for (const v of vector) out[i++] = v == null ? null : Number(String(v)) / scale;
    return out;
  }
  for (const v of vector) out[i++] = v;
  return out;
}

/** Per row of a chunk, 1 where a value is present, or undefined when none is missing. */
function validity(chunk: Data): Uint8Array | undefined {
  if (chunk.nullCount <= 0) return undefined;
  const n = chunk.length;
  const out = new Uint8Array(n);
  const bitmap = chunk.nullBitmap;
  if (bitmap instanceof Uint8Array && bitmap.length > 0) {
    const off = chunk.offset;
    for (let i = 0; i < n; i++) out[i] = (bitmap[(off + i) >> 3]! >> ((off + i) & 7)) & 1;
  } else for (let i = 0; i < n; i++) out[i] = chunk.getValid(i) ? 1 : 0;
  return out;
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * 64-bit integers over `divisor`, as apache-arrow reads its timestamps: `Number(v / d) + Number(v % d) / d`
 * (a fraction of a millisecond kept), or null where a value is not a safe integer (apache-arrow throws there).
 */
function dividedMs(values: BigInt64Array, n: number, divisor: number): Float64Array | null {
  const out = new Float64Array(n);
  const d = BigInt(divisor);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v <= SAFE && v >= -SAFE) {
      const x = Number(v);
      const q = Math.trunc(x / divisor);
      out[i] = q + (x - q * divisor) / divisor;
    } else out[i] = Number(v / d) + Number(v % d) / divisor;
  }
  return out;
}

/** The segments of one Arrow chunk, or null when its type is read value by value (decimals, booleans, lists, ...). */
function chunkSegment(chunk: Data, dictionaries: Map<unknown, unknown[]>): Segment | null {
  const type = chunk.type as DataType;
  const n = chunk.length;
  const valid = validity(chunk);
  if (DataType.isInt(type) || (DataType.isFloat(type) && type.precision !== 0)) {
    return { kind: 'values', values: (chunk.values as Int32Array).subarray(0, n), valid };
  }
  if (DataType.isTimestamp(type) || DataType.isDate(type)) {
    const raw = chunk.values as BigInt64Array | Int32Array;
    let ms: Float64Array | null;
    if (DataType.isDate(type) && type.unit === DateUnit.DAY) {
      if (!(raw instanceof Int32Array)) return null;
      // DATE32: days
      ms = new Float64Array(n);
      for (let i = 0; i < n; i++) ms[i] = 86400000 * raw[i]!;
    } else {
      if (!(raw instanceof BigInt64Array)) return null;
      const unit = DataType.isTimestamp(type) ? type.unit : TimeUnit.MILLISECOND;
      if (unit === TimeUnit.SECOND) {
        ms = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const v = raw[i]!;
          if (v > SAFE || v < -SAFE) return null;
          ms[i] = 1000 * Number(v);
        }
      } else if (unit === TimeUnit.MILLISECOND) {
        ms = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const v = raw[i]!;
          if (v > SAFE || v < -SAFE) return null;
          ms[i] = Number(v);
        }
      } else ms = dividedMs(raw, n, unit === TimeUnit.MICROSECOND ? 1000 : 1000000);
    }
    return ms === null ? null : { kind: 'values', values: ms, valid };
  }
  if (DataType.isUtf8(type)) {
    return { kind: 'utf8', offsets: (chunk.valueOffsets as Int32Array).subarray(0, n + 1), bytes: chunk.values as Uint8Array, valid };
  }
  if (DataType.isDictionary(type)) {
    const dictionary = chunk.dictionary;
    if (dictionary === undefined) return null;
    let values = dictionaries.get(dictionary);
    if (values === undefined) {
      values = vectorValues(dictionary);
      dictionaries.set(dictionary, values);
    }
    const indices = chunk.values as ArrayLike<number | bigint>;
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) codes[i] = valid !== undefined && valid[i] === 0 ? -1 : Number(indices[i]!);
    return { kind: 'codes', codes, dictionary: values };
  }
  return null;
}

/**
 * An Arrow column as segments, one per chunk, each in its stored form: integers and floats as
 * their typed arrays, timestamps and dates as ms (the values apache-arrow's getters return),
 * Utf8 as its offsets and bytes, dictionaries as codes into the dictionary's values; any other
 * type as the values apache-arrow gives. O(rows) for the conversions, O(1) for shared buffers.
 */
export function vectorSegments(vector: Vector): Segment[] {
  const dictionaries = new Map<unknown, unknown[]>();
  const segments: Segment[] = [];
  for (const chunk of vector.data as Data[]) {
    const segment = chunkSegment(chunk, dictionaries);
    if (segment === null) return [{ kind: 'values', values: vectorValues(vector) }];
    segments.push(segment);
  }
  return segments;
}
