/**
 * The optional peer dependencies of `@shopper-spectrum/cluster/mljs`, loaded once when the subpath
 * is imported (ES modules: top-level `await import`). A missing one is recorded, not thrown: the
 * adapter that needs it throws `MISSING_DEPENDENCY` when it is created. The CommonJS build swaps
 * this file for `peers.cjs.ts` (see tsup.config.ts).
 * @internal
 */
import type { Loaded, MlHclustModule, MlKmeansModule } from './types.js';

async function load<T>(importer: () => Promise<unknown>): Promise<Loaded<T>> {
  try {
    const mod = (await importer()) as T & { default?: T };
    return { module: mod };
  } catch (error) {
    return { error };
  }
}

/** The loaded modules, or why they could not be loaded. */
export const peers: { readonly kmeans: Loaded<MlKmeansModule>; readonly hclust: Loaded<MlHclustModule> } = {
  kmeans: await load<MlKmeansModule>(() => import('ml-kmeans')),
  hclust: await load<MlHclustModule>(() => import('ml-hclust')),
};

export { load as loadPeer };
