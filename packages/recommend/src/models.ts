import { RecommendError } from './errors.js';
import type { InteractionMatrix } from './interactions.js';
import { itemSimilarity } from './itemSimilarity.js';
import type { ItemSimilarityOptions } from './itemSimilarity.js';
import { makeRecommender } from './recommender.js';
import type { Recommender } from './recommender.js';

const name = (m: InteractionMatrix, j: number) => `${m.items[j]}${m.descriptions[j] ? ` (${m.descriptions[j]!.trim()})` : ''}`;

/**
 * Popularity: every customer gets the products bought by the most distinct customers (ties: the
 * smaller StockCode). The baseline to beat. O(items) per call.
 *
 * @param matrix - the interactions
 * @returns the recommender
 * @example
 * ```ts
 * popularity(buildInteractions(train)).recommend('12347', 3).map((r) => r.item);
 * ```
 */
export function popularity(matrix: InteractionMatrix): Recommender {
  const pop = matrix.popularity;
  return makeRecommender(matrix, {
    name: 'popularity',
    scoreUser: (_row, out) => out.set(Float64Array.from(pop)),
    explainUser: (_row, j) => `bought by ${pop[j]} customers`,
    scoreItem: (_i, out) => out.set(Float64Array.from(pop)),
    explainItem: (_i, j) => `bought by ${pop[j]} customers`,
  });
}

/**
 * Buy again: a customer's own products, by the matrix value (use `weight: 'invoices'` for "most
 * re-ordered first"; a time-decayed matrix favours recent purchases), then popularity to fill. The
 * baseline to beat when re-orders count; use it with `seen: 'allow'`. `similarItems` falls back to
 * co-purchase counts.
 *
 * @param matrix - the interactions
 * @returns the recommender
 * @example
 * ```ts
 * repeatPurchase(buildInteractions(train, { weight: 'invoices' })).recommend('12347', 5, { seen: 'allow' });
 * ```
 */
export function repeatPurchase(matrix: InteractionMatrix): Recommender {
  const co = itemSimilarity(matrix, { similarity: 'cosine', neighbours: 100 });
  return makeRecommender(matrix, {
    name: 'repeat-purchase',
    scoreUser(row, out) {
      for (let p = matrix.indptr[row]!; p < matrix.indptr[row + 1]!; p++) out[matrix.indices[p]!] = matrix.data[p]!;
    },
    explainUser: (row, j) => {
      let v = 0;
      for (let p = matrix.indptr[row]!; p < matrix.indptr[row + 1]!; p++) if (matrix.indices[p] === j) v = matrix.data[p]!;
      return `you bought it before (weight ${Number(v.toFixed(3))})`;
    },
    scoreItem(i, out) {
      for (let p = co.indptr[i]!; p < co.indptr[i + 1]!; p++) out[co.indices[p]!] = co.data[p]!;
    },
    explainItem: (i, j) => `often bought with ${name(matrix, i)}`,
  });
}

/** Options of {@link itemKnn}. */
export interface ItemKnnOptions extends ItemSimilarityOptions {
  /**
   * Count an item's similarity to itself when scoring a customer (the notebooks' item cosine does:
   * matters only when re-orders are allowed).
   * @defaultValue `true`
   */
  readonly selfSimilarity?: boolean;
}

/**
 * Item-based collaborative filtering: a product scores the sum, over the customer's products i, of
 * x_ui x sim(i, product), with sim from {@link itemSimilarity} (cosine by default, as the notebooks;
 * also Jaccard, asymmetric cosine, lift and RP3beta), pruned to the top neighbours. Explanations name
 * the customer's product that contributed most. Fit O(sum of squared basket sizes); recommend O(items
 * of the customer x neighbours + products).
 *
 * @param matrix - the interactions
 * @param options - similarity, shrinkage, neighbours, self-similarity
 * @returns the recommender
 * @example
 * ```ts
 * itemKnn(buildInteractions(train), { similarity: 'cosine', neighbours: 100 }).similarItems('85123A', 3);
 * ```
 */
