import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { BuildOptions, Plugin } from 'esbuild';
import { packageConfig } from '../../tsup.config.base.js';

/** `./mljs/peers.js`, imported by src/mljs.ts, resolved to another loader of the optional peers. */
const peersAs = (name: string, file: string, format?: string): Plugin => ({
  name,
  setup(build) {
    // with splitting, tsup builds CommonJS through an ES module build: tell the formats apart by
    // the output extension too (.cjs)
    const built = build.initialOptions.format === 'cjs' || build.initialOptions.outExtension?.['.js'] === '.cjs' ? 'cjs' : build.initialOptions.format;
    if (format !== undefined && built !== format) return;
    build.onResolve({ filter: /^\.\/mljs\/peers\.js$/ }, (args) => ({ path: join(dirname(args.importer), 'mljs', file) }));
  },
});

/**
 * The CommonJS build of the mljs subpath loads its optional peers with `require` (CommonJS has no
 * top-level await): `./mljs/peers.js` resolves to `peers.cjs.ts` there.
 */
export const cjsPeers: Plugin = peersAs('mljs-cjs-peers', 'peers.cjs.ts', 'cjs');

/**
 * The browser build of the mljs subpath loads its optional peers without top-level await (a
 * bundle in iife format could not have one): `./mljs/peers.js` resolves to `peers.browser.ts`.
 */
export const browserPeers: Plugin = peersAs('mljs-browser-peers', 'peers.browser.ts');

const EXTERNAL = ['@shopper-spectrum/cluster', 'ml-kmeans', 'ml-hclust', 'ml-matrix'];

/**
 * The esbuild options of `dist/mljs.browser.js`, the `browser` condition of `./mljs`: src/mljs.ts
 * as an ES module with the browser peer loader, the main entry and the peers left external (the
 * user's bundler resolves them), the internal package bundled, as the tsup builds do.
 *
 * @param outfile - where to write it
 */
export function browserBuild(outfile: string, overrides: BuildOptions = {}): BuildOptions {
  return {
    entryPoints: [fileURLToPath(new URL('./src/mljs.ts', import.meta.url))],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    external: EXTERNAL,
    plugins: [browserPeers],
    sourcemap: true,
    logLevel: 'warning',
    ...overrides,
  };
}

// Three entries: the main one, ./node and ./mljs (the ml-kmeans / ml-hclust adapters). The subpath imports
// the main entry by package name (external), so both share one copy of ClusterError and friends;
// the mljs libraries are optional peers, never bundled. The subpath is built three ways: ESM for
// Node (top-level await), CommonJS (require), and ESM for browsers (dist/mljs.browser.js, made
// after the others).
// The Node entry (src/node.ts: silhouettes on worker threads) shares chunks with the main one
// (splitting), so ClusterError is one class whichever entry threw it.
export default packageConfig({
  entry: ['src/index.ts', 'src/mljs.ts', 'src/node.ts'],
  splitting: true,
  external: EXTERNAL,
  esbuildPlugins: [cjsPeers],
  onSuccess: async () => {
    await build(browserBuild(fileURLToPath(new URL('./dist/mljs.browser.js', import.meta.url))));
  },
});
