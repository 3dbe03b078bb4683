import { packageConfig } from '../../tsup.config.base.js';

// Two entries: the main one (no Node built-in: bundles for browsers) and ./node (worker threads for
// the dense kernels). Shared code goes into chunks in both formats, so the installed workers are
// the ones the main entry's EASE sees.
export default packageConfig({ entry: ['src/index.ts', 'src/node.ts'], splitting: true });
