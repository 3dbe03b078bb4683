import { restoreContent } from './content.js';
import { restoreEase } from './ease.js';
import { RecommendError } from './errors.js';
import { hybrid } from './hybrid.js';
import { matrixFromCsr } from './interactions.js';
import type { InteractionMatrix } from './interactions.js';
import { restoreItemKnn } from './itemKnn.js';
import { restoreLearned } from './learned.js';
import { popularity } from './popularity.js';
import type { Recommender } from './recommender.js';
import { restoreRepeatPurchase } from './repeatPurchase.js';
import { restoreTifuKnn } from './tifuKnn.js';
import { restoreUserKnn } from './userKnn.js';

const FORMAT = 'shopper-spectrum/recommender';
const VERSION = 1;
const MAGIC = [0x53, 0x53, 0x52, 0x4d]; // "SSRM"
const TYPED = { Float64Array, Float32Array, Int32Array, Uint32Array, Uint8Array } as const;
type TypedName = keyof typeof TYPED;
type Typed = Float64Array | Float32Array | Int32Array | Uint32Array | Uint8Array;

type Restore = (matrix: InteractionMatrix, options: Record<string, unknown>, state: Record<string, unknown>, parts: Recommender[]) => Recommender;
const RESTORE: Record<string, Restore> = {
  popularity: (m) => popularity(m),
  'repeat-purchase': restoreRepeatPurchase,
  'item-knn': restoreItemKnn,
  'user-knn': restoreUserKnn,
  'tifu-knn': restoreTifuKnn,
  ease: restoreEase,
  content: restoreContent,
  learned: restoreLearned,
};

interface Node {
  kind: string;
  name: string;
  options: Record<string, unknown>;
  state: Record<string, unknown>;
  matrix: number;
  parts?: { weight: number; model: Node }[];
}

const bad = (what: string, value: unknown) => new RecommendError('INVALID_ARGUMENT', 'artifact', value, `a model saved by serializeRecommender (${what})`);

/** Walks a value, replacing typed arrays through `put`. */
function encode(value: unknown, put: (a: Typed) => unknown): unknown {
  for (const name of Object.keys(TYPED) as TypedName[]) if (value instanceof TYPED[name]) return { $typed: name, ...(put(value) as object) };
  if (Array.isArray(value)) return value.map((v) => encode(v, put));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v, put)]));
  return value;
}

/** The inverse of {@link encode}. */
function decode(value: unknown, get: (name: TypedName, ref: Record<string, unknown>) => Typed): unknown {
  if (Array.isArray(value)) return value.map((v) => decode(v, get));
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.$typed === 'string') {
      if (!(o.$typed in TYPED)) throw bad('typed arrays of known types', o.$typed);
      return get(o.$typed as TypedName, o);
    }
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, decode(v, get)]));
  }
  return value;
}

/** The artifact tree: matrices once each, the model as nested nodes. */
function tree(model: Recommender): { matrices: unknown[]; model: Node } {
  const matrices: InteractionMatrix[] = [];
  const matrixRef = (m: InteractionMatrix) => {
    const at = matrices.indexOf(m);
    return at < 0 ? matrices.push(m) - 1 : at;
  };
  const isMatrix = (v: unknown): v is InteractionMatrix => v !== null && typeof v === 'object' && 'customerIndex' in v && 'indptr' in v;
  const node = (m: Recommender): Node => {
    const at = matrixRef(m.matrix);
    const { kind, options, state, parts } = m.spec;
    const stored = Object.fromEntries(Object.entries(state).map(([k, v]) => [k, isMatrix(v) ? { $matrix: matrixRef(v) } : v]));
    const out: Node = { kind, name: m.name, options: { ...options }, state: stored, matrix: at };
    if (parts) out.parts = parts.map((p) => ({ weight: p.weight, model: node(p.model) }));
    return out;
  };
  const root = node(model);
  return {
    matrices: matrices.map((m) => ({ customers: m.customers, items: m.items, descriptions: m.descriptions, indptr: m.indptr, indices: m.indices, data: m.data })),
    model: root,
  };
}

