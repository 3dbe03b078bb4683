import { packageConfig } from '../../tsup.config.base.js';

// Two entries: the main one (no Node built-in: bundles for browsers) and ./node (file loading).
// Shared code goes into chunks in both formats, so CoreError is one class whichever entry threw it.
// exceljs is an optional peer dependency, loaded only for XLSX files.
export default packageConfig({ entry: ['src/index.ts', 'src/node.ts'], splitting: true, external: ['exceljs'] });
