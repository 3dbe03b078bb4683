import { packageConfig } from '../../tsup.config.base.js';

// Two entries: the main one (no Node built-in: bundles for browsers) and ./node (file loading).
// Shared code goes into chunks in both formats, so CoreError is one class whichever entry threw it.
// exceljs is an optional peer dependency, loaded only for XLSX files. date-fns is bundled (the few
// functions parseDate uses): importing the package from node_modules loads some 600 modules, about
// 0.4 s of every CLI start.
export default packageConfig({ entry: ['src/index.ts', 'src/node.ts'], splitting: true, external: ['exceljs'], noExternal: ['@shopper-spectrum/internal', 'date-fns', '@date-fns/utc'] });
