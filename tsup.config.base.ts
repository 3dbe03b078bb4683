import { defineConfig } from 'tsup';
import type { Options } from 'tsup';

/**
 * The build every package shares: ESM + CJS with declarations. The private internal package
 * (errors, random generator, top-k, quantile) is bundled into each package, code and types, so
 * users install no extra runtime dependency. Source maps embed their sources (`src/` is not
 * published).
 */
export function packageConfig(overrides: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: { resolve: ['@shopper-spectrum/internal'] },
    sourcemap: true,
    clean: true,
    target: 'es2022',
    noExternal: ['@shopper-spectrum/internal'],
    ...overrides,
  });
}
