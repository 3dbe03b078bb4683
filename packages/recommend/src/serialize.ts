import { isShopperSpectrumError } from '@shopper-spectrum/internal';
import type { Fail } from './checks.js';
import type { SavedModel, SavedPart } from './definition.js';
import { RecommendError } from './errors.js';
import { checkCsrParts, matrixFromCsr } from './interactions.js';
import type { CsrParts, InteractionMatrix } from './interactions.js';
import type { Recommender } from './recommender.js';
import { recommenderDefinition } from './registry.js';

const FORMAT = 'shopper-spectrum/recommender';
/** Version 2: the kind names of issue 13, a checksum, and the binary total length. */
const VERSION = 2;
const MAGIC = [0x53, 0x53, 0x52, 0x4d]; // "SSRM"
/** Binary: magic, version, header length, checksum, total length (2 x u32), then the header. */
const FIXED = 24;
const TYPED = { Float64Array, Float32Array, Int32Array, Uint32Array, Uint8Array } as const;
type TypedName = keyof typeof TYPED;
type Typed = Float64Array | Float32Array | Int32Array | Uint32Array | Uint8Array;

/** A model in the file: its kind, display name, options, state (matrices by reference) and parts. */
interface Node {
  kind: string;
  name: string;
  options: Record<string, unknown>;
  state: Record<string, unknown>;
  matrix: number;
  parts?: { weight: number; model: Node }[];
}

const invalid = (field: string, value: unknown, allowed: string): RecommendError => new RecommendError('INVALID_MODEL', field, value, allowed);
const failModel: Fail = (field, value, allowed) => {
  throw invalid(field, value, allowed);
};

const isMatrix = (v: unknown): v is InteractionMatrix => v !== null && typeof v === 'object' && 'customerIndex' in v && 'indptr' in v && 'itemIndptr' in v;
/** The numbers JSON cannot hold, by the text `{ $number }` saves them as. */
const NUMBERS = Object.freeze({ Infinity, '-Infinity': -Infinity, NaN, '-0': -0 });
/** The keys that mark an encoded value (a typed array, a number, a matrix): a plain object of a spec cannot use them. */
const RESERVED = ['$typed', '$number', '$matrix'] as const;
const isPlain = (v: object): boolean => Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null;

/**
 * Walks a value for saving: typed arrays through `put`, matrices through `matrix`, numbers JSON
 * cannot hold (Infinity, NaN, -0) as `{ $number }`; anything else that is not JSON is refused.
 */
function encode(value: unknown, path: string, put: (a: Typed) => object, matrix: (m: InteractionMatrix) => number): unknown {
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0) ? value : { $number: Object.is(value, -0) ? '-0' : String(value) };
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'object') {
    for (const name of Object.keys(TYPED) as TypedName[]) if (value instanceof TYPED[name]) return { $typed: name, ...put(value as Typed) };
    if (isMatrix(value)) return { $matrix: matrix(value) };
    if (Array.isArray(value)) return value.map((v, i) => encode(v, `${path}[${i}]`, put, matrix));
    if (isPlain(value)) {
      const reserved = RESERVED.find((key) => Object.prototype.hasOwnProperty.call(value, key));
      if (reserved !== undefined) throw new RecommendError('INVALID_ARGUMENT', `${path}.${reserved}`, (value as Record<string, unknown>)[reserved], `a key other than ${RESERVED.join(', ')} (they mark encoded values in a model file, so the object would load back as something else)`);
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v, `${path}.${k}`, put, matrix)]));
    }
  }
  throw new RecommendError('INVALID_ARGUMENT', path, value, 'JSON values, typed arrays, interaction matrices, and arrays and plain objects of them (what a model file can hold)');
}

/** The inverse of {@link encode}: typed arrays through `get`, matrices through `matrix`. */
function decode(value: unknown, path: string, get: (name: TypedName, ref: Record<string, unknown>, path: string) => Typed, matrix: (index: unknown, path: string) => InteractionMatrix): unknown {
  if (Array.isArray(value)) return value.map((v, i) => decode(v, `${path}[${i}]`, get, matrix));
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('$typed' in o) {
      if (typeof o.$typed !== 'string' || !Object.prototype.hasOwnProperty.call(TYPED, o.$typed)) throw invalid(`${path}.$typed`, o.$typed, Object.keys(TYPED).join(', '));
      return get(o.$typed as TypedName, o, path);
    }
    if ('$number' in o) {
      if (typeof o.$number !== 'string' || !Object.prototype.hasOwnProperty.call(NUMBERS, o.$number)) throw invalid(`${path}.$number`, o.$number, "'Infinity', '-Infinity', 'NaN' or '-0'");
      return NUMBERS[o.$number as keyof typeof NUMBERS];
    }
    if ('$matrix' in o) return matrix(o.$matrix, path);
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, decode(v, `${path}.${k}`, get, matrix)]));
  }
  return value;
}

