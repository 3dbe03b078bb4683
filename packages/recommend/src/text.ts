import { optionsObject } from './checks.js';
import { argumentHint } from './checkMatrix.js';
import { RecommendError } from './errors.js';

/**
 * English stop words left out of TF-IDF terms and name searches (scikit-learn's list, cut to the
 * words that occur in product descriptions, plus none of the product nouns).
 *
 * @example
 * ```ts
 * STOP_WORDS.has('of');
 * // => true
 * ```
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  'a about above after again all am an and any are as at be been before being below between both but by can could did do does doing down during each few for from further had has have having he her here hers him his how i if in into is it its itself just me more most my no nor not now of off on once only or other our out over own same she should so some such than that the their them then there these they this those through to too under until up very was we were what when where which while who whom why will with would you your'.split(' '),
);

/** Options of the TF-IDF text index. */
export interface TextIndexOptions {
  /**
   * Add adjacent-word pairs ("hanging heart") as terms, after stop words are removed (as
   * scikit-learn's `ngram_range=(1, 2)`).
   * @defaultValue {@link TEXT_INDEX_DEFAULTS | TEXT_INDEX_DEFAULTS.bigrams}
   */
  readonly bigrams?: boolean;
  /**
   * Words left out.
   * @defaultValue {@link TEXT_INDEX_DEFAULTS | TEXT_INDEX_DEFAULTS.stopWords} ({@link STOP_WORDS})
   */
  readonly stopWords?: ReadonlySet<string>;
}

/**
 * The defaults of the TF-IDF text index (and of content-based filtering): single words, English
 * stop words left out.
 *
 * @example
 * ```ts
 * [TEXT_INDEX_DEFAULTS.bigrams, TEXT_INDEX_DEFAULTS.stopWords === STOP_WORDS];
 * // => [false, true]
 * ```
 */
export const TEXT_INDEX_DEFAULTS: Readonly<{ bigrams: boolean; stopWords: ReadonlySet<string> }> = Object.freeze({ bigrams: false, stopWords: STOP_WORDS });

/**
 * TF-IDF vectors of product descriptions: a sparse products x terms matrix (rows L2-normalised),
 * its vocabulary and the inverted lists (term -> products).
 */
export interface TextIndex {
  /** Terms by index. */
  readonly vocabulary: readonly string[];
  /** Inverse document frequency per term: ln((1 + n) / (1 + df)) + 1 (scikit-learn's smooth idf). */
  readonly idf: Float64Array;
  /** Row offsets (products + 1). */
  readonly indptr: Int32Array;
  /** Term indices per product, ascending. */
  readonly terms: Int32Array;
  /** TF-IDF weights aligned with `terms` (each product's row has unit length, or is empty). */
  readonly weights: Float64Array;
  /** Inverted list offsets (terms + 1). */
  readonly postingsIndptr: Int32Array;
  /** Products per term. */
  readonly postings: Int32Array;
  /** Weights aligned with `postings`. */
  readonly postingWeights: Float64Array;
}

/**
 * Splits a description into lower-case words (letters and digits), leaving out stop words and
 * one-letter words; with `bigrams`, adds the adjacent pairs of what is left.
 *
 * @param text - a product description or a query
 * @param options - bigrams and stop words
 * @returns the terms, in order (repeats kept: they are term frequencies)
 * @example
 * ```ts
 * tokenize('WHITE HANGING HEART T-LIGHT HOLDER', { bigrams: true });
 * // => ['white', 'hanging', 'heart', 'light', 'holder', 'white hanging', 'hanging heart', 'heart light', 'light holder']
 * ```
 */
export function tokenize(text: string, options: TextIndexOptions = {}): string[] {
  const stop = options.stopWords ?? TEXT_INDEX_DEFAULTS.stopWords;
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !stop.has(w));
  if (!(options.bigrams ?? TEXT_INDEX_DEFAULTS.bigrams)) return words;
  const out = words.slice();
  for (let i = 0; i + 1 < words.length; i++) out.push(`${words[i]} ${words[i + 1]}`);
  return out;
}

/**
 * Builds the TF-IDF index of descriptions (raw term counts x smooth idf, rows L2-normalised, as
 * scikit-learn's `TfidfVectorizer` defaults). Products without a description get an empty row.
 * O(total words).
 *
 * @param descriptions - one description (or `null`) per product column
 * @param options - bigrams and stop words
 * @returns the index
 * @example
 * ```ts
 * buildTextIndex(['RED HEART', 'WHITE HEART', null]).vocabulary;
 * // => ['heart', 'red', 'white']
 * ```
 */
