import { defineConfig } from 'tsup';

/**
 * The `shopper-spectrum` command as plain JavaScript (ESM, Node 20): dist/cli.js is the bin and
 * dist/evaluateWorker.js the evaluation worker analyze starts (`new URL('./evaluateWorker.js',
 * import.meta.url)` from whichever chunk analyze lands in, all in dist/). Code splitting keeps each
 * command's modules (the analysis, vega, the server) in chunks that cli.js loads with import() only
 * when that command runs, so `--help` loads none of them. The dependencies (the @shopper-spectrum
 * packages, vega, fastify, ...) are imported from node_modules, not bundled.
 */
export default defineConfig({
  entry: { cli: 'src/cli.ts', evaluateWorker: 'src/evaluateWorker.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  splitting: true,
  clean: true,
  outDir: 'dist',
});
