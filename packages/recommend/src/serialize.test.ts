import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeOf, errorOf } from '../test/codeOf.js';
import { shop, synthetic } from '../test/fixtures/shop.js';
import {
  buildInteractions,
  contentBased,
  ease,
  hybrid,
  itemKnn,
  learnedRanker,
  loadRecommender,
  makeRecommender,
  popularity,
  registerRecommender,
  RECOMMENDERS,
  repeatPurchase,
  sansa,
  serializeRecommender,
  serializeRecommenderBinary,
  tifuKnn,
  unregisterRecommender,
  userKnn,
} from '@shopper-spectrum/recommend';
import type { InteractionMatrix, Recommender } from '@shopper-spectrum/recommend';

const table = synthetic(11, { customers: 80, products: 60, days: 200 });
const bm = buildInteractions(table);
const inv = buildInteractions(table, { weight: 'invoices', halfLifeDays: 60 });
const learned = learnedRanker(table, { holdoutDays: 45, rounds: 1 });
const models: Recommender[] = [
  popularity(bm),
  repeatPurchase(inv),
  itemKnn(bm, { similarity: 'jaccard', neighbours: Infinity, shrink: 2 }),
  itemKnn(bm, { similarity: 'rp3beta', beta: 0.3, selfSimilarity: false }),
  itemKnn(bm, { similarity: (p) => p.together / p.customers, neighbours: 8 }),
  userKnn(inv, { neighbours: 10 }),
  tifuKnn(inv, { neighbours: 10, alpha: 0.7 }),
  ease(bm, { lambda: 50 }),
  contentBased(bm, { bigrams: true }),
  hybrid([{ model: ease(bm, { lambda: 50 }), weight: 1 }, { model: repeatPurchase(inv), weight: 0.5 }]),
  learned,
  sansa(bm, { lambda: 50, weightsPerProduct: 6 }),
];