export function buildTextIndex(descriptions: readonly (string | null)[], options: TextIndexOptions = {}): TextIndex {
  const docs = descriptions.map((d) => (d === null ? [] : tokenize(d, options)));
  const vocab = [...new Set(docs.flat())].sort();
  const termOf = new Map(vocab.map((t, i) => [t, i]));
  const df = new Float64Array(vocab.length);
  const rows = docs.map((words) => {
    const tf = new Map<number, number>();
    for (const w of words) tf.set(termOf.get(w)!, (tf.get(termOf.get(w)!) ?? 0) + 1);
    for (const t of tf.keys()) df[t]!++;
    return [...tf.entries()].sort((a, b) => a[0] - b[0]);
  });
  const n = descriptions.length;
  const idf = df.map((d) => Math.log((1 + n) / (1 + d)) + 1);
  return textIndexFromRows(vocab, idf, rows);
}

/**
 * Completes a text index from its vocabulary, idf and per-product (term, count) rows: weights =
 * count x idf, L2-normalised, plus the inverted lists.
 *
 * @param vocabulary - the terms
 * @param idf - idf per term
 * @param rows - per product, (term index, term count) pairs sorted by term
 * @returns the index
 * @example
 * ```ts
 * textIndexFromRows(['heart'], Float64Array.of(1), [[[0, 2]]]).weights;
 * // => Float64Array [1]
 * ```
 */
export function textIndexFromRows(vocabulary: readonly string[], idf: Float64Array, rows: readonly (readonly (readonly [number, number])[])[]): TextIndex {
  const indptr = new Int32Array(rows.length + 1);
  rows.forEach((r, i) => (indptr[i + 1] = indptr[i]! + r.length));
  const terms = new Int32Array(indptr[rows.length]!);
  const weights = new Float64Array(terms.length);
  rows.forEach((r, i) => {
    let norm = 0;
    for (const [t, c] of r) norm += (c * idf[t]!) ** 2;
    norm = Math.sqrt(norm);
    r.forEach(([t, c], q) => {
      terms[indptr[i]! + q] = t;
      weights[indptr[i]! + q] = (c * idf[t]!) / norm;
    });
  });
  return withPostings({ vocabulary, idf, indptr, terms, weights });
}

/**
 * Adds the inverted lists to the stored arrays of a text index (used when a saved model loads).
 *
 * @param stored - vocabulary, idf and the products x terms CSR
 * @returns the full index
 * @example
 * ```ts
 * withPostings({ vocabulary: ['heart'], idf: Float64Array.of(1), indptr: Int32Array.of(0, 1), terms: Int32Array.of(0), weights: Float64Array.of(1) }).postings;
 * // => Int32Array [0]
 * ```
 */
export function withPostings(stored: Pick<TextIndex, 'vocabulary' | 'idf' | 'indptr' | 'terms' | 'weights'>): TextIndex {
  const { vocabulary, indptr, terms, weights } = stored;
  const postingsIndptr = new Int32Array(vocabulary.length + 1);
  for (let q = 0; q < terms.length; q++) postingsIndptr[terms[q]! + 1]!++;
  for (let t = 0; t < vocabulary.length; t++) postingsIndptr[t + 1]! += postingsIndptr[t]!;
  const fill = postingsIndptr.slice(0, vocabulary.length);
  const postings = new Int32Array(terms.length);
  const postingWeights = new Float64Array(terms.length);
  for (let i = 0; i + 1 < indptr.length; i++) {
    for (let q = indptr[i]!; q < indptr[i + 1]!; q++) {
      const at = fill[terms[q]!]!++;
      postings[at] = i;
      postingWeights[at] = weights[q]!;
    }
  }
  return { ...stored, postingsIndptr, postings, postingWeights };
}

/**
 * Adds `scale x cosine(product i, every product)` into `out`, through the inverted lists:
 * O(sum over i's terms of their product counts).
 *
 * @param index - the text index
 * @param i - a product column
 * @param scale - the factor
 * @param out - one accumulator per product
 * @example
 * ```ts
 * const out = new Float64Array(3);
 * addTextSimilarities(buildTextIndex(['RED HEART', 'WHITE HEART', null]), 0, 1, out);
 * ```
 */
