import { afterEach, describe, expect, it } from 'vitest';
import { codeOf, errorOf } from '../test/codeOf.js';
import { shop, synthetic } from '../test/fixtures/shop.js';
import {
  buildInteractions,
  CHECKS,
  CONTENT_DEFAULTS,
  EASE_DEFAULTS,
  fitData,
  fitRecommender,
  INTERACTION_DEFAULTS,
  INVOICE_INTERACTIONS,
  ITEM_KNN_DEFAULTS,
  LEARNED_RANKER_DEFAULTS,
  loadRecommender,
  makeRecommender,
  RECOMMENDERS,
  recommenderDefinition,
  recommenderKinds,
  registerRecommender,
  REPEAT_PURCHASE_DEFAULTS,
  savedModelReader,
  serializeRecommender,
  serializeRecommenderBinary,
  TIFU_KNN_DEFAULTS,
  unregisterRecommender,
  USER_KNN_DEFAULTS,
} from '@shopper-spectrum/recommend';
import type { FitData, InteractionMatrix, RecommenderDefinition } from '@shopper-spectrum/recommend';

const BUILT_IN = ['popularity', 'repeat-purchase', 'item-knn', 'user-knn', 'tifu-knn', 'content', 'ease', 'sansa', 'learned-ranker', 'hybrid'];
const table = synthetic(2, { customers: 60, products: 40, days: 200 });

/** A recommender of one's own: every product scores `boost` x its popularity. */
const boosted = (m: InteractionMatrix, boost: number) => {
  const scores = Float64Array.from(m.popularity, (p) => boost * p);
  return makeRecommender(m, {
    name: `boosted (${boost})`,
    spec: { kind: 'boosted', options: { boost }, state: { scores } },
    scoreUser: (_r, out) => out.set(scores),
    explainUser: (_r, j) => `scores ${scores[j]}`,
    scoreItem: (_i, out) => out.set(scores),
    explainItem: () => 'boosted',
  });
};
const BOOSTED: RecommenderDefinition<{ boost?: number }> = {
  kind: 'boosted',
  description: 'popularity times a boost',
  defaults: { boost: 2 },
  fit: (data, options) => boosted(data.interactions(), options.boost ?? 2),
  restore(saved) {
    const r = savedModelReader(saved);
    r.floats('scores', saved.matrix.items.length, 0);
    return boosted(saved.matrix, r.option('boost', CHECKS.positive));
  },
};

afterEach(() => {
  unregisterRecommender('boosted');
});

describe('RECOMMENDERS', () => {
  it('holds every built-in under its one name, each definition carrying that kind', () => {
    expect(Object.keys(RECOMMENDERS)).toEqual(BUILT_IN);
    for (const [kind, d] of Object.entries(RECOMMENDERS)) {
      expect(d.kind).toBe(kind);
      expect(d.description.length).toBeGreaterThan(10);
      expect(Object.isFrozen(d)).toBe(true);
    }
    expect(Object.isFrozen(RECOMMENDERS)).toBe(true);
  });

  it("gives each kind's defaults from its *_DEFAULTS object and the matrix it fits on", () => {
    expect(RECOMMENDERS.popularity.defaults).toEqual({ interactions: INTERACTION_DEFAULTS });
    expect(RECOMMENDERS['repeat-purchase'].defaults).toEqual({ ...REPEAT_PURCHASE_DEFAULTS, interactions: INVOICE_INTERACTIONS });
    expect(RECOMMENDERS['item-knn'].defaults).toEqual({ ...ITEM_KNN_DEFAULTS, interactions: INTERACTION_DEFAULTS });
    expect(RECOMMENDERS['user-knn'].defaults).toEqual({ ...USER_KNN_DEFAULTS, interactions: INTERACTION_DEFAULTS });
    expect(RECOMMENDERS['tifu-knn'].defaults).toEqual({ ...TIFU_KNN_DEFAULTS, interactions: INVOICE_INTERACTIONS });
    expect(RECOMMENDERS.content.defaults).toEqual({ ...CONTENT_DEFAULTS, interactions: INTERACTION_DEFAULTS });
    expect(RECOMMENDERS.ease.defaults).toEqual({ ...EASE_DEFAULTS, interactions: INTERACTION_DEFAULTS });
    expect(RECOMMENDERS['learned-ranker'].defaults).toEqual(LEARNED_RANKER_DEFAULTS);
    for (const d of [INTERACTION_DEFAULTS, INVOICE_INTERACTIONS, ITEM_KNN_DEFAULTS, USER_KNN_DEFAULTS, TIFU_KNN_DEFAULTS, CONTENT_DEFAULTS, EASE_DEFAULTS, LEARNED_RANKER_DEFAULTS, REPEAT_PURCHASE_DEFAULTS]) expect(Object.isFrozen(d)).toBe(true);
  });
});