describe('serialisation', () => {
  it('saves a model of every built-in kind', () => {
    expect(new Set(models.map((m) => m.kind))).toEqual(new Set(Object.keys(RECOMMENDERS)));
  });

  it('round-trips every model through JSON and binary with identical results (property)', () => {
    const loaded = models.map((m) => [m, loadRecommender(serializeRecommender(m)), loadRecommender(serializeRecommenderBinary(m))] as const);
    for (const [m, fromJson, fromBinary] of loaded) {
      expect([fromJson.kind, fromJson.name]).toEqual([m.kind, m.name]);
      expect([fromBinary.kind, fromBinary.name]).toEqual([m.kind, m.name]);
    }
    fc.assert(
      fc.property(fc.integer({ min: 0, max: loaded.length - 1 }), fc.integer({ min: 0, max: bm.customers.length - 1 }), fc.integer({ min: 1, max: 12 }), fc.constantFrom('exclude', 'allow'), (mi, row, k, seen) => {
        const [m, a, b] = loaded[mi]!;
        const id = bm.customers[row]!;
        const expected = m.recommend(id, k, { seen });
        expect(a.recommend(id, k, { seen })).toEqual(expected);
        expect(b.recommend(id, k, { seen })).toEqual(expected);
        const item = bm.items[row % bm.items.length]!;
        expect(a.similarItems(item, k)).toEqual(m.similarItems(item, k));
        expect(b.similarItems(item, k)).toEqual(m.similarItems(item, k));
      }),
      { numRuns: 120 },
    );
  });

  it('keeps a loaded model loadable again: the JSON text of a loaded model is the same, for every model', () => {
    for (const m of models) {
      const text = serializeRecommender(m);
      expect(serializeRecommender(loadRecommender(text))).toBe(text);
      expect(serializeRecommender(loadRecommender(JSON.parse(text) as object))).toBe(text);
      expect(serializeRecommender(loadRecommender(serializeRecommenderBinary(m)))).toBe(text);
    }
  });

  it('keeps Infinity and the other numbers JSON cannot hold', () => {
    const all = loadRecommender(serializeRecommender(models[2]!));
    expect(all.spec.options.neighbours).toBe(Infinity);
  });

  it('refuses what is not an intact saved model, with a coded error', () => {
    expect(codeOf(() => loadRecommender('{"format":"something else"}'))).toBe('INVALID_MODEL');
    expect(codeOf(() => loadRecommender('not json'))).toBe('INVALID_MODEL');
    expect(codeOf(() => loadRecommender(Uint8Array.of(1, 2, 3)))).toBe('INVALID_MODEL');
    expect(codeOf(() => loadRecommender(42 as never))).toBe('INVALID_ARGUMENT');
    const text = serializeRecommender(models[0]!);
    expect(codeOf(() => loadRecommender(text.replace('"version":2', '"version":99')))).toBe('INVALID_MODEL');
    expect(codeOf(() => loadRecommender(text.replace('"version":2', '"version":1')))).toBe('INVALID_MODEL');
    expect(codeOf(() => loadRecommender(text.replace('"kind":"popularity"', '"kind":"magic"')))).toBe('INVALID_MODEL'); // the checksum
    const bytes = serializeRecommenderBinary(models[2]!);
    expect(codeOf(() => loadRecommender(bytes.subarray(0, bytes.length - 64)))).toBe('INVALID_MODEL');
  });

  it('says a file is truncated, or has bytes appended, from the length it declares', () => {
    const bytes = serializeRecommenderBinary(models[0]!);
    expect(errorOf(() => loadRecommender(bytes.subarray(0, bytes.length - 8))).allowed).toContain('truncated');
    const longer = new Uint8Array(bytes.length + 8);
    longer.set(bytes);
    expect(errorOf(() => loadRecommender(longer)).allowed).toContain('appended');
  });

  it('refuses a file of another kind than asked for (a swapped file)', () => {
    const saved = serializeRecommenderBinary(models[6]!);
    expect(loadRecommender(saved, { kind: 'tifu-knn' }).kind).toBe('tifu-knn');
    const e = errorOf(() => loadRecommender(saved, { kind: 'item-knn' }));
    expect([e.code, e.parameter, e.value]).toEqual(['INVALID_MODEL', 'model.kind', 'tifu-knn']);
    expect(codeOf(() => loadRecommender(serializeRecommender(models[6]!), { kind: 'learned-ranker' }))).toBe('INVALID_MODEL');
  });

  it('says which kinds are registered, and that registerRecommender adds one, for an unknown kind', () => {
    const m = buildInteractions(shop);
    const mine = { ...popularity(m), spec: { kind: 'not-registered', options: {}, state: {} } };
    const e = errorOf(() => loadRecommender(serializeRecommender(mine)));
    expect([e.code, e.value]).toEqual(['UNKNOWN_KIND', 'not-registered']);
    expect(e.allowed).toContain("'item-knn'");
    expect(e.allowed).toContain('registerRecommender');
  });

  it('refuses to save what a model file cannot hold', () => {
    const m = buildInteractions(shop);
    const withFunction = { ...popularity(m), spec: { kind: 'popularity', options: { f: () => 1 }, state: {} } };
    expect(errorOf(() => serializeRecommender(withFunction)).parameter).toBe('model.options.f');
    const withMap = { ...popularity(m), spec: { kind: 'popularity', options: {}, state: { m: new Map() } } };
    expect(codeOf(() => serializeRecommenderBinary(withMap))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => serializeRecommender({} as never))).toBe('INVALID_ARGUMENT');
  });
});

/** The same model with its spec (or matrix) changed, as a damaged or hand-made file would hold it. */
const tampered = (m: Recommender, spec: Partial<Recommender['spec']>, matrix?: InteractionMatrix): Recommender => ({ ...m, spec: { ...m.spec, ...spec }, matrix: matrix ?? m.matrix });

type Mutation = { readonly name: string; readonly apply: (v: unknown, at: number) => unknown };
const isTyped = (v: unknown): v is Float64Array | Float32Array | Int32Array => v instanceof Float64Array || v instanceof Float32Array || v instanceof Int32Array;
/** Changes that make a state field wrong: its length, its type, one value. */
const MUTATIONS: readonly Mutation[] = [
  { name: 'one value fewer', apply: (v) => (isTyped(v) || Array.isArray(v) ? v.slice(0, -1) : { wrong: true }) },
  {
    name: 'one value more',
    apply: (v) => {
      if (Array.isArray(v)) return [...v, v[0] ?? 'x'];
      if (!isTyped(v)) return 7;
      const out = new (v.constructor as new (n: number) => Float64Array)(v.length + 1);
      out.set(v);
      out[v.length] = v instanceof Int32Array ? -1 : 0.5;
      return out;
    },
  },
  { name: 'another array type', apply: (v) => (v instanceof Float64Array ? Float32Array.from(v) : isTyped(v) ? Float64Array.from(v) : 'text') },
  {
    name: 'a bad value',
    apply: (v, at) => {
      if (Array.isArray(v)) return v.map((x, i) => (i === at % v.length ? (typeof x === 'string' ? 5 : 'text') : x));
      if (!isTyped(v)) return null;
      const out = v.slice();
      out[at % v.length] = v instanceof Int32Array ? -1 : NaN;
      return out;
    },
  },
];

