import { RecommendError } from './errors.js';
import type { InteractionMatrix } from './interactions.js';

/** Item-item similarity measures, by name. */
export type ItemSimilarityName = 'cosine' | 'jaccard' | 'asymmetric-cosine' | 'lift' | 'rp3beta';

/** Options of {@link itemSimilarity}. */
export interface ItemSimilarityOptions {
  /**
   * The measure, from the co-occurrence C_ij = sum_u x_ui x_uj and the item norms:
   * `'cosine'` C_ij / (|i||j| + shrink); `'jaccard'` C_ij / (n_i + n_j - C_ij + shrink) on binary
   * counts; `'asymmetric-cosine'` C_ij / (|i|^(2 alpha) |j|^(2 (1 - alpha)) + shrink); `'lift'`
   * C_ij U / (n_i n_j) (association-rule lift); `'rp3beta'` the 3-step random-walk probability
   * item -> customer -> item divided by popularity_j ^ beta (Paudel et al. 2017).
   * @defaultValue `'cosine'`
   */
  readonly similarity?: ItemSimilarityName;
  /**
   * Shrinkage added to the denominator (damps pairs seen together only a few times).
   * @defaultValue `0`
   */
  readonly shrink?: number;
  /**
   * Neighbours kept per item (the most similar); `Infinity` keeps all.
   * @defaultValue `100`
   */
  readonly neighbours?: number;
  /**
   * Asymmetric cosine's alpha (0.5 = cosine).
   * @defaultValue `0.5`
   */
  readonly alpha?: number;
  /**
   * RP3beta's popularity penalty.
   * @defaultValue `0.5`
   */
  readonly beta?: number;
}

/**
 * A sparse item x item similarity (CSR; with a finite `neighbours`, each item's neighbours are sorted
 * by similarity; with `Infinity` they are in column order) plus each item's self-similarity.
 */
export interface ItemSimilarity {
  /** The measure. */
  readonly similarity: ItemSimilarityName;
  /** Row offsets (items + 1). */
  readonly indptr: Int32Array;
  /** Neighbour columns. */
  readonly indices: Int32Array;
  /** Similarities. */
  readonly data: Float64Array;
  /** Self-similarity of each item (1 for cosine without shrinkage). */
  readonly self: Float64Array;
  /** Co-occurrence counts (customers who bought both), aligned with `data`, for explanations. */
  readonly together: Int32Array;
}

/**
 * Item-item similarities from the sparse co-occurrence of the customer x product matrix, never a
 * dense pivot: for each item, the customers who bought it and their other items are walked once
 * (O(sum over customers of items^2) time, O(items) scratch), and only the `neighbours` most similar
 * are kept.
 *
 * @param matrix - the interactions
 * @param options - measure, shrinkage, neighbours, alpha, beta
 * @returns the pruned similarity
 * @throws {@link RecommendError} `INVALID_OPTION`
 * @example
 * ```ts
 * const sim = itemSimilarity(buildInteractions(train), { similarity: 'cosine', neighbours: 50 });
 * sim.indices.length;
 * ```
 */