/** The file's content: the matrices once each, the model as nested nodes. */
function tree(model: Recommender, put: (a: Typed) => object): { matrices: unknown[]; model: Node } {
  if (model === null || typeof model !== 'object' || typeof model.spec !== 'object' || !isMatrix(model.matrix)) throw new RecommendError('INVALID_ARGUMENT', 'model', model, 'a Recommender (built by makeRecommender)');
  const matrices: InteractionMatrix[] = [];
  const matrixRef = (m: InteractionMatrix) => {
    const at = matrices.indexOf(m);
    return at < 0 ? matrices.push(m) - 1 : at;
  };
  const node = (m: Recommender, path: string): Node => {
    const at = matrixRef(m.matrix);
    const { kind, options, state, parts } = m.spec;
    const out: Node = {
      kind,
      name: m.name,
      options: encode(options ?? {}, `${path}.options`, put, matrixRef) as Record<string, unknown>,
      state: encode(state ?? {}, `${path}.state`, put, matrixRef) as Record<string, unknown>,
      matrix: at,
    };
    if (parts && parts.length > 0) out.parts = parts.map((p, i) => ({ weight: encode(p.weight, `${path}.parts[${i}].weight`, put, matrixRef) as number, model: node(p.model, `${path}.parts[${i}].model`) }));
    return out;
  };
  const root = node(model, 'model');
  return {
    matrices: matrices.map((m, i) => encode({ customers: m.customers, items: m.items, descriptions: m.descriptions, indptr: m.indptr, indices: m.indices, data: m.data }, `matrices[${i}]`, put, matrixRef)),
    model: root,
  };
}

/** FNV-1a (32 bits) of a string's UTF-16 code units, as 8 hex digits. */
function checksumOfText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** FNV-1a (32 bits) over the 32-bit words of a binary file, the checksum word (index 3) left out. */
function checksumOfWords(words: Uint32Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) if (i !== 3) h = Math.imul(h ^ words[i]!, 0x01000193);
  return h >>> 0;
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
const fromBase64 = (text: string, path: string): Uint8Array => {
  if (text.length % 4 !== 0) throw invalid(`${path}.base64`, text.slice(0, 40), 'base64 text');
  if (nodeBuffer) return new Uint8Array(nodeBuffer.from(text, 'base64'));
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
};
const bytesOf = (a: Typed) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
/** A typed array over a copy of the bytes (aligned, and independent of the file's buffer). */
const viewAs = (name: TypedName, bytes: Uint8Array): Typed => {
  const Ctor = TYPED[name];
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Ctor(copy.buffer, 0, bytes.byteLength / Ctor.BYTES_PER_ELEMENT);
};
const littleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * Saves a fitted recommender (its learned arrays, options and matrix; a model built from others with
 * its parts) as JSON text, typed arrays in base64, with a checksum of the content.
 * {@link loadRecommender} rebuilds it without refitting and it gives identical results. Any kind
 * saves, built in or your own (its `spec` must hold JSON values, typed arrays and matrices only); to
 * load, the kind must be registered. For large models (EASE: 4 x products^2 bytes) prefer
 * {@link serializeRecommenderBinary}, a third smaller and faster to read.
 *
 * @param model - a recommender (built by `makeRecommender`)
 * @returns the JSON text
 * @throws {@link RecommendError} `INVALID_ARGUMENT` for a spec holding something else (a function...)
 * @example
 * ```ts
 * const saved = serializeRecommender(itemKnn(matrix));
 * loadRecommender(saved).kind;
 * // => 'item-knn' (and recommend gives the same lists as before saving)
 * ```
 */