interface NodeBuffer {
  from(data: ArrayBuffer, offset: number, length: number): { toString(encoding: 'base64'): string };
  from(data: string, encoding: 'base64'): Uint8Array;
}
const nodeBuffer = (globalThis as { Buffer?: NodeBuffer }).Buffer;
const toBase64 = (bytes: Uint8Array): string => {
  if (nodeBuffer) return nodeBuffer.from(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};
const fromBase64 = (text: string): Uint8Array => {
  if (nodeBuffer) return new Uint8Array(nodeBuffer.from(text, 'base64'));
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
};
const bytesOf = (a: Typed) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
const viewAs = (name: TypedName, bytes: Uint8Array): Typed => {
  const Ctor = TYPED[name];
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Ctor(copy.buffer, 0, bytes.byteLength / Ctor.BYTES_PER_ELEMENT);
};
const littleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * Saves a fitted recommender (its learned arrays, options and matrix; a hybrid with its parts) as
 * JSON text, typed arrays in base64. {@link loadRecommender} rebuilds it without refitting and it gives
 * identical results. For large models (EASE: 4 x products^2 bytes) prefer
 * {@link serializeRecommenderBinary}, a third smaller and faster to read.
 *
 * @param model - a recommender built by this package
 * @returns the JSON text
 * @example
 * ```ts
 * const saved = serializeRecommender(itemKnn(matrix));
 * loadRecommender(saved).recommend('12347', 5); // same as before saving
 * ```
 */
export function serializeRecommender(model: Recommender): string {
  const t = tree(model);
  return JSON.stringify({ format: FORMAT, version: VERSION, ...(encode(t, (a) => ({ base64: toBase64(bytesOf(a)) })) as object) });
}

/**
 * Saves a fitted recommender in a compact binary form: "SSRM", version, a JSON header, then the typed
 * arrays' bytes (8-byte aligned, little-endian).
 *
 * @param model - a recommender built by this package
 * @returns the bytes
 * @example
 * ```ts
 * writeFileSync('model.ssrm', serializeRecommenderBinary(ease(matrix)));
 * const model = loadRecommender(readFileSync('model.ssrm'));
 * ```
 */
export function serializeRecommenderBinary(model: Recommender): Uint8Array {
  if (!littleEndian) throw new RecommendError('INVALID_ARGUMENT', 'platform', 'big-endian', 'a little-endian platform for the binary format (use serializeRecommender)');
  const blobs: Uint8Array[] = [];
  let offset = 0;
  const header = encode(tree(model), (a) => {
    const b = bytesOf(a);
    const at = offset;
    blobs.push(b);
    offset += Math.ceil(b.byteLength / 8) * 8;
    return { offset: at, length: a.length };
  });
  const head = new TextEncoder().encode(JSON.stringify({ format: FORMAT, version: VERSION, ...(header as object) }));
  const start = Math.ceil((12 + head.byteLength) / 8) * 8;
  const out = new Uint8Array(start + offset);
  out.set(MAGIC, 0);
  const dv = new DataView(out.buffer);
  dv.setUint32(4, VERSION, true);
  dv.setUint32(8, head.byteLength, true);
  out.set(head, 12);
  let at = start;
  for (const b of blobs) {
    out.set(b, at);
    at += Math.ceil(b.byteLength / 8) * 8;
  }
  return out;
}

/**
 * Loads a recommender saved by {@link serializeRecommender} (JSON text or its parsed object) or
 * {@link serializeRecommenderBinary} (bytes): rebuilds the matrix and the model from the saved arrays,
 * with no refitting (a large EASE loads in well under a second instead of a fit of tens of seconds).
 *
 * @param saved - the JSON text, the parsed JSON, or the bytes
 * @returns the recommender, giving the same results as the one saved
 * @throws {@link RecommendError} `INVALID_ARGUMENT` for anything that is not a saved model of a known
 * kind and version
 * @example
 * ```ts
 * const model = loadRecommender(readFileSync('out/models/ease.ssrm'));
 * model.recommend('12347', 5);
 * ```
 */
export function loadRecommender(saved: string | Uint8Array | object): Recommender {
  let doc: Record<string, unknown>;
  let get: (name: TypedName, ref: Record<string, unknown>) => Typed;
  if (saved instanceof Uint8Array) {
    if (saved.byteLength < 12 || MAGIC.some((b, i) => saved[i] !== b)) throw bad('bytes starting with SSRM', `${saved.byteLength} bytes`);
    const dv = new DataView(saved.buffer, saved.byteOffset, saved.byteLength);
    const headLength = dv.getUint32(8, true);
    if (12 + headLength > saved.byteLength) throw bad('a complete header', `${saved.byteLength} bytes`);
    doc = JSON.parse(new TextDecoder().decode(saved.subarray(12, 12 + headLength))) as Record<string, unknown>;
    const start = Math.ceil((12 + headLength) / 8) * 8;
    get = (name, ref) => {
      const length = Number(ref.length);
      const from = start + Number(ref.offset);
      const bytes = length * TYPED[name].BYTES_PER_ELEMENT;
      if (!(Number.isInteger(length) && length >= 0 && from + bytes <= saved.byteLength)) throw bad('arrays inside the file', ref);
      return viewAs(name, saved.subarray(from, from + bytes));
    };
  } else {
    try {
      doc = (typeof saved === 'string' ? JSON.parse(saved) : saved) as Record<string, unknown>;
    } catch {
      throw bad('JSON text', typeof saved === 'string' ? saved.slice(0, 40) : saved);
    }
    get = (name, ref) => {
      if (typeof ref.base64 !== 'string') throw bad('base64 arrays', ref);
      const bytes = fromBase64(ref.base64);
      if (bytes.byteLength % TYPED[name].BYTES_PER_ELEMENT) throw bad(`whole ${name} elements`, bytes.byteLength);
      return viewAs(name, bytes);
    };
  }
  if (doc === null || typeof doc !== 'object' || doc.format !== FORMAT) throw bad(`format "${FORMAT}"`, (doc as { format?: unknown } | null)?.format);
  if (doc.version !== VERSION) throw bad(`version ${VERSION}`, doc.version);
  const { matrices, model } = decode({ matrices: doc.matrices, model: doc.model }, get) as { matrices: Parameters<typeof matrixFromCsr>[0][]; model: Node };
  if (!Array.isArray(matrices)) throw bad('matrices', matrices);
  const built = matrices.map((m) => matrixFromCsr(m));
  const restore = (node: Node): Recommender => {
    const matrix = built[node.matrix];
    if (!matrix) throw bad('a matrix per model', node.matrix);
    const parts = (node.parts ?? []).map((p) => ({ weight: p.weight, model: restore(p.model) }));
    if (node.kind === 'hybrid') return hybrid(parts);
    const r = RESTORE[node.kind];
    if (!r) throw bad(`a known kind (${Object.keys(RESTORE).join(', ')}, hybrid)`, node.kind);
    const state = Object.fromEntries(
      Object.entries(node.state ?? {}).map(([k, v]) => {
        const ref = v !== null && typeof v === 'object' && '$matrix' in v ? (v as { $matrix: number }).$matrix : undefined;
        if (ref === undefined) return [k, v];
        if (!built[ref]) throw bad('a matrix per reference', ref);
        return [k, built[ref]];
      }),
    );
    return r(matrix, node.options ?? {}, state, parts.map((p) => p.model));
  };
  return restore(model);
}