export function itemKnn(matrix: InteractionMatrix, options: ItemKnnOptions = {}): Recommender {
  const sim = itemSimilarity(matrix, options);
  const useSelf = options.selfSimilarity ?? true;
  const label = `item-knn (${sim.similarity})`;
  return makeRecommender(matrix, {
    name: label,
    scoreUser(row, out) {
      for (let p = matrix.indptr[row]!; p < matrix.indptr[row + 1]!; p++) {
        const i = matrix.indices[p]!;
        const x = matrix.data[p]!;
        if (useSelf) out[i]! += x * sim.self[i]!;
        for (let q = sim.indptr[i]!; q < sim.indptr[i + 1]!; q++) out[sim.indices[q]!]! += x * sim.data[q]!;
      }
    },
    explainUser(row, j) {
      let best = -1;
      let bestV = 0;
      for (let p = matrix.indptr[row]!; p < matrix.indptr[row + 1]!; p++) {
        const i = matrix.indices[p]!;
        for (let q = sim.indptr[i]!; q < sim.indptr[i + 1]!; q++) {
          if (sim.indices[q] === j && matrix.data[p]! * sim.data[q]! > bestV) {
            bestV = matrix.data[p]! * sim.data[q]!;
            best = i;
          }
        }
      }
      return best < 0 ? 'you bought it before' : `similar to ${name(matrix, best)}, which you bought`;
    },
    scoreItem(i, out) {
      for (let q = sim.indptr[i]!; q < sim.indptr[i + 1]!; q++) out[sim.indices[q]!] = sim.data[q]!;
    },
    explainItem(i, j) {
      for (let q = sim.indptr[i]!; q < sim.indptr[i + 1]!; q++) if (sim.indices[q] === j) return `${sim.together[q]} customers bought both (${sim.similarity} ${sim.data[q]!.toFixed(3)})`;
      return sim.similarity;
    },
  });
}

/** Options of {@link userKnn}. */
export interface UserKnnOptions {
  /**
   * Most similar other customers used.
   * @defaultValue `50`
   */
  readonly neighbours?: number;
  /**
   * Shrinkage in the cosine denominator.
   * @defaultValue `0`
   */
  readonly shrink?: number;
}

/**
 * User-based collaborative filtering: the `neighbours` customers most similar to this one (cosine of
 * their rows), and a product scores the sum of their similarities over those who bought it.
 * Neighbours are found per call through the product x customer index, O(sum over the customer's
 * products of their buyers), so nothing customer x customer is stored.
 *
 * @param matrix - the interactions
 * @param options - neighbours and shrinkage
 * @returns the recommender
 * @example
 * ```ts
 * userKnn(buildInteractions(train), { neighbours: 50 }).recommend('12347', 5);
 * ```
 */
export function userKnn(matrix: InteractionMatrix, options: UserKnnOptions = {}): Recommender {
  const k = options.neighbours ?? 50;
  const shrink = options.shrink ?? 0;
  if (!Number.isInteger(k) || k < 1) throw new RecommendError('INVALID_OPTION', 'neighbours', k, 'a positive integer');
  if (!(shrink >= 0)) throw new RecommendError('INVALID_OPTION', 'shrink', shrink, 'a number >= 0');
  const nUsers = matrix.customers.length;
  const norm = new Float64Array(nUsers);
  for (let u = 0; u < nUsers; u++) {
    let s = 0;
    for (let p = matrix.indptr[u]!; p < matrix.indptr[u + 1]!; p++) s += matrix.data[p]! ** 2;
    norm[u] = Math.sqrt(s);
  }
  const acc = new Float64Array(nUsers);
  const touched = new Int32Array(nUsers);
  const neighboursOf = (row: number): { users: number[]; sims: number[] } => {
    let n = 0;
    for (let p = matrix.indptr[row]!; p < matrix.indptr[row + 1]!; p++) {
      const i = matrix.indices[p]!;
      const x = matrix.data[p]!;
      for (let q = matrix.itemIndptr[i]!; q < matrix.itemIndptr[i + 1]!; q++) {
        const v = matrix.itemCustomers[q]!;
        if (v === row) continue;
        if (acc[v] === 0) touched[n++] = v;
        acc[v]! += x * matrix.itemData[q]!;
      }
    }
    const cand: number[] = [];
    for (let t = 0; t < n; t++) {
      const v = touched[t]!;
      acc[v] = acc[v]! / (norm[row]! * norm[v]! + shrink);
      cand.push(v);
    }
    cand.sort((a, b) => acc[b]! - acc[a]! || a - b);
    const users = cand.slice(0, k);
    const sims = users.map((v) => acc[v]!);
    for (let t = 0; t < n; t++) acc[touched[t]!] = 0;
    return { users, sims };
  };
  const item = itemSimilarity(matrix, { similarity: 'cosine', neighbours: 100 });
  return makeRecommender(matrix, {
    name: `user-knn (${k} neighbours)`,
    scoreUser(row, out) {
      const { users, sims } = neighboursOf(row);
      users.forEach((v, t) => {
        for (let p = matrix.indptr[v]!; p < matrix.indptr[v + 1]!; p++) out[matrix.indices[p]!]! += sims[t]! * matrix.data[p]!;
      });
    },
    explainUser(row, j) {
      const { users } = neighboursOf(row);
      const buyers = users.filter((v) => {
        for (let p = matrix.indptr[v]!; p < matrix.indptr[v + 1]!; p++) if (matrix.indices[p] === j) return true;
        return false;
      }).length;
      return `${buyers} of the ${users.length} customers most like you bought it`;
    },
    scoreItem(i, out) {
      for (let q = item.indptr[i]!; q < item.indptr[i + 1]!; q++) out[item.indices[q]!] = item.data[q]!;
    },
    explainItem: (i, j) => `often bought with ${name(matrix, i)} (cosine)`,
  });
}