export function serializeRecommender(model: Recommender): string {
  const payload = JSON.stringify(tree(model, (a) => ({ base64: toBase64(bytesOf(a)) })));
  return `{"format":${JSON.stringify(FORMAT)},"version":${VERSION},"checksum":"${checksumOfText(payload)}",${payload.slice(1)}`;
}

/**
 * Saves a fitted recommender in a compact binary form: "SSRM", the version, the header's length,
 * a checksum of everything else, the file's total length, a JSON header, then the typed arrays'
 * bytes (8-byte aligned, little-endian). A truncated file, bytes appended or any byte changed is
 * refused on loading.
 *
 * @param model - a recommender (built by `makeRecommender`)
 * @returns the bytes
 * @throws {@link RecommendError} `INVALID_ARGUMENT` for a spec holding something else, or on a
 * big-endian platform
 * @example
 * ```ts
 * const bytes = serializeRecommenderBinary(ease(matrix));
 * loadRecommender(bytes.subarray(0, bytes.length - 8));
 * // => throws RecommendError INVALID_MODEL (truncated: fewer bytes than the file declares)
 * ```
 */
export function serializeRecommenderBinary(model: Recommender): Uint8Array {
  if (!littleEndian) throw new RecommendError('INVALID_ARGUMENT', 'platform', 'big-endian', 'a little-endian platform for the binary format (use serializeRecommender)');
  const blobs: Uint8Array[] = [];
  let offset = 0;
  const header = tree(model, (a) => {
    const b = bytesOf(a);
    const at = offset;
    blobs.push(b);
    offset += Math.ceil(b.byteLength / 8) * 8;
    return { offset: at, length: a.length };
  });
  const head = new TextEncoder().encode(JSON.stringify({ format: FORMAT, version: VERSION, ...header }));
  const start = Math.ceil((FIXED + head.byteLength) / 8) * 8;
  const total = start + offset;
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  const dv = new DataView(out.buffer);
  dv.setUint32(4, VERSION, true);
  dv.setUint32(8, head.byteLength, true);
  dv.setUint32(16, total % 2 ** 32, true);
  dv.setUint32(20, Math.floor(total / 2 ** 32), true);
  out.set(head, FIXED);
  let at = start;
  for (const b of blobs) {
    out.set(b, at);
    at += Math.ceil(b.byteLength / 8) * 8;
  }
  dv.setUint32(12, checksumOfWords(new Uint32Array(out.buffer)), true);
  return out;
}

/** Options of {@link loadRecommender}. */
export interface LoadOptions {
  /**
   * The kind the file must hold: a model of another kind is refused (`INVALID_MODEL`), so a file
   * swapped for another is not served.
   * @defaultValue any kind
   */
  readonly kind?: string;
}

/** Reads the JSON document and the typed-array getter of a binary file, checking its frame. */
function readBinary(saved: Uint8Array): { doc: unknown; get: (name: TypedName, ref: Record<string, unknown>, path: string) => Typed } {
  if (saved.byteLength < FIXED || MAGIC.some((b, i) => saved[i] !== b)) throw invalid('bytes', `${saved.byteLength} bytes`, `a model file starting with "SSRM" and a ${FIXED}-byte frame`);
  const dv = new DataView(saved.buffer, saved.byteOffset, saved.byteLength);
  const version = dv.getUint32(4, true);
  if (version !== VERSION) throw invalid('version', version, `version ${VERSION} (files of an earlier version must be saved again)`);
  const total = dv.getUint32(16, true) + dv.getUint32(20, true) * 2 ** 32;
  if (saved.byteLength < total) throw invalid('bytes', `${saved.byteLength} bytes`, `the ${total} bytes the file declares (it is truncated)`);
  if (saved.byteLength > total) throw invalid('bytes', `${saved.byteLength} bytes`, `the ${total} bytes the file declares (bytes were appended)`);
  if (total % 8 !== 0) throw invalid('bytes', total, 'a length in whole 8-byte words');
  const headLength = dv.getUint32(8, true);
  if (FIXED + headLength > total) throw invalid('header', headLength, `a header inside the ${total} bytes`);
  const aligned = saved.byteOffset % 4 === 0 ? saved : saved.slice();
  const expected = checksumOfWords(new Uint32Array(aligned.buffer, aligned.byteOffset, total / 4));
  if (dv.getUint32(12, true) !== expected) throw invalid('checksum', dv.getUint32(12, true).toString(16), `${expected.toString(16)}, the checksum of the content (the file was changed or damaged)`);
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(saved.subarray(FIXED, FIXED + headLength)));
  } catch (e) {
    throw new RecommendError('INVALID_MODEL', 'header', `${headLength} bytes`, 'a JSON header', { cause: e });
  }
  checkNesting(doc);
  const start = Math.ceil((FIXED + headLength) / 8) * 8;
  const get = (name: TypedName, ref: Record<string, unknown>, path: string): Typed => {
    const { length, offset } = ref;
    const bytes = Number(length) * TYPED[name].BYTES_PER_ELEMENT;
    if (!(Number.isInteger(length) && Number.isInteger(offset) && (length as number) >= 0 && (offset as number) >= 0 && (offset as number) % 8 === 0 && start + (offset as number) + bytes <= total)) {
      throw invalid(path, ref, `an array inside the file (offset a multiple of 8, ${name} elements within the ${total} bytes)`);
    }
    return viewAs(name, saved.subarray(start + (offset as number), start + (offset as number) + bytes));
  };
  return { doc, get };
}