export function addTextSimilarities(index: TextIndex, i: number, scale: number, out: Float64Array): void {
  for (let q = index.indptr[i]!; q < index.indptr[i + 1]!; q++) {
    const t = index.terms[q]!;
    const w = scale * index.weights[q]!;
    for (let p = index.postingsIndptr[t]!; p < index.postingsIndptr[t + 1]!; p++) out[index.postings[p]!]! += w * index.postingWeights[p]!;
  }
}

/**
 * The terms two products share, heaviest first (for explanations).
 *
 * @param index - the text index
 * @param i - a product column
 * @param j - another product column
 * @param max - at most this many
 * @returns the shared terms
 * @example
 * ```ts
 * sharedTerms(buildTextIndex(['RED HEART', 'WHITE HEART']), 0, 1);
 * // => ['heart']
 * ```
 */
export function sharedTerms(index: TextIndex, i: number, j: number, max = 3): string[] {
  const shared: [string, number][] = [];
  let q = index.indptr[j]!;
  for (let p = index.indptr[i]!; p < index.indptr[i + 1]!; p++) {
    const t = index.terms[p]!;
    while (q < index.indptr[j + 1]! && index.terms[q]! < t) q++;
    if (q < index.indptr[j + 1]! && index.terms[q] === t) shared.push([index.vocabulary[t]!, index.weights[p]! * index.weights[q]!]);
  }
  return shared
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, max)
    .map(([t]) => t);
}

/** One product found by {@link findItems}. */
export interface ItemMatch {
  /** StockCode. */
  readonly item: string;
  /** Its description (or `null`). */
  readonly description: string | null;
  /** Match quality, 0..1 (1 = the StockCode itself or every query word found exactly). */
  readonly score: number;
  /** How it matched: `'stockCode'`, or the description words matched to the query's words. */
  readonly matched: readonly string[];
}

/** Options of {@link findItems}. */
export interface FindItemsOptions {
  /**
   * At most this many matches.
   * @defaultValue {@link FIND_ITEMS_DEFAULTS | FIND_ITEMS_DEFAULTS.limit}
   */
  readonly limit?: number;
}

/**
 * The defaults of {@link findItems}.
 *
 * @example
 * ```ts
 * FIND_ITEMS_DEFAULTS;
 * // => { limit: 10 }
 * ```
 */
export const FIND_ITEMS_DEFAULTS: Readonly<Required<FindItemsOptions>> = Object.freeze({ limit: 10 });

/** Optimal string alignment distance (Levenshtein plus adjacent swaps), giving up past `max`. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2 = new Int32Array(b.length + 1);
  let prev = Int32Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[b.length]!;
}

/** Typos tolerated in a query word of this length. */
const tolerance = (length: number) => (length <= 3 ? 0 : length <= 6 ? 1 : 2);

/** The searchable part of a matrix: StockCodes, descriptions and the popularity for ties. */
export interface Searchable {
  /** StockCodes by column. */
  readonly items: readonly string[];
  /** Descriptions by column. */
  readonly descriptions: readonly (string | null)[];
  /** Popularity by column (ties go to the more popular product). */
  readonly popularity: ArrayLike<number>;
}

const wordIndexes = new WeakMap<Searchable, { index: TextIndex; codes: Map<string, number> }>();

/** Checks a {@link Searchable}: items, descriptions and popularity, one per product. */
function checkSearchable(matrix: unknown): asserts matrix is Searchable {
  const m = matrix as Partial<Record<keyof Searchable, unknown>> | null;
  const n = m !== null && typeof m === 'object' && Array.isArray(m.items) ? m.items.length : -1;
  const fits = (v: unknown) => (Array.isArray(v) || ArrayBuffer.isView(v)) && (v as ArrayLike<unknown>).length === n;
  if (n < 0 || !fits(m!.descriptions) || !fits(m!.popularity)) {
    const hint = argumentHint(matrix, 'matrix');
    throw new RecommendError('INVALID_ARGUMENT', 'matrix', matrix, 'an InteractionMatrix (or items, descriptions and popularity, one per product)', hint ? { detail: hint } : {});
  }
}

