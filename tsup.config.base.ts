import { defineConfig } from 'tsup';
import type { Options } from 'tsup';

/** The build every package shares: ESM + CJS with declarations, from src/index.ts. */
export function packageConfig(overrides: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    ...overrides,
  });
}