describe('fitRecommender', () => {
  it('fits every built-in kind from a table, the model carrying its kind', () => {
    const data = fitData(table);
    for (const kind of BUILT_IN) {
      const options = kind === 'hybrid' ? { parts: [{ kind: 'item-knn' }, { kind: 'tifu-knn', weight: 0.5 }] } : kind === 'learned-ranker' ? { holdoutDays: 60, rounds: 0 } : kind === 'ease' ? { lambda: 50 } : {};
      const model = fitRecommender(kind, data, options);
      expect(model.kind).toBe(kind);
      expect(model.recommend(model.matrix.customers[0]!, 3).length).toBe(3);
    }
  });

  it('fits with the definition defaults when no option is given (as the model function with its defaults)', () => {
    const binary = buildInteractions(table);
    const a = fitRecommender('item-knn', binary);
    const b = fitRecommender('item-knn', table, RECOMMENDERS['item-knn'].defaults);
    for (const id of binary.customers.slice(0, 10)) expect(a.recommend(id, 5)).toEqual(b.recommend(id, 5));
  });

  it('shares the matrices built for one table between the models fitted on its FitData', () => {
    const data = fitData(table);
    const item = fitRecommender('item-knn', data);
    const user = fitRecommender('user-knn', data);
    const tifu = fitRecommender('tifu-knn', data);
    const repeat = fitRecommender('repeat-purchase', data);
    expect(item.matrix).toBe(user.matrix);
    expect(tifu.matrix).toBe(repeat.matrix);
    expect(tifu.matrix).not.toBe(item.matrix);
    expect(data.interactions({ weight: 'invoices' })).toBe(tifu.matrix);
  });

  it('uses a matrix as it is, and refuses interactions options with one', () => {
    const binary = buildInteractions(shop);
    expect(fitRecommender('tifu-knn', binary).matrix).toBe(binary);
    expect(fitData(binary).interactions({ weight: 'revenue' })).toBe(binary);
    expect(codeOf(() => fitRecommender('tifu-knn', binary, { interactions: { weight: 'invoices' } }))).toBe('INVALID_OPTION');
  });

  it('keeps the default of an option given as undefined, never fitting with undefined', () => {
    const direct = { ...BOOSTED, fit: (data: FitData, options: { boost?: number }) => boosted(data.interactions(), options.boost as number) }; // reads the option as given
    expect(fitRecommender(direct as never, shop, { boost: undefined }).name).toBe('boosted (2)');
    const data = fitData(table);
    expect(fitRecommender('tifu-knn', data, { neighbours: undefined, interactions: { weight: undefined } }).matrix).toBe(data.interactions(INVOICE_INTERACTIONS));
    expect(fitRecommender('item-knn', data, { interactions: { halfLifeDays: undefined } }).matrix).toBe(data.interactions(INTERACTION_DEFAULTS));
  });

  it('refuses an unknown kind, naming the kinds there are and registerRecommender', () => {
    const e = errorOf(() => fitRecommender('item-cosine', table));
    expect([e.code, e.parameter, e.value]).toEqual(['UNKNOWN_KIND', 'kind', 'item-cosine']);
    for (const kind of BUILT_IN) expect(e.allowed).toContain(`'${kind}'`);
    expect(e.allowed).toContain('registerRecommender');
    expect(codeOf(() => fitRecommender('learned', table))).toBe('UNKNOWN_KIND');
  });

  it('refuses data that is neither a table, a matrix nor fit data, and options that are not an object', () => {
    expect(codeOf(() => fitRecommender('popularity', [] as never))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => fitRecommender('popularity', null as never))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => fitRecommender('popularity', table, 5 as never))).toBe('INVALID_OPTION');
  });

  it('fits a definition passed by value, and refuses one whose model is of another kind', () => {
    expect(fitRecommender(BOOSTED as never, shop).kind).toBe('boosted');
    const liar = { ...BOOSTED, kind: 'liar' };
    expect(codeOf(() => fitRecommender(liar as never, shop))).toBe('INVALID_ARGUMENT');
  });
});