export function itemSimilarity(matrix: InteractionMatrix, options: ItemSimilarityOptions = {}): ItemSimilarity {
  const similarity = options.similarity ?? 'cosine';
  if (!['cosine', 'jaccard', 'asymmetric-cosine', 'lift', 'rp3beta'].includes(similarity)) {
    throw new RecommendError('INVALID_OPTION', 'similarity', similarity, "'cosine', 'jaccard', 'asymmetric-cosine', 'lift' or 'rp3beta'");
  }
  const shrink = options.shrink ?? 0;
  const neighbours = options.neighbours ?? 100;
  const alpha = options.alpha ?? 0.5;
  const beta = options.beta ?? 0.5;
  if (!(shrink >= 0)) throw new RecommendError('INVALID_OPTION', 'shrink', shrink, 'a number >= 0');
  if (!(neighbours === Infinity || (Number.isInteger(neighbours) && neighbours >= 1))) throw new RecommendError('INVALID_OPTION', 'neighbours', neighbours, 'a positive integer or Infinity');
  if (!(alpha >= 0 && alpha <= 1)) throw new RecommendError('INVALID_OPTION', 'alpha', alpha, 'a number from 0 to 1');
  if (!(beta >= 0)) throw new RecommendError('INVALID_OPTION', 'beta', beta, 'a number >= 0');
  const { indptr, indices, data, itemIndptr, itemCustomers, itemData, popularity } = matrix;
  const nItems = matrix.items.length;
  const nUsers = matrix.customers.length;
  const norm2 = new Float64Array(nItems);
  for (let j = 0; j < nItems; j++) for (let p = itemIndptr[j]!; p < itemIndptr[j + 1]!; p++) norm2[j]! += itemData[p]! ** 2;
  const userDegree = new Float64Array(nUsers);
  for (let u = 0; u < nUsers; u++) for (let p = indptr[u]!; p < indptr[u + 1]!; p++) userDegree[u]! += data[p]!;
  const itemDegree = new Float64Array(nItems);
  for (let j = 0; j < nItems; j++) for (let p = itemIndptr[j]!; p < itemIndptr[j + 1]!; p++) itemDegree[j]! += itemData[p]!;

  const acc = new Float64Array(nItems);
  const cnt = new Int32Array(nItems);
  const touched = new Int32Array(nItems);
  const outIndptr = new Int32Array(nItems + 1);
  // growable typed buffers: a plain array of every pair would hit V8's array size limit on large catalogues
  let cap = 1 << 16;
  let outIndices = new Int32Array(cap);
  let outData = new Float64Array(cap);
  let outTogether = new Int32Array(cap);
  let len = 0;
  const push = (j: number, v: number, c: number) => {
    if (len === cap) {
      cap *= 2;
      const grow = <T extends Int32Array | Float64Array>(a: T, b: T) => (b.set(a), b);
      outIndices = grow(outIndices, new Int32Array(cap));
      outData = grow(outData, new Float64Array(cap));
      outTogether = grow(outTogether, new Int32Array(cap));
    }
    outIndices[len] = j;
    outData[len] = v;
    outTogether[len++] = c;
  };
  const self = new Float64Array(nItems);
  const value = (i: number, j: number, c: number): number => {
    switch (similarity) {
      case 'cosine':
        return c / (Math.sqrt(norm2[i]! * norm2[j]!) + shrink);
      case 'jaccard':
        return cnt[j]! / (popularity[i]! + popularity[j]! - cnt[j]! + shrink);
      case 'asymmetric-cosine':
        return c / (norm2[i]! ** alpha * norm2[j]! ** (1 - alpha) + shrink);
      case 'lift':
        return (cnt[j]! * nUsers) / (popularity[i]! * popularity[j]! + shrink);
      default:
        // rp3beta: acc already holds sum_u P(i->u) P(u->j)
        return c / (itemDegree[j]! ** beta + shrink);
    }
  };
  for (let i = 0; i < nItems; i++) {
    let nTouched = 0;
    for (let p = itemIndptr[i]!; p < itemIndptr[i + 1]!; p++) {
      const u = itemCustomers[p]!;
      const xi = itemData[p]!;
      const wi = similarity === 'rp3beta' ? xi / itemDegree[i]! / userDegree[u]! : xi;
      for (let q = indptr[u]!; q < indptr[u + 1]!; q++) {
        const j = indices[q]!;
        if (cnt[j] === 0) touched[nTouched++] = j;
        acc[j]! += wi * data[q]!;
        cnt[j]!++;
      }
    }
    const candidates: number[] = [];
    for (let t = 0; t < nTouched; t++) {
      const j = touched[t]!;
      const s = value(i, j, acc[j]!);
      if (j === i) self[i] = s;
      else if (s > 0) candidates.push(j);
      acc[j] = s; // reuse acc as the similarity
    }
    if (neighbours !== Infinity) {
      if (candidates.length > neighbours) {
        selectTop(candidates, neighbours, acc);
        candidates.length = neighbours;
      }
      candidates.sort((a, b) => acc[b]! - acc[a]! || a - b);
    }
    for (const j of candidates) push(j, acc[j]!, cnt[j]!);
    outIndptr[i + 1] = len;
    for (let t = 0; t < nTouched; t++) {
      acc[touched[t]!] = 0;
      cnt[touched[t]!] = 0;
    }
  }
  return { similarity, indptr: outIndptr, indices: outIndices.slice(0, len), data: outData.slice(0, len), self, together: outTogether.slice(0, len) };
}

/**
 * Reorders `items` so that its first `k` are the best by `value` (higher, then the smaller index):
 * Hoare-style quickselect, O(n) on average, instead of sorting every candidate.
 */
function selectTop(items: number[], k: number, value: Float64Array): void {
  const better = (a: number, b: number) => value[a]! > value[b]! || (value[a] === value[b] && a < b);
  let lo = 0;
  let hi = items.length - 1;
  while (lo < hi) {
    const pivot = items[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (better(items[i]!, pivot)) i++;
      while (better(pivot, items[j]!)) j--;
      if (i <= j) {
        [items[i], items[j]] = [items[j]!, items[i]!];
        i++;
        j--;
      }
    }
    if (k - 1 <= j) hi = j;
    else if (k - 1 >= i) lo = i;
    else return;
  }
}

/** The arrays of a similarity, for saving. */
export const similarityState = (s: ItemSimilarity): Record<string, unknown> => ({ similarity: s.similarity, indptr: s.indptr, indices: s.indices, data: s.data, self: s.self, together: s.together });

/** A similarity from saved arrays. */
export const restoreSimilarity = (state: Record<string, unknown>): ItemSimilarity => state as unknown as ItemSimilarity;

/** Internal: a value computed on first use, then kept. */
export function lazyValue<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/** Internal: the default co-purchase similarity of a model's `similarItems` (cosine, 100 neighbours), made on first use. */
export const lazySimilarity = (matrix: InteractionMatrix): (() => ItemSimilarity) => lazyValue(() => itemSimilarity(matrix, { similarity: 'cosine', neighbours: 100 }));