/** Reads the JSON document and the typed-array getter of JSON text or a parsed file. */
function readJson(saved: string | object): { doc: unknown; get: (name: TypedName, ref: Record<string, unknown>, path: string) => Typed } {
  let doc: unknown;
  if (typeof saved === 'string') {
    const text = saved.charCodeAt(0) === 0xfeff ? saved.slice(1) : saved; // a byte order mark, as editors and some writers put
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new RecommendError('INVALID_MODEL', 'text', text.slice(0, 40), 'the JSON text of a saved model', { cause: e });
    }
  } else doc = saved;
  checkNesting(doc);
  const d = doc as Record<string, unknown> | null;
  if (d !== null && typeof d === 'object' && d.format === FORMAT && d.version === VERSION) {
    const expected = checksumOfText(JSON.stringify({ matrices: d.matrices, model: d.model }));
    if (d.checksum !== expected) throw invalid('checksum', d.checksum, `"${expected}", the checksum of the content (the file was changed or damaged)`);
  }
  const get = (name: TypedName, ref: Record<string, unknown>, path: string): Typed => {
    if (typeof ref.base64 !== 'string') throw invalid(path, ref, 'a typed array in base64');
    const bytes = fromBase64(ref.base64, path);
    if (bytes.byteLength % TYPED[name].BYTES_PER_ELEMENT) throw invalid(path, `${bytes.byteLength} bytes`, `whole ${name} elements`);
    return viewAs(name, bytes);
  };
  return { doc, get };
}

/** The deepest nesting a model file may have (a hybrid of hybrids adds 3 levels a step; real files stay under 20). */
const MAX_NESTING = 100;

/**
 * Refuses a document nested deeper than {@link MAX_NESTING} levels, or with a cycle (a parsed object
 * passed in), before anything recursive (the checksum's `JSON.stringify`, the decoding) walks it.
 * Iterative, each object visited once: O(size).
 */
function checkNesting(doc: unknown): void {
  const isContainer = (v: unknown): v is object => v !== null && typeof v === 'object' && !ArrayBuffer.isView(v);
  if (!isContainer(doc)) return;
  const heights = new Map<object, number>();
  const open = new Set<object>();
  const stack: { node: object; children: unknown[]; next: number; height: number }[] = [];
  const refuse = (what: string): never => {
    throw invalid('document', what, `a saved model: at most ${MAX_NESTING} levels of nesting, and no cycles`);
  };
  const push = (node: object) => {
    if (stack.length >= MAX_NESTING) refuse(`more than ${MAX_NESTING} levels of nesting`);
    open.add(node);
    stack.push({ node, children: Array.isArray(node) ? node : Object.values(node), next: 0, height: 1 });
  };
  push(doc);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next < top.children.length) {
      const child = top.children[top.next++];
      if (!isContainer(child)) continue;
      if (open.has(child)) refuse('a cycle');
      const known = heights.get(child);
      if (known === undefined) push(child);
      else if (stack.length + known > MAX_NESTING) refuse(`more than ${MAX_NESTING} levels of nesting`);
      else top.height = Math.max(top.height, known + 1);
    } else {
      stack.pop();
      open.delete(top.node);
      heights.set(top.node, top.height);
      const parent = stack[stack.length - 1];
      if (parent) parent.height = Math.max(parent.height, top.height + 1);
    }
  }
}

