import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tsup';

// Only the declarations: the packages bundle this package's code from its sources, and inline
// these types into their own .d.ts (see tsup.config.base.ts). Paths are absolute so that a
// package's prepack can run this config from its own folder.
export default defineConfig({
  entry: [fileURLToPath(new URL('./src/index.ts', import.meta.url))],
  outDir: fileURLToPath(new URL('./dist', import.meta.url)),
  format: ['esm'],
  dts: { only: true },
  target: 'es2022',
  clean: true,
  tsconfig: fileURLToPath(new URL('../../tsconfig.base.json', import.meta.url)),
});
