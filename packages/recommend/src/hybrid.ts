import type { SavedModel, SavedPart } from './definition.js';
import { checkMatrix } from './checkMatrix.js';
import { RecommendError } from './errors.js';
import { makeRecommender } from './recommender.js';
import type { Recommender } from './recommender.js';
import { savedModelReader } from './savedModel.js';

/** One part of a {@link hybrid}. */
export interface HybridPart {
  /** A fitted recommender on the same customers and products. */
  readonly model: Recommender;
  /** Its weight in the blend. */
  readonly weight: number;
}

/**
 * Blends recommenders: each part's scores for the customer are scaled to a maximum of 1, then summed
 * with the weights. The explanation comes from the part that contributed most to the product. New
 * customers' `history` is passed on to every part.
 *
 * @param parts - the models and their weights (fitted on matrices from the same table)
 * @returns the recommender
 * @throws {@link RecommendError} `INVALID_OPTION` for no part, a part that is not `{ model, weight }`
 * with a fitted model, a weight that is not a finite number >= 0, or models on different matrices
 * @example
 * ```ts
 * hybrid([{ model: repeatPurchase(invoices), weight: 1 }, { model: itemKnn(binary), weight: 0.3 }]).name;
 * // => 'hybrid (1 x repeat-purchase + 0.3 x item-knn (cosine))'
 * ```
 */
export function hybrid(parts: readonly HybridPart[]): Recommender {
  if (!Array.isArray(parts) || parts.length === 0) throw new RecommendError('INVALID_OPTION', 'parts', parts, 'at least one { model, weight }');
  for (const [i, p] of parts.entries()) {
    if (p === null || typeof p !== 'object') throw new RecommendError('INVALID_OPTION', `parts[${i}]`, p, '{ model, weight }');
    const model = p.model as Partial<Recommender> | null;
    if (model === null || typeof model !== 'object' || typeof model.scoreAll !== 'function' || typeof model.explain !== 'function' || typeof model.similarItems !== 'function' || typeof model.name !== 'string') {
      throw new RecommendError('INVALID_OPTION', `parts[${i}].model`, p.model, 'a fitted Recommender (itemKnn(matrix), fitRecommender(kind, data), ...)');
    }
    checkMatrix(model.matrix, `parts[${i}].model.matrix`);
    if (!(typeof p.weight === 'number' && Number.isFinite(p.weight) && p.weight >= 0)) throw new RecommendError('INVALID_OPTION', `parts[${i}].weight`, p.weight, 'a finite number >= 0');
  }
  const matrix = parts[0]!.model.matrix;
  for (const [i, p] of parts.entries()) {
    const m = p.model.matrix;
    if (m.items.length !== matrix.items.length || m.customers.length !== matrix.customers.length || m.items.some((s: string, j: number) => s !== matrix.items[j]) || m.customers.some((c: string, r: number) => c !== matrix.customers[r])) {
      throw new RecommendError('INVALID_OPTION', `parts[${i}].model`, p.model.name, 'models fitted on matrices built from the same table');
    }
  }
  const n = matrix.items.length;
  const buffers = parts.map(() => new Float64Array(n));
  const partScores = (id: string, history: readonly number[]) => {
    const h = history.map((j) => matrix.items[j]!);
    parts.forEach((p, t) => {
      const b = buffers[t]!;
      b.fill(0);
      const { scores, source } = p.model.scoreAll(id, { history: h });
      if (source !== 'popularity') for (let j = 0; j < n; j++) if (scores[j]! > 0) b[j] = scores[j]!;
      let max = 0;
      for (let j = 0; j < n; j++) if (b[j]! > max) max = b[j]!;
      if (max > 0) for (let j = 0; j < n; j++) b[j]! /= max;
    });
  };
  // a customer id no matrix holds, so that parts fold in `history`
  const nobody = `\u0000hybrid-fold-in`;
  const blend = (out: Float64Array) =>
    parts.forEach((p, t) => {
      const b = buffers[t]!;
      for (let j = 0; j < n; j++) out[j]! += p.weight * b[j]!;
    });
  return makeRecommender(matrix, {
    name: `hybrid (${parts.map((p) => `${p.weight} x ${p.model.name}`).join(' + ')})`,
    spec: { kind: 'hybrid', options: {}, state: {}, parts },
    scoreUser(row, out) {
      partScores(matrix.customers[row]!, []);
      blend(out);
    },
    scoreItems(cols, _weights, out) {
      partScores(nobody, cols);
      blend(out);
    },
    explainUser(row, j, history) {
      partScores(row >= 0 ? matrix.customers[row]! : nobody, history);
      let best = 0;
      parts.forEach((p, t) => {
        if (p.weight * buffers[t]![j]! > parts[best]!.weight * buffers[best]![j]!) best = t;
      });
      return parts[best]!.model.explain(row >= 0 ? matrix.customers[row]! : nobody, matrix.items[j]!, { history: history.map((i) => matrix.items[i]!) });
    },
    scoreItem(i, out) {
      parts.forEach((p) => {
        for (const r of p.model.similarItems(matrix.items[i]!, 50)) out[matrix.itemIndex.get(r.item)!]! += p.weight * r.score;
      });
    },
    explainItem: () => 'blended similarity',
  });
}

/** Internal: a hybrid from its restored parts, checked (weights >= 0, parts on the same customers and products). */
export function restoreHybrid(saved: SavedModel): Recommender {
  const r = savedModelReader(saved);
  r.only([], [], 'any');
  const parts: readonly SavedPart[] = Array.isArray(saved.parts) ? saved.parts : [];
  if (parts.length === 0) r.fail('parts', parts.length, 'at least one part');
  const { customers, items } = saved.matrix;
  parts.forEach((p, i) => {
    if (!(typeof p.weight === 'number' && Number.isFinite(p.weight) && p.weight >= 0)) r.fail(`parts[${i}].weight`, p.weight, 'a finite number >= 0');
    const m = p.model.matrix;
    if (m.customers.length !== customers.length || m.items.length !== items.length || m.items.some((s, j) => s !== items[j]) || m.customers.some((c, u) => c !== customers[u])) {
      r.fail(`parts[${i}]`, p.model.name, "a model fitted on the hybrid's customers and products");
    }
  });
  return hybrid(parts);
}
