import { MetricsError } from './errors.js';
import { checkK } from './ranking.js';
import type { Item } from './ranking.js';

function topSets(rankings: readonly ArrayLike<Item>[], k: number): Item[][] {
  checkK(k);
  if (!Array.isArray(rankings)) throw new MetricsError('INVALID_RANKING', 'rankings', typeof rankings, 'an array of rankings');
  return rankings.map((r) => [...new Set<Item>(Array.from<Item>(r).slice(0, k))]);
}

/**
 * Catalogue coverage: the share of the catalogue that appears in at least one user's top K
 * (recmetrics `prediction_coverage`, as a fraction rather than a percentage). O(users x K).
 *
 * @param rankings - one ranking per user
 * @param catalogueSize - the number of items that could be recommended
 * @param k - the cut-off
 * @returns the share in [0, 1]
 * @throws {@link MetricsError} `INVALID_OPTION` when the catalogue size is not a positive integer
 * @example
 * ```ts
 * catalogueCoverage([['a', 'b'], ['a', 'c']], 10, 2);
 * // => 0.3
 * ```
 */
export function catalogueCoverage(rankings: readonly ArrayLike<Item>[], catalogueSize: number, k: number): number {
  if (!Number.isInteger(catalogueSize) || catalogueSize < 1) throw new MetricsError('INVALID_OPTION', 'catalogueSize', catalogueSize, 'a positive integer');
  const seen = new Set<Item>();
  for (const top of topSets(rankings, k)) for (const item of top) seen.add(item);
  return Math.min(1, seen.size / catalogueSize);
}

/**
 * Novelty: the mean over users of the mean self-information `-log2(popularity(i) / users)` of the
 * items in their top K (Zhou et al. 2010, as recmetrics `novelty`, per list length rather than a
 * fixed n). Items never seen in training count as popularity 1. Higher means less popular items.
 *
 * @param rankings - one ranking per user
 * @param popularity - how many training users interacted with each item
 * @param users - the number of training users
 * @param k - the cut-off
 * @returns bits of self-information (NaN when every list is empty)
 * @throws {@link MetricsError} `INVALID_OPTION` when `users` is not a positive integer
 * @example
 * ```ts
 * novelty([['a']], new Map([['a', 25]]), 100, 1);
 * // => 2
 * ```
 */
export function novelty(rankings: readonly ArrayLike<Item>[], popularity: ReadonlyMap<Item, number>, users: number, k: number): number {
  if (!Number.isInteger(users) || users < 1) throw new MetricsError('INVALID_OPTION', 'users', users, 'a positive integer');
  let total = 0;
  let lists = 0;
  for (const top of topSets(rankings, k)) {
    if (top.length === 0) continue;
    let s = 0;
    for (const item of top) s += -Math.log2(Math.max(1, popularity.get(item) ?? 0) / users);
    total += s / top.length;
    lists++;
  }
  return lists === 0 ? NaN : total / lists;
}

/**
 * Personalisation: 1 - the mean cosine similarity between the top-K sets of every pair of users
 * (recmetrics `personalization`): 0 when everyone gets the same list, near 1 when lists do not
 * overlap. Computed from item counts, O(users x K), not over pairs, so a million users are fine.
 *
 * @param rankings - one ranking per user (at least 2)
 * @param k - the cut-off
 * @returns the score in [0, 1]
 * @throws {@link MetricsError} `INVALID_OPTION` for fewer than 2 users
 * @example
 * ```ts
 * personalisation([['a', 'b'], ['a', 'c']], 2);
 * // => 0.5
 * ```
 */
export function personalisation(rankings: readonly ArrayLike<Item>[], k: number): number {
  const tops = topSets(rankings, k).filter((t) => t.length > 0);
  const n = tops.length;
  if (n < 2) throw new MetricsError('INVALID_OPTION', 'rankings', `${n} non-empty rankings`, 'at least 2');
  // Sum over pairs of |A n B| / sqrt(|A||B|) = sum over items of ((sum w)^2 - sum w^2) / 2, w = 1/sqrt|A|.
  const sum = new Map<Item, number>();
  const sumSq = new Map<Item, number>();
  for (const top of tops) {
    const w = 1 / Math.sqrt(top.length);
    for (const item of top) {
      sum.set(item, (sum.get(item) ?? 0) + w);
      sumSq.set(item, (sumSq.get(item) ?? 0) + w * w);
    }
  }
  let pairSimilarity = 0;
  for (const [item, s] of sum) pairSimilarity += (s * s - sumSq.get(item)!) / 2;
  return 1 - pairSimilarity / ((n * (n - 1)) / 2);
}

/**
 * Intra-list similarity: the mean over users of the mean similarity between the pairs of items in
 * their top K (recmetrics `intra_list_similarity`, with any similarity function); lists shorter than
 * 2 are left out. Lower means more diverse lists. O(users x K^2).
 *
 * @param rankings - one ranking per user
 * @param similarity - similarity of two items (e.g. cosine of their descriptions)
 * @param k - the cut-off
 * @returns the mean similarity (NaN when no list has 2 items)
 * @example
 * ```ts
 * intraListSimilarity([['a', 'b', 'c']], (x, y) => (x === 'a' || y === 'a' ? 1 : 0), 3);
 * // => 0.6667
 * ```
 */
export function intraListSimilarity(rankings: readonly ArrayLike<Item>[], similarity: (a: Item, b: Item) => number, k: number): number {
  let total = 0;
  let lists = 0;
  for (const top of topSets(rankings, k)) {
    if (top.length < 2) continue;
    let s = 0;
    let pairs = 0;
    for (let i = 0; i < top.length; i++) {
      for (let j = i + 1; j < top.length; j++) {
        s += similarity(top[i]!, top[j]!);
        pairs++;
      }
    }
    total += s / pairs;
    lists++;
  }
  return lists === 0 ? NaN : total / lists;
}