/**
 * The bytes of a binary argument (a `Uint8Array` or `Buffer`, another typed array or a `DataView`
 * over the bytes, an `ArrayBuffer` as `fetch().arrayBuffer()` gives), or `null` for anything else.
 */
function bytesArgument(saved: unknown): Uint8Array | null {
  if (ArrayBuffer.isView(saved)) return saved instanceof Uint8Array ? saved : new Uint8Array(saved.buffer, saved.byteOffset, saved.byteLength);
  const tag = Object.prototype.toString.call(saved);
  if (tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]') return new Uint8Array(saved as ArrayBuffer);
  return null;
}

/** Whether bytes hold JSON text (a `{` first, after an optional UTF-8 byte order mark and white space), not the binary format. */
function isJsonBytes(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i] === 0x7b;
}

/** JSON text from bytes (UTF-8; the byte order mark dropped). */
function textOf(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    throw new RecommendError('INVALID_MODEL', 'text', `${bytes.byteLength} bytes`, 'the UTF-8 JSON text of a saved model', { cause: e });
  }
}

/** Checks the shape of a model node. */
function checkNode(v: unknown, path: string): asserts v is Node {
  const n = v as Partial<Node> | null;
  if (n === null || typeof n !== 'object' || Array.isArray(n)) throw invalid(path, v, 'a saved model { kind, name, options, state, matrix, parts }');
  if (typeof n.kind !== 'string') throw invalid(`${path}.kind`, n.kind, 'a kind');
  if (typeof n.name !== 'string') throw invalid(`${path}.name`, n.name, 'the model name');
  for (const key of ['options', 'state'] as const) if (n[key] === null || typeof n[key] !== 'object' || Array.isArray(n[key])) throw invalid(`${path}.${key}`, n[key], 'an object');
  if (!Number.isInteger(n.matrix)) throw invalid(`${path}.matrix`, n.matrix, 'the index of a saved matrix');
  if (n.parts !== undefined && !Array.isArray(n.parts)) throw invalid(`${path}.parts`, n.parts, 'a list of { weight, model }');
  n.parts?.forEach((p, i) => {
    if (p === null || typeof p !== 'object' || typeof p.weight !== 'number') throw invalid(`${path}.parts[${i}]`, p, '{ weight, model }');
  });
}

/**
 * Loads a recommender saved by {@link serializeRecommender} (JSON text or its parsed object) or
 * {@link serializeRecommenderBinary} (bytes): rebuilds the matrix and the model from the saved
 * arrays, with no refitting (a large EASE loads in well under a second instead of a fit of tens of
 * seconds). The kind is looked up in the registry (the built-ins and the kinds registered with
 * `registerRecommender`), and its `restore` checks every field of the state against the matrix.
 *
 * @param saved - the JSON text (a leading byte order mark is dropped), the parsed JSON, or the bytes
 * of either format: a `Uint8Array` or `Buffer`, an `ArrayBuffer` (what `fetch().arrayBuffer()` gives),
 * a `DataView` or another view over them
 * @param options - the kind the file must hold
 * @returns the recommender, giving the same results as the one saved
 * @throws {@link RecommendError} `INVALID_MODEL` for anything that is not an intact saved model of
 * this version (not JSON, another format, truncated, bytes appended, a checksum that does not match,
 * nested more than 100 levels deep or with a cycle, a state that does not fit its matrix, another
 * kind than `options.kind`), naming the field, also when a kind's restore throws an error without a
 * code (the original is the `cause`); `UNKNOWN_KIND` for a kind neither built in nor registered;
 * `INVALID_ARGUMENT` for something that is neither text, bytes nor an object; `INVALID_OPTION` for
 * options that are not `{ kind }`
 * @example
 * ```ts
 * loadRecommender(readFileSync('out/models/ease.ssrm'), { kind: 'ease' }).name;
 * // => 'ease (lambda 500)'
 * loadRecommender(readFileSync('out/models/ease.ssrm'), { kind: 'item-knn' });
 * // => throws RecommendError INVALID_MODEL (the file holds an ease model)
 * ```
 */
