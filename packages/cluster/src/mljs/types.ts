/**
 * The slices of the ml-kmeans and ml-hclust APIs the adapters use, written here so that this
 * package's types do not depend on the optional packages being installed.
 * @internal
 */

/** A peer dependency: the module, or the error met loading it. */
export type Loaded<T> = { readonly module: T; readonly error?: undefined } | { readonly module?: undefined; readonly error: unknown };

/** ml-kmeans' `kmeans(data, K, options)` result. */
export interface MlKmeansResult {
  readonly clusters: number[];
  readonly centroids: number[][];
  readonly converged: boolean;
  readonly iterations: number;
}

/** What ml-kmeans (v7) exports. */
export interface MlKmeansModule {
  kmeans(data: number[][], K: number, options: { seed?: number; maxIterations?: number; tolerance?: number; initialization?: string | number[][] }): MlKmeansResult;
}

/** A node of ml-hclust's tree. */
export interface AgnesNode {
  readonly children: AgnesNode[];
  readonly height: number;
  readonly size: number;
  readonly index: number;
  readonly isLeaf: boolean;
}

/** What ml-hclust (v4) exports. */
export interface MlHclustModule {
  agnes<T>(data: T[], options: { method?: string; distanceFunction?: (a: T, b: T) => number }): AgnesNode;
}