/** Options of {@link hybrid}. */
export interface HybridPart {
  /** A fitted recommender on the same customers and products. */
  readonly model: Recommender;
  /** Its weight in the blend. */
  readonly weight: number;
}

/**
 * Blends recommenders: each part's scores for the customer are scaled to a maximum of 1, then summed
 * with the weights. The explanation comes from the part that contributed most to the product.
 *
 * @param parts - the models and their weights (fitted on matrices from the same table)
 * @returns the recommender
 * @throws {@link RecommendError} `INVALID_OPTION` for no part, negative weights or different matrices
 * @example
 * ```ts
 * hybrid([{ model: repeat, weight: 1 }, { model: items, weight: 0.3 }]).recommend('12347', 5, { seen: 'allow' });
 * ```
 */
export function hybrid(parts: readonly HybridPart[]): Recommender {
  if (!Array.isArray(parts) || parts.length === 0) throw new RecommendError('INVALID_OPTION', 'parts', parts, 'at least one { model, weight }');
  const matrix = parts[0]!.model.matrix;
  for (const [i, p] of parts.entries()) {
    if (!(p.weight >= 0)) throw new RecommendError('INVALID_OPTION', `parts[${i}].weight`, p.weight, 'a number >= 0');
    const m = p.model.matrix;
    if (m.items.length !== matrix.items.length || m.customers.length !== matrix.customers.length || m.items[0] !== matrix.items[0]) {
      throw new RecommendError('INVALID_OPTION', `parts[${i}].model`, p.model.name, 'models fitted on matrices built from the same table');
    }
  }
  const n = matrix.items.length;
  const buffers = parts.map(() => new Float64Array(n));
  const partScores = (row: number) => {
    const id = matrix.customers[row]!;
    parts.forEach((p, t) => {
      const b = buffers[t]!;
      b.fill(0);
      // the full ranking of a part, with seen items allowed: scores through recommend() at k = n
      for (const r of p.model.recommend(id, n, { seen: 'allow', explain: false })) if (r.score > 0) b[p.model.matrix.itemIndex.get(r.item)!] = r.score;
      let max = 0;
      for (let j = 0; j < n; j++) if (b[j]! > max) max = b[j]!;
      if (max > 0) for (let j = 0; j < n; j++) b[j]! /= max;
    });
  };
  return makeRecommender(matrix, {
    name: `hybrid (${parts.map((p) => `${p.weight} x ${p.model.name}`).join(' + ')})`,
    scoreUser(row, out) {
      partScores(row);
      parts.forEach((p, t) => {
        const b = buffers[t]!;
        for (let j = 0; j < n; j++) out[j]! += p.weight * b[j]!;
      });
    },
    explainUser(row, j) {
      partScores(row);
      let best = 0;
      parts.forEach((p, t) => {
        if (p.weight * buffers[t]![j]! > parts[best]!.weight * buffers[best]![j]!) best = t;
      });
      return `mostly ${parts[best]!.model.name}`;
    },
    scoreItem(i, out) {
      parts.forEach((p) => {
        for (const r of p.model.similarItems(matrix.items[i]!, 50)) out[matrix.itemIndex.get(r.item)!]! += p.weight * r.score;
      });
    },
    explainItem: () => 'blended similarity',
  });
}