export function loadRecommender(saved: string | Uint8Array | ArrayBuffer | ArrayBufferView | object, options: LoadOptions = {}): Recommender {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new RecommendError('INVALID_OPTION', 'options', options, 'an options object ({ kind })');
  if (options.kind !== undefined && typeof options.kind !== 'string') throw new RecommendError('INVALID_OPTION', 'kind', options.kind, 'a kind (a string)');
  if (saved === null || (typeof saved !== 'string' && typeof saved !== 'object')) throw new RecommendError('INVALID_ARGUMENT', 'saved', saved, 'the JSON text, the parsed JSON or the bytes of a saved model');
  const bytes = bytesArgument(saved);
  const { doc, get } = bytes === null ? readJson(saved as string | object) : isJsonBytes(bytes) ? readJson(textOf(bytes)) : readBinary(bytes);
  const d = doc as Record<string, unknown> | null;
  if (d === null || typeof d !== 'object' || d.format !== FORMAT) throw invalid('format', d === null || typeof d !== 'object' ? d : d.format, `"${FORMAT}"`);
  if (d.version !== VERSION) throw invalid('version', d.version, `${VERSION} (files of an earlier version must be saved again)`);
  if (!Array.isArray(d.matrices) || d.matrices.length === 0) throw invalid('matrices', d.matrices, 'a list of saved matrices');
  checkNode(d.model, 'model');
  if (options.kind !== undefined && d.model.kind !== options.kind) throw invalid('model.kind', d.model.kind, `'${options.kind}' (the kind asked for)`);
  const noMatrix = (_index: unknown, path: string): never => {
    throw invalid(path, '$matrix', 'no matrix reference here');
  };
  const built = d.matrices.map((m: unknown, i: number) => {
    const parts = decode(m, `matrices[${i}]`, get, noMatrix);
    checkCsrParts(parts, (field, value, allowed) => failModel(`matrices[${i}].${field}`, value, allowed));
    return matrixFromCsr(parts as CsrParts);
  });
  const matrixAt = (index: unknown, path: string): InteractionMatrix => {
    if (!Number.isInteger(index) || !built[index as number]) throw invalid(path, index, `the index of one of the ${built.length} saved matrices`);
    return built[index as number]!;
  };
  const restore = (node: Node, path: string): Recommender => {
    const matrix = matrixAt(node.matrix, `${path}.matrix`);
    const parts: SavedPart[] = (node.parts ?? []).map((p, i) => {
      checkNode(p.model, `${path}.parts[${i}].model`);
      return { weight: decode(p.weight, `${path}.parts[${i}].weight`, get, matrixAt) as number, model: restore(p.model, `${path}.parts[${i}].model`) };
    });
    const definition = recommenderDefinition(node.kind);
    const model: SavedModel = {
      kind: node.kind,
      options: decode(node.options, `${path}.options`, get, matrixAt) as Record<string, unknown>,
      state: decode(node.state, `${path}.state`, get, matrixAt) as Record<string, unknown>,
      matrix,
      parts,
    };
    let restored: Recommender;
    try {
      restored = definition.restore(model);
    } catch (e) {
      if (!isShopperSpectrumError(e)) {
        // the restore contract asks for INVALID_MODEL; a restore that throws anything else (a TypeError on a field it did not check) still refuses the file
        const field = path === 'model' ? `${node.kind}.state` : `${path}.${node.kind}.state`;
        throw new RecommendError('INVALID_MODEL', field, e instanceof Error ? `${e.name}: ${e.message}` : e, `a state the '${node.kind}' restore accepts`, {
          detail: 'Its restore threw an error without a code; a restore should refuse what it cannot rebuild with INVALID_MODEL (savedModelReader does).',
          cause: e,
        });
      }
      if (e.code === 'UNKNOWN_KIND') throw e;
      const field = e.code === 'INVALID_MODEL' ? (e.parameter ?? node.kind) : `${node.kind}.${e.parameter ?? 'state'}`;
      throw new RecommendError('INVALID_MODEL', path === 'model' ? field : `${path}.${field}`, e.value, e.allowed ?? e.message, { cause: e });
    }
    if (restored === null || typeof restored !== 'object' || restored.kind !== node.kind) throw invalid(`${path}.kind`, restored?.kind, `'${node.kind}' (the restore of a kind gives a model of that kind)`);
    if (restored.name !== node.name) throw invalid(`${path}.name`, node.name, `'${restored.name}', the name of the model its options and state make`);
    return restored;
  };
  return restore(d.model, 'model');
}
