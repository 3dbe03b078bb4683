/**
 * The CommonJS twin of `peers.ts` (CommonJS has no top-level await): the optional peer dependencies
 * are loaded with `require` when the subpath is required, each in its own `try` (so a bundler
 * leaves a missing one to fail at run time). ml-kmeans 7 and ml-hclust 4 are ES modules: `require`
 * loads them on Node >= 20.19 (and >= 22.12); on older Node it fails with `ERR_REQUIRE_ESM`, which
 * the adapters report as `MISSING_DEPENDENCY` with that advice.
 * @internal
 */
import type { Loaded, MlHclustModule, MlKmeansModule, Peers } from './types.js';

declare const require: (id: string) => unknown;

let kmeans: Loaded<MlKmeansModule>;
try {
  kmeans = { module: require('ml-kmeans') as MlKmeansModule };
} catch (error) {
  kmeans = { error };
}
let hclust: Loaded<MlHclustModule>;
try {
  hclust = { module: require('ml-hclust') as MlHclustModule };
} catch (error) {
  hclust = { error };
}

/** The loaded modules, or why they could not be loaded. */
export const peers: Peers = { kmeans, hclust, ready: Promise.resolve() };