/**
 * Finds products by StockCode or by name: the StockCode matches exactly (any case); otherwise every
 * query word is matched to the closest description word, case-insensitively, allowing typos (1 edit
 * for words of 4-6 letters, 2 from 7; swapped letters count as one) and unfinished words (a prefix of
 * 3 letters or more). A product scores the idf-weighted share of the query it matches, so rare words
 * count more; a product matching only some words still appears, after those matching all. Ties go to
 * the more popular product.
 *
 * @param matrix - the interaction matrix (or anything with items, descriptions and popularity)
 * @param query - a StockCode or words of a product name
 * @param options - the number of matches
 * @returns the matches, best first
 * @throws {@link RecommendError} `NOT_FOUND` when nothing matches, `INVALID_ARGUMENT` for an empty query
 * or a `matrix` without items, descriptions and popularity of one length
 * @example
 * ```ts
 * findItems(matrix, 'hanging hart holdr', { limit: 1 })[0].description;
 * // => 'WHITE HANGING HEART T-LIGHT HOLDER'
 * ```
 */
export function findItems(matrix: Searchable, query: string, options: FindItemsOptions = {}): ItemMatch[] {
  checkSearchable(matrix);
  options = optionsObject(options);
  if (typeof query !== 'string' || query.trim() === '') throw new RecommendError('INVALID_ARGUMENT', 'query', query, 'a StockCode or words of a product name');
  const limit = options.limit ?? FIND_ITEMS_DEFAULTS.limit;
  if (!Number.isInteger(limit) || limit < 1) throw new RecommendError('INVALID_OPTION', 'limit', limit, 'a positive integer');
  let cached = wordIndexes.get(matrix);
  if (!cached) {
    cached = { index: buildTextIndex(matrix.descriptions, { stopWords: new Set() }), codes: new Map(matrix.items.map((s, j) => [s.toUpperCase(), j])) };
    wordIndexes.set(matrix, cached);
  }
  const { index, codes } = cached;
  const q = query.trim();
  const exact = codes.get(q.toUpperCase());
  const out: ItemMatch[] = [];
  if (exact !== undefined) out.push({ item: matrix.items[exact]!, description: matrix.descriptions[exact] ?? null, score: 1, matched: ['stockCode'] });
  let words = tokenize(q);
  if (words.length === 0) words = tokenize(q, { stopWords: new Set() });
  const n = matrix.items.length;
  const score = new Float64Array(n);
  const matched = new Map<number, string[]>();
  let total = 0;
  for (const w of words) {
    // the best match quality of this query word per term
    const quality = new Map<number, number>();
    index.vocabulary.forEach((term, t) => {
      let qv = 0;
      if (term === w) qv = 1;
      else if (w.length >= 3 && term.startsWith(w)) qv = 0.9;
      else {
        const d = editDistance(w, term, tolerance(w.length));
        if (d <= tolerance(w.length)) qv = 1 - d / (w.length + 1);
      }
      if (qv > 0) quality.set(t, qv);
    });
    const maxIdf = Math.max(...index.idf);
    total += maxIdf;
    const best = new Map<number, [number, string]>();
    for (const [t, qv] of quality) {
      for (let p = index.postingsIndptr[t]!; p < index.postingsIndptr[t + 1]!; p++) {
        const j = index.postings[p]!;
        const v = qv * (0.5 + (0.5 * index.idf[t]!) / maxIdf);
        if (v > (best.get(j)?.[0] ?? 0)) best.set(j, [v, index.vocabulary[t]!]);
      }
    }
    for (const [j, [v, term]] of best) {
      score[j]! += v * maxIdf;
      if (!matched.has(j)) matched.set(j, []);
      matched.get(j)!.push(term);
    }
  }
  const found = [...matched.keys()].filter((j) => j !== exact);
  if (found.length === 0 && out.length === 0) throw new RecommendError('NOT_FOUND', 'query', query, 'a StockCode or a product name; no product matches these words, even allowing for typos');
  found.sort((a, b) => score[b]! - score[a]! || matrix.popularity[b]! - matrix.popularity[a]! || (matrix.items[a]! < matrix.items[b]! ? -1 : 1));
  for (const j of found) {
    if (out.length >= limit) break;
    out.push({ item: matrix.items[j]!, description: matrix.descriptions[j] ?? null, score: Math.min(1, score[j]! / total), matched: matched.get(j)! });
  }
  return out.slice(0, limit);
}

/**
 * One product for a StockCode or a name: the StockCode itself when it exists, else the best
 * {@link findItems} match.
 *
 * @param matrix - the interaction matrix
 * @param query - a StockCode or a product name
 * @returns the StockCode
 * @throws {@link RecommendError} `NOT_FOUND` when nothing matches
 * @example
 * ```ts
 * resolveItem(matrix, 'white hanging heart');
 * // => '85123A'
 * ```
 */
export function resolveItem(matrix: Searchable, query: string): string {
  return findItems(matrix, query, { limit: 1 })[0]!.item;
}
