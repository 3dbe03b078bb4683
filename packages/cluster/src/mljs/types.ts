/**
 * The slices of the ml-kmeans and ml-hclust APIs the adapters use, written here so that this
 * package's types do not depend on the optional packages being installed.
 * @internal
 */

/**
 * A peer dependency: the module, the error met loading it, or (in the browser build, where peers
 * load asynchronously) not settled yet.
 */
export type Loaded<T> =
  | { readonly module: T; readonly error?: undefined; readonly pending?: undefined }
  | { readonly module?: undefined; readonly error: unknown; readonly pending?: undefined }
  | { readonly module?: undefined; readonly error?: undefined; readonly pending: true };

/** The optional peers as a build loads them, and when they have all settled. */
export interface Peers {
  /** ml-kmeans. */
  readonly kmeans: Loaded<MlKmeansModule>;
  /** ml-hclust. */
  readonly hclust: Loaded<MlHclustModule>;
  /** Settles (never rejects) once both are loaded or failed. */
  readonly ready: Promise<void>;
}

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
  agnes<T>(data: T[], options: { method?: string; distanceFunction?: (a: T, b: T) => number; isDistanceMatrix?: boolean }): AgnesNode;
}
