/**
 * The optional peer dependencies of `@shopper-spectrum/cluster/mljs` in the browser build: no
 * top-level await (a bundle in iife or CommonJS format could not have one), so the peers load
 * asynchronously, starting when the subpath is evaluated; `peers.ready` settles when both have
 * loaded or failed (`mljsReady()` waits for it). An adapter created before then throws
 * `MISSING_DEPENDENCY` saying to await `mljsReady()`.
 *
 * Each peer is its own `import('...')` of a string literal with its own rejection handler: the
 * user's bundler bundles the peers that are installed and leaves a missing one to fail at run time
 * (esbuild does not stop the build over it).
 * @internal
 */
import type { Loaded, MlHclustModule, MlKmeansModule, Peers } from './types.js';

const state: { kmeans: Loaded<MlKmeansModule>; hclust: Loaded<MlHclustModule>; ready: Promise<void> } = {
  kmeans: { pending: true },
  hclust: { pending: true },
  ready: Promise.resolve(),
};

state.ready = Promise.all([
  import('ml-kmeans').then(
    (module) => void (state.kmeans = { module: module as unknown as MlKmeansModule }),
    (error: unknown) => void (state.kmeans = { error }),
  ),
  import('ml-hclust').then(
    (module) => void (state.hclust = { module: module as unknown as MlHclustModule }),
    (error: unknown) => void (state.hclust = { error }),
  ),
]).then(() => undefined);

/** The loaded modules, why they could not be loaded, or pending (read at each adapter's creation). */
export const peers: Peers = state;