describe('saved models that do not fit their matrix', () => {
  // every state field of every kind (a sub-model's fields through the part), with each mutation
  const fields = models.flatMap((m, mi) =>
    Object.entries(m.spec.state).flatMap(([key, value]) => {
      if (key === 'trending') return [{ mi, key, mutations: MUTATIONS.filter((x) => x.name !== 'one value fewer') }]; // any length is fine
      if (key === 'similarity' && (m.kind !== 'item-knn' || m.spec.options.similarity === 'custom')) return [{ mi, key, mutations: MUTATIONS.slice(3) }]; // any label is fine
      if ((isTyped(value) || Array.isArray(value)) && (value as ArrayLike<unknown>).length === 0) return [{ mi, key, mutations: MUTATIONS.slice(1, 3) }];
      return [{ mi, key, mutations: MUTATIONS }];
    }),
  );

  it('refuses a wrong length, array type or value in any state field, naming it (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: fields.length - 1 }), fc.nat(), fc.nat(), fc.boolean(), (fi, mu, at, binary) => {
        const { mi, key, mutations } = fields[fi]!;
        const m = models[mi]!;
        const mutation = mutations[mu % mutations.length]!;
        const original = m.spec.state[key];
        // an array of arrays (the learned ranker's weights and features): change one element
        const value = Array.isArray(original) && original.length > 0 && isTyped(original[0]) && at % 2 === 0 ? original.map((x, i) => (i === at % original.length ? mutation.apply(x, at) : x)) : mutation.apply(original, at);
        const bad = tampered(m, { state: { ...m.spec.state, [key]: value } });
        const e = errorOf(() => loadRecommender(binary ? serializeRecommenderBinary(bad) : serializeRecommender(bad)));
        expect(e.code).toBe('INVALID_MODEL');
        expect(e.parameter).toMatch(new RegExp(`^${m.kind}\\.state\\.`)); // the field, or the one it must fit (indptr for indices)
      }),
      { numRuns: 300 },
    );
  });

  it('refuses options of the wrong kind, unknown options and unknown state fields', () => {
    for (const m of models) {
      for (const key of Object.keys(m.spec.options)) {
        const e = errorOf(() => loadRecommender(serializeRecommender(tampered(m, { options: { ...m.spec.options, [key]: { not: 'an option' } } }))));
        expect([e.code, e.parameter]).toEqual(['INVALID_MODEL', `${m.kind}.options.${key}`]);
      }
      expect(codeOf(() => loadRecommender(serializeRecommender(tampered(m, { options: { ...m.spec.options, bogus: 1 } }))))).toBe('INVALID_MODEL');
      expect(codeOf(() => loadRecommender(serializeRecommender(tampered(m, { state: { ...m.spec.state, bogus: 1 } }))))).toBe('INVALID_MODEL');
    }
  });

  it('refuses parts of the wrong kinds, order or weights, and a name its options do not make', () => {
    const reversed = tampered(learned, { parts: [...learned.spec.parts!].reverse() });
    expect(codeOf(() => loadRecommender(serializeRecommenderBinary(reversed)))).toBe('INVALID_MODEL');
    const blend = models[9]!;
    expect(codeOf(() => loadRecommender(serializeRecommender(tampered(blend, { parts: [{ model: blend.spec.parts![0]!.model, weight: -1 }] }))))).toBe('INVALID_MODEL');
    expect(codeOf(() => loadRecommender(serializeRecommender(tampered(blend, { parts: [...blend.spec.parts!].reverse() }))))).toBe('INVALID_MODEL'); // its name
    const e = errorOf(() => loadRecommender(serializeRecommender({ ...models[5]!, name: 'user-knn (3 neighbours)' })));
    expect([e.code, e.parameter]).toEqual(['INVALID_MODEL', 'model.name']);
  });

  it('refuses a matrix whose arrays do not fit together, naming the field', () => {
    const m = models[2]!;
    const x = m.matrix;
    const cases: [Partial<InteractionMatrix>, string][] = [
      [{ indptr: Int32Array.from(x.indptr, (v, i) => (i === 3 ? -1 : v)) }, 'matrices[0].indptr[3]'],
      [{ indices: Int32Array.from(x.indices, (v, i) => (i === 0 ? x.items.length : v)) }, 'matrices[0].indices[0]'],
      [{ data: Float64Array.from(x.data, (v, i) => (i === 5 ? 0 : v)) }, 'matrices[0].data[5]'],
      [{ customers: x.customers.map((c, i) => (i === 1 ? x.customers[0]! : c)) }, 'matrices[0].customers[1]'],
      [{ descriptions: x.descriptions.slice(1) }, 'matrices[0].descriptions'],
      [{ items: x.items.slice(1) }, 'matrices[0].descriptions'],
    ];
    for (const [change, field] of cases) {
      const e = errorOf(() => loadRecommender(serializeRecommenderBinary(tampered(m, {}, { ...x, ...change } as InteractionMatrix))));
      expect([e.code, e.parameter]).toEqual(['INVALID_MODEL', field]);
    }
  });
});

