import { dirname, join } from 'node:path';
import type { Plugin } from 'esbuild';
import { packageConfig } from '../../tsup.config.base.js';

/**
 * The CommonJS build of the mljs subpath loads its optional peers with `require` (CommonJS has no
 * top-level await): `./mljs/peers.js` resolves to `peers.cjs.ts` there.
 */
export const cjsPeers: Plugin = {
  name: 'mljs-cjs-peers',
  setup(build) {
    if (build.initialOptions.format !== 'cjs') return;
    build.onResolve({ filter: /^\.\/mljs\/peers\.js$/ }, (args) => ({ path: join(dirname(args.importer), 'mljs', 'peers.cjs.ts') }));
  },
};

// Two entries: the main one and ./mljs (the ml-kmeans / ml-hclust adapters). The subpath imports
// the main entry by package name (external), so both share one copy of ClusterError and friends;
// the mljs libraries are optional peers, never bundled.
export default packageConfig({
  entry: ['src/index.ts', 'src/mljs.ts'],
  external: ['@shopper-spectrum/cluster', 'ml-kmeans', 'ml-hclust', 'ml-matrix'],
  esbuildPlugins: [cjsPeers],
});
