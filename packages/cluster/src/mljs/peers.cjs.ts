/**
 * The CommonJS twin of `peers.ts` (CommonJS has no top-level await): the optional peer dependencies
 * are loaded with `require` when the subpath is required. ml-kmeans 7 and ml-hclust 4 are ES
 * modules: `require` loads them on Node >= 20.19 (on older Node, import this subpath from ESM).
 * @internal
 */
import type { Loaded, MlHclustModule, MlKmeansModule } from './types.js';

declare const require: (id: string) => unknown;

function load<T>(importer: () => unknown): Loaded<T> {
  try {
    return { module: importer() as T };
  } catch (error) {
    return { error };
  }
}

/** The loaded modules, or why they could not be loaded. */
export const peers: { readonly kmeans: Loaded<MlKmeansModule>; readonly hclust: Loaded<MlHclustModule> } = {
  kmeans: load<MlKmeansModule>(() => require('ml-kmeans')),
  hclust: load<MlHclustModule>(() => require('ml-hclust')),
};

export { load as loadPeer };
