import { ClusterError } from '../errors.js';
import type { LanceWilliams } from '../linkages.js';
import { condensed } from './pairwise.js';
import type { RawMerges } from './tree.js';

/**
 * A binary min-heap of values keyed 0..n-1 with `changeValue`, as scipy's `Heap` (same sift rules,
 * so ties resolve as scipy's do).
 */
class KeyedHeap {
  private readonly indexByKey: Int32Array;
  private readonly keyByIndex: Int32Array;
  private readonly values: Float64Array;
  private size: number;

  constructor(values: Float64Array) {
    this.size = values.length;
    this.indexByKey = Int32Array.from({ length: this.size }, (_, i) => i);
    this.keyByIndex = Int32Array.from({ length: this.size }, (_, i) => i);
    this.values = Float64Array.from(values);
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  minKey(): number {
    return this.keyByIndex[0]!;
  }

  minValue(): number {
    return this.values[0]!;
  }

  removeMin(): void {
    this.swap(0, this.size - 1);
    this.size--;
    this.siftDown(0);
  }

  changeValue(key: number, value: number): void {
    const index = this.indexByKey[key]!;
    const old = this.values[index]!;
    this.values[index] = value;
    if (value < old) this.siftUp(index);
    else this.siftDown(index);
  }

  private siftUp(index: number): void {
    let parent = (index - 1) >> 1;
    while (index > 0 && this.values[parent]! > this.values[index]!) {
      this.swap(index, parent);
      index = parent;
      parent = (index - 1) >> 1;
    }
  }

  private siftDown(index: number): void {
    let child = (index << 1) + 1;
    while (child < this.size) {
      if (child + 1 < this.size && this.values[child + 1]! < this.values[child]!) child++;
      if (this.values[index]! > this.values[child]!) {
        this.swap(index, child);
        index = child;
        child = (index << 1) + 1;
      } else break;
    }
  }

  private swap(i: number, j: number): void {
    const v = this.values[i]!;
    this.values[i] = this.values[j]!;
    this.values[j] = v;
    const ki = this.keyByIndex[i]!;
    const kj = this.keyByIndex[j]!;
    this.keyByIndex[i] = kj;
    this.keyByIndex[j] = ki;
    this.indexByKey[ki] = j;
    this.indexByKey[kj] = i;
  }
}

/**
 * Müllner's generic clustering algorithm ("Modern hierarchical, agglomerative clustering
 * algorithms", 2011, figure 3) as scipy's `fast_linkage` runs it: for each cluster a candidate
 * nearest neighbour among higher indices and a lower bound of its distance, kept in a heap; the
 * heap's minimum is recomputed until it is exact, then merged. Correct for any Lance-Williams update,
 * reducible or not (centroid, median, a user's function), because it always merges the globally
 * closest pair. O(n^2) memory (the condensed buffer, overwritten), O(n^2 log n) time in practice,
 * O(n^3) at worst.
 *
 * Merges are returned in the order they happen, with cluster ids (rows 0..n-1, merge j is n + j):
 * heights can decrease (inversions), so they are not sorted.
 */
export function genericLinkage(D: Float64Array, n: number, update: LanceWilliams, name: string): RawMerges {
  const size = new Int32Array(n).fill(1);
  const clusterId = Int32Array.from({ length: n }, (_, i) => i);
  const neighbor = new Int32Array(n - 1);
  const minDist = new Float64Array(n - 1);
  const outA = new Int32Array(n - 1);
  const outB = new Int32Array(n - 1);
  const outH = new Float64Array(n - 1);
  // nearest among higher indices: [index, distance]
  let foundY = -1;
  let foundD = Infinity;
  const findMin = (x: number): void => {
    foundY = -1;
    foundD = Infinity;
    for (let i = x + 1; i < n; i++) {
      if (size[i] === 0) continue;
      const v = D[condensed(n, x, i)]!;
      if (v < foundD) {
        foundD = v;
        foundY = i;
      }
    }
  };
  for (let x = 0; x < n - 1; x++) {
    findMin(x);
    neighbor[x] = foundY;
    minDist[x] = foundD;
  }
  const heap = new KeyedHeap(minDist);
  for (let k = 0; k < n - 1; k++) {
    let x = 0;
    let y = 0;
    let dist = 0;
    for (let i = 0; i < n - k; i++) {
      x = heap.minKey();
      dist = heap.minValue();
      y = neighbor[x]!;
      if (dist === D[condensed(n, x, y)]) break;
      findMin(x);
      y = foundY;
      dist = foundD;
      neighbor[x] = y;
      minDist[x] = dist;
      heap.changeValue(x, dist);
    }
    heap.removeMin();
    let idX = clusterId[x]!;
    let idY = clusterId[y]!;
    const nx = size[x]!;
    const ny = size[y]!;
    if (idX > idY) [idX, idY] = [idY, idX];
    outA[k] = idX;
    outB[k] = idY;
    outH[k] = dist;
    size[x] = 0;
    size[y] = nx + ny;
    clusterId[y] = n + k;
    for (let z = 0; z < n; z++) {
      const nz = size[z]!;
      if (nz === 0 || z === y) continue;
      const v = update(D[condensed(n, z, x)]!, D[condensed(n, z, y)]!, dist, nx, ny, nz);
      if (!(v >= 0 && v < Infinity)) {
        throw new ClusterError('INVALID_OPTION', 'linkage', `${name} returned ${String(v)} for (${D[condensed(n, z, x)]}, ${D[condensed(n, z, y)]}, ${dist}, ${nx}, ${ny}, ${nz})`, 'a Lance-Williams update returning finite distances >= 0');
      }
      D[condensed(n, z, y)] = v;
    }
    for (let z = 0; z < x; z++) if (size[z]! > 0 && neighbor[z] === x) neighbor[z] = y;
    for (let z = 0; z < y; z++) {
      if (size[z] === 0) continue;
      const v = D[condensed(n, z, y)]!;
      if (v < minDist[z]!) {
        neighbor[z] = y;
        minDist[z] = v;
        heap.changeValue(z, v);
      }
    }
    if (y < n - 1) {
      findMin(y);
      if (foundY !== -1) {
        neighbor[y] = foundY;
        minDist[y] = foundD;
        heap.changeValue(y, foundD);
      }
    }
  }
  return { a: outA, b: outB, h: outH, ordered: true };
}