describe('damaged files (fuzz)', () => {
  const m = buildInteractions(shop);
  const small = [popularity(m), itemKnn(m), contentBased(m), ease(m, { lambda: 1 }), tifuKnn(buildInteractions(shop, { weight: 'invoices' }), { neighbours: 2 })];
  const files = small.map((x) => serializeRecommenderBinary(x));
  const sameAnswers = (a: Recommender, b: Recommender) => m.customers.every((id) => JSON.stringify(a.recommend(id, 3, { seen: 'allow' })) === JSON.stringify(b.recommend(id, 3, { seen: 'allow' })));
  /** INVALID_MODEL, or (never for bytes) a model answering the same. */
  const refusedOrSame = (load: () => Recommender, original: Recommender): boolean => {
    try {
      return sameAnswers(load(), original);
    } catch (e) {
      expect(codeOf(() => { throw e; })).toBe('INVALID_MODEL');
      return true;
    }
  };

  it('refuses a binary file with bytes changed, never a TypeError, a RangeError or another model (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: small.length - 1 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 3 }), (mi, flips) => {
        const original = files[mi]!;
        const bytes = original.slice();
        for (const [at, x] of flips) bytes[at % bytes.length]! ^= x;
        if (bytes.every((b, i) => b === original[i])) return; // two flips of the same byte cancelled out
        expect(codeOf(() => loadRecommender(bytes))).toBe('INVALID_MODEL');
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a truncated binary file and one with bytes appended (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: small.length - 1 }), fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 64 }), (mi, cut, extra) => {
        const bytes = serializeRecommenderBinary(small[mi]!);
        expect(codeOf(() => loadRecommender(bytes.subarray(0, cut % bytes.length)))).toBe('INVALID_MODEL');
        const longer = new Uint8Array(bytes.length + extra.length);
        longer.set(bytes);
        longer.set(extra, bytes.length);
        expect(codeOf(() => loadRecommender(longer))).toBe('INVALID_MODEL');
      }),
      { numRuns: 150 },
    );
  });

  it('refuses JSON with a character changed, or gives the very same model (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: small.length - 1 }), fc.nat(), fc.integer({ min: 32, max: 126 }), (mi, at, code) => {
        const text = serializeRecommender(small[mi]!);
        const i = at % text.length;
        if (text.charCodeAt(i) === code) return;
        const changed = text.slice(0, i) + String.fromCharCode(code) + text.slice(i + 1);
        expect(refusedOrSame(() => loadRecommender(changed), small[mi]!)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

/** A parsed JSON model file, changed, with its checksum made again (a hand-made file that is intact as a file). */
const resigned = (doc: Record<string, unknown>): string => {
  const payload = JSON.stringify({ matrices: doc.matrices, model: doc.model });
  let h = 0x811c9dc5;
  for (let i = 0; i < payload.length; i++) h = Math.imul(h ^ payload.charCodeAt(i), 0x01000193);
  return JSON.stringify({ ...doc, checksum: (h >>> 0).toString(16).padStart(8, '0') });
};

describe('what loadRecommender accepts', () => {
  const model = models[2]!;
  const bytes = serializeRecommenderBinary(model);
  const json = serializeRecommender(model);
  const same = (loaded: Recommender) => bm.customers.slice(0, 10).every((id) => JSON.stringify(loaded.recommend(id, 5)) === JSON.stringify(model.recommend(id, 5)));

  it('loads the bytes from an ArrayBuffer (fetch().arrayBuffer()), a DataView, a Buffer or a view at an offset', () => {
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes, 3);
    for (const given of [bytes.slice().buffer, new DataView(bytes.slice().buffer), Buffer.from(bytes), new DataView(padded.buffer, 3, bytes.length)]) {
      expect(same(loadRecommender(given))).toBe(true);
    }
  });

  it('loads JSON text given as bytes, and JSON text starting with a byte order mark', () => {
    expect(same(loadRecommender(new TextEncoder().encode(json)))).toBe(true);
    expect(same(loadRecommender(new TextEncoder().encode(`\uFEFF ${json}`).buffer))).toBe(true);
    expect(same(loadRecommender(`\uFEFF${json}`))).toBe(true);
    expect(codeOf(() => loadRecommender(Uint8Array.of(0x7b, 0xff, 0xfe)))).toBe('INVALID_MODEL'); // "{" then bytes that are not UTF-8
  });

  it('refuses options that are not { kind } with INVALID_OPTION', () => {
    expect(codeOf(() => loadRecommender(bytes, null as never))).toBe('INVALID_OPTION');
    expect(codeOf(() => loadRecommender(bytes, 'item-knn' as never))).toBe('INVALID_OPTION');
    expect(errorOf(() => loadRecommender(bytes, { kind: 3 as never })).parameter).toBe('kind');
  });

  it('refuses a document nested too deeply, or with a cycle, as INVALID_MODEL rather than a RangeError', () => {
    const depth = 200_000;
    const deepText = json.replace('"options":{', `"options":{"deep":${'['.repeat(depth)}${']'.repeat(depth)},`);
    expect(errorOf(() => loadRecommender(deepText)).parameter).toBe('document');
    let deep: unknown[] = [];
    for (let i = 0; i < depth; i++) deep = [deep];
    const doc = JSON.parse(json) as { model: { options: Record<string, unknown> } };
    doc.model.options.deep = deep;
    expect(errorOf(() => loadRecommender(doc)).parameter).toBe('document');
    const cyclic = JSON.parse(json) as { model: { options: Record<string, unknown> } };
    cyclic.model.options.self = cyclic.model;
    expect(errorOf(() => loadRecommender(cyclic)).value).toBe('a cycle');
  });

  it('decodes { $number } only to the four numbers JSON cannot hold, never to what an object inherits', () => {
    const echo = (matrix: InteractionMatrix) => makeRecommender(matrix, { name: 'echo', spec: { kind: 'echo', options: {}, state: {} }, scoreUser: (_r, out) => out.fill(1), explainUser: () => '', scoreItem: (_i, out) => out.fill(1), explainItem: () => '' });
    registerRecommender({ kind: 'echo', description: 'keeps whatever its options hold', defaults: {}, fit: (data) => echo(data.interactions()), restore: (saved) => echo(saved.matrix) });
    try {
      const doc = JSON.parse(serializeRecommender(echo(bm))) as { model: { options: Record<string, unknown> } };
      for (const bad of ['constructor', '__proto__', 'toString', ['Infinity']]) {
        doc.model.options.x = { $number: bad };
        const e = errorOf(() => loadRecommender(resigned(doc)));
        expect([e.code, e.parameter]).toEqual(['INVALID_MODEL', 'model.options.x.$number']);
      }
      doc.model.options.x = { $number: '-Infinity' };
      expect(() => loadRecommender(resigned(doc))).not.toThrow();
    } finally {
      unregisterRecommender('echo');
    }
  });

  it('refuses to save a plain object using a key that marks encoded values ($typed, $number, $matrix)', () => {
    const marked = { ...popularity(bm), spec: { kind: 'popularity', options: {}, state: { lookup: { $number: 'NaN' } } } };
    const e = errorOf(() => serializeRecommender(marked));
    expect([e.code, e.parameter]).toEqual(['INVALID_ARGUMENT', 'model.state.lookup.$number']);
  });
});

describe('a restore that throws an error without a code', () => {
  const crashing = (matrix: InteractionMatrix) =>
    makeRecommender(matrix, { name: 'crashing', spec: { kind: 'crashing', options: {}, state: {} }, scoreUser: (_r, out) => out.fill(1), explainUser: () => '', scoreItem: (_i, out) => out.fill(1), explainItem: () => '' });

  it('is reported as INVALID_MODEL naming the kind, with the original error as the cause', () => {
    const boom = new TypeError("Cannot read properties of undefined (reading 'length')");
    registerRecommender({ kind: 'crashing', description: 'a restore with a bug', defaults: {}, fit: (data) => crashing(data.interactions()), restore: () => { throw boom; } });
    try {
      const model = crashing(bm);
      for (const saved of [serializeRecommender(model), serializeRecommenderBinary(model)]) {
        const e = errorOf(() => loadRecommender(saved));
        expect([e.code, e.parameter, e.cause]).toEqual(['INVALID_MODEL', 'crashing.state', boom]);
        expect(e.message).toContain("TypeError: Cannot read properties of undefined (reading 'length')");
      }
      const e = errorOf(() => loadRecommender(serializeRecommender(hybrid([{ model: popularity(bm), weight: 1 }, { model, weight: 1 }]))));
      expect([e.code, e.parameter]).toEqual(['INVALID_MODEL', 'model.parts[1].model.crashing.state']);
    } finally {
      unregisterRecommender('crashing');
    }
  });
});