describe('registerRecommender', () => {
  it('adds a kind that fits, saves and loads (JSON and binary) like a built-in', () => {
    expect(codeOf(() => fitRecommender('boosted', shop))).toBe('UNKNOWN_KIND');
    registerRecommender(BOOSTED);
    expect(recommenderKinds()).toEqual([...BUILT_IN, 'boosted']);
    expect(recommenderDefinition('boosted')).toBe(BOOSTED);
    const model = fitRecommender('boosted', shop, { boost: 3 });
    expect(model.recommend('u3', 2).map((r) => [r.item, r.score])).toEqual([['B', 9], ['C', 9]]);
    for (const loaded of [loadRecommender(serializeRecommender(model)), loadRecommender(serializeRecommenderBinary(model))]) {
      expect([loaded.kind, loaded.name]).toEqual(['boosted', 'boosted (3)']);
      for (const id of model.matrix.customers) expect(loaded.recommend(id, 4)).toEqual(model.recommend(id, 4));
    }
  });

  it('makes the kind available as a hybrid part', () => {
    registerRecommender(BOOSTED);
    const blend = fitRecommender('hybrid', shop, { parts: [{ kind: 'boosted', options: { boost: 1 } }, { kind: 'item-knn', weight: 2 }] });
    expect(blend.spec.parts!.map((p) => p.model.kind)).toEqual(['boosted', 'item-knn']);
    const loaded = loadRecommender(serializeRecommenderBinary(blend));
    for (const id of blend.matrix.customers) expect(loaded.recommend(id, 3)).toEqual(blend.recommend(id, 3));
  });

  it("refuses a built-in's kind and a kind registered twice, unless replacing a registered one", () => {
    for (const kind of BUILT_IN) expect(codeOf(() => registerRecommender({ ...BOOSTED, kind }))).toBe('DUPLICATE_KIND');
    registerRecommender(BOOSTED);
    expect(codeOf(() => registerRecommender(BOOSTED))).toBe('DUPLICATE_KIND');
    const replacement = { ...BOOSTED, description: 'the new one' };
    expect(registerRecommender(replacement, { replace: true })).toBe(replacement);
    expect(recommenderDefinition('boosted').description).toBe('the new one');
    expect(codeOf(() => registerRecommender({ ...BOOSTED, kind: 'ease' }, { replace: true }))).toBe('DUPLICATE_KIND');
  });

  it('refuses a definition of the wrong shape, naming the field', () => {
    const cases: [unknown, string][] = [
      [null, 'definition'],
      [{ ...BOOSTED, kind: '' }, 'definition.kind'],
      [{ ...BOOSTED, kind: '../models' }, 'definition.kind'],
      [{ ...BOOSTED, description: 3 }, 'definition.description'],
      [{ ...BOOSTED, defaults: null }, 'definition.defaults'],
      [{ ...BOOSTED, fit: 'fit' }, 'definition.fit'],
      [{ ...BOOSTED, restore: undefined }, 'definition.restore'],
    ];
    for (const [definition, parameter] of cases) {
      const e = errorOf(() => registerRecommender(definition as never));
      expect([e.code, e.parameter]).toEqual(['INVALID_ARGUMENT', parameter]);
    }
  });

  it('forgets a kind on unregisterRecommender, never a built-in', () => {
    registerRecommender(BOOSTED);
    expect(unregisterRecommender('boosted')).toBe(true);
    expect(unregisterRecommender('boosted')).toBe(false);
    expect(unregisterRecommender('ease')).toBe(false);
    expect(recommenderKinds()).toEqual(BUILT_IN);
  });
});

describe('makeRecommender with a registered definition', () => {
  it("makes the TSDoc example's 'constant' kind loadable once registered", () => {
    const constant = (m: InteractionMatrix) => makeRecommender(m, { name: 'constant', spec: { kind: 'constant', options: {}, state: {} }, scoreUser: (_r, out) => out.fill(1), explainUser: () => 'any', scoreItem: (_i, out) => out.fill(1), explainItem: () => 'any' });
    const model = constant(buildInteractions(shop));
    const saved = serializeRecommender(model);
    expect(codeOf(() => loadRecommender(saved))).toBe('UNKNOWN_KIND');
    registerRecommender({ kind: 'constant', description: 'every product scores 1', defaults: {}, fit: (data) => constant(data.interactions()), restore: (s) => constant(s.matrix) });
    try {
      expect(loadRecommender(saved).kind).toBe('constant');
      expect(loadRecommender(saved).recommend('u3', 3)).toEqual(model.recommend('u3', 3));
    } finally {
      unregisterRecommender('constant');
    }
  });
});
