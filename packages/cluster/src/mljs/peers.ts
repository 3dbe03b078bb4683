/**
 * The optional peer dependencies of `@shopper-spectrum/cluster/mljs` in the ES module build for
 * Node (and other runtimes with top-level await): loaded once when the subpath is imported, so the
 * adapters are ready as soon as the import is. A missing one is recorded, not thrown: the adapter
 * that needs it throws `MISSING_DEPENDENCY` when it is created.
 *
 * Each peer is its own `import('...')` of a string literal with its own rejection handler, so a
 * bundler that meets this file (esbuild, for Node) bundles the peers that are installed and leaves
 * a missing one to fail at run time. Bundles for the browser get `peers.browser.ts` instead (no
 * top-level await), the CommonJS build `peers.cjs.ts` (see tsup.config.ts).
 * @internal
 */
import type { Loaded, MlHclustModule, MlKmeansModule, Peers } from './types.js';

// The handlers sit on the import() calls themselves: that is what tells a bundler the failure is handled.
const [kmeans, hclust] = await Promise.all([
  import('ml-kmeans').then(
    (module): Loaded<MlKmeansModule> => ({ module: module as unknown as MlKmeansModule }),
    (error: unknown): Loaded<MlKmeansModule> => ({ error }),
  ),
  import('ml-hclust').then(
    (module): Loaded<MlHclustModule> => ({ module: module as unknown as MlHclustModule }),
    (error: unknown): Loaded<MlHclustModule> => ({ error }),
  ),
]);

/** The loaded modules, or why they could not be loaded. */
export const peers: Peers = { kmeans, hclust, ready: Promise.resolve() };
